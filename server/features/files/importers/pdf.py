"""Importing a PDF with a text layer (as the UN publishes its drafts) into units.

The text layer is read with pypdfium2 (PDFium, the PDF engine of Chromium): each page's text in
lines, and for the characters that matter the box they are drawn in, their font weight and size.
pdfplumber gives the same through pdfminer, but reads the 69-page revised plastics draft in
15 s where PDFium takes 0.2 s, and an import must take a second or two.

What is read, by position and typography rather than by the words of any one document:

* **Running headers and footers** (the document symbol, page numbers ``7`` or ``- 2 -``): the
  first and last lines of each page whose text, digits aside, recurs at the same height on a
  quarter of the pages or more. They are dropped, and so are pages of contents (lines ending
  in dot leaders and a page number).
* **Footnotes**: marks are digits drawn smaller than the line they sit on; a footnote is the
  block at the foot of a page that starts with such a mark and is set smaller than the body.
  Each is the :class:`~server.core.richtext.Footnote` of the unit whose text carries its mark
  (the first mark with its number on that page or the page before), anchored where the mark
  was, the mark taken out of the words; a mark in a heading puts the footnote on its section.
  A footnote whose mark is not in the imported text is listed in the preview, with the page
  and line of its mark.
* **Lines joined into paragraphs** across lines and pages: a new paragraph starts with a
  number, a letter, a heading, a first-line indent or a change of weight; a word hyphenated
  at the end of a line is joined without its hyphen when the document spells it so elsewhere.
* **Numbering as the documents print it**: ``Part II`` / ``PART I`` and ``Annex A`` (bold) are
  top-level sections; ``Article 12`` (bold, with its title on the next line) a section within
  its Part; a bold ``1. Primary plastic polymers`` a provision within its Part, a bold
  ``a. Fishing gear`` a sub-provision; ``Option 1``, ``Sub-option 2`` and ``Provisions common
  for the Options above`` sections within the provision (their labels are headings, never
  paragraph text); paragraphs ``1.``, ``3 bis.``, ``1.1``, ``[3][5][4].``, ``OP2 Alt 1.``;
  sub-paragraphs ``a.``, ``(a)``, ``[b][c].`` and, below them, ``(i)``; ``PREAMBLE`` opens the
  preamble. What comes before the first Part, Article or Preamble (a cover page, notes by the
  secretariat) is not imported and the preview says so.
* **Italic and bold** runs (:class:`~server.core.richtext.Mark`) from each word's font, read
  at its first letter: italic from the font's Italic flag or a name saying Italic or Oblique,
  bold from a name saying Bold (the preambular verbs of the plastics drafts and of BBNJ).
* **Options as structure**: the Option and Sub-option sections side by side under one parent
  carry one :class:`~server.core.richtext.OptionRef` group (a block of common provisions, or
  an option numbered again from its start, begins another); an option holding only "No
  text." is the no-text alternative, its text no paragraph. A paragraph and the ``OPn
  Alt.``, ``OPn Alt 2`` paragraphs right after it (an item and its ``(c alt)``) are a group
  too, each alternative labelled as printed, one reading "No text." the no-text one.
* **Items inserted among a paragraph's** (``OP1 b. bis.``, ``OP1b. ter.``) are its items;
  an alternative chapeau (``OP1 Alt.`` between a paragraph announcing a list and the list,
  itself ending with a colon) leaves the list with the paragraph it was drafted for.

Formatting and footnotes travel through the reading as sentinels (code points of planes 15
and 16, which the text read never keeps) inside the texts, so that every step that cuts,
joins and re-spaces lines keeps them where they belong, and are taken out when a unit is built.
"""

from __future__ import annotations

import ctypes
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Final

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from server.core.errors import Invalid
from server.core.importing import normalise_number
from server.core.richtext import Footnote, Mark, OptionRef, normalise_marks
from server.core.text import UnitKind, UnitView
from server.features.files.importers.result import Parsed

#: Pages read at most (the longest UN drafts run to a few hundred).
MAX_PAGES: Final = 1_000
#: A digit drawn smaller than this share of its line's size is a footnote mark.
MARK_RATIO: Final = 0.88
#: A line set smaller than this share of the body size may be footnote text.
SMALL_RATIO: Final = 0.95


# --------------------------------------------------------------------------- reading lines


@dataclass
class _Segment:
    """A run of text PDFium reports as one line (a superscript may be a segment of its own)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the height of its first letter's box (font size, whatever the matrix)
    bold: bool
    digits: list[tuple[int, float]]  # (offset in text, box height) of each digit
    #: (offset in text, style state) where the style of the words changes: a word's style is
    #: its first letter's font (bit 1 italic, bit 2 bold)
    styles: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Line:
    """A printed line: its words without footnote marks, where it stands, how it is set."""

    page: int  # 1-based
    number: int  # 1-based, counting every printed line of the page from the top
    text: str
    x0: float
    top: float
    bottom: float
    size: float
    bold: bool
    marks: list[str] = field(default_factory=list)
    starts_with_mark: str | None = None
    #: what the text carries besides its words, as (offset in text, sentinel): footnote
    #: anchors and style changes (see :func:`_anchor_char`, :func:`_style_char`)
    inline: list[tuple[int, str]] = field(default_factory=list)
    #: printed lines it covers (PDFium joins a line ending in a hyphen with the next)
    span: int = 1


_DIGITS: Final = re.compile(r"\d+")
#: Control characters some fonts' text layers carry (never text).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")


#: Sentinels carried inside texts between reading and building units (never in a unit):
#: a footnote anchor is one code point of plane 15 (its index in the document's anchors),
#: a style change one of plane 16 (the style state from there on). Text read from the PDF
#: never keeps such code points (see :data:`_FOREIGN`).
_ANCHOR_BASE: Final = 0xF0000
_STYLE_BASE: Final = 0x100000
_ITALIC: Final = 1
_BOLD: Final = 2
_FOREIGN: Final = re.compile("[\U000F0000-\U0010FFFF]")


def _anchor_char(index: int) -> str:
    return chr(_ANCHOR_BASE + index)


def _style_char(state: int) -> str:
    return chr(_STYLE_BASE + state)


def _is_sentinel(ch: str) -> bool:
    return ord(ch) >= _ANCHOR_BASE


@dataclass(frozen=True)
class _Anchor:
    """A footnote mark as printed in the body: which mark, where."""

    mark: str
    page: int
    line: int


def _strip_inline(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without its sentinels (and without the double or edge spaces taking them out
    leaves), and each sentinel with its offset in what remains."""
    if not _SENTINELS.search(text):
        return text, []
    out = ""
    events: list[tuple[int, str]] = []
    last = 0
    for m in _SENTINELS.finditer(text):
        piece = text[last:m.start()]
        if piece.startswith(" ") and (not out or out.endswith(" ")):
            piece = piece[1:]
        out += piece
        ch = m.group()
        # a footnote mark printed after a space belongs to the word before it
        events.append((len(out.rstrip(" ")) if ord(ch) < _STYLE_BASE else len(out), ch))
        last = m.end()
    piece = text[last:]
    if piece.startswith(" ") and (not out or out.endswith(" ")):
        piece = piece[1:]
    out = (out + piece).rstrip(" ")
    length = len(out)
    return out, [(min(at, length), ch) for at, ch in events]


_SENTINELS: Final = re.compile("[\U000F0000-\U0010FFFF]")


def _with_inline(text: str, inline: list[tuple[int, str]]) -> str:
    """The inverse of :func:`_strip_inline`: the sentinels put back at their offsets."""
    if not inline:
        return text
    out: list[str] = []
    last = 0
    for at, ch in inline:
        out.append(text[last:at])
        out.append(ch)
        last = at
    out.append(text[last:])
    return "".join(out)


def _direct(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A PDFium function called with plain integers for its handles and pointers: the same
    C function as pypdfium2's binding, without its per-call conversions (the calls per
    character are most of an import's time). Falls back on the binding."""
    try:
        address = ctypes.cast(function, ctypes.c_void_p).value
        if not address:  # pragma: no cover
            return function
        return ctypes.CFUNCTYPE(restype, *argtypes)(address)
    except (TypeError, ValueError, ctypes.ArgumentError):  # pragma: no cover
        return function


_VP: Final = ctypes.c_void_p
_GET_BOX: Final = _direct(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int, _VP, ctypes.c_int,
                          _VP)
_GET_INFO: Final = _direct(pdfium_c.FPDFText_GetFontInfo, ctypes.c_ulong, _VP, ctypes.c_int,
                           _VP, ctypes.c_ulong, _VP)
_GET_WEIGHT: Final = _direct(pdfium_c.FPDFText_GetFontWeight, ctypes.c_int, _VP, ctypes.c_int)


def _segments(textpage: object, page_height: float) -> list[_Segment]:
    handle = textpage.raw  # type: ignore[attr-defined]
    text: str = textpage.get_text_range()  # type: ignore[attr-defined]
    rect = pdfium_c.FS_RECTF()
    count = int(pdfium_c.FPDFText_CountChars(handle))
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    direct = _GET_BOX is not pdfium_c.FPDFText_GetLooseCharBox
    raw = ctypes.cast(handle, ctypes.c_void_p).value if direct else handle
    flags_ref = ctypes.addressof(flags) if direct else ctypes.byref(flags)
    rect_ref = ctypes.addressof(rect) if direct else ctypes.byref(rect)
    name_ref = ctypes.addressof(name) if direct else name
    get_box = _GET_BOX
    get_info = _GET_INFO
    get_weight = _GET_WEIGHT
    fonts: dict[tuple[bytes, int], int] = {}

    def box(i: int) -> tuple[float, float, float, float]:
        get_box(raw, i, rect_ref)
        return (float(rect.left), float(rect.right), page_height - float(rect.top),
                page_height - float(rect.bottom))

    def style(i: int) -> int:
        """The style of character ``i`` as far as its font says it: italic from the font's
        flags (PDF's Italic flag) or a name saying Italic or Oblique, bold from a name
        saying Bold (a font's weight is asked for only where it decides, see ``heavy``)."""
        if not get_info(raw, i, name_ref, 128, flags_ref):
            return 0  # no font (a generated character): plain
        key = (name.value, flags.value)
        known = fonts.get(key)
        if known is not None:
            return known
        lower = name.value.lower()
        state = _ITALIC if (flags.value & 64 or b"italic" in lower or b"oblique" in lower) \
            else 0
        if b"bold" in lower:
            state |= _BOLD
        fonts[key] = state
        return state

    def heavy(i: int) -> bool:
        """Whether character ``i`` is bold: its font's weight, or its name."""
        weight = int(get_weight(raw, i))
        if weight >= 600:
            return True
        return weight <= 0 and bool(style(i) & _BOLD)

    out: list[_Segment] = []
    start = 0
    for line in re.split(r"(\r\n|\r|\n)", text):
        if line in ("\r\n", "\r", "\n"):
            start += len(line)
            continue
        begin, end = start, start + len(line)
        start = end
        if end > count:  # PDFium's text and its characters disagree: use what we can
            end = count
        chunk = text[begin:end]
        stripped = chunk.lstrip()
        if not stripped:
            continue
        first = begin + len(chunk) - len(stripped)
        last = begin + len(chunk.rstrip()) - 1
        left, _, top, bottom = box(first)
        _, right, _, _ = box(last)
        alpha = next((k for k, ch in enumerate(stripped) if ch.isalpha()), 0)
        letter = first + alpha
        ltop, lbottom = (top, bottom) if letter == first else box(letter)[2:]
        bold = heavy(letter)
        digits: list[tuple[int, float]] = []
        for m in _DIGITS.finditer(chunk):
            for k in range(m.start(), m.end()):
                _, _, dtop, dbottom = box(begin + k)
                digits.append((k, dbottom - dtop))
        styles: list[tuple[int, int]] = []
        state = 0
        for m in _WORD.finditer(chunk):
            now = style(begin + m.start(1))
            if now != state:
                styles.append((m.start(1), now))
                state = now
        out.append(_Segment(chunk, left, right, min(top, ltop),
                            max(bottom, lbottom), lbottom - ltop, bold, digits, styles))
    return out


#: A word's first letter or digit (after the brackets or quotes opening it): the style of
#: the words is read there.
_WORD: Final = re.compile(r"(?<!\S)[^\w\s]*(\w)")


def _anchor(anchors: list[_Anchor], mark: str, page: int, line: int) -> str:
    """A footnote mark's sentinel (kept in ``anchors``); none past the sentinels' range."""
    if len(anchors) >= 0xFFFD:
        return ""
    anchors.append(_Anchor(mark, page, line))
    return _anchor_char(len(anchors) - 1)


def _visual_lines(page: int, segments: list[_Segment], anchors: list[_Anchor]
                  ) -> list[_Line]:
    """Segments on the same printed line (a superscript mark, a run PDFium cut) joined, in
    reading order; footnote marks taken out of the text (each kept in ``anchors``, the line
    holding its sentinel), the style of its words kept as sentinels too."""
    rows: list[list[_Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        if rows:
            row = rows[-1]
            top = min(s.top for s in row)
            bottom = max(s.bottom for s in row)
            overlap = min(bottom, seg.bottom) - max(top, seg.top)
            height = min(bottom - top, seg.bottom - seg.top) or 1.0
            if overlap > 0.4 * height:
                row.append(seg)
                continue
        rows.append([seg])
    lines: list[_Line] = []
    for number, row in enumerate(rows, start=1):
        row.sort(key=lambda s: s.x0)
        size = max(s.size for s in row)
        parts: list[str] = []
        marks: list[str] = []
        starts_with: str | None = None
        state = 0
        for k, seg in enumerate(row):
            small = {offset for offset, height in seg.digits if height < MARK_RATIO * size}
            seg_text = _FOREIGN.sub(" ", seg.text) if _FOREIGN.search(seg.text) else seg.text
            chars: list[str] = []
            if not small:  # the usual case: cut only where the style changes
                last = 0
                for offset, now in seg.styles:
                    if now != state:
                        chars.append(seg_text[last:offset])
                        chars.append(_style_char(now))
                        state, last = now, offset
                chars.append(seg_text[last:])
            else:
                changes = dict(seg.styles)
                mark = ""
                for offset, ch in enumerate(seg_text):
                    if offset in small:
                        mark += ch
                        continue
                    if mark:
                        spaced = ch != " " and chars and not chars[-1].isspace()
                        if not "".join(parts).strip() and not "".join(chars).strip():
                            starts_with = starts_with or mark
                        marks.append(mark)
                        chars.append(_anchor(anchors, mark, page, number))
                        mark = ""
                        if spaced:
                            chars.append(" ")
                    if offset in changes and changes[offset] != state:
                        state = changes[offset]
                        chars.append(_style_char(state))
                    chars.append(ch)
                if mark:
                    if not "".join(parts).strip() and not "".join(chars).strip():
                        starts_with = starts_with or mark
                    marks.append(mark)
                    chars.append(_anchor(anchors, mark, page, number))
            piece = "".join(chars)
            if k and parts and piece.strip() and not parts[-1].endswith(" "):
                piece = " " + piece.lstrip()
            parts.append(piece)
            if state:  # every segment ends plain: the next one says its own style
                parts.append(_style_char(0))
                state = 0
        joined = " ".join(_CONTROL.sub(" ", "".join(parts).replace("\ufffe", "\u00ad")
                                       ).split())
        text, inline = _strip_inline(joined)
        if not text and not marks:
            continue
        lines.append(_Line(page, number, text, min(s.x0 for s in row), min(s.top for s in row),
                           max(s.bottom for s in row), size, row[0].bold if text else False,
                           marks, starts_with, inline, 1 + text.count("\u00ad")))
    return lines


def _read(data: bytes) -> tuple[list[list[_Line]], list[_Anchor]]:
    if not data.startswith(b"%PDF"):
        raise Invalid("This is not a PDF file.", details={"field": "content"})
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise Invalid(f"The PDF cannot be read ({error}).", details={"field": "content"}
                      ) from None
    try:
        if len(document) > MAX_PAGES:
            raise Invalid(f"A PDF of more than {MAX_PAGES} pages cannot be imported.",
                          details={"field": "content"})
        pages: list[list[_Line]] = []
        anchors: list[_Anchor] = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            height = float(page.get_height())
            pages.append(_visual_lines(index + 1, _segments(textpage, height), anchors))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages, anchors


# --------------------------------------------------------------------------- page furniture


_DOT_LEADER: Final = re.compile(r"(?:\.\s*){5,}\s*\d+\s*$|\u2026{2,}\s*\d+\s*$")


def _furniture(pages: list[list[_Line]]) -> tuple[set[tuple[int, int]], list[str]]:
    """The running headers and footers (page, line), and what the preview says of them."""
    candidates: dict[tuple[int, str], set[int]] = {}
    where: dict[tuple[int, int], tuple[int, str]] = {}
    printed: dict[str, str] = {}  # normalised text -> as first printed
    for lines in pages:
        ends = lines[:2] + lines[-2:] if len(lines) > 4 else lines
        for line in ends:
            key = (round(line.top / 4), re.sub(r"\d+", "#", line.text.strip().lower()))
            candidates.setdefault(key, set()).add(line.page)
            printed.setdefault(key[1], line.text.strip())
            where[(line.page, line.number)] = key
    need = max(2, len(pages) // 4)
    running = {key for key, on in candidates.items() if len(on) >= need} if len(pages) > 2 \
        else set()
    dropped = {at for at, key in where.items() if key in running}
    notes: list[str] = []
    texts = sorted({key[1] for key in running if key[1].strip("-# ")})
    if dropped:
        shown = ", ".join(f"“{printed[t]}”" for t in texts[:3])
        notes.append(f"running headers and page numbers were left out ({len(dropped)} lines"
                     + (f": {shown}" if shown else "") + ")")
    return dropped, notes


def _body_size(pages: list[list[_Line]]) -> float:
    sizes = Counter(round(line.size, 1) for lines in pages for line in lines
                    if len(line.text) > 20)
    return sizes.most_common(1)[0][0] if sizes else 10.0


@dataclass
class _Footnote:
    mark: str
    page: int
    line: int
    text: list[str]


def _split_footnotes(lines: list[_Line], body: float
                     ) -> tuple[list[_Line], list[_Footnote]]:
    """A page's body lines and the footnotes at its foot."""
    start = next((k for k, line in enumerate(lines)
                  if line.starts_with_mark and line.size < SMALL_RATIO * body
                  and sum(1 for x in lines[k:] if x.size < SMALL_RATIO * body
                          or x.starts_with_mark) >= 0.8 * len(lines[k:])), None)
    if start is None:
        return lines, []
    notes: list[_Footnote] = []
    for line in lines[start:]:
        if line.starts_with_mark:
            notes.append(_Footnote(line.starts_with_mark, line.page, line.number, []))
            rest = line.marks[1:]
            if rest:
                notes[-1].text.append(" ".join(rest))
        if notes:
            notes[-1].text.append(line.text)
    return lines[:start], notes


# --------------------------------------------------------------------------- blocks

_SUFFIX: Final = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
_PART: Final = re.compile(
    r"^(?P<kw>PART|Part|PARTIE|Partie|PARTE|Parte|ЧАСТЬ|Часть|الجزء)\s+"
    r"(?P<num>[IVXLC]+|\d+)(?![\w])\s*(?P<rest>.*)$")
_ANNEX: Final = re.compile(
    r"^(?P<kw>ANNEX|Annex|ANNEXE|Annexe|ANEXO|Anexo|ПРИЛОЖЕНИЕ|Приложение|المرفق|Appendix"
    r"|APPENDIX)(?:\s+\[?(?P<num>[A-Z]|[IVXLC]+|\d+)\]?(?![\w]))?\s*[:.\u2013\u2014-]?\s*"
    r"(?P<rest>.*)$")
_ARTICLE: Final = re.compile(
    rf"^(?P<kw>Article|ARTICLE|Artículo|ARTÍCULO|Статья|СТАТЬЯ|المادة)\s+"
    rf"(?P<num>\d+(?:\s?{_SUFFIX})?)(?![\w])\s*[:.]?\s*(?P<rest>.*)$")
_CHINESE_ARTICLE: Final = re.compile(r"^第\s*(?P<num>[\d一二三四五六七八九十百零\u3007]+)\s*"
                                     r"(?P<kw>条|部分)\s*(?P<rest>.*)$")
_PREAMBLE: Final = re.compile(r"^(?:PREAMBLE|Preamble|PRÉAMBULE|Préambule|PREÁMBULO|"
                              r"Preámbulo|ПРЕАМБУЛА|Преамбула|الديباجة|序言)$")
_OPTION: Final = re.compile(
    r"^(?P<kw>Sub-?[Oo]ption|Option|Opción|Вариант)\s+(?P<num>\d+|[A-Z]|[IVX]+)"
    r"\**\s*(?:[:.]?\s*$|[:.\u2013\u2014]\s*(?P<rest>\S.*)$)")
_COMMON: Final = re.compile(r"^Provisions?\s+common\b", re.IGNORECASE)
_PROVISION: Final = re.compile(
    rf"^\[?(?P<num>\d{{1,2}}(?:\s?{_SUFFIX})?)\.\]?\s*(?P<rest>\S.*)$")
_SUBPROVISION: Final = re.compile(r"^(?:\[[a-z]\])*\[?(?P<num>[a-z])\.\]?\s+(?P<rest>\S.*)$")
#: Paragraph numbers: OP3 bis Alt 2., [3][5][4]., 12 bis., 1.1, 4. and 1.Text
_OP_ITEM: Final = re.compile(
    rf"^(?P<num>OP\s?\d+(?:\s{_SUFFIX}(?:\s?\d(?!\d))?)?(?:\s?Alt\.?(?:\s?\d+)?)?)(?:\s?[.:]|\s)\s*"
    rf"(?P<rest>.*)$")
#: An alternative or an insertion among a paragraph's items: OP1 c. alt., OP1 b. bis.,
#: OP1b. ter. (the paragraph's number and the item's letter written together)
_OP_LETTER: Final = re.compile(
    rf"^OP\s?\d+(?:\s+|\.)?\[?(?P<letter>[a-z]{{1,2}})\.\s?(?P<suffix>alt|Alt|{_SUFFIX})\.?\s+"
    rf"(?P<rest>\S.*)$")
_BRACKET_ITEM: Final = re.compile(
    rf"^(?P<num>(?:\[\d{{1,3}}(?:\s?{_SUFFIX})?\]){{2,}})\.?\s*(?P<rest>\S.*)$")
_NUMBER_ITEM: Final = re.compile(
    rf"^(?P<num>\d{{1,3}}(?:\s?{_SUFFIX})?)\.(?!\d)\s*(?P<rest>\S.*)?$")
_DOTTED_ITEM: Final = re.compile(r"^(?P<num>\d{1,3}\.\d{1,2})\s+(?P<rest>\S.*)$")
_LETTER_ITEM: Final = re.compile(
    r"^(?:\((?P<a>[a-z]{1,2}|[ivxlc]{1,6})\)|(?P<b>[a-z]{1,2}|[ivxlc]{1,6})[.)]"
    r"|(?P<c>(?:\[[a-z]{1,2}\]){2,})\.?)\s+(?P<rest>\S.*)$")
_ROMAN: Final = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
#: Words after which a line-initial number continues the sentence ("paragraph\n2.").
_REFERRING: Final = re.compile(
    r"(?:paragraphs?|articles?|parts?|sections?|annex(?:es)?|resolutions?)$", re.IGNORECASE)


@dataclass
class _Block:
    kind: str  # part, annex, article, preamble, option, common, provision, subprovision,
    #            paragraph, letter, text, bold
    number: str | None
    lines: list[_Line]
    parts: list[str]  # the text, line by line (the first without its number)
    marker_x: float = 0.0

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def line(self) -> int:
        return self.lines[0].number


def _classify(line: _Line) -> tuple[str, str | None, str] | None:
    """What a line that opens a block is: (kind, number, the rest of its text)."""
    text = line.text
    if line.bold:
        for kind, pattern in (("part", _PART), ("article", _ARTICLE),
                              ("article", _CHINESE_ARTICLE)):
            m = pattern.match(text)
            if m:
                if pattern is _CHINESE_ARTICLE and m["kw"] == "部分":
                    kind = "part"
                return kind, normalise_number(m["num"]), m["rest"]
        if _PREAMBLE.match(text):
            return "preamble", None, ""
        m = _ANNEX.match(text)
        if m and (m["num"] or not m["rest"]):
            return "annex", m["num"], m["rest"]
        m = _OPTION.match(text)
        if m:
            kind = "suboption" if m["kw"].lower().startswith("sub") else "option"
            return kind, m["num"], m["rest"] or ""
        if _COMMON.match(text):
            return "common", None, text
        if not _OP_ITEM.match(text):
            m = _PROVISION.match(text)
            if m:
                return "provision", normalise_number(m["num"]), m["rest"]
            m = _SUBPROVISION.match(text)
            if m:
                return "subprovision", m["num"], m["rest"]
    return _item(text) or _bracketed_item(text)


def _item(text: str) -> tuple[str, str | None, str] | None:
    m = _OP_LETTER.match(text)
    if m:
        return "letter", f"{m['letter']} {m['suffix'].lower()}", m["rest"]
    for pattern in (_OP_ITEM, _BRACKET_ITEM, _DOTTED_ITEM):
        m = pattern.match(text)
        if m:
            return "paragraph", " ".join(m["num"].split()), m["rest"] or ""
    m = _NUMBER_ITEM.match(text)
    if m:
        return "paragraph", normalise_number(m["num"]), m["rest"] or ""
    m = _LETTER_ITEM.match(text)
    if m:
        return "letter", m["a"] or m["b"] or m["c"], m["rest"]
    return None


def _bracketed_item(text: str) -> tuple[str, str | None, str] | None:
    """``[1. Parties shall ...]``, ``[[3][2] Where ...``: a whole paragraph in brackets, its
    number inside them (the bracket stays in the text)."""
    if not text.startswith("["):
        return None
    found = _item(text[1:])
    if found is None:
        return None
    return found[0], found[1], "[" + found[2]


_STARTS: Final = {"part", "article", "preamble", "annex", "option", "suboption", "common",
                  "provision", "subprovision", "paragraph", "letter"}


_UNDOTTED: Final = re.compile(r"^(?P<num>\d{1,2})\s+(?P<rest>[A-Z].*)$")


def _blocks(lines: list[_Line], step: float) -> list[_Block]:
    blocks: list[_Block] = []
    last_number = 0  # the last plain paragraph number, for "10 Each Party" without a dot
    for line in lines:
        kind = _classify(line)
        undotted = _UNDOTTED.match(line.text) if kind is None and not line.bold else None
        if undotted and int(undotted["num"]) == last_number + 1:
            kind = ("paragraph", undotted["num"], undotted["rest"])
        if kind is not None and kind[0] == "paragraph" and (kind[1] or "").isdigit():
            last_number = int(kind[1] or 0)
        elif kind is not None and kind[0] in ("part", "article", "provision", "subprovision",
                                              "annex"):
            last_number = 0
        current = blocks[-1] if blocks else None
        previous = current.lines[-1] if current else None
        if kind is not None and current is not None and previous is not None \
                and kind[0] == "paragraph" and not line.bold \
                and _REFERRING.search(previous.text[-16:]) and previous.page == line.page \
                and line.top - previous.bottom < step:
            kind = None  # "referred to in paragraph\n2. ..." goes on
        if kind is not None:
            blocks.append(_Block(kind[0], kind[1], [line], [kind[2]], line.x0))
            continue
        if current is None or previous is None:
            blocks.append(_Block("bold" if line.bold else "text", None, [line], [line.text],
                                 line.x0))
            continue
        same_page = previous.page == line.page
        spaced = same_page and line.top - previous.top > 1.5 * step * previous.span
        ended = previous.text.endswith((".", ",", ";", ":", "]"))
        continuation = [x.x0 for x in current.lines[1:]]
        starts = (
            (line.bold != previous.bold and current.kind not in ("paragraph", "letter"))
            or spaced
            or (ended and current.kind == "text" and line.x0 > previous.x0 + 12
                and (len(current.lines) > 1 or previous.x0 < current.marker_x + 1))
            or (ended and current.kind in ("paragraph", "letter") and continuation
                and line.x0 < min(continuation) - 12)
        )
        if current.kind in ("part", "article", "annex", "provision", "subprovision") \
                and line.bold == previous.bold and not spaced:
            starts = False
        if starts:
            blocks.append(_Block("bold" if line.bold else "text", None, [line], [line.text],
                                 line.x0))
        else:
            current.lines.append(line)
            current.parts.append(line.text)
    return blocks


_WORDS: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _vocabulary(pages: list[list[_Line]]) -> set[str]:
    """Every word the document spells (lower case), hyphenated ones whole."""
    return set(_WORDS.findall("\n".join(line.text for lines in pages for line in lines
                                         ).lower()))


_CUT_WORD: Final = re.compile(r"([^\W\d_]+)[-\u00ad]$")


def _join(parts: list[str], words: set[str]) -> str:
    """The lines of a block as one text: a word cut by a hyphen at a line's end is joined
    without it when the document spells it whole elsewhere."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        m = _CUT_WORD.search(out[-80:])
        n = re.match(r"([^\W\d_]+)", part)
        if m and n:
            whole = (m.group(1) + n.group(1)).lower()
            hyphenated = f"{m.group(1)}-{n.group(1)}".lower()
            if out.endswith("\u00ad") or (whole in words and hyphenated not in words):
                out = out[:-1] + part
            else:
                out = out[:-1] + "-" + part
            continue
        out = f"{out} {part}" if out else part
    return " ".join(out.replace("\u00ad", "-").split())


# --------------------------------------------------------------------------- the tree


@dataclass(eq=False)
class _Node:
    kind: UnitKind
    number: str | None
    heading: str | None
    text: str
    level: int = 0  # sections: depth of nesting; items: 0 paragraph, 1 letter, 2 roman
    role: str = ""
    children: list[_Node] = field(default_factory=list)
    #: sentinels in ``text`` by offset (style changes, footnote anchors); a heading's
    #: footnote anchors at offset 0
    inline: list[tuple[int, str]] = field(default_factory=list)


_SECTION_LEVEL: Final = {"part": 1, "annex": 1, "article": 2, "provision": 2,
                         "subprovision": 3}


class _Builder:
    def __init__(self, words: set[str]) -> None:
        self.words = words
        self.roots: list[_Node] = []
        self.sections: list[_Node] = []  # open sections, outermost first
        self.items: list[_Node] = []  # open paragraph, then its open sub-paragraphs
        self.warnings: list[str] = []
        self.last_heading: _Node | None = None

    def _container(self) -> list[_Node]:
        return self.sections[-1].children if self.sections else self.roots

    def _open(self, node: _Node) -> None:
        if self.sections and self.sections[0].role == "preamble":
            self.sections = []  # a heading ends the preamble
        while self.sections and self.sections[-1].level >= node.level:
            self.sections.pop()
        (self.sections[-1].children if self.sections else self.roots).append(node)
        self.sections.append(node)
        self.items = []

    def _sibling_option(self, number: str | None) -> _Node | None:
        """The open section holding Option N-1, when Option N comes after sub-sections of
        it (the options of a whole provision whose first option has sub-provisions)."""
        if number is None or not number.isdigit() or number == "0":
            return None
        before = str(int(number) - 1)
        for node in reversed(self.sections[:-1]):
            if node.role not in _SECTION_LEVEL:
                continue
            if any(c.role == "option" and c.number == before for c in node.children):
                return node
            if any(c.role == "option" for c in node.children):
                return None
        return None

    def _structural_level(self) -> int:
        return max((s.level for s in self.sections if s.role in _SECTION_LEVEL), default=0)

    def add(self, block: _Block) -> None:
        rich = _join(_rich_parts(block), self.words)
        text, inline = _strip_inline(rich)
        node = self._add(block, text)
        if node is None:
            return
        if node.text == text and text:
            node.inline.extend(inline)
        else:  # a heading: its footnotes on the section, its formatting not kept
            node.inline.extend((0, ch) for _, ch in inline if ord(ch) < _STYLE_BASE)

    def _add(self, block: _Block, text: str) -> _Node | None:
        kind = block.kind
        where = f"page {block.page}, line {block.line}"
        if kind in ("part", "annex", "article", "provision", "subprovision"):
            level = _SECTION_LEVEL[kind]
            if kind == "part" and any(s.role == "annex" for s in self.sections):
                level = 2  # the parts of an annex
            if kind == "article" and not any(s.role == "part" for s in self.sections):
                level = 1
            if kind == "provision" and not any(s.role in ("part", "annex")
                                               for s in self.sections):
                level = 1
            if kind in ("part", "annex", "article"):
                first = block.lines[0].text
                label = first[:len(first) - len(block.parts[0])].strip() if block.parts[0] \
                    else first.strip()
                title = _join(block.parts, self.words)
                heading = f"{label} {title}".strip()
            else:
                heading = text
            node = _Node(UnitKind.SECTION, block.number, heading, "", level, kind)
            self._open(node)
            self.last_heading = node
            return node
        if kind == "preamble":
            self.sections = []
            node = _Node(UnitKind.PREAMBLE, None, _join([block.lines[0].text], self.words),
                         "", 0, "preamble")
            self.roots.append(node)
            self.sections.append(node)
            self.items = []
            return node
        if kind in ("option", "suboption", "common"):
            base = self._structural_level()
            options = [s for s in self.sections if s.role == "option"]
            if kind == "common" and re.search(r"sub-?options?", text, re.IGNORECASE):
                kind = "suboption"  # provisions common to the sub-options of an option
            if kind == "suboption":
                level = (options[-1].level + 1) if options else base + 1
            else:
                level = base + 1
                earlier = self._sibling_option(block.number)
                if earlier is not None:
                    level = earlier.level + 1
                    while self.sections and self.sections[-1] is not earlier:
                        self.sections.pop()
            label = "Sub-option" if kind == "suboption" else "Option"
            heading = text if block.kind == "common" else \
                " ".join(f"{label} {block.number} {text}".split())
            opened = _Node(UnitKind.SECTION, block.number, heading, "", level,
                           "common" if block.kind == "common" else kind)
            self._open(opened)
            return opened
        if kind == "letter":
            number = block.number or ""
            last = self.items[-1] if len(self.items) > 1 else None
            # "(i)" after "(h)" is a letter; "(v)" after "(iv)" and "(ii)" after "(i)" are
            # roman numerals, and so is "(i)" under a letter
            roman = bool(_ROMAN.match(number)) and (
                (last is not None and last.role == "roman")
                or (number == "i" and (last is None or last.number != "(h)")))
            depth = 2 if roman and last is not None else 1
            if roman and last is not None and last.role == "roman":
                depth = last.level
            parent_stack = self.items[:depth]
            if not parent_stack:
                self.warnings.append(f"{where}: a lettered item ({number}) outside any "
                                     "paragraph was read as a paragraph")
                node = _Node(UnitKind.PARAGRAPH, number if number.startswith("[")
                             else f"({number})", None, text)
                self._container().append(node)
                self.items = [node]
                return node
            shown = number if number.startswith("[") else f"({number})"
            node = _Node(UnitKind.SUBPARAGRAPH, shown, None, text, len(parent_stack),
                         "roman" if roman else "letter")
            parent_stack[-1].children.append(node)
            self.items = [*parent_stack, node]
            return node
        if kind == "paragraph":
            node = _Node(UnitKind.PARAGRAPH, block.number, None, text)
            chapeau = self.items[0] if len(self.items) == 1 else None
            self._container().append(node)
            self.items = [node]
            if chapeau is not None and _alternative_chapeau(chapeau, node):
                # "1. ... This may include:" then "OP1 Alt. ... This may include:" then
                # "a." ...: another chapeau for the same list, which stays with the
                # paragraph it was drafted for
                self.items = [chapeau]
            return node
        # unnumbered text, or a bold line that is no heading
        if kind == "bold" and len(self.items) > 1 and self.items[-1].role == "letter" \
                and len(text) <= 60:
            # a note among a paragraph's items ("Additional options"): one of them, so
            # that the items after it stay with their paragraph
            note = _Node(UnitKind.SUBPARAGRAPH, None, None, text, 1, "letter")
            self.items[0].children.append(note)
            self.items = [self.items[0], note]
            return note
        if kind == "bold" and self.last_heading is not None and not self.items \
                and self.sections and self.sections[-1] is self.last_heading \
                and not self.last_heading.children and self.last_heading.role in (
                    "part", "annex", "article"):
            # a Part's or an Article's title, printed on the line below its number
            self.last_heading.heading = f"{self.last_heading.heading} {text}"
            return self.last_heading
        node = _Node(UnitKind.PARAGRAPH, None, None, text)
        self._container().append(node)
        self.items = [node]
        return node


_ALTERNATIVE_OF: Final = re.compile(r"^OP\s?(?P<num>\d+(?:\s?[a-z]+)?)\s?Alt\b\.?(?:\s?\d+)?$")


def _alternative_chapeau(chapeau: _Node, node: _Node) -> bool:
    """Whether ``node`` (``OP1 Alt.``) is another chapeau for the list ``chapeau`` (``1.``,
    ending with a colon, no items yet) opens: both end by announcing a list."""
    m = _ALTERNATIVE_OF.match(node.number or "")
    if m is None or chapeau.children or chapeau.kind is not UnitKind.PARAGRAPH:
        return False
    if normalise_number(" ".join(m["num"].split())) != normalise_number(chapeau.number or ""):
        return False
    return chapeau.text.rstrip("] ").endswith(":") and node.text.rstrip("] ").endswith(":")


def _rich_parts(block: _Block) -> list[str]:
    """The block's parts with their sentinels put back (a part is the end of its line's text:
    the first without its number; what the number carried goes to the part's start)."""
    out: list[str] = []
    for line, part in zip(block.lines, block.parts, strict=False):
        if not line.inline:
            out.append(part)
            continue
        shift = len(line.text) - len(part)
        if shift < 0 or not line.text.endswith(part):
            out.append(part)
            continue
        state = ""
        anchors: list[str] = []
        inline: list[tuple[int, str]] = []
        for at, ch in line.inline:
            if at >= shift:
                inline.append((at - shift, ch))
            elif ord(ch) >= _STYLE_BASE:
                state = ch
            else:
                anchors.append(ch)
        head = [(0, ch) for ch in anchors] + ([(0, state)] if state else [])
        out.append(_with_inline(part, head + inline))
    return out


def _inline_of(node: _Node, anchors: list[_Anchor], footnotes: dict[int, Footnote]
               ) -> tuple[tuple[Mark, ...], tuple[Footnote, ...]]:
    """A node's formatting runs and its footnotes (those :func:`_place_footnotes` found)."""
    if not node.inline:
        return (), ()
    marks: list[Mark] = []
    notes: list[Footnote] = []
    state = 0
    since = {_ITALIC: 0, _BOLD: 0}
    for at, ch in [*node.inline, (len(node.text), _style_char(0))]:
        code = ord(ch)
        if code >= _STYLE_BASE:
            now = code - _STYLE_BASE
            for bit, style in ((_ITALIC, "italic"), (_BOLD, "bold")):
                if now & bit and not state & bit:
                    since[bit] = at
                elif state & bit and not now & bit:
                    marks.append(Mark(since[bit], at, style))  # type: ignore[arg-type]
            state = now
        else:
            found = footnotes.get(code - _ANCHOR_BASE)
            if found is not None:
                notes.append(Footnote(found.mark, min(at, len(node.text)), found.text))
    return _tidy(marks, node.text), tuple(notes)


def _tidy(marks: list[Mark], text: str) -> tuple[Mark, ...]:
    """Runs without the spaces and punctuation at their edges, over words only."""
    out: list[Mark] = []
    for m in marks:
        start, end = m.start, m.end
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if start < end:
            out.append(Mark(start, end, m.style))
    return normalise_marks(out, len(text))


_NO_TEXT: Final = re.compile(r"^\[?No text(?: (?:in|on) [\w -]+)?\.?\]?$", re.IGNORECASE)


def _option_groups(roots: list[_Node]) -> dict[int, OptionRef]:
    """Each Option and Sub-option section's place in its group: the options side by side
    under one parent form a group (a block of common provisions ends it); an option holding
    only "No text." is the no-text alternative (its text, empty, is no paragraph)."""
    refs: dict[int, OptionRef] = {}
    count = 0

    def visit(children: list[_Node]) -> None:
        nonlocal count
        group: str | None = None
        role = ""
        previous = -1
        for child in children:
            if child.role in ("option", "suboption"):
                digits = child.number or ""
                number = int(digits) if digits.isdigit() else None
                if group is None or child.role != role or (
                        number is not None and number <= previous):
                    count += 1
                    group = f"g{count}"
                    role = child.role
                previous = number if number is not None else previous + 1
                label = " ".join((child.heading or "").split()[:2])
                only = child.children[0] if len(child.children) == 1 else None
                no_text = only is not None and only.number is None \
                    and not only.children and bool(_NO_TEXT.match(only.text))
                if no_text:
                    child.children = []
                refs[id(child)] = OptionRef(group, label, no_text)
            elif child.kind is UnitKind.SECTION:
                group = None
            visit(child.children)
        _paragraph_alternatives(children, refs, count_groups)

    def count_groups() -> str:
        nonlocal count
        count += 1
        return f"g{count}"

    visit(roots)
    return refs


_ALT_LABEL: Final = re.compile(
    rf"^(?:OP\s?(?P<of>\d+(?:\s?{_SUFFIX})?)\s?Alt(?![a-z])\.?\s?(?:\d+)?\.?"
    rf"|\((?P<item>[a-z]{{1,2}}) alt\))$", re.IGNORECASE)


def _alternative_of(node: _Node) -> str | None:
    """The number a paragraph or item labelled as an alternative stands for (``OP2 Alt 1``:
    ``2``; ``(c alt)``: ``(c)``), else None."""
    if node.kind not in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH):
        return None
    m = _ALT_LABEL.match(node.number or "")
    if m is None:
        return None
    return f"({m['item']})" if m["item"] else normalise_number(" ".join(m["of"].split()))


def _paragraph_alternatives(children: list[_Node], refs: dict[int, OptionRef],
                            new_group: Any) -> None:
    """A paragraph and the ``OPn Alt.``, ``OPn Alt 2`` paragraphs right after it (its
    alternatives, as the compilations print them) form an option group, each alternative
    labelled as printed; an alternative reading "No text." is the no-text alternative (its
    text, empty, is no paragraph)."""
    k = 0
    while k < len(children):
        head = children[k]
        if head.kind not in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH) or id(head) in refs \
                or head.number is None:
            k += 1
            continue
        own = head.number if head.number.startswith("(") else \
            normalise_number(re.sub(r"^OP\s?", "", head.number))
        run: list[_Node] = []
        for node in children[k + 1:]:
            if _alternative_of(node) != own:
                break
            run.append(node)
        if run:
            group = new_group()
            refs[id(head)] = OptionRef(group, head.number, False)
            for node in run:
                no_text = not node.children and bool(_NO_TEXT.match(node.text))
                if no_text:
                    node.text, node.inline = "", []
                refs[id(node)] = OptionRef(group, node.number or "", no_text)
        k += 1 + len(run)


def _flatten(roots: list[_Node], anchors: list[_Anchor], footnotes: dict[int, Footnote]
             ) -> list[UnitView]:
    units: list[UnitView] = []
    options = _option_groups(roots)

    def visit(node: _Node, parent: str | None, parent_kind: UnitKind | None) -> None:
        key = f"i{len(units) + 1}"
        kind = node.kind
        if kind is UnitKind.PARAGRAPH and parent_kind in (UnitKind.PARAGRAPH,
                                                          UnitKind.SUBPARAGRAPH):
            kind = UnitKind.SUBPARAGRAPH
        if kind is UnitKind.PREAMBLE and parent is not None:
            kind = UnitKind.SECTION
        if kind in (UnitKind.SECTION, UnitKind.PREAMBLE) and parent_kind in (
                UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH):
            kind = UnitKind.SUBPARAGRAPH
        marks, notes = _inline_of(node, anchors, footnotes)
        units.append(UnitView(key, kind, parent, node.number, node.text, node.heading,
                              marks=marks, footnotes=notes, option=options.get(id(node))))
        for child in node.children:
            visit(child, key, kind)

    for root in roots:
        visit(root, None, None)
    return units


# --------------------------------------------------------------------------- footnotes


def _place_footnotes(roots: list[_Node], anchors: list[_Anchor], footnotes: list[_Footnote],
                     words: set[str]) -> tuple[dict[int, Footnote], list[str]]:
    """Each footnote printed at a page's foot paired with its mark in the imported text (the
    first mark with its number, in document order, on that page or the one before): the
    anchors' footnotes by anchor index, and what the preview says of those left over."""
    used: list[int] = []

    def visit(nodes: list[_Node]) -> None:
        for node in nodes:
            used.extend(ord(ch) - _ANCHOR_BASE for _, ch in node.inline
                        if ord(ch) < _STYLE_BASE)
            visit(node.children)

    visit(roots)
    waiting: dict[str, list[int]] = {}
    for index in used:
        waiting.setdefault(anchors[index].mark, []).append(index)
    placed: dict[int, Footnote] = {}
    messages: list[str] = []
    for note in footnotes:
        text = _join(note.text, words)
        candidates = waiting.get(note.mark, [])
        found = next((k for k in candidates if k not in placed
                      and note.page - 1 <= anchors[k].page <= note.page), None)
        if found is not None:
            placed[found] = Footnote(note.mark, 0, text)
            continue
        shown = text if len(text) <= 90 else text[:90].rsplit(" ", 1)[0] + "…"
        marked = next((a for a in reversed(anchors) if a.mark == note.mark
                       and a.page <= note.page), None)
        at = f"page {marked.page}, line {marked.line}" if marked else \
            f"page {note.page}, line {note.line}"
        why = "its mark is in text that was not imported" if marked else \
            "no mark for it was found in the text"
        messages.append(f"{at}: footnote {note.mark} could not be placed ({why}) and was "
                        f"left out: “{shown}” (printed at page {note.page}, line {note.line})")
    return placed, messages


# --------------------------------------------------------------------------- the whole


def _title(pages: list[list[_Line]], dropped: set[tuple[int, int]]) -> str | None:
    """The longest run of bold lines on the first pages that hold text."""
    for lines in pages[:3]:
        runs: list[list[str]] = [[]]
        size, top = 0.0, 0.0
        for line in lines:
            if (line.page, line.number) in dropped:
                continue
            together = abs(line.size - size) <= 0.5 and line.top - top <= 2.5 * line.size
            if line.bold and (not runs[-1] or together):
                runs[-1].append(line.text)
            elif runs[-1]:
                runs.append([line.text] if line.bold else [])
            size, top = line.size, line.top
        best = max((" ".join(" ".join(run).split()) for run in runs), key=len)
        if len(best) >= 12:
            return best[:300]
    return None


def _step(pages: list[list[_Line]]) -> float:
    steps = [b.top - a.top for lines in pages for a, b in pairwise(lines)
             if 0 < b.top - a.top < 40]
    return statistics.median(steps) if steps else 12.0


def parse_pdf(data: bytes) -> Parsed:
    """Read a PDF's text layer into units (see the module docstring). Raises Invalid for a
    file that is not a PDF, cannot be read, has no text layer or no numbered text."""
    pages, anchors = _read(data)
    if not any(pages):
        raise Invalid("The PDF has no text layer (a scan?): nothing can be read from it.",
                      details={"field": "content"})
    dropped, warnings = _furniture(pages)
    body = _body_size(pages)
    step = _step(pages)
    lines: list[_Line] = []
    footnotes: list[_Footnote] = []
    contents = 0
    for page in pages:
        kept = [x for x in page if (x.page, x.number) not in dropped]
        leaders = sum(1 for x in kept if ("....." in x.text or "\u2026\u2026" in x.text)
                      and _DOT_LEADER.search(x.text))
        if leaders >= 3 and leaders >= 0.3 * len(kept):
            contents += 1
            warnings.append(f"page {page[0].page}: a table of contents ({len(kept)} lines) "
                            "was left out")
            continue
        text, notes = _split_footnotes(kept, body)
        lines.extend(text)
        footnotes.extend(notes)
    blocks = _blocks(lines, step)
    start = next((k for k, b in enumerate(blocks) if b.kind in ("part", "article",
                                                                "preamble")), None)
    if start is None:
        start = next((k for k, b in enumerate(blocks) if b.kind in ("paragraph",
                                                                    "provision")), 0)
    if start:
        first = blocks[0]
        skipped = sum(len(b.lines) for b in blocks[:start])
        warnings.append(f"page {first.page}, line {first.line}: {skipped} lines before the "
                        f"text itself (page {blocks[start].page}, line {blocks[start].line}) "
                        "were not imported (cover page, notes, title)")
    words = _vocabulary(pages)
    builder = _Builder(words)
    for block in blocks[start:]:
        builder.add(block)
    placed, unplaced = _place_footnotes(builder.roots, anchors, footnotes, words)
    units = _flatten(builder.roots, anchors, placed)
    if not units:
        raise Invalid("No numbered paragraphs or headings were found in the PDF.",
                      details={"field": "content"})
    warnings.extend(unplaced)
    return Parsed(_title(pages, dropped), units, [*warnings, *builder.warnings])
