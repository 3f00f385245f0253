"""The history log of a process, as the co-facilitators and secretariat read it."""

from __future__ import annotations

from flask import Blueprint

import server.features.history.service as history
from server.features.history import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("history", __name__)
TAG = "History"


@endpoint(bp, "/processes/<id:process_id>/log", "GET",
          summary="The process's hash-chained history, in order", tag="History",
          query=s.LogQuery, response=list[s.LogEntryOut], errors=(403, 404))
def process_log(process_id: int, query: s.LogQuery) -> list[s.LogEntryOut]:
    rows = history.read_process_log(ctx(), process_id, after_seq=query.after_seq,
                                    limit=query.limit)
    return [s.LogEntryOut.model_validate(r) for r in rows]
