"""Publishing a revision: freezing the working copy, recording what it reflects, and carrying
every open amendment onto it (applies, conflicts, overtaken).

A write, kept apart from the read-side engine (server/features/engine), which never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select

import server.features.history.service as history
from server.core.amendments import OPEN_STATES, AmendmentState
from server.core.application import words_in_text
from server.core.errors import Invalid
from server.core.events import EventType
from server.core.naming import possessive, unit_name
from server.core.policy import Action
from server.core.rebase import REASONS, Carried, Change, Outcome, carry_all
from server.core.text import UnitView, revision_label
from server.features.amendments.service import amendment_views, settle_decision
from server.features.common.context import Ctx
from server.features.history.seals import seal_head
from server.features.text.service import (
    claim_working_copy,
    latest_published,
    load_document,
    unit_views,
    working_revision,
    write_units,
)
from server.models import Amendment, AmendmentApplication, AmendmentCarry, Delegation, Revision

# ---- publishing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationWarning:
    """Something the co-facilitators should know before the revision goes out (publishing
    goes ahead: a warning never refuses). ``code`` ``reflected_words_missing``: an amendment
    decided reflected or merged since the last revision whose words are not in the text."""

    code: str
    message: str
    amendment_id: int
    delegation: str
    delegation_name: str
    unit: str
    paragraph: str
    decision: str


@dataclass(frozen=True)
class Publication:
    revision: Revision
    reflected: list[int]
    overtaken: list[int]
    #: Open amendments re-anchored onto the new text, and those now in conflict with it.
    applies: list[int]
    conflicts: list[int]
    #: A preview: nothing was saved.
    dry_run: bool = False
    warnings: list[PublicationWarning] = field(default_factory=list)


def publish(ctx: Ctx, document_id: int, *, expected_version: int,
            label: str | None = None, dry_run: bool = False) -> Publication:
    """Freeze the working copy as the next revision and open a new working copy.

    Records the amendments the revision reflects (decided reflected or merged since the last
    one, and those applied to the working copy, which are decided reflected now if they were
    not decided yet) and carries every open amendment onto it (re-anchored, in conflict, or
    overtaken when its unit was rewritten or removed). Refuses to publish a revision
    identical to the previous one.

    With ``dry_run`` everything is done and then rolled back: the answer is exactly what
    publishing now would reflect, carry and overtake, and nothing is saved or announced.
    """
    document, viewer = load_document(ctx, document_id, Action.PUBLISH_REVISION)
    process = viewer.process
    working = working_revision(ctx, document.id)
    units = unit_views(ctx, working.id)
    if not units:
        raise Invalid("The working copy is empty; there is nothing to publish.")
    previous = latest_published(ctx, document.id)
    previous_units = unit_views(ctx, previous.id) if previous is not None else units
    if previous is not None and previous_units == units:
        raise Invalid(f"Nothing has changed since {previous.label}.")
    claim_working_copy(ctx, working, expected_version)
    now, user = ctx.now(), ctx.require_user()
    warnings = missing_words(ctx, document.id, working, units, previous_units)
    # Applying an amendment is taking it up: those applied and not yet decided are reflected.
    applied = set(ctx.session.scalars(select(AmendmentApplication.amendment_id).where(
        AmendmentApplication.revision_id == working.id)))
    for amendment in ctx.session.scalars(select(Amendment).where(
            Amendment.id.in_(applied), Amendment.state == AmendmentState.SUBMITTED.value)
            .order_by(Amendment.id)):
        settle_decision(ctx, amendment, AmendmentState.REFLECTED,
                        "Applied to the working copy.", decided_by=user.id, at_publication=True)
    working.published_at = now
    working.published_by_id = user.id
    working.label = label or revision_label(working.sequence)
    reflected: list[int] = []
    for amendment in ctx.session.scalars(select(Amendment).where(
            Amendment.document_id == document.id, Amendment.settled_in_revision_id.is_(None),
            Amendment.state.in_([AmendmentState.REFLECTED.value,
                                 AmendmentState.MERGED.value]))):
        amendment.settled_in_revision_id = working.id
        reflected.append(amendment.id)
    carried = carry_open_amendments(ctx, document.id, previous_units, units, working)
    successor = Revision(document_id=document.id, sequence=working.sequence + 1)
    ctx.session.add(successor)
    ctx.session.flush()
    write_units(ctx, document.id, successor.id, units)
    published = history.record(
        ctx, history.process_stream(process.id), EventType.REVISION_PUBLISHED,
        f"revision:{working.id}",
        {"document": document.id, "sequence": working.sequence, "label": working.label,
         "reflected": reflected, "applies": carried.applies, "conflicts": carried.conflicts,
         "overtaken": carried.overtaken, "warnings": [w.amendment_id for w in warnings]})
    # The revision carries the chain's head at its publication, and the head is sealed.
    working.history_hash = published.hash
    seal_head(ctx, history.process_stream(process.id), "publication")
    result = Publication(working, reflected, carried.overtaken, carried.applies,
                         carried.conflicts, dry_run=dry_run, warnings=warnings)
    if dry_run:
        ctx.session.expunge(working)  # keeps what it would have become, for the answer
        ctx.discard()
    else:
        ctx.commit()
    return result


def missing_words(ctx: Ctx, document_id: int, working: Revision, units: Sequence[UnitView],
                  previous: Sequence[UnitView]) -> list[PublicationWarning]:
    """The amendments decided reflected or merged since the last revision whose words are
    not in ``units`` (the working copy): neither applied to it nor otherwise there
    (core.application.words_in_text), each named by its delegation and paragraph."""
    applied = select(AmendmentApplication.amendment_id).where(
        AmendmentApplication.revision_id == working.id)
    rows = list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id, Amendment.settled_in_revision_id.is_(None),
        Amendment.state.in_([AmendmentState.REFLECTED.value, AmendmentState.MERGED.value]),
        Amendment.id.not_in(applied)).order_by(Amendment.id)))
    views, _ = amendment_views(ctx, rows)
    missing = [(row, view) for row, view in zip(rows, views, strict=True)
               if not words_in_text(view, units)]
    if not missing:
        return []
    names = dict(ctx.session.execute(select(Delegation.id, Delegation.name).where(
        Delegation.id.in_({row.delegation_id for row, _ in missing}))).all())
    in_working = {u.key for u in units}
    warnings: list[PublicationWarning] = []
    for row, view in missing:
        paragraph = unit_name(units if view.unit in in_working else previous,
                              view.unit) or "a paragraph"
        name = names[row.delegation_id]
        decision = AmendmentState(row.state).value.replace("_", " ")
        warnings.append(PublicationWarning(
            "reflected_words_missing",
            f"{possessive(name)} amendment to {paragraph} is decided {decision}, but its words "
            "are not in the working copy: apply it, or edit the text.",
            row.id, view.proponents[0], name, view.unit, paragraph, row.state))
    return warnings


# ---- carrying at publication ------------------------------------------------------------------


@dataclass(frozen=True)
class CarryReport:
    applies: list[int]
    conflicts: list[int]
    overtaken: list[int]


def carry_open_amendments(ctx: Ctx, document_id: int, previous: Sequence[UnitView],
                          current: Sequence[UnitView], revision: Revision) -> CarryReport:
    """Carry every open amendment of the document onto the revision being published.

    Applies: re-anchored on the new text (a carry row holds the new base and proposal);
    conflicts: stays open, the clash recorded; overtaken: its unit was deleted or rewritten,
    or the new text already makes the change it proposes.
    Lists hold only amendments that were ever submitted (drafts stay their delegation's).
    """
    open_amendments = list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id,
        Amendment.state.in_([s.value for s in OPEN_STATES])).order_by(Amendment.id)))
    views, _ = amendment_views(ctx, open_amendments)
    by_id = {a.id: a for a in open_amendments}
    report = CarryReport([], [], [])
    for carried in carry_all(views, previous, current):
        if carried.outcome is Outcome.UNCHANGED:
            continue
        if carried.redundant and carried.outcome is Outcome.APPLIES:
            # The new text already says what it proposes: nothing is left on the table.
            carried = replace(carried, outcome=Outcome.OVERTAKEN,
                              reason=REASONS["already_made"])
        amendment = by_id[carried.amendment_id]
        ctx.session.add(_carry_row(carried, revision))
        public = amendment.submitted_at is not None
        if carried.outcome is Outcome.OVERTAKEN:
            amendment.state = AmendmentState.OVERTAKEN.value
            amendment.settled_in_revision_id = revision.id
        target = {Outcome.APPLIES: report.applies, Outcome.CONFLICTS: report.conflicts,
                  Outcome.OVERTAKEN: report.overtaken}[carried.outcome]
        if public:
            target.append(amendment.id)
        payload: dict[str, object] = {"outcome": carried.outcome.value,
                                      "revision": revision.id, "reason": carried.reason}
        if not public:
            payload = {"restricted": True, "delegation": amendment.delegation_id,
                       "outcome": carried.outcome.value}
        history.record(ctx, history.process_stream(amendment.process_id),
                       EventType.AMENDMENT_CARRIED,
                       f"amendment:{amendment.id}", payload)
    return report


def _carry_row(carried: Carried, revision: Revision) -> AmendmentCarry:
    def changes(items: Sequence[Change]) -> list[dict[str, object]]:
        return [{"start": c.start, "end": c.end, "old": c.old, "new": c.new} for c in items]

    return AmendmentCarry(
        amendment_id=carried.amendment_id, revision_id=revision.id,
        outcome=carried.outcome.value, reason=carried.reason, base_text=carried.base_text,
        proposed_text=carried.proposed_text,
        details={"amendment_changes": changes(carried.amendment_changes),
                 "revision_changes": changes(carried.revision_changes),
                 "survival": carried.survival, "redundant": carried.redundant})
