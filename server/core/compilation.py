"""Compilation text: a revision with its open amendments inlined and attributed.

This is the text delegations work from (DOMAIN.md): the base revision unit by unit, in
document order, with every proposal shown where it applies and who made it. As data
(:class:`Compilation`, :func:`compilation_to_json`) for the client, and as plain text
(:func:`render_compilation_text`)::

    37. We commit to cooperate on safe and dignified return [and to guarantee due process - A]
        (a) Develop [bilateral][bilateral, regional and multilateral - C] frameworks
        (b) Ensure that returnees are assisted in their reintegration   [agreed ad ref]
    37 bis. [new - D: We further commit to ...]

How proposals are shown (the notation of UN compilation texts):

* words inserted: ``[new words - A, B]`` (proponents of all the amendments proposing
  exactly these words at this place, proposer first, in amendment order);
* words deleted: ``[old words - X: delete]``;
* words replaced: ``[old words][new words - C]``;
* several proposals on the same words make one place: ``[old - X: delete][new 1 - C][new 2 - D]``
  (one bracket per distinct proposed wording). Whitespace at the edges of a place stays
  outside the brackets;
* a unit's deletion, retention or reservation: `` [X: delete]``, `` [E: retain]``,
  `` [E: reserve]`` after its text; its status, when agreed, three spaces further:
  ``[agreed in informals]``, ``[agreed ad ref]``, ``[adopted]``;
* an alternative text: a line ``37 alt. [alt - F: text]`` right after the unit (``37 alt 2``
  for a second distinct one);
* a new unit proposed after a unit: a line ``37 bis. [new - D: text]`` after the unit and all
  its sub-units (``37 ter`` for the next distinct one; numbers already used in the revision
  are skipped);
* an amendment made on an earlier text of the unit that no longer applies to it: a line
  right after the unit (and its alternatives) with both texts,
  ``[conflicts - G: "proposed text" proposed on "the text it was made on"]`` (a retention:
  ``[conflicts - E: retain "the text it was made on"]``; a rewritten unit: ``overtaken``).
  It is never left out; an amendment whose unit the revision no longer has is listed as
  unplaced.

A place where proposals apply never holds half of a bracketed passage: a deletion or
replacement that touches a bracket takes in the whole bracketed passage (deleting the first
of ``[taken into account][addressed]`` reads
``[[taken into account][addressed]][addressed - G]``), and punctuation next to a replaced
word stays outside the brackets (``[return][reintegration - C].``).

Sub-units are indented by four spaces per level. Delegations appear by their codes unless a
mapping of names is given to :func:`render_compilation_text`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, Final

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.brackets import bracket_partners
from server.core.errors import Invalid
from server.core.rebase import (
    AmendmentView,
    Change,
    Edit,
    Outcome,
    apply_edits,
    carry_forward,
    edits_touch,
    fast_tokenize,
    text_edits,
)
from server.core.richtext import footnotes_to_json, marks_to_json, notes_to_json, option_to_json
from server.core.text import UnitKind, UnitStatus, UnitView, depths, inserted_number
from server.core.tokens import TokenKind, token_kind

__all__ = [
    "DEFAULT_STATES",
    "AmendmentStanding",
    "Attribution",
    "Compilation",
    "CompiledUnit",
    "Marker",
    "Piece",
    "ProposedUnit",
    "Replacement",
    "Standing",
    "Unplaced",
    "Unsettled",
    "balance_edits",
    "compilation_to_json",
    "compile_text",
    "render_compilation_text",
    "unsettled_words",
]

#: States compiled when no ``states`` filter is given: submitted amendments. Drafts are seen
#: only by their delegation, so they are compiled only when asked for explicitly.
DEFAULT_STATES: Final = frozenset({AmendmentState.SUBMITTED})

_INDENT: Final = "    "
_STATUS_MARK: Final = {
    UnitStatus.AGREED_INFORMALS: "[agreed in informals]",
    UnitStatus.AGREED_AD_REF: "[agreed ad ref]",
    UnitStatus.ADOPTED: "[adopted]",
}
_MARKER_VERB: Final = {
    AmendmentKind.DELETE_UNIT: "delete",
    AmendmentKind.RETAIN: "retain",
    AmendmentKind.RESERVATION: "reserve",
}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who proposes something: the amendments (ids, ascending) and their proponents
    (delegation codes, each once, in order of first appearance)."""

    amendment_ids: tuple[int, ...]
    proponents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Replacement:
    """A wording proposed for one place of the text (never empty: a deletion is shown in
    :attr:`Piece.deleted_by`)."""

    text: str
    by: Attribution


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the unit's text. Without proposals (``changed`` False) it is plain text;
    otherwise it is one place where proposals apply: ``text`` holds the revision's words
    there (``""`` at an insertion point), ``deleted_by`` who proposes to delete them, and
    ``replacements`` the wordings proposed instead (in order of their first amendment)."""

    text: str
    deleted_by: Attribution | None = None
    replacements: tuple[Replacement, ...] = ()

    @property
    def changed(self) -> bool:
        """True when some proposal applies here."""
        return self.deleted_by is not None or bool(self.replacements)


@dataclass(frozen=True, slots=True)
class Marker:
    """A proposal about the unit as a whole: delete it, retain it, or a reservation."""

    kind: AmendmentKind
    by: Attribution


@dataclass(frozen=True, slots=True)
class ProposedUnit:
    """A unit proposed beside (``alternative``) or after (``add_unit``) an existing one,
    with the display number it gets in the compilation (``12 alt``, ``12 bis``)."""

    kind: AmendmentKind
    anchor: str
    number: str | None
    text: str
    by: Attribution


@dataclass(frozen=True, slots=True)
class Unsettled:
    """An amendment made on another text of the unit that does not apply to this one as it
    stands (``conflicts``: the revision changed the words it changes; ``overtaken``: the
    unit was rewritten). It is shown beside the unit with both texts: ``base_text``, the
    text it was proposed on (or last re-anchored on, in revision ``revision``), and what it
    proposes there (``text``; None for a retention); the unit's text in the compiled
    revision is the current one. ``amendment_changes`` and ``revision_changes`` are the
    clashing changes (token offsets of ``base_text``, see :mod:`server.core.rebase`)."""

    amendment_id: int
    kind: AmendmentKind
    outcome: Outcome
    reason: str
    by: Attribution
    revision: int
    base_text: str
    text: str | None
    amendment_changes: tuple[Change, ...] = ()
    revision_changes: tuple[Change, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledUnit:
    """One unit of the revision with its proposals. ``depth``: number of ancestors.
    ``alternatives`` are shown right after the unit, then ``unsettled`` (amendments in
    conflict with its text, or overtaken by it), and ``additions`` after the unit and all
    of its sub-units."""

    unit: UnitView
    depth: int
    pieces: tuple[Piece, ...]
    markers: tuple[Marker, ...] = ()
    alternatives: tuple[ProposedUnit, ...] = ()
    additions: tuple[ProposedUnit, ...] = ()
    unsettled: tuple[Unsettled, ...] = ()


@dataclass(frozen=True, slots=True)
class Unplaced:
    """An amendment that passed the filters but whose unit is not in the revision, and
    why."""

    amendment_id: int
    reason: str
    unit: str = ""


class Standing(StrEnum):
    """Where an amendment stands on the compiled revision."""

    #: Its change applies to the unit's text (as made, or re-anchored): shown inline.
    APPLIES = "applies"
    #: The unit's text changed the words it changes: shown beside the unit, both texts.
    CONFLICTS = "conflicts"
    #: Its unit was rewritten (beside the unit, both texts) or is not in the revision
    #: (unplaced).
    OVERTAKEN = "overtaken"


@dataclass(frozen=True, slots=True)
class AmendmentStanding:
    """One compiled amendment: where it stands on the revision, and whether it is shown at
    its unit (``placed``) or listed as unplaced. ``revision``: the sequence of the revision
    whose text it was made on (or last re-anchored on)."""

    amendment_id: int
    unit: str
    kind: AmendmentKind
    standing: Standing
    reason: str
    placed: bool
    revision: int


@dataclass(frozen=True, slots=True)
class Compilation:
    """A compiled revision: its units in document order, the amendments shown at their
    unit (ids, ascending: inline, or beside it when unsettled), those whose unit is not in
    the revision, and every compiled amendment's standing (ids ascending)."""

    units: tuple[CompiledUnit, ...]
    amendment_ids: tuple[int, ...]
    unplaced: tuple[Unplaced, ...]
    standings: tuple[AmendmentStanding, ...] = ()


# --------------------------------------------------------------------------- building


class _Attributor:
    """Accumulates amendments into one Attribution, preserving first-appearance order."""

    __slots__ = ("ids", "proponents")

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.proponents: dict[str, None] = {}

    def add(self, amendment: AmendmentView) -> None:
        if amendment.id not in self.ids:
            self.ids.append(amendment.id)
        for code in amendment.proponents:
            self.proponents.setdefault(code, None)

    def done(self) -> Attribution:
        return Attribution(tuple(sorted(self.ids)), tuple(self.proponents))


def _tokens(text: str) -> tuple[list[int], list[str]]:
    """Token boundaries and tokens of ``text``."""
    tokens = fast_tokenize(text)
    bounds = [0]
    for token in tokens:
        bounds.append(bounds[-1] + len(token))
    return bounds, tokens


@lru_cache(maxsize=1 << 16)
def _kind(token: str) -> TokenKind:
    return token_kind(token)


def _word_end(tokens: Sequence[str], m: int) -> int:
    """Where the written word continuing at token ``m`` ends (a token index): words and the
    marks between two words (``and/or``) are taken; a mark run that is not followed by a
    word (the full stop after a word, a closing bracket) is not."""
    while m < len(tokens):
        kind = _kind(tokens[m])
        if kind is TokenKind.WORD:
            m += 1
        elif kind is TokenKind.OTHER:
            n = m
            while n < len(tokens) and _kind(tokens[n]) is TokenKind.OTHER:
                n += 1
            if n < len(tokens) and _kind(tokens[n]) is TokenKind.WORD:
                m = n
            else:
                return m
        else:
            return m
    return m


def _word_start(tokens: Sequence[str], m: int) -> int:
    """Where the written word ending before token ``m`` starts (mirror of :func:`_word_end`):
    an opening bracket or quotation mark before a word is not taken."""
    while m > 0:
        kind = _kind(tokens[m - 1])
        if kind is TokenKind.WORD:
            m -= 1
        elif kind is TokenKind.OTHER:
            n = m
            while n > 0 and _kind(tokens[n - 1]) is TokenKind.OTHER:
                n -= 1
            if n > 0 and _kind(tokens[n - 1]) is TokenKind.WORD:
                m = n
            else:
                return m
        else:
            return m
    return m


def _widen(text: str, bounds: Sequence[int], tokens: Sequence[str], edits: Sequence[Edit]
           ) -> list[Edit]:
    """Widen an amendment's edits to whole written words: a change glued to a word (no
    space between them, e.g. ``bilateral`` + ``, regional``) takes the word in, so that it
    reads ``[bilateral][bilateral, regional - C]`` (deletions are left as they are).
    Punctuation next to a word is not part of it: replacing ``return`` in ``return.`` reads
    ``[return][reintegration - C].``, with the full stop outside. Edits that then overlap or
    abut are joined. The result makes the same text as ``edits``.

    >>> t = "safe return."
    >>> b = [0, 4, 5, 11, 12]
    >>> _widen(t, b, ["safe", " ", "return", "."], [Edit(5, 11, "reintegration")])
    [Edit(start=5, end=11, insert='reintegration')]
    """
    ranges: list[tuple[int, int, list[Edit]]] = []
    for edit in edits:
        start, end = edit.start, edit.end
        if edit.insert and not edit.insert[0].isspace():
            m = bisect_left(bounds, start)
            start = min(start, bounds[_word_start(tokens, m)])
        if edit.insert and not edit.insert[-1].isspace():
            m = bisect_left(bounds, end)
            end = max(end, bounds[min(_word_end(tokens, m), len(bounds) - 1)])
        if ranges and start <= ranges[-1][1]:
            s0, _, members = ranges[-1]
            members.append(edit)
            ranges[-1] = (s0, max(end, ranges[-1][1]), members)
        else:
            ranges.append((start, end, [edit]))
    return [Edit(s0, e0, apply_edits(text[s0:e0], [Edit(x.start - s0, x.end - s0, x.insert)
                                                    for x in members]))
            for s0, e0, members in ranges]


def _closure(partners: Mapping[int, int], positions: Sequence[int], start: int, end: int
             ) -> tuple[int, int]:
    """The smallest range holding ``start:end`` that no bracket pair crosses."""
    while True:
        lo, hi = start, end
        for p in positions[bisect_left(positions, start):bisect_left(positions, end)]:
            q = partners[p]
            lo, hi = min(lo, q), max(hi, q + 1)
        if (lo, hi) == (start, end):
            return start, end
        start, end = lo, hi


class _Segment:
    """A run of the old text and what the amendment makes of it (equal when unchanged)."""

    __slots__ = ("changed", "new", "old")

    def __init__(self, old: str, new: str, changed: bool) -> None:
        self.old, self.new, self.changed = old, new, changed


def balance_edits(text: str, edits: Sequence[Edit]) -> list[Edit]:
    """Widen sorted, non-overlapping ``edits`` of ``text`` until no bracket pair, of the
    text or of the text they make, has one bracket inside a changed place and the other
    outside it: a place never holds half of a bracketed passage, so the compilation's own
    brackets around it stay readable.

    Guarantees: the result makes the same text as ``edits``; it is sorted and non-overlapping;
    each place covers its input edits; when ``text`` and the new text each have balanced
    brackets, every place's old and new text has balanced brackets. Never raises.

    >>> balance_edits("are [taken][addressed] now", [Edit(4, 12, ""), Edit(21, 22, "")])
    [Edit(start=4, end=22, insert='addressed')]
    """
    if not edits:
        return []
    new_text = apply_edits(text, edits)
    old_partners, new_partners = bracket_partners(text), bracket_partners(new_text)
    if not old_partners and not new_partners:
        return list(edits)
    segments: list[_Segment] = []
    pos = 0
    for edit in edits:
        if edit.start > pos:
            run = text[pos:edit.start]
            segments.append(_Segment(run, run, False))
        segments.append(_Segment(text[edit.start:edit.end], edit.insert, True))
        pos = edit.end
    if pos < len(text):
        segments.append(_Segment(text[pos:], text[pos:], False))
    old_positions, new_positions = sorted(old_partners), sorted(new_partners)
    changed = True
    while changed:
        changed = False
        o = n = 0
        for i, seg in enumerate(segments):
            if not seg.changed:
                o, n = o + len(seg.old), n + len(seg.new)
                continue
            s_old, e_old = _closure(old_partners, old_positions, o, o + len(seg.old))
            s_new, e_new = _closure(new_partners, new_positions, n, n + len(seg.new))
            left = max(o - s_old, n - s_new)
            right = max(e_old - o - len(seg.old), e_new - n - len(seg.new))
            if left:
                changed = _take_left(segments, i, left)
                break
            if right:
                changed = _take_right(segments, i, right)
                break
            o, n = o + len(seg.old), n + len(seg.new)
    out: list[Edit] = []
    pos = 0
    for seg in segments:
        if seg.changed:
            out.append(Edit(pos, pos + len(seg.old), seg.new))
        pos += len(seg.old)
    return out


def _take_left(segments: list[_Segment], i: int, count: int) -> bool:
    """Move ``count`` characters before changed segment ``i`` into it (merging with the
    changed segment before when the plain run between is shorter). True when it grew."""
    seg = segments[i]
    if i == 0:
        return False
    before = segments[i - 1]
    if before.changed:  # abutting changed places: one place
        seg.old, seg.new = before.old + seg.old, before.new + seg.new
        del segments[i - 1]
        return True
    if count <= len(before.old) or i == 1:
        count = min(count, len(before.old))
        run = before.old[len(before.old) - count:]
        before.old = before.new = before.old[:len(before.old) - count]
        seg.old, seg.new = run + seg.old, run + seg.new
        if not before.old:
            del segments[i - 1]
        return True
    merged = segments[i - 2]
    seg.old = merged.old + before.old + seg.old
    seg.new = merged.new + before.new + seg.new
    del segments[i - 2:i]
    return True


def _take_right(segments: list[_Segment], i: int, count: int) -> bool:
    """Mirror of :func:`_take_left`."""
    seg = segments[i]
    if i == len(segments) - 1:
        return False
    after = segments[i + 1]
    if after.changed:
        seg.old, seg.new = seg.old + after.old, seg.new + after.new
        del segments[i + 1]
        return True
    if count <= len(after.old) or i + 2 == len(segments):
        count = min(count, len(after.old))
        run = after.old[:count]
        after.old = after.new = after.old[count:]
        seg.old, seg.new = seg.old + run, seg.new + run
        if not after.old:
            del segments[i + 1]
        return True
    merged = segments[i + 2]
    seg.old = seg.old + after.old + merged.old
    seg.new = seg.new + after.new + merged.new
    del segments[i + 1:i + 3]
    return True


def _pieces(text: str, proposals: Sequence[tuple[AmendmentView, list[Edit]]]
            ) -> tuple[Piece, ...]:
    """Split ``text`` into plain runs and places where proposals apply."""
    tagged = sorted(((e, a) for a, edits in proposals for e in edits),
                    key=lambda t: (t[0].start, t[0].end, t[1].id))
    sites: list[tuple[int, int, list[tuple[Edit, AmendmentView]]]] = []
    for edit, a in tagged:
        if sites and any(edits_touch(edit, other) for other, _ in sites[-1][2]):
            start, end, members = sites[-1]
            members.append((edit, a))
            sites[-1] = (start, max(end, edit.end), members)
        else:
            sites.append((edit.start, edit.end, [(edit, a)]))
    out: list[Piece] = []
    pos = 0
    for start, end, members in sites:
        if start > pos:
            out.append(Piece(text[pos:start]))
        old = text[start:end]
        by_amendment: dict[int, tuple[AmendmentView, list[Edit]]] = {}
        for edit, a in members:
            by_amendment.setdefault(a.id, (a, []))[1].append(
                Edit(edit.start - start, edit.end - start, edit.insert))
        deleted = _Attributor()
        wordings: dict[str, _Attributor] = {}
        for _, (a, edits) in sorted(by_amendment.items()):
            result = apply_edits(old, edits)
            if result == old:
                continue
            if result == "":
                deleted.add(a)
            else:
                wordings.setdefault(result, _Attributor()).add(a)
        out.append(Piece(old, deleted.done() if deleted.ids else None,
                         tuple(Replacement(t, w.done()) for t, w in wordings.items())))
        pos = end
    if pos < len(text):
        out.append(Piece(text[pos:]))
    return tuple(out)


def _selected(a: AmendmentView, delegations: set[str] | None, clusters: set[str] | None,
              states: Iterable[AmendmentState]) -> bool:
    if a.state not in states:
        return False
    if delegations is not None and not any(code in delegations for code in a.proponents):
        return False
    return clusters is None or a.cluster in clusters


def compile_text(units: Sequence[UnitView], amendments: Sequence[AmendmentView], *,
                 delegations: set[str] | None = None, clusters: set[str] | None = None,
                 states: set[AmendmentState] | None = None) -> Compilation:
    """Inline the amendments into the revision ``units`` and attribute them.

    Filters (each None: no filter): ``delegations``, amendments naming at least one of
    these delegations among their proponents; ``clusters``, amendments tagged with one of
    these clusters; ``states``, amendments in these states (default :data:`DEFAULT_STATES`,
    submitted ones).

    An amendment made against another text of its unit than the one in ``units`` is first
    carried onto it (:func:`server.core.rebase.carry_forward`): when it applies (re-anchored)
    it is inlined; when it conflicts with the unit's text, or the unit was rewritten, it is
    shown beside the unit with both texts (:class:`Unsettled`); when its unit is not in
    ``units`` it is listed in ``unplaced`` with the reason. No selected amendment is ever
    left out.

    Guarantees: one :class:`CompiledUnit` per unit, in the order of ``units``; for each, the
    ``text`` of its pieces joined is exactly the unit's text; applying one amendment's
    proposals alone gives its (re-anchored) proposed text; a changed place never holds half
    of a bracket pair (of the unit's text or of the proposed one: :func:`balance_edits`);
    each selected amendment has one entry in ``standings`` and is either shown at its unit
    (its id in ``amendment_ids``: inline, in the attribution of what it proposes unless it
    proposes the text as it is, or in the unit's ``unsettled``) or in ``unplaced``, never
    both. Never raises for any text.
    """
    wanted = DEFAULT_STATES if states is None else frozenset(states)
    by_key = {u.key: u for u in units}
    chosen = sorted((a for a in amendments if _selected(a, delegations, clusters, wanted)),
                    key=lambda a: a.id)
    words: dict[str, list[tuple[AmendmentView, list[Edit]]]] = {}
    markers: dict[str, dict[AmendmentKind, _Attributor]] = {}
    alts: dict[str, dict[str, _Attributor]] = {}
    adds: dict[str, dict[str, _Attributor]] = {}
    unsettled: dict[str, list[Unsettled]] = {}
    tokenised: dict[str, tuple[list[int], list[str]]] = {}
    shown: list[int] = []
    unplaced: list[Unplaced] = []
    standings: list[AmendmentStanding] = []
    for a in chosen:
        unit = by_key.get(a.unit)
        if unit is None:
            reason = "its paragraph is not in this revision"
            unplaced.append(Unplaced(a.id, reason, a.unit))
            standings.append(AmendmentStanding(a.id, a.unit, a.kind, Standing.OVERTAKEN,
                                               reason, False, a.revision))
            continue
        proposed = a.text
        reason = "made on this text"
        if a.base_text != unit.text:
            carried = carry_forward(a, unit.text)
            reason = carried.reason
            if carried.outcome not in (Outcome.UNCHANGED, Outcome.APPLIES):
                who = _Attributor()
                who.add(a)
                unsettled.setdefault(unit.key, []).append(Unsettled(
                    a.id, a.kind, carried.outcome, carried.reason, who.done(), a.revision,
                    a.base_text, a.text, carried.amendment_changes, carried.revision_changes))
                shown.append(a.id)
                standings.append(AmendmentStanding(
                    a.id, a.unit, a.kind, Standing(carried.outcome.value), carried.reason,
                    True, a.revision))
                continue
            proposed = carried.proposed_text
        shown.append(a.id)
        standings.append(AmendmentStanding(a.id, a.unit, a.kind, Standing.APPLIES, reason,
                                           True, a.revision))
        if a.kind is AmendmentKind.CHANGE_WORDS:
            if unit.key not in tokenised:
                tokenised[unit.key] = _tokens(unit.text)
            bounds, tokens = tokenised[unit.key]
            edits = balance_edits(unit.text, _widen(
                unit.text, bounds, tokens, text_edits(unit.text, proposed or "", bounds)))
            if edits:
                words.setdefault(unit.key, []).append((a, edits))
        elif a.kind in _MARKER_VERB:
            markers.setdefault(unit.key, {}).setdefault(a.kind, _Attributor()).add(a)
        elif a.kind is AmendmentKind.ALTERNATIVE:
            alts.setdefault(unit.key, {}).setdefault(proposed or "", _Attributor()).add(a)
        else:  # ADD_UNIT
            adds.setdefault(unit.key, {}).setdefault(proposed or "", _Attributor()).add(a)

    taken = {u.number for u in units if u.number}
    compiled: list[CompiledUnit] = []
    for unit, depth in zip(units, depths(units), strict=True):
        key = unit.key
        unit_markers = markers.get(key, {})
        alternatives: list[ProposedUnit] = []
        for n, (text, who) in enumerate(alts.get(key, {}).items(), start=1):
            base = unit.number.split(" ")[0] if unit.number else ""
            alt_number = (f"{base} alt" if n == 1 else f"{base} alt {n}").strip()
            alternatives.append(ProposedUnit(AmendmentKind.ALTERNATIVE, key, alt_number, text,
                                             who.done()))
        additions: list[ProposedUnit] = []
        for n, (text, who) in enumerate(adds.get(key, {}).items(), start=1):
            add_number: str | None = None
            if unit.number:
                try:
                    add_number = inserted_number(unit.number, taken)
                except Invalid:  # more than "decies": count on
                    add_number = f"{unit.number.split(' ')[0]} new {n}"
                taken.add(add_number)
            additions.append(ProposedUnit(AmendmentKind.ADD_UNIT, key, add_number, text,
                                          who.done()))
        compiled.append(CompiledUnit(
            unit, depth, _pieces(unit.text, words.get(key, [])),
            tuple(Marker(kind, unit_markers[kind].done())
                  for kind in _MARKER_VERB if kind in unit_markers),
            tuple(alternatives), tuple(additions), tuple(unsettled.get(key, ()))))
    return Compilation(tuple(compiled), tuple(shown), tuple(unplaced), tuple(standings))


# --------------------------------------------------------------------------- rendering


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead, core, trail


def _who(by: Attribution, names: Mapping[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in by.proponents)


def _render_piece(piece: Piece, names: Mapping[str, str]) -> str:
    if not piece.changed:
        return piece.text
    lead, core, trail = _split_space(piece.text)
    parts: list[str] = []
    if core:
        deletion = ""
        if piece.deleted_by is not None:
            deletion = f" - {_who(piece.deleted_by, names)}: delete"
        parts.append(f"[{core}{deletion}]")
    elif piece.deleted_by is not None:  # only spaces deleted
        parts.append(f"[{_who(piece.deleted_by, names)}: delete space]")
    for replacement in piece.replacements:
        r_lead, r_core, r_trail = _split_space(replacement.text)
        if not core:
            lead = max(lead, r_lead, key=len)
            trail = max(trail, r_trail, key=len)
        parts.append(f"[{r_core or replacement.text} - {_who(replacement.by, names)}]")
    return lead + "".join(parts) + trail


def _prefix(number: str | None) -> str:
    if not number:
        return ""
    lettered = number.startswith("(") or number.endswith(")")  # (a), (a) bis: no full stop
    return f"{number} " if lettered else f"{number}. "


def _proposed_line(indent: str, proposed: ProposedUnit, label: str,
                   names: Mapping[str, str]) -> str:
    return f"{indent}{_prefix(proposed.number)}[{label} - {_who(proposed.by, names)}: " \
           f"{proposed.text.strip()}]"


def unsettled_words(item: Unsettled) -> str:
    """What an unsettled amendment proposes, with the text it was made on, as the
    compilation prints it after ``[conflicts - G: `` (the text and the DOCX export alike).

    >>> by = Attribution((1,), ("G",))
    >>> unsettled_words(Unsettled(1, AmendmentKind.RETAIN, Outcome.CONFLICTS, "", by, 0,
    ...                           "Old text.", None))
    'retain "Old text."'
    """
    if item.kind is AmendmentKind.CHANGE_WORDS:
        return f'"{(item.text or "").strip()}" proposed on "{item.base_text.strip()}"'
    verb = _MARKER_VERB.get(item.kind, item.kind.value.replace("_", " "))
    return f'{verb} "{item.base_text.strip()}"'


def _unsettled_line(indent: str, item: Unsettled, names: Mapping[str, str]) -> str:
    return f"{indent}[{item.outcome.value} - {_who(item.by, names)}: {unsettled_words(item)}]"


def render_compilation_text(compilation: Compilation, *,
                            names: Mapping[str, str] | None = None,
                            translated: Mapping[str, str] | None = None,
                            source_language: str = "en") -> str:
    """The compilation as plain text, one line per unit (see the module docstring for the
    notation), lines joined with ``"\\n"`` and no trailing line break.

    ``names`` maps delegation codes to the names to print (codes not in it print as they
    are). ``translated`` maps unit keys to their text in another language (a section's
    heading): such a unit prints that text; when proposals change its words, the next line
    prints them on the source text, as proposed, after ``source_language``'s code
    (``    en: We commit[, urgently - MEX] to ...``). Units not in it print their source text.
    Guarantees: a compilation without any proposal renders as the revision's text (or its
    translations), one numbered, indented line per unit (plus status marks); never raises.
    """
    names = names or {}
    translated = translated or {}
    lines: list[str] = []
    # additions wait until the subtree of their anchor is done: (depth, lines)
    pending: list[tuple[int, list[str]]] = []
    for cu in compilation.units:
        while pending and pending[-1][0] >= cu.depth:
            lines.extend(pending.pop()[1])
        unit, indent = cu.unit, _INDENT * cu.depth
        body = "".join(_render_piece(p, names) for p in cu.pieces)
        tail = "".join(f" [{_who(m.by, names)}: {_MARKER_VERB[m.kind]}]" for m in cu.markers)
        status = _STATUS_MARK.get(unit.status)
        if status:
            tail += f"   {status}"
        in_language = translated.get(unit.key)
        heading = unit.heading
        if in_language is not None and unit.kind is UnitKind.SECTION:
            heading, in_language = in_language, None  # a section's translation is its heading
        if heading:
            if body:
                lines.append(f"{indent}{_prefix(unit.number)}{heading}")
                lines.append(f"{indent}{body}{tail}")
            else:
                lines.append(f"{indent}{_prefix(unit.number)}{heading}{tail}")
        elif in_language is not None:
            lines.append(f"{indent}{_prefix(unit.number)}{in_language}{tail}")
            if any(p.changed for p in cu.pieces):
                lines.append(f"{indent}{_INDENT}{source_language}: {body}")
        else:
            line = f"{indent}{_prefix(unit.number)}{body}{tail}"
            lines.append(line if body or tail else line.rstrip(" "))
        for alt in cu.alternatives:
            lines.append(_proposed_line(indent, alt, "alt", names))
        for item in cu.unsettled:
            lines.append(_unsettled_line(indent, item, names))
        if cu.additions:
            pending.append((cu.depth, [_proposed_line(indent, add, "new", names)
                                       for add in cu.additions]))
    while pending:
        lines.extend(pending.pop()[1])
    return "\n".join(lines)


# --------------------------------------------------------------------------- JSON


def _attribution_json(by: Attribution | None) -> dict[str, Any] | None:
    if by is None:
        return None
    return {"amendments": list(by.amendment_ids), "proponents": list(by.proponents)}


def _changes_json(changes: Sequence[Change]) -> list[dict[str, Any]]:
    return [{"start": c.start, "end": c.end, "old": c.old, "new": c.new} for c in changes]


def _unsettled_json(u: Unsettled) -> dict[str, Any]:
    return {"amendment": u.amendment_id, "kind": u.kind.value, "outcome": u.outcome.value,
            "reason": u.reason, "by": _attribution_json(u.by), "revision": u.revision,
            "base_text": u.base_text, "text": u.text,
            "amendment_changes": _changes_json(u.amendment_changes),
            "revision_changes": _changes_json(u.revision_changes)}


def _proposed_json(p: ProposedUnit) -> dict[str, Any]:
    return {"kind": p.kind.value, "anchor": p.anchor, "number": p.number, "text": p.text,
            "by": _attribution_json(p.by)}


def compilation_to_json(compilation: Compilation,
                        names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The compilation as JSON-ready data for the client (with ``names``, each unit's
    ``name`` and each unplaced amendment's and standing's ``unit_name``, as people call the
    paragraph: core.naming).

    Guarantees: only str, int, bool, None, lists and dicts; units in document order, each
    with ``key``, ``kind``, ``parent``, ``number``, ``heading``, ``status``, ``depth``,
    ``pieces`` (``text``, ``deleted_by``, ``replacements``), ``markers``, ``alternatives``,
    ``additions`` and ``unsettled`` (amendments in conflict with its text or overtaken by it:
    ``amendment``, ``kind``, ``outcome``, ``reason``, ``by``, ``revision``, ``base_text``,
    ``text`` and the clashing changes); then ``amendments`` (ids shown at their unit),
    ``unplaced`` (``amendment``, ``unit``, ``reason``) and ``standings`` (one per compiled
    amendment: ``amendment``, ``unit``, ``kind``, ``standing`` applies / conflicts /
    overtaken, ``reason``, ``placed``, ``revision``); texts in code points, untouched.
    """
    units: list[dict[str, Any]] = []
    for cu in compilation.units:
        u = cu.unit
        units.append({
            "key": u.key, "kind": u.kind.value, "parent": u.parent, "number": u.number,
            "heading": u.heading, "status": u.status.value, "depth": cu.depth,
            "pieces": [{"text": p.text, "deleted_by": _attribution_json(p.deleted_by),
                        "replacements": [{"text": r.text, "by": _attribution_json(r.by)}
                                         for r in p.replacements]} for p in cu.pieces],
            "markers": [{"kind": m.kind.value, "by": _attribution_json(m.by)}
                        for m in cu.markers],
            "alternatives": [_proposed_json(p) for p in cu.alternatives],
            "additions": [_proposed_json(p) for p in cu.additions],
            "unsettled": [_unsettled_json(x) for x in cu.unsettled],
            # What the unit's text carries (core.richtext), offsets into its text (the
            # pieces' texts joined): [] / None for none.
            "marks": marks_to_json(u.marks) or [],
            "footnotes": footnotes_to_json(u.footnotes) or [],
            "notes": notes_to_json(u.notes) or [],
            "option": option_to_json(u.option),
        })
    if names is not None:
        for entry in units:
            entry["name"] = names.get(entry["key"], "a paragraph")
    unplaced: list[dict[str, Any]] = [
        {"amendment": x.amendment_id, "unit": x.unit, "reason": x.reason}
        for x in compilation.unplaced]
    standings: list[dict[str, Any]] = [
        {"amendment": x.amendment_id, "unit": x.unit, "kind": x.kind.value,
         "standing": x.standing.value, "reason": x.reason, "placed": x.placed,
         "revision": x.revision} for x in compilation.standings]
    found = {"units": units, "amendments": list(compilation.amendment_ids),
             "unplaced": unplaced, "standings": standings}
    if names is not None:
        for entry in (*unplaced, *standings):
            entry["unit_name"] = names.get(entry["unit"], "a paragraph")
    return found
