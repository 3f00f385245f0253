"""Delegations and the participants of a process."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

import server.features.auth.service as auth
import server.features.history.service as history
from server.core.errors import Conflict, Invalid, NotFound
from server.core.events import EventType
from server.core.policy import (
    Action,
    Role,
    authorize,
    authorize_appointment,
    may_see_contact_details,
)
from server.features.common.access import actor_in, enter, load_process, phase_of
from server.features.common.context import Ctx
from server.models import Delegation, GroupMember, Participant, ProcessDelegation, User

DELEGATION_KINDS = ("state", "group", "organisation")


# ---- delegations ----------------------------------------------------------------------------


def delegation_by_code(ctx: Ctx, code: str) -> Delegation | None:
    return ctx.session.scalars(select(Delegation).where(Delegation.code == code)).first()


def process_delegation_ids(ctx: Ctx, process_id: int) -> set[int]:
    return set(ctx.session.scalars(select(ProcessDelegation.delegation_id).where(
        ProcessDelegation.process_id == process_id)))


def require_participating(ctx: Ctx, process_id: int, delegation_ids: Sequence[int]) -> None:
    missing = set(delegation_ids) - process_delegation_ids(ctx, process_id)
    if missing:
        raise Invalid("These delegations do not take part in this process.",
                      details={"delegations": sorted(missing)})


def add_delegation(ctx: Ctx, process_id: int, *, code: str, name: str, kind: str,
                   members: Sequence[str] = ()) -> Delegation:
    """Register a delegation (or reuse one known by its code) in a process.

    A group names its member delegations by code; they must take part in the process already.
    """
    process, _ = enter(ctx, process_id, Action.MANAGE_PARTICIPANTS)
    if kind not in DELEGATION_KINDS:
        raise Invalid(f"A delegation is one of: {', '.join(DELEGATION_KINDS)}.",
                      details={"field": "kind"})
    if members and kind == "state":
        raise Invalid("A State has no member delegations.", details={"field": "members"})
    delegation = delegation_by_code(ctx, code)
    if delegation is None:
        delegation = Delegation(code=code, name=name, kind=kind)
        ctx.session.add(delegation)
        ctx.session.flush()
    elif delegation.kind != kind:
        raise Conflict(f"Delegation {code} exists already as a {delegation.kind}.",
                       details={"field": "code"})
    taking_part = process_delegation_ids(ctx, process.id)
    if delegation.id in taking_part:
        raise Conflict(f"Delegation {code} already takes part in this process.",
                       details={"field": "code"})
    member_rows: list[Delegation] = []
    for member_code in members:
        member = delegation_by_code(ctx, member_code)
        if member is None or member.id not in taking_part:
            raise Invalid(f"Member {member_code} does not take part in this process.",
                          details={"field": "members"})
        member_rows.append(member)
    existing = set(ctx.session.scalars(select(GroupMember.member_id).where(
        GroupMember.group_id == delegation.id)))
    for member in member_rows:
        if member.id not in existing:
            ctx.session.add(GroupMember(group_id=delegation.id, member_id=member.id))
    ctx.session.add(ProcessDelegation(process_id=process.id, delegation_id=delegation.id))
    history.record(ctx, history.process_stream(process.id), EventType.DELEGATION_ADDED,
                   f"delegation:{delegation.id}",
                   {"code": code, "kind": kind, "members": list(members)})
    ctx.commit()
    return delegation


def list_delegations(ctx: Ctx, process_id: int) -> list[tuple[Delegation, list[str]]]:
    """The process's delegations with the codes of each group's members."""
    enter(ctx, process_id, Action.VIEW_PARTICIPANTS)
    delegations = list(ctx.session.scalars(
        select(Delegation).join(ProcessDelegation, ProcessDelegation.delegation_id ==
                                Delegation.id)
        .where(ProcessDelegation.process_id == process_id).order_by(Delegation.name)))
    members: dict[int, list[str]] = {}
    rows = ctx.session.execute(
        select(GroupMember.group_id, Delegation.code)
        .join(Delegation, Delegation.id == GroupMember.member_id)
        .where(GroupMember.group_id.in_([d.id for d in delegations]))
        .order_by(Delegation.code))
    for group_id, code in rows:
        members.setdefault(group_id, []).append(code)
    return [(d, members.get(d.id, [])) for d in delegations]


# ---- participants ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewParticipant:
    participant: Participant
    user: User
    #: Set when the user was created now: the one time the initial password is shown.
    initial_password: str | None


def add_participant(ctx: Ctx, process_id: int, *, email: str, name: str, role: Role,
                    delegation_code: str | None = None, focal_point: bool = False,
                    password: str | None = None) -> NewParticipant:
    """Give a person a role in a process, creating their account when needed.

    Co-facilitators and the secretariat add anyone (only co-facilitators or an administrator
    appoint co-facilitators); a delegation's focal point adds delegates to its own delegation;
    an administrator may add anyone, which is how a process gets its first co-facilitators.
    """
    user = ctx.require_user()
    process = load_process(ctx, process_id)
    actor = actor_in(ctx, process)
    if actor is None and not user.is_admin:
        raise NotFound(f"No process {process_id}.")
    if actor is not None and not user.is_admin:
        # The role alone first, so that a refused appointment says nothing about delegations.
        authorize(actor, Action.ADD_OWN_DELEGATE if actor.role is Role.DELEGATE
                  else Action.MANAGE_PARTICIPANTS, phase_of(process))
    delegation_id: int | None = None
    if role is Role.DELEGATE:
        if not delegation_code:
            raise Invalid("A delegate speaks for a delegation: name its code.",
                          details={"field": "delegation"})
        delegation = delegation_by_code(ctx, delegation_code)
        if delegation is None or delegation.id not in process_delegation_ids(ctx, process.id):
            raise Invalid(f"Delegation {delegation_code} does not take part in this process.",
                          details={"field": "delegation"})
        delegation_id = delegation.id
    elif delegation_code or focal_point:
        raise Invalid("Only delegates belong to a delegation or act as its focal point.",
                      details={"field": "delegation"})
    authorize_appointment(actor, phase_of(process), is_admin=user.is_admin, role=role,
                          delegation_id=delegation_id, focal_point=focal_point)
    account = ctx.session.scalars(select(User).where(User.email == email.strip().lower())).first()
    initial_password = None
    if account is None:
        initial_password = password or secrets.token_urlsafe(12)
        account = auth.new_user(ctx, email=email, name=name, password=initial_password)
        if password:
            initial_password = None
    elif ctx.session.scalars(select(Participant.id).where(
            Participant.process_id == process.id, Participant.user_id == account.id)).first():
        raise Conflict(f"{account.email} already takes part in this process.",
                       details={"field": "email"})
    participant = Participant(process_id=process.id, user_id=account.id, role=role.value,
                              delegation_id=delegation_id, focal_point=focal_point)
    ctx.session.add(participant)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.PARTICIPANT_ADDED,
                   f"participant:{participant.id}",
                   {"user": account.id, "role": role.value, "delegation": delegation_code,
                    "focal_point": focal_point})
    ctx.commit()
    return NewParticipant(participant, account, initial_password)


def list_participants(ctx: Ctx, process_id: int
                      ) -> tuple[list[tuple[Participant, User]], bool]:
    """The participants, and whether the actor may see their contact details."""
    _, actor = enter(ctx, process_id, Action.VIEW_PARTICIPANTS)
    rows = ctx.session.execute(
        select(Participant, User).join(User, User.id == Participant.user_id)
        .where(Participant.process_id == process_id).order_by(Participant.id))
    return [(p, u) for p, u in rows], may_see_contact_details(actor)
