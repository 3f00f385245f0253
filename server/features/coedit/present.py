"""The room as the API shows it."""

from __future__ import annotations

from server.features.coedit import schemas as s
from server.features.coedit.service import RoomState


def room(state: RoomState) -> s.RoomOut:
    return s.RoomOut(document_id=state.document.id, shared=state.shared,
                     under_discussion=state.under_discussion,
                     under_discussion_number=state.under_discussion_number,
                     working_copy_visible=state.working_copy_visible, actions=state.actions)
