"""Request and response models: sign-in, tokens and who is signed in."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from server.core.policy import Role
from server.web.schemas import (
    Input,
    Output,
    TokenName,
    clean_text,
)


class LoginIn(Input):
    email: Annotated[str, StringConstraints(min_length=3, max_length=254),
                     AfterValidator(clean_text)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class TokenIn(Input):
    name: TokenName


class TokenRevokeIn(Input):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TokenOut(Output):
    token: str
    name: str


class UserOut(Output):
    id: int
    email: str
    name: str
    is_admin: bool


class MembershipOut(Output):
    process_id: int
    role: Role
    delegation: str | None
    focal_point: bool


class MeOut(Output):
    user: UserOut
    memberships: list[MembershipOut]
