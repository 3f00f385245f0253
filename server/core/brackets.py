"""Square brackets, alternatives and options in negotiated text.

Brackets mark text that is not yet agreed: ``[and regional]``. They nest. Alternatives are
written as adjacent bracket groups ``[A][B]`` or as ``[A / B]`` inside one bracket, and
whole alternative passages as ``Option 1: ... Option 2: ...`` (also ``**Option 1:**`` in
Markdown bold, roman ``Option I:``, lettered ``Option A:``).

Positions are offsets in code points of the analysed Python string (a JavaScript client
counts UTF-16 units, which differ once characters outside the BMP precede a position).
Nothing here raises on malformed text: unbalanced brackets are reported, not rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final

from server.core.text import UnitKind, UnitView

__all__ = [
    "BracketIssue",
    "BracketMark",
    "BracketTotals",
    "IssueKind",
    "MarkKind",
    "OptionMarker",
    "TextBrackets",
    "UnitBrackets",
    "bracket_partners",
    "find_options",
    "syntax_brackets",
    "text_brackets",
    "unit_brackets",
]


class IssueKind(StrEnum):
    """What is wrong with an unbalanced bracket."""

    #: A ``[`` that is never closed.
    UNCLOSED = "unclosed"
    #: A ``]`` with no ``[`` open before it.
    UNMATCHED_CLOSE = "unmatched_close"


@dataclass(frozen=True, slots=True)
class BracketIssue:
    """An unbalanced bracket: ``position`` is the offset of the ``[`` or ``]`` itself."""

    position: int
    kind: IssueKind


@dataclass(frozen=True, slots=True)
class OptionMarker:
    """An ``Option N:`` label: ``label`` as written (``"1"``, ``"II"``, ``"A"``), its
    1-based ``ordinal`` (``"II"`` -> 2, ``"B"`` -> 2), and its offsets in the text."""

    label: str
    ordinal: int
    start: int
    end: int


# An option label: "Option 1:", "**Option 1:**", "Option 1**:", "Option II:", "Option A:",
# and the same words in French ("Option"), Spanish ("Opción"), Russian ("Вариант"),
# Arabic ("الخيار") and Chinese ("备选案文", "选项"), with an ASCII or full-width colon.
_OPTION_RE: Final = re.compile(
    r"(?<![^\W_])"
    r"(?:\*\*|__)?"
    r"(?:[Oo]ption|OPTION|[Oo]pci[óo]n|Вариант|ВАРИАНТ|الخيار|备选案文|选项)"
    r"\s*(?P<label>\d+|[IVX]+|[A-H])(?![^\W_])"
    r"\s*(?:\*\*|__)?\s*[:\uff1a](?:\*\*|__)?"
)
#: What every option label holds (a quick test before the regular expression).
_OPTION_WORDS: Final = ("ption", "PTION", "pci", "Вариант", "ВАРИАНТ", "الخيار", "备选案文",
                        "选项")
_ROMAN: Final = {"I": 1, "V": 5, "X": 10}


def _ordinal(label: str) -> int:
    if label.isdigit():
        return int(label)
    if len(label) == 1 and label not in _ROMAN:
        return ord(label) - ord("A") + 1
    total = 0
    for i, ch in enumerate(label):
        value = _ROMAN[ch]
        nxt = _ROMAN[label[i + 1]] if i + 1 < len(label) else 0
        total += -value if value < nxt else value
    return total


def find_options(text: str) -> list[OptionMarker]:
    """Find the ``Option N:`` labels of ``text`` in order.

    Guarantees: each marker's ``text[start:end]`` is the whole label including any ``**``
    and the colon; a label must be followed by a colon (``Option 1 of`` is prose, not a
    label); never raises.
    """
    out: list[OptionMarker] = []
    if not any(word in text for word in _OPTION_WORDS):
        return out  # the regular expression's look-behind is slow on long texts
    for m in _OPTION_RE.finditer(text):
        label = m.group("label")
        out.append(OptionMarker(label, _ordinal(label), m.start(), m.end()))
    return out


def _adjacent(gap: str) -> bool:
    """Two bracket groups are alternatives when nothing, or only a line break, separates
    them (``[A][B]``, or ``[A]`` at the end of a line and ``[B]`` starting the next)."""
    return gap == "" or (gap.isspace() and "\n" in gap)


def bracket_partners(text: str) -> dict[int, int]:
    """The offsets of the matched square brackets of ``text``, each mapped to the offset of
    its partner (unmatched brackets are left out).

    >>> bracket_partners("a [b [c]] ]")
    {7: 5, 5: 7, 8: 2, 2: 8}
    """
    partners: dict[int, int] = {}
    if "[" not in text or "]" not in text:
        return partners
    stack: list[int] = []
    for i, char in enumerate(text):
        if char == "[":
            stack.append(i)
        elif char == "]" and stack:
            j = stack.pop()
            partners[i], partners[j] = j, i
    return partners


# ---------------------------------------------------------------------------------------------
# Brackets people can see: per unit, per article, over the scope where a bracket opens and
# closes. What the API, the page, the exports, the dashboard and the importers' tests count
# (open, alternatives, options, unbalanced, and the spans to highlight) comes from here only.
# ---------------------------------------------------------------------------------------------


class MarkKind(StrEnum):
    """What a highlighted span of a unit's text is."""

    #: A balanced bracketed span (nested ones each have their own).
    OPEN = "open"
    #: A balanced span that is one choice of an alternative (``[shall][should]``, ``[a / b]``).
    ALTERNATIVE = "alternative"
    #: A ``[`` or ``]`` with no partner in its scope (the one character).
    UNBALANCED = "unbalanced"
    #: An ``Option 1:`` label written in the text.
    OPTION = "option"


@dataclass(frozen=True, slots=True)
class BracketMark:
    """A span of one unit's text to highlight, in code points: ``text[start:end]``.

    ``continued`` is True for a piece of a bracket that opens or closes in another unit of
    its scope (a chapeau's ``[`` closed in its last sub-item): the piece runs to the end of
    the unit where it opens, over the whole of the units in between, from the start of the
    unit where it closes.
    """

    start: int
    end: int
    kind: MarkKind
    depth: int = 1
    continued: bool = False


@dataclass(frozen=True, slots=True)
class UnitBrackets:
    """One unit's brackets, as the API gives them.

    * ``open``: balanced bracketed spans that open in this unit, nested ones included (one
      that closes in a later unit of its scope counts here, once);
    * ``alternatives``: places offering a choice: runs of two or more sibling bracket groups
      written ``[a][b]`` (nothing, or a line break, between them) or ``[shall] [should]``
      (a space between short choices: at most four words each, no nested bracket, not a list
      item ending in a comma), neither an addition (starting with a comma, or the second
      starting "and", "or", "including"... where the first does not), and each bracket
      holding `` / `` at its own level;
    * ``options``: ``Option N:`` labels in the text, plus one when the unit is (part of) an
      alternative of an option group (``UnitView.option``);
    * ``unbalanced``: brackets with no partner in their scope, ``issues`` says where;
    * ``spans``: what to highlight, sorted by (start, -end).

    Footnote marks (``[^5]``, ``^[a note]``, ``[5]`` when the unit has footnote 5, ``[⁵]``,
    ``<sup>[5]</sup>``) and link syntax (``[text](https://...)``) are never brackets.
    """

    open: int = 0
    alternatives: int = 0
    options: int = 0
    unbalanced: int = 0
    spans: tuple[BracketMark, ...] = ()
    issues: tuple[BracketIssue, ...] = ()

    @property
    def any(self) -> bool:
        """What the "paragraphs with brackets" filter keeps: a bracket (balanced, continued
        from another unit or unbalanced) or an option."""
        return bool(self.open or self.unbalanced or self.options or self.spans)


@dataclass(frozen=True, slots=True)
class BracketTotals:
    """The same over an article or section's subtree (or a whole text): ``units`` counted,
    ``units_with_brackets`` of them kept by the filter; ``options`` counts each alternative of
    an option group once (however many units it spans) plus the labels written in text."""

    units: int = 0
    units_with_brackets: int = 0
    open: int = 0
    alternatives: int = 0
    options: int = 0
    unbalanced: int = 0


@dataclass(frozen=True, slots=True)
class TextBrackets:
    """:func:`text_brackets`' answer: ``units`` by key; ``sections`` by the key of each
    section and preamble (the totals over its subtree, itself included); ``total``."""

    units: dict[str, UnitBrackets]
    sections: dict[str, BracketTotals]
    total: BracketTotals


# Footnote references and links: their brackets are syntax, not negotiation brackets.
_SUPERSCRIPTS: Final = "⁰¹²³⁴⁵⁶⁷⁸⁹*†‡§"
_NOT_BRACKETS_RE: Final = re.compile(
    r"<sup>\s*\[[^\[\]<]{1,12}\]\s*</sup>"  # <sup>[5]</sup>
    r"|\[\^[^\[\]\s]{1,40}\]"  # [^5], [^note]
    r"|\^\[[^\[\]]{0,2000}\]"  # ^[an inline note]
    r"|\[[" + _SUPERSCRIPTS + r"]{1,4}\]"  # [⁵]
    r"|!?\[[^\[\]\n]{0,500}\]\((?:https?://|mailto:|www\.|/|#|\.{1,2}/)[^\s()]*"
    r"(?:\s+\"[^\"]*\")?\)"  # [text](https://...), ![image](/x.png "title")
)
_NUMERIC_REF_RE: Final = re.compile(r"\[([^\[\]\s]{1,6})\]")
_WORD_RE: Final = re.compile(r"\S+")
#: Words that start an addition, not a choice: "[a] [and b]" adds, "[shall] [should]" chooses.
_CONNECTORS: Final = frozenset({
    "and", "or", "nor", "including", "includes", "include", "also", "as", "inter",
    "in particular", "especially", "with", "while", "whereas", "which", "that", "taking",
})
_MAX_CHOICE_WORDS: Final = 4
#: The brackets the new analysis reads: ASCII and full-width (U+FF3B, U+FF3D, as Chinese and
#: some UN PDFs print them), and the spaced slash of ``[a / b]``.
_OPENING: Final = frozenset("[\uff3b")
_MARK_SCAN_RE: Final = re.compile(r"[\[\]\uff3b\uff3d]|(?<=\s)/(?=\s)")


def syntax_brackets(text: str, footnote_marks: Iterable[str] = ()) -> set[int]:
    """The offsets of the ``[`` and ``]`` of ``text`` that are footnote marks or link
    syntax, never negotiation brackets (see :class:`UnitBrackets`).

    >>> sorted(syntax_brackets("a[^1] [b](https://x.org) [c] [2]", ["2"]))
    [1, 4, 6, 8, 29, 31]
    """
    if "[" not in text:
        return set()
    out: set[int] = set()
    for m in _NOT_BRACKETS_RE.finditer(text):
        piece = m.group()
        if piece.startswith("<sup>"):
            out.add(m.start() + piece.index("["))
            out.add(m.start() + piece.index("]"))
        elif piece.startswith("!"):
            out.add(m.start() + 1)
            out.add(m.start() + piece.index("]("))
        elif piece.startswith("^"):
            out.add(m.start() + 1)
            out.add(m.end() - 1)
        elif "](" in piece:
            out.add(m.start())
            out.add(m.start() + piece.index("]("))
        else:
            out.add(m.start())
            out.add(m.end() - 1)
    marks = {mark for mark in footnote_marks if mark}
    if marks:
        for m in _NUMERIC_REF_RE.finditer(text):
            if m.group(1) in marks and m.start() not in out:
                out.add(m.start())
                out.add(m.end() - 1)
    return out


@dataclass(slots=True)
class _Frame:
    ident: int
    unit: int
    pos: int
    depth: int
    parent: int  # ident of the enclosing frame, 0 at top level
    slashes: int = 0


@dataclass(slots=True)
class _Local:
    """A balanced span within one unit, before alternatives are known."""

    start: int
    end: int
    depth: int
    parent: int
    slashes: int


@dataclass(slots=True)
class _UnitWork:
    text: str
    ignored: set[int]
    option: bool
    local: list[_Local]
    marks: list[BracketMark]
    issues: list[BracketIssue]
    opened: int = 0


def _words(inner: str) -> list[str]:
    return _WORD_RE.findall(inner)


def _choice(inner: str) -> bool:
    """A short choice: at most four words, no nested bracket, not a list item (a comma or a
    semicolon at its end or start)."""
    stripped = inner.strip()
    if not stripped or any(ch in stripped for ch in "[]\uff3b\uff3d"):
        return False
    if stripped[-1] in ",;:." or stripped[0] in ",;:":
        return False
    return len(_words(stripped)) <= _MAX_CHOICE_WORDS


def _starts_with_connector(inner: str) -> bool:
    words = [w.lower().strip(",;") for w in _words(inner)[:2]]
    if not words:
        return False
    return words[0] in _CONNECTORS or " ".join(words) in _CONNECTORS


def _gap_kind(text: str, a: _Local, b: _Local) -> str | None:
    """How two sibling groups stand: "tight" (``[a][b]``, or a line break between them),
    "spaced" (``[shall] [should]``, both short choices), or None (not alternatives)."""
    gap = text[a.end:b.start]
    tight = _adjacent(gap)
    if not tight and not gap.isspace():
        return None
    first, second = text[a.start + 1:a.end - 1].strip(), text[b.start + 1:b.end - 1].strip()
    if _additive(first, second):
        return None
    if tight:
        return "tight"
    if a.slashes or b.slashes or not (_choice(first) and _choice(second)):
        return None
    return "spaced"


def _additive(first: str, second: str) -> bool:
    """Two bracket groups that add to the text rather than offer a choice: either starts
    with a comma or semicolon (``[a][, including b]``), or the second starts with "and",
    "or", "including"... and the first does not (``[a] [and b]``)."""
    if first[:1] in (",", ";") or second[:1] in (",", ";"):
        return True
    return _starts_with_connector(second) and not _starts_with_connector(first)


def _alternatives(work: _UnitWork) -> tuple[int, set[int]]:
    """The number of alternatives in the unit and the indexes (in ``work.local``) of the
    spans that are choices of one."""
    chosen: set[int] = set()
    count = 0
    siblings: dict[int, list[int]] = {}
    for i, span in enumerate(work.local):
        siblings.setdefault(span.parent, []).append(i)
    for indexes in siblings.values():
        indexes.sort(key=lambda i: work.local[i].start)
        kinds = [_gap_kind(work.text, work.local[a], work.local[b])
                 for a, b in pairwise(indexes)]
        # a group written tight against another ([implement][achieve]) is a choice of that
        # run, never also of a spaced pair with its other neighbour ([designed to] [implement])
        tight = {k for j, kind in enumerate(kinds) if kind == "tight" for k in (j, j + 1)}
        kinds = [None if kind == "spaced" and (j in tight or j + 1 in tight) else kind
                 for j, kind in enumerate(kinds)]
        run: list[int] = indexes[:1]
        run_kind: str | None = None
        for j, (_prev, nxt) in enumerate(pairwise(indexes)):
            kind = kinds[j]
            if kind is not None and run_kind in (None, kind):
                # a run keeps the way its first two groups stand: [a][b] [c] is [a][b], then [c]
                run.append(nxt)
                run_kind = kind
                continue
            if len(run) > 1:
                count += 1
                chosen.update(run)
            run, run_kind = [nxt], None
        if len(run) > 1:
            count += 1
            chosen.update(run)
    for i, span in enumerate(work.local):
        if span.slashes:
            chosen.add(i)
            count += 1
    return count, chosen


def _scan_scope(works: list[_UnitWork]) -> None:
    """Match the brackets of the units of one scope in order, filling each unit's local
    spans, continued pieces and issues."""
    stack: list[_Frame] = []
    ident = 0
    for u, work in enumerate(works):
        text = work.text
        for m in _MARK_SCAN_RE.finditer(text):
            pos = m.start()
            ch = m.group()
            if pos in work.ignored:
                continue
            if ch == "/":
                if stack and stack[-1].unit == u:
                    stack[-1].slashes += 1
                continue
            if ch in _OPENING:
                ident += 1
                stack.append(_Frame(ident, u, pos, len(stack) + 1,
                                    stack[-1].ident if stack else 0))
                continue
            if not stack:
                work.issues.append(BracketIssue(pos, IssueKind.UNMATCHED_CLOSE))
                continue
            frame = stack.pop()
            if frame.unit == u:
                work.local.append(_Local(frame.pos, pos + 1, frame.depth, frame.parent,
                                         frame.slashes))
                work.opened += 1
                continue
            # opened in an earlier unit of the scope: one bracket, counted where it opens
            first = works[frame.unit]
            first.opened += 1
            first.marks.append(BracketMark(frame.pos, len(first.text), MarkKind.OPEN,
                                           frame.depth, continued=True))
            for middle in works[frame.unit + 1:u]:
                if middle.text:
                    middle.marks.append(BracketMark(0, len(middle.text), MarkKind.OPEN,
                                                    frame.depth, continued=True))
            work.marks.append(BracketMark(0, pos + 1, MarkKind.OPEN, frame.depth,
                                          continued=True))
    for frame in stack:
        works[frame.unit].issues.append(BracketIssue(frame.pos, IssueKind.UNCLOSED))


def _finish(work: _UnitWork) -> UnitBrackets:
    count, chosen = _alternatives(work)
    marks = list(work.marks)
    for i, span in enumerate(work.local):
        kind = MarkKind.ALTERNATIVE if i in chosen else MarkKind.OPEN
        marks.append(BracketMark(span.start, span.end, kind, span.depth))
    issues = sorted(work.issues, key=lambda issue: issue.position)
    marks.extend(BracketMark(i.position, i.position + 1, MarkKind.UNBALANCED) for i in issues)
    options = find_options(work.text)
    marks.extend(BracketMark(o.start, o.end, MarkKind.OPTION) for o in options)
    marks.sort(key=lambda mk: (mk.start, -mk.end, mk.depth))
    return UnitBrackets(open=work.opened, alternatives=count,
                        options=len(options) + (1 if work.option else 0),
                        unbalanced=len(issues), spans=tuple(marks), issues=tuple(issues))


def _work(text: str, footnote_marks: Iterable[str], option: bool) -> _UnitWork:
    return _UnitWork(text=text, ignored=syntax_brackets(text, footnote_marks), option=option,
                     local=[], marks=[], issues=[])


def unit_brackets(text: str, footnote_marks: Iterable[str] = (), *,
                  option: bool = False) -> UnitBrackets:
    """The brackets of one text standing alone (its own scope).

    ``footnote_marks``: the marks of the unit's footnotes (``"5"``), whose ``[5]`` in the
    text is a reference, not a bracket; ``option``: the unit is an alternative of an option
    group. Guarantees: never raises; every ``[`` and ``]`` of ``text`` that is not footnote
    or link syntax is in exactly one balanced span or in ``issues``.

    >>> b = unit_brackets("Parties [shall] [should] act[^1].")
    >>> (b.open, b.alternatives, b.unbalanced)
    (2, 1, 0)
    """
    work = _work(text, footnote_marks, option)
    _scan_scope([work])
    return _finish(work)


def _scope_roots(units: Sequence[UnitView]) -> list[str | None]:
    """For each unit, the innermost section (or the preamble) holding it: where its brackets
    may open and close; None for units outside any (parents precede their children)."""
    root: dict[str, str | None] = {}
    out: list[str | None] = []
    for u in units:
        here = u.key if u.kind in (UnitKind.SECTION, UnitKind.PREAMBLE) else (
            root.get(u.parent) if u.parent else None)
        root[u.key] = here
        out.append(here)
    return out


def text_brackets(units: Sequence[UnitView]) -> TextBrackets:
    """The brackets of a whole text in document order: per unit, per section (and the
    preamble) over its subtree, and in total.

    A bracket may open in one unit and close in a later one of the same scope (the innermost
    section or preamble holding both): a chapeau's ``[`` closed at the end of its last
    sub-item is one open bracket of the chapeau, highlighted in each unit it covers, and
    unbalanced in neither. Guarantees: never raises on any text; ``total`` sums the units;
    each section's totals cover exactly the units of its subtree.
    """
    by_key = {u.key: u for u in units}
    scopes: dict[str | None, list[int]] = {}
    works: list[_UnitWork] = []
    for i, (u, root) in enumerate(zip(units, _scope_roots(units), strict=True)):
        works.append(_work(u.text, (f.mark for f in u.footnotes), u.option is not None))
        scopes.setdefault(root, []).append(i)
    for members in scopes.values():
        _scan_scope([works[i] for i in members])
    results = {u.key: _finish(w) for u, w in zip(units, works, strict=True)}

    def totals(members: Sequence[UnitView]) -> BracketTotals:
        reports = [results[m.key] for m in members]
        groups = {(m.option.group, m.option.label) for m in members if m.option is not None}
        inline = sum(r.options - (1 if m.option is not None else 0)
                     for m, r in zip(members, reports, strict=True))
        return BracketTotals(
            units=len(reports), units_with_brackets=sum(1 for r in reports if r.any),
            open=sum(r.open for r in reports),
            alternatives=sum(r.alternatives for r in reports),
            options=inline + len(groups), unbalanced=sum(r.unbalanced for r in reports))

    children: dict[str, list[str]] = {}
    for u in units:
        if u.parent:
            children.setdefault(u.parent, []).append(u.key)

    def subtree(key: str) -> list[UnitView]:
        out: list[UnitView] = []
        todo = [key]
        while todo:
            k = todo.pop()
            if k in by_key:
                out.append(by_key[k])
            todo.extend(children.get(k, []))
        return out

    sections = {u.key: totals(subtree(u.key)) for u in units
                if u.kind in (UnitKind.SECTION, UnitKind.PREAMBLE)}
    return TextBrackets(units=results, sections=sections, total=totals(list(units)))
