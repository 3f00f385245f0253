"""Comparing two revisions of a document, unit by unit."""

from __future__ import annotations

from dataclasses import dataclass

from server.core.diff import Op, Span, word_diff
from server.core.policy import Action
from server.core.text import UnitStatus, UnitView
from server.features.common.context import Ctx
from server.features.text.service import load_document, revision_by_sequence, unit_views


@dataclass(frozen=True)
class UnitComparison:
    key: str
    change: str  # unchanged | edited | new | deleted
    before: UnitView | None
    after: UnitView | None
    spans: list[Span]


def _visible_text(unit: UnitView) -> str:
    return unit.text if unit.text or not unit.heading else unit.heading


def compare(ctx: Ctx, document_id: int, from_sequence: int, to_sequence: int,
            *, changed_only: bool = False) -> list[UnitComparison]:
    """Every unit of either revision, in the newer revision's order (deleted units where they
    stood), with its word diff. Units are matched by stable identity, never by number."""
    load_document(ctx, document_id, Action.VIEW_REVISIONS)
    old = unit_views(ctx, revision_by_sequence(ctx, document_id, from_sequence).id)
    new = unit_views(ctx, revision_by_sequence(ctx, document_id, to_sequence).id)
    old_by_key = {u.key: u for u in old}
    new_keys = {u.key for u in new}
    result: list[UnitComparison] = []
    deleted_after: dict[str | None, list[UnitView]] = {}
    previous: str | None = None
    for unit in old:
        if unit.key not in new_keys:
            deleted_after.setdefault(previous, []).append(unit)
        else:
            previous = unit.key

    def emit_deleted(anchor: str | None) -> None:
        for gone in deleted_after.pop(anchor, []):
            result.append(UnitComparison(gone.key, "deleted", gone, None,
                                         [Span(Op.DELETE, _visible_text(gone))]
                                         if _visible_text(gone) else []))

    emit_deleted(None)
    for unit in new:
        before = old_by_key.get(unit.key)
        if before is None:
            text = _visible_text(unit)
            result.append(UnitComparison(unit.key, "new", None, unit,
                                         [Span(Op.INSERT, text)] if text else []))
        else:
            spans = word_diff(_visible_text(before), _visible_text(unit))
            same = before == unit
            if not (same and changed_only):
                result.append(UnitComparison(unit.key, "unchanged" if same else "edited",
                                             before, unit, spans))
        emit_deleted(unit.key)
    for anchor in list(deleted_after):
        emit_deleted(anchor)
    return result


def counts(comparisons: list[UnitComparison]) -> dict[str, int]:
    totals = {"unchanged": 0, "edited": 0, "new": 0, "deleted": 0}
    for item in comparisons:
        totals[item.change] += 1
    return totals


def status_of(unit: UnitView | None) -> UnitStatus | None:
    return unit.status if unit else None
