"""Processes, phases, delegations, participants, consultation inputs and summaries."""

from __future__ import annotations

from server.api import bp, views
from server.api import schemas as s
from server.api.context import ctx
from server.api.routing import endpoint
from server.services import access, consultation, people, processes

TAG = "Processes"


@endpoint(bp, "/processes", "GET", summary="The processes you take part in", tag=TAG,
          response=list[s.ProcessOut])
def list_processes() -> list[s.ProcessOut]:
    context = ctx()
    return [views.process(context.session, p, access.actor_in(context, p))
            for p in processes.list_processes(context)]


@endpoint(bp, "/processes", "POST", summary="Open a process (administrators)", tag=TAG,
          body=s.ProcessIn, response=s.ProcessOut, status=201, errors=(403, 409))
def create_process(body: s.ProcessIn) -> s.ProcessOut:
    context = ctx()
    process = processes.create_process(
        context, slug=body.slug, title=body.title,
        clusters=[(c.key, c.name) for c in body.clusters],
        observers_see_amendments_in=body.observers_see_amendments_in)
    return views.process(context.session, process, None)


@endpoint(bp, "/processes/<id:process_id>", "GET", summary="A process and your role in it",
          tag=TAG, response=s.ProcessOut, errors=(404,))
def get_process(process_id: int) -> s.ProcessOut:
    context = ctx()
    process = processes.get_process(context, process_id)
    return views.process(context.session, process, access.actor_in(context, process))


@endpoint(bp, "/processes/<id:process_id>", "PATCH",
          summary="Retitle the process or set in which phases observers see attributed "
                  "amendments", tag=TAG, body=s.ProcessConfigIn, response=s.ProcessOut,
          errors=(403, 404))
def configure_process(process_id: int, body: s.ProcessConfigIn) -> s.ProcessOut:
    context = ctx()
    process = processes.configure(context, process_id, title=body.title,
                                  observers_see_amendments_in=body.observers_see_amendments_in)
    return views.process(context.session, process, access.actor_in(context, process))


@endpoint(bp, "/processes/<id:process_id>/phase", "POST",
          summary="Move the process to another phase (back only with a reason)", tag=TAG,
          body=s.PhaseChangeIn, response=s.ProcessOut, errors=(403, 404, 409))
def change_phase(process_id: int, body: s.PhaseChangeIn) -> s.ProcessOut:
    context = ctx()
    process = processes.change_phase(context, process_id, target=body.phase,
                                     reason=body.reason, expected=body.expected_phase)
    return views.process(context.session, process, access.actor_in(context, process))


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
    return [views.participant(context.session, p, u, contact=contact) for p, u in rows]


@endpoint(bp, "/processes/<id:process_id>/participants", "POST",
          summary="Give a person a role (a focal point adds its own delegates)", tag=TAG,
          body=s.ParticipantIn, response=s.ParticipantOut, status=201, errors=(403, 404, 409))
def add_participant(process_id: int, body: s.ParticipantIn) -> s.ParticipantOut:
    context = ctx()
    added = people.add_participant(context, process_id, email=body.email, name=body.name,
                                   role=body.role, delegation_code=body.delegation,
                                   focal_point=body.focal_point, password=body.password)
    return views.participant(context.session, added.participant, added.user,
                             added.initial_password)


@endpoint(bp, "/processes/<id:process_id>/inputs", "GET",
          summary="Consultation inputs, optionally of one cluster", tag="Consultation",
          query=s.InputQuery, response=list[s.InputOut], errors=(403, 404))
def list_inputs(process_id: int, query: s.InputQuery) -> list[s.InputOut]:
    context = ctx()
    return views.inputs(context.session,
                        consultation.list_inputs(context, process_id, cluster=query.cluster))


@endpoint(bp, "/processes/<id:process_id>/inputs", "POST",
          summary="Submit a written contribution or statement", tag="Consultation",
          body=s.InputIn, response=s.InputOut, status=201, errors=(403, 404))
def submit_input(process_id: int, body: s.InputIn) -> s.InputOut:
    context = ctx()
    row = consultation.submit_input(context, process_id, cluster=body.cluster, kind=body.kind,
                                    title=body.title, body=body.body)
    return views.inputs(context.session, [row])[0]


@endpoint(bp, "/processes/<id:process_id>/summaries", "GET",
          summary="Session and stocktaking summaries", tag="Consultation",
          response=list[s.SummaryOut], errors=(403, 404))
def list_summaries(process_id: int) -> list[s.SummaryOut]:
    context = ctx()
    return views.summaries(context.session, consultation.list_summaries(context, process_id))


@endpoint(bp, "/processes/<id:process_id>/summaries", "POST",
          summary="Write a session or stocktaking summary", tag="Consultation",
          body=s.SummaryIn, response=s.SummaryOut, status=201, errors=(403, 404))
def write_summary(process_id: int, body: s.SummaryIn) -> s.SummaryOut:
    context = ctx()
    row = consultation.write_summary(context, process_id, kind=body.kind, cluster=body.cluster,
                                     title=body.title, body=body.body)
    return views.summaries(context.session, [row])[0]
