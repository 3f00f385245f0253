"""Request and response models of the room: sharing the working copy, the paragraph under
discussion."""

from __future__ import annotations

from server.core.policy import RoomAction
from server.web.schemas import Input, Key, Output


class RoomOut(Output):
    document_id: int
    #: Delegations and observers see the working copy (live, on the room screen).
    shared: bool
    #: The unit under discussion (its key), and its number in the working copy.
    under_discussion: str | None
    under_discussion_number: str | None
    #: Whether you may see the working copy now (otherwise the room shows the latest
    #: published revision).
    working_copy_visible: bool
    #: What you may do in the room now (core.policy.room_actions).
    actions: list[RoomAction]


class SharingIn(Input):
    shared: bool


class DiscussionIn(Input):
    #: A unit of the working copy, or null for none.
    unit: Key | None
