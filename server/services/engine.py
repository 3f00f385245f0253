"""What the text engine tells about a document: amendments carried onto new revisions,
collisions, compilation text, lineage and attribution.

The amendments shown are always those the viewer may see (drafts only to their delegation,
attributed amendments only where the policy lets the viewer see them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select

from server.core.amendments import OPEN_STATES, AmendmentKind, AmendmentState
from server.core.attribution import AttributedSpan, attribute
from server.core.compilation import Compilation, compile_text
from server.core.errors import NotFound
from server.core.lineage import LineageEntry, lineage
from server.core.policy import Action, Actor, may_view_amendments
from server.core.rebase import (
    AmendmentView,
    Carried,
    Change,
    Collision,
    Outcome,
    carry_all,
    collisions,
)
from server.core.text import UnitView
from server.models import (
    Amendment,
    AmendmentCarry,
    Cluster,
    CoProponent,
    Delegation,
    Document,
    Process,
    Revision,
    Unit,
)
from server.services import history
from server.services.access import phase_of, settings_of
from server.services.amendments import latest_carries, visible_to
from server.services.context import Ctx
from server.services.documents import (
    load_document,
    published_revisions,
    revision_by_sequence,
    unit_views,
)

# ---- amendments as the engine sees them ------------------------------------------------------


def _views(ctx: Ctx, amendments: Sequence[Amendment], *,
           anchored: bool = True) -> tuple[list[AmendmentView], dict[int, int]]:
    """AmendmentViews (anchored on their latest carry when asked), and the revision id each
    is anchored on now."""
    if not amendments:
        return [], {}
    ids = [a.id for a in amendments]
    keys = dict(ctx.session.execute(select(Unit.id, Unit.key).where(
        Unit.id.in_({a.unit_id for a in amendments}))).all())
    clusters = dict(ctx.session.execute(select(Cluster.id, Cluster.key).where(
        Cluster.id.in_({a.cluster_id for a in amendments if a.cluster_id}))).all())
    carries = latest_carries(ctx, ids) if anchored else {}
    co_rows = ctx.session.execute(
        select(CoProponent.amendment_id, CoProponent.delegation_id)
        .where(CoProponent.amendment_id.in_(ids)).order_by(CoProponent.delegation_id)).all()
    codes = dict(ctx.session.execute(select(Delegation.id, Delegation.code).where(
        Delegation.id.in_({a.delegation_id for a in amendments} | {d for _, d in co_rows})))
        .all())
    sequences = dict(ctx.session.execute(select(Revision.id, Revision.sequence).where(
        Revision.id.in_({a.revision_id for a in amendments}
                        | {c.revision_id for c in carries.values()}))).all())
    co: dict[int, list[str]] = {}
    for amendment_id, delegation_id in co_rows:
        co.setdefault(amendment_id, []).append(codes[delegation_id])
    views: list[AmendmentView] = []
    anchors: dict[int, int] = {}
    for a in amendments:
        carry = carries.get(a.id)
        base, text, revision_id = a.base_text, a.text, a.revision_id
        if carry is not None and carry.outcome == Outcome.APPLIES and carry.base_text is not None:
            base, text, revision_id = carry.base_text, carry.proposed_text, carry.revision_id
        anchors[a.id] = revision_id
        views.append(AmendmentView(
            id=a.id, unit=keys[a.unit_id], kind=AmendmentKind(a.kind),
            state=AmendmentState(a.state),
            proponents=(codes[a.delegation_id], *co.get(a.id, [])), base_text=base,
            text=text, revision=sequences[revision_id],
            cluster=clusters.get(a.cluster_id) if a.cluster_id else None,
            justification=a.justification))
    return views, anchors


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
    views, _ = _views(ctx, open_amendments)
    by_id = {a.id: a for a in open_amendments}
    report = CarryReport([], [], [])
    for carried in carry_all(views, previous, current):
        if carried.outcome is Outcome.UNCHANGED:
            continue
        if carried.redundant and carried.outcome is Outcome.APPLIES:
            # The new text already says what it proposes: nothing is left on the table.
            carried = replace(carried, outcome=Outcome.OVERTAKEN,
                              reason="The new revision already makes this change.")
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
        history.record(ctx, history.process_stream(amendment.process_id), "amendment.carried",
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


# ---- reading -----------------------------------------------------------------------------------


def _visible_open(ctx: Ctx, process: Process, actor: Actor,
                  document_id: int) -> list[Amendment]:
    """The document's amendments the actor may see (see amendments.visible_to)."""
    return list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id, visible_to(actor, process))
        .order_by(Amendment.id)))


def _actor(ctx: Ctx, document_id: int) -> tuple[Document, Process, Actor]:
    from server.services.access import enter

    document, process = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    _, actor = enter(ctx, process.id, Action.VIEW_REVISIONS)
    return document, process, actor


def compilation(ctx: Ctx, document_id: int, sequence: int, *, delegations: set[str] | None,
                clusters: set[str] | None, states: set[AmendmentState] | None
                ) -> tuple[Revision, Compilation]:
    """The revision with the amendments anchored on it inlined and attributed."""
    _, process, actor = _actor(ctx, document_id)
    revision = revision_by_sequence(ctx, document_id, sequence)
    units = unit_views(ctx, revision.id)
    views, _ = _views(ctx, _visible_open(ctx, process, actor, document_id))
    text_of = {u.key: u.text for u in units}
    # Made (or re-anchored) on this revision, or on an earlier one whose unit this revision
    # left as it was: those apply to it as they stand.
    on_revision = [v for v in views if v.revision == sequence or (
        v.revision < sequence and text_of.get(v.unit) == v.base_text)]
    return revision, compile_text(units, on_revision, delegations=delegations,
                                  clusters=clusters, states=states)


def document_collisions(ctx: Ctx, document_id: int) -> list[Collision]:
    """Pairs of open amendments (that the viewer may see) touching the same words."""
    _, process, actor = _actor(ctx, document_id)
    views, _ = _views(ctx, _visible_open(ctx, process, actor, document_id))
    return collisions(views)


def revision_lineage(ctx: Ctx, document_id: int, from_sequence: int, to_sequence: int, *,
                     by_identity: bool) -> list[LineageEntry]:
    _actor(ctx, document_id)
    old = unit_views(ctx, revision_by_sequence(ctx, document_id, from_sequence).id)
    new = unit_views(ctx, revision_by_sequence(ctx, document_id, to_sequence).id)
    return lineage(old, new, by_identity=by_identity)


def unit_attribution(ctx: Ctx, document_id: int, key: str,
                     sequence: int | None) -> tuple[int, list[AttributedSpan], bool]:
    """Who put each word of unit ``key`` there, as of revision ``sequence`` (default: the
    latest). The third value says whether amendments and proponents may be shown."""
    _, process, actor = _actor(ctx, document_id)
    revisions = published_revisions(ctx, document_id)
    if sequence is not None:
        revisions = [r for r in revisions if r.sequence <= sequence]
    if not revisions or (sequence is not None and revisions[-1].sequence != sequence):
        raise NotFound(f"No published revision {sequence} of document {document_id}.")
    texts: list[tuple[int, str | None]] = []
    for revision in revisions:
        unit = next((u for u in unit_views(ctx, revision.id) if u.key == key), None)
        texts.append((revision.sequence, unit.text if unit else None))
    if texts[-1][1] is None:
        raise NotFound(f"No unit {key} in {revisions[-1].label}.")
    reflected_rows = list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id,
        Amendment.state.in_([AmendmentState.REFLECTED.value, AmendmentState.MERGED.value]),
        Amendment.settled_in_revision_id.is_not(None))))
    views, _ = _views(ctx, reflected_rows, anchored=False)
    sequence_of = {r.id: r.sequence for r in revisions}
    reflected: dict[int, list[AmendmentView]] = {}
    for row, view in zip(reflected_rows, views, strict=True):
        settled = sequence_of.get(row.settled_in_revision_id or -1)
        if settled is not None:
            reflected.setdefault(settled, []).append(view)
    spans = attribute(texts, reflected, unit=key)
    return revisions[-1].sequence, spans, may_view_amendments(
        actor, phase_of(process), settings_of(process))
