"""Lineage across revisions: which unit of a revision came from which unit of the previous one.

Each unit of the new revision is matched to its predecessor even when it was renumbered,
moved, split or merged, and each unit is reported (:class:`LineageStatus`) as:

* ``unchanged``: same heading and text, same place (a new display number alone is still
  ``unchanged``, with ``renumbered`` set);
* ``edited``: same place, heading or text changed;
* ``moved``: its place changed: its parent is not the (successor of its) old parent, or its
  order relative to the other matched units changed (see :func:`lineage`); ``edited`` tells
  whether its text changed too;
* ``new`` / ``deleted``: no predecessor / no successor;
* ``split``: one old unit became several new ones (each new part is mostly made of the old
  unit's words, and together they cover most of it while none does alone);
* ``merged``: several old units became one new unit (the converse).

Matching, in order:

1. by identity (``by_identity=True``, revisions made in Accord): the same key is the same unit;
2. by identical content: units left over with the same heading and text, in order;
3. split and merge detection (also on top of identity: an old unit whose key survives with
   only part of its text, the rest being in new units, was split);
4. by similarity (revisions imported from a file, where keys differ): the ratio of
   :class:`difflib.SequenceMatcher` on the units' word tokens (case-folded), plus small
   bonuses when the display number (+0.05) or the heading (+0.05) is the same; pairs scoring
   at least :data:`SIMILARITY_THRESHOLD` are matched greedily, best first;
5. units with no words (an empty section, say) left over are matched by kind and number.

Also :func:`revision_diff`: the word diffs of the units whose text changed, matched by key.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Final

from server.core.diff import Span, word_diff
from server.core.rebase import fast_tokenize
from server.core.text import UnitView
from server.core.tokens import is_word_token

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "COVERAGE_THRESHOLD",
    "SIMILARITY_THRESHOLD",
    "LineageEntry",
    "LineageStatus",
    "lineage",
    "revision_diff",
]

#: Least score (SequenceMatcher ratio on word tokens, plus hint bonuses) for two units with
#: different keys to be taken for the same unit.
SIMILARITY_THRESHOLD: Final[float] = 0.5
#: A part of a split (or of a merger) must have at least this share of its words in the
#: whole it came from (went into).
CONTAINMENT_THRESHOLD: Final[float] = 0.7
#: The parts of a split (merger) together must cover at least this share of the whole's
#: words, and no single part may.
COVERAGE_THRESHOLD: Final[float] = 0.7

_NUMBER_BONUS: Final = 0.05
_HEADING_BONUS: Final = 0.05
_CANDIDATES: Final = 12  # most promising candidates examined per unit
_RARE_WORDS: Final = 6  # rarest words of a unit used to find its candidates


class LineageStatus(StrEnum):
    """What happened to a unit between two revisions."""

    UNCHANGED = "unchanged"
    EDITED = "edited"
    MOVED = "moved"
    NEW = "new"
    DELETED = "deleted"
    SPLIT = "split"
    MERGED = "merged"


@dataclass(frozen=True, slots=True)
class LineageEntry:
    """One line of a lineage report.

    ``old`` / ``new``: the unit keys on each side (one on each side for unchanged, edited
    and moved; several new for split, several old for merged; none on one side for new and
    deleted), in document order. ``old_numbers`` / ``new_numbers``: their display numbers.
    ``match``: how the predecessor was found: ``"key"``, ``"text"`` (identical content),
    ``"similarity"``, ``"number"`` (units without words), ``"parts"`` (split / merged) or
    ``""`` (new, deleted). ``similarity``: 1.0 for identical content, the word-token ratio
    otherwise (0.0 for new and deleted). ``edited``: heading or text changed. ``renumbered``:
    a display number changed.
    """

    status: LineageStatus
    old: tuple[str, ...]
    new: tuple[str, ...]
    old_numbers: tuple[str | None, ...]
    new_numbers: tuple[str | None, ...]
    match: str
    similarity: float
    edited: bool
    renumbered: bool


class _Side:
    """One revision's units, with their word tokens computed on demand."""

    __slots__ = ("_bags", "_words", "index", "units")

    def __init__(self, units: Sequence[UnitView]) -> None:
        self.units = units
        self.index: dict[str, int] = {}
        for i, unit in enumerate(units):
            if unit.key in self.index:
                raise ValueError(f"unit key {unit.key!r} appears twice in one revision")
            self.index[unit.key] = i
        self._words: dict[int, list[str]] = {}
        self._bags: dict[int, Counter[str]] = {}

    def words(self, i: int) -> list[str]:
        """The case-folded word tokens of unit ``i``'s heading and text."""
        found = self._words.get(i)
        if found is None:
            unit = self.units[i]
            content = f"{unit.heading}\n{unit.text}" if unit.heading else unit.text
            found = [t.casefold() for t in fast_tokenize(content) if is_word_token(t)]
            self._words[i] = found
        return found

    def bag(self, i: int) -> Counter[str]:
        """Unit ``i``'s words as a multiset."""
        found = self._bags.get(i)
        if found is None:
            found = self._bags[i] = Counter(self.words(i))
        return found


def _content(unit: UnitView) -> tuple[str, str]:
    return (unit.heading or "", unit.text)


def _contained(part: Counter[str], whole: Counter[str]) -> float:
    """Share of ``part``'s words (as a multiset) found in ``whole``."""
    total = sum(part.values())
    if total == 0:
        return 0.0
    return sum((part & whole).values()) / total


def _ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _candidates(bag: Counter[str], pool: set[int],
                postings: dict[str, list[int]]) -> list[int]:
    """Units in ``pool`` sharing the most of the rarest words of ``bag``."""
    present = [w for w in bag if postings.get(w)]
    rare = sorted(present, key=lambda w: (len(postings[w]), w))[:_RARE_WORDS]
    counts: Counter[int] = Counter()
    for word in rare:
        for i in postings.get(word, ()):
            if i in pool:
                counts[i] += 1
    return [i for i, _ in counts.most_common(_CANDIDATES)]


def _postings(side: _Side, pool: set[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for i in sorted(pool):
        for word in side.bag(i):
            out[word].append(i)
    return out


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices (into ``values``) of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = []
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        back.append(tail_at[k - 1] if k else -1)
    out: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.add(i)
        i = back[i]
    return out


def lineage(old: Sequence[UnitView], new: Sequence[UnitView], *,
            by_identity: bool = True) -> list[LineageEntry]:
    """Match each unit of ``new`` to its predecessor in ``old`` and say what happened to it.

    ``by_identity``: keys are stable identities (a revision made in Accord); set it to False
    for a revision imported from a file, whose keys mean nothing across revisions. Each unit
    of either side appears in exactly one entry. Entries come in the document order of
    ``new``; a deleted unit comes right after the successor of the unit before it.

    Guarantees: ``lineage(x, x)`` (with either ``by_identity``) is one ``unchanged`` entry
    per unit, in order, each matching a unit to itself (identity). Never raises for any text;
    raises ``ValueError`` when a key appears twice in one revision. A unit is ``moved`` when
    its parent is not the successor of its old parent, or when it is not in the longest
    sequence of matched units that kept their relative order.
    """
    o_side, n_side = _Side(old), _Side(new)
    pair: dict[int, int] = {}  # old index -> new index (one to one)
    method: dict[int, str] = {}
    score: dict[int, float] = {}
    if by_identity:
        for i, unit in enumerate(old):
            j = n_side.index.get(unit.key)
            if j is not None:
                pair[i] = j
                method[i] = "key"
    taken_new = set(pair.values())

    # 2. identical content, in order
    waiting: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, unit in enumerate(new):
        if j not in taken_new:
            waiting[_content(unit)].append(j)
    for i, unit in enumerate(old):
        if i in pair:
            continue
        queue = waiting.get(_content(unit))
        if queue:
            j = queue.pop(0)
            pair[i] = j
            method[i] = "text"
            taken_new.add(j)

    splits: dict[int, list[int]] = {}  # old index -> new indices
    merges: dict[int, list[int]] = {}  # new index -> old indices
    left_old = {i for i in range(len(old)) if i not in pair}
    left_new = {j for j in range(len(new)) if j not in taken_new}
    changed_pairs = {i for i, j in pair.items() if _content(old[i]) != _content(new[j])}
    if (left_old or left_new) and (left_new or changed_pairs) and (left_old or changed_pairs):
        _find_splits(o_side, n_side, pair, left_old, left_new, changed_pairs, splits)
        inverse = {j: i for i, j in pair.items()}
        changed_new = {pair[i] for i in changed_pairs if i in pair}
        _find_splits(n_side, o_side, inverse, left_new, left_old, changed_new, merges)
        pair = {j: i for i, j in inverse.items()}
        if left_old and left_new:
            _match_similar(o_side, n_side, left_old, left_new, pair, method, score)
        _match_wordless(o_side, n_side, left_old, left_new, pair, method)
    return _report(old, new, pair, method, score, splits, merges, left_old, left_new,
                   o_side, n_side)


def _find_splits(whole: _Side, parts: _Side, pair: dict[int, int], left_whole: set[int],
                 left_parts: set[int], changed: set[int], found: dict[int, list[int]]
                 ) -> None:
    """Units of ``whole`` that became several units of ``parts`` (a split; swap the sides for
    a merger). A whole is either left over or matched (``pair``) to a changed partner; its
    parts are left-over units (each assigned to the whole that contains most of it), plus
    its partner. Updates ``pair``, ``found`` and the left-over sets."""
    wholes = left_whole | {w for w in changed if w in pair}
    if not wholes or not left_parts:
        return
    postings = _postings(whole, wholes)
    assigned: dict[int, list[int]] = defaultdict(list)
    for p in sorted(left_parts):
        bag = parts.bag(p)
        best, best_share = -1, 0.0
        for w in _candidates(bag, wholes, postings):
            share = _contained(bag, whole.bag(w))
            if share > best_share:
                best, best_share = w, share
        if best >= 0 and best_share >= CONTAINMENT_THRESHOLD:
            assigned[best].append(p)
    for w in sorted(assigned):
        bag = whole.bag(w)
        members = list(assigned[w])
        partner = pair.get(w)
        if partner is not None:
            if _contained(parts.bag(partner), bag) < CONTAINMENT_THRESHOLD:
                continue
            members.append(partner)
        if len(members) < 2:
            continue
        if max(_contained(bag, parts.bag(p)) for p in members) >= COVERAGE_THRESHOLD:
            continue  # one part alone is the whole, edited: not a split
        union: Counter[str] = Counter()
        for p in members:
            union.update(parts.bag(p))
        if _contained(bag, union) < COVERAGE_THRESHOLD:
            continue
        members.sort()
        found[w] = members
        if partner is not None:
            del pair[w]
        left_whole.discard(w)
        for p in members:
            left_parts.discard(p)


def _match_similar(o_side: _Side, n_side: _Side, left_old: set[int], left_new: set[int],
                   pair: dict[int, int], method: dict[int, str], score: dict[int, float]
                   ) -> None:
    postings = _postings(o_side, left_old)
    scored: list[tuple[float, float, int, int]] = []
    for j in sorted(left_new):
        if not n_side.words(j):
            continue
        nu = n_side.units[j]
        for i in _candidates(n_side.bag(j), left_old, postings):
            ou = o_side.units[i]
            ratio = _ratio(o_side.words(i), n_side.words(j))
            bonus = 0.0
            if ou.number is not None and ou.number == nu.number:
                bonus += _NUMBER_BONUS
            if ou.heading and ou.heading == nu.heading:
                bonus += _HEADING_BONUS
            if ratio + bonus >= SIMILARITY_THRESHOLD:
                scored.append((ratio + bonus, ratio, i, j))
    scored.sort(key=lambda t: (-t[0], t[2], t[3]))
    for _, ratio, i, j in scored:
        if i in left_old and j in left_new:
            pair[i] = j
            method[i] = "similarity"
            score[i] = ratio
            left_old.discard(i)
            left_new.discard(j)


def _match_wordless(o_side: _Side, n_side: _Side, left_old: set[int], left_new: set[int],
                    pair: dict[int, int], method: dict[int, str]) -> None:
    waiting: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for j in sorted(left_new):
        if not n_side.words(j):
            unit = n_side.units[j]
            waiting[(unit.kind.value, unit.number)].append(j)
    for i in sorted(left_old):
        if o_side.words(i):
            continue
        unit = o_side.units[i]
        queue = waiting.get((unit.kind.value, unit.number))
        if queue:
            j = queue.pop(0)
            pair[i] = j
            method[i] = "number"
            left_old.discard(i)
            left_new.discard(j)


def _report(old: Sequence[UnitView], new: Sequence[UnitView], pair: dict[int, int],
            method: dict[int, str], score: dict[int, float], splits: dict[int, list[int]],
            merges: dict[int, list[int]], left_old: set[int], left_new: set[int],
            o_side: _Side, n_side: _Side) -> list[LineageEntry]:
    # Successor of each old key (for the parent check).
    successor: dict[str, str] = {old[i].key: new[j].key for i, j in pair.items()}
    for i, parts in splits.items():
        successor[old[i].key] = new[parts[0]].key
    for j, wholes in merges.items():
        for i in wholes:
            successor[old[i].key] = new[j].key
    ordered = sorted(pair.items())
    in_order = _longest_increasing([j for _, j in ordered])
    kept = {ordered[k][0] for k in in_order}

    placed: list[tuple[tuple[int, int, int], LineageEntry]] = []
    for i, j in pair.items():
        ou, nu = old[i], new[j]
        expected_parent = None if ou.parent is None else successor.get(ou.parent, "\0")
        moved = i not in kept or expected_parent != nu.parent
        edited = _content(ou) != _content(nu)
        if not edited:
            similarity = 1.0
        elif i in score:
            similarity = score[i]
        else:
            similarity = _ratio(o_side.words(i), n_side.words(j))
        status = (LineageStatus.MOVED if moved else
                  LineageStatus.EDITED if edited else LineageStatus.UNCHANGED)
        placed.append(((j, 0, i), LineageEntry(
            status, (ou.key,), (nu.key,), (ou.number,), (nu.number,), method[i], similarity,
            edited, ou.number != nu.number)))
    for i, parts in splits.items():
        placed.append(((parts[0], 0, i), _group(LineageStatus.SPLIT, [old[i]],
                                                [new[p] for p in parts], o_side, n_side,
                                                [i], parts)))
    for j, wholes in merges.items():
        placed.append(((j, 0, wholes[0]), _group(LineageStatus.MERGED,
                                                 [old[i] for i in wholes], [new[j]], o_side,
                                                 n_side, wholes, [j])))
    for j in left_new:
        nu = new[j]
        placed.append(((j, 0, -1), LineageEntry(LineageStatus.NEW, (), (nu.key,), (),
                                                (nu.number,), "", 0.0, True, False)))
    # A deleted unit goes after the successor of the nearest old unit before it.
    new_pos: dict[int, int] = dict(pair)
    for i, parts in splits.items():
        new_pos[i] = parts[-1]
    for j, wholes in merges.items():
        for i in wholes:
            new_pos[i] = j
    for i in left_old:
        k = i - 1
        while k >= 0 and k not in new_pos:
            k -= 1
        anchor = new_pos[k] if k >= 0 else -1
        ou = old[i]
        placed.append(((anchor, 1, i), LineageEntry(LineageStatus.DELETED, (ou.key,), (),
                                                    (ou.number,), (), "", 0.0, True, False)))
    placed.sort(key=lambda t: t[0])
    return [entry for _, entry in placed]


def _group(status: LineageStatus, olds: list[UnitView], news: list[UnitView], o_side: _Side,
           n_side: _Side, old_idx: list[int], new_idx: list[int]) -> LineageEntry:
    old_words = [w for i in old_idx for w in o_side.words(i)]
    new_words = [w for j in new_idx for w in n_side.words(j)]
    return LineageEntry(
        status, tuple(u.key for u in olds), tuple(u.key for u in news),
        tuple(u.number for u in olds), tuple(u.number for u in news), "parts",
        _ratio(old_words, new_words), old_words != new_words,
        [u.number for u in olds] != [u.number for u in news])


def revision_diff(old: Sequence[UnitView], new: Sequence[UnitView]) -> dict[str, list[Span]]:
    """Word diffs of the units whose text differs between two revisions, matched by key.

    A unit present on one side only is diffed against ``""``. Units whose text is the same
    are compared by string equality only (no diff), so a revision touching 5% of its units
    costs 5% of a full diff. Guarantees: keys in the document order of ``new``, then deleted
    keys in the order of ``old``; every value is :func:`server.core.diff.word_diff` of the
    old and new texts (so ``apply_spans(old_text, spans) == new_text``); a key is absent
    exactly when its text is the same on both sides.
    """
    old_text = {u.key: u.text for u in old}
    new_keys = set()
    out: dict[str, list[Span]] = {}
    for unit in new:
        new_keys.add(unit.key)
        before = old_text.get(unit.key, "")
        if before != unit.text:
            out[unit.key] = word_diff(before, unit.text)
    for unit in old:
        if unit.key not in new_keys and unit.text:
            out[unit.key] = word_diff(unit.text, "")
    return out
