"""Documents, the co-facilitators' working copy, publishing revisions, and reading them."""

from __future__ import annotations

import re
import secrets
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import aliased

import server.features.history.service as history
from server.core.brackets import unit_brackets
from server.core.errors import Invalid, NotFound, StaleState
from server.core.events import EventType
from server.core.naming import NameParts, english, unit_name_parts, unit_names
from server.core.policy import (
    SETTLED_STATUSES,
    Action,
    RevisionAction,
    UnitAction,
    authorize,
    require_brackets_confirmed,
    require_working_copy_view,
    revision_actions,
    unit_actions,
)
from server.core.richtext import (
    Mark,
    check_marks,
    footnotes_from_json,
    footnotes_to_json,
    marks_from_json,
    marks_to_json,
    notes_from_json,
    notes_to_json,
    option_from_json,
    option_to_json,
)
from server.core.text import (
    UnitKind,
    UnitStatus,
    UnitView,
    document_order,
    renumber,
)
from server.features.coedit import paragraphs
from server.features.common.access import Viewer, enter
from server.features.common.context import Ctx
from server.features.history.seals import covers
from server.models import (
    Document,
    Revision,
    RevisionUnit,
    SharedParagraph,
    Unit,
    UnitReopening,
)

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
MAX_UNITS = 5_000


@dataclass(frozen=True)
class RevisionText:
    """A revision with its units in document order, and what the person asking may do."""

    revision: Revision
    units: list[UnitView]
    actions: list[RevisionAction] = field(default_factory=list)
    #: What they may do at each of its units, by key.
    unit_actions: dict[str, list[UnitAction]] = field(default_factory=dict)
    #: Each unit's own version (the revision's version when it last changed), by key.
    versions: dict[str, int] = field(default_factory=dict)
    #: Settled units the co-facilitators reopened for proposals (the latest revision only).
    reopened: set[str] = field(default_factory=set)
    #: Each unit's name in this revision (PP4, OP12 bis: core.naming), by key.
    names: dict[str, str] = field(default_factory=dict)
    #: A published revision's history hash is covered by a valid seal of the history.
    sealed: bool = False
    #: Each unit's name as its parts, for the client to say in the reader's language
    #: (core.naming.unit_name_parts), by key.
    name_parts: dict[str, NameParts] = field(default_factory=dict)


def revision_text(ctx: Ctx, viewer: Viewer, revision: Revision,
                  units: list[UnitView]) -> RevisionText:
    """``revision`` with ``units``, and the actions the policy gives ``viewer`` on them."""
    working = revision.published_at is None
    latest = False
    if not working:
        newest = latest_published(ctx, revision.document_id)
        latest = newest is not None and newest.id == revision.id
    # Per-paragraph versions matter while the text is edited; a published revision's are 1.
    versions = {key: version for key, version in ctx.session.execute(
        select(Unit.key, RevisionUnit.version).join(Unit, Unit.id == RevisionUnit.unit_id)
        .where(RevisionUnit.revision_id == revision.id))} if working else {}
    reopened = reopened_keys(ctx, revision.id) if latest else set()
    parts = unit_name_parts(units)
    return RevisionText(
        revision, units,
        revision_actions(viewer.actor, viewer.phase, viewer.settings, working_copy=working,
                         latest=latest),
        {u.key: unit_actions(viewer.actor, viewer.phase, working_copy=working, latest=latest,
                             status=u.status, reopened=u.key in reopened) for u in units},
        versions, reopened, {key: english(name) for key, name in parts.items()},
        not working and covers(ctx.session, history.process_stream(viewer.process.id),
                               revision.history_hash), parts)


def reopened_keys(ctx: Ctx, revision_id: int) -> set[str]:
    """The units of a published revision the co-facilitators reopened for proposals."""
    return set(ctx.session.scalars(select(Unit.key).join(
        UnitReopening, UnitReopening.unit_id == Unit.id).where(
        UnitReopening.revision_id == revision_id)))


# ---- loading ------------------------------------------------------------------------------


def load_document(ctx: Ctx, document_id: int, action: Action) -> tuple[Document, Viewer]:
    """The document, once the person asking is found allowed ``action`` in its process."""
    document = ctx.session.get(Document, document_id)
    if document is None:
        raise NotFound(f"No document {document_id}.")
    process, actor = enter(ctx, document.process_id, action, subject=f"document {document_id}")
    return document, Viewer(actor, process)


def unit_views(ctx: Ctx, revision_id: int) -> list[UnitView]:
    """The units of a revision in document order, as the core sees them."""
    unit_key = {uid: key for uid, key in ctx.session.execute(
        select(Unit.id, Unit.key).join(RevisionUnit, RevisionUnit.unit_id == Unit.id)
        .where(RevisionUnit.revision_id == revision_id))}
    rows = ctx.session.scalars(select(RevisionUnit).where(RevisionUnit.revision_id == revision_id)
                               .order_by(RevisionUnit.position))
    return [UnitView(key=unit_key[row.unit_id], kind=UnitKind(row.kind),
                     parent=unit_key.get(row.parent_unit_id) if row.parent_unit_id else None,
                     number=row.number, text=row.text, heading=row.heading,
                     status=UnitStatus(row.status), marks=marks_from_json(row.marks),
                     footnotes=footnotes_from_json(row.footnotes),
                     notes=notes_from_json(row.notes), option=option_from_json(row.option))
            for row in rows]


def rich_columns(unit: UnitView) -> dict[str, Any]:
    """A unit's formatting, footnotes, notes and option group as its row's columns hold
    them (None for none)."""
    return {"marks": marks_to_json(unit.marks), "footnotes": footnotes_to_json(unit.footnotes),
            "notes": notes_to_json(unit.notes), "option": option_to_json(unit.option)}


def published_revisions(ctx: Ctx, document_id: int) -> list[Revision]:
    return list(ctx.session.scalars(select(Revision).where(
        Revision.document_id == document_id, Revision.published_at.is_not(None))
        .order_by(Revision.sequence)))


def latest_published(ctx: Ctx, document_id: int) -> Revision | None:
    return ctx.session.scalars(select(Revision).where(
        Revision.document_id == document_id, Revision.published_at.is_not(None))
        .order_by(Revision.sequence.desc()).limit(1)).first()


def working_revision(ctx: Ctx, document_id: int) -> Revision:
    return ctx.session.scalars(select(Revision).where(
        Revision.document_id == document_id, Revision.published_at.is_(None))).one()


def revision_by_sequence(ctx: Ctx, document_id: int, sequence: int) -> Revision:
    revision = ctx.session.scalars(select(Revision).where(
        Revision.document_id == document_id, Revision.sequence == sequence,
        Revision.published_at.is_not(None))).first()
    if revision is None:
        raise NotFound(f"No published revision {sequence} of document {document_id}.")
    return revision


#: The names of published revisions' units, by database (engine) and revision: a published
#: revision is frozen (only the working copy's rows change), so its names never change. Keyed
#: by the chain's head at its publication too (unique to that publication), so neither a
#: publication previewed and rolled back nor a database emptied and refilled under the same
#: engine (the test suite's) can answer with other names.
_PUBLISHED_NAMES: weakref.WeakKeyDictionary[
    Any, dict[tuple[int, str], tuple[dict[str, str], dict[str, NameParts]]]] = \
    weakref.WeakKeyDictionary()


def revision_names(ctx: Ctx, revision_id: int) -> dict[str, str]:
    """Each unit's name in a revision (core.naming), read without the texts; a published
    revision's are read once (every amendment and every live event names its paragraph)."""
    return dict(revision_naming(ctx, revision_id)[0])


def revision_naming(ctx: Ctx, revision_id: int
                    ) -> tuple[dict[str, str], dict[str, NameParts]]:
    """Each unit's name in a revision and its parts (core.naming.unit_name_parts, for the
    client to say in the reader's language), by key, read as :func:`revision_names` reads
    them. The dictionaries may be shared: not to be changed."""
    revision = ctx.session.get(Revision, revision_id)  # usually loaded already: no query
    if revision is None or revision.published_at is None or revision.history_hash is None:
        return _read_names(ctx, revision_id)
    by_revision = _PUBLISHED_NAMES.setdefault(ctx.session.get_bind(), {})
    key = (revision_id, revision.history_hash)
    named = by_revision.get(key)
    if named is None:
        named = _read_names(ctx, revision_id)
        if len(by_revision) > 512:
            by_revision.clear()
        by_revision[key] = named
    return named


def _read_names(ctx: Ctx, revision_id: int) -> tuple[dict[str, str], dict[str, NameParts]]:
    parent = aliased(Unit)
    rows = ctx.session.execute(
        select(Unit.key, RevisionUnit.kind, parent.key, RevisionUnit.number, RevisionUnit.heading)
        .join(Unit, Unit.id == RevisionUnit.unit_id)
        .outerjoin(parent, parent.id == RevisionUnit.parent_unit_id)
        .where(RevisionUnit.revision_id == revision_id).order_by(RevisionUnit.position))
    parts = unit_name_parts([UnitView(key=key, kind=UnitKind(kind), parent=parent_key,
                                      number=number, heading=heading)
                             for key, kind, parent_key, number, heading in rows])
    return {key: english(name) for key, name in parts.items()}, parts


def name_anywhere(ctx: Ctx, document_id: int, key: str) -> str | None:
    """The name of unit ``key`` in the latest revision that holds it (the working copy when
    no published one does), or None when no revision of the document does."""
    holding = ctx.session.scalars(
        select(Revision.id).join(RevisionUnit, RevisionUnit.revision_id == Revision.id)
        .join(Unit, Unit.id == RevisionUnit.unit_id)
        .where(Unit.document_id == document_id, Unit.key == key)
        .order_by(Revision.published_at.is_(None), Revision.sequence.desc()).limit(1)).first()
    return revision_names(ctx, holding).get(key) if holding is not None else None


def no_paragraph(ctx: Ctx, document_id: int, key: str, where: str) -> NotFound:
    """The error for a unit that is not in ``where`` ("Rev.1", "the working copy"), naming it
    as the text does where it is: "No paragraph OP12 bis in Rev.1." (its key only in the
    details: a key the document never had is the asker's own word)."""
    name = name_anywhere(ctx, document_id, key)
    if name is None:
        return NotFound(f"No such paragraph in {where}.", details={"unit": key})
    if name.startswith("the "):  # the chapeau of Article 1
        return NotFound(f"{name[:1].upper()}{name[1:]} is not in {where}.", details={"unit": key})
    return NotFound(f"No paragraph {name} in {where}.", details={"unit": key})


def unit_ids(ctx: Ctx, document_id: int) -> dict[str, int]:
    return {key: uid for uid, key in ctx.session.execute(
        select(Unit.id, Unit.key).where(Unit.document_id == document_id))}


# ---- creating ----------------------------------------------------------------------------


def new_key(taken: set[str]) -> str:
    """A fresh random unit key not in ``taken`` (keys never change once given)."""
    while True:
        key = "u" + secrets.token_hex(4)
        if key not in taken:
            return key


def _check_keys(units: Sequence[UnitView]) -> None:
    for unit in units:
        if not KEY_PATTERN.match(unit.key):
            raise Invalid(f"Unit key {unit.key!r} must be 1-40 letters, digits, '_', '.' or '-'.",
                          details={"field": "units", "key": unit.key})


def write_units(ctx: Ctx, document_id: int, revision_id: int, units: Sequence[UnitView], *,
                versions: dict[int, int] | None = None) -> None:
    """Write ``units`` into a revision; ``versions`` (by unit id) keeps units' own versions."""
    versions = versions or {}
    ids = unit_ids(ctx, document_id)
    for unit in units:
        if unit.key not in ids:
            row = Unit(document_id=document_id, key=unit.key)
            ctx.session.add(row)
            ctx.session.flush()
            ids[unit.key] = row.id
    ctx.session.add_all([
        RevisionUnit(revision_id=revision_id, unit_id=ids[u.key], position=position,
                     parent_unit_id=ids[u.parent] if u.parent else None, kind=u.kind.value,
                     number=u.number, heading=u.heading, text=u.text, status=u.status.value,
                     version=versions.get(ids[u.key], 1), **rich_columns(u))
        for position, u in enumerate(units)])


def create_document(ctx: Ctx, process_id: int, *, title: str,
                    units: Sequence[UnitView]) -> RevisionText:
    """Create a document whose working copy holds ``units``: the zero draft in preparation.

    Units with an empty key get a fresh random one; parents must precede their children.
    """
    process, actor = enter(ctx, process_id, Action.CREATE_DOCUMENT)
    if len(units) > MAX_UNITS:
        raise Invalid(f"A document has at most {MAX_UNITS} units.", details={"field": "units"})
    taken = {u.key for u in units if u.key}
    keyed: list[UnitView] = []
    for unit in units:
        if not unit.key:
            unit = replace(unit, key=new_key(taken))
            taken.add(unit.key)
        keyed.append(unit)
    units = keyed
    _check_keys(units)
    document_order(units)
    document = Document(process_id=process.id, title=title)
    ctx.session.add(document)
    ctx.session.flush()
    working = Revision(document_id=document.id, sequence=0)
    ctx.session.add(working)
    ctx.session.flush()
    write_units(ctx, document.id, working.id, units)
    history.record(ctx, history.process_stream(process.id), EventType.DOCUMENT_CREATED,
                   f"document:{document.id}", {"title": title, "units": len(units)})
    answer = revision_text(ctx, Viewer(actor, process), working, list(units))
    ctx.commit()
    return answer


def fresh_key(ctx: Ctx, document_id: int) -> str:
    return new_key(set(unit_ids(ctx, document_id)))


# ---- the working copy ----------------------------------------------------------------------


def get_working_copy(ctx: Ctx, document_id: int) -> RevisionText:
    document, viewer = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    require_working_copy_view(viewer.actor, viewer.phase, shared=document.working_copy_shared)
    working = working_revision(ctx, document_id)
    return revision_text(ctx, viewer, working, unit_views(ctx, working.id))


def claim_working_copy(ctx: Ctx, working: Revision, expected_version: int) -> None:
    """Bump the working copy's version if it is still ``expected_version``; else 409.

    The conditional UPDATE makes the check and the bump one step, so two editors racing from
    the same version cannot both win on either database.
    """
    result = ctx.session.execute(
        update(Revision).where(Revision.id == working.id, Revision.version == expected_version)
        .values(version=expected_version + 1).execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        ctx.session.rollback()
        current = working_revision(ctx, working.document_id)
        ctx.session.refresh(current)
        raise StaleState("The working copy has changed since you loaded it.",
                         details={"expected_version": expected_version,
                                  "current": {"version": current.version,
                                              "revision_id": current.id}})
    working.version = expected_version + 1


def claim_structure(ctx: Ctx, working: Revision, expected_version: int) -> None:
    """For a change of structure (insertion, removal, renumbering): bump the working copy's
    version if its structure has not changed since ``expected_version``; else 409.

    Edits of paragraphs' text since then do not make it stale: they touch no other unit.
    """
    result = ctx.session.execute(
        update(Revision).where(Revision.id == working.id,
                               Revision.structure_version <= expected_version,
                               Revision.version >= expected_version)
        .values(version=Revision.version + 1, structure_version=Revision.version + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        ctx.session.rollback()
        current = working_revision(ctx, working.document_id)
        ctx.session.refresh(current)
        raise StaleState("The working copy's paragraphs were inserted, removed or renumbered "
                         "since you loaded it.",
                         details={"expected_version": expected_version,
                                  "current": {"version": current.version,
                                              "revision_id": current.id}})
    ctx.session.refresh(working)


def bump_version(ctx: Ctx, working: Revision) -> int:
    """Move the working copy's version on (one change of a unit); the new version."""
    version: int = ctx.session.execute(
        update(Revision).where(Revision.id == working.id)
        .values(version=Revision.version + 1).returning(Revision.version)
        .execution_options(synchronize_session=False)).scalar_one()
    working.version = version
    return version


def lock_unit(ctx: Ctx, working: Revision, key: str, expected_version: int) -> RevisionUnit:
    """The working copy's unit ``key``, locked, if it has not changed since
    ``expected_version`` (the unit's own version, or the working copy's: either is at least
    the unit's when it was read); else 409 with its current state.

    Edits of other paragraphs since then do not make it stale.
    """
    unit_id = unit_ids(ctx, working.document_id).get(key)
    row = ctx.session.scalars(select(RevisionUnit).where(
        RevisionUnit.revision_id == working.id, RevisionUnit.unit_id == unit_id)
        .with_for_update().execution_options(populate_existing=True)).first()
    if row is None:
        raise no_paragraph(ctx, working.document_id, key, "the working copy")
    # Read once the unit is locked: a concurrent editor's commit is then visible (PostgreSQL
    # reads each statement's own snapshot).
    ctx.session.refresh(working)
    # A version from the future was never seen: as stale as one from the past.
    if row.version > expected_version or expected_version > working.version:
        current = {"version": working.version,
                   "revision_id": working.id,
                   "unit": {"key": key, "version": row.version, "text": row.text,
                            "heading": row.heading, "number": row.number,
                            "status": row.status}}
        ctx.session.rollback()
        raise StaleState("This paragraph has changed since you loaded it.",
                         details={"expected_version": expected_version, "current": current})
    return row


def replace_units(ctx: Ctx, document: Document, working: Revision,
                   units: list[UnitView]) -> None:
    document_order(units)
    existing = ctx.session.scalars(select(RevisionUnit).where(
        RevisionUnit.revision_id == working.id)).all()
    versions = {row.unit_id: row.version for row in existing}
    for row in existing:
        ctx.session.delete(row)
    ctx.session.flush()
    write_units(ctx, document.id, working.id, units, versions=versions)
    follow_shared_texts(ctx, working)


def follow_shared_texts(ctx: Ctx, working: Revision) -> None:
    """Make the shared documents of co-edited paragraphs follow texts just replaced another
    way (an import, a restore), in this transaction.

    Else the first co-editor to open such a paragraph afterwards would make its document follow
    then, moving the working copy's version on for nothing, so that every pen-holder's next
    change would be refused as stale (409).
    """
    held: list[paragraphs.Paragraph] = []
    rows = ctx.session.scalars(
        select(RevisionUnit)
        .join(SharedParagraph, (SharedParagraph.revision_id == working.id)
              & (SharedParagraph.unit_id == RevisionUnit.unit_id))
        .where(RevisionUnit.revision_id == working.id)
        .order_by(RevisionUnit.position)).all()
    try:
        for row in rows:
            held.append(paragraphs.lock(ctx, working, row))
    except BaseException:
        release_texts(held)
        raise


def set_unit_text(ctx: Ctx, working: Revision, row: RevisionUnit, text: str,
                  held: list[paragraphs.Paragraph]) -> None:
    """Give the working copy's unit ``row`` the text ``text`` through its shared document (one
    Yjs edit), so pen-holders co-editing it live receive it and nothing they type is lost; its
    version moves on. The paragraph is added to ``held``: should the transaction fail,
    :func:`release_texts` makes this process forget what was not stored. Never commits."""
    paragraph = paragraphs.lock(ctx, working, row)
    held.append(paragraph)
    try:
        paragraphs.store(ctx, paragraph, paragraph.shared.set_text(text),
                         user_id=ctx.require_user().id)
    except BaseException:
        release_texts(held)
        raise


def release_texts(held: Sequence[paragraphs.Paragraph]) -> None:
    """The transaction that changed these paragraphs' texts failed: forget them here."""
    for paragraph in held:
        paragraphs.forget(paragraph)


@dataclass(frozen=True)
class UnitEdit:
    """Fields of a unit to change; None leaves a field as it is."""

    text: str | None = None
    heading: str | None = None
    number: str | None = None
    status: UnitStatus | None = None
    #: Marking it agreed (or adopted) while its text has open brackets, knowingly.
    confirm_open_brackets: bool = False
    #: Its formatting runs over its (new) text; None keeps them, carried through the edit.
    marks: tuple[Mark, ...] | None = None


def edit_unit(ctx: Ctx, document_id: int, key: str, *, expected_version: int,
              edit: UnitEdit) -> RevisionText:
    """Change a unit's text, heading, number or status in the working copy.

    Changing the status needs the right to set statuses; the rest needs the right to edit.
    ``expected_version`` is stale only when this unit changed after it (see lock_unit). New
    text is made in the paragraph's shared document too (as one Yjs edit), so pen-holders
    co-editing it live receive it and nothing they type is lost.
    """
    changes_text = any(v is not None for v in (edit.text, edit.heading, edit.number,
                                                edit.marks))
    if not changes_text and edit.status is None:
        raise Invalid("Nothing to change: give text, heading, number, status or marks.")
    document, viewer = load_document(
        ctx, document_id, Action.EDIT_WORKING_COPY if changes_text else Action.SET_UNIT_STATUS)
    process = viewer.process
    if changes_text and edit.status is not None:
        authorize(viewer.actor, Action.SET_UNIT_STATUS, viewer.phase)
    working = working_revision(ctx, document.id)
    row = lock_unit(ctx, working, key, expected_version)
    marks = None if edit.marks is None else marks_to_json(check_marks(
        edit.marks, len(edit.text if edit.text is not None else row.text)))
    confirmed = 0
    if edit.status is not None:
        # Counted in the text it will have, as the page counts them (footnote marks and
        # links are not brackets); a bracket left open for, or closing, another paragraph
        # of its article (unbalanced in this one alone) is still an open bracket here.
        counted = unit_brackets(edit.text if edit.text is not None else row.text,
                                [f.mark for f in footnotes_from_json(row.footnotes)])
        open_brackets = counted.open + counted.unbalanced
        require_brackets_confirmed(edit.status, open_brackets,
                                   confirmed=edit.confirm_open_brackets)
        if edit.status in SETTLED_STATUSES:
            confirmed = open_brackets
    before = {"text": row.text, "heading": row.heading, "number": row.number,
              "status": row.status, "marks": row.marks}
    held: list[paragraphs.Paragraph] = []
    if edit.text is not None and edit.text != row.text:
        set_unit_text(ctx, working, row, edit.text, held)
    else:
        row.version = bump_version(ctx, working)
    if edit.heading is not None:
        row.heading = edit.heading
    if edit.number is not None:
        row.number = edit.number
    if edit.status is not None:
        row.status = edit.status.value
    if edit.marks is not None:
        row.marks = marks  # over the new text: the carried ones are replaced
    after = {"text": row.text, "heading": row.heading, "number": row.number,
             "status": row.status, "marks": row.marks}
    changed = {k: after[k] for k in after if after[k] != before[k]}
    ctx.session.flush()
    # The history says what the paragraph was called then: numbers change.
    payload: dict[str, object] = {"document": document.id, "version": row.version,
                                  "changed": changed,
                                  "paragraph": revision_names(ctx, working.id).get(key)}
    if confirmed:
        payload["confirmed_open_brackets"] = confirmed
    history.record(ctx, history.process_stream(process.id), EventType.UNIT_EDITED,
                   f"unit:{document.id}:{key}", payload)
    try:
        # The answer is read before the commit: nothing that can fail follows it.
        ctx.session.flush()
        ctx.session.refresh(working)
        answer = revision_text(ctx, viewer, working, unit_views(ctx, working.id))
        ctx.commit()
    except BaseException:
        release_texts(held)
        raise
    return answer


def insert_unit(ctx: Ctx, document_id: int, *, expected_version: int, unit: UnitView,
                after: str | None) -> RevisionText:
    """Insert a unit into the working copy after the unit ``after`` (None: at the start).

    The new unit's parent is given in ``unit.parent``; it must exist in the working copy.
    """
    document, viewer = load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    process = viewer.process
    working = working_revision(ctx, document.id)
    claim_structure(ctx, working, expected_version)
    units = unit_views(ctx, working.id)
    if unit.key in unit_ids(ctx, document.id):
        raise Invalid(f"The key {unit.key} is taken in this document.", details={"field": "key"})
    _check_keys([unit])
    keys = [u.key for u in units]
    if after is not None and after not in keys:
        raise no_paragraph(ctx, document.id, after, "the working copy")
    index = keys.index(after) + 1 if after is not None else 0
    # Place the unit after the whole subtree of ``after`` when it is not that unit's child.
    if after is not None and unit.parent != after:
        subtree = {after}
        while index < len(units) and units[index].parent in subtree:
            subtree.add(units[index].key)
            index += 1
    units.insert(index, unit)
    replace_units(ctx, document, working, units)
    history.record(ctx, history.process_stream(process.id), EventType.UNIT_INSERTED,
                   f"unit:{document.id}:{unit.key}",
                   {"document": document.id, "version": working.version, "after": after,
                    "kind": unit.kind.value, "number": unit.number,
                    "paragraph": unit_names(units)[unit.key]})
    answer = revision_text(ctx, viewer, working, units)
    ctx.commit()
    return answer


def delete_unit(ctx: Ctx, document_id: int, key: str, *, expected_version: int) -> RevisionText:
    """Remove a unit and everything under it from the working copy."""
    document, viewer = load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    process = viewer.process
    working = working_revision(ctx, document.id)
    claim_structure(ctx, working, expected_version)
    units = unit_views(ctx, working.id)
    if key not in {u.key for u in units}:
        raise no_paragraph(ctx, document.id, key, "the working copy")
    removed = {key}
    for unit in units:
        if unit.parent in removed:
            removed.add(unit.key)
    kept = [u for u in units if u.key not in removed]
    replace_units(ctx, document, working, kept)
    history.record(ctx, history.process_stream(process.id), EventType.UNIT_DELETED,
                   f"unit:{document.id}:{key}",
                   {"document": document.id, "version": working.version,
                    "removed": sorted(removed), "paragraph": unit_names(units)[key]})
    answer = revision_text(ctx, viewer, working, kept)
    ctx.commit()
    return answer


def renumber_working_copy(ctx: Ctx, document_id: int, *, expected_version: int) -> RevisionText:
    """Number paragraphs continuously and re-letter sub-paragraphs (bis/alt disappear)."""
    document, viewer = load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    process = viewer.process
    working = working_revision(ctx, document.id)
    claim_structure(ctx, working, expected_version)
    units = renumber(unit_views(ctx, working.id))
    ids = unit_ids(ctx, document.id)
    rows = {row.unit_id: row for row in ctx.session.scalars(
        select(RevisionUnit).where(RevisionUnit.revision_id == working.id))}
    for unit in units:
        rows[ids[unit.key]].number = unit.number
    history.record(ctx, history.process_stream(process.id), EventType.WORKING_COPY_RENUMBERED,
                   f"document:{document.id}", {"version": working.version})
    answer = revision_text(ctx, viewer, working, units)
    ctx.commit()
    return answer


@dataclass(frozen=True)
class Renumbering:
    """What renumbering the working copy would do, before it is done."""

    version: int
    #: (key, name now, name after) of every unit whose number would change, in document order.
    changes: list[tuple[str, str, str]]
    #: How many units the working copy has.
    units: int


def renumber_preview(ctx: Ctx, document_id: int) -> Renumbering:
    """The old and new names of every unit renumbering would change (nothing is saved):
    "OP12 bis" -> "OP13". Whoever may renumber may see it."""
    document, _viewer = load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    working = working_revision(ctx, document.id)
    units = unit_views(ctx, working.id)
    after = renumber(units)
    before_names, after_names = unit_names(units), unit_names(after)
    changes = [(old.key, before_names[old.key], after_names[old.key])
               for old, new in zip(units, after, strict=True)
               if old.number != new.number or before_names[old.key] != after_names[old.key]]
    return Renumbering(working.version, changes, len(units))


# ---- reading revisions ---------------------------------------------------------------------


def list_documents(ctx: Ctx, process_id: int) -> list[Document]:
    enter(ctx, process_id, Action.VIEW_REVISIONS)
    return list(ctx.session.scalars(
        select(Document).where(Document.process_id == process_id).order_by(Document.id)))


def get_document(ctx: Ctx, document_id: int) -> tuple[Document, list[Revision]]:
    document, _ = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    return document, published_revisions(ctx, document.id)


def get_revision(ctx: Ctx, document_id: int, sequence: int) -> RevisionText:
    _, viewer = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    revision = revision_by_sequence(ctx, document_id, sequence)
    return revision_text(ctx, viewer, revision, unit_views(ctx, revision.id))


def reopen_unit(ctx: Ctx, document_id: int, sequence: int, key: str, *,
                reason: str) -> RevisionText:
    """The co-facilitators reopen a settled paragraph (agreed or adopted) of the latest
    published revision, saying why, so that delegations may propose amendments to it again.

    Refused: a revision that is not the latest (409, with the latest), a paragraph that is
    open, or reopened already (422).
    """
    document, viewer = load_document(ctx, document_id, Action.SET_UNIT_STATUS)
    revision = revision_by_sequence(ctx, document_id, sequence)
    latest = latest_published(ctx, document.id)
    assert latest is not None
    if latest.id != revision.id:
        raise StaleState(f"{revision.label} has been superseded by {latest.label}: reopen the "
                         f"paragraph there.",
                         details={"current": {"revision_id": latest.id,
                                              "sequence": latest.sequence,
                                              "label": latest.label}})
    units = unit_views(ctx, revision.id)
    unit = next((u for u in units if u.key == key), None)
    if unit is None:
        raise no_paragraph(ctx, document.id, key, revision.label or "this revision")
    paragraph = unit_names(units)[key]
    if unit.status not in SETTLED_STATUSES:
        raise Invalid(f"{paragraph} is open in {revision.label}: there is nothing to reopen.",
                      details={"unit": key, "paragraph": paragraph, "status": unit.status.value})
    if key in reopened_keys(ctx, revision.id):
        raise Invalid(f"{paragraph} is reopened already in {revision.label}.",
                      details={"unit": key, "paragraph": paragraph, "status": unit.status.value})
    ctx.session.add(UnitReopening(revision_id=revision.id, unit_id=unit_ids(ctx, document.id)[key],
                                  reason=reason, reopened_by_id=ctx.require_user().id,
                                  reopened_at=ctx.now()))
    history.record(ctx, history.process_stream(viewer.process.id), EventType.UNIT_REOPENED,
                   f"unit:{document.id}:{key}",
                   {"document": document.id, "revision": revision.id, "sequence": sequence,
                    "unit": key, "paragraph": paragraph, "status": unit.status.value,
                    "reason": reason})
    answer = revision_text(ctx, viewer, revision, units)
    ctx.commit()
    return answer
