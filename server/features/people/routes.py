"""People: delegations (States, groups, organisations) and participants."""

from __future__ import annotations

from flask import Blueprint

import server.features.people.service as people
from server.features.people import present
from server.features.people import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("people", __name__)
TAG = "People"


@endpoint(bp, "/processes/<id:process_id>/delegations", "GET",
          summary="Delegations taking part, with groups' members", tag=TAG,
          response=list[s.DelegationOut], errors=(403, 404))
def list_delegations(process_id: int) -> list[s.DelegationOut]:
    return [s.DelegationOut(id=d.id, code=d.code, name=d.name, kind=d.kind, members=members)
            for d, members in people.list_delegations(ctx(), process_id)]


@endpoint(bp, "/processes/<id:process_id>/delegations", "POST",
          summary="Add a delegation (a State, a group with members, an organisation)", tag=TAG,
          body=s.DelegationIn, response=s.DelegationOut, status=201, errors=(403, 404, 409))
def add_delegation(process_id: int, body: s.DelegationIn) -> s.DelegationOut:
    d = people.add_delegation(ctx(), process_id, code=body.code, name=body.name, kind=body.kind,
                              members=body.members)
    return s.DelegationOut(id=d.id, code=d.code, name=d.name, kind=d.kind,
                           members=sorted(body.members))


@endpoint(bp, "/processes/<id:process_id>/participants", "GET",
          summary="Who takes part, in which role", tag=TAG, response=list[s.ParticipantOut],
          errors=(403, 404))
def list_participants(process_id: int) -> list[s.ParticipantOut]:
    context = ctx()
    rows, contact = people.list_participants(context, process_id)
    return [present.participant(context.session, p, u, contact=contact) for p, u in rows]


@endpoint(bp, "/processes/<id:process_id>/participants", "POST",
          summary="Give a person a role (a focal point adds its own delegates)", tag=TAG,
          body=s.ParticipantIn, response=s.ParticipantOut, status=201, errors=(403, 404, 409))
def add_participant(process_id: int, body: s.ParticipantIn) -> s.ParticipantOut:
    context = ctx()
    added = people.add_participant(context, process_id, email=body.email, name=body.name,
                                   role=body.role, delegation_code=body.delegation,
                                   focal_point=body.focal_point, password=body.password)
    return present.participant(context.session, added.participant, added.user,
                             added.initial_password)
