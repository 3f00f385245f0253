"""Delegations, the participants of a process, and the invitations that bring people in.

Nobody is given a role, nor an account, by someone else: adding a person sends them an
invitation (a single-use, expiring link by e-mail), and they take part once they accept it,
with a password they choose if they have no account yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

import server.features.auth.service as auth
import server.features.history.service as history
from server.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthenticated
from server.core.events import EventType
from server.core.phases import Phase
from server.core.policy import (
    Action,
    Actor,
    DelegationAction,
    InvitationAction,
    ParticipantAction,
    Role,
    authorize_appointment,
    authorize_delegation_management,
    authorize_focal_point_transfer,
    authorize_people_management,
    authorize_removal,
    authorize_role_change,
    delegation_actions,
    invitation_actions,
    may_see_contact_details,
    participant_actions,
    require_administrator,
    require_co_facilitator_remains,
    require_delegation_unused,
)
from server.features.auth.mail import Letter
from server.features.auth.passwords import new_secret, token_digest
from server.features.common.access import (
    actor_in,
    enter_or_administer,
    load_process,
    phase_of,
)
from server.features.common.context import Ctx
from server.models import (
    Amendment,
    AmendmentStance,
    CoProponent,
    Delegation,
    GroupMember,
    Input,
    Invitation,
    Participant,
    Process,
    SilenceBreak,
    User,
)

DELEGATION_KINDS = ("state", "group", "organisation")


# ---- delegations ----------------------------------------------------------------------------


def delegation_by_code(ctx: Ctx, process_id: int, code: str) -> Delegation | None:
    """The delegation known by ``code`` in this process (another process's is another row)."""
    return ctx.session.scalars(select(Delegation).where(
        Delegation.process_id == process_id, Delegation.code == code)).first()


def process_delegation_ids(ctx: Ctx, process_id: int) -> set[int]:
    return set(ctx.session.scalars(select(Delegation.id).where(
        Delegation.process_id == process_id)))


def require_participating(ctx: Ctx, process_id: int, delegation_ids: Sequence[int]) -> None:
    missing = set(delegation_ids) - process_delegation_ids(ctx, process_id)
    if missing:
        raise Invalid("These delegations do not take part in this process.",
                      details={"delegations": sorted(missing)})


def _managing_delegations(ctx: Ctx, process_id: int) -> Process:
    """Load the process; the policy says whether the asking person manages its delegations."""
    user = ctx.require_user()
    process = load_process(ctx, process_id)
    authorize_delegation_management(actor_in(ctx, process), phase_of(process),
                                    is_admin=user.is_admin, subject=f"process {process_id}")
    return process


def _delegation_of(ctx: Ctx, process: Process, delegation_id: int) -> Delegation:
    """One of this process's delegations; another process's is not found here."""
    delegation = ctx.session.get(Delegation, delegation_id)
    if delegation is None or delegation.process_id != process.id:
        raise NotFound(f"No delegation {delegation_id} in this process.")
    return delegation


def _group_of(ctx: Ctx, process: Process, delegation_id: int) -> Delegation:
    group = _delegation_of(ctx, process, delegation_id)
    if group.kind == "state":
        raise Invalid(f"{group.name} is a State: it has no member delegations.",
                      details={"field": "delegation"})
    return group


def member_codes(ctx: Ctx, group_id: int) -> list[str]:
    return list(ctx.session.scalars(
        select(Delegation.code).join(GroupMember, GroupMember.member_id == Delegation.id)
        .where(GroupMember.group_id == group_id).order_by(Delegation.code)))


def add_delegation(ctx: Ctx, process_id: int, *, code: str, name: str, kind: str,
                   members: Sequence[str] = ()) -> Delegation:
    """Register a delegation in a process (its own row: a delegation of the same code in
    another process is another delegation, changed only there).

    A group names its member delegations by code; they must take part in the process already.
    """
    process = _managing_delegations(ctx, process_id)
    if kind not in DELEGATION_KINDS:
        raise Invalid(f"A delegation is one of: {', '.join(DELEGATION_KINDS)}.",
                      details={"field": "kind"})
    if members and kind == "state":
        raise Invalid("A State has no member delegations.", details={"field": "members"})
    if delegation_by_code(ctx, process.id, code) is not None:
        raise Conflict(f"Delegation {code} already takes part in this process.",
                       details={"field": "code"})
    member_rows: list[Delegation] = []
    for member_code in dict.fromkeys(members):
        member = delegation_by_code(ctx, process.id, member_code)
        if member is None:
            raise Invalid(f"Member {member_code} does not take part in this process.",
                          details={"field": "members"})
        member_rows.append(member)
    delegation = Delegation(process_id=process.id, code=code, name=name, kind=kind)
    ctx.session.add(delegation)
    ctx.session.flush()
    for member in member_rows:
        ctx.session.add(GroupMember(group_id=delegation.id, member_id=member.id,
                                    process_id=process.id))
    history.record(ctx, history.process_stream(process.id), EventType.DELEGATION_ADDED,
                   f"delegation:{delegation.id}",
                   {"code": code, "kind": kind, "members": [m.code for m in member_rows]})
    ctx.commit()
    return delegation


def add_group_member(ctx: Ctx, process_id: int, group_id: int,
                     member_id: int) -> tuple[Delegation, list[str]]:
    """Make one of the process's delegations a member of one of its groups; a delegation of
    another process is refused (NotFound for the group, Invalid for the member)."""
    process = _managing_delegations(ctx, process_id)
    group = _group_of(ctx, process, group_id)
    member = ctx.session.get(Delegation, member_id)
    if member is None or member.process_id != process.id:
        raise Invalid(f"Delegation {member_id} does not take part in this process.",
                      details={"field": "delegation_id"})
    if member.id == group.id:
        raise Invalid(f"{group.name} is not a member of itself.",
                      details={"field": "delegation_id"})
    if ctx.session.get(GroupMember, (group.id, member.id)) is not None:
        raise Conflict(f"{member.name} is a member of {group.name} already.",
                       details={"field": "delegation_id"})
    ctx.session.add(GroupMember(group_id=group.id, member_id=member.id, process_id=process.id))
    history.record(ctx, history.process_stream(process.id),
                   EventType.DELEGATION_MEMBERS_CHANGED, f"delegation:{group.id}",
                   {"added": [member.code], "removed": []})
    answer = group, member_codes(ctx, group.id)
    ctx.commit()
    return answer


def remove_group_member(ctx: Ctx, process_id: int, group_id: int,
                        member_id: int) -> tuple[Delegation, list[str]]:
    """A delegation leaves one of the process's groups."""
    process = _managing_delegations(ctx, process_id)
    group = _group_of(ctx, process, group_id)
    row = ctx.session.get(GroupMember, (group.id, member_id))
    member = ctx.session.get(Delegation, member_id)
    if row is None or member is None or member.process_id != process.id:
        raise NotFound(f"Delegation {member_id} is not a member of {group.name}.")
    ctx.session.delete(row)
    history.record(ctx, history.process_stream(process.id),
                   EventType.DELEGATION_MEMBERS_CHANGED, f"delegation:{group.id}",
                   {"added": [], "removed": [member.code]})
    answer = group, member_codes(ctx, group.id)
    ctx.commit()
    return answer


def delegation_in_use(ctx: Ctx, delegation_id: int) -> bool:
    """Whether anything was done in the delegation's name or anyone takes part for it (or is
    invited to): then the history names it and it stays."""
    for model in (Participant, Amendment, CoProponent, AmendmentStance, Input, SilenceBreak):
        column = model.delegation_id
        if ctx.session.scalars(select(column).where(column == delegation_id).limit(1)).first():
            return True
    return ctx.session.scalars(select(Invitation.id).where(
        Invitation.delegation_id == delegation_id, Invitation.status == "pending",
        Invitation.expires_at > ctx.now()).limit(1)).first() is not None


def delegation_actions_of(ctx: Ctx, process: Process, delegation: Delegation
                          ) -> list[DelegationAction]:
    """What the signed-in person may do to ``delegation`` now (the policy's answer)."""
    return delegation_actions(actor_in(ctx, process), phase_of(process),
                              is_admin=ctx.require_user().is_admin, kind=delegation.kind,
                              in_use=delegation_in_use(ctx, delegation.id))


def rename_delegation(ctx: Ctx, process_id: int, delegation_id: int, *, name: str
                      ) -> tuple[Delegation, list[str]]:
    """Give one of the process's delegations (or groups) another name; its code stays, so
    every reference to it still holds."""
    process = _managing_delegations(ctx, process_id)
    delegation = _delegation_of(ctx, process, delegation_id)
    if name == delegation.name:
        raise Invalid(f"The delegation is called {name} already.", details={"field": "name"})
    if ctx.session.scalars(select(Delegation.id).where(
            Delegation.process_id == process.id, Delegation.name == name,
            Delegation.id != delegation.id)).first():
        raise Conflict(f"Another delegation of this process is called {name}.",
                       details={"field": "name"})
    previous = delegation.name
    delegation.name = name
    history.record(ctx, history.process_stream(process.id), EventType.DELEGATION_RENAMED,
                   f"delegation:{delegation.id}",
                   {"code": delegation.code, "from": previous, "to": name})
    answer = delegation, member_codes(ctx, delegation.id)
    ctx.commit()
    return answer


def remove_delegation(ctx: Ctx, process_id: int, delegation_id: int) -> None:
    """Take a delegation off the process's list while nothing was done in its name (a group
    loses its members' list; a delegation leaves the groups it was a member of)."""
    process = _managing_delegations(ctx, process_id)
    delegation = _delegation_of(ctx, process, delegation_id)
    require_delegation_unused(delegation.name, delegation_in_use(ctx, delegation.id))
    for row in ctx.session.scalars(select(GroupMember).where(
            (GroupMember.group_id == delegation.id) | (GroupMember.member_id == delegation.id))):
        ctx.session.delete(row)
    for invitation in ctx.session.scalars(select(Invitation).where(
            Invitation.delegation_id == delegation.id)):
        ctx.session.delete(invitation)  # used-up or expired links to it
    ctx.session.flush()
    ctx.session.delete(delegation)
    history.record(ctx, history.process_stream(process.id), EventType.DELEGATION_REMOVED,
                   f"delegation:{delegation.id}",
                   {"code": delegation.code, "name": delegation.name})
    ctx.commit()


def list_delegations(ctx: Ctx, process_id: int) -> list[tuple[Delegation, list[str]]]:
    """The process's delegations with the codes of each group's members."""
    enter_or_administer(ctx, process_id, Action.VIEW_PARTICIPANTS)
    delegations = list(ctx.session.scalars(
        select(Delegation).where(Delegation.process_id == process_id)
        .order_by(Delegation.name)))
    members: dict[int, list[str]] = {}
    rows = ctx.session.execute(
        select(GroupMember.group_id, Delegation.code)
        .join(Delegation, Delegation.id == GroupMember.member_id)
        .where(GroupMember.group_id.in_([d.id for d in delegations]))
        .order_by(Delegation.code))
    for group_id, code in rows:
        members.setdefault(group_id, []).append(code)
    return [(d, members.get(d.id, [])) for d in delegations]


# ---- invitations ----------------------------------------------------------------------------

#: Where the link in an invitation leads (the browser's invitation page).
INVITATION_PATH = "/#/invitation/"


@dataclass(frozen=True)
class Invited:
    invitation: Invitation
    delegation_code: str | None
    #: The e-mail to send once committed (it carries the link's token).
    letter: Letter
    #: The link's token, for the e-mail only (and the demo, which accepts for its people).
    token: str


def _replace_pending(ctx: Ctx, email: str, process_id: int | None) -> None:
    """A newer invitation to the same place makes the older links void."""
    same_place = (Invitation.process_id == process_id) if process_id is not None else (
        Invitation.administrator.is_(True))
    ctx.session.execute(update(Invitation).where(
        Invitation.email == email, Invitation.status == "pending", same_place).values(
        status="replaced", decided_at=ctx.now()))


def _new_invitation(ctx: Ctx, *, email: str, name: str, lifetime: timedelta,
                    process_id: int | None = None, role: Role | None = None,
                    delegation_id: int | None = None, focal_point: bool = False,
                    administrator: bool = False) -> tuple[Invitation, str]:
    _replace_pending(ctx, email, process_id)
    token = new_secret()
    now = ctx.now()
    invitation = Invitation(token_hash=token_digest(token), email=email, name=name,
                            process_id=process_id, role=role.value if role else None,
                            delegation_id=delegation_id, focal_point=focal_point,
                            administrator=administrator, invited_by=ctx.require_user().id,
                            created_at=now, expires_at=now + lifetime)
    ctx.session.add(invitation)
    ctx.session.flush()
    return invitation, token


def _letter(invitation: Invitation, token: str, *, inviter: str, place: str,
            lifetime: timedelta) -> Letter:
    days = max(1, round(lifetime.total_seconds() / 86400))
    return Letter(
        to=invitation.email, subject=f"Invitation: {place}", path=INVITATION_PATH + token,
        text=(f"{inviter} invites you to {place} on Accord.\n\n"
              f"Open this link within {days} day(s) to accept (or decline) it; if you have no "
              "Accord account yet, you will choose your password there:\n{link}\n\n"
              "The link works once. If you did not expect this invitation, ignore it.\n"))


def _role_words(role: Role, delegation: Delegation | None, focal_point: bool) -> str:
    words = role.value.replace("_", "-")
    if delegation is not None:
        words = f"{'focal point' if focal_point else 'delegate'} of {delegation.name}"
    return words


def invite_participant(ctx: Ctx, process_id: int, *, email: str, name: str, role: Role,
                       delegation_code: str | None = None, focal_point: bool = False,
                       lifetime: timedelta) -> Invited:
    """Invite a person to a role in a process; they take part once they accept.

    Co-facilitators and the secretariat invite anyone (only co-facilitators or an
    administrator invite co-facilitators); a delegation's focal point invites delegates to its
    own delegation; an administrator invites anyone, which is how a process gets its first
    co-facilitators. Whether the address has an account already is not told: the answer and
    the e-mail's link are the same either way.
    """
    user = ctx.require_user()
    # The role alone first, so that a refused appointment says nothing about delegations.
    manager = _managing(ctx, process_id)
    process, actor = manager.process, manager.actor
    delegation: Delegation | None = None
    if role is Role.DELEGATE:
        if not delegation_code:
            raise Invalid("A delegate speaks for a delegation: name its code.",
                          details={"field": "delegation"})
        delegation = delegation_by_code(ctx, process.id, delegation_code)
        if delegation is None:
            raise Invalid(f"Delegation {delegation_code} does not take part in this process.",
                          details={"field": "delegation"})
    elif delegation_code or focal_point:
        raise Invalid("Only delegates belong to a delegation or act as its focal point.",
                      details={"field": "delegation"})
    authorize_appointment(actor, phase_of(process), is_admin=user.is_admin, role=role,
                          delegation_id=delegation.id if delegation else None,
                          focal_point=focal_point)
    email = email.strip().lower()
    if ctx.session.scalars(select(Participant.id).join(User, User.id == Participant.user_id)
                           .where(Participant.process_id == process.id,
                                  User.email == email)).first():
        raise Conflict(f"{email} already takes part in this process.",
                       details={"field": "email"})
    invitation, token = _new_invitation(
        ctx, email=email, name=name, lifetime=lifetime, process_id=process.id, role=role,
        delegation_id=delegation.id if delegation else None, focal_point=focal_point)
    history.record(ctx, history.process_stream(process.id), EventType.PARTICIPANT_INVITED,
                   f"invitation:{invitation.id}",
                   {"role": role.value, "delegation": delegation_code,
                    "focal_point": focal_point})
    ctx.commit()
    place = f"take part in {process.title} as {_role_words(role, delegation, focal_point)}"
    return Invited(invitation, delegation_code,
                   _letter(invitation, token, inviter=user.name, place=place,
                           lifetime=lifetime), token)


def invite_administrator(ctx: Ctx, *, email: str, name: str, lifetime: timedelta) -> Invited:
    """An administrator invites a person to administer Accord (open processes, appoint their
    first co-facilitators)."""
    user = ctx.require_user()
    require_administrator(user.is_admin)
    email = email.strip().lower()
    account = auth.account_by_email(ctx, email)
    if account is not None and account.is_admin:
        raise Conflict(f"{email} is an administrator already.", details={"field": "email"})
    invitation, token = _new_invitation(ctx, email=email, name=name, lifetime=lifetime,
                                        administrator=True)
    history.record(ctx, history.GLOBAL_STREAM, EventType.ADMINISTRATOR_INVITED,
                   f"invitation:{invitation.id}")
    ctx.commit()
    return Invited(invitation, None, _letter(invitation, token, inviter=user.name,
                                             place="administer Accord", lifetime=lifetime),
                   token)


@dataclass(frozen=True)
class PendingView:
    """An invitation not yet answered, as someone who may manage it sees it."""

    invitation: Invitation
    delegation_code: str | None
    inviter_name: str | None
    actions: list[InvitationAction]


def _invitation_actions(ctx: Ctx, manager: _Manager, row: Invitation
                        ) -> list[InvitationAction]:
    return invitation_actions(manager.actor, manager.phase, is_admin=manager.is_admin,
                              role=Role(row.role or Role.OBSERVER.value),
                              delegation_id=row.delegation_id, focal_point=row.focal_point)


def pending_invitations(ctx: Ctx, process_id: int) -> list[PendingView]:
    """The invitations to this process not yet accepted, declined, revoked or expired that
    the asking person could have sent (a focal point: those to its own delegation)."""
    manager = _managing(ctx, process_id)
    rows = ctx.session.scalars(select(Invitation).where(
        Invitation.process_id == manager.process.id, Invitation.status == "pending",
        Invitation.expires_at > ctx.now()).order_by(Invitation.created_at, Invitation.id))
    found: list[PendingView] = []
    for row in rows:
        actions = _invitation_actions(ctx, manager, row)
        if not actions:
            continue
        delegation = ctx.session.get(Delegation, row.delegation_id) if row.delegation_id \
            else None
        inviter = ctx.session.get(User, row.invited_by) if row.invited_by else None
        found.append(PendingView(row, delegation.code if delegation else None,
                                 inviter.name if inviter else None, actions))
    return found


def _pending_of(ctx: Ctx, manager: _Manager, invitation_id: int,
                action: InvitationAction) -> Invitation:
    row = ctx.session.get(Invitation, invitation_id)
    if row is None or row.process_id != manager.process.id or row.status != "pending" or (
            row.expires_at <= ctx.now()):
        raise NotFound(f"No pending invitation {invitation_id} in this process.")
    if action not in _invitation_actions(ctx, manager, row):
        raise Forbidden("Only whoever may give this role manages its invitation.")
    return row


def revoke_invitation(ctx: Ctx, process_id: int, invitation_id: int) -> None:
    """The link stops working; the person was never told more than the e-mail said."""
    manager = _managing(ctx, process_id)
    row = _pending_of(ctx, manager, invitation_id, InvitationAction.REVOKE)
    row.status, row.decided_at = "revoked", ctx.now()
    history.record(ctx, history.process_stream(manager.process.id),
                   EventType.INVITATION_REVOKED, f"invitation:{row.id}")
    ctx.commit()


def resend_invitation(ctx: Ctx, process_id: int, invitation_id: int, *,
                      lifetime: timedelta) -> Invited:
    """A new invitation to the same place, by a new link (the old one stops working), sent by
    whoever may give that role now."""
    manager = _managing(ctx, process_id)
    row = _pending_of(ctx, manager, invitation_id, InvitationAction.RESEND)
    role = Role(row.role or Role.OBSERVER.value)
    delegation = ctx.session.get(Delegation, row.delegation_id) if row.delegation_id else None
    user = ctx.require_user()
    invitation, token = _new_invitation(
        ctx, email=row.email, name=row.name, lifetime=lifetime, process_id=manager.process.id,
        role=role, delegation_id=row.delegation_id, focal_point=row.focal_point)
    history.record(ctx, history.process_stream(manager.process.id),
                   EventType.PARTICIPANT_INVITED, f"invitation:{invitation.id}",
                   {"role": role.value, "delegation": delegation.code if delegation else None,
                    "focal_point": row.focal_point, "replaces": row.id})
    ctx.commit()
    place = (f"take part in {manager.process.title} as "
             f"{_role_words(role, delegation, row.focal_point)}")
    return Invited(invitation, delegation.code if delegation else None,
                   _letter(invitation, token, inviter=user.name, place=place,
                           lifetime=lifetime), token)


def _pending(ctx: Ctx, token: str) -> Invitation:
    invitation = ctx.session.scalars(select(Invitation).where(
        Invitation.token_hash == token_digest(token))).first()
    if invitation is None or invitation.status != "pending" or (
            invitation.expires_at <= ctx.now()):
        raise NotFound("This invitation is not valid: it was used, declined, replaced by a "
                       "newer one, or it expired. Ask for another.")
    return invitation


@dataclass(frozen=True)
class InvitationDetails:
    """What the invited person reads before accepting."""

    invitation: Invitation
    process: Process | None
    delegation: Delegation | None
    inviter_name: str | None
    #: The address has an account: its owner signs in to accept (no new password).
    account_exists: bool
    #: Whoever asks is signed in as that account.
    signed_in_as_invitee: bool


def invitation_details(ctx: Ctx, token: str) -> InvitationDetails:
    """The invitation behind a link (NotFound when it cannot be used any more)."""
    invitation = _pending(ctx, token)
    account = auth.account_by_email(ctx, invitation.email)
    inviter = ctx.session.get(User, invitation.invited_by) if invitation.invited_by else None
    return InvitationDetails(
        invitation=invitation,
        process=ctx.session.get(Process, invitation.process_id) if invitation.process_id
        else None,
        delegation=ctx.session.get(Delegation, invitation.delegation_id)
        if invitation.delegation_id else None,
        inviter_name=inviter.name if inviter else None, account_exists=account is not None,
        signed_in_as_invitee=account is not None and ctx.user is not None
        and ctx.user.id == account.id)


@dataclass(frozen=True)
class Accepted:
    user: User
    #: The new role (None for an invitation to administer Accord).
    participant: Participant | None
    #: The account was created now, with the password its owner chose.
    account_created: bool
    delegation_code: str | None = None


def accept_invitation(ctx: Ctx, token: str, *, password: str | None,
                      name: str | None) -> Accepted:
    """The invited person accepts: a new address gets its account with the password its owner
    chooses now; an existing account must be signed in (its owner, no one else, accepts).

    The inviter's authority is checked again now: an invitation from someone who has since
    lost the right to give that role is refused.
    """
    invitation = _pending(ctx, token)
    account = auth.account_by_email(ctx, invitation.email)
    created = account is None
    if account is None:
        if password is None:
            raise Invalid("Choose a password for your new account.",
                          details={"field": "password"})
        account = auth.new_user(ctx, email=invitation.email, name=name or invitation.name,
                                password=password)
    elif ctx.user is None or ctx.user.id != account.id:
        raise Unauthenticated(f"Sign in as {invitation.email} to accept this invitation.")
    ctx.user = account
    inviter = ctx.session.get(User, invitation.invited_by) if invitation.invited_by else None
    participant: Participant | None = None
    code: str | None = None
    if invitation.administrator:
        try:
            require_administrator(inviter is not None and inviter.is_admin)
        except Forbidden:
            raise Forbidden("Whoever invited you no longer administers Accord; ask for a new "
                            "invitation.") from None
        account.is_admin = True
        history.record(ctx, history.GLOBAL_STREAM, EventType.ADMINISTRATOR_APPOINTED,
                       f"user:{account.id}", {"invitation": invitation.id})
    else:
        participant, code = _join(ctx, invitation, account, inviter)
    invitation.status, invitation.decided_at = "accepted", ctx.now()
    ctx.commit()
    return Accepted(account, participant, created, code)


def _join(ctx: Ctx, invitation: Invitation, account: User, inviter: User | None
          ) -> tuple[Participant, str | None]:
    """The role the invitation offers, if its inviter may still give it."""
    assert invitation.process_id is not None and invitation.role is not None
    process = load_process(ctx, invitation.process_id)
    role = Role(invitation.role)
    inviter_role = ctx.session.scalars(select(Participant).where(
        Participant.process_id == process.id,
        Participant.user_id == invitation.invited_by)).first() if inviter else None
    try:
        if inviter is None:
            raise Forbidden("The inviter's account is gone.")
        authorize_appointment(_actor_of(inviter_role) if inviter_role else None,
                              phase_of(process), is_admin=inviter.is_admin, role=role,
                              delegation_id=invitation.delegation_id,
                              focal_point=invitation.focal_point)
    except Forbidden:
        raise Forbidden("Whoever invited you may no longer give this role; ask for a new "
                        "invitation.") from None
    code: str | None = None
    if invitation.delegation_id is not None:
        delegation = ctx.session.get(Delegation, invitation.delegation_id)
        if delegation is None or delegation.process_id != process.id:
            raise Invalid("This delegation no longer takes part in the process.")
        code = delegation.code
    if ctx.session.scalars(select(Participant.id).where(
            Participant.process_id == process.id, Participant.user_id == account.id)).first():
        raise Conflict("You take part in this process already.")
    participant = Participant(process_id=process.id, user_id=account.id, role=role.value,
                              delegation_id=invitation.delegation_id,
                              focal_point=invitation.focal_point)
    ctx.session.add(participant)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.PARTICIPANT_ADDED,
                   f"participant:{participant.id}",
                   {"user": account.id, "role": role.value, "delegation": code,
                    "focal_point": invitation.focal_point, "invitation": invitation.id})
    return participant, code


def decline_invitation(ctx: Ctx, token: str) -> None:
    """The invited person says no; the link stops working (and nobody learns who they are)."""
    invitation = _pending(ctx, token)
    invitation.status, invitation.decided_at = "declined", ctx.now()
    stream = history.process_stream(invitation.process_id) if invitation.process_id else (
        history.GLOBAL_STREAM)
    history.record(ctx, stream, EventType.INVITATION_DECLINED, f"invitation:{invitation.id}")
    ctx.commit()


# ---- participants ---------------------------------------------------------------------------


def _actor_of(row: Participant) -> Actor:
    return Actor(user_id=row.user_id, role=Role(row.role), delegation_id=row.delegation_id,
                 focal_point=row.focal_point)


@dataclass(frozen=True)
class ParticipantView:
    """A participant as the asking person sees them."""

    participant: Participant
    user: User
    delegation_code: str | None
    #: What the asking person may do to them now.
    actions: list[ParticipantAction]


@dataclass(frozen=True)
class _Manager:
    process: Process
    actor: Actor | None
    is_admin: bool

    @property
    def phase(self) -> Phase:
        return phase_of(self.process)

    def view(self, ctx: Ctx, row: Participant, user: User) -> ParticipantView:
        delegation = ctx.session.get(Delegation, row.delegation_id) if row.delegation_id \
            else None
        return ParticipantView(row, user, delegation.code if delegation else None,
                               participant_actions(self.actor, self.phase,
                                                   is_admin=self.is_admin,
                                                   target=_actor_of(row)))


def _managing(ctx: Ctx, process_id: int) -> _Manager:
    """Load the process and the actor; the role alone is checked first (a participant who may
    manage no one learns nothing about the person asked for)."""
    user = ctx.require_user()
    process = load_process(ctx, process_id)
    actor = actor_in(ctx, process)
    authorize_people_management(actor, phase_of(process), is_admin=user.is_admin,
                                subject=f"process {process_id}")
    return _Manager(process, actor, user.is_admin)


def _target(ctx: Ctx, process: Process, participant_id: int) -> tuple[Participant, User]:
    row = ctx.session.get(Participant, participant_id)
    if row is None or row.process_id != process.id:
        raise NotFound(f"No participant {participant_id} in this process.")
    user = ctx.session.get(User, row.user_id)
    assert user is not None  # participants cascade with their user
    return row, user


def _co_facilitators(ctx: Ctx, process_id: int) -> int:
    return int(ctx.session.scalar(select(func.count(Participant.id)).where(
        Participant.process_id == process_id,
        Participant.role == Role.CO_FACILITATOR.value)) or 0)


def remove_participant(ctx: Ctx, process_id: int, participant_id: int) -> None:
    """Take a person's role away: from the next request on they take no part (their socket's
    next message is refused by the same policy). Whoever may give a role may take it away;
    the last co-facilitator stays."""
    manager = _managing(ctx, process_id)
    row, _user = _target(ctx, manager.process, participant_id)
    target = _actor_of(row)
    authorize_removal(manager.actor, manager.phase, is_admin=manager.is_admin, target=target)
    if target.role is Role.CO_FACILITATOR:
        require_co_facilitator_remains(_co_facilitators(ctx, manager.process.id) - 1)
    delegation = ctx.session.get(Delegation, row.delegation_id) if row.delegation_id else None
    ctx.session.delete(row)
    history.record(ctx, history.process_stream(manager.process.id),
                   EventType.PARTICIPANT_REMOVED, f"participant:{row.id}",
                   {"user": row.user_id, "role": row.role,
                    "delegation": delegation.code if delegation else None})
    ctx.commit()


def change_role(ctx: Ctx, process_id: int, participant_id: int, role: Role) -> ParticipantView:
    """Give a participant another role (not a delegation's: that takes their acceptance).
    A delegate leaving that role leaves their delegation."""
    manager = _managing(ctx, process_id)
    row, user = _target(ctx, manager.process, participant_id)
    target = _actor_of(row)
    authorize_role_change(manager.actor, manager.phase, is_admin=manager.is_admin,
                          target=target, role=role)
    if target.role is Role.CO_FACILITATOR:
        require_co_facilitator_remains(_co_facilitators(ctx, manager.process.id) - 1)
    row.role, row.delegation_id, row.focal_point = role.value, None, False
    history.record(ctx, history.process_stream(manager.process.id), EventType.ROLE_CHANGED,
                   f"participant:{row.id}",
                   {"user": row.user_id, "from": target.role.value, "to": role.value})
    answer = manager.view(ctx, row, user)
    ctx.commit()
    return answer


def transfer_focal_point(ctx: Ctx, process_id: int, participant_id: int) -> ParticipantView:
    """Make a delegate the focal point of their delegation; whoever was becomes a plain
    delegate."""
    manager = _managing(ctx, process_id)
    row, user = _target(ctx, manager.process, participant_id)
    authorize_focal_point_transfer(manager.actor, manager.phase, is_admin=manager.is_admin,
                                   target=_actor_of(row))
    previous = list(ctx.session.scalars(select(Participant).where(
        Participant.process_id == manager.process.id,
        Participant.delegation_id == row.delegation_id, Participant.focal_point.is_(True))))
    for other in previous:
        other.focal_point = False
    row.focal_point = True
    delegation = ctx.session.get(Delegation, row.delegation_id) if row.delegation_id else None
    history.record(ctx, history.process_stream(manager.process.id),
                   EventType.FOCAL_POINT_TRANSFERRED, f"participant:{row.id}",
                   {"user": row.user_id, "delegation": delegation.code if delegation else None,
                    "previous": [other.user_id for other in previous]})
    answer = manager.view(ctx, row, user)
    ctx.commit()
    return answer


def list_participants(ctx: Ctx, process_id: int) -> tuple[list[ParticipantView], bool]:
    """The participants (with what the actor may do to each), and whether the actor may see
    their contact details."""
    process, actor = enter_or_administer(ctx, process_id, Action.VIEW_PARTICIPANTS)
    is_admin = ctx.require_user().is_admin
    manager = _Manager(process, actor, is_admin)
    rows = ctx.session.execute(
        select(Participant, User).join(User, User.id == Participant.user_id)
        .where(Participant.process_id == process_id).order_by(Participant.id))
    return [manager.view(ctx, p, u) for p, u in rows], may_see_contact_details(
        actor, is_admin=is_admin)
