"""Comparing two revisions of a document, unit by unit, paired by lineage.

Units are paired by :func:`server.core.lineage.lineage`: by stable identity first (a unit
keeps its key across revisions made in Accord, and an imported revision's units keep the key
of the unit they continue, as lineage matched them and the co-facilitators corrected), then
by evidence (words, place, parent, neighbours) for units whose keys differ when it is near
certain (:data:`EVIDENCE_CONFIDENCE`), so that renumbered text shows as edited or moved,
never as deleted and new. A unit whose place changed (another parent, or out of order) is ``moved``
and names where it was as the older revision numbers it (``moved_from``: "Article 4.13",
"OP12 bis"). A split pairs the old unit with its first part (the other parts are new, moved
from it when they sit elsewhere); a merger pairs the new unit with the first merged one (the
others are deleted).
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.diff import Op, Span, word_diff
from server.core.lineage import LineageStatus, lineage
from server.core.naming import unit_names
from server.core.policy import Action
from server.core.text import UnitStatus, UnitView
from server.features.common.context import Ctx
from server.features.text.service import load_document, revision_by_sequence, unit_views

#: Keys are the lineage Accord keeps (an imported revision's units keep the keys of those
#: they continue, as matched and corrected in the import preview): units whose keys differ
#: are paired by evidence only when it is this sure, say the same words under a new key.
EVIDENCE_CONFIDENCE = 0.9

#: The kinds of change a compared unit shows.
CHANGES = ("unchanged", "edited", "moved", "new", "deleted")


@dataclass(frozen=True)
class UnitComparison:
    key: str
    change: str  # one of CHANGES
    before: UnitView | None
    after: UnitView | None
    spans: list[Span]
    #: For a moved unit: where it was, as the older revision numbers it.
    moved_from: str | None = None


def _visible_text(unit: UnitView) -> str:
    return unit.text if unit.text or not unit.heading else unit.heading


def pair_units(old: list[UnitView], new: list[UnitView]) -> list[UnitComparison]:
    """Every unit of either revision, in the newer revision's order (deleted units right
    after the unit that precedes them in the older one), each paired with its predecessor
    by lineage, with its word diff (a pure step: no database)."""
    names = unit_names(old)
    old_by_key = {u.key: u for u in old}
    predecessor: dict[str, tuple[str, bool]] = {}  # new key -> (old key, moved)
    paired_old: set[str] = set()
    for entry in lineage(old, new, by_identity=True):
        if entry.match not in ("key", "") and entry.confidence < EVIDENCE_CONFIDENCE:
            continue  # the keys say otherwise (a co-facilitator's correction, say)
        if entry.status is LineageStatus.SPLIT:
            predecessor[entry.new[0]] = (entry.old[0], False)  # the other parts: new
            paired_old.add(entry.old[0])
        elif entry.status is LineageStatus.MERGED:
            predecessor[entry.new[0]] = (entry.old[0], False)
            paired_old.add(entry.old[0])
        elif entry.old and entry.new:
            predecessor[entry.new[0]] = (entry.old[0],
                                         entry.status is LineageStatus.MOVED)
            paired_old.add(entry.old[0])
    deleted_after: dict[str | None, list[UnitView]] = {}
    previous: str | None = None
    successor = {old_key: new_key for new_key, (old_key, _) in predecessor.items()}
    for unit in old:
        if unit.key not in paired_old:
            deleted_after.setdefault(previous, []).append(unit)
        else:
            previous = successor[unit.key]
    result: list[UnitComparison] = []

    def emit_deleted(anchor: str | None) -> None:
        for gone in deleted_after.pop(anchor, []):
            text = _visible_text(gone)
            result.append(UnitComparison(gone.key, "deleted", gone, None,
                                         [Span(Op.DELETE, text)] if text else []))

    emit_deleted(None)
    for unit in new:
        found = predecessor.get(unit.key)
        if found is None:
            text = _visible_text(unit)
            result.append(UnitComparison(unit.key, "new", None, unit,
                                         [Span(Op.INSERT, text)] if text else []))
        else:
            before = old_by_key[found[0]]
            spans = word_diff(_visible_text(before), _visible_text(unit))
            same = _same(before, unit)
            if found[1]:
                change, moved_from = "moved", names.get(before.key)
            else:
                change, moved_from = ("unchanged" if same else "edited"), None
            result.append(UnitComparison(unit.key, change, before, unit, spans, moved_from))
        emit_deleted(unit.key)
    for anchor in list(deleted_after):
        emit_deleted(anchor)
    return result


def _same(before: UnitView, after: UnitView) -> bool:
    """Nothing but the key (and so the place in the tree, by key) differs."""
    return before == after or (
        before.kind is after.kind and before.number == after.number
        and before.text == after.text and before.heading == after.heading
        and before.status == after.status and before.marks == after.marks
        and before.footnotes == after.footnotes and before.notes == after.notes
        and before.option == after.option)


def compare(ctx: Ctx, document_id: int, from_sequence: int, to_sequence: int,
            *, changed_only: bool = False,
            language: str | None = None) -> list[UnitComparison]:
    """Every unit of either revision, in the newer revision's order (deleted units where they
    stood), with its word diff, paired by lineage (see :func:`pair_units`); with
    ``language``, of the two revisions' versions in that language."""
    load_document(ctx, document_id, Action.VIEW_REVISIONS)
    before = revision_by_sequence(ctx, document_id, from_sequence)
    after = revision_by_sequence(ctx, document_id, to_sequence)
    old = unit_views(ctx, before.id)
    new = unit_views(ctx, after.id)
    if language is not None:
        from server.features.translations.service import language_version

        old = language_version(ctx, before, old, language).units
        new = language_version(ctx, after, new, language).units
    result = pair_units(old, new)
    if changed_only:
        result = [c for c in result if c.change != "unchanged"]
    return result


def marks_before(item: UnitComparison) -> list[tuple[int, int, str]]:
    """The older text's formatting runs, as offsets into the text the diff's ``equal`` and
    ``delete`` spans make up (none when the diff is of a heading, or for a new unit)."""
    before = item.before
    if before is None or not before.text:
        return []
    return [(m.start, m.end, m.style) for m in before.marks]


def counts(comparisons: list[UnitComparison]) -> dict[str, int]:
    totals = dict.fromkeys(CHANGES, 0)
    for item in comparisons:
        totals[item.change] += 1
    return totals


def status_of(unit: UnitView | None) -> UnitStatus | None:
    return unit.status if unit else None
