"""Amendments carried onto a new revision, and amendments that collide.

An amendment keeps its base text (the unit's text in the revision it was made against), its
proposed text and its patch (:func:`text_edits` of the two). When a revision is published,
each open amendment is carried forward as one of (:class:`Outcome`):

* ``unchanged``: its unit's text did not change; nothing to do;
* ``applies``: the unit changed, but not where the amendment changes it; the amendment's
  change is re-applied to the new text (re-anchored), which gives its new proposed text;
* ``conflicts``: the revision changed the words the amendment changes (differently): both
  versions are reported, as the amendment's and the revision's changes over the same words;
* ``overtaken``: its unit was deleted, or rewritten: fewer than :data:`REWRITE_THRESHOLD`
  (half) of the base text's words survive into the new text.

Kinds other than ``change_words`` (see :func:`carry_forward`): ``delete_unit``,
``reservation``, ``alternative`` and ``add_unit`` concern the unit as a whole, so they carry
as ``applies`` whenever the unit still exists (``alternative`` and ``add_unit`` are not
re-anchored: they replace or add whole units, and keep their text). ``retain`` asks to keep
the text as it is, so it ``conflicts`` with any edit of the unit and is ``overtaken`` when the
unit is rewritten or deleted.

Positions. Diffs come from :func:`server.core.diff.word_diff`, whose span boundaries fall
between the tokens of :func:`server.core.tokens.tokenize`. Internally an edit is held in
code-point offsets of its base text (always on token boundaries); what is reported
(:class:`Change`, :class:`Collision`) is in token offsets: token ``i`` is
``tokenize(base_text)[i]``.

When do two edits of the same base text touch? Two replaced ranges touch when they share a
token; an insertion touches a replaced range when it falls strictly inside it; two insertions
touch when they are at the same place. Edits that merely abut do not touch: inserting words
just before a replaced word is compatible with the replacement. Touching edits form a cluster;
a cluster is a clash only when the two sides make it say different things: an amendment whose
change the revision already made (or two amendments proposing the same words) does not clash.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final

import regex

from server.core.amendments import OPEN_STATES, AmendmentKind, AmendmentState
from server.core.diff import Op, word_diff
from server.core.text import UnitView
from server.core.tokens import TokenKind, count_words, token_kind, tokenize

__all__ = [
    "REASONS",
    "REWRITE_THRESHOLD",
    "AmendmentView",
    "Carried",
    "Change",
    "Collision",
    "Edit",
    "Outcome",
    "apply_edits",
    "carry_all",
    "carry_forward",
    "collisions",
    "edits_touch",
    "fast_tokenize",
    "reason_code",
    "split_chunks",
    "surviving_share",
    "text_edits",
    "token_bounds",
]

#: A unit counts as rewritten (and the amendments on it as overtaken) when fewer than this
#: share of its base text's words survive unchanged into the new text.
REWRITE_THRESHOLD: Final[float] = 0.5

#: Kinds that concern the unit as a whole (they apply while the unit exists).
_WHOLE_UNIT_KINDS: Final = frozenset({
    AmendmentKind.DELETE_UNIT, AmendmentKind.RESERVATION, AmendmentKind.ALTERNATIVE,
    AmendmentKind.ADD_UNIT,
})


@dataclass(frozen=True, slots=True)
class AmendmentView:
    """An amendment as the text engine sees it (pure data, no database)."""

    id: int
    unit: str  # target unit key (for add_unit: the unit the new one follows)
    kind: AmendmentKind
    state: AmendmentState
    proponents: tuple[str, ...]  # delegation codes, proposer first, then co-proponents
    base_text: str  # the unit's text in the revision it was made against
    text: str | None  # proposed text (change_words, alternative, add_unit)
    revision: int  # sequence of the revision it was made against
    cluster: str | None = None
    justification: str = ""


class Outcome(StrEnum):
    """What became of an amendment carried onto a new revision."""

    UNCHANGED = "unchanged"
    APPLIES = "applies"
    CONFLICTS = "conflicts"
    OVERTAKEN = "overtaken"


@dataclass(frozen=True, slots=True)
class Edit:
    """``old[start:end]`` replaced by ``insert`` (code-point offsets into the old text).

    ``start == end`` is a pure insertion, ``insert == ""`` a pure deletion.
    """

    start: int
    end: int
    insert: str


@dataclass(frozen=True, slots=True)
class Change:
    """A change reported to people: tokens ``start:end`` of the base text (token offsets,
    see the module docstring), whose words ``old`` become ``new``."""

    start: int
    end: int
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Carried:
    """One amendment carried onto a new revision.

    * ``base_text``: the amendment's new base (the unit's new text), None when it is deleted;
    * ``proposed_text``: for ``change_words`` that is ``unchanged`` or ``applies``, the
      re-anchored proposed text (``unchanged``: the amendment's own text); for
      ``alternative`` and ``add_unit`` (not ``overtaken``), the amendment's text as it is;
      None otherwise;
    * ``amendment_changes`` / ``revision_changes``: for ``conflicts``, the amendment's and the
      revision's changes in the clashing places, in token offsets of the amendment's base
      text; empty otherwise;
    * ``survival``: the share of the base text's words kept by the new text (None when it was
      not needed to decide);
    * ``redundant``: the new text already makes every change the amendment proposes.
    """

    amendment_id: int
    unit: str
    kind: AmendmentKind
    outcome: Outcome
    reason: str
    base_text: str | None
    proposed_text: str | None
    amendment_changes: tuple[Change, ...] = ()
    revision_changes: tuple[Change, ...] = ()
    survival: float | None = None
    redundant: bool = False


@dataclass(frozen=True, slots=True)
class Collision:
    """Two open amendments on the same unit and base text that touch the same words and
    propose different things there. ``first < second`` (amendment ids); ``ranges`` are the
    clashing places in token offsets of their base text, in order."""

    first: int
    second: int
    unit: str
    ranges: tuple[tuple[int, int], ...]


# --------------------------------------------------------------------------- patches


# A whitespace run followed by a character that does not continue a grapheme cluster is
# always a token boundary (no token but a whitespace run holds whitespace, and a whitespace
# run ends where the next cluster starts), so tokenising the chunks split there gives the
# tokens of the whole text. Chunks repeat a lot (words with their trailing space), so their
# tokens are cached.
_CHUNK_RE: Final = re.compile(r"\S+\s*|\s+")
_CONTINUES_CLUSTER: Final = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}]")


def split_chunks(text: str) -> list[str]:
    """Split ``text`` after each whitespace run, where a token always ends.

    Guarantees: ``"".join(split_chunks(t)) == t``; no chunk is empty; every chunk boundary is
    a token boundary of :func:`server.core.tokens.tokenize` (a whitespace run followed by a
    combining mark or joiner, which continue its grapheme cluster, is not split); a chunk
    holds whitespace only at its end (or is the leading whitespace of ``text``).
    """
    chunks: list[str] = _CHUNK_RE.findall(text)
    if _CONTINUES_CLUSTER.search(text) is None:
        return chunks
    out: list[str] = []
    for chunk in chunks:
        if out and _CONTINUES_CLUSTER.match(chunk):
            out[-1] += chunk
        else:
            out.append(chunk)
    return out


@lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    return tuple(tokenize(chunk))


def fast_tokenize(text: str) -> list[str]:
    """The tokens of ``text``, exactly as :func:`server.core.tokens.tokenize` gives them,
    computed chunk by chunk (:func:`split_chunks`) with the chunks' tokens cached: several
    times faster on negotiated text, where the same words recur.

    Guarantees: ``fast_tokenize(t) == tokenize(t)`` for every string ``t``.
    """
    out: list[str] = []
    for chunk in split_chunks(text):
        out.extend(_chunk_tokens(chunk))
    return out


def token_bounds(text: str) -> list[int]:
    """The code-point offsets at which tokens of ``text`` start, plus ``len(text)``.

    Guarantees: sorted, strictly increasing, first ``0`` and last ``len(text)`` (``[0]``
    for ``""``); offset ``k`` of the list is where token ``k`` starts.
    """
    bounds = [0]
    pos = 0
    for token in fast_tokenize(text):
        pos += len(token)
        bounds.append(pos)
    return bounds


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix of two strings (binary search on slices, C speed)."""
    lo, hi = 0, min(len(a), len(b))
    if a[:hi] == b[:hi]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix of two strings, at most ``limit``."""
    lo, hi = 0, min(len(a), len(b), limit)
    if hi == 0 or a[len(a) - hi :] == b[len(b) - hi :]:
        return hi
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


_PREPEND: Final = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


def _is_boundary(text: str, pos: int) -> bool:
    """True when ``pos`` is surely a token boundary of ``text``: its ends, or a junction
    of whitespace and non-whitespace that no grapheme cluster spans (conservative: False
    when unsure)."""
    if pos <= 0 or pos >= len(text):
        return True
    before, after = text[pos - 1], text[pos]
    if before.isspace():
        return not after.isspace() and _CONTINUES_CLUSTER.match(after) is None
    # a mark or joiner before the space may belong to a cluster that started with a space
    return (after.isspace() and _PREPEND.match(before) is None
            and _CONTINUES_CLUSTER.match(before) is None)


def _edit_score(tokens: Sequence[str]) -> int:
    """How much a lone insertion or deletion looks like a person's mark-up (as
    :func:`word_diff` scores it): it starts on a word or mark, and ends after a space."""
    score = 2 if token_kind(tokens[0]) is not TokenKind.SPACE else 0
    return score + (1 if token_kind(tokens[-1]) is TokenKind.SPACE else 0)


def _slide(old: str, bounds: Sequence[int], i: int, j: int, edit: list[str]) -> Edit:
    """Place a lone insertion (``i == j``: ``edit`` inserted before token ``i``) or deletion
    (``edit`` = tokens ``i:j``) of ``old`` where :func:`word_diff` puts it. Its clean-up
    does, in order: diff-match-patch's merge (an edit that ends with the whole equal run
    before it moves to the start of the text; one that starts with the whole run after it,
    to the end); if the edit still sits between two equal runs, the token-level alignment
    (shifted left along equal tokens as far as it goes, then stepped right one token at a
    time, keeping the first best-looking place); and if that moved it, the merge again."""
    n = len(bounds) - 1
    width = j - i  # tokens of old the edit covers (0 for an insertion)

    def token(k: int) -> str:
        return old[bounds[k] : bounds[k + 1]]

    def merge_shift(pos: int, edit: list[str]) -> tuple[int, list[str], bool]:
        before, after = pos, n - pos - width
        if before and after:
            if before <= len(edit) and all(edit[len(edit) - before + k] == token(k)
                                           for k in range(before)):
                return 0, edit[len(edit) - before :] + edit[: len(edit) - before], True
            if after <= len(edit) and all(edit[k] == token(pos + width + k)
                                          for k in range(after)):
                return n - width, edit[after:] + edit[:after], True
        return pos, edit, False

    def align(pos: int, edit: list[str]) -> tuple[int, list[str]]:
        common = 0
        while common < min(pos, len(edit)) and token(pos - 1 - common) == edit[-1 - common]:
            common += 1
        if common:
            edit = edit[len(edit) - common :] + edit[: len(edit) - common]
        pos -= common
        best, best_edit, best_score = pos, edit, _edit_score(edit)
        while pos + width < n and edit[0] == token(pos + width):
            edit = [*edit[1:], edit[0]]
            pos += 1
            score = _edit_score(edit)
            if score > best_score:
                best, best_edit, best_score = pos, edit, score
        return best, best_edit

    pos, edit, shifted = merge_shift(i, edit)
    if not shifted and pos > 0 and pos + width < n:
        aligned, aligned_edit = align(pos, edit)
        if (aligned, aligned_edit) != (pos, edit):
            pos, edit, _ = merge_shift(aligned, aligned_edit)
    if width:
        return Edit(bounds[pos], bounds[pos + width], "")
    return Edit(bounds[pos], bounds[pos], "".join(edit))


def _single_edit(old: str, new: str, bounds: Sequence[int], i: int, j: int) -> Edit | None:
    """The one edit replacing tokens ``i:j`` of ``old`` (the differing middle, in whole
    tokens) when that is exactly what :func:`word_diff` would find: the middle's ends are
    token boundaries of ``new`` too and the old and new middles share no token (so there
    is no common word to keep); a lone insertion or deletion is placed as word_diff places
    it (:func:`_slide`). None otherwise."""
    start, end = bounds[i], bounds[j]
    new_end = len(new) - (len(old) - end)
    if new_end < start or not (_is_boundary(new, start) and _is_boundary(new, new_end)):
        return None
    old_tokens = fast_tokenize(old[start:end])
    new_tokens = fast_tokenize(new[start:new_end])
    if not set(old_tokens).isdisjoint(new_tokens):
        return None
    if not new_tokens:
        return _slide(old, bounds, i, j, old_tokens)
    if not old_tokens:
        return _slide(old, bounds, i, i, new_tokens)
    return Edit(start, end, new[start:new_end])


def text_edits(old: str, new: str, bounds: Sequence[int] | None = None) -> list[Edit]:
    """The patch turning ``old`` into ``new``, as edits in code-point offsets of ``old``.

    The common prefix and suffix (in whole tokens, one more token kept on each side for
    context) are set aside and the middle is diffed with :func:`word_diff`, so a small
    change to a long text costs little. When the middle is one change that shares no token
    with what replaces it (and could not slide), it is the answer as it is, without a diff:
    the same edit :func:`word_diff` gives. ``bounds`` may pass :func:`token_bounds` of
    ``old`` when the caller already has it.

    Guarantees: ``apply_edits(old, text_edits(old, new)) == new``; the edits are sorted, do
    not overlap nor abut (a deletion and an insertion at the same place are one edit), and
    none is empty; every ``start`` and ``end`` is a token boundary of ``old``;
    ``text_edits(a, a) == []``. Never raises for any pair of strings.
    """
    if old == new:
        return []
    if bounds is None:
        bounds = token_bounds(old)
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old, new, min(len(old), len(new)) - prefix)
    single = _single_edit(old, new, bounds, bisect_right(bounds, prefix) - 1,
                          bisect_left(bounds, len(old) - suffix))
    if single is not None:
        return [single]
    # Snap to token boundaries of ``old``, one token wider on each side.
    i = max(bisect_right(bounds, prefix) - 2, 0)
    start = bounds[i]
    j = min(bisect_left(bounds, len(old) - suffix) + 1, len(bounds) - 1)
    end = bounds[j]
    kept_tail = len(old) - end
    middle_new = new[start : len(new) - kept_tail]
    edits: list[Edit] = []
    pos = start
    cur_start = -1
    cur_insert: list[str] = []
    for span in word_diff(old[start:end], middle_new):
        if span.op is Op.EQUAL:
            if cur_start >= 0:
                edits.append(Edit(cur_start, pos, "".join(cur_insert)))
                cur_start, cur_insert = -1, []
            pos += len(span.text)
            continue
        if cur_start < 0:
            cur_start = pos
        if span.op is Op.DELETE:
            pos += len(span.text)
        else:
            cur_insert.append(span.text)
    if cur_start >= 0:
        edits.append(Edit(cur_start, pos, "".join(cur_insert)))
    return edits


def apply_edits(old: str, edits: Iterable[Edit]) -> str:
    """Apply sorted, non-overlapping ``edits`` to ``old`` and return the new text.

    Guarantees: ``apply_edits(a, text_edits(a, b)) == b``. Raises ``ValueError`` when the
    edits are out of order, overlap, or fall outside ``old``.
    """
    out: list[str] = []
    pos = 0
    for edit in edits:
        if edit.start < pos or edit.end < edit.start or edit.end > len(old):
            raise ValueError(f"edit {edit} is out of order or outside the text")
        out.append(old[pos : edit.start])
        out.append(edit.insert)
        pos = edit.end
    out.append(old[pos:])
    return "".join(out)


def surviving_share(old: str, edits: Iterable[Edit]) -> float:
    """The share (0..1) of the words of ``old`` that ``edits`` leave in place.

    Guarantees: 1.0 when ``old`` has no word (nothing can be lost); 1.0 for no edits; 0.0
    when every word is deleted or replaced. Words are counted by
    :func:`server.core.tokens.count_words`.
    """
    total = count_words(old)
    if total == 0:
        return 1.0
    lost = sum(count_words(old[e.start : e.end]) for e in edits)
    return max(0.0, 1.0 - lost / total)


def edits_touch(a: Edit, b: Edit) -> bool:
    """True when two edits of the same text touch (see the module docstring).

    Guarantees: symmetric; two replaced ranges touch iff they share a code point; an
    insertion touches a replaced range iff it falls strictly inside it; two insertions touch
    iff they are at the same offset; edits that merely abut never touch.
    """
    a_empty, b_empty = a.start == a.end, b.start == b.end
    if a_empty and b_empty:
        return a.start == b.start
    if a_empty:
        return b.start < a.start < b.end
    if b_empty:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


@dataclass(slots=True)
class _Cluster:
    start: int
    end: int
    ours: list[Edit]
    theirs: list[Edit]


def _clusters(ours: Sequence[Edit], theirs: Sequence[Edit]) -> list[_Cluster]:
    """Group two sorted edit lists into clusters of (transitively) touching edits, in order.
    A cluster holding edits of one side only is one that side alone changes."""
    tagged = sorted(
        [(e.start, e.end, 0, e) for e in ours] + [(e.start, e.end, 1, e) for e in theirs],
        key=lambda t: (t[0], t[1], t[2]),
    )
    out: list[_Cluster] = []
    for _, _, side, edit in tagged:
        if out:
            last = out[-1]
            if any(edits_touch(edit, other) for other in (*last.ours, *last.theirs)):
                last.end = max(last.end, edit.end)
                (last.ours if side == 0 else last.theirs).append(edit)
                continue
        out.append(_Cluster(edit.start, edit.end, [edit] if side == 0 else [],
                            [edit] if side == 1 else []))
    return out


def _clashes(base: str, ours: Sequence[Edit], theirs: Sequence[Edit]
             ) -> tuple[list[_Cluster], set[Edit]]:
    """The clusters where both sides change the same words differently, and our edits whose
    result the other side already produces (absorbed)."""
    clashes: list[_Cluster] = []
    absorbed: set[Edit] = set()
    for cluster in _clusters(ours, theirs):
        if not cluster.ours or not cluster.theirs:
            continue
        segment = base[cluster.start : cluster.end]
        a = apply_edits(segment, [_shift(e, -cluster.start) for e in cluster.ours])
        b = apply_edits(segment, [_shift(e, -cluster.start) for e in cluster.theirs])
        if a == b:
            absorbed.update(cluster.ours)
        else:
            clashes.append(cluster)
    return clashes, absorbed


def _shift(edit: Edit, by: int) -> Edit:
    return Edit(edit.start + by, edit.end + by, edit.insert)


def _map_position(pos: int, edits: Sequence[Edit], deltas: Sequence[int],
                  starts: Sequence[int], *, after_insert: bool) -> int:
    """Where offset ``pos`` of the old text lands in the new text, given the revision's
    sorted ``edits`` (``pos`` never falls strictly inside one of them). ``deltas[k]`` is the
    total length change of ``edits[:k]``; an insertion exactly at ``pos`` counts as before
    ``pos`` when ``after_insert``."""
    k = bisect_left(starts, pos)  # edits[:k] start before pos
    while k < len(edits) and edits[k].start == pos and edits[k].end == pos and after_insert:
        k += 1
    while k > 0 and edits[k - 1].end > pos:
        # an edit starting before pos and ending after it: cannot happen for a clean edit,
        # but stay defined.
        k -= 1
    return pos + deltas[k]


def _reanchor(base: str, new_text: str, ours: Sequence[Edit], theirs: Sequence[Edit],
              absorbed: set[Edit]) -> str | None:
    """Our edits (minus the absorbed ones) re-applied to ``new_text``; None when the
    untouched text they rely on is not where it should be (never expected)."""
    starts = [e.start for e in theirs]
    deltas = [0]
    for theirs_edit in theirs:
        deltas.append(deltas[-1] + len(theirs_edit.insert)
                      - (theirs_edit.end - theirs_edit.start))
    moved: list[Edit] = []
    for edit in ours:
        if edit in absorbed:
            continue
        s = _map_position(edit.start, theirs, deltas, starts, after_insert=True)
        if edit.start == edit.end:
            e = s
        else:
            e = _map_position(edit.end, theirs, deltas, starts, after_insert=False)
        if e < s or new_text[s:e] != base[edit.start : edit.end]:
            return None
        moved.append(Edit(s, e, edit.insert))
    try:
        return apply_edits(new_text, moved)
    except ValueError:
        return None


def _token_range(bounds: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Token offsets of the code-point range ``start:end`` (widened to whole tokens)."""
    t0 = bisect_right(bounds, start) - 1
    t1 = t0 if end == start else bisect_left(bounds, end)
    return max(t0, 0), max(t1, max(t0, 0))


def _changes(base: str, bounds: Sequence[int], edits: Iterable[Edit]) -> tuple[Change, ...]:
    out = []
    for e in edits:
        t0, t1 = _token_range(bounds, e.start, e.end)
        out.append(Change(t0, t1, base[e.start : e.end], e.insert))
    return tuple(out)


# --------------------------------------------------------------------------- carrying


@dataclass(slots=True)
class _Revision:
    """One unit's change old -> new, computed once and shared by its amendments."""

    old: str
    new: str
    bounds: list[int]
    edits: list[Edit]
    survival: float


def _revision_change(old: str, new: str) -> _Revision:
    bounds = token_bounds(old)
    edits = text_edits(old, new, bounds)
    return _Revision(old, new, bounds, edits, surviving_share(old, edits))


#: Each reason :func:`carry_forward` gives (stored with the carried amendment, in English),
#: by the code the client says it with (``amending.carried.reason.<code>``).
REASONS: Final[dict[str, str]] = {
    "unit_deleted": "unit deleted",
    "unit_unchanged": "unit unchanged",
    "whole_unit": "unit edited; the amendment concerns the whole unit",
    "retain": "unit edited; the amendment asks to retain it",
    "clash": "the revision changed the words the amendment changes",
    "not_reanchored": "the amendment could not be re-anchored",
    "reanchored": "re-anchored on the new text",
    # publication's: a carried amendment whose change the new text already makes
    "already_made": "The new revision already makes this change.",
}
_REWRITTEN = re.compile(r"unit rewritten: (\d{1,3})% of its words remain")


def reason_code(reason: str) -> tuple[str, dict[str, int]] | None:
    """The code and facts of a reason :func:`carry_forward` gave, for saying it in the
    reader's language; None for any other words (then they are shown as they are).

    >>> reason_code("unit rewritten: 40% of its words remain")
    ('rewritten', {'percent': 40})
    >>> reason_code("re-anchored on the new text")
    ('reanchored', {})
    >>> reason_code("something else") is None
    True
    """
    for code, words in REASONS.items():
        if reason == words:
            return code, {}
    if found := _REWRITTEN.fullmatch(reason):
        return "rewritten", {"percent": int(found.group(1))}
    return None


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _carry(amendment: AmendmentView, new_text: str | None,
           change: _Revision | None) -> Carried:
    """carry_forward with the unit's revision change possibly computed already."""
    a = amendment

    def result(outcome: Outcome, reason: str, proposed: str | None = None, *,
               ours: tuple[Change, ...] = (), theirs: tuple[Change, ...] = (),
               survival: float | None = None, redundant: bool = False) -> Carried:
        return Carried(a.id, a.unit, a.kind, outcome, reason, new_text, proposed, ours, theirs,
                       survival, redundant)

    whole_text = a.text if a.kind in (AmendmentKind.ALTERNATIVE, AmendmentKind.ADD_UNIT) else None
    if new_text is None:
        return Carried(a.id, a.unit, a.kind, Outcome.OVERTAKEN, REASONS["unit_deleted"], None,
                       None)
    if new_text == a.base_text:
        proposed = a.text if a.kind is AmendmentKind.CHANGE_WORDS else whole_text
        return result(Outcome.UNCHANGED, REASONS["unit_unchanged"], proposed,
                      redundant=a.kind is AmendmentKind.CHANGE_WORDS and a.text == new_text)
    if a.kind in _WHOLE_UNIT_KINDS:
        return result(Outcome.APPLIES, REASONS["whole_unit"], whole_text)
    if change is None or change.old != a.base_text or change.new != new_text:
        change = _revision_change(a.base_text, new_text)
    if change.survival < REWRITE_THRESHOLD:
        return result(Outcome.OVERTAKEN,
                      f"unit rewritten: {_percent(change.survival)} of its words remain",
                      survival=change.survival)
    if a.kind is AmendmentKind.RETAIN:
        return result(Outcome.CONFLICTS, REASONS["retain"],
                      theirs=_changes(a.base_text, change.bounds, change.edits),
                      survival=change.survival)
    # change_words
    ours = text_edits(a.base_text, a.text or "", change.bounds)
    clashes, absorbed = _clashes(a.base_text, ours, change.edits)
    if clashes:
        return result(
            Outcome.CONFLICTS, REASONS["clash"],
            ours=_changes(a.base_text, change.bounds, [e for c in clashes for e in c.ours]),
            theirs=_changes(a.base_text, change.bounds, [e for c in clashes for e in c.theirs]),
            survival=change.survival)
    proposed = _reanchor(a.base_text, new_text, ours, change.edits, absorbed)
    if proposed is None:  # pragma: no cover - defensive: clean edits always re-anchor
        return result(Outcome.CONFLICTS, REASONS["not_reanchored"],
                      survival=change.survival)
    return result(Outcome.APPLIES, REASONS["reanchored"], proposed,
                  survival=change.survival, redundant=proposed == new_text)


def carry_forward(amendment: AmendmentView, new_text: str | None) -> Carried:
    """Carry one amendment onto the new text of its unit (None: the unit was deleted).

    Guarantees, for any texts (never raises):

    * ``new_text is None`` -> ``overtaken``;
    * ``new_text == amendment.base_text`` -> ``unchanged``, with ``proposed_text`` the
      amendment's own text (``change_words``, ``alternative``, ``add_unit``);
    * ``delete_unit``, ``reservation``, ``alternative``, ``add_unit`` on an edited unit ->
      ``applies`` (``alternative`` / ``add_unit`` keep their text; no re-anchoring);
    * ``change_words`` and ``retain`` on a unit of which fewer than
      :data:`REWRITE_THRESHOLD` of the words survive -> ``overtaken``;
    * ``retain`` on an otherwise edited unit -> ``conflicts`` (the revision's changes are
      listed in ``revision_changes``);
    * ``change_words`` whose changed words the revision changed differently -> ``conflicts``
      with both sides' changes; otherwise ``applies`` with ``proposed_text`` the new text
      with the amendment's changes made to it: every change of the revision and of the
      amendment is in it, and when the two change disjoint places the result is the same as
      applying both patches to the base text.

    The amendment's state is not looked at (see :func:`carry_all` for open ones only).
    """
    return _carry(amendment, new_text, None)


def carry_all(amendments: Iterable[AmendmentView], old_units: Sequence[UnitView],
              new_units: Sequence[UnitView]) -> list[Carried]:
    """Carry every open amendment (draft or submitted) onto a new revision.

    ``old_units`` is the revision the amendments were made against (or were last carried
    onto), ``new_units`` the new one; units are matched by key, and an amendment whose unit
    is missing from ``new_units`` is overtaken (unit deleted). Amendments in other states
    are skipped; the result is in the order of the input.

    Guarantees: each result equals ``carry_forward(a, new text of a.unit)``. Cost: each
    changed unit's old -> new diff is computed once, whatever the number of amendments on
    it; amendments on unchanged units short-circuit without any diff.
    """
    new_text: dict[str, str] = {u.key: u.text for u in new_units}
    old_text: dict[str, str] = {u.key: u.text for u in old_units}
    changes: dict[str, _Revision] = {}
    out: list[Carried] = []
    for a in amendments:
        if a.state not in OPEN_STATES:
            continue
        text = new_text.get(a.unit)
        change: _Revision | None = None
        if (text is not None and text != a.base_text and a.kind not in _WHOLE_UNIT_KINDS
                and old_text.get(a.unit) == a.base_text):
            change = changes.get(a.unit)
            if change is None:
                change = changes[a.unit] = _revision_change(a.base_text, text)
        out.append(_carry(a, text, change))
    return out


# --------------------------------------------------------------------------- collisions


_TEXT_CHANGING: Final = frozenset({AmendmentKind.CHANGE_WORDS, AmendmentKind.DELETE_UNIT,
                                   AmendmentKind.ALTERNATIVE})


def _amendment_edits(a: AmendmentView, bounds: Sequence[int]) -> list[Edit]:
    """What an amendment does to its base text: its patch (change_words), or the whole
    text deleted (delete_unit) or replaced (alternative)."""
    if a.kind is AmendmentKind.CHANGE_WORDS:
        return text_edits(a.base_text, a.text or "", bounds)
    if a.kind is AmendmentKind.DELETE_UNIT:
        return [Edit(0, len(a.base_text), "")] if a.base_text else []
    if a.text == a.base_text:
        return []
    return [Edit(0, len(a.base_text), a.text or "")]


def collisions(amendments: Iterable[AmendmentView]) -> list[Collision]:
    """Pairs of open amendments that touch the same words of the same base text.

    Only open (draft or submitted) amendments that change words are compared:
    ``change_words`` by its patch, ``delete_unit`` and ``alternative`` as changing the whole
    text; ``retain``, ``reservation`` and ``add_unit`` change no words. Two amendments are
    compared when they target the same unit with the same base text. They collide when some
    of their edits touch (see the module docstring) and make those words say different
    things; two amendments proposing the same words there agree and do not collide.

    Guarantees: each pair is reported once, ``first < second``, sorted by (unit, first,
    second); the relation is symmetric in its inputs (order of ``amendments`` does not
    matter); never raises.
    """
    groups: dict[tuple[str, str], list[AmendmentView]] = defaultdict(list)
    for a in amendments:
        if a.state in OPEN_STATES and a.kind in _TEXT_CHANGING:
            groups[(a.unit, a.base_text)].append(a)
    out: list[Collision] = []
    for (unit, base), members in groups.items():
        if len(members) < 2:
            continue
        bounds = token_bounds(base)
        items: list[tuple[int, int, int, list[Edit]]] = []
        for a in sorted(members, key=lambda m: m.id):
            edits = _amendment_edits(a, bounds)
            if edits:
                items.append((edits[0].start, edits[-1].end, a.id, edits))
        items.sort(key=lambda t: (t[0], t[2]))
        for i, (_, end_i, id_i, edits_i) in enumerate(items):
            for start_j, _, id_j, edits_j in items[i + 1 :]:
                if start_j > end_i:
                    break
                clashes, _ = _clashes(base, edits_i, edits_j)
                if clashes:
                    ranges = tuple(_token_range(bounds, c.start, c.end) for c in clashes)
                    first, second = sorted((id_i, id_j))
                    out.append(Collision(first, second, unit, ranges))
    out.sort(key=lambda c: (c.unit, c.first, c.second))
    return out
