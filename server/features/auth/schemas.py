"""Request and response models: sign-in, sessions, tokens, passwords and who is signed in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from server.core.policy import AccountAction, Role
from server.web.schemas import (
    Email,
    Input,
    Output,
    PersonName,
    TokenName,
    clean_text,
)

#: What a person types as a password (the length rule is checked by the service, in words).
Password = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
#: A token from a link sent by e-mail.
LinkToken = Annotated[str, StringConstraints(min_length=20, max_length=100,
                                             pattern=r"^[A-Za-z0-9_-]+$")]


class LoginIn(Input):
    email: Annotated[str, StringConstraints(min_length=3, max_length=254),
                     AfterValidator(clean_text)]
    password: Password


class TokenIn(Input):
    name: TokenName


class TokenRevokeIn(Input):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TokenOut(Output):
    """A new token: the only time the token itself is shown."""

    id: int
    token: str
    name: str
    expires_at: datetime


class TokenListedOut(Output):
    """One of your tokens, without the token."""

    id: int
    name: str
    created_at: datetime
    expires_at: datetime


class SessionOut(Output):
    """One of your browser sessions."""

    id: int
    created_at: datetime
    expires_at: datetime
    address: str | None
    agent: str | None
    #: The session this request came with.
    current: bool


class PasswordChangeIn(Input):
    current_password: Password
    new_password: Password


class PasswordResetIn(Input):
    email: Email


class PasswordResetCompleteIn(Input):
    token: LinkToken
    password: Password


class SignedOutOut(Output):
    sessions_ended: int
    tokens_revoked: int


#: A language Accord's interface speaks (server/core/languages.py's LANGUAGES).
InterfaceLanguage = Literal["ar", "zh", "en", "fr", "ru", "es"]


class UserOut(Output):
    id: int
    email: str
    name: str
    is_admin: bool
    #: The interface language the person chose; null: not chosen (the browser decides).
    language: InterfaceLanguage | None = None


class MembershipOut(Output):
    process_id: int
    role: Role
    delegation: str | None
    focal_point: bool


class MeOut(Output):
    user: UserOut
    memberships: list[MembershipOut]
    #: What you may do outside any process (core.policy's account actions, "process.open").
    actions: list[AccountAction] = Field(default_factory=list)


class ProfileIn(Input):
    """At least one of the two; a field left out stays as it is."""

    #: The name Accord shows for you.
    name: PersonName | None = None
    #: The language you read the interface in; null: none chosen (your browser's decides).
    language: InterfaceLanguage | None = None

    @model_validator(mode="after")
    def _something(self) -> ProfileIn:
        if not self.model_fields_set & {"name", "language"}:
            raise ValueError("Send a name, a language or both.")
        if "name" in self.model_fields_set and self.name is None:
            raise ValueError("A name cannot be empty.")
        return self
