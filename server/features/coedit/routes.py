"""The room of a document: whether the working copy is shared, the paragraph under
discussion. Co-editing itself is on the live socket (server/live/protocol.py)."""

from __future__ import annotations

from flask import Blueprint

import server.features.coedit.service as coedit
from server.features.coedit import present
from server.features.coedit import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("coedit", __name__)
TAG = "Room"
ROOM = "/documents/<id:document_id>/room"


@endpoint(bp, ROOM, "GET",
          summary="The room: the working copy shared or not, the paragraph under discussion",
          tag=TAG, response=s.RoomOut, errors=(403, 404))
def get_room(document_id: int) -> s.RoomOut:
    return present.room(coedit.room(ctx(), document_id))


@endpoint(bp, ROOM + "/sharing", "PUT",
          summary="Show the working copy to delegations and observers, or stop", tag=TAG,
          body=s.SharingIn, response=s.RoomOut, errors=(403, 404))
def share(document_id: int, body: s.SharingIn) -> s.RoomOut:
    return present.room(coedit.share(ctx(), document_id, shared=body.shared))


@endpoint(bp, ROOM + "/discussion", "PUT",
          summary="Set the paragraph under discussion (the room screen follows it)", tag=TAG,
          body=s.DiscussionIn, response=s.RoomOut, errors=(403, 404))
def set_discussion(document_id: int, body: s.DiscussionIn) -> s.RoomOut:
    return present.room(coedit.set_discussion(ctx(), document_id, key=body.unit))
