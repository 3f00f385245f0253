"""The history log of a process, as the co-facilitators and secretariat read it."""

from __future__ import annotations

from flask import Blueprint

import server.features.history.service as history
from server.features.history import schemas as s
from server.features.history import sentences
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("history", __name__)
TAG = "History"


@endpoint(bp, "/processes/<id:process_id>/log", "GET",
          summary="The process's hash-chained history, in order", tag="History",
          query=s.LogQuery, response=list[s.LogEntryOut], errors=(403, 404))
def process_log(process_id: int, query: s.LogQuery) -> list[s.LogEntryOut]:
    """Each entry with the sentence it reads as ("Mexico submitted an amendment to OP12."),
    in general words where it concerns another delegation's draft."""
    rows, viewer = history.read_process_log(ctx(), process_id, after_seq=query.after_seq,
                                            limit=query.limit)
    said = sentences.described_for(ctx(), viewer, rows)
    return [s.LogEntryOut(seq=r.seq, at=r.at, actor_id=r.actor_id, action=r.action,
                          subject=r.subject, sentence=said[r.seq].sentence,
                          facts=said[r.seq].facts, payload=r.payload,
                          hash=r.hash, prev_hash=r.prev_hash) for r in rows]
