"""Silence procedures: start, read, break."""

from __future__ import annotations

from flask import Blueprint

import server.features.silence.service as silence
from server.features.silence import present
from server.features.silence import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("silence", __name__)
TAG = "Silence procedure"


@endpoint(bp, "/processes/<id:process_id>/silence", "GET",
          summary="Silence procedures of a process and their state", tag=TAG,
          response=list[s.SilenceOut], errors=(403, 404))
def list_silence(process_id: int) -> list[s.SilenceOut]:
    return [present.silence(r) for r in silence.list_for(ctx(), process_id)]


@endpoint(bp, "/processes/<id:process_id>/silence", "POST",
          summary="Put a published revision under silence until a deadline", tag=TAG,
          body=s.SilenceIn, response=s.SilenceOut, status=201, errors=(403, 404, 409))
def start_silence(process_id: int, body: s.SilenceIn) -> s.SilenceOut:
    return present.silence(silence.start(ctx(), process_id, revision_id=body.revision_id,
                                       deadline=body.deadline))


@endpoint(bp, "/silence/<id:silence_id>", "GET", summary="One silence procedure", tag=TAG,
          response=s.SilenceOut, errors=(403, 404))
def get_silence(silence_id: int) -> s.SilenceOut:
    return present.silence(silence.get(ctx(), silence_id))


@endpoint(bp, "/silence/<id:silence_id>/break", "POST",
          summary="Break silence, in writing, before the deadline", tag=TAG,
          body=s.SilenceBreakIn, response=s.SilenceOut, errors=(403, 404, 422))
def break_silence(silence_id: int, body: s.SilenceBreakIn) -> s.SilenceOut:
    return present.silence(silence.break_silence(ctx(), silence_id, reason=body.reason))
