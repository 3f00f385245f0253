"""The negotiated text: units, their statuses, display numbers and revision labels.

A document is an ordered tree of units. A unit's identity (its key) never changes; its
display number belongs to a revision, because revisions renumber (`12 bis` becomes `13`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from server.core.errors import Invalid
from server.core.richtext import EditorialNote, Footnote, Mark, OptionRef


class UnitKind(StrEnum):
    """The kinds of unit a negotiated text is made of."""

    PREAMBLE = "preamble"
    SECTION = "section"
    PARAGRAPH = "paragraph"
    SUBPARAGRAPH = "subparagraph"


class UnitStatus(StrEnum):
    """How far a unit is agreed, per revision (WHO's white / yellow / green and beyond)."""

    OPEN = "open"
    AGREED_INFORMALS = "agreed_informals"
    AGREED_AD_REF = "agreed_ad_ref"
    ADOPTED = "adopted"


#: Which kinds may sit directly under which (None: top level).
ALLOWED_PARENTS: dict[UnitKind, frozenset[UnitKind | None]] = {
    UnitKind.PREAMBLE: frozenset({None}),
    UnitKind.SECTION: frozenset({None, UnitKind.SECTION}),
    UnitKind.PARAGRAPH: frozenset({None, UnitKind.PREAMBLE, UnitKind.SECTION}),
    UnitKind.SUBPARAGRAPH: frozenset({UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH}),
}

#: Latin ordinal suffixes for inserted paragraphs, in order (12 bis, 12 ter, ...).
INSERT_SUFFIXES: tuple[str, ...] = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
)


def check_parent(kind: UnitKind, parent_kind: UnitKind | None) -> None:
    """Raise Invalid unless a unit of ``kind`` may be placed under ``parent_kind``."""
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = parent_kind.value if parent_kind else "the top level"
        raise Invalid(f"A {kind.value} cannot be placed under {where}.")


def revision_label(sequence: int) -> str:
    """The conventional label of the n-th published revision: Zero draft, Rev.1, Rev.2..."""
    return "Zero draft" if sequence == 0 else f"Rev.{sequence}"


def inserted_number(after: str, taken: set[str]) -> str:
    """The display number for a paragraph inserted after ``after``: `12 bis`, then `12 ter`.

    ``taken`` holds the numbers already used in the revision; the first free suffix wins.
    An insertion after `12 bis` is numbered from its base, `12 ter`.
    """
    base = after.split(" ")[0] if after else "0"
    for suffix in INSERT_SUFFIXES:
        candidate = f"{base} {suffix}"
        if candidate not in taken:
            return candidate
    raise Invalid(f"Too many paragraphs inserted after {base}.")


def alternative_number(number: str) -> str:
    """The display number of an alternative to paragraph ``number``: `12 alt`."""
    return f"{number.split(' ')[0]} alt" if number else "alt"


def letter(index: int) -> str:
    """Lettered sub-paragraph label for a zero-based index: (a)..(z), (aa), (bb)..."""
    if index < 0:
        raise ValueError("index must be >= 0")
    quotient, remainder = divmod(index, 26)
    return "(" + chr(ord("a") + remainder) * (quotient + 1) + ")"


@dataclass(frozen=True, slots=True)
class UnitView:
    """A unit as it stands in one revision (what renumbering reads and returns)."""

    key: str
    kind: UnitKind
    parent: str | None
    number: str | None
    text: str = ""
    heading: str | None = None
    status: UnitStatus = UnitStatus.OPEN
    #: What the text carries besides its words (see :mod:`server.core.richtext`).
    marks: tuple[Mark, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[EditorialNote, ...] = ()
    option: OptionRef | None = None


_LEADING = re.compile(r"^\W*(?:[PO]P\s*)?(\d+)", re.IGNORECASE)
_HEADING_NUMBER = re.compile(
    r"^(?P<word>[^\W\d_]+\.?\s+)(?P<num>\d+(?:\s*(?:bis|ter|quater|quinquies|sexies|alt)\b)*)",
    re.IGNORECASE)
_ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
                   "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")


def _base(number: str | None) -> int | None:
    """The leading whole number of a display number: ``"12 bis"`` -> 12; ``"(a)"`` -> None."""
    found = _LEADING.match(number or "")
    return int(found.group(1)) if found else None


def _restarts(groups: Sequence[Sequence[str | None]]) -> bool:
    """Whether the numbers start again in each group (Article 1: 1, 2; Article 2: 1, 2)
    rather than run on through the document (Objective 1: 1-3; Objective 2: 4-7)."""
    highest: int | None = None
    for numbers in groups:
        numbered = [(b, n) for n in numbers if (b := _base(n)) is not None]
        if not numbered:
            continue
        first, label = numbered[0]
        # "2 bis" opening a group after paragraph 2 runs on (inserted after it).
        inserted = first == highest and _spaced(label or "") != str(first)
        if highest is not None and first <= highest and not inserted:
            return True
        highest = max(b for b, _ in numbered)
    return False


def _item_label(style: str, index: int) -> str:
    if style == "roman" and index < len(_ROMAN_NUMERALS):
        return f"({_ROMAN_NUMERALS[index]})"
    if style == "arabic":
        return f"({index + 1})"
    return letter(index)


def _item_style(first: str | None) -> str:
    """How a list of sub-paragraphs is numbered, read off its first item as the text has it:
    (i), (ii)... (roman), (1), (2)... (arabic), else (a), (b)..."""
    plain = (first or "").strip().strip("()[].").lower()
    return "roman" if plain == "i" else "arabic" if plain == "1" else "letters"


def _spaced(number: str) -> str:
    """"2bis" and "2  Bis" -> "2 bis"."""
    return " ".join(re.sub(r"(?<=\d)(?=[a-z])", " ", number.lower()).split())


def _renumbered_heading(heading: str | None, old: str | None, new: str) -> str | None:
    """"Article 2 bis (Adaptation)" -> "Article 3 (Adaptation)" when the heading repeats
    the section's old number; any other heading is kept."""
    found = _HEADING_NUMBER.match(heading or "")
    if heading is None or found is None or old is None:
        return heading
    if _spaced(found.group("num")) != _spaced(old):
        return heading
    return found.group("word") + new + heading[found.end():]


def renumber(units: Sequence[UnitView]) -> list[UnitView]:
    """Number the text again the way it numbers itself, in document order.

    * Paragraphs run 1..n through the document (a resolution, a compact), or start again in
      each section when the text numbers them so (a treaty's paragraphs in each Article).
    * Sections numbered with figures (Article 1, 2 bis, 3) are numbered again 1..n among
      their siblings, continuously or per parent as the text does, and a heading that
      repeats the number follows ("Article 2 bis" -> "Article 3"); sections numbered
      otherwise (Part II) and unnumbered ones keep theirs.
    * Sub-paragraphs are numbered under each parent in the style of its first one: (a),
      (b)...; (i), (ii)...; or (1), (2)...
    * The alternatives of one option group are numbered alike: each option starts where the
      group starts, and numbering goes on after the group from the longest option.

    Guarantees: the order and keys are unchanged; `bis`, `ter` and `alt` numbers disappear;
    applying it twice gives the same result as once.
    """
    by_key = {u.key: u for u in units}

    def container(unit: UnitView) -> bool:
        """A section that is only an option's label ("Option 2"): not a level of its own."""
        return unit.kind is UnitKind.SECTION and unit.option is not None and \
            (unit.heading or "").strip().lower().startswith(_OPTION_WORDS)

    def level(unit: UnitView) -> bool:
        """A level paragraphs may be numbered in: the preamble, a numbered section (an
        Article), a top-level one (an Objective); not an option's label, nor an unnumbered
        heading inside an Article ("Measures common to all options")."""
        return unit.kind is UnitKind.PREAMBLE or (unit.kind is UnitKind.SECTION and \
            not container(unit) and (unit.number is not None or unit.parent is None))

    def scope_of(unit: UnitView) -> str | None:
        """The nearest enclosing level (see level())."""
        parent = by_key.get(unit.parent) if unit.parent else None
        while parent is not None and not level(parent):
            parent = by_key.get(parent.parent) if parent.parent else None
        return parent.key if parent is not None else None

    def option_of(unit: UnitView) -> OptionRef | None:
        here: UnitView | None = unit
        while here is not None:
            if here.option is not None:
                return here.option
            here = by_key.get(here.parent) if here.parent else None
        return None

    def grouped(members: Sequence[UnitView], scope: Callable[[UnitView], str | None]
                ) -> list[list[str | None]]:
        groups: dict[str | None, list[str | None]] = {}
        for unit in members:
            groups.setdefault(scope(unit), []).append(unit.number)
        return list(groups.values())

    paragraphs = [u for u in units if u.kind is UnitKind.PARAGRAPH and _base(u.number) is not None]
    sections = [u for u in units if u.kind is UnitKind.SECTION and _base(u.number) is not None
                and not container(u)]
    para_restart = _restarts(grouped(paragraphs, scope_of))
    section_restart = _restarts(grouped(sections, lambda u: u.parent))
    numbering = _Numbering()
    styles: dict[str | None, str] = {}
    items: dict[str | None, int] = {}
    result: list[UnitView] = []
    for unit in units:
        option = option_of(unit)
        if not unit.number or (option and option.no_text):
            result.append(unit)  # renumbering numbers what the text numbers, no more
        elif unit.kind is UnitKind.PARAGRAPH and _base(unit.number) is not None:
            scope = ("p", scope_of(unit) if para_restart else None)
            result.append(replace(unit, number=numbering.number(scope, option, unit.number)))
        elif unit.kind is UnitKind.SECTION and _base(unit.number) is not None and \
                not container(unit):
            scope = ("s", unit.parent if section_restart else None)
            number = numbering.number(scope, option, unit.number)
            result.append(replace(unit, number=number,
                                  heading=_renumbered_heading(unit.heading, unit.number,
                                                              number)))
        elif unit.kind is UnitKind.SUBPARAGRAPH and "[" not in unit.number:
            style = styles.setdefault(unit.parent, _item_style(unit.number))
            position = items.get(unit.parent, 0)
            items[unit.parent] = position + 1
            result.append(replace(unit, number=_item_label(style, position)))
        else:
            result.append(unit)
    return result


_OPTION_WORDS = ("option", "alt", "sub-option", "suboption", "variant")
_DECIMAL = re.compile(r"^(\d+(?:\.\d+)*)\.(\d+)$")


class _Numbering:
    """Counters per scope, with option groups: every option of a group starts at the same
    number, and the scope goes on from the longest. Numbers the text writes in brackets
    ("[3][5]": the number depends on options still open) are kept and set the count; decimal
    numbers ("1.1", "1.2") are counted under their prefix."""

    def __init__(self) -> None:
        self.counters: dict[tuple[str, str | None, str], int] = {}
        self.starts: dict[tuple[tuple[str, str | None, str], str], int] = {}
        self.options: dict[tuple[tuple[str, str | None, str], str, str], int] = {}

    def number(self, scope: tuple[str, str | None], option: OptionRef | None,
               old: str) -> str:
        decimal = _DECIMAL.match(old.strip())
        prefix = decimal.group(1) if decimal else ""
        key = (*scope, prefix)
        if "[" in old:
            self.counters[key] = _base(old) or self.counters.get(key, 0)
            return old
        n = self.next(key, option)
        return f"{prefix}.{n}" if prefix else str(n)

    def next(self, scope: tuple[str, str | None, str], option: OptionRef | None) -> int:
        current = self.counters.get(scope, 0)
        if option is None:
            self.counters[scope] = current + 1
            return current + 1
        start = self.starts.setdefault((scope, option.group), current)
        number = self.options.get((scope, option.group, option.label), start) + 1
        self.options[(scope, option.group, option.label)] = number
        self.counters[scope] = max(current, number)
        return number


def document_order(units: Sequence[UnitView]) -> list[UnitView]:
    """Check that ``units`` is a tree in document order; return the list.

    Guarantees on success: keys are unique, every parent exists and precedes its children,
    each kind sits under a kind it may, and every unit's subtree is contiguous (nothing of
    another branch comes between a parent and its last descendant). Raises Invalid naming the
    first unit out of place.
    """
    seen: dict[str, UnitKind] = {}
    open_branch: list[str] = []  # the ancestors of the position we are at
    for unit in units:
        if unit.key in seen:
            raise Invalid(f"Unit {unit.key} appears twice.")
        parent_kind = None
        if unit.parent is not None:
            if unit.parent not in seen:
                raise Invalid(f"Unit {unit.key} comes before its parent {unit.parent}.")
            if unit.parent not in open_branch:
                raise Invalid(f"Unit {unit.key} would stand apart from the other units under "
                              f"{unit.parent}.")
            parent_kind = seen[unit.parent]
            del open_branch[open_branch.index(unit.parent) + 1:]
        else:
            open_branch.clear()
        check_parent(unit.kind, parent_kind)
        seen[unit.key] = unit.kind
        open_branch.append(unit.key)
    return list(units)


def depths(units: Sequence[UnitView]) -> list[int]:
    """The number of ancestors of each unit (units in document order; an unknown parent
    counts as none)."""
    depth: dict[str, int] = {}
    out: list[int] = []
    for unit in units:
        d = depth[unit.parent] + 1 if unit.parent is not None and unit.parent in depth else 0
        depth[unit.key] = d
        out.append(d)
    return out
