"""Use cases of co-editing and the room: joining a document's working copy, syncing and
updating a paragraph's shared document, carets, sharing, the paragraph under discussion.

The socket layer (server/live/namespace.py) calls these for every message; each loads,
authorises through the policy, acts and commits once. An update is committed before it is
acknowledged or sent to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

import server.features.history.service as history
import server.features.text.service as documents
from server.core.errors import NotFound, StaleState
from server.core.events import EventType
from server.core.policy import (
    Action,
    RoomAction,
    authorize,
    may_view_working_copy,
    require_working_copy_view,
    room_actions,
)
from server.features.coedit import paragraphs
from server.features.common.access import Viewer
from server.features.common.context import Ctx
from server.models import Document, Revision, RevisionUnit, Unit


@dataclass(frozen=True)
class RoomState:
    """A document's room as one person sees it."""

    document: Document
    #: The working copy is shown to delegations and observers.
    shared: bool
    #: The unit under discussion (its key and number in the working copy), if any.
    under_discussion: str | None
    under_discussion_number: str | None
    #: Whether this person may see the working copy (else the room shows the latest
    #: published revision).
    working_copy_visible: bool
    actions: list[RoomAction] = field(default_factory=list)


@dataclass(frozen=True)
class Joined:
    """What a client needs to follow a document's working copy live."""

    process_id: int
    document_id: int
    revision_id: int
    version: int
    #: Each unit's key and per-paragraph version, in document order.
    units: list[tuple[str, int]]
    room: RoomState


@dataclass(frozen=True)
class Synced:
    process_id: int
    #: What the client lacks (sync step 2), and what the server has (its sync step 1).
    update: bytes
    state_vector: bytes
    version: int
    #: The server made the document follow a text changed another way: others sync again.
    reconciled: bool = False


@dataclass(frozen=True)
class Received:
    process_id: int
    #: False for an update the server already had (sent again after a reconnection).
    changed: bool
    #: The unit's version after it (the working copy's version at that change).
    version: int
    seq: int
    #: The server made the document follow a text changed another way: others sync again.
    reconciled: bool = False


def _room(ctx: Ctx, document: Document, viewer: Viewer) -> RoomState:
    number = None
    key = document.under_discussion
    if key is not None:
        found = _working_unit(ctx, document, key, required=False)
        number = found.number if found is not None else None
    return RoomState(document, document.working_copy_shared, key, number,
                     may_view_working_copy(viewer.actor, viewer.phase,
                                           shared=document.working_copy_shared),
                     room_actions(viewer.actor, viewer.phase))


def _enter(ctx: Ctx, document_id: int, *, edit: bool) -> tuple[Document, Viewer, Revision]:
    """The document's working copy, once the person is found allowed to follow it (or, with
    ``edit``, to edit it) now."""
    document, viewer = documents.load_document(ctx, document_id, Action.VIEW_REVISIONS)
    require_working_copy_view(viewer.actor, viewer.phase, shared=document.working_copy_shared)
    if edit:
        authorize(viewer.actor, Action.EDIT_WORKING_COPY, viewer.phase)
    return document, viewer, documents.working_revision(ctx, document.id)


def _working_unit(ctx: Ctx, document: Document, key: str, *, required: bool = True,
                  lock: bool = False) -> RevisionUnit | None:
    """The working copy's unit ``key``; with ``lock``, its row locked as it stands now.

    Writers lock in one order, the unit, then its shared paragraph, then the working copy's
    row (as edits over HTTP do), so that two of them never wait for each other.
    """
    query = select(RevisionUnit).join(Unit, Unit.id == RevisionUnit.unit_id) \
        .join(Revision, Revision.id == RevisionUnit.revision_id) \
        .where(Unit.document_id == document.id, Unit.key == key,
               Revision.published_at.is_(None))
    if lock:
        query = query.with_for_update(of=RevisionUnit).execution_options(
            populate_existing=True)
    row = ctx.session.scalars(query).first()
    if row is None and required:
        raise NotFound("No such paragraph in the working copy.", details={"unit": key})
    return row


def _unit(ctx: Ctx, document: Document, key: str, *, lock: bool = False) -> RevisionUnit:
    row = _working_unit(ctx, document, key, lock=lock)
    assert row is not None
    return row


# ---- the room -----------------------------------------------------------------------------


def room(ctx: Ctx, document_id: int) -> RoomState:
    """The room of a document: shared or not, the paragraph under discussion, what the
    person may do (everyone who sees the document's revisions may ask)."""
    document, viewer = documents.load_document(ctx, document_id, Action.VIEW_REVISIONS)
    return _room(ctx, document, viewer)


def share(ctx: Ctx, document_id: int, *, shared: bool) -> RoomState:
    """Show the working copy to delegations and observers (live, on the room screen), or
    stop. Recorded; nothing is recorded when nothing changes."""
    document, viewer = documents.load_document(ctx, document_id, Action.SHARE_WORKING_COPY)
    if document.working_copy_shared != shared:
        document.working_copy_shared = shared
        history.record(ctx, history.process_stream(document.process_id),
                       EventType.WORKING_COPY_SHARED, f"document:{document.id}",
                       {"document": document.id, "shared": shared})
    answer = _room(ctx, document, viewer)
    ctx.commit()
    return answer


def set_discussion(ctx: Ctx, document_id: int, *, key: str | None) -> RoomState:
    """Set the paragraph under discussion (a unit of the working copy), or none."""
    document, viewer = documents.load_document(ctx, document_id, Action.SET_DISCUSSION)
    number = None
    if key is not None:
        number = _unit(ctx, document, key).number
    if document.under_discussion != key:
        document.under_discussion = key
        history.record(ctx, history.process_stream(document.process_id),
                       EventType.DISCUSSION_MOVED, f"document:{document.id}",
                       {"document": document.id, "unit": key, "number": number})
    answer = _room(ctx, document, viewer)
    ctx.commit()
    return answer


# ---- co-editing ---------------------------------------------------------------------------


def join(ctx: Ctx, document_id: int) -> Joined:
    """Follow a document's working copy: its units with their versions, and the room."""
    document, viewer, working = _enter(ctx, document_id, edit=False)
    rows = ctx.session.execute(
        select(Unit.key, RevisionUnit.version).join(Unit, Unit.id == RevisionUnit.unit_id)
        .where(RevisionUnit.revision_id == working.id).order_by(RevisionUnit.position)).all()
    return Joined(document.process_id, document.id, working.id, working.version,
                  [(key, version) for key, version in rows], _room(ctx, document, viewer))


def sync(ctx: Ctx, document_id: int, key: str, state_vector: bytes) -> Synced:
    """Sync steps 1 and 2 for one paragraph: given what the client has, what it lacks and
    what the server has (the client then sends, as an update, what the server lacks)."""
    document, _viewer, working = _enter(ctx, document_id, edit=False)
    paragraph = paragraphs.lock(ctx, working, _unit(ctx, document, key, lock=True))
    try:
        missing = paragraph.shared.missing_for(state_vector)
        state = paragraph.shared.state_vector()
        version = paragraph.unit.version
        ctx.commit()  # a paragraph's first document is stored when first asked for
    except BaseException:
        paragraphs.forget(paragraph)
        raise
    return Synced(document.process_id, missing, state, version, paragraph.reconciled)


def receive(ctx: Ctx, document_id: int, key: str, data: bytes, *,
            revision_id: int | None = None) -> Received:
    """A pen-holder's update of one paragraph: applied, stored and committed (the unit's text
    follows) before it is acknowledged and sent to the others.

    ``revision_id``, the working copy the client joined, is stale (409) once that one was
    published: the client's documents belong to it, and their items must not enter the new
    working copy's paragraphs.
    """
    document, _viewer, working = _enter(ctx, document_id, edit=True)
    if revision_id is not None and revision_id != working.id:
        raise StaleState("This working copy was published: load the new one.",
                         details={"expected_revision_id": revision_id,
                                  "current": {"revision_id": working.id}})
    paragraph = paragraphs.lock(ctx, working, _unit(ctx, document, key, lock=True))
    try:
        changed = paragraphs.receive(ctx, paragraph, data, ctx.require_user().id)
        if changed:
            paragraphs.record_coedit(ctx, document.process_id, document.id, key, paragraph)
        seq, version = paragraph.row.seq, paragraph.unit.version
        ctx.commit()
    except BaseException:
        paragraphs.forget(paragraph)
        raise
    return Received(document.process_id, changed, version, seq, paragraph.reconciled)


def check_caret(ctx: Ctx, document_id: int, key: str | None) -> tuple[int, str]:
    """Carets are shown for pen-holders only: the process and the person's name, once the
    person is found allowed to edit (and ``key`` a unit of the working copy)."""
    document, _viewer, _working = _enter(ctx, document_id, edit=True)
    if key is not None:
        _unit(ctx, document, key)
    return document.process_id, ctx.require_user().name


def follows(ctx: Ctx, document_id: int) -> int:
    """The process of a document whose working copy the person may follow (else raises)."""
    document, _viewer, _working = _enter(ctx, document_id, edit=False)
    return document.process_id
