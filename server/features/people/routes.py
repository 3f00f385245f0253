"""People: delegations, participants and their roles over time, invitations."""

from __future__ import annotations

from flask import Blueprint

import server.features.people.service as people
from server.features.auth import mail
from server.features.common.access import load_process
from server.features.people import present
from server.features.people import schemas as s
from server.web.context import ctx, lifetime
from server.web.routing import endpoint

bp = Blueprint("people", __name__)
TAG = "People"


@endpoint(bp, "/processes/<id:process_id>/delegations", "GET",
          summary="Delegations taking part, with groups' members", tag=TAG,
          response=list[s.DelegationOut], errors=(403, 404))
def list_delegations(process_id: int) -> list[s.DelegationOut]:
    context = ctx()
    found = people.list_delegations(context, process_id)
    process = load_process(context, process_id)
    return [s.DelegationOut(id=d.id, code=d.code, name=d.name, kind=d.kind, members=members,
                            actions=people.delegation_actions_of(context, process, d))
            for d, members in found]


@endpoint(bp, "/processes/<id:process_id>/delegations", "POST",
          summary="Add a delegation (a State, a group with members, an organisation)", tag=TAG,
          body=s.DelegationIn, response=s.DelegationOut, status=201, errors=(403, 404, 409))
def add_delegation(process_id: int, body: s.DelegationIn) -> s.DelegationOut:
    """Co-facilitators of this process, or an administrator. A delegation of the same code in
    another process is another delegation: nothing done here is seen there."""
    context = ctx()
    d = people.add_delegation(context, process_id, code=body.code, name=body.name,
                              kind=body.kind, members=body.members)
    return s.DelegationOut(id=d.id, code=d.code, name=d.name, kind=d.kind,
                           members=people.member_codes(context, d.id))


@endpoint(bp, "/processes/<id:process_id>/delegations/<id:delegation_id>", "PATCH",
          summary="Rename one of the process's delegations or groups (its code stays)",
          tag=TAG, body=s.DelegationRenameIn, response=s.DelegationOut,
          errors=(403, 404, 409))
def rename_delegation(process_id: int, delegation_id: int,
                      body: s.DelegationRenameIn) -> s.DelegationOut:
    context = ctx()
    d, members = people.rename_delegation(context, process_id, delegation_id, name=body.name)
    return s.DelegationOut(id=d.id, code=d.code, name=d.name, kind=d.kind, members=members,
                           actions=people.delegation_actions_of(
                               context, load_process(context, process_id), d))


@endpoint(bp, "/processes/<id:process_id>/delegations/<id:delegation_id>", "DELETE",
          summary="Remove a delegation in whose name nothing was done", tag=TAG,
          errors=(403, 404, 422))
def remove_delegation(process_id: int, delegation_id: int) -> None:
    """Refused (422) once anyone takes part for it, is invited to, or anything was done in its
    name: the history names it; rename it instead."""
    people.remove_delegation(ctx(), process_id, delegation_id)


@endpoint(bp, "/processes/<id:process_id>/delegations/<id:group_id>/members", "POST",
          summary="Make one of the process's delegations a member of one of its groups",
          tag=TAG, body=s.GroupMemberIn, response=s.DelegationOut, status=201,
          errors=(403, 404, 409))
def add_group_member(process_id: int, group_id: int, body: s.GroupMemberIn) -> s.DelegationOut:
    """Both must be this process's delegations: another process's group is not found, another
    process's delegation is refused."""
    group, members = people.add_group_member(ctx(), process_id, group_id, body.delegation_id)
    return s.DelegationOut(id=group.id, code=group.code, name=group.name, kind=group.kind,
                           members=members)


@endpoint(bp, "/processes/<id:process_id>/delegations/<id:group_id>/members/<id:member_id>",
          "DELETE", summary="A delegation leaves one of the process's groups", tag=TAG,
          response=s.DelegationOut, errors=(403, 404))
def remove_group_member(process_id: int, group_id: int, member_id: int) -> s.DelegationOut:
    group, members = people.remove_group_member(ctx(), process_id, group_id, member_id)
    return s.DelegationOut(id=group.id, code=group.code, name=group.name, kind=group.kind,
                           members=members)


@endpoint(bp, "/processes/<id:process_id>/participants", "GET",
          summary="Who takes part, in which role", tag=TAG, response=list[s.ParticipantOut],
          errors=(403, 404))
def list_participants(process_id: int) -> list[s.ParticipantOut]:
    views, contact = people.list_participants(ctx(), process_id)
    return [present.participant(view, contact=contact) for view in views]


@endpoint(bp, "/processes/<id:process_id>/participants", "POST",
          summary="Invite a person to a role (a focal point invites its own delegates)",
          tag=TAG, body=s.ParticipantIn, response=s.InvitationOut, status=201,
          errors=(403, 404, 409))
def add_participant(process_id: int, body: s.ParticipantIn) -> s.InvitationOut:
    """The person receives a single-use link by e-mail (valid ACCORD_INVITATION_SECONDS) and
    takes part once they accept; a new account's owner chooses its password then. The answer
    is the same whether or not the address has an account."""
    invited = people.invite_participant(
        ctx(), process_id, email=body.email, name=body.name, role=body.role,
        delegation_code=body.delegation, focal_point=body.focal_point,
        lifetime=lifetime("INVITATION_SECONDS"))
    ctx().after_commit(lambda: mail.post(invited.letter))  # the link, once it is stored
    return present.invitation(invited)


@endpoint(bp, "/processes/<id:process_id>/invitations", "GET",
          summary="Invitations not yet answered (those you could have sent)", tag=TAG,
          response=list[s.PendingInvitationOut], errors=(403, 404))
def list_invitations(process_id: int) -> list[s.PendingInvitationOut]:
    """Co-facilitators and the secretariat see those to roles they may give; a focal point
    those to its own delegation; expired, used, declined and revoked ones are not listed."""
    return [present.pending(view) for view in people.pending_invitations(ctx(), process_id)]


@endpoint(bp, "/processes/<id:process_id>/invitations/<id:invitation_id>", "DELETE",
          summary="Revoke an invitation not yet answered (its link stops working)", tag=TAG,
          errors=(403, 404))
def revoke_invitation(process_id: int, invitation_id: int) -> None:
    people.revoke_invitation(ctx(), process_id, invitation_id)


@endpoint(bp, "/processes/<id:process_id>/invitations/<id:invitation_id>/resend", "POST",
          summary="Send an invitation again, with a new link (the old one stops working)",
          tag=TAG, response=s.InvitationOut, status=201, errors=(403, 404))
def resend_invitation(process_id: int, invitation_id: int) -> s.InvitationOut:
    invited = people.resend_invitation(ctx(), process_id, invitation_id,
                                       lifetime=lifetime("INVITATION_SECONDS"))
    ctx().after_commit(lambda: mail.post(invited.letter))  # the link, once it is stored
    return present.invitation(invited)


@endpoint(bp, "/processes/<id:process_id>/participants/<id:participant_id>", "PATCH",
          summary="Give a participant another role", tag=TAG, body=s.ParticipantRoleIn,
          response=s.ParticipantOut, errors=(403, 404))
def change_role(process_id: int, participant_id: int,
                body: s.ParticipantRoleIn) -> s.ParticipantOut:
    """Takes effect at once. Nobody is made a delegation's delegate this way: that is an
    invitation the person accepts."""
    return present.participant(people.change_role(ctx(), process_id, participant_id,
                                                  body.role))


@endpoint(bp, "/processes/<id:process_id>/participants/<id:participant_id>", "DELETE",
          summary="Remove a participant from the process", tag=TAG, errors=(403, 404, 422))
def remove_participant(process_id: int, participant_id: int) -> None:
    """Takes effect at once: from the next request on, the person takes no part."""
    people.remove_participant(ctx(), process_id, participant_id)


@endpoint(bp, "/processes/<id:process_id>/participants/<id:participant_id>/focal-point",
          "POST", summary="Make a delegate their delegation's focal point", tag=TAG,
          response=s.ParticipantOut, errors=(403, 404, 422))
def transfer_focal_point(process_id: int, participant_id: int) -> s.ParticipantOut:
    """The delegation's previous focal point becomes a plain delegate."""
    return present.participant(people.transfer_focal_point(ctx(), process_id, participant_id))


@endpoint(bp, "/administrators", "POST", summary="Invite a person to administer Accord",
          tag=TAG, body=s.AdministratorIn, response=s.InvitationOut, status=201,
          errors=(403, 409))
def invite_administrator(body: s.AdministratorIn) -> s.InvitationOut:
    invited = people.invite_administrator(ctx(), email=body.email, name=body.name,
                                          lifetime=lifetime("INVITATION_SECONDS"))
    ctx().after_commit(lambda: mail.post(invited.letter))  # the link, once it is stored
    return present.invitation(invited)


@endpoint(bp, "/invitations/inspect", "POST", summary="What an invitation link offers",
          tag=TAG, body=s.InvitationTokenIn, response=s.InvitationDetailsOut, auth=False,
          errors=(404,))
def inspect_invitation(body: s.InvitationTokenIn) -> s.InvitationDetailsOut:
    """The token travels in the body, never in a URL that logs would keep."""
    return present.invitation_details(people.invitation_details(ctx(), body.token))


@endpoint(bp, "/invitations/accept", "POST", summary="Accept an invitation", tag=TAG,
          body=s.InvitationAcceptIn, response=s.InvitationAcceptedOut, auth=False,
          errors=(401, 403, 404, 409))
def accept_invitation(body: s.InvitationAcceptIn) -> s.InvitationAcceptedOut:
    """A new address chooses its password here; an existing account signs in first."""
    return present.accepted(people.accept_invitation(ctx(), body.token,
                                                     password=body.password, name=body.name))


@endpoint(bp, "/invitations/decline", "POST", summary="Decline an invitation", tag=TAG,
          body=s.InvitationTokenIn, auth=False, errors=(404,))
def decline_invitation(body: s.InvitationTokenIn) -> None:
    people.decline_invitation(ctx(), body.token)
