"""Request and response models: delegations and participants."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field

from server.core.policy import DelegationAction, InvitationAction, ParticipantAction, Role
from server.features.auth.schemas import LinkToken, Password, UserOut
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
    """A delegation of this process (the same code in another process is another one)."""

    id: int
    code: str
    name: str
    kind: str
    #: A group's or an organisation's member delegations, by code.
    members: list[str]
    #: What you may do to it now (rename, remove, change_members).
    actions: list[DelegationAction] = Field(default_factory=list)


class DelegationRenameIn(Input):
    #: The new name (the code, by which everything refers to it, stays).
    name: PersonName


class GroupMemberIn(Input):
    #: One of this process's delegations (another process's is refused).
    delegation_id: int


class ParticipantIn(Input):
    """Whom to invite, to which role. Nobody chooses another person's password: the invited
    person sets their own when they accept."""

    email: Email
    #: Proposed to a new account (its owner may change it); an existing account keeps its own.
    name: PersonName
    role: Role
    delegation: Code | None = None
    focal_point: bool = False


class ParticipantRoleIn(Input):
    role: Role


class ParticipantOut(Output):
    id: int
    user_id: int
    #: Hidden from observers.
    email: str | None
    name: str
    role: Role
    delegation: str | None
    focal_point: bool
    #: What you may do to this participant now.
    actions: list[ParticipantAction]


class AdministratorIn(Input):
    email: Email
    name: PersonName


class InvitationOut(Output):
    """An invitation as its inviter sees it: where it was sent and what it offers, never who
    owns the address."""

    id: int
    email: str
    #: None for an invitation to administer Accord.
    process_id: int | None
    role: Role | None
    delegation: str | None
    focal_point: bool
    administrator: bool
    status: Literal["invited"]
    expires_at: datetime


class InvitationTokenIn(Input):
    token: LinkToken


class InvitationAcceptIn(Input):
    token: LinkToken
    #: For a new account only: the password its owner chooses.
    password: Password | None = None
    #: For a new account only: the name to show (default: the name the inviter gave).
    name: PersonName | None = None


class InvitationDetailsOut(Output):
    """What the invited person reads before accepting."""

    email: str
    process_id: int | None
    process_title: str | None
    role: Role | None
    delegation: str | None
    delegation_name: str | None
    focal_point: bool
    administrator: bool
    invited_by: str | None
    expires_at: datetime
    #: The address has an account: sign in as it to accept (no new password).
    account_exists: bool
    signed_in_as_invitee: bool
    #: The name proposed to a new account.
    proposed_name: str


class InvitationAcceptedOut(Output):
    user: UserOut
    process_id: int | None
    role: Role | None
    delegation: str | None
    #: The account was created now: sign in with the password just chosen.
    account_created: bool


class PendingInvitationOut(Output):
    """An invitation not yet answered, as whoever may manage it sees it."""

    id: int
    email: str
    #: The name the inviter gave.
    name: str
    role: Role
    delegation: str | None
    focal_point: bool
    invited_by: str | None
    created_at: datetime
    expires_at: datetime
    #: What you may do to it now (resend, revoke).
    actions: list[InvitationAction]
