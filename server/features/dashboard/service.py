"""Figures for the dashboard's charts: amendments per delegation, cluster and state, and the
text's progress revision by revision (paragraphs agreed, brackets still open)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from server.core.brackets import text_brackets
from server.core.policy import Action
from server.core.text import UnitKind, UnitStatus
from server.features.amendments.service import all_visible
from server.features.common.access import enter
from server.features.common.context import Ctx
from server.features.text.service import published_revisions, unit_views
from server.models import Cluster, Document

#: Units that hold text to agree (sections and the preamble heading only group them).
_TEXT_KINDS = frozenset({UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH})


@dataclass
class RevisionFigures:
    document_id: int
    revision_id: int
    sequence: int
    label: str | None
    units: int
    units_agreed: int
    #: Brackets over the revision's paragraphs (core.brackets.text_brackets: footnote marks
    #: and links left out, a bracket from a chapeau to its last sub-item counted once).
    open_brackets: int
    alternatives: int = 0
    options: int = 0
    unbalanced: int = 0
    #: Paragraphs the "with brackets" filter keeps.
    units_with_brackets: int = 0


@dataclass
class Dashboard:
    amendments_total: int
    per_delegation: list[tuple[str, str | None, int]] = field(default_factory=list)
    per_cluster: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    per_state: list[tuple[str, str | None, int]] = field(default_factory=list)
    revisions: list[RevisionFigures] = field(default_factory=list)


def figures(ctx: Ctx, process_id: int) -> Dashboard:
    """What the viewer may see, counted: amendments hidden from them are not counted."""
    process, _actor = enter(ctx, process_id, Action.VIEW_REVISIONS)
    records = all_visible(ctx, process.id)
    clusters = {c.id: c for c in ctx.session.scalars(
        select(Cluster).where(Cluster.process_id == process.id))}
    by_delegation = Counter(r.delegation for r in records)
    by_cluster = Counter(r.amendment.cluster_id for r in records)
    by_state = Counter(r.amendment.state for r in records)
    result = Dashboard(amendments_total=len(records))
    result.per_delegation = [(code, None, n) for code, n in
                             sorted(by_delegation.items(), key=lambda kv: (-kv[1], kv[0]))]
    result.per_cluster = [
        (clusters[cid].key if cid in clusters else None,
         clusters[cid].name if cid in clusters else None, n)
        for cid, n in sorted(by_cluster.items(), key=lambda kv: (-kv[1], kv[0] or 0))]
    result.per_state = [(state, None, n) for state, n in sorted(by_state.items())]
    documents = ctx.session.scalars(select(Document).where(Document.process_id == process.id)
                                    .order_by(Document.id))
    for document in documents:
        for revision in published_revisions(ctx, document.id):
            every = unit_views(ctx, revision.id)
            counted = text_brackets(every)
            units = [u for u in every if u.kind in _TEXT_KINDS]
            brackets = [counted.units[u.key] for u in units]
            agreed = sum(1 for u in units if u.status is not UnitStatus.OPEN)
            result.revisions.append(RevisionFigures(
                document_id=document.id, revision_id=revision.id, sequence=revision.sequence,
                label=revision.label, units=len(units), units_agreed=agreed,
                open_brackets=sum(b.open for b in brackets),
                alternatives=sum(b.alternatives for b in brackets),
                options=sum(b.options for b in brackets),
                unbalanced=sum(b.unbalanced for b in brackets),
                units_with_brackets=sum(1 for b in brackets if b.any)))
    return result
