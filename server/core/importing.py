"""Importing a negotiated text, as plain text or Markdown, into units.

The result is a tree of :class:`ParsedUnit` (``preamble`` > ``paragraph``; ``section`` >
``section`` > ``paragraph`` > ``subparagraph`` > ...), plus warnings. How the text is read:

* **Markdown only**: Jekyll front matter (``---`` ... ``---``) is removed (its ``title`` is
  kept), and so are kramdown table-of-contents markers (``* TOC`` / ``{:toc}``), attribute
  lists (``{: ...}``), HTML comments and link reference definitions (``[x]: http://...``).
  Emphasis, inline code and link syntax are removed from unit text, keeping the words (a
  bracket is only taken for a link when it is followed by ``(url)`` or names a defined
  reference, so negotiation brackets ``[A][B]`` stay). ATX headings (``## Article 2
  *(purpose)*``) are sections, nested by level; a line that is wholly bold
  (``**Mobilization**``, ``**Proposed Mechanism 1**``) is a sub-section heading.
* **Both formats**: a line on its own such as ``Article 3bis``, ``Objective 3: ...``,
  ``Chapter IV``, ``Section A`` (and their French, Spanish, Russian, Arabic and Chinese
  equivalents) is a section heading; ``Preamble`` on its own opens the preamble.
* **Paragraphs** are numbered ``1.``, ``1)``, ``12 bis.``, ``3bis.``, ``12 alt`` (``PP``/``OP``
  prefixes allowed), or unnumbered blocks of text (preambular paragraphs, chapeaux).
  A numbered item indented deeper than the paragraph it follows, a lettered item ``(a)``,
  ``a)``, ``a.``, a roman item ``(iv)`` or a bullet is a **subparagraph**, nested by
  indentation and marker. A ``bis``/``ter``/``alt`` number is always a paragraph.
  Text indented under an item belongs to it; text directly following a line (no blank
  line) continues it; other text starts a new unnumbered paragraph.
* **Options** stay in the negotiated text: ``**Option 1:** ...`` is part of the paragraph it
  sits in; a label alone on its line (``**Option 1:**``) is prefixed to the text that
  follows; an ``Option N:`` block that no item claims joins the unit holding ``Option N-1``.
* **Preamble**: an explicit ``Preamble`` heading; otherwise the unnumbered text between the
  title and the first operative section or numbered paragraph. Text before the title (or
  between the title and an explicit preamble) is returned as ``front_text``, with a warning.
* **Title**: a level-1 heading, or the first heading when an explicit preamble follows it,
  else the front matter title; in plain text, a short first line without final punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from server.core.brackets import find_options
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

_FRONT_MATTER_END: Final = re.compile(r"^(---|\.\.\.)\s*$")
_TITLE_KEY: Final = re.compile(r"^title\s*:\s*(.*?)\s*$")
_LINK_DEF: Final = re.compile(
    r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?:<[^>]*>|(?:[a-z][a-z0-9+.-]*:|/|\./|\.\./|#)\S*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*$",
    re.IGNORECASE,
)
_TOC_LINE: Final = re.compile(r"^\s*(?:[*+-]|1\.)\s+TOC\s*$")
_IAL_LINE: Final = re.compile(r"^\s*\{:[^}]*\}\s*$")
_ATX: Final = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*$")
_BOLD_LINE: Final = re.compile(r"^(?P<m>\*\*|__)(?P<t>(?:(?!(?P=m)).)+)(?P=m)[:.]?$")


def _strip_emphasis(s: str) -> str:
    s = re.sub(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", r"\1", s)
    s = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", s)
    s = re.sub(r"(?<![^\W_])__(?=\S)(.+?)(?<=\S)__(?![^\W_])", r"\1", s)
    s = re.sub(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)", r"\1", s)
    s = re.sub(r"(?<![^\W_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![^\W_])", r"\1", s)
    return s


class _Markdown:
    """Inline Markdown clean-up, knowing the document's link reference labels."""

    _ESCAPE: Final = re.compile(r"\\([!-/:-@\[-`{-~])")
    _SENTINEL: Final = "\ufff0"

    def __init__(self, ref_labels: set[str]) -> None:
        self.refs = {label.casefold() for label in ref_labels}

    def clean(self, s: str) -> str:
        escaped: list[str] = []

        def hide(m: re.Match[str]) -> str:
            escaped.append(m.group(1))
            return f"{self._SENTINEL}{len(escaped) - 1}{self._SENTINEL}"

        s = s.replace(self._SENTINEL, "")
        s = self._ESCAPE.sub(hide, s)
        s = re.sub(r"<!--.*?-->", "", s)
        s = re.sub(r"\{:[^}]*\}", "", s)
        s = re.sub(r"`([^`]*)`", r"\1", s)
        s = re.sub(r"<((?:https?|mailto):[^>\s]+)>", r"\1", s)
        url = r"(?:[a-z][a-z0-9+.-]*:|/|\./|\.\./|#)[^)\s]*"
        s = re.sub(rf"!?\[([^\[\]]*)\]\(\s*{url}(?:\s+\"[^\"]*\")?\s*\)", r"\1", s, flags=re.I)

        def ref(m: re.Match[str]) -> str:
            text, label = m.group(1), m.group(2)
            key = (label if label else text).casefold()
            return text if key in self.refs else m.group(0)

        s = re.sub(r"\[([^\[\]]+)\]\[([^\[\]]*)\]", ref, s)

        def shortcut(m: re.Match[str]) -> str:
            return m.group(1) if m.group(1).casefold() in self.refs else m.group(0)

        s = re.sub(r"\[([^\[\]]+)\](?![\[(])", shortcut, s)
        s = _strip_emphasis(s)
        s = re.sub(
            f"{self._SENTINEL}(\\d+){self._SENTINEL}",
            lambda m: escaped[int(m.group(1))],
            s,
        )
        return " ".join(s.split())


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
    raw: str


@dataclass(slots=True)
class _Item:
    line: int
    indent: int
    marker: str  # "para", "letter", "roman", "bullet"
    number: str | None
    suffixed: bool
    content: str


@dataclass(slots=True)
class _Text:
    line: int
    indent: int
    content: str
    lazy: bool


@dataclass(slots=True)
class _Blank:
    line: int


_Event = _Heading | _OptionLabel | _Item | _Text | _Blank


def _is_option_label_only(content: str) -> bool:
    markers = find_options(content)
    return len(markers) == 1 and markers[0].start == 0 and markers[0].end == len(content)


def _starts_with_option(content: str) -> int:
    """The ordinal of the option label ``content`` starts with, or 0."""
    markers = find_options(content)
    if markers and markers[0].start == 0:
        return markers[0].ordinal
    return 0


def _last_option(content: str) -> int:
    markers = find_options(content)
    return markers[-1].ordinal if markers else 0


# --------------------------------------------------------------------------- builder


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
    blocks: list[list[str]] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


class _Importer:
    def __init__(self, source: str, fmt: Literal["markdown", "text"]) -> None:
        self.markdown = fmt == "markdown"
        self.warnings: list[ImportWarning] = []
        self.title: str | None = None
        self.lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.ref_labels: set[str] = set()
        self.front_lines: list[str] = []
        if self.markdown:
            self._strip_markdown_furniture()
        self.md = _Markdown(self.ref_labels)
        # builder state
        self.roots: list[_Node] = []
        self.sections: list[_Node] = []
        self.items: list[_Node] = []
        self.lazy: _Node | None = None
        self.pending: list[str] = []
        self.pending_line = 0
        self.holder: tuple[_Node, int] | None = None

    # ---------------------------------------------------------------- preprocessing

    def _strip_markdown_furniture(self) -> None:
        lines = self.lines
        first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
        if first is not None and lines[first].strip() == "---":
            end = next(
                (j for j in range(first + 1, len(lines)) if _FRONT_MATTER_END.match(lines[j])),
                None,
            )
            if end is not None:
                for j in range(first, end + 1):
                    m = _TITLE_KEY.match(lines[j])
                    if m and j > first and not lines[j].startswith((" ", "\t")):
                        value = m.group(1).strip().strip("\"'")
                        if value:
                            self.title = value
                    lines[j] = ""
        for i, ln in enumerate(lines):
            toc = _TOC_LINE.match(ln) and i + 1 < len(lines) and "{:toc}" in lines[i + 1]
            if toc or _IAL_LINE.match(ln):
                lines[i] = ""
            else:
                m = _LINK_DEF.match(ln)
                if m:
                    self.ref_labels.add(m.group("label"))
                    lines[i] = ""

    # ---------------------------------------------------------------- events

    def _clean(self, s: str) -> str:
        return self.md.clean(s) if self.markdown else _plain(s)

    def _events(self) -> list[_Event]:
        events: list[_Event] = []
        lines = self.lines
        block_start = True
        for i, raw in enumerate(lines):
            lineno = i + 1
            line = raw.expandtabs(4).rstrip()
            if not line.strip():
                events.append(_Blank(lineno))
                block_start = True
                continue
            indent = len(line) - len(line.lstrip(" "))
            content = line.strip()
            next_blank = i + 1 >= len(lines) or not lines[i + 1].strip()
            single = block_start and next_blank
            event = self._classify(lineno, indent, content, single, block_start)
            events.append(event)
            block_start = isinstance(event, _Heading)
        return events

    def _classify(
        self, lineno: int, indent: int, content: str, single: bool, block_start: bool
    ) -> _Event:
        if self.markdown and indent <= 3:
            m = _ATX.match(content)
            if m:
                text = m.group("text") or ""
                family = "preamble" if self._is_preamble(text) else "atx"
                return _Heading(lineno, float(len(m.group("hashes"))), text, family)
        if single:
            if self._is_preamble(content):
                return _Heading(lineno, 0.0, content, "preamble")
            kw = self._keyword(content)
            if kw is not None:
                return _Heading(lineno, 0.0, content, f"kw:{kw}")
            if _is_option_label_only(content):
                return _OptionLabel(lineno, content)
            if self.markdown:
                bm = _BOLD_LINE.match(content)
                if bm and not find_options(content):
                    return _Heading(lineno, 0.0, content, "bold")
        item = self._item(lineno, indent, content)
        if item is not None:
            return item
        return _Text(lineno, indent, content, lazy=not block_start)

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

    def _item(self, lineno: int, indent: int, content: str) -> _Item | None:
        m = _PARA_ITEM.match(content)
        if m:
            suf = m.group("suf") or ""
            number = normalise_number(m.group("num") + suf)
            return _Item(lineno, indent, "para", number, bool(suf.strip()), content[m.end() :])
        m = _LETTER_ITEM.match(content)
        if m:
            token = m.group("a") or m.group("b") or m.group("c") or ""
            # "(ii)", "(iv)", "(i)" are roman; "(c)", "(cc)", "(l)" are letters; "(v)" and "(x)"
            # are decided by the item before them (see _open_item)
            roman = token == "i" or (
                len(token) > 1
                and _ROMAN_LOWER.match(token) is not None
                and not set(token) & set("cl")
            )
            marker = "roman" if roman else "letter"
            return _Item(lineno, indent, marker, token, False, content[m.end() :])
        m = _BULLET_ITEM.match(content)
        if m:
            return _Item(lineno, indent, "bullet", None, False, content[m.end() :])
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
                    self.front_lines.append(raw)
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
            text = _plain(e.content)
            rest = [x for x in events[i + 1 :] if not isinstance(x, _Blank)]
            if len(text) <= 150 and not text.endswith((",", ";", ":", ".")) and rest:
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
        return None

    def _container_children(self) -> list[_Node]:
        return self.sections[-1].children if self.sections else self.roots

    def _flush_pending(self) -> None:
        if self.pending:
            node = _Node("paragraph", None, self.pending_line, marker="text")
            node.blocks.append(list(self.pending))
            self._container_children().append(node)
            self.pending.clear()

    def _add_block(self, node: _Node, content: str, line: int) -> None:
        lines: list[str] = []
        if self.pending:
            lines.extend(self.pending)
            self.pending.clear()
        if content:
            lines.append(content)
        if lines:
            node.blocks.append(lines)
            self._note_option(node, " ".join(lines))

    def _note_option(self, node: _Node, text: str) -> None:
        ordinal = _last_option(text)
        if ordinal:
            self.holder = (node, ordinal)

    def _open_heading(self, h: _Heading) -> None:
        self._flush_pending()
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
            ordinal = _starts_with_option(self._clean(t.content))
            if (
                ordinal > 1
                and self.holder is not None
                and self.holder[1] == ordinal - 1
                and not self.pending
            ):
                target = self.holder[0]
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
            elif isinstance(e, _OptionLabel):
                if not self.pending:
                    self.pending_line = e.line
                self.pending.append(e.raw)
                self.lazy = None
            elif isinstance(e, _Item):
                self._open_item(e)
            else:
                self._text(e)
        self._flush_pending()
        units = tuple(self._freeze(n, 0) for n in self.roots)
        self._check_numbers(units)
        front = "\n".join(self._clean(x) for x in self.front_lines)
        return ImportResult(self.title, units, tuple(self.warnings), front)

    def _freeze(self, node: _Node, depth: int) -> ParsedUnit:
        blocks = [" ".join(b) for b in node.blocks]
        heading = node.heading
        if node.kind in ("paragraph", "subparagraph") and blocks:
            m = _BOLD_LINE.match(blocks[0].strip()) if self.markdown else None
            if m and not find_options(blocks[0]):
                heading = self._clean(m.group("t")).rstrip(":").strip() or None
                blocks = blocks[1:]
        text = "\n".join(c for c in (self._clean(b) for b in blocks) if c)
        children = tuple(self._freeze(c, depth + 1) for c in node.children)
        return ParsedUnit(node.kind, node.number, heading, text, depth, children, node.line)

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
                    key = (u.kind, u.number)
                    if key in seen:
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
        if kind is UnitKind.SUBPARAGRAPH and number and number.isalnum():
            number = f"({number})"  # the display form of lettered sub-paragraphs: (a)
        views.append(UnitView(key=keys[item.index], kind=kind,
                              parent=keys[item.parent] if item.parent is not None else None,
                              number=number, text=item.unit.text,
                              heading=item.unit.heading))
    return views
