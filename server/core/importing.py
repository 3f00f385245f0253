"""Importing a negotiated text, as plain text or Markdown, into units.

The result is a tree of :class:`ParsedUnit` (``preamble`` > ``paragraph``; ``section`` >
``section`` > ``paragraph`` > ``subparagraph`` > ...), plus warnings with their line. How the
text is read:

* **Markdown** is read by a CommonMark parser (markdown-it-py with the footnote and front
  matter plugins, :mod:`server.core.markdown_import`): emphasis becomes the unit's ``marks``
  (``*Recalling*`` an italic run over "Recalling"), escapes, code, links and images keep their
  words, front matter gives the title, link reference definitions and kramdown's TOC and
  attribute lists are dropped, HTML comments are dropped with a warning, styling tags are
  dropped and their words kept, struck-through text (``<del>``, ``<s>``, ``~~``) is dropped as
  deleted with a warning quoting it, ``[^5]`` becomes a :class:`Footnote` anchored where the
  mark was (the definitions are never units). ATX and setext headings are sections, nested by
  level; a line wholly in bold (``**Mobilization**``) is a sub-section heading, and a
  paragraph whose first block is wholly bold (``1. **Collective long-term goal**``) has it as
  its heading. The numbering rules below run on the lines of the parser's blocks.
* **Both formats**: editorial notes leave the text for ``notes``: placement notes in braces
  (``{Placement to be decided}``) and bracketed notes (``[Note: ...]``, an italic bracketed
  note); a line on its own such as ``Article 3bis``, ``Objective 3: ...``, ``Chapter IV``,
  ``Section A``, ``A. Adoption`` (and the French, Spanish, Russian, Arabic and Chinese
  keywords) is a section heading; ``Preamble`` on its own opens the preamble. In plain text a
  bare ``PART I`` or ``Article 1`` heads a section even with no blank line after it (an
  all-capitals line under it is its title).
* **Paragraphs** are numbered ``1.``, ``1)``, ``12 bis.``, ``3bis.``, ``12 alt`` (``PP``/``OP``
  prefixes allowed), or unnumbered blocks of text (preambular paragraphs, chapeaux).
  A numbered item indented deeper than the paragraph it follows, a lettered item ``(a)``,
  ``a)``, ``a.``, ``(a bis)``, a roman item ``(iv)`` or a bullet is a **subparagraph**, nested
  by indentation and marker. A ``bis``/``ter``/``alt`` number is always a paragraph.
  Text indented under an item belongs to it; text directly following a line (no blank
  line) continues it; other text starts a new unnumbered paragraph.
* **Options** (``Option 1:``, ``**Option 2**``, ``Option A``, ``Option II``, ``Alt 1``,
  ``Alternative 2 (paragraphs 4-5):``; without a colon only in bold or alone on the line):
  a label alone on its line makes the paragraphs (or articles) that follow one alternative of
  an option group (``option``; the label leaves the text), up to the next label, the
  paragraphs it names, or for the last alternative of articles the articles the others had;
  ``No text`` under a label is an alternative with ``no_text``. A paragraph whose
  alternatives each have their own list (several chapeaux) gets them as sub-units, each with
  its list. Other alternatives written inside one unit's blocks (``2. **Option 1:** ...``,
  a chapeau completed by ``**Option 1:** below 2 °C``) are alternatives of its words and
  stay its text, label included, as brackets do; an ``Option N:`` block that no item claims
  joins the unit holding ``Option N-1``.
* **Preamble**: an explicit ``Preamble`` heading; otherwise the unnumbered text between the
  title and the first operative section or numbered paragraph; in a draft decision, "The
  Conference of the Parties," (or "The General Assembly,"...) opens the decision's preamble
  wherever it stands. Text before the title (or between the title and an explicit preamble)
  is returned as ``front_text``, with a warning.
* **Title**: a level-1 heading, or the first heading when an explicit preamble follows it,
  else the front matter title; in plain text, a short first line without final punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from server.core.brackets import find_options
from server.core.markdown_import import Rich, SourceLine, join, plain_line, read_markdown
from server.core.richtext import EditorialNote, Footnote, Mark, OptionRef
from server.core.text import UnitKind, UnitView

__all__ = [
    "FlatUnit",
    "ImportResult",
    "ImportWarning",
    "ParsedUnit",
    "UnitKindName",
    "import_text",
    "normalise_number",
    "number_sort_key",
]

UnitKindName = Literal["preamble", "section", "paragraph", "subparagraph"]


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """One unit of an imported text.

    ``kind``: ``preamble`` (the preamble container), ``section`` (a heading: article,
    objective, chapter, or a bold sub-heading), ``paragraph`` or ``subparagraph``.
    ``number``: the display number, normalised (``"3 bis"``, ``"a"``, ``"IV"``), or None.
    ``heading``: a section's heading text, or a paragraph's bold title
    (``1. **Collective long-term goal**``); None when there is none.
    ``text``: the unit's own text, without its children's (blocks separated by ``"\\n"``);
    Markdown mark-up removed, brackets and option labels kept. ``depth``: 0 at top level,
    parent's depth + 1 below. ``line``: 1-based line of the source where the unit starts.
    """

    kind: UnitKindName
    number: str | None
    heading: str | None
    text: str
    depth: int
    children: tuple[ParsedUnit, ...] = ()
    line: int = 0
    #: Formatting, footnotes, editorial notes and option group (:mod:`server.core.richtext`),
    #: offsets into ``text``.
    marks: tuple[Mark, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[EditorialNote, ...] = ()
    option: OptionRef | None = None

    def walk(self) -> Iterator[ParsedUnit]:
        """This unit and all its descendants, depth-first in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something odd in the source: ``line`` is 1-based (0 when not tied to a line)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class FlatUnit:
    """A unit in document order with the index of its parent in the same list (or None)."""

    index: int
    parent: int | None
    unit: ParsedUnit


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The units of an imported text (top-level units in order), its title, the text found
    before the body (``front_text``, not made into units) and warnings."""

    title: str | None
    units: tuple[ParsedUnit, ...]
    warnings: tuple[ImportWarning, ...]
    front_text: str = ""

    def walk(self) -> Iterator[ParsedUnit]:
        """Every unit, depth-first in document order."""
        for unit in self.units:
            yield from unit.walk()

    def flat(self) -> list[FlatUnit]:
        """Every unit in document order, each with its parent's index (parents come first)."""
        out: list[FlatUnit] = []

        def visit(unit: ParsedUnit, parent: int | None) -> None:
            index = len(out)
            out.append(FlatUnit(index, parent, unit))
            for child in unit.children:
                visit(child, index)

        for unit in self.units:
            visit(unit, None)
        return out


# --------------------------------------------------------------------------- numbers

_SUFFIXES: Final = (
    "alt",
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
)
_SUFFIX_RANK: Final = {s: i + 1 for i, s in enumerate(_SUFFIXES)}
_SUFFIX_ALT: Final = "|".join(_SUFFIXES)
_NUMBER_RE: Final = re.compile(
    rf"^(?P<n>\d+)(?P<suf>(?:\s*(?:{_SUFFIX_ALT})(?![^\W\d_]))*)(?P<rest>.*)$", re.IGNORECASE
)
_ROMAN_RE: Final = re.compile(
    r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$"
)
_ROMAN_VALUES: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def normalise_number(s: str) -> str:
    """Normalise a display number: ``"3bis"`` -> ``"3 bis"``, ``"12  Ter."`` -> ``"12 ter"``,
    ``"12 alt"`` kept, ``"(a)"`` -> ``"a"``, ``"IV"`` kept.

    Guarantees: surrounding whitespace, brackets/parentheses and a trailing ``.``, ``)`` or
    ``:`` are removed; inner whitespace is collapsed to single spaces; ``bis``/``ter``/...
    /``alt`` suffixes are lower-cased and separated from the number by one space; the
    result is idempotent (``normalise_number(normalise_number(s)) == normalise_number(s)``).
    Never raises.
    """
    t = " ".join(s.split())
    t = t.strip("[]")
    while t and t[-1] in ".):":
        t = t[:-1].rstrip()
    t = t.strip("([])").strip()
    m = _NUMBER_RE.match(t)
    if m and m.group("suf"):
        suffixes = [x.lower() for x in re.findall(_SUFFIX_ALT, m.group("suf"), re.IGNORECASE)]
        rest = m.group("rest").strip()
        t = " ".join([m.group("n"), *suffixes, *([rest] if rest else [])])
    return t


def _roman_value(s: str) -> int:
    total = 0
    for i, ch in enumerate(s):
        value = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[s[i + 1]] if i + 1 < len(s) else 0
        total += -value if value < nxt else value
    return total


def number_sort_key(s: str) -> tuple[int, int, tuple[int, ...], str]:
    """A key that orders display numbers as a reader expects.

    Guarantees: ``12 < 12 alt < 12 bis < 12 ter < 12 quater < 13``; ``2 < 10``; upper-case
    roman numerals by value (``IV < IX``); letters ``a < b < ... < z < aa``; anything else
    after them, alphabetically. Keys of any two strings are comparable. Never raises.
    """
    t = normalise_number(s)
    m = _NUMBER_RE.match(t)
    if m:
        suffixes = tuple(
            _SUFFIX_RANK[x.lower()] for x in re.findall(_SUFFIX_ALT, m.group("suf"), re.I)
        )
        return (0, int(m.group("n")), suffixes, m.group("rest").strip())
    if t and _ROMAN_RE.match(t):
        return (1, _roman_value(t), (), "")
    if t.isalpha() and t.isascii() and t.islower():
        return (2, len(t), (), t)
    return (3, 0, (), t)


# --------------------------------------------------------------------------- markdown

_BOLD_LINE: Final = re.compile(r"^(?P<m>\*\*|__)(?P<t>(?:(?!(?P=m)).)+)(?P=m)[:.]?$")
_TOC: Final = re.compile(r"^\s*(?:[*+-]|1\.)\s+TOC\s*$")


def _plain(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------- line events

_PREAMBLE_WORDS: Final = {
    "preamble",
    "préambule",
    "preámbulo",
    "преамбула",
    "الديباجة",
    "ديباجة",
    "序言",
    "序言部分",
}
_KEYWORDS: Final = (
    r"Articles?|Objectives?|Sections?|Chapters?|Parts?|Annex(?:es)?|Appendix|Titles?|Clusters?"
    r"|Chapitre|Objectif|Partie|Annexe|Titre"
    r"|Art[íi]culo|Objetivo|Secci[óo]n|Cap[íi]tulo|Parte|Anexo|T[íi]tulo"
    r"|Статья|Цель|Раздел|Глава|Часть|Приложение"
    r"|المادة|الهدف|الفرع|الفصل|الجزء|المرفق"
)
_KEYWORD_HEADING: Final = re.compile(
    rf"^\[?\s*(?P<kw>{_KEYWORDS})\s+(?P<num>\d+(?:\s*(?:{_SUFFIX_ALT})(?![^\W\d_]))*"
    rf"|[IVXLC]+(?![^\W_])|[A-Z](?![^\W_]))\]?(?P<rest>.*)$",
    re.IGNORECASE,
)
_BARE_ANNEX: Final = re.compile(
    r"^\[?\s*(?P<kw>Annex|Annexe|Anexo|Appendix|Приложение|المرفق)\]?\s*(?:[:.(\u2013\u2014-].*)?$",
    re.IGNORECASE,
)
_KEYWORD_RANKS: Final = (
    # 1: parts and annexes; 2: chapters and titles; 3: sections; 4: articles, objectives...
    (
        1,
        re.compile(
            r"parts?|partie|parte|часть|الجزء|部分|annex(?:es|e)?|anexo|appendix|приложение|المرفق"
        ),
    ),
    (2, re.compile(r"chapters?|chapitre|cap[íi]tulo|глава|الفصل|章|titles?|titre|t[íi]tulo")),
    (3, re.compile(r"sections?|secci[óo]n|раздел|الفرع|节")),
)


def _keyword_rank(family: str) -> int:
    keyword = family.removeprefix("kw:")
    for rank, pattern in _KEYWORD_RANKS:
        if pattern.fullmatch(keyword):
            return rank
    return 4


_CHINESE_HEADING: Final = re.compile(
    r"^\[?\s*第\s*(?P<num>[\d一二三四五六七八九十百零\u3007]+)\s*(?P<kw>条|章|节|部分)"
)
_NUMBERED_HEADING: Final = re.compile(
    rf"^(?P<num>\d+(?:\s*(?:{_SUFFIX_ALT}))*|[IVXLC]+)[.)]\s+(?P<rest>\S.*)$"
)
_PARA_ITEM: Final = re.compile(
    rf"^(?:(?:PP|OP)\s*)?(?P<num>\d{{1,3}})"
    rf"(?:(?P<suf>(?:\s*(?:{_SUFFIX_ALT})(?![^\W\d_]))+)\s*(?P<p1>[.):])?|(?P<p2>[.)]))"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
_LETTER_ITEM: Final = re.compile(
    r"^(?:\((?P<a>[a-zA-Z]{1,2}|[ivxlc]{1,6})\)|(?P<b>[a-zA-Z]{1,2}|[ivxlc]{1,6})\)"
    r"|(?P<c>[a-z])\.)(?:\s+|$)"
)
_LETTER_BIS: Final = re.compile(
    rf"^(?:\((?P<t>[a-z]{{1,2}})\s*(?P<s>{_SUFFIX_ALT})\)|\((?P<t2>[a-z]{{1,2}})\)\s*"
    rf"(?P<s2>{_SUFFIX_ALT})(?![^\W\d_]))(?:\s+|$)"
)
_BULLET_ITEM: Final = re.compile(r"^(?P<m>[-*+\u2022\u2013])(?:\s+|$)")
_ROMAN_LOWER: Final = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


@dataclass(slots=True)
class _Heading:
    line: int
    level: float
    raw: str
    family: str  # "atx", "preamble", "bold", "kw:<keyword>"
    implicit: bool = False


@dataclass(slots=True)
class _OptionLabel:
    line: int
    raw: Rich
    indent: int = 0


@dataclass(slots=True)
class _Item:
    line: int
    indent: int
    marker: str  # "para", "letter", "roman", "bullet"
    number: str | None
    suffixed: bool
    content: Rich


@dataclass(slots=True)
class _Text:
    line: int
    indent: int
    content: Rich
    lazy: bool


@dataclass(slots=True)
class _Blank:
    line: int


_Event = _Heading | _OptionLabel | _Item | _Text | _Blank

#: An option label: ``Option 1:``, ``**Option 2**``, ``Option A``, ``Option II``, ``Alt 1``,
#: ``Alternative 2 (paragraphs 3-5):``. Without a colon it must be bold or alone on its line
#: (``Option 1 of the Convention`` is prose).
_OPTION_LABEL: Final = re.compile(
    r"^\[?(?P<label>(?:[Oo]ption|OPTION|[Oo]pci[óo]n|Вариант|ВАРИАНТ|Alt(?:ernative)?|ALT)"
    r"\s*(?P<n>\d{1,3}|[IVX]{1,5}|[A-H])(?:\s*(?:bis|ter))?)(?![^\W_])\]?"
    r"(?:\s*\((?P<covers>[^()]{1,80})\))?"
    r"(?P<colon>\s*[:\uff1a]+|\s*[.\u2013\u2014-](?=\s|$))?\s*"
)
_NO_TEXT: Final = re.compile(r"^\[?\s*no\s+text\s*\.?\s*\]?\.?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Label:
    label: str
    end: int
    ordinal: int
    #: the numbers of the paragraphs or articles the label names (``(paragraphs 4-5)``)
    covers: frozenset[str] = frozenset()


def _covered(text: str | None) -> frozenset[str]:
    """``"paragraphs 4-5"`` -> {"4", "5"}; ``"Articles 7 and 9"`` -> {"7", "9"}."""
    if not text:
        return frozenset()
    out: set[str] = set()
    for m in re.finditer(r"(\d{1,3})(?:\s*[-\u2013\u2014]\s*|\s+to\s+)(\d{1,3})|(\d{1,3})", text):
        if m.group(1):
            low, high = int(m.group(1)), int(m.group(2))
            if low <= high <= low + 100:
                out.update(str(n) for n in range(low, high + 1))
        else:
            out.add(m.group(3))
    return frozenset(out)


def _option_label(content: Rich) -> _Label | None:
    """The option label ``content`` starts with, if it is one (see ``_OPTION_LABEL``)."""
    text = content.text
    m = _OPTION_LABEL.match(text)
    if m is None:
        return None
    rest = text[m.end():].strip()
    if not m.group("colon") and rest and not content.styled(0, m.end("label"), "bold"):
        return None
    n = m.group("n")
    if n.isdigit():
        ordinal = int(n)
    elif len(n) == 1 and n not in "IVX":
        ordinal = ord(n) - ord("A") + 1
    else:
        ordinal = _roman_value(n) if _ROMAN_RE.match(n) else 0
    return _Label(" ".join(m.group("label").split()), m.end(), ordinal,
                  _covered(m.group("covers")))


def _is_option_label_only(content: Rich) -> bool:
    """A label alone on its line, or followed only by "No text" (``Option 3: No text``)."""
    found = _option_label(content)
    if found is None:
        return False
    rest = content.text[found.end:].strip()
    return not rest or bool(_NO_TEXT.match(rest))


def _is_no_text_label(content: Rich) -> bool:
    found = _option_label(content)
    return found is not None and bool(_NO_TEXT.match(content.text[found.end:].strip()))


def _starts_with_option(content: Rich) -> int:
    """The ordinal of the option label ``content`` starts with, or 0."""
    found = _option_label(content)
    return found.ordinal if found else 0


def _last_option(content: Rich) -> int:
    found = _option_label(content)
    if found is not None:
        return found.ordinal
    markers = find_options(content.text)
    return markers[-1].ordinal if markers else 0


# --------------------------------------------------------------------------- builder


def _empty(node: _Node) -> bool:
    """A unit with no words of its own, or only "No text"."""
    text = " ".join(r.text for b in node.blocks for r in b).strip()
    return not node.children and (not text or bool(_NO_TEXT.match(text)))


def _base(number: str) -> str:
    """``"12 bis"`` -> ``"12"``."""
    return number.split(" ")[0]


def _later(number: str, bases: set[str]) -> bool:
    """Whether paragraph ``number`` comes after every number in ``bases`` (digits only)."""
    digits = [int(b) for b in bases if b.isdigit()]
    base = _base(number)
    return bool(digits) and base.isdigit() and int(base) > max(digits)


@dataclass(eq=False, slots=True)
class _Node:
    kind: UnitKindName
    number: str | None
    line: int
    indent: int = 0
    marker: str = ""
    level: float = 0.0
    heading: str | None = None
    implicit: bool = False
    blocks: list[list[Rich]] = field(default_factory=list)
    block_lines: list[int] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    #: an option label that stood alone on its line before this unit: the unit is (the
    #: start of) that alternative
    label: _Label | None = None
    option: OptionRef | None = None


_DECISION_CHAPEAU: Final = re.compile(
    r"^The\s+(?:Conference\s+of\s+the\s+Parties|General\s+Assembly|Security\s+Council"
    r"|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|Meeting\s+of\s+the"
    r"\s+Parties|Governing\s+(?:Council|Body)|Executive\s+Board|Commission|Assembly"
    r"|Council)\b[^.;:]{0,160},$"
)
_PREAMBULAR_CUT: Final = re.compile(
    r",\s+(?=(?:Also\s+|Further\s+)?(?:Recalling|Recognizing|Recognising|Stressing|Conscious"
    r"|Affirming|Reaffirming|Mindful|Desiring|Acknowledging|Respecting|Committed|Aspiring"
    r"|Noting|Emphasizing|Emphasising|Welcoming|Bearing\s+in\s+mind|Convinced|Determined"
    r"|Concerned|Deeply\s+concerned|Considering|Taking\s+into\s+account|Guided|Underlining"
    r"|Expressing|Having\s+(?:considered|regard)|Have\s+agreed|Agree|Resolved|Seeking)\b)"
)
_LETTER_SECTION: Final = re.compile(r"^(?P<num>[A-Z])\.\s+(?P<rest>[^\W\d_][^.;]{0,120})$")


class _Importer:
    def __init__(self, source: str, fmt: Literal["markdown", "text"]) -> None:
        self.markdown = fmt == "markdown"
        self.warnings: list[ImportWarning] = []
        self.title: str | None = None
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        self.raw_lines = text.split("\n")
        self.footnotes: dict[str, str] = {}
        self.front_lines: list[str] = []
        self.source_lines: list[SourceLine | None]
        if self.markdown:
            doc = read_markdown(text)
            self.title = doc.title
            self.footnotes = doc.footnotes
            self.warnings.extend(ImportWarning(line, message) for line, message in doc.warnings)
            self.source_lines = doc.lines
            self._drop_toc()
        else:
            self.source_lines = self._plain_lines(text.split("\n"))
        # builder state
        self.roots: list[_Node] = []
        self.sections: list[_Node] = []
        self.items: list[_Node] = []
        self.lazy: _Node | None = None
        self.pending: list[Rich] = []
        self.pending_line = 0
        self.pending_label: _Label | None = None
        self.holder: tuple[_Node, int] | None = None
        self.groups = 0

    # ---------------------------------------------------------------- preprocessing

    @staticmethod
    def _plain_lines(lines: list[str]) -> list[SourceLine | None]:
        out: list[SourceLine | None] = []
        previous_blank = True
        for i, raw in enumerate(lines):
            line = raw.expandtabs(4).rstrip()
            if not line.strip():
                out.append(None)
                previous_blank = True
                continue
            next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
            content = plain_line(line.strip()).collapse()
            out.append(SourceLine(i + 1, len(line) - len(line.lstrip(" ")), line.strip(),
                                  content, block_start=previous_blank,
                                  alone=previous_blank and next_blank))
            previous_blank = False
        return out

    def _drop_toc(self) -> None:
        """kramdown's table of contents (``* TOC`` then ``{:toc}``) is furniture."""
        for i, sl in enumerate(self.source_lines):
            if (sl is not None and _TOC.match(sl.raw) and i + 1 < len(self.raw_lines)
                    and "{:toc}" in self.raw_lines[i + 1]):
                self.source_lines[i] = None

    # ---------------------------------------------------------------- events

    def _events(self) -> list[_Event]:
        events: list[_Event] = []
        after_heading = False
        lines = self.source_lines
        skip = -1
        for i, sl in enumerate(lines):
            if i == skip:
                continue
            if sl is None:
                events.append(_Blank(i + 1))
                after_heading = False
                continue
            event = self._classify(sl, after_heading)
            word, _, rest = sl.content.text.partition(" ")
            if (isinstance(event, _Text) and not event.lazy and not self.markdown and rest
                    and self._is_preamble(word)):
                # "PREAMBLE The Parties to this Agreement, ..." on one line
                events.append(_Heading(sl.line, 0.0, word, "preamble"))
                event = _Text(sl.line, sl.indent, sl.content.cut(len(word) + 1), lazy=False)
            elif isinstance(event, _Text) and not event.lazy and not self.markdown:
                heading = self._bare_heading(sl, lines[i + 1] if i + 1 < len(lines) else None)
                if heading is not None:
                    event, joined = heading
                    if joined:
                        skip = i + 1
            events.append(event)
            after_heading = isinstance(event, _Heading)
        return events

    def _bare_heading(self, sl: SourceLine, nxt: SourceLine | None
                      ) -> tuple[_Heading, bool] | None:
        """Plain text pasted from a PDF: ``PART I`` then ``GENERAL PROVISIONS`` on the next
        line, or ``Article 1`` over its first words, with no blank line between."""
        m = _KEYWORD_HEADING.match(sl.content.text)
        if m is None or m.group("rest").strip():
            return None
        kw = m.group("kw").casefold()
        title = nxt.content.text if nxt is not None else ""
        if title and len(title) <= 160 and title.upper() == title and any(
                ch.isalpha() for ch in title):
            return _Heading(sl.line, 0.0, f"{sl.content.text} {title}", f"kw:{kw}"), True
        return _Heading(sl.line, 0.0, sl.content.text, f"kw:{kw}"), False

    def _classify(self, sl: SourceLine, after_heading: bool) -> _Event:
        content = sl.content
        text = content.text
        block_start = sl.block_start or after_heading
        if sl.heading:
            family = "preamble" if self._is_preamble(text) else "atx"
            return _Heading(sl.line, float(sl.heading), text, family)
        if sl.alone and block_start:
            if self._is_preamble(text):
                return _Heading(sl.line, 0.0, text, "preamble")
            kw = self._keyword(text)
            if kw is not None:
                return _Heading(sl.line, 0.0, text, f"kw:{kw}")
            if _LETTER_SECTION.match(text) and not text.endswith((",", ";")):
                return _Heading(sl.line, 0.0, text, "kw:section")
            if _is_option_label_only(content):
                return _OptionLabel(sl.line, content, sl.indent)
            if self.markdown and content.wholly("bold") and _option_label(content) is None:
                return _Heading(sl.line, 0.0, text, "bold")
        item = self._item(sl)
        if item is not None:
            return item
        return _Text(sl.line, sl.indent, content, lazy=not block_start)

    @staticmethod
    def _clean(s: str) -> str:
        return _plain(s)

    def _is_preamble(self, text: str) -> bool:
        t = self._clean(text).strip("[]:.# ").casefold()
        return t in _PREAMBLE_WORDS

    def _keyword(self, content: str) -> str | None:
        text = self._clean(content)
        if len(text) > 160 or text.endswith((",", ";")):
            return None
        m = _KEYWORD_HEADING.match(text)
        if m:
            rest = m.group("rest")
            stripped = rest.strip()
            if not stripped or stripped[0] in ":.-\u2013\u2014(*[":
                return m.group("kw").casefold()
            if rest[0].isspace() and not (stripped[0].isalpha() and stripped[0].islower()):
                # "Objective 3 Provide ..." but not "Article 4 of the Convention applies"
                return m.group("kw").casefold()
            return None  # "Article 4, paragraph 9, of the Convention"
        m = _CHINESE_HEADING.match(text)
        if m:
            return m.group("kw")
        m = _BARE_ANNEX.match(text)
        if m:
            return m.group("kw").casefold()
        return None

    def _item(self, sl: SourceLine) -> _Item | None:
        content = sl.content
        text = content.text

        def written(end: int) -> bool:
            # the marker is in the source as written (``1\\.`` escapes a number)
            return sl.raw.startswith(text[:end].rstrip()) or not self.markdown

        m = _PARA_ITEM.match(text)
        if m and written(m.end()):
            suf = m.group("suf") or ""
            number = normalise_number(m.group("num") + suf)
            return _Item(sl.line, sl.indent, "para", number, bool(suf.strip()),
                         content.cut(m.end()))
        m = _LETTER_BIS.match(text)
        if m and written(m.end()):
            number = f"{m.group('t') or m.group('t2')} {m.group('s') or m.group('s2')}"
            return _Item(sl.line, sl.indent, "letter", number.lower(), True,
                         content.cut(m.end()))
        m = _LETTER_ITEM.match(text)
        if m and written(m.end()):
            token = m.group("a") or m.group("b") or m.group("c") or ""
            # "(ii)", "(iv)", "(i)" are roman; "(c)", "(cc)", "(l)" are letters; "(v)" and "(x)"
            # are decided by the item before them (see _open_item)
            roman = token == "i" or (
                len(token) > 1
                and _ROMAN_LOWER.match(token) is not None
                and not set(token) & set("cl")
            )
            marker = "roman" if roman else "letter"
            return _Item(sl.line, sl.indent, marker, token, False, content.cut(m.end()))
        m = _BULLET_ITEM.match(text)
        if m and written(m.end()):
            return _Item(sl.line, sl.indent, "bullet", None, False, content.cut(m.end()))
        return None

    # ---------------------------------------------------------------- regions

    def _plan(self, events: list[_Event]) -> list[_Event]:
        """Find the title, the front text and the implicit preamble."""
        headings = [i for i, e in enumerate(events) if isinstance(e, _Heading)]
        explicit: int | None = None
        for i in headings:
            ev = events[i]
            if isinstance(ev, _Heading) and ev.family == "preamble":
                explicit = i
                break
        title_at: int | None = None
        if self.markdown and headings:
            first = events[headings[0]]
            assert isinstance(first, _Heading)
            if (
                first.family == "atx"
                and self._heading_number(first) is None
                and (first.level == 1 or (explicit is not None and headings[0] < explicit))
            ):
                title_at = headings[0]
                self.title = self._clean(first.raw) or self.title
        elif not self.markdown:
            title_at = self._plain_title(events)
        body_from = 0 if title_at is None else title_at + 1
        front: list[int] = list(range(body_from - 1)) if title_at is not None else []
        if explicit is not None:
            front += [i for i in range(body_from, explicit) if isinstance(events[i], _Text | _Item)]
            if title_at is None:
                front += [
                    i for i in range(0, explicit) if isinstance(events[i], _Heading | _OptionLabel)
                ]
        front_set = set(front)
        kept: list[_Event] = []
        for i, e in enumerate(events):
            if i == title_at:
                kept.append(_Blank(e.line))
                continue
            if i in front_set and not isinstance(e, _Blank):
                if isinstance(e, _Text | _Item | _OptionLabel):
                    raw = e.content if isinstance(e, _Text | _Item) else e.raw
                    self.front_lines.append(raw.text)
                elif isinstance(e, _Heading):
                    self.front_lines.append(e.raw)
                continue
            kept.append(e)
        if self.front_lines:
            self.warnings.append(
                ImportWarning(
                    0,
                    f"{len(self.front_lines)} line(s) before the body (before the title or "
                    "preamble) were kept as front text, not as units",
                )
            )
        if explicit is None:
            kept = self._implicit_preamble(kept)
        return kept

    def _plain_title(self, events: list[_Event]) -> int | None:
        for i, e in enumerate(events):
            if isinstance(e, _Blank):
                continue
            if not isinstance(e, _Text) or e.lazy:
                return None
            nxt = events[i + 1] if i + 1 < len(events) else None
            if nxt is not None and not isinstance(nxt, _Blank):
                return None
            text = e.content.text
            rest = [x for x in events[i + 1 :] if not isinstance(x, _Blank)]
            short = len(text) <= 150 or (len(text) <= 300 and text.upper() == text)
            if short and not text.endswith((",", ";", ":", ".")) and rest:
                self.title = text
                return i
            return None
        return None

    def _implicit_preamble(self, events: list[_Event]) -> list[_Event]:
        first_text = next(
            (i for i, e in enumerate(events) if not isinstance(e, _Blank)),
            None,
        )
        if first_text is None:
            return events
        e = events[first_text]
        if not isinstance(e, _Text | _OptionLabel | _Item) or (
            isinstance(e, _Item) and e.marker == "para"
        ):
            return events
        operative = next(
            (
                i
                for i, x in enumerate(events)
                if isinstance(x, _Heading) or (isinstance(x, _Item) and x.marker == "para")
            ),
            None,
        )
        if operative is None:
            return events
        marker = _Heading(e.line, 0.0, "", "preamble", implicit=True)
        return [*events[:first_text], marker, *events[first_text:]]

    # ---------------------------------------------------------------- building

    def _heading_number(self, h: _Heading) -> str | None:
        text = self._clean(h.raw)
        m = _KEYWORD_HEADING.match(text)
        if m:
            return normalise_number(m.group("num"))
        m = _CHINESE_HEADING.match(text)
        if m:
            return m.group("num")
        m = _NUMBERED_HEADING.match(text)
        if m:
            return normalise_number(m.group("num"))
        m = _LETTER_SECTION.match(text)
        if m and h.family == "kw:section":
            return m.group("num")
        return None

    def _continues_a_group(self, content: Rich) -> bool:
        """Whether the label ``content`` follows the alternative before it (``Option 3`` after
        an ``Option 2`` that stood alone on its line): only then is its "No text" an
        alternative of its own; else it stays in the text, as labels written in a unit do."""
        label = _option_label(content)
        if label is None or label.ordinal < 2:
            return False
        if self.pending:
            return True
        if self.sections and self.sections[-1].label is not None:
            return self.sections[-1].label.ordinal == label.ordinal - 1
        for node in reversed(self._container_children()):
            if node.label is not None:
                return node.label.ordinal == label.ordinal - 1
        return False

    def _container_children(self) -> list[_Node]:
        return self.sections[-1].children if self.sections else self.roots

    def _take_pending(self, keep_last: bool) -> _Label | None:
        """Option labels that stood alone on their lines: all but the last (or all) are
        alternatives with no text; the last is returned for the unit that follows."""
        labels = [lab for lab in (_option_label(r) for r in self.pending) if lab is not None]
        self.pending.clear()
        last = labels.pop() if keep_last and labels else None
        for lab in labels:
            node = _Node("paragraph", None, self.pending_line, marker="text", label=lab)
            self._container_children().append(node)
        return last

    def _flush_pending(self) -> None:
        if self.pending:
            self._take_pending(keep_last=False)

    def _add_block(self, node: _Node, content: Rich, line: int) -> None:
        if self.pending:
            label = self._take_pending(keep_last=True)
            if label is not None and not node.blocks and node.label is None:
                node.label = label
        if content.text or content.notes or content.refs:
            node.blocks.append([content])
            node.block_lines.append(line)
            self._note_option(node, content)

    def _note_option(self, node: _Node, content: Rich) -> None:
        ordinal = _last_option(content)
        if ordinal:
            self.holder = (node, ordinal)

    def _open_heading(self, h: _Heading) -> None:
        label = self._take_pending(keep_last=True) if self.pending else None
        self.items = []
        self.lazy = None
        self.holder = None
        if h.family == "preamble":
            self.sections = []
            node = _Node("preamble", None, h.line, level=h.level, implicit=h.implicit)
            node.heading = None if h.implicit else self._clean(h.raw).strip("[]# ") or None
            self.roots.append(node)
            self.sections.append(node)
            return
        if h.family != "bold":
            # a heading ends the preamble (a bold sub-heading may sit inside it)
            while self.sections and self.sections[-1].kind == "preamble":
                self.sections.pop()
        while self.sections and self.sections[-1].implicit:
            self.sections.pop()
        if h.family == "atx":
            while self.sections and self.sections[-1].level >= h.level:
                self.sections.pop()
            level = h.level
        else:
            if h.family == "bold":
                same = [i for i, s in enumerate(self.sections) if s.marker == "bold"]
                if same:
                    del self.sections[same[-1] :]
            else:
                # "Article 2" closes "Article 1"; "Annex I" or "Chapter II" close articles too
                rank = _keyword_rank(h.family)
                while self.sections and (
                    self.sections[-1].marker == "bold"
                    or (
                        self.sections[-1].marker.startswith("kw:")
                        and _keyword_rank(self.sections[-1].marker) >= rank
                    )
                ):
                    self.sections.pop()
            level = self.sections[-1].level + 0.5 if self.sections else 0.5
        node = _Node("section", self._heading_number(h), h.line, marker=h.family, level=level)
        heading = self._clean(h.raw)
        if h.family == "bold":
            heading = heading.rstrip(":.").strip()
        node.heading = heading or None
        node.label = label
        self._container_children().append(node)
        self.sections.append(node)

    def _open_item(self, it: _Item) -> None:
        top_indent = self.items[0].indent if self.items else 0
        paragraph_level = it.marker == "para" and (
            it.suffixed or not self.items or it.indent <= top_indent
        )
        if paragraph_level or not self.items:
            if paragraph_level and self.sections and self.sections[-1].implicit:
                self.sections.pop()
            if not paragraph_level:
                self.warnings.append(
                    ImportWarning(it.line, "a lettered or bulleted item outside any paragraph")
                )
            node = _Node("paragraph", it.number, it.line, indent=it.indent, marker=it.marker)
            self._container_children().append(node)
            self.items = [node]
        else:
            rank = {"para": 0, "bullet": 1, "letter": 1, "roman": 2}
            prev = self.items[-1]
            if it.marker == "roman" and it.number == "i" and prev.number == "h":
                it.marker = "letter"  # "(i)" after "(h)" is a letter
            elif it.marker == "letter" and it.number in ("v", "x") and prev.marker == "roman":
                it.marker = "roman"  # "(v)" after "(iv)", "(x)" after "(ix)"
            while len(self.items) > 1:
                top = self.items[-1]
                if top.indent > it.indent or (
                    top.indent == it.indent and rank[top.marker] >= rank[it.marker]
                ):
                    self.items.pop()
                else:
                    break
            parent = self.items[-1]
            node = _Node("subparagraph", it.number, it.line, indent=it.indent, marker=it.marker)
            parent.children.append(node)
            self.items.append(node)
        self._add_block(node, it.content, it.line)
        self.lazy = node

    def _text(self, t: _Text) -> None:
        if t.lazy and self.lazy is not None:
            if self.pending:
                self._add_block(self.lazy, t.content, t.line)
            elif _starts_with_option(t.content) or not self.lazy.blocks:
                self.lazy.blocks.append([t.content])
                self.lazy.block_lines.append(t.line)
            else:
                self.lazy.blocks[-1].append(t.content)
            self._note_option(self.lazy, t.content)
            return
        target: _Node | None = None
        for i in range(len(self.items) - 1, -1, -1):
            it = self.items[i]
            if it.marker != "text" and t.indent >= it.indent + 2:
                target = it
                del self.items[i + 1 :]
                break
        if target is None:
            ordinal = _starts_with_option(t.content)
            if (
                ordinal > 1
                and self.holder is not None
                and self.holder[1] == ordinal - 1
                and not self.pending
            ):
                target = self.holder[0]
        if target is None and _DECISION_CHAPEAU.match(t.content.text) and not any(
                s.kind == "preamble" for s in self.sections):
            # "The Conference of the Parties," opens a draft decision's preamble
            self._flush_pending()
            pre = _Node("preamble", None, t.line, implicit=True,
                        level=self.sections[-1].level + 0.25 if self.sections else 0.25)
            self._container_children().append(pre)
            self.sections.append(pre)
        if target is None:
            node = _Node("paragraph", None, t.line, indent=t.indent, marker="text")
            if self.pending:
                node.line = self.pending_line
            self._container_children().append(node)
            self.items = [node]
            target = node
        elif target.children:
            self.warnings.append(
                ImportWarning(
                    t.line,
                    "text after sub-items was added to the text of the unit above them",
                )
            )
        self._add_block(target, t.content, t.line)
        self.lazy = target

    def build(self) -> ImportResult:
        events = self._plan(self._events())
        for e in events:
            if isinstance(e, _Blank):
                self.lazy = None
            elif isinstance(e, _Heading):
                self._open_heading(e)
            elif isinstance(e, _OptionLabel) and _is_no_text_label(e.raw) and \
                    self._continues_a_group(e.raw):
                # "Option 3: No text" is an alternative by itself: the unit after it is not
                # that alternative's
                self._flush_pending()
                label = _option_label(e.raw)
                children = self._container_children()
                if self.sections and self.sections[-1].label is not None:
                    # after an article that is an alternative: "No text" is the article's
                    # alternative, beside it
                    children = (self.sections[-2].children if len(self.sections) > 1
                                else self.roots)
                children.append(_Node("paragraph", None, e.line, marker="text", label=label))
                self.lazy = None
                self.holder = None
                if self.items and e.indent <= self.items[0].indent:
                    self.items = []
            elif isinstance(e, _OptionLabel) and _is_no_text_label(e.raw):
                self._text(_Text(e.line, e.indent, e.raw, lazy=False))  # text, as before
            elif isinstance(e, _OptionLabel):
                if not self.pending:
                    self.pending_line = e.line
                self.pending.append(e.raw)
                self.lazy = None
                self.holder = None
                if self.items and e.indent <= self.items[0].indent:
                    self.items = []  # a label at the paragraphs' level ends the one above
            elif isinstance(e, _Item):
                self._open_item(e)
            else:
                self._text(e)
        self._flush_pending()
        if not self.markdown:
            self._split_preambles(self.roots)
        roots = self._options(self.roots)
        units = tuple(self._freeze(n, 0) for n in roots)
        self._check_numbers(units)
        self._check_footnotes(units)
        front = "\n".join(self._clean(x) for x in self.front_lines)
        return ImportResult(self.title, units, tuple(self.warnings), front)

    def _split_preambles(self, nodes: list[_Node]) -> None:
        """Plain text pasted from a PDF runs a preamble into one line ("The Parties to this
        Agreement, Recalling ..., Stressing ..., Have agreed as follows:"): it is split
        before each preambular verb."""
        for node in nodes:
            if node.kind == "preamble":
                out: list[_Node] = []
                for child in node.children:
                    out.extend(self._split_preamble(child))
                node.children = out
            self._split_preambles(node.children)

    @staticmethod
    def _split_preamble(node: _Node) -> list[_Node]:
        if node.kind != "paragraph" or node.number or node.children or len(node.blocks) != 1:
            return [node]
        rich = join(node.blocks[0]).collapse()
        cuts = [m.end() for m in _PREAMBULAR_CUT.finditer(rich.text)]
        if len(rich.text) < 300 or len(cuts) < 2:
            return [node]
        out: list[_Node] = []
        for start, end in zip([0, *cuts], [*cuts, len(rich.text)], strict=True):
            part = rich.cut(start, end).collapse()
            if part.text:
                piece = _Node("paragraph", None, node.line, indent=node.indent, marker="text")
                piece.blocks.append([part])
                piece.block_lines.append(node.line)
                out.append(piece)
        return out

    # ---------------------------------------------------------------- options

    def _group(self) -> str:
        self.groups += 1
        return f"g{self.groups}"

    def _options(self, nodes: list[_Node]) -> list[_Node]:
        """Siblings with their option groups made structure (see :func:`import_text`)."""
        expanded: list[_Node] = []
        for node in nodes:
            self._title(node)
            expanded.extend(self._split(node))
        # labels that stood alone on their line: the units that follow are that alternative,
        # as far as the paragraphs it names, or (the last one of a group of articles) as
        # far as the articles the other alternatives had
        group: str | None = None
        current: OptionRef | None = None
        kind: str | None = None
        last_ordinal = 0
        covers: frozenset[str] = frozenset()
        members: dict[str, list[_Node]] = {}
        for node in expanded:
            if node.label is not None:
                # a "No text" alternative belongs to the group it continues, whatever the
                # kind of the units of the others (paragraphs, articles)
                empty = _empty(node)
                if group is None or node.label.ordinal <= 1 or (
                        node.kind != kind and not empty) or (
                        node.label.ordinal != last_ordinal + 1):
                    group = self._group()
                if not empty or kind is None:
                    kind = node.kind
                last_ordinal = node.label.ordinal
                # "Alt 2" after "Alt 1 (paragraphs 4-5)" stands for the same paragraphs
                covers = node.label.covers or (covers if node.label.ordinal > 1 else frozenset())
                current = OptionRef(group, node.label.label)
                node.option = current
                members.setdefault(group, []).append(node)
                if empty:
                    current = None  # "No text": nothing follows in that alternative
                continue
            if current is not None and node.kind == kind and node.option is None and (
                    not covers or (node.number or "") in covers):
                node.option = current
                members[current.group].append(node)
                continue
            if node.option is None:
                group, current, kind, last_ordinal, covers = None, None, None, 0, frozenset()
        for units in members.values():
            at = expanded.index(units[0])
            preceded = any(n.kind == units[0].kind and n.option is None
                           for n in expanded[:at])
            self._trim_last_alternative(units, preceded=preceded)
        for node in expanded:
            node.children = self._options(node.children)
        return expanded

    @staticmethod
    def _trim_last_alternative(units: list[_Node], *, preceded: bool) -> None:
        """The last alternative of a group ends after the articles the other alternatives
        had (``Article 9`` after two alternatives of Articles 7 and 8 is common text), or
        before a paragraph numbered past all of theirs when common paragraphs come before
        the group (a group that opens its article, as Article 2bis of the 9 December Paris
        text, may hold more paragraphs in one alternative than in another)."""
        if not units or units[-1].option is None:
            return
        last = units[-1].option.label
        tail = [u for u in units if u.option and u.option.label == last]
        if units[0].kind == "section":
            others = {u.number for u in units if u.option and u.option.label != last}
            ends = [u for u in tail[1:] if u.number not in others]
        elif not preceded:
            return
        else:
            # alternatives of paragraphs: the last one ends before a paragraph numbered past
            # all of the others' (``3`` after two alternatives of paragraph 2 is common text)
            bases = {_base(u.number) for u in units
                     if u.option and u.option.label != last and u.number}
            ends = [u for u in tail[1:] if bases and u.number and _base(u.number) not in bases
                    and _later(u.number, bases)]
        if ends:
            for rest in tail[tail.index(ends[0]):]:
                rest.option = None

    def _title(self, node: _Node) -> None:
        """A paragraph's first block wholly in bold is its title (``1. **Title**``)."""
        if node.kind in ("paragraph", "subparagraph") and node.blocks and node.heading is None:
            first = join(node.blocks[0]).collapse()
            if self.markdown and first.wholly("bold") and _option_label(first) is None:
                node.heading = first.text.rstrip(":").strip() or None
                del node.blocks[0]
                del node.block_lines[:1]

    def _split(self, node: _Node) -> list[_Node]:
        """A unit whose blocks hold option labels (``**Option 1:** ...``) each followed by
        its own list (several chapeaux): the blocks before the first label are its text,
        each label starts an alternative with its list. Otherwise alternatives written in
        the unit's blocks stay its text, as brackets do (the lineage of the 9 -> 12 December
        Paris texts reads them so: splitting "Option I / Option II" of Article 5 into two
        units made a wrong match)."""
        if node.kind not in ("paragraph", "subparagraph"):
            return [node]
        blocks = [join(b) for b in node.blocks]
        lines = node.block_lines + [node.line] * (len(blocks) - len(node.block_lines))
        found = [_option_label(b) for b in blocks]
        if not any(found):
            return [node]
        first = next(i for i, f in enumerate(found) if f is not None)
        chapeau = node.blocks[:first]
        labelled = [lines[i] for i, f in enumerate(found) if f is not None]
        lists_each = len(labelled) > 1 and any(c.line > labelled[1] for c in node.children)
        if not lists_each:
            # alternatives of words within one paragraph stay its text, as brackets do
            return [node]
        if lists_each:
            self.warnings = [w for w in self.warnings if not (
                w.line in labelled and w.message.startswith("text after sub-items"))]
        alternatives: list[_Node] = []
        for i in range(first, len(blocks)):
            label = found[i]
            if label is not None:
                rest = blocks[i].cut(label.end)
                alt = _Node("subparagraph", None, lines[i], indent=node.indent, marker="option")
                alt.label = label
                alternatives.append(alt)
                if rest.text or rest.notes or rest.refs:
                    alt.blocks.append([rest])
                    alt.block_lines.append(lines[i])
            else:
                alternatives[-1].blocks.append([blocks[i]])
                alternatives[-1].block_lines.append(lines[i])
        group = self._group()
        for alt in alternatives:
            assert alt.label is not None
            text = " ".join(" ".join(r.text for r in b) for b in alt.blocks).strip()
            no_text = not text or bool(_NO_TEXT.match(text))
            if no_text:
                alt.blocks, alt.block_lines = [], []
            alt.option = OptionRef(group, alt.label.label, no_text)
            alt.label = None
        # sub-items go to the alternative they follow
        before = [c for c in node.children if c.line < alternatives[0].line]
        for child in node.children[len(before):]:
            owner = [a for a in alternatives if a.line <= child.line][-1]
            owner.children.append(child)
        node.blocks = chapeau
        node.block_lines = node.block_lines[:first]
        node.children = before + alternatives
        return [node]

    # ---------------------------------------------------------------- freezing

    def _freeze(self, node: _Node, depth: int) -> ParsedUnit:
        blocks = [join(b).collapse() for b in node.blocks]
        blocks = [b for b in blocks if b.text or b.notes or b.refs]
        option = node.option
        if option is not None and len(blocks) == 1 and _NO_TEXT.match(blocks[0].text):
            blocks = []
        if option is not None and not blocks and not node.children and not option.no_text \
                and node.kind != "section":
            option = OptionRef(option.group, option.label, True)
        rich = join(blocks, "\n") if blocks else Rich("")
        footnotes = tuple(Footnote(mark, offset, self.footnotes.get(mark, ""))
                          for mark, offset in rich.refs)
        children = tuple(self._freeze(c, depth + 1) for c in node.children)
        return ParsedUnit(node.kind, node.number, node.heading, rich.text, depth, children,
                          node.line, marks=rich.marks, footnotes=footnotes, notes=rich.notes,
                          option=option)

    def _check_footnotes(self, units: Sequence[ParsedUnit]) -> None:
        used: set[str] = set()
        for top in units:
            for u in top.walk():
                for f in u.footnotes:
                    used.add(f.mark)
                    if f.mark not in self.footnotes:
                        self.warnings.append(ImportWarning(
                            u.line, f"footnote {f.mark} is referred to but never given"))
        for mark in self.footnotes:
            if mark not in used:
                self.warnings.append(ImportWarning(
                    0, f"footnote {mark} is given but no text refers to it; it was dropped"))

    def _check_numbers(self, units: Sequence[ParsedUnit]) -> None:
        def label(u: ParsedUnit | None) -> str:
            if u is None:
                return "the top level"
            return u.heading or f"{u.kind} {u.number or ''}".strip()

        def visit(siblings: Sequence[ParsedUnit], parent: ParsedUnit | None) -> None:
            seen: dict[tuple[str, str], ParsedUnit] = {}
            previous: dict[str, int] = {}
            for u in siblings:
                if u.number is not None:
                    # "Part I" and "Annex I" are not the same number
                    word = (u.heading or "").split(" ", 1)[0].casefold() \
                        if u.kind == "section" else ""
                    key = (f"{u.kind}{' ' + word if word else ''}", u.number)
                    first = seen.get(key)
                    if first is not None and first.option and u.option and (
                            first.option.group == u.option.group
                            and first.option.label != u.option.label):
                        pass  # the same number in two alternatives of one option group
                    elif key in seen:
                        self.warnings.append(
                            ImportWarning(
                                u.line,
                                f"duplicate {u.kind} number {u.number!r} in {label(parent)} "
                                f"(first at line {seen[key].line})",
                            )
                        )
                    else:
                        seen[key] = u
                    if u.kind in ("section", "paragraph") and u.number.isdigit():
                        n = int(u.number)
                        before = previous.get(u.kind)
                        if before is not None and n > before + 1:
                            self.warnings.append(
                                ImportWarning(
                                    u.line,
                                    f"{u.kind} numbering jumps from {before} to {n} in "
                                    f"{label(parent)}",
                                )
                            )
                        previous[u.kind] = n
                visit(u.children, u)

        visit(units, None)


def import_text(source: str, *, fmt: Literal["markdown", "text"]) -> ImportResult:
    """Import a negotiated text into units (see the module docstring for the rules).

    Guarantees: never raises on odd input, reporting oddities (duplicate numbers, numbering
    gaps, text kept outside units, items outside paragraphs, text after sub-items) as
    warnings; every unit kind is one of ``preamble``, ``section``, ``paragraph``,
    ``subparagraph``; a ``subparagraph``'s parent is a paragraph or subparagraph; a
    ``paragraph``'s parent is a section, the preamble or the top level; numbers are
    normalised by :func:`normalise_number`; option labels and brackets are kept in text.
    Raises ``ValueError`` when ``source`` is empty or only whitespace, or when ``fmt`` is
    neither ``"markdown"`` nor ``"text"``.
    """
    if fmt not in ("markdown", "text"):
        raise ValueError(f"unknown format {fmt!r}: expected 'markdown' or 'text'")
    if not source or not source.strip():
        raise ValueError("nothing to import: the text is empty")
    return _Importer(source, fmt).build()


def to_unit_views(result: ImportResult) -> list[UnitView]:
    """The imported units as the text model's units, in document order, with fresh keys
    ``i1``, ``i2``... (stable from then on). Kinds the text model would refuse under their
    parent (a paragraph nested in a paragraph) become sub-paragraphs."""
    flat = result.flat()
    keys = [f"i{item.index + 1}" for item in flat]
    kinds: list[UnitKind] = []
    views: list[UnitView] = []
    for item in flat:
        kind = UnitKind(item.unit.kind)
        parent_kind = kinds[item.parent] if item.parent is not None else None
        if parent_kind in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH):
            kind = UnitKind.SUBPARAGRAPH
        elif kind is UnitKind.SUBPARAGRAPH and parent_kind not in (UnitKind.PARAGRAPH,):
            kind = UnitKind.PARAGRAPH
        if kind is UnitKind.PREAMBLE and item.parent is not None:
            kind = UnitKind.SECTION
        kinds.append(kind)
        number = item.unit.number
        if kind is UnitKind.SUBPARAGRAPH and number and number.replace(" ", "").isalnum():
            number = f"({number})"  # the display form of lettered sub-paragraphs: (a)
        views.append(UnitView(key=keys[item.index], kind=kind,
                              parent=keys[item.parent] if item.parent is not None else None,
                              number=number, text=item.unit.text,
                              heading=item.unit.heading, marks=item.unit.marks,
                              footnotes=item.unit.footnotes, notes=item.unit.notes,
                              option=item.unit.option))
    return views
