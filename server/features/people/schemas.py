"""Request and response models: delegations and participants."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from server.core.policy import Role
from server.web.schemas import (
    Code,
    Email,
    Input,
    Output,
    PersonName,
)


class DelegationIn(Input):
    code: Code
    name: PersonName
    kind: Literal["state", "group", "organisation"]
    members: Annotated[list[Code], Field(max_length=200)] = Field(default_factory=list)


class DelegationOut(Output):
    id: int
    code: str
    name: str
    kind: str
    members: list[str]


class ParticipantIn(Input):
    email: Email
    name: PersonName
    role: Role
    delegation: Code | None = None
    focal_point: bool = False
    password: Annotated[str, StringConstraints(min_length=10, max_length=1000)] | None = None


class ParticipantOut(Output):
    id: int
    user_id: int
    #: Hidden from observers.
    email: str | None
    name: str
    role: Role
    delegation: str | None
    focal_point: bool
    #: Shown once, when the account was created by this request without a password.
    initial_password: str | None = None
