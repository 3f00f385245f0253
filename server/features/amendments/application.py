"""Applying amendments to the working copy: what the co-facilitators do when the room takes
a proposal up, as proposed or with changes, one or several at once.

Each application edits the working copy (core.application says what each kind does), is
recorded (amendment_applications: the paragraph's text before and after, by whom, when) and
logged, and may decide the amendment reflected or merged in the same step. The revision the
working copy becomes records every applied amendment as reflected (text/publication.py), and
attribution gives the words an application put there to its amendment (engine).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

import server.features.history.service as history
from server.core.amendments import AmendmentKind, AmendmentState, check_version
from server.core.application import applied_text
from server.core.errors import Invalid, NotFound
from server.core.events import EventType
from server.core.policy import (
    Action,
    AmendmentAction,
    AmendmentFacts,
    check_applicable,
    require_amendment_permission,
)
from server.core.richtext import carry
from server.core.text import UnitKind, UnitView, inserted_number
from server.features.amendments.service import (
    AmendmentRecord,
    amendment_views,
    applied_now,
    is_private,
    record_of,
    settle_decision,
)
from server.features.coedit.paragraphs import Paragraph
from server.features.common.access import Viewer
from server.features.common.context import Ctx
from server.features.text.service import (
    RevisionText,
    claim_structure,
    load_document,
    lock_unit,
    new_key,
    release_texts,
    replace_units,
    revision_text,
    set_unit_text,
    unit_ids,
    unit_views,
    working_revision,
)
from server.models import Amendment, AmendmentApplication, Revision, Unit

#: At most this many amendments in one request.
MAX_AT_ONCE = 100


@dataclass(frozen=True)
class ApplicationRequest:
    """One amendment to apply: as proposed (``text`` None) or with changes (``text``: the
    amendment's text as the co-facilitators reword it), and optionally decided at once."""

    amendment_id: int
    text: str | None = None
    decision: AmendmentState | None = None
    note: str = ""
    #: The amendment's version the client saw; checked when given (409 when stale).
    expected_version: int | None = None


@dataclass(frozen=True)
class Applied:
    """One application as recorded, with the amendment as it is now and the key of the
    unit it edited or removed (for add_unit, the new one)."""

    application: AmendmentApplication
    amendment: AmendmentRecord
    unit_key: str


def _subtree_end(units: Sequence[UnitView], index: int) -> int:
    """The index just after unit ``index`` and everything under it."""
    inside = {units[index].key}
    end = index + 1
    while end < len(units) and units[end].parent in inside:
        inside.add(units[end].key)
        end += 1
    return end


def _new_unit(units: Sequence[UnitView], target: UnitView, key: str, text: str) -> UnitView:
    """The paragraph an ``add_unit`` amendment adds after ``target``: of its kind and under
    its parent, numbered ``12 bis`` (the first free suffix); after a section or the
    preamble, a paragraph at its end."""
    if target.kind in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH):
        taken = {u.number for u in units if u.number}
        number = inserted_number(target.number, taken) if target.number else None
        return UnitView(key, target.kind, target.parent, number, text)
    return UnitView(key, UnitKind.PARAGRAPH, target.key, None, text)


def _with_text(unit: UnitView, text: str) -> UnitView:
    """``unit`` with the text ``text``, its formatting, footnotes and notes carried through
    the change (as the stored row's are, coedit.paragraphs.store)."""
    carried = carry(unit.text, text, unit.marks, unit.footnotes, unit.notes)
    return replace(unit, text=text, marks=carried.marks, footnotes=carried.footnotes,
                   notes=carried.notes)


def apply_amendments(ctx: Ctx, document_id: int, *, expected_version: int,
                     requests: Sequence[ApplicationRequest]
                     ) -> tuple[RevisionText, list[Applied]]:
    """Apply ``requests`` to the document's working copy, in order, in one step: all of
    them or none (the first refusal leaves everything as it was).

    Refusals: an amendment not in this document, or a draft (404); one in a state that
    cannot be applied, of a kind that changes no text, applied already, or named twice
    (422); as proposed, a ``change_words`` amendment whose words the working copy changed
    since (409: give the text); the working copy changed since ``expected_version`` (409).
    Deciding needs the right to decide (co-facilitators, in negotiation).
    """
    if not requests:
        raise Invalid("Name at least one amendment to apply.", details={"field": "amendments"})
    if len(requests) > MAX_AT_ONCE:
        raise Invalid(f"Apply at most {MAX_AT_ONCE} amendments at once.",
                      details={"field": "amendments"})
    ids = [r.amendment_id for r in requests]
    if len(set(ids)) != len(ids):
        raise Invalid("Each amendment is applied once: one is named twice.",
                      details={"field": "amendments"})
    for request in requests:
        if request.decision is not None and request.decision not in (
                AmendmentState.REFLECTED, AmendmentState.MERGED):
            raise Invalid("Applying decides an amendment reflected or merged, or nothing.",
                          details={"field": "decision", "amendment": request.amendment_id})
    document, viewer = load_document(ctx, document_id, Action.APPLY_AMENDMENT)
    rows = {a.id: a for a in ctx.session.scalars(select(Amendment).where(
        Amendment.id.in_(ids), Amendment.document_id == document.id))}
    for amendment_id in ids:
        if amendment_id not in rows or is_private(rows[amendment_id]):
            raise NotFound(f"No amendment {amendment_id} on this document.",
                           details={"amendment": amendment_id})
    already = applied_now(ctx, ids)
    for request in requests:
        row = rows[request.amendment_id]
        facts = AmendmentFacts(AmendmentState(row.state), row.delegation_id,
                               kind=AmendmentKind(row.kind), applied=row.id in already)
        require_amendment_permission(viewer.actor, viewer.phase, facts, AmendmentAction.APPLY)
        if request.decision is not None:
            require_amendment_permission(viewer.actor, viewer.phase, facts,
                                         AmendmentAction.DECIDE)
        check_applicable(facts)
        if request.expected_version is not None:
            check_version(request.expected_version, row.version, row)
    working = working_revision(ctx, document.id)
    units = unit_views(ctx, working.id)
    taken_keys = set(unit_ids(ctx, document.id))
    views, _ = amendment_views(ctx, [rows[i] for i in ids])
    view_of = {v.id: v for v in views}
    # What each application does, in order, to the units in memory; then written at once.
    done: list[tuple[ApplicationRequest, str, str | None, str | None]] = []
    texts: dict[str, str] = {}  # paragraphs whose text changes, and their new text
    restructured = False
    for request in requests:
        row, view = rows[request.amendment_id], view_of[request.amendment_id]
        keys = [u.key for u in units]
        if view.unit not in keys:
            raise Invalid(f"The paragraph amendment {row.id} targets is no longer in the "
                          "working copy.", details={"amendment": row.id, "unit": view.unit})
        index = keys.index(view.unit)
        target = units[index]
        new_text = applied_text(view, target.text, request.text)
        if view.kind is AmendmentKind.DELETE_UNIT:
            units = units[:index] + units[_subtree_end(units, index):]
            restructured = True
            done.append((request, target.key, target.text, None))
        elif view.kind is AmendmentKind.ADD_UNIT:
            added = _new_unit(units, target, new_key(taken_keys), new_text or "")
            taken_keys.add(added.key)
            end = _subtree_end(units, index)
            units = [*units[:end], added, *units[end:]]
            restructured = True
            done.append((request, added.key, None, added.text))
        else:
            units[index] = _with_text(target, new_text or "")
            if new_text != target.text:
                texts[target.key] = new_text or ""
            done.append((request, target.key, target.text, new_text))
    # The working copy's own version rules (text service): a paragraph is stale only when it
    # changed since ``expected_version``; an insertion or removal, when the structure did.
    locked = {key: lock_unit(ctx, working, key, expected_version) for key in texts}
    if restructured:
        claim_structure(ctx, working, expected_version)
    held: list[Paragraph] = []
    try:
        for key, text in texts.items():
            set_unit_text(ctx, working, locked[key], text, held)
        if restructured:
            replace_units(ctx, document, working, units)
        _write_applications(ctx, document.id, working, rows, done, viewer)
        # The answer is read before the commit: nothing that can fail follows it.
        ctx.session.flush()
        ctx.session.refresh(working)
        found = {a.amendment_id: a for a in ctx.session.scalars(
            select(AmendmentApplication).where(
                AmendmentApplication.revision_id == working.id,
                AmendmentApplication.amendment_id.in_(ids)))}
        answer = (revision_text(ctx, viewer, working, unit_views(ctx, working.id)),
                  [Applied(found[r.amendment_id], record_of(ctx, rows[r.amendment_id], viewer),
                           key) for r, key, _, _ in done])
        ctx.commit()
    except BaseException:
        release_texts(held)
        raise
    return answer


def _write_applications(ctx: Ctx, document_id: int, working: Revision, rows: dict[int, Amendment],
            done: Sequence[tuple[ApplicationRequest, str, str | None, str | None]],
            viewer: Viewer) -> None:
    """Record each application, log it, and decide its amendment when asked."""
    unit_id = unit_ids(ctx, document_id)
    user_id, now = ctx.require_user().id, ctx.now()
    for request, key, before, after in done:
        row = rows[request.amendment_id]
        application = AmendmentApplication(
            amendment_id=row.id, revision_id=working.id, unit_id=unit_id[key], kind=row.kind,
            text_before=before, text_after=after, edited=request.text is not None,
            applied_by_id=user_id, applied_at=now)
        ctx.session.add(application)
        history.record(ctx, history.process_stream(row.process_id), EventType.AMENDMENT_APPLIED,
                       f"amendment:{row.id}",
                       {"document": document_id, "unit": key, "kind": row.kind,
                        "edited": application.edited, "before": before, "after": after,
                        "decision": request.decision.value if request.decision else None})
        if request.decision is not None:
            settle_decision(ctx, row, request.decision, request.note,
                            decided_by=viewer.actor.user_id, applied=True)
    ctx.session.flush()


def applications(ctx: Ctx, document_id: int) -> list[tuple[AmendmentApplication, str]]:
    """The amendments applied to the document's working copy so far, in the order they were
    applied, each with the key of the unit it edited, removed or added."""
    document, _ = load_document(ctx, document_id, Action.VIEW_WORKING_COPY)
    working = working_revision(ctx, document.id)
    return [(row, key) for row, key in ctx.session.execute(
        select(AmendmentApplication, Unit.key).join(Unit, Unit.id == AmendmentApplication.unit_id)
        .where(AmendmentApplication.revision_id == working.id)
        .order_by(AmendmentApplication.id))]
