"""Participants and invitations as the API shows them."""

from __future__ import annotations

from server.features.auth.schemas import UserOut
from server.features.people import schemas as s
from server.features.people.service import (
    Accepted,
    InvitationDetails,
    Invited,
    ParticipantView,
    PendingView,
)


def participant(view: ParticipantView, *, contact: bool = True) -> s.ParticipantOut:
    row, user = view.participant, view.user
    return s.ParticipantOut(id=row.id, user_id=user.id, email=user.email if contact else None,
                            name=user.name, role=row.role, delegation=view.delegation_code,
                            focal_point=row.focal_point, actions=view.actions)


def invitation(invited: Invited) -> s.InvitationOut:
    row = invited.invitation
    return s.InvitationOut(id=row.id, email=row.email, process_id=row.process_id,
                           role=row.role, delegation=invited.delegation_code,
                           focal_point=row.focal_point, administrator=row.administrator,
                           status="invited", expires_at=row.expires_at)


def invitation_details(found: InvitationDetails) -> s.InvitationDetailsOut:
    row = found.invitation
    return s.InvitationDetailsOut(
        email=row.email, process_id=row.process_id,
        process_title=found.process.title if found.process else None, role=row.role,
        delegation=found.delegation.code if found.delegation else None,
        delegation_name=found.delegation.name if found.delegation else None,
        focal_point=row.focal_point, administrator=row.administrator,
        invited_by=found.inviter_name, expires_at=row.expires_at,
        account_exists=found.account_exists, signed_in_as_invitee=found.signed_in_as_invitee,
        proposed_name=row.name)


def accepted(done: Accepted) -> s.InvitationAcceptedOut:
    row = done.participant
    return s.InvitationAcceptedOut(
        user=UserOut.model_validate(done.user), process_id=row.process_id if row else None,
        role=row.role if row else None, delegation=done.delegation_code,
        account_created=done.account_created)


def pending(view: PendingView) -> s.PendingInvitationOut:
    row = view.invitation
    return s.PendingInvitationOut(
        id=row.id, email=row.email, name=row.name, role=row.role,
        delegation=view.delegation_code, focal_point=row.focal_point,
        invited_by=view.inviter_name, created_at=row.created_at, expires_at=row.expires_at,
        actions=view.actions)
