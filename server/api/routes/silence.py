"""Silence procedures and the history log."""

from __future__ import annotations

from server.api import bp, views
from server.api import schemas as s
from server.api.context import ctx
from server.api.routing import endpoint
from server.services import history, silence

TAG = "Silence procedure"


@endpoint(bp, "/processes/<id:process_id>/silence", "GET",
          summary="Silence procedures of a process and their state", tag=TAG,
          response=list[s.SilenceOut], errors=(403, 404))
def list_silence(process_id: int) -> list[s.SilenceOut]:
    return [views.silence(r) for r in silence.list_for(ctx(), process_id)]


@endpoint(bp, "/processes/<id:process_id>/silence", "POST",
          summary="Put a published revision under silence until a deadline", tag=TAG,
          body=s.SilenceIn, response=s.SilenceOut, status=201, errors=(403, 404, 409))
def start_silence(process_id: int, body: s.SilenceIn) -> s.SilenceOut:
    return views.silence(silence.start(ctx(), process_id, revision_id=body.revision_id,
                                       deadline=body.deadline))


@endpoint(bp, "/silence/<id:silence_id>", "GET", summary="One silence procedure", tag=TAG,
          response=s.SilenceOut, errors=(403, 404))
def get_silence(silence_id: int) -> s.SilenceOut:
    return views.silence(silence.get(ctx(), silence_id))


@endpoint(bp, "/silence/<id:silence_id>/break", "POST",
          summary="Break silence, in writing, before the deadline", tag=TAG,
          body=s.SilenceBreakIn, response=s.SilenceOut, errors=(403, 404, 422))
def break_silence(silence_id: int, body: s.SilenceBreakIn) -> s.SilenceOut:
    return views.silence(silence.break_silence(ctx(), silence_id, reason=body.reason))


@endpoint(bp, "/processes/<id:process_id>/log", "GET",
          summary="The process's hash-chained history, in order", tag="History",
          query=s.LogQuery, response=list[s.LogEntryOut], errors=(403, 404))
def process_log(process_id: int, query: s.LogQuery) -> list[s.LogEntryOut]:
    rows = history.read_process_log(ctx(), process_id, after_seq=query.after_seq,
                                    limit=query.limit)
    return [s.LogEntryOut.model_validate(r) for r in rows]
