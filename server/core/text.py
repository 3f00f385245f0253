"""The negotiated text: units, their statuses, display numbers and revision labels.

A document is an ordered tree of units. A unit's identity (its key) never changes; its
display number belongs to a revision, because revisions renumber (`12 bis` becomes `13`).
"""

from __future__ import annotations

from collections.abc import Sequence
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


def renumber(units: Sequence[UnitView]) -> list[UnitView]:
    """Number paragraphs 1..n continuously through the document and letter sub-paragraphs
    (a), (b)... under each parent, in document order; sections and the preamble keep theirs.

    Guarantees: the order and keys are unchanged; `bis`, `ter` and `alt` numbers disappear;
    applying it twice gives the same result as once.
    """
    paragraph = 0
    letters: dict[str | None, int] = {}
    result: list[UnitView] = []
    for unit in units:
        if unit.kind is UnitKind.PARAGRAPH:
            paragraph += 1
            result.append(replace(unit, number=str(paragraph)))
        elif unit.kind is UnitKind.SUBPARAGRAPH:
            position = letters.get(unit.parent, 0)
            letters[unit.parent] = position + 1
            result.append(replace(unit, number=letter(position)))
        else:
            result.append(unit)
    return result


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
