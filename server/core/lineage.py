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

1. pinned pairs (a co-facilitator's correction), then by identity (``by_identity=True``,
   revisions made in Accord): the same key is the same unit;
2. by identical content: a heading and text found once on each side, or as many times on
   each side (then in order), except into a unit labelled as a proposal inserted beside a
   paragraph (``OP1 bis``, ``OP2 Alt 1``), which often repeats an old one word for word
   while the old paragraph lives on, negotiated, where it was: evidence decides those, and
   they never anchor the first round;
3. by evidence, for the rest (revisions imported from a file, where keys mean nothing), in
   rounds until nothing changes:

   * **sections through their paragraphs**: an article's (a preamble's, a chapter's)
     successor is the section of the same depth that received most of its paragraphs, never
     the one with the same number; a section none of whose paragraphs survived takes the
     place left between its matched neighbours when exactly as many sections are left there
     on the other side;
   * **paragraphs** (and sub-paragraphs, and sections without paragraphs) by a score: the
     cosine of their word vectors (words cut to their first letters, weighted by rarity),
     plus bonuses when the parents are matched to each other, when the neighbours are,
     when the relative place in the article is the same, when the display number or the
     heading is the same. Pairs scoring at least :data:`SIMILARITY_THRESHOLD` (with some
     word overlap: :data:`CONTENT_FLOOR`) are assigned to maximise the total score (greedy,
     then improved by exchanges: see :func:`_assign`); a paragraph numbered N chosen for
     one labelled after N (``OP2 bis``, ``OP1 Alt 2``: a proposal inserted beside it) goes
     to the paragraph still numbered N under the same parent when that one is a candidate;

4. a paragraph left over whose sub-paragraphs went, most of them, under one new paragraph
   left over too, in the same place, continues into it (a chapeau rewritten past
   recognition, found through its list);
5. split and merge detection on what is left (a part near its whole may be a looser fit);
6. units with no words (an empty section, say) left over are matched by kind and number.

Each entry carries a ``confidence`` (0..1): how sure the matching is of the pair (or, for
``new`` and ``deleted``, that there is none).

Also :func:`revision_changes`, the word diff of every unit against its predecessor with the
text that moved between units marked, and :func:`revision_diff`, its short form keyed by unit.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Final

from server.core.diff import Op, Span, word_diff
from server.core.rebase import fast_tokenize, split_chunks
from server.core.text import UnitKind, UnitView
from server.core.tokens import is_word_token

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "CONTENT_FLOOR",
    "COPY_THRESHOLD",
    "COVERAGE_THRESHOLD",
    "MIN_MOVED_WORDS",
    "SIMILARITY_THRESHOLD",
    "LineageEntry",
    "LineageStatus",
    "MovedText",
    "UnitChange",
    "lineage",
    "revision_changes",
    "revision_diff",
]

#: Least score (word-vector cosine plus the bonuses of place and structure) for two units
#: with different keys and different texts to be taken for the same unit.
SIMILARITY_THRESHOLD: Final[float] = 0.5
#: Least cosine of two units' words for them to be matched at all, whatever their places.
CONTENT_FLOOR: Final[float] = 0.2
#: A part of a split (or of a merger) must have at least this share of its words in the
#: whole it came from (went into) (words weighted by rarity); :data:`NEAR_CONTAINMENT` when
#: it lies near the whole, :data:`ADJACENT_CONTAINMENT` right next to the whole's partner.
CONTAINMENT_THRESHOLD: Final[float] = 0.8
#: The parts of a split (merger) together must cover at least this share of the whole's
#: words (:data:`NEAR_COVERAGE` when they sit together), and no single part may.
COVERAGE_THRESHOLD: Final[float] = 0.7
NEAR_CONTAINMENT: Final[float] = 0.5
ADJACENT_CONTAINMENT: Final[float] = 0.4  # right next to the whole's partner
NEAR_COVERAGE: Final[float] = 0.5
#: Least cosine of a left-over new unit's words with a matched old unit's for it to be
#: taken for a second successor (``copied``, see :meth:`_Matcher.find_copies`).
COPY_THRESHOLD: Final[float] = 0.6
_COPY_MARGIN: Final = 0.1
#: Least number of consecutive words for text deleted from one unit and inserted into
#: another to be marked as moved (:func:`revision_changes`).
MIN_MOVED_WORDS: Final[int] = 5

_PARENT_BONUS: Final = 0.15  # the parents are matched to each other
_HOME_BONUS: Final = 0.1  # only the nearest matched ancestors are
_NEIGHBOUR_BONUS: Final = 0.075  # per side: the previous (next) paragraphs are matched
_SKIP: Final = 3  # neighbours looked past when they have no counterpart...
_SKIPPED: Final = 0.6  # ...for this share of the bonus
_AREA_BONUS: Final = 0.05  # only the articles are matched to each other
_POSITION_BONUS: Final = 0.1  # same relative place in matched articles
_NUMBER_BONUS: Final = 0.05
_HEADING_BONUS: Final = 0.05
_KIND_PENALTY: Final = 0.05  # a paragraph becoming a sub-paragraph, or the converse
_ANCHOR_COSINE: Final = 0.6  # a first-round pair needs this much on words alone...
_ANCHOR_MARGIN: Final = 0.1  # ...and this lead over the next best, both ways
_WEIGHT_OFFSET: Final = 0.4  # assignment weight: score minus this (pairs near the
#                              threshold count for little against a clear one)
_ROUNDS: Final = 4
_PASSES: Final = 20  # rounds of exchanges in an assignment, at most
_CANDIDATES: Final = 15  # best candidates by words examined per unit
_WINDOW: Final = 4  # and the units on either side of its place
_STEM: Final = 7  # words are compared on their first letters
_COMMON: Final = 0.2  # words in more than this share of units do not propose candidates

_CORE_WORDS: Final = 3  # an agreed core of fewer words says too little to match by
_CORE_DISCOUNT: Final = 0.9  # a match by the agreed core counts for less than by the whole

_FLOW: Final = (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH)

_Cos = Callable[[int, int], float]  # cosine of (old index, new index)
_Near = Callable[[int, int], bool]  # whole and part lie close (see _Matcher._near)


class LineageStatus(StrEnum):
    """What happened to a unit between two revisions."""

    UNCHANGED = "unchanged"
    EDITED = "edited"
    MOVED = "moved"
    NEW = "new"
    DELETED = "deleted"
    SPLIT = "split"
    MERGED = "merged"
    #: The old unit lives on here too, beside its successor (only with ``copies=True``).
    COPIED = "copied"


@dataclass(frozen=True, slots=True)
class LineageEntry:
    """One line of a lineage report.

    ``old`` / ``new``: the unit keys on each side (one on each side for unchanged, edited
    and moved; several new for split, several old for merged; none on one side for new and
    deleted), in document order. ``old_numbers`` / ``new_numbers``: their display numbers.
    ``match``: how the predecessor was found: ``"key"``, ``"pinned"``, ``"text"``
    (identical content), ``"similarity"`` (words, place and structure), ``"paragraphs"`` (a
    section, through its paragraphs), ``"position"`` (a section, by its place among matched
    ones), ``"items"`` (a paragraph, through its sub-paragraphs), ``"number"`` (units
    without words), ``"parts"`` (split / merged) or ``""`` (new, deleted). ``similarity``:
    1.0 for identical content, the word-token ratio otherwise (0.0 for new and deleted).
    ``edited``: heading or text changed. ``renumbered``: a display number changed.
    ``confidence``: 0..1, how sure the pair is (1.0 for keys and identical unique texts), or
    for new and deleted units how sure it is that there is no pair.
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
    confidence: float = 1.0


class _Side:
    """One revision's units: their tree, their reading order, their words on demand."""

    __slots__ = ("_bags", "_terms", "_views", "_words", "area", "area_flow", "children",
                 "depth", "flow", "flow_rank", "index", "parent", "relpos", "units", "with_flow")

    def __init__(self, units: Sequence[UnitView]) -> None:
        self.units = units
        self.index: dict[str, int] = {}
        for i, unit in enumerate(units):
            if unit.key in self.index:
                raise ValueError(f"unit key {unit.key!r} appears twice in one revision")
            self.index[unit.key] = i
        n = len(units)
        # A parent must come before its children; anything else is read as top level, so
        # that the tree has no cycles whatever the input.
        self.parent = [-1] * n
        self.depth = [0] * n
        self.area = [-1] * n  # the top-level section a unit lies in, -1 for none
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, unit in enumerate(units):
            p = self.index.get(unit.parent, -1) if unit.parent is not None else -1
            if 0 <= p < i:
                self.parent[i] = p
                self.depth[i] = self.depth[p] + 1
                self.area[i] = self.area[p] if self.area[p] >= 0 else p
                self.children[p].append(i)
        self.flow = [i for i, u in enumerate(units) if u.kind in _FLOW]
        self.flow_rank = {i: k for k, i in enumerate(self.flow)}
        self.with_flow = [False] * n  # a unit with paragraphs below it
        for i in self.flow:
            p = self.parent[i]
            while p >= 0 and not self.with_flow[p]:
                self.with_flow[p] = True
                p = self.parent[p]
        by_area: dict[int, list[int]] = defaultdict(list)
        for i in self.flow:
            by_area[self.area[i]].append(i)
        self.area_flow = dict(by_area)
        self.relpos = [0.0] * n  # place among the paragraphs of its area, 0..1
        for members in by_area.values():
            last = max(1, len(members) - 1)
            for k, i in enumerate(members):
                self.relpos[i] = k / last
        self._words: dict[int, list[str]] = {}
        self._terms: dict[int, Counter[str]] = {}
        self._bags: dict[int, Counter[str]] = {}
        self._views: dict[int, list[Counter[str]]] = {}

    def content(self, i: int) -> str:
        """Unit ``i``'s heading and text, without editorial notes in braces."""
        unit = self.units[i]
        content = f"{unit.heading}\n{unit.text}" if unit.heading else unit.text
        return _EDITORIAL.sub(" ", content) if "{" in content else content

    def words(self, i: int) -> list[str]:
        """The case-folded word tokens of unit ``i``'s heading and text (editorial notes in
        braces left out)."""
        found = self._words.get(i)
        if found is None:
            found = _words(self.content(i))
            self._words[i] = found
        return found

    def views(self, i: int) -> list[Counter[str]]:
        """Unit ``i``'s terms under each way of reading it (see :func:`_readings`), the
        whole text first: what may survive of it in another unit."""
        found = self._views.get(i)
        if found is None:
            found = [self.terms(i)]
            for reading in _readings(self.content(i)):
                bag = Counter(_term(w) for w in _words(reading))
                if bag and bag not in found:
                    found.append(bag)
            self._views[i] = found
        return found

    def bag(self, i: int) -> Counter[str]:
        """Unit ``i``'s words as a multiset."""
        found = self._bags.get(i)
        if found is None:
            found = self._bags[i] = Counter(self.words(i))
        return found

    def terms(self, i: int) -> Counter[str]:
        """Unit ``i``'s words cut to their first letters (see :func:`_term`), as a multiset."""
        found = self._terms.get(i)
        if found is None:
            found = self._terms[i] = Counter(_term(w) for w in self.words(i))
        return found

    def flow_sizes(self) -> list[int]:
        """For each unit, how many paragraphs (and sub-paragraphs) lie below it."""
        sizes = [0] * len(self.units)
        for i in self.flow:
            p = self.parent[i]
            while p >= 0:
                sizes[p] += 1
                p = self.parent[p]
        return sizes

    def neighbour(self, i: int, step: int) -> int:
        """The paragraph before (``step=-1``) or after (``+1``) paragraph ``i``, or -1."""
        k = self.flow_rank.get(i)
        if k is None or not 0 <= k + step < len(self.flow):
            return -1
        return self.flow[k + step]


_EDITORIAL: Final = re.compile(r"\{[^{}]*\}")
_OPTION: Final = re.compile(r"^\s*(?:Option|Opción|Variante|Вариант)\s*[\w.]*\s*:+\s*",
                            re.IGNORECASE)


def _words(text: str) -> list[str]:
    """The case-folded word tokens of ``text`` (as :func:`fast_tokenize` and
    :func:`is_word_token` give them), chunk by chunk with each chunk's words cached."""
    out: list[str] = []
    for chunk in split_chunks(text):
        out.extend(_chunk_words(chunk))
    return out


@lru_cache(maxsize=1 << 16)
def _chunk_words(chunk: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in fast_tokenize(chunk) if is_word_token(t))


def _unbracketed(text: str) -> str | None:
    """``text`` without its bracketed (not yet agreed) passages, or None when its brackets
    do not balance.

    >>> _unbracketed("Parties [shall][should] act [now [or later]].")
    'Parties  act .'
    >>> _unbracketed("Parties [shall act") is None
    True
    """
    depth = 0
    out: list[str] = []
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0:
            out.append(ch)
    return "".join(out) if depth == 0 else None


def _readings(text: str) -> list[str]:
    r"""The ways of reading a negotiating text that an agreed successor may keep: each of
    its options (``Option 1: ...`` lines, with the text before the first option), then each
    of those without its bracketed passages.

    >>> _readings("Parties shall:\nOption 1: act [now]\nOption 2: wait")
    ['Parties shall:\nact [now]', 'Parties shall:\nwait', 'Parties shall:\nact ']
    >>> _readings("Plain text")
    []
    """
    lines = text.split("\n")
    starts = [k for k, line in enumerate(lines) if _OPTION.match(line)]
    options: list[str] = []
    if len(starts) >= 2:
        head = lines[:starts[0]]
        for a, b in zip(starts, [*starts[1:], len(lines)], strict=True):
            body = [_OPTION.sub("", lines[a], count=1), *lines[a + 1:b]]
            options.append("\n".join(head + body))
    out = list(options)
    for reading in options or [text]:
        core = _unbracketed(reading) if "[" in reading else None
        if core is not None and core.strip():
            out.append(core)
    return out


def _survives(side: _Side, i: int, other: Counter[str],
              weight: Mapping[str, float] | None = None) -> float:
    """The largest share of unit ``i``'s terms found in ``other``, under any reading of
    ``i`` (:meth:`_Side.views`), rare words weighing most (``weight``)."""
    return max(_contained(view, other, weight) for view in side.views(i))


def _rarity(sides: Iterable[tuple[_Side, Iterable[int]]]) -> dict[str, float]:
    """``log(1 + N / units with the term)`` over the given units of each side."""
    df: Counter[str] = Counter()
    total = 0
    for side, members in sides:
        for i in members:
            df.update(side.terms(i).keys())
            total += 1
    return {t: math.log(1 + max(total, 1) / c) for t, c in df.items()}


def _term(word: str) -> str:
    """A word cut to its first letters, so that forms of one word compare equal.

    >>> _term("recognizing"), _term("recognize"), _term("Parties"), _term("1.5")
    ('recogni', 'recogni', 'Parties', '1.5')
    """
    return word[:_STEM] if len(word) > _STEM and word.isalpha() else word


def _content(unit: UnitView) -> tuple[str, str]:
    return (unit.heading or "", unit.text)


def _contained(part: Counter[str], whole: Counter[str],
               weight: Mapping[str, float] | None = None) -> float:
    """Share of ``part``'s words (as a multiset) found in ``whole``, each word counting for
    its ``weight`` (1 when absent).

    >>> _contained(Counter("aab"), Counter("abc"))
    0.6666666666666666
    >>> _contained(Counter("aab"), Counter("abc"), {"a": 0.5, "b": 2.0})
    0.8333333333333334
    >>> _contained(Counter("ab"), Counter("b"), {"a": 0.5, "b": 2.0})
    0.8
    """
    found = whole.get  # min(count, found) per word: the multiset intersection, unbuilt
    if weight is None:
        count = sum(part.values())
        return sum(min(c, found(t, 0)) for t, c in part.items()) / count if count else 0.0
    total = sum(c * weight.get(t, 1.0) for t, c in part.items())
    if total == 0:
        return 0.0
    return sum(min(c, found(t, 0)) * weight.get(t, 1.0) for t, c in part.items()
               if t in whole) / total


def _ratio(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices (into ``values``) of one longest strictly increasing subsequence.

    >>> sorted(_longest_increasing([3, 1, 2, 5, 4]))
    [1, 2, 4]
    """
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


def _assign(weights: Mapping[tuple[int, int], float]) -> dict[int, int]:
    """A one-to-one choice of pairs ``(a, b)`` with a large total weight (all weights > 0).

    Greedy (heaviest pair first, ties in order), then improved while some exchange adds
    weight: a left-over unit takes the partner of a matched one, which moves to a free
    partner of its own; two matched pairs swap partners; two pairs replace one. This finds
    the best choice whenever the competing pairs form chains of up to four units, which is
    where a greedy choice goes wrong in practice (near-duplicates, a unit and its rewording).

    >>> _assign({(1, 1): 0.9, (1, 2): 0.8, (2, 1): 0.8})  # greedy would take (1, 1) alone
    {1: 2, 2: 1}
    >>> _assign({(1, 1): 0.9, (1, 2): 0.1, (2, 1): 0.1})
    {1: 1}
    """
    by_a: dict[int, list[tuple[int, float]]] = defaultdict(list)
    by_b: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (a, b), w in weights.items():
        by_a[a].append((b, w))
        by_b[b].append((a, w))
    a_to_b: dict[int, int] = {}
    b_to_a: dict[int, int] = {}
    for (a, b), _ in sorted(weights.items(), key=lambda t: (-t[1], t[0])):
        if a not in a_to_b and b not in b_to_a:
            a_to_b[a] = b
            b_to_a[b] = a

    def weight(a: int, b: int) -> float:
        return weights.get((a, b), 0.0)

    for _ in range(_PASSES):
        improved = False
        for a in sorted(by_a):
            b0 = a_to_b.get(a)
            here = weight(a, b0) if b0 is not None else 0.0
            for b, w in by_a[a]:
                if b == b0 or w <= here:
                    continue
                other = b_to_a.get(b)
                if other is None:
                    gain, plan = w - here, [(a, b)]
                else:
                    # ``other`` gives up b and takes a's old partner or a free one.
                    loss = weight(other, b)
                    best_alt, alt_w = -1, 0.0
                    for b2, w2 in by_a[other]:
                        if b2 != b and (b2 not in b_to_a or b2 == b0) and w2 > alt_w:
                            best_alt, alt_w = b2, w2
                    gain = w - here - loss + alt_w
                    plan = [(a, b)] + ([(other, best_alt)] if best_alt >= 0 else [])
                if gain > 1e-9:
                    for pa, pb in plan:
                        old_b = a_to_b.pop(pa, None)
                        if old_b is not None and b_to_a.get(old_b) == pa:
                            del b_to_a[old_b]
                        prev = b_to_a.pop(pb, None)
                        if prev is not None and a_to_b.get(prev) == pb:
                            del a_to_b[prev]
                    for pa, pb in plan:
                        a_to_b[pa] = pb
                        b_to_a[pb] = pa
                    improved = True
                    break
        if not improved:
            break
    return dict(sorted(a_to_b.items()))


class _Vectors:
    """Word vectors of the units being matched: each word cut to its first letters
    (:func:`_term`), weighted by ``(1 + log count) * log(1 + N / units with that word)``
    over the units of both sides being matched, so that rare words weigh most."""

    def __init__(self, o: _Side, n: _Side, old_pool: Iterable[int], new_pool: Iterable[int]
                 ) -> None:
        self.o, self.n = o, n
        olds, news = sorted(old_pool), sorted(new_pool)
        df: Counter[str] = Counter()
        for i in olds:
            df.update(o.terms(i).keys())
        for j in news:
            df.update(n.terms(j).keys())
        total = max(1, len(olds) + len(news))
        self.common = max(3.0, _COMMON * total)
        self.df = df
        idf = {t: math.log(1 + total / c) for t, c in df.items()}
        self.old_vec = {i: self._vector(o.terms(i), idf) for i in olds}
        self.new_vec = {j: self._vector(n.terms(j), idf) for j in news}
        # The agreed core of a bracketed text (its words outside brackets): what a revision
        # that drops the brackets keeps, or what a revision that adds them still holds.
        self.old_core = self._cores(o, olds, idf)
        self.new_core = self._cores(n, news, idf)
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i in olds:
            for t in self.old_vec[i][0]:
                if df[t] <= self.common:
                    self.postings[t].append(i)

    @classmethod
    def _cores(cls, side: _Side, members: Iterable[int], idf: Mapping[str, float]
               ) -> dict[int, tuple[dict[str, float], float]]:
        out: dict[int, tuple[dict[str, float], float]] = {}
        for i in members:
            text = side.content(i)
            if "[" not in text:
                continue
            core = _unbracketed(text)
            terms = Counter(_term(w) for w in _words(core)) if core else Counter()
            if sum(terms.values()) >= _CORE_WORDS and terms != side.terms(i):
                out[i] = cls._vector(terms, idf)
        return out

    @staticmethod
    def _vector(terms: Counter[str], idf: Mapping[str, float]
                ) -> tuple[dict[str, float], float]:
        vec = {t: (1 + math.log(c)) * idf[t] for t, c in terms.items()}
        return vec, math.sqrt(sum(w * w for w in vec.values()))

    def cosine(self, i: int, j: int) -> float:
        """Cosine of old unit ``i``'s and new unit ``j``'s vectors (0 for a wordless one);
        when either is bracketed, the agreed core of one against the other whole counts too
        (a little less: :data:`_CORE_DISCOUNT`)."""
        best = self._cos(self.old_vec[i], self.new_vec[j])
        core = self.old_core.get(i)
        if core is not None:
            best = max(best, _CORE_DISCOUNT * self._cos(core, self.new_vec[j]))
        core = self.new_core.get(j)
        if core is not None:
            best = max(best, _CORE_DISCOUNT * self._cos(self.old_vec[i], core))
        return best

    @staticmethod
    def _cos(x: tuple[dict[str, float], float], y: tuple[dict[str, float], float]) -> float:
        a, na = x
        b, nb = y
        if not na or not nb:
            return 0.0
        return sum([a[t] * b[t] for t in a.keys() & b.keys()]) / (na * nb)

    def candidates(self, j: int, pool: set[int]) -> list[int]:
        """The old units of ``pool`` sharing most rare weight with new unit ``j``."""
        vec, _ = self.new_vec[j]
        acc: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            for i in self.postings.get(t, ()):
                if i in pool:
                    acc[i] += w * self.old_vec[i][0][t]
        if not acc:  # only common words: look at every unit
            acc = {i: self.cosine(i, j) for i in pool}
            acc = {i: c for i, c in acc.items() if c > 0}
        return sorted(acc, key=lambda i: (-acc[i], i))[:_CANDIDATES]


class _Matcher:
    """The state of one lineage computation: the pairs found so far and how."""

    def __init__(self, old: Sequence[UnitView], new: Sequence[UnitView]) -> None:
        self.o, self.n = _Side(old), _Side(new)
        self.pair: dict[int, int] = {}  # old index -> new index, one to one
        self.back: dict[int, int] = {}  # the inverse
        self.method: dict[int, str] = {}
        self.conf: dict[int, float] = {}
        self.score: dict[int, float] = {}  # old index -> best score seen, for new/deleted
        self.best_new: dict[int, float] = {}  # new index -> best score seen
        self.fixed: set[int] = set()  # old indices settled before the rounds
        self.splits: dict[int, list[int]] = {}  # old index -> new parts
        self.merges: dict[int, list[int]] = {}  # new index -> old parts
        self.part_conf: dict[tuple[str, int], float] = {}
        self.copies: dict[int, tuple[int, float]] = {}  # new index -> (old index, confidence)

    # ---- pairs -------------------------------------------------------------------------

    def link(self, i: int, j: int, how: str, confidence: float, *, fixed: bool = False
             ) -> None:
        self.pair[i] = j
        self.back[j] = i
        self.method[i] = how
        self.conf[i] = confidence
        if fixed:
            self.fixed.add(i)

    def unlink(self, i: int) -> None:
        j = self.pair.pop(i)
        del self.back[j]
        self.method.pop(i, None)
        self.conf.pop(i, None)

    def left_old(self) -> list[int]:
        return [i for i in range(len(self.o.units)) if i not in self.pair]

    def left_new(self) -> list[int]:
        return [j for j in range(len(self.n.units)) if j not in self.back]

    def pin(self, pinned: Mapping[str, str]) -> None:
        for old_key, new_key in pinned.items():
            i, j = self.o.index.get(old_key), self.n.index.get(new_key)
            if i is None or j is None:
                raise ValueError(f"pinned pair {old_key!r} -> {new_key!r} names no unit")
            if i in self.pair or j in self.back:
                raise ValueError(f"pinned pair {old_key!r} -> {new_key!r} pins a unit twice")
            self.link(i, j, "pinned", 1.0, fixed=True)

    def by_key(self) -> None:
        for i, unit in enumerate(self.o.units):
            j = self.n.index.get(unit.key)
            if j is not None and i not in self.pair and j not in self.back:
                self.link(i, j, "key", 1.0, fixed=True)

    def _by_text_eligible(self, side: _Side, i: int) -> bool:
        # Sections with paragraphs are matched through them, never by their heading alone
        # ("Article 4" is not the successor of "Article 4" once articles are renumbered).
        return not side.with_flow[i]

    def by_text(self) -> None:
        """Identical content: found once on each side, or as often on each side (in order)."""
        olds: dict[tuple[str, str, bool], list[int]] = defaultdict(list)
        news: dict[tuple[str, str, bool], list[int]] = defaultdict(list)
        for i in self.left_old():
            if self._by_text_eligible(self.o, i):
                u = self.o.units[i]
                olds[(*_content(u), u.kind in _FLOW)].append(i)
        for j in self.left_new():
            if self._by_text_eligible(self.n, j):
                u = self.n.units[j]
                news[(*_content(u), u.kind in _FLOW)].append(j)
        for content, members in olds.items():
            others = news.get(content)
            if others and len(others) == len(members) and not any(
                    _proposal(self.o.units[i], self.n.units[j])
                    for i, j in zip(members, others, strict=True)):
                # a proposal inserted beside a paragraph (OP1 bis) that repeats an old
                # paragraph word for word is left to the evidence of place
                for i, j in zip(members, others, strict=True):
                    self.link(i, j, "text", 1.0 if len(members) == 1 else 0.9, fixed=True)

    # ---- structure ----------------------------------------------------------------------

    def successor(self, i: int) -> int:
        """The new unit old unit ``i`` continues (a split: its first part), or -1."""
        j = self.pair.get(i)
        if j is not None:
            return j
        parts = self.splits.get(i)
        return parts[0] if parts else -1

    def home_old(self, i: int) -> int:
        """The nearest ancestor of old unit ``i`` with a successor, or -1."""
        p = self.o.parent[i]
        while p >= 0 and self.successor(p) < 0:
            p = self.o.parent[p]
        return p

    def home_new(self, j: int) -> int:
        """The nearest ancestor of new unit ``j`` with a predecessor, or -1."""
        p = self.n.parent[j]
        while p >= 0 and p not in self.back:
            p = self.n.parent[p]
        return p

    def same_home(self, i: int, j: int) -> bool:
        h = self.home_old(i)
        return self.home_new(j) == (self.successor(h) if h >= 0 else -1)

    def map_sections(self) -> None:
        """Pair the unsettled sections (and preambles) through their paragraphs: votes
        ``(S, T)`` count the matched paragraph pairs with S and T as ancestors at the same
        depth, weighted by confidence; the heaviest votes are taken first, one to one."""
        o, n = self.o, self.n
        for i in [i for i, how in self.method.items() if how in ("paragraphs", "position")]:
            self.unlink(i)
        votes: dict[tuple[int, int], float] = defaultdict(float)
        for i, j in self.pair.items():
            if o.units[i].kind not in _FLOW:
                continue
            w = self.conf.get(i, 1.0)
            a, b = o.parent[i], n.parent[j]
            chain_a: list[int] = []
            chain_b: list[int] = []
            while a >= 0:
                chain_a.append(a)
                a = o.parent[a]
            while b >= 0:
                chain_b.append(b)
                b = n.parent[b]
            by_depth = {n.depth[t]: t for t in chain_b if n.units[t].kind not in _FLOW}
            for s in chain_a:
                if o.units[s].kind in _FLOW:
                    continue
                t = by_depth.get(o.depth[s], -1)
                if t >= 0 and o.units[s].kind is n.units[t].kind:
                    votes[(s, t)] += w
        share: dict[int, float] = defaultdict(float)
        for (s, _), w in votes.items():
            share[s] += w
        # The heaviest votes first, each weighed against the paragraphs of both sections
        # (shared / in either): a section that lost one paragraph to its neighbour does not
        # take that neighbour's successor from it.
        sizes_o, sizes_n = o.flow_sizes(), n.flow_sizes()

        def strength(kv: tuple[tuple[int, int], float]) -> tuple[float, float, tuple[int, int]]:
            (s, t), w = kv
            return (-w / max(w, sizes_o[s] + sizes_n[t] - w), -w, kv[0])

        for (s, t), w in sorted(votes.items(), key=strength):
            if s in self.pair or t in self.back or w < 0.5:
                continue
            ps, pt = o.parent[s], n.parent[t]
            if ps >= 0 and ps in self.pair and self.pair[ps] != pt:
                continue
            if pt >= 0 and pt in self.back and self.back[pt] != ps:
                continue
            self.link(s, t, "paragraphs", min(1.0, 0.5 + 0.5 * w / max(share[s], 1.0)))
        self._fill_section_gaps()

    def _fill_section_gaps(self) -> None:
        """Sections left between matched ones, as many on each side, are paired in order."""
        o, n = self.o, self.n
        old_groups: dict[int, list[int]] = defaultdict(list)
        for i, u in enumerate(o.units):
            if u.kind not in _FLOW:
                old_groups[o.parent[i]].append(i)
        new_groups: dict[int, list[int]] = defaultdict(list)
        for j, u in enumerate(n.units):
            if u.kind not in _FLOW:
                new_groups[n.parent[j]].append(j)
        for parent, olds in old_groups.items():
            if parent >= 0 and parent not in self.pair:
                continue
            news = new_groups.get(self.pair[parent] if parent >= 0 else -1, [])
            new_at = {j: k for k, j in enumerate(news)}
            anchors = [(k, new_at[self.pair[i]]) for k, i in enumerate(olds)
                       if i in self.pair and self.pair[i] in new_at]
            keep = _longest_increasing([b for _, b in anchors])
            bounds = [(-1, -1)] + [anchors[k] for k in sorted(keep)] + [(len(olds), len(news))]
            for (a0, b0), (a1, b1) in pairwise(bounds):
                gap_old = [i for i in olds[a0 + 1:a1] if i not in self.pair]
                gap_new = [j for j in news[b0 + 1:b1] if j not in self.back]
                if gap_old and len(gap_old) == len(gap_new):
                    for i, j in zip(gap_old, gap_new, strict=True):
                        if o.units[i].kind is n.units[j].kind and (
                                o.with_flow[i] or n.with_flow[j]):
                            self.link(i, j, "position", 0.6)

    # ---- scoring ------------------------------------------------------------------------

    def context(self, i: int, j: int) -> float:
        """The bonuses of place and structure for old unit ``i`` and new unit ``j``."""
        o, n = self.o, self.n
        ou, nu = o.units[i], n.units[j]
        bonus = 0.0
        pi, pj = o.parent[i], n.parent[j]
        related = False
        if (pi < 0 and pj < 0) or (pi >= 0 and self.successor(pi) == pj >= 0):
            bonus += _PARENT_BONUS
            related = True
        elif self.same_home(i, j):
            bonus += _HOME_BONUS
            related = True
        for step in (-1, 1):
            a, b = o.neighbour(i, step), n.neighbour(j, step)
            skipped = 0
            for _ in range(_SKIP):  # past neighbours with no counterpart (deleted, new)
                if a < 0 or a in self.pair:
                    break
                a, skipped = o.neighbour(a, step), skipped + 1
            for _ in range(_SKIP):
                if b < 0 or b in self.back:
                    break
                b, skipped = n.neighbour(b, step), skipped + 1
            if a >= 0 and b >= 0 and self.pair.get(a) == b:
                bonus += _NEIGHBOUR_BONUS * (_SKIPPED if skipped else 1.0)
        ai, aj = o.area[i], n.area[j]
        if (ai < 0 and aj < 0) or (ai >= 0 and self.successor(ai) == aj >= 0):
            bonus += _POSITION_BONUS * max(0.0, 1.0 - 3.0 * abs(o.relpos[i] - n.relpos[j]))
            if not related:
                bonus += _AREA_BONUS
        if related and ou.number is not None and ou.number == nu.number:
            bonus += _NUMBER_BONUS
        if ou.heading and ou.heading == nu.heading:
            bonus += _HEADING_BONUS
        if ou.kind is not nu.kind:
            bonus -= _KIND_PENALTY
        return bonus

    def match_rest(self) -> None:
        """Rounds of section mapping and paragraph assignment, until nothing changes."""
        o, n = self.o, self.n

        def eligible(side: _Side, i: int) -> bool:
            unit = side.units[i]
            return unit.kind in _FLOW or not side.with_flow[i]

        pool_old = {i for i in self.left_old() if eligible(o, i)}
        pool_new = {j for j in self.left_new() if eligible(n, j)}
        vectors = _Vectors(o, n, pool_old, pool_new)
        candidates: dict[int, set[int]] = {}
        for j in pool_new:
            found = set(vectors.candidates(j, pool_old))
            candidates[j] = {i for i in found if _compatible(o.units[i], n.units[j])}
        cosine: dict[tuple[int, int], float] = {}

        def cos(i: int, j: int) -> float:
            c = cosine.get((i, j))
            if c is None:
                c = cosine[(i, j)] = vectors.cosine(i, j)
            return c

        # First round: pairs the words alone make clear, to find the sections by.
        best_for_old: dict[int, tuple[float, int]] = {}
        best_for_new: dict[int, tuple[float, float, int]] = {}
        for j, found in candidates.items():
            ranked = sorted(((cos(i, j), i) for i in found), reverse=True)
            if ranked:
                second = ranked[1][0] if len(ranked) > 1 else 0.0
                best_for_new[j] = (ranked[0][0], second, ranked[0][1])
                for c, i in ranked:
                    if c > best_for_old.get(i, (0.0, -1))[0]:
                        best_for_old[i] = (c, j)
        wanted_by: dict[int, list[int]] = defaultdict(list)
        for j, found in candidates.items():
            for i in found:
                wanted_by[i].append(j)
        for j, (c, second, i) in best_for_new.items():
            if _proposal(o.units[i], n.units[j]):
                continue  # an inserted proposal says little of where a section went
            if c >= _ANCHOR_COSINE and c - second >= _ANCHOR_MARGIN \
                    and best_for_old[i][1] == j:
                others = [cos(i, j2) for j2 in wanted_by[i] if j2 != j]
                if c - max(others, default=0.0) >= _ANCHOR_MARGIN:
                    self.link(i, j, "similarity", c)

        previous: dict[int, int] = {}
        scores: dict[tuple[int, int], float] = {}
        for _ in range(_ROUNDS):
            self.map_sections()
            scores = self._scores(pool_old, pool_new, candidates, cos)
            for i in [i for i in self.pair if i in pool_old]:
                self.unlink(i)
            chosen = _assign({p: s - _WEIGHT_OFFSET for p, s in scores.items()})
            chosen = self._kept_numbers(chosen, scores)
            for i, j in chosen.items():  # the score stands for the confidence when voting
                self.link(i, j, "similarity", min(1.0, scores[(i, j)]))
            current = {i: self.pair[i] for i in pool_old if i in self.pair}
            if current == previous:
                break
            previous = current
        self.map_sections()
        self._confidences(scores)

    def _scores(self, pool_old: set[int], pool_new: set[int],
                candidates: dict[int, set[int]], cos: _Cos) -> dict[tuple[int, int], float]:
        """Scores of the candidate pairs at or above the threshold, with the current pairs
        as the structure; widens each new unit's candidates with the old units at its place
        (children of its parent's predecessor, neighbours of its neighbours' predecessors)."""
        o, n = self.o, self.n
        out: dict[tuple[int, int], float] = {}
        for j in sorted(pool_new):
            near = set(candidates[j])
            pj = n.parent[j]
            if pj >= 0 and pj in self.back:
                near.update(_closest([c for c in o.children[self.back[pj]] if c in pool_old],
                                     o.relpos, n.relpos[j]))
            aj = n.area[j]
            ai = self.back.get(aj, -2) if aj >= 0 else -1
            near.update(i for i in _closest(o.area_flow.get(ai, []), o.relpos, n.relpos[j])
                        if i in pool_old)
            for step in (-1, 1):
                b = n.neighbour(j, step)
                if b >= 0 and b in self.back:
                    a = o.neighbour(self.back[b], -step)
                    if a in pool_old:
                        near.add(a)
            for i in near:
                if not _compatible(o.units[i], n.units[j]):
                    continue
                c = cos(i, j)
                if c < CONTENT_FLOOR:
                    continue
                s = c + self.context(i, j)
                if s >= SIMILARITY_THRESHOLD:
                    out[(i, j)] = s
                if s > self.score.get(i, 0.0):
                    self.score[i] = s
                if s > self.best_new.get(j, 0.0):
                    self.best_new[j] = s
        return out

    def _kept_numbers(self, chosen: dict[int, int], scores: Mapping[tuple[int, int], float]
                      ) -> dict[int, int]:
        """An old paragraph numbered N chosen for a new one labelled after N (``OP2 bis``,
        ``OP1 Alt 2``, ``(c alt)``: a proposal the drafters inserted beside paragraph N)
        goes instead to the new paragraph still numbered N under the same parent, when that
        one is free and a candidate (scores at least the threshold): the labels say which
        text continues the paragraph, the words alone cannot when a proposal copies it."""
        o, n = self.o, self.n
        taken = set(chosen.values())
        out = dict(chosen)
        for i, j in chosen.items():
            base = _plain_label(o.units[i].number)
            if base is None or _derived_base(n.units[j].number) != base:
                continue
            pj = n.parent[j]
            siblings = n.children[pj] if pj >= 0 else []
            for k in siblings:
                if k not in taken and (i, k) in scores \
                        and _plain_label(n.units[k].number) == base:
                    out[i] = k
                    taken.discard(j)
                    taken.add(k)
                    break
        return out

    def _confidences(self, scores: Mapping[tuple[int, int], float]) -> None:
        """Confidence of each assigned pair: its score, and its lead over the best rival
        pair of either unit."""
        rival_old: dict[int, list[tuple[float, int]]] = defaultdict(list)
        rival_new: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for (i, j), s in scores.items():
            rival_old[i].append((s, j))
            rival_new[j].append((s, i))
        for i, j in self.pair.items():
            if self.method.get(i) != "similarity":
                continue
            s = scores.get((i, j), SIMILARITY_THRESHOLD)
            rival = max([t for t, k in rival_old[i] if k != j]
                        + [t for t, k in rival_new[j] if k != i], default=0.0)
            lead = min(1.0, max(0.0, s - max(rival, SIMILARITY_THRESHOLD - 0.2)) / 0.3)
            self.conf[i] = round(0.5 * min(1.0, s) + 0.5 * lead, 4)

    # ---- splits, mergers, units without words -------------------------------------------

    def find_splits(self) -> None:
        """Old units that became several new ones, then the converse (see :meth:`_splits`)."""
        o, n = self.o, self.n
        changed = {i for i, j in self.pair.items() if o.units[i].kind in _FLOW
                   and _content(o.units[i]) != _content(n.units[j])}
        left_o = {i for i in self.left_old() if o.units[i].kind in _FLOW}
        left_n = {j for j in self.left_new() if n.units[j].kind in _FLOW}
        if not (left_o or left_n) or not (left_n or changed) or not (left_o or changed):
            return
        self._splits(o, n, dict(self.pair), left_o, left_n, changed, "split", self._near)
        changed_new = {self.pair[i] for i in changed if i in self.pair}
        self._splits(n, o, dict(self.back), left_n, left_o, changed_new, "merged",
                     lambda w, p: self._near(p, w))

    def _near(self, i: int, j: int) -> bool:
        """Old unit ``i`` and new unit ``j`` lie in matched places, close to each other."""
        return self.same_home(i, j) and abs(self.o.relpos[i] - self.n.relpos[j]) <= 0.25

    def _splits(self, whole: _Side, parts: _Side, pair: dict[int, int], left_whole: set[int],
                left_parts: set[int], changed: set[int], label: str, near: _Near) -> None:
        """Units of ``whole`` that became several units of ``parts`` (a split; the sides
        swapped, a merger). A whole is left over or matched (``pair``) to a changed partner.
        Its parts: its partner, left-over units mostly made of it, and units matched to a
        partner mostly not made of them whose words went to the whole instead. A part joins
        the whole that holds most of it, a whole next to it first; the parts must together
        cover most of the whole (under its best reading) while none does alone."""
        wholes = left_whole | {w for w in changed if w in pair}
        if not wholes:
            return
        partner_of = {b: a for a, b in pair.items()}  # a part's partner on the whole side
        weak = {p for p, x in partner_of.items()
                if parts.units[p].kind in _FLOW
                and self.method.get(p if label == "merged" else x) == "similarity"
                and _survives(whole, x, parts.terms(p), None) < 0.4}
        if not left_parts and not weak:
            return
        rarity = _rarity([(whole, wholes | {partner_of[p] for p in weak}),
                          (parts, left_parts | weak | {pair[w] for w in wholes if w in pair})])

        def adjacent(w: int, p: int) -> bool:
            """Part ``p`` is right next to the whole's partner, under the same parent."""
            q = pair.get(w, -1)
            return q >= 0 and parts.parent[p] == parts.parent[q] and \
                p in (parts.neighbour(q, -1), parts.neighbour(q, 1))

        postings: dict[str, list[int]] = defaultdict(list)
        for w in sorted(wholes):
            for t in whole.terms(w):
                postings[t].append(w)
        assigned: dict[int, list[int]] = defaultdict(list)
        fit: dict[int, float] = {}
        for p in sorted(left_parts | weak):
            bag = parts.terms(p)
            present = [t for t in bag if postings.get(t)]
            rare = sorted(present, key=lambda t: (len(postings[t]), t))[:8]
            counts: Counter[int] = Counter()
            for t in rare:
                counts.update(postings[t])
            best, best_key = -1, (0, 0.0)
            for w, _ in counts.most_common(_CANDIDATES):
                share = _survives(parts, p, whole.terms(w), rarity)
                closeness = 2 if adjacent(w, p) else 1 if near(w, p) else 0
                if p in weak:
                    x = partner_of[p]
                    ok = closeness > 0 and share >= 0.8 and \
                        share >= _survives(parts, p, whole.terms(x), rarity) + 0.15
                else:
                    ok = share >= (ADJACENT_CONTAINMENT, NEAR_CONTAINMENT,
                                   CONTAINMENT_THRESHOLD)[2 - closeness]
                if ok and (closeness > 0, share) > (best_key[0] > 0, best_key[1]):
                    best, best_key = w, (closeness, share)
            if best >= 0:
                assigned[best].append(p)
                fit[p] = best_key[1]
        used: set[int] = set()  # parts already in a split (merger)
        lost: set[int] = set()  # wholes whose partner left them for another whole
        for w in sorted(assigned):
            bag = whole.terms(w)
            members = [p for p in assigned[w] if p not in used]
            partner = pair.get(w)
            if w in lost or (partner is not None and partner in used):
                continue
            close = all(near(w, p) or adjacent(w, p) for p in members)
            if partner is not None:
                share = _survives(parts, partner, bag, rarity)
                if share < (0.3 if close else CONTAINMENT_THRESHOLD):
                    continue
                members.append(partner)
                fit[partner] = share
            if len(members) < 2:
                continue
            if max(_survives(whole, w, parts.terms(p), rarity) for p in members) \
                    >= COVERAGE_THRESHOLD:
                continue  # one part alone is the whole, edited: not a split
            union: Counter[str] = Counter()
            for p in members:
                union.update(parts.terms(p))
            coverage = _survives(whole, w, union, rarity)
            if coverage < (NEAR_COVERAGE if close else COVERAGE_THRESHOLD):
                continue
            members.sort()
            (self.splits if label == "split" else self.merges)[w] = members
            self.part_conf[(label, w)] = round(
                min(1.0, 0.5 * coverage + 0.5 * min(fit[p] for p in members)), 4)
            for p in members:
                if p == partner or p in weak:  # leaves its one-to-one pair for the parts
                    gone = p if label == "merged" else w if p == partner else partner_of[p]
                    if gone in self.pair:
                        self.unlink(gone)
                left_parts.discard(p)
                used.add(p)
                if p in weak:
                    lost.add(partner_of[p])
            left_whole.discard(w)

    def find_copies(self) -> None:
        """New units left over that repeat a matched old unit in another branch of the
        same place: a provision the revision carries twice, say verbatim in one option
        and negotiated (bracketed) in another. Each such unit becomes a second successor
        (``copied``) of the old unit it repeats best, when that one is clearly the best
        (:data:`COPY_THRESHOLD` on words, :data:`_COPY_MARGIN` over the runner-up) and
        lies in the same section (the new unit's nearest section with a predecessor holds
        the old unit), not beside its main successor (another parent)."""
        o, n = self.o, self.n
        in_parts = set(self.merges) | {j for parts in self.splits.values() for j in parts}
        left = [j for j in self.left_new()
                if j not in in_parts and n.units[j].kind in _FLOW and n.words(j)]
        matched = [i for i, j in self.pair.items() if o.units[i].kind in _FLOW and o.words(i)]
        if not left or not matched:
            return
        vectors = _Vectors(o, n, matched, left)
        within: dict[int, list[int]] = defaultdict(list)  # old section -> matched units in it
        for i in matched:
            a = o.parent[i]
            while a >= 0:
                if o.units[a].kind not in _FLOW:
                    within[a].append(i)
                a = o.parent[a]
        for j in left:
            t = n.parent[j]  # the nearest section above j that continues an old one
            while t >= 0 and (n.units[t].kind in _FLOW or t not in self.back):
                t = n.parent[t]
            if t < 0:
                continue
            ranked = sorted(((vectors.cosine(i, j), i) for i in within.get(self.back[t], ())
                             if n.parent[self.pair[i]] != n.parent[j]), reverse=True)
            if not ranked:
                continue
            c, i = ranked[0]
            second = ranked[1][0] if len(ranked) > 1 else 0.0
            if c < COPY_THRESHOLD or c - second < _COPY_MARGIN or \
                    _survives(o, i, n.terms(j), None) < CONTAINMENT_THRESHOLD:
                continue
            self.copies[j] = (i, round(min(1.0, 0.5 * c + 0.5 * min(1.0, (c - second) / 0.3)),
                                       4))

    def match_chapeaux(self) -> None:
        """A paragraph left over whose sub-paragraphs went, most of them, under one new
        paragraph left over too continues into it (``"items"``): a chapeau of a few words
        ("Each Party shall:") rewritten past recognition is found through its list, as a
        section is through its paragraphs."""
        o, n = self.o, self.n
        for i in self.left_old():
            kids = o.children[i]
            if o.units[i].kind not in _FLOW or not kids:
                continue
            homes = Counter(n.parent[self.pair[c]] for c in kids if c in self.pair)
            if not homes:
                continue
            k, count = homes.most_common(1)[0]
            if k < 0 or k in self.back or 2 * count <= len(kids) \
                    or n.units[k].kind not in _FLOW or not self.same_home(i, k):
                continue
            self.link(i, k, "items", round(0.5 + 0.5 * count / len(kids), 4))

    def match_wordless(self) -> None:
        o, n = self.o, self.n
        in_parts = set(self.splits) | {i for parts in self.merges.values() for i in parts}
        taken = set(self.merges) | {j for parts in self.splits.values() for j in parts}
        waiting: dict[tuple[str, str | None], list[int]] = defaultdict(list)
        for j in self.left_new():
            if j not in taken and not n.words(j):
                unit = n.units[j]
                waiting[(unit.kind.value, unit.number)].append(j)
        for i in self.left_old():
            if i in in_parts or o.words(i):
                continue
            unit = o.units[i]
            queue = waiting.get((unit.kind.value, unit.number))
            if queue:
                self.link(i, queue.pop(0), "number", 0.5)

    # ---- the report ---------------------------------------------------------------------

    def report(self) -> list[LineageEntry]:
        o, n = self.o, self.n
        old, new = o.units, n.units
        successor: dict[int, int] = {i: self.successor(i) for i in range(len(old))}
        for j, wholes in self.merges.items():
            for i in wholes:
                successor[i] = j
        ordered = sorted(self.pair.items())
        in_order = _longest_increasing([j for _, j in ordered])
        kept = {ordered[k][0] for k in in_order}

        def expected_home(i: int) -> int:
            p = o.parent[i]
            while p >= 0 and successor.get(p, -1) < 0:
                p = o.parent[p]
            return successor[p] if p >= 0 else -1

        predecessor = set(self.back) | set(self.merges) | {
            j for parts in self.splits.values() for j in parts}

        def actual_home(j: int) -> int:
            p = n.parent[j]
            while p >= 0 and p not in predecessor:
                p = n.parent[p]
            return p

        placed: list[tuple[tuple[int, int, int], LineageEntry]] = []
        for i, j in self.pair.items():
            ou, nu = old[i], new[j]
            moved = i not in kept or expected_home(i) != actual_home(j)
            edited = _content(ou) != _content(nu)
            similarity = _ratio(o.words(i), n.words(j)) if edited else 1.0
            status = (LineageStatus.MOVED if moved else
                      LineageStatus.EDITED if edited else LineageStatus.UNCHANGED)
            placed.append(((j, 0, i), LineageEntry(
                status, (ou.key,), (nu.key,), (ou.number,), (nu.number,), self.method[i],
                similarity, edited, ou.number != nu.number, self.conf.get(i, 1.0))))
        for i, parts in self.splits.items():
            placed.append(((parts[0], 0, i), self._group(
                LineageStatus.SPLIT, [i], parts, self.part_conf.get(("split", i), 0.5))))
        for j, wholes in self.merges.items():
            placed.append(((j, 0, wholes[0]), self._group(
                LineageStatus.MERGED, wholes, [j], self.part_conf.get(("merged", j), 0.5))))
        in_merges = {i for wholes in self.merges.values() for i in wholes}
        in_splits = {j for parts in self.splits.values() for j in parts}
        for j, (i, confidence) in self.copies.items():
            ou, nu = old[i], new[j]
            edited = _content(ou) != _content(nu)
            placed.append(((j, 0, i), LineageEntry(
                LineageStatus.COPIED, (ou.key,), (nu.key,), (ou.number,), (nu.number,),
                "similarity", _ratio(o.words(i), n.words(j)) if edited else 1.0, edited,
                ou.number != nu.number, confidence)))
        for j in self.left_new():
            if j in self.merges or j in in_splits or j in self.copies:
                continue
            nu = new[j]
            placed.append(((j, 0, -1), LineageEntry(
                LineageStatus.NEW, (), (nu.key,), (), (nu.number,), "", 0.0, True, False,
                _absence(self.best_new.get(j, 0.0)))))
        # A deleted unit goes after the successor of the nearest old unit before it.
        new_pos: dict[int, int] = dict(self.pair)
        for i, parts in self.splits.items():
            new_pos[i] = parts[-1]
        for j, wholes in self.merges.items():
            for i in wholes:
                new_pos[i] = j
        for i in self.left_old():
            if i in self.splits or i in in_merges:
                continue
            k = i - 1
            while k >= 0 and k not in new_pos:
                k -= 1
            anchor = new_pos[k] if k >= 0 else -1
            ou = old[i]
            placed.append(((anchor, 1, i), LineageEntry(
                LineageStatus.DELETED, (ou.key,), (), (ou.number,), (), "", 0.0, True, False,
                _absence(self.score.get(i, 0.0)))))
        placed.sort(key=lambda t: t[0])
        return [entry for _, entry in placed]

    def _group(self, status: LineageStatus, old_idx: list[int], new_idx: list[int],
               confidence: float) -> LineageEntry:
        olds = [self.o.units[i] for i in old_idx]
        news = [self.n.units[j] for j in new_idx]
        old_words = [w for i in old_idx for w in self.o.words(i)]
        new_words = [w for j in new_idx for w in self.n.words(j)]
        return LineageEntry(
            status, tuple(u.key for u in olds), tuple(u.key for u in news),
            tuple(u.number for u in olds), tuple(u.number for u in news), "parts",
            _ratio(old_words, new_words), old_words != new_words,
            [u.number for u in olds] != [u.number for u in news], confidence)




def _closest(members: Sequence[int], relpos: Sequence[float], at: float) -> list[int]:
    """The :data:`_WINDOW` units of ``members`` (in document order, so in order of
    ``relpos``) on either side of relative place ``at``.

    >>> _closest([10, 11, 12, 13, 14, 15, 16, 17, 18, 19], [k / 9 for k in range(-10, 10)], 0.5)
    [11, 12, 13, 14, 15, 16, 17, 18]
    """
    k = bisect_left([relpos[i] for i in members], at)
    return list(members[max(0, k - _WINDOW):k + _WINDOW])


_PLAIN_LABEL: Final = re.compile(r"^\(?(\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6})\)?\.?$")
_DERIVED_LABEL: Final = re.compile(
    r"^(?:OP\s?)?\(?(\d{1,3}|[a-z]{1,2})\.?\s*(?:bis|ter|quater|quinquies|sexies|septies|"
    r"octies|novies|decies|alt)\b", re.IGNORECASE)


def _plain_label(number: str | None) -> str | None:
    """The number of a paragraph (``2``) or item (``(c)``) labelled plainly, else None."""
    m = _PLAIN_LABEL.match((number or "").strip())
    return m.group(1).lower() if m else None


def _derived_base(number: str | None) -> str | None:
    """The number a label is made from when it marks an insertion or an alternative
    (``OP2 bis`` and ``OP2 Alt 1``: 2; ``(c alt)``: c), else None."""
    m = _DERIVED_LABEL.match((number or "").strip())
    return m.group(1).lower() if m else None


def _proposal(old: UnitView, new: UnitView) -> bool:
    """Whether ``new`` is labelled as a proposal inserted beside a paragraph (``OP2 bis``,
    ``OP1 Alt 2``) while ``old`` carries a plain number or another label."""
    base = _derived_base(new.number)
    return base is not None and (old.number or "").strip() != (new.number or "").strip()


def _compatible(old: UnitView, new: UnitView) -> bool:
    """Paragraphs and sub-paragraphs may become each other; sections stay sections."""
    if old.kind in _FLOW:
        return new.kind in _FLOW
    return new.kind is old.kind


def _absence(best: float) -> float:
    """Confidence that a unit has no counterpart, from the best score any candidate had."""
    return round(max(0.0, min(1.0, 1.0 - max(0.0, best - 0.2) / 0.6)), 4)


def lineage(old: Sequence[UnitView], new: Sequence[UnitView], *, by_identity: bool = True,
            pinned: Mapping[str, str] | None = None, copies: bool = False
            ) -> list[LineageEntry]:
    """Match each unit of ``new`` to its predecessor in ``old`` and say what happened to it.

    ``by_identity``: keys are stable identities (a revision made in Accord); set it to False
    for a revision imported from a file, whose keys mean nothing across revisions.
    ``pinned``: pairs (old key -> new key) imposed before anything else, such as a
    co-facilitator's correction in an import preview. Each unit of either side appears in
    exactly one entry. Entries come in the document order of ``new``; a deleted unit comes
    right after the successor of the unit before it.

    Guarantees: ``lineage(x, x)`` (with either ``by_identity``) is one ``unchanged`` entry
    per unit, in order, each matching a unit to itself (identity). Never raises for any text;
    raises ``ValueError`` when a key appears twice in one revision, or when a pinned pair
    names no unit or a unit twice. Sections that have paragraphs are matched through them,
    never by their number or heading. A unit is ``moved`` when its parent (or, when its
    parent has no successor, its nearest ancestor that has one) does not continue into its
    new parent, or when it is not in the longest sequence of matched units that kept their
    relative order.
    """
    m = _Matcher(old, new)
    if pinned:
        m.pin(pinned)
    if by_identity:
        m.by_key()
    m.by_text()
    if m.left_old() and m.left_new():
        m.match_rest()
    m.match_chapeaux()
    m.find_splits()
    if copies:
        m.find_copies()
    m.match_wordless()
    return m.report()


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True, slots=True)
class MovedText:
    """Text that left one unit and arrived in another: ``spans[span].text[start:end]`` of
    the change it belongs to. ``other_old`` / ``other_new``: the keys of the change at the
    other end (where the text came from for an insertion, where it went for a deletion)."""

    span: int
    start: int
    end: int
    other_old: str | None
    other_new: str | None


@dataclass(frozen=True, slots=True)
class UnitChange:
    """One unit's change between two revisions, against its predecessor by lineage.

    ``old`` / ``new``: the predecessor's and the unit's keys (None for a new / deleted
    unit). ``spans``: :func:`server.core.diff.word_diff` of the predecessor's text and the
    unit's text (against ``""`` when there is none). ``moved``: the parts of those spans
    (insertions or deletions) that are text moved from or to another unit. ``status``: the
    unit's lineage status (a part of a split or merger that is not its main line is
    ``split`` / ``merged`` with the other side None).
    """

    old: str | None
    new: str | None
    status: LineageStatus
    spans: tuple[Span, ...]
    moved: tuple[MovedText, ...]
    confidence: float


def _main_line(olds: Sequence[UnitView], news: Sequence[UnitView]) -> tuple[int, int]:
    """Which old and new unit of a split or merger carry its main line: the pair with the
    same key if any, else the first of the several side with the longest text shared."""
    if len(olds) == 1 and len(news) == 1:
        return 0, 0
    keys = {u.key for u in olds}
    for b, unit in enumerate(news):
        if unit.key in keys:
            return next(a for a, u in enumerate(olds) if u.key == unit.key), b
    if len(news) > 1:
        return 0, max(range(len(news)), key=lambda b: (_shared(olds[0].text, news[b].text), -b))
    return max(range(len(olds)), key=lambda a: (_shared(olds[a].text, news[0].text), -a)), 0


def _shared(a: str, b: str) -> float:
    wa = [t.casefold() for t in fast_tokenize(a) if is_word_token(t)]
    wb = [t.casefold() for t in fast_tokenize(b) if is_word_token(t)]
    return _contained(Counter(wb), Counter(wa)) * len(wb)


def revision_changes(old: Sequence[UnitView], new: Sequence[UnitView], *,
                     by_identity: bool = True,
                     entries: Sequence[LineageEntry] | None = None) -> list[UnitChange]:
    """The change of every unit between two revisions, each unit diffed against its
    predecessor by lineage (``entries``, or :func:`lineage` of the two with ``by_identity``).

    Guarantees: one change per unit whose text differs from its predecessor's, per new and
    per deleted unit with text, and per moved unit (even with the same text); none for
    units unchanged in place. Changes come in the document order of ``new``, deleted units
    after the unit their predecessor followed. For each change,
    ``apply_spans(predecessor text or "", spans) == text or ""``. A split's main part (the
    one keeping the key, else the one sharing most words) is diffed against the old unit,
    its other parts against ``""``; a merger likewise. Text deleted from one unit and
    inserted into another (runs of :data:`MIN_MOVED_WORDS` words or more, making up at
    least half of the deletion or of the insertion) is marked in ``moved`` on both changes,
    with the keys of the other one.
    """
    if entries is None:
        entries = lineage(old, new, by_identity=by_identity)
    old_units = {u.key: u for u in old}
    new_units = {u.key: u for u in new}
    out: list[tuple[str | None, str | None, LineageStatus, list[Span], float]] = []
    for e in entries:
        olds = [old_units[k] for k in e.old]
        news = [new_units[k] for k in e.new]
        if not olds or not news:
            for u in olds:
                if u.text:
                    out.append((u.key, None, e.status, word_diff(u.text, ""), e.confidence))
            for u in news:
                if u.text:
                    out.append((None, u.key, e.status, word_diff("", u.text), e.confidence))
            continue
        a, b = _main_line(olds, news)
        for k, u in enumerate(news):
            if k == b:
                before = olds[a].text
                if before != u.text or e.status is LineageStatus.MOVED:
                    out.append((olds[a].key, u.key, e.status, word_diff(before, u.text),
                                e.confidence))
            elif u.text:
                out.append((None, u.key, e.status, word_diff("", u.text), e.confidence))
        for k, u in enumerate(olds):
            if k != a and u.text:
                out.append((u.key, None, e.status, word_diff(u.text, ""), e.confidence))
    moved = _moved_text([spans for _, _, _, spans, _ in out],
                        [(o_key, n_key) for o_key, n_key, *_ in out])
    return [UnitChange(o_key, n_key, status, tuple(spans), tuple(moved.get(k, ())), conf)
            for k, (o_key, n_key, status, spans, conf) in enumerate(out)]


def _word_runs(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (case-folded) with their character offsets.

    >>> _word_runs("Parties shall, as appropriate")
    [('parties', 0, 7), ('shall', 8, 13), ('as', 15, 17), ('appropriate', 18, 29)]
    """
    out: list[tuple[str, int, int]] = []
    pos = 0
    for token in fast_tokenize(text):
        if is_word_token(token):
            out.append((token.casefold(), pos, pos + len(token)))
        pos += len(token)
    return out


def _moved_text(changes: Sequence[Sequence[Span]], keys: Sequence[tuple[str | None, str | None]]
                ) -> dict[int, list[MovedText]]:
    """Text deleted in one change and inserted in another, marked on both (``keys[k]``:
    the old and new keys of change ``k``). A deletion and an insertion pair up when runs of
    at least :data:`MIN_MOVED_WORDS` words make up at least half of one of them; each span
    pairs with one other at most, the longest shared text first, so that phrases repeated
    all over a text (``the Conference of the Parties``) are not taken for moves."""
    size = MIN_MOVED_WORDS
    deletes: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    inserts: list[tuple[int, int, list[tuple[str, int, int]]]] = []
    for k, spans in enumerate(changes):
        for s, span in enumerate(spans):
            if span.op is not Op.EQUAL:
                runs = _word_runs(span.text)
                if len(runs) >= size:
                    (deletes if span.op is Op.DELETE else inserts).append((k, s, runs))
    if not deletes or not inserts:
        return {}
    shingles: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for d, (_, _, runs) in enumerate(deletes):
        words = [w for w, _, _ in runs]
        for x in range(len(words) - size + 1):
            shingles[tuple(words[x:x + size])].add(d)
    found: list[tuple[int, int, int, list[tuple[int, int, int]]]] = []
    for e, (k_in, _, runs_in) in enumerate(inserts):
        words_in = [w for w, _, _ in runs_in]
        near: set[int] = set()
        for x in range(len(words_in) - size + 1):
            near |= shingles.get(tuple(words_in[x:x + size]), set())
        for d in sorted(near):
            k_out, _, runs_out = deletes[d]
            if k_out == k_in:
                continue
            words_out = [w for w, _, _ in runs_out]
            blocks = [(m.a, m.b, m.size) for m in SequenceMatcher(
                None, words_out, words_in, autojunk=False).get_matching_blocks()
                if m.size >= size]
            shared = sum(length for _, _, length in blocks)
            if shared * 2 >= min(len(words_out), len(words_in)):
                found.append((shared, d, e, blocks))
    out: dict[int, list[MovedText]] = defaultdict(list)
    used_d: set[int] = set()
    used_e: set[int] = set()
    for _, d, e, blocks in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        if d in used_d or e in used_e:
            continue
        used_d.add(d)
        used_e.add(e)
        k_out, s_out, runs_out = deletes[d]
        k_in, s_in, runs_in = inserts[e]
        for x, y, length in blocks:
            out[k_out].append(MovedText(s_out, runs_out[x][1], runs_out[x + length - 1][2],
                                        *keys[k_in]))
            out[k_in].append(MovedText(s_in, runs_in[y][1], runs_in[y + length - 1][2],
                                       *keys[k_out]))
    return {k: sorted(v, key=lambda m: (m.span, m.start)) for k, v in out.items()}


def revision_diff(old: Sequence[UnitView], new: Sequence[UnitView], *,
                  entries: Sequence[LineageEntry] | None = None) -> dict[str, list[Span]]:
    """Word diffs of the units whose text differs from their predecessor's, the units being
    paired by lineage (``entries``, or :func:`lineage` of the two revisions by identity: the
    same key first, then identical text and the other evidence for the units left over).

    A unit with no predecessor (new, or a part of a split other than its main line) is
    diffed against ``""``, and a unit with no successor (deleted, or merged into another
    unit's main line) against ``""`` too. Units whose text is the same as their
    predecessor's are compared by string equality only (no diff), so a revision touching 5%
    of its units costs 5% of a full diff. Guarantees: keys in the document order of
    ``new``, then deleted keys in the order of ``old``; every value is
    :func:`server.core.diff.word_diff` of the predecessor's text (or ``""``) and the unit's
    text (or ``""``), so ``apply_spans(before, spans) == after``; a key is absent exactly
    when the text is the same as its predecessor's. With revisions whose keys are stable,
    a unit kept under its key is always diffed against its own old text. Moved text is
    marked by :func:`revision_changes`.
    """
    changes = revision_changes(old, new, entries=entries)
    new_order = {u.key: k for k, u in enumerate(new)}
    old_order = {u.key: k for k, u in enumerate(old)}
    kept: list[tuple[int, int, str, list[Span]]] = []
    for change in changes:
        before = "" if change.old is None else old[old_order[change.old]].text
        after = "" if change.new is None else new[new_order[change.new]].text
        if before == after:
            continue
        if change.new is not None:
            kept.append((0, new_order[change.new], change.new, list(change.spans)))
        elif change.old is not None and change.old not in new_order:
            kept.append((1, old_order[change.old], change.old, list(change.spans)))
    kept.sort(key=lambda t: (t[0], t[1]))
    return {key: spans for _, _, key, spans in kept}
