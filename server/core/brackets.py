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
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "BracketIssue",
    "BracketReport",
    "BracketSpan",
    "BracketSummary",
    "IssueKind",
    "OptionMarker",
    "analyse_brackets",
    "bracket_partners",
    "find_options",
    "summarise",
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
class BracketSpan:
    """A balanced bracketed span: ``text[start] == "["`` and ``text[end - 1] == "]"``.

    ``depth`` is 1 for an outermost bracket, 2 for one nested in it, and so on (an unclosed
    ``[`` before it still counts as a level).
    """

    start: int
    end: int
    depth: int


@dataclass(frozen=True, slots=True)
class OptionMarker:
    """An ``Option N:`` label: ``label`` as written (``"1"``, ``"II"``, ``"A"``), its
    1-based ``ordinal`` (``"II"`` -> 2, ``"B"`` -> 2), and its offsets in the text."""

    label: str
    ordinal: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BracketReport:
    """What is still open in one text.

    * ``open_brackets``: number of balanced bracketed spans, nested ones included;
    * ``max_depth``: deepest nesting of a balanced span (0 when there is none);
    * ``alternatives``: number of places offering a choice: each run of two or more
      adjacent bracket groups ``[A][B]`` (nothing, or only a line break, between them),
      and each bracket containing `` / `` (a slash with whitespace on both sides, outside
      any nested bracket) ``[A / B]``;
    * ``alternative_choices``: the choices those places offer in total;
    * ``options``: number of ``Option N:`` labels; ``option_sets``: how many groups of
      options they form (a set starts at option 1, I or A);
    * ``unbalanced``: unbalanced brackets with their positions, in text order;
    * ``spans``: the balanced spans, ordered by start offset.
    """

    open_brackets: int
    max_depth: int
    alternatives: int
    alternative_choices: int
    options: int
    option_sets: int
    unbalanced: tuple[BracketIssue, ...]
    spans: tuple[BracketSpan, ...]
    option_markers: tuple[OptionMarker, ...] = ()

    @property
    def is_clean(self) -> bool:
        """True when the text has no bracket (balanced or not) and no option."""
        return not (self.open_brackets or self.unbalanced or self.options)


@dataclass(frozen=True, slots=True)
class BracketSummary:
    """Totals over the texts of one revision (see :func:`summarise`)."""

    texts: int
    texts_with_brackets: int
    clean_texts: int
    open_brackets: int
    max_depth: int
    alternatives: int
    alternative_choices: int
    options: int
    option_sets: int
    unbalanced: int


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
_ROMAN: Final = {"I": 1, "V": 5, "X": 10}
_SCAN_RE: Final = re.compile(r"[\[\]]|(?<=\s)/(?=\s)")


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
    for m in _OPTION_RE.finditer(text):
        label = m.group("label")
        out.append(OptionMarker(label, _ordinal(label), m.start(), m.end()))
    return out


def _adjacent(gap: str) -> bool:
    """Two bracket groups are alternatives when nothing, or only a line break, separates
    them (``[A][B]``, or ``[A]`` at the end of a line and ``[B]`` starting the next)."""
    return gap == "" or (gap.isspace() and "\n" in gap)


def analyse_brackets(text: str) -> BracketReport:
    """Count and locate the brackets, alternatives and options of ``text``.

    Guarantees: never raises; every ``[`` and ``]`` of ``text`` is either part of exactly
    one span in ``spans`` or reported in ``unbalanced``; ``open_brackets == len(spans)``;
    span depths are >= 1; positions are code-point offsets into ``text``.
    """
    spans: list[BracketSpan] = []
    issues: list[BracketIssue] = []
    # Each open frame: [start offset, has a " / " at its own level]
    stack: list[list[int]] = []
    last_close: dict[int, int] = {}  # depth -> end offset of the last span closed there
    chain: dict[int, int] = {}  # depth -> length of the current run of adjacent groups
    alternatives = 0
    choices = 0

    for m in _SCAN_RE.finditer(text):
        ch = m.group()
        pos = m.start()
        if ch == "/":
            if stack:
                stack[-1][1] += 1
            continue
        if ch == "[":
            depth = len(stack) + 1
            prev_end = last_close.get(depth)
            if prev_end is not None and _adjacent(text[prev_end:pos]):
                chain[depth] = chain.get(depth, 1) + 1
                if chain[depth] == 2:
                    alternatives += 1
                    choices += 2
                else:
                    choices += 1
            else:
                chain[depth] = 1
            stack.append([pos, 0])
            continue
        # "]"
        if not stack:
            issues.append(BracketIssue(pos, IssueKind.UNMATCHED_CLOSE))
            continue
        depth = len(stack)
        start, slashes = stack.pop()
        spans.append(BracketSpan(start, pos + 1, depth))
        if slashes:
            alternatives += 1
            choices += slashes + 1
        last_close[depth] = pos + 1
        # a deeper level's run cannot continue across this closing bracket
        for deeper in [d for d in last_close if d > depth]:
            del last_close[deeper]
            chain.pop(deeper, None)

    issues.extend(BracketIssue(start, IssueKind.UNCLOSED) for start, _ in stack)
    issues.sort(key=lambda issue: issue.position)
    spans.sort(key=lambda span: (span.start, -span.end))
    markers = find_options(text)
    option_sets = sum(1 for i, mk in enumerate(markers) if mk.ordinal == 1 or i == 0)
    return BracketReport(
        open_brackets=len(spans),
        max_depth=max((s.depth for s in spans), default=0),
        alternatives=alternatives,
        alternative_choices=choices,
        options=len(markers),
        option_sets=option_sets,
        unbalanced=tuple(issues),
        spans=tuple(spans),
        option_markers=tuple(markers),
    )


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


def summarise(reports: Iterable[BracketReport]) -> BracketSummary:
    """Totals over the texts (units) of one revision.

    Guarantees: counts are sums over the reports (``max_depth`` is the maximum);
    ``texts_with_brackets + clean_texts == texts``, where a text "with brackets" has any
    bracket (balanced or not) or option; an empty iterable gives all zeros.
    """
    texts = with_brackets = brackets = depth = alts = choices = options = sets = bad = 0
    for r in reports:
        texts += 1
        if not r.is_clean:
            with_brackets += 1
        brackets += r.open_brackets
        depth = max(depth, r.max_depth)
        alts += r.alternatives
        choices += r.alternative_choices
        options += r.options
        sets += r.option_sets
        bad += len(r.unbalanced)
    return BracketSummary(
        texts=texts,
        texts_with_brackets=with_brackets,
        clean_texts=texts - with_brackets,
        open_brackets=brackets,
        max_depth=depth,
        alternatives=alts,
        alternative_choices=choices,
        options=options,
        option_sets=sets,
        unbalanced=bad,
    )
