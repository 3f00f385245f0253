"""Storing shared paragraphs: load one (locked), apply an update, store it, compact.

A paragraph's shared document is rebuilt from its compacted state and the updates after it;
each server process keeps the documents it has rebuilt, with the number of the last update
they hold, and catches up from the table when another process stored more. Helpers here never
commit: the use cases (service.py, and the text service for edits over HTTP) do.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

import server.features.history.service as history
from server.core.errors import Invalid
from server.core.events import EventType
from server.core.richtext import (
    carry,
    footnotes_from_json,
    footnotes_to_json,
    marks_from_json,
    marks_to_json,
    notes_from_json,
    notes_to_json,
)
from server.core.shared_text import EMPTY_UPDATE, BadUpdate, OutOfSync, SharedText
from server.features.common.context import Ctx
from server.models import Revision, RevisionUnit, SharedParagraph, SharedParagraphUpdate
from server.web.schemas import clean_text

#: Above this many stored updates a paragraph's updates are merged into its state.
COMPACT_AFTER = 500
#: The history records a co-edited paragraph's text at most this often (per paragraph).
RECORD_EVERY = timedelta(seconds=30)
#: The longest paragraph (the API's limit for a unit's text).
MAX_TEXT = 20_000
#: Paragraph documents a server process keeps rebuilt in memory.
HELD = 2_000


@dataclass
class _Held:
    shared: SharedText
    #: The last update (its number) the document holds.
    seq: int


class _Documents:
    """This process's rebuilt documents, by (working copy, unit): the most recently used
    :data:`HELD` of them (any other is rebuilt from the table when next needed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: OrderedDict[tuple[int, int], _Held] = OrderedDict()

    def get(self, key: tuple[int, int]) -> _Held | None:
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
            return found

    def put(self, key: tuple[int, int], held: _Held) -> None:
        with self._lock:
            self._held[key] = held
            self._held.move_to_end(key)
            while len(self._held) > HELD:
                self._held.popitem(last=False)

    def drop(self, key: tuple[int, int]) -> None:
        with self._lock:
            self._held.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


DOCUMENTS = _Documents()


@dataclass
class Paragraph:
    """A shared paragraph, locked for this transaction, with its document."""

    row: SharedParagraph
    unit: RevisionUnit
    shared: SharedText
    #: The document was made to follow a text changed another way (see :func:`lock`).
    reconciled: bool = False

    @property
    def key(self) -> tuple[int, int]:
        return (self.row.revision_id, self.row.unit_id)


def lock(ctx: Ctx, working: Revision, unit: RevisionUnit) -> Paragraph:
    """The paragraph's shared document, its row locked until the transaction ends.

    A paragraph nobody co-edited yet gets its document now, from its text. When its text
    was changed by another way than co-editing (an amendment applied, an import), the
    document follows it by one server edit, so that it never disagrees with the text.
    ``unit`` must be as it stands now (locked, or read after the lock): a stale text would
    make that edit undo what another transaction stored.
    """
    query = select(SharedParagraph).where(
        SharedParagraph.revision_id == working.id, SharedParagraph.unit_id == unit.unit_id
    ).with_for_update().execution_options(populate_existing=True)
    row = ctx.session.scalars(query).first()
    if row is None:
        initial = SharedText.from_text(unit.text)
        row = SharedParagraph(revision_id=working.id, unit_id=unit.unit_id,
                              state=initial.state(), seq=0, compacted_seq=0, unrecorded=0)
        try:
            with ctx.session.begin_nested():
                ctx.session.add(row)
        except IntegrityError:  # created by a concurrent transaction (PostgreSQL)
            row = ctx.session.scalars(query).one()
        else:
            DOCUMENTS.put((working.id, unit.unit_id), _Held(initial, 0))
    paragraph = Paragraph(row, unit, _document(ctx, row))
    if paragraph.shared.text != unit.text:
        store(ctx, paragraph, paragraph.shared.set_text(unit.text), user_id=None)
        paragraph.reconciled = True
    return paragraph


def _document(ctx: Ctx, row: SharedParagraph) -> SharedText:
    key = (row.revision_id, row.unit_id)
    held = DOCUMENTS.get(key)
    if held is not None and held.seq == row.seq:
        return held.shared
    if held is not None and row.compacted_seq <= held.seq < row.seq:
        after = held.seq
    else:
        held, after = _Held(SharedText.from_updates([row.state]), row.compacted_seq), \
            row.compacted_seq
    for data in ctx.session.scalars(select(SharedParagraphUpdate.data).where(
            SharedParagraphUpdate.paragraph_id == row.id, SharedParagraphUpdate.seq > after)
            .order_by(SharedParagraphUpdate.seq)):
        held.shared.apply(data)
    held.seq = row.seq
    DOCUMENTS.put(key, held)
    return held.shared


def forget(paragraph: Paragraph) -> None:
    """The transaction failed: this process's copy may hold what was not stored."""
    DOCUMENTS.drop(paragraph.key)


def check_text(text: str) -> None:
    """A co-edited paragraph obeys the API's rules for a unit's text."""
    if len(text) > MAX_TEXT:
        raise Invalid(f"A paragraph has at most {MAX_TEXT} characters.",
                      details={"field": "update", "length": len(text)})
    try:
        clean_text(text)
    except ValueError as error:
        raise Invalid(f"The paragraph's text {error}.", details={"field": "update"}) from None


def receive(ctx: Ctx, paragraph: Paragraph, data: bytes, user_id: int) -> bool:
    """Apply a pen-holder's update and store it; False when it brought nothing new.

    Raises Invalid for bytes that are not an update, for an update that builds on items the
    server has not seen (OutOfSync: the sender must sync first), or that would make
    the text break the rules for a unit's text.
    """
    try:
        changed = paragraph.shared.apply(data)
        pending = paragraph.shared.pending(data)
    except BadUpdate as error:
        forget(paragraph)
        raise Invalid(f"Not a Yjs update: {error}", details={"field": "update"}) from None
    if pending:
        forget(paragraph)
        raise OutOfSync("This update builds on changes the server has not seen: sync first.",
                        details={"field": "update"})
    if not changed:
        return False
    try:
        check_text(paragraph.shared.text)
    except Invalid:
        forget(paragraph)
        raise
    store(ctx, paragraph, data, user_id=user_id)
    return True


def store(ctx: Ctx, paragraph: Paragraph, data: bytes, *, user_id: int | None) -> None:
    """Append an update already applied to the document; the unit's text follows it.

    The working copy's version moves on and becomes the unit's (per-paragraph) version.
    Past :data:`COMPACT_AFTER` updates, they are merged into the paragraph's state.
    """
    if data == EMPTY_UPDATE:
        return
    row = paragraph.row
    row.seq += 1
    ctx.session.add(SharedParagraphUpdate(paragraph_id=row.id, seq=row.seq, data=data,
                                          user_id=user_id, at=ctx.now()))
    version = ctx.session.execute(
        update(Revision).where(Revision.id == row.revision_id)
        .values(version=Revision.version + 1).returning(Revision.version)
        .execution_options(synchronize_session=False)).scalar_one()
    carry_rich_text(paragraph.unit, paragraph.shared.text)
    paragraph.unit.text = paragraph.shared.text
    paragraph.unit.version = version
    if row.seq - row.compacted_seq >= COMPACT_AFTER:
        compact(ctx, paragraph)
    DOCUMENTS.put(paragraph.key, _Held(paragraph.shared, row.seq))


def carry_rich_text(unit: RevisionUnit, new_text: str) -> None:
    """The unit's text becomes ``new_text``: its formatting runs, footnotes and notes follow
    the change (core.richtext.carry), whoever made it (an edit, an amendment applied, a
    pen-holder co-editing)."""
    if unit.text == new_text or not (unit.marks or unit.footnotes or unit.notes):
        return
    carried = carry(unit.text, new_text, marks_from_json(unit.marks),
                    footnotes_from_json(unit.footnotes), notes_from_json(unit.notes))
    unit.marks = marks_to_json(carried.marks)
    unit.footnotes = footnotes_to_json(carried.footnotes)
    unit.notes = notes_to_json(carried.notes)


def compact(ctx: Ctx, paragraph: Paragraph) -> None:
    """Merge the paragraph's updates into its state (one Yjs update) and drop them."""
    row = paragraph.row
    ctx.session.flush()
    row.state = paragraph.shared.state()
    ctx.session.execute(delete(SharedParagraphUpdate).where(
        SharedParagraphUpdate.paragraph_id == row.id, SharedParagraphUpdate.seq <= row.seq))
    row.compacted_seq = row.seq


def record_coedit(ctx: Ctx, process_id: int, document_id: int, key: str,
                  paragraph: Paragraph) -> None:
    """Count a co-edit; record the paragraph's text in the history when the last record is
    older than :data:`RECORD_EVERY` (keystrokes are kept in the update table, not the chain)."""
    row = paragraph.row
    row.unrecorded += 1
    now = ctx.now()
    if row.recorded_at is not None and now - row.recorded_at < RECORD_EVERY:
        return
    history.record(ctx, history.process_stream(process_id), EventType.UNIT_COEDITED,
                   f"unit:{document_id}:{key}",
                   {"document": document_id, "unit": key, "version": paragraph.unit.version,
                    "text": paragraph.unit.text, "updates": row.unrecorded})
    row.recorded_at = now
    row.unrecorded = 0


def stored_size(ctx: Ctx, row: SharedParagraph) -> int:
    """Bytes a paragraph takes in storage: its state and its updates."""
    sizes = ctx.session.scalars(select(SharedParagraphUpdate.data).where(
        SharedParagraphUpdate.paragraph_id == row.id))
    return len(row.state) + sum(len(data) for data in sizes)
