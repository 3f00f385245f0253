"""What the renderers share: document metadata, comparison items, numbering display."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from server.core.richtext import normalise_marks
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


#: Characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone
#: surrogates; U+FFFE and U+FFFF): lxml refuses them outright.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Joiners, variation selectors and combining marks belong to the character before them:
#: text is never cut just before one (nor just after a joiner).
_JOINING: Final = re.compile("[\u200c\u200d\ufe00-\ufe0f\U000e0000-\U000e007f]")
#: A Word document property (title, author) holds at most 255 characters.
PROPERTY_CHARS: Final = 255


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (a vertical tab or form feed, as Word
    copies line and page breaks, is a newline)."""
    return _NOT_XML.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def _joins(char: str) -> bool:
    return bool(_JOINING.match(char)) or unicodedata.combining(char) > 0


def shorten(text: str, limit: int, *, ellipsis: str = "\u2026") -> str:
    """``text`` on one line, at most ``limit`` characters: cut at a word when one ends in the
    last fifth, else anywhere but inside a character's marks or an emoji sequence, with
    ``ellipsis`` after."""
    line = " ".join(xml_text(text).split())
    if len(line) <= limit:
        return line
    cut = limit - len(ellipsis)
    space = line.rfind(" ", 0, cut + 1)
    if space >= cut * 4 // 5:
        cut = space
    while cut > 0 and (_joins(line[cut]) or line[cut - 1] == "\u200d"):
        cut -= 1
    return line[:cut].rstrip() + ellipsis


def names_within(names: Sequence[str], limit: int = PROPERTY_CHARS) -> str:
    """Names joined with commas, as many as fit in ``limit`` characters, then "and N
    others": "Mexico, Switzerland and 5 others"."""
    cleaned = [" ".join(xml_text(n).split()) for n in names]
    joined = ", ".join(cleaned)
    if len(joined) <= limit:
        return joined
    for count in range(len(cleaned) - 1, 0, -1):
        rest = len(cleaned) - count
        candidate = (", ".join(cleaned[:count])
                     + f" and {rest} other{'s' if rest > 1 else ''}")
        if len(candidate) <= limit:
            return candidate
    return shorten(f"{cleaned[0]} and {len(cleaned) - 1} others" if len(cleaned) > 1
                   else cleaned[0], limit)


#: The longest file name given, in UTF-8 bytes with its extension (file systems hold 255).
FILENAME_BYTES: Final = 150


def safe_filename(name: str, extension: str, suffix: str = "") -> str:
    """An ASCII file name for a Content-Disposition header (``filename=``): ``name`` cut so
    that ``suffix`` (the revision, "amendment-12") is always kept."""

    def ascii_only(text: str) -> str:
        cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-"
                          for c in text)
        return "-".join(part for part in cleaned.split("-") if part).strip(".")

    tail = ascii_only(suffix)[:60]
    head = ascii_only(name)[:max(80 - len(tail) - 1, 10)].rstrip("-.") or "document"
    return f"{head}-{tail}.{extension}" if tail else f"{head}.{extension}"


def display_filename(name: str, extension: str, suffix: str = "") -> str:
    """The file name in the reader's script, for ``filename*`` (RFC 6266): no path
    separators, quotes, controls or direction overrides (which can make ``exe.txt`` of
    ``txt.exe``), at most :data:`FILENAME_BYTES` bytes of UTF-8 with ``suffix`` always
    kept, never cut inside a character's marks or an emoji sequence."""

    def clean(text: str) -> str:
        kept = "".join(c if c in "\u200c\u200d" else " " if c in '/\\"*:<>?|'
                       or unicodedata.category(c)[0] in "CZ" else c for c in xml_text(text))
        return " ".join(kept.split()).strip(". ")

    tail = clean(suffix)
    tail = shorten(tail, 60, ellipsis="") if len(tail) > 60 else tail
    end = (f" {tail}" if tail else "") + f".{extension}"
    room = FILENAME_BYTES - len(end.encode("utf-8"))
    stem = clean(name) or "document"
    while len(stem.encode("utf-8")) > room:
        over = len(stem.encode("utf-8")) - room
        stem = shorten(stem, len(stem) - max(1, over // 4), ellipsis="")
    return f"{stem}{end}"


# --------------------------------------------------------------------------- rich text


@dataclass(frozen=True, slots=True)
class Inline:
    """One piece of a unit's text as the renderers print it, in order: a run of words
    (``kind`` "text", with its styles), a footnote's anchor (``kind`` "footnote": ``mark``
    as printed, ``text`` the footnote's text) or an editorial note anchored there (``kind``
    "note", ``text`` the note)."""

    kind: Literal["text", "footnote", "note"]
    text: str
    italic: bool = False
    bold: bool = False
    mark: str = ""


def inline_pieces(unit: UnitView) -> list[Inline]:
    """A unit's text cut at its formatting runs, with its footnotes and anchored editorial
    notes where they stand (offsets clipped to the text; at one offset, footnotes first,
    then notes, each in their given order). Notes on the whole unit are not here: see
    :func:`unit_notes`. Never raises on marks that overlap, are empty or run past the
    text."""
    text = unit.text
    length = len(text)
    marks = normalise_marks(unit.marks, length)
    anchors: list[tuple[int, int, Inline]] = []
    for order, footnote in enumerate(unit.footnotes):
        at = min(max(footnote.offset, 0), length)
        anchors.append((at, order, Inline("footnote", footnote.text, mark=footnote.mark)))
    base = len(anchors)
    for order, note in enumerate(unit.notes):
        if note.offset is not None:
            at = min(max(note.offset, 0), length)
            anchors.append((at, base + order, Inline("note", note.text)))
    anchors.sort(key=lambda a: (a[0], a[1]))
    cuts = sorted({0, length, *(m.start for m in marks), *(m.end for m in marks),
                   *(a[0] for a in anchors)})
    out: list[Inline] = []
    waiting = iter(anchors)
    pending = next(waiting, None)
    for start, end in zip(cuts, [*cuts[1:], length], strict=True):
        while pending is not None and pending[0] == start:
            out.append(pending[2])
            pending = next(waiting, None)
        if end > start:
            italic = any(m.style == "italic" and m.start <= start < m.end for m in marks)
            bold = any(m.style == "bold" and m.start <= start < m.end for m in marks)
            out.append(Inline("text", text[start:end], italic=italic, bold=bold))
    while pending is not None:
        out.append(pending[2])
        pending = next(waiting, None)
    return out


def unit_notes(unit: UnitView) -> list[str]:
    """The unit's editorial notes on the whole unit (no offset), in order."""
    return [note.text for note in unit.notes if note.offset is None]


def split_lines(pieces: Sequence[Inline]) -> list[list[Inline]]:
    """``pieces`` as lines: text pieces cut at their newlines (styles kept on each side)."""
    lines: list[list[Inline]] = [[]]
    for piece in pieces:
        if piece.kind != "text" or "\n" not in piece.text:
            lines[-1].append(piece)
            continue
        for index, part in enumerate(piece.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Inline("text", part, italic=piece.italic, bold=piece.bold))
    return lines


def has_rich(unit: UnitView) -> bool:
    return bool(unit.marks or unit.footnotes or unit.notes)


#: How an alternative is labelled when it is the "No text" one.
NO_TEXT: Final = "No text"


def option_label(unit: UnitView) -> str:
    """The label printed before an alternative ("Option 1"), without a colon."""
    if unit.option is None:
        return ""
    return " ".join(unit.option.label.split()).rstrip(":").strip() or "Option"


def option_starts(units: Sequence[UnitView]) -> list[tuple[bool, bool]]:
    """For each unit: (does an option group start here, does an alternative start here).

    Units of one group share ``option.group`` and a parent; consecutive units with the same
    label are one alternative; a unit with another parent (a child of the alternative's
    unit) does not interrupt it."""
    out: list[tuple[bool, bool]] = []
    current: dict[str | None, tuple[str, str] | None] = {}
    for unit in units:
        option = unit.option
        previous = current.get(unit.parent)
        if option is None:
            current[unit.parent] = None
            out.append((False, False))
            continue
        group_start = previous is None or previous[0] != option.group
        alt_start = group_start or previous is None or previous[1] != option.label
        current[unit.parent] = (option.group, option.label)
        out.append((group_start, alt_start))
    return out


def pieces_in(unit: UnitView, start: int, end: int, *, anchors: bool = True,
              last: bool = False) -> list[Inline]:
    """The pieces of ``unit.text[start:end]`` (a span of a diff): its styled runs, and with
    ``anchors`` its footnotes and notes anchored in ``[start, end)`` (``last``: at ``end``
    too, for the unit's last span)."""
    out: list[Inline] = []
    at = 0
    for piece in inline_pieces(unit):
        if piece.kind != "text":
            if anchors and (start <= at < end or (last and at == end)):
                out.append(piece)
            continue
        lo, hi = max(at, start), min(at + len(piece.text), end)
        if lo < hi:
            out.append(Inline("text", piece.text[lo - at:hi - at], italic=piece.italic,
                              bold=piece.bold))
        at += len(piece.text)
    return out


def spaced_after(pieces: Sequence[Inline], index: int) -> bool:
    """Whether a note at ``index`` is followed directly by a word, and so needs a space
    after its closing brace when it is shown (never in the text itself)."""
    following = next((p for p in pieces[index + 1:] if p.kind == "text" and p.text), None)
    return following is not None and index + 1 < len(pieces) \
        and pieces[index + 1] is following and not following.text[0].isspace()
