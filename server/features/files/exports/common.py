"""What the renderers share: document metadata, comparison items, numbering display."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from server.core.text import UnitKind, UnitStatus, UnitView

#: How a unit status is shown in a clean text (open units show nothing).
STATUS_LABEL: dict[UnitStatus, str] = {
    UnitStatus.AGREED_INFORMALS: "[agreed in informals]",
    UnitStatus.AGREED_AD_REF: "[agreed ad ref]",
    UnitStatus.ADOPTED: "[adopted]",
}
LABEL_STATUS: dict[str, UnitStatus] = {v: k for k, v in STATUS_LABEL.items()}


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a rendered document says about itself."""

    title: str
    label: str = ""
    process: str = ""
    date: datetime | None = None
    language: str = "en"
    document_id: int | None = None
    sequence: int | None = None
    #: The history chain's head at the revision's publication (hex sha256; "" for the
    #: working copy): each format prints it in its metadata, so any copy shows where the
    #: history passed (``accord verify`` checks it).
    history_hash: str = ""

    @property
    def full_title(self) -> str:
        return f"{self.title} ({self.label})" if self.label else self.title


@dataclass(frozen=True, slots=True)
class ComparedUnit:
    """One unit of a comparison: ``before`` None for a new unit, ``after`` None for a
    deleted one (shown where it stood)."""

    before: UnitView | None
    after: UnitView | None


def sub_levels(units: Sequence[UnitView]) -> list[int]:
    """For each unit, how many sub-paragraphs it is deep (0 for anything but one)."""
    level: dict[str, int] = {}
    out: list[int] = []
    for unit in units:
        n = 0
        if unit.kind is UnitKind.SUBPARAGRAPH:
            n = level.get(unit.parent or "", 0) + 1
        level[unit.key] = n
        out.append(n)
    return out


def section_levels(units: Sequence[UnitView]) -> list[int]:
    """For each unit, how many sections and preambles enclose it, itself included."""
    level: dict[str, int] = {}
    out: list[int] = []
    for unit in units:
        n = level.get(unit.parent or "", 0)
        if unit.kind in (UnitKind.SECTION, UnitKind.PREAMBLE):
            n += 1
        level[unit.key] = n
        out.append(n)
    return out


def is_lettered(number: str) -> bool:
    return number.startswith("(") or number.endswith(")")


def number_prefix(number: str | None) -> str:
    """``2`` -> ``"2. "``, ``(a)`` -> ``"(a) "``, None -> ``""``."""
    if not number:
        return ""
    return f"{number} " if is_lettered(number) else f"{number}. "


def strip_number(prefix: str) -> str | None:
    """The inverse of :func:`number_prefix`."""
    t = prefix.strip()
    if not t:
        return None
    if not is_lettered(t) and t.endswith("."):
        t = t[:-1].rstrip()
    return t or None


def comparison_items(pairs: Sequence[tuple[UnitView | None, UnitView | None]]
                     ) -> list[ComparedUnit]:
    return [ComparedUnit(before, after) for before, after in pairs]


def safe_filename(name: str, extension: str) -> str:
    """An ASCII file name for a Content-Disposition header."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in name)
    cleaned = "-".join(part for part in cleaned.split("-") if part)[:80] or "document"
    return f"{cleaned}.{extension}"
