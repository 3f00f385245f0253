# ruff: noqa: RUF001, RUF002  (the six languages' own characters, on purpose)
"""Aligning a translated text with its source revision by article, paragraph and item numbers.

A translated text is cut into *segments*, each with a structural address: the preamble's
n-th paragraph (``("P", n)``), an article (``("A", article)``), its text before any numbered
paragraph (``("A", article, "u1")``), its numbered paragraph (``("A", article, 3)``) and the
n-th lettered item below it (``("A", article, 3, 2)``), whatever letters or numerals the
language prints: "(b)", "b)", "б)", "（二）", "(ب)". The source revision's units get the same
addresses from their structure, so a segment aligns to the unit with its address.

Each language's markers: "Article 7" / "Article premier" / "Artículo 7" / "Статья 7" /
"第七条" / "المادة 7" (digits Western or Arabic-Indic); paragraphs "1." or "一、" or, in Arabic
text extracted from a PDF where the right-to-left order puts the number after its dash,
"- 1" anywhere in a line. A number counts as a marker only when it is the next one expected
(article n+1, paragraph k+1): a cross-reference ("under article 70") in running text is not
taken for a heading. Pure: no imports outside server.core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from server.core.languages import LANGUAGES, chinese_to_int, western_digits
from server.core.text import UnitKind, UnitView

Address = tuple[str | int, ...]

_CN = "〇零一二三四五六七八九十百两"
_LATIN_ARTICLE = {
    "en": r"Article", "fr": r"Article", "es": r"Art[íi]culo", "ru": r"Статья",
}
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the translated text at ``address``; ``label`` is its marker as printed."""

    address: Address
    text: str
    label: str = ""


@dataclass
class _State:
    article: int = 0
    paragraph: int = 0
    item: int = 0
    subitem: int = 0
    last_letter: str = ""
    unnumbered: int = 0
    preamble: int = 0
    in_preamble: bool = True
    segments: list[Segment] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    address: Address | None = None
    label: str = ""

    def flush(self) -> None:
        if self.address is not None:
            text = " ".join(part.strip() for part in self.current if part.strip())
            self.segments.append(Segment(self.address, text, self.label))
        self.current = []
        self.address = None
        self.label = ""

    def start(self, address: Address, label: str, text: str) -> None:
        self.flush()
        self.address = address
        self.label = label
        self.current = [text]


def _article_number(language: str, raw: str) -> int | None:
    if language == "zh":
        return chinese_to_int(raw)
    if raw.lower() == "premier":
        return 1
    digits = western_digits(raw)
    return int(digits) if digits.isdigit() else None


def _article_pattern(language: str) -> re.Pattern[str]:
    if language == "zh":
        return re.compile(rf"^\s*第([{_CN}]+)条\s*(.*)$", re.S)
    if language == "ar":
        return re.compile(r"المادة\s+([0-9٠-٩]+)\s*")
    return re.compile(rf"^\s*{_LATIN_ARTICLE[language]}\s+(premier|\d+)\b\s*(.*)$", re.S)


_PARAGRAPH = re.compile(r"^\s*(\d+)\.\s+(.*)$", re.S)
_PARAGRAPH_ZH = re.compile(rf"^\s*([{_CN}]+)、\s*(.*)$", re.S)
_PARAGRAPH_AR = re.compile(r"(?:(?<=\s)|^)-\s?([0-9٠-٩]+)(?=\s)")
_ITEM = re.compile(r"^\s*\(?([a-zа-я]{1,4})\)\s+(.*)$", re.S)
_ITEM_ZH = re.compile(rf"^\s*[（(]([{_CN}]+)[）)]\s*(.*)$", re.S)
_SUBITEM_ZH = re.compile(r"^\s*(\d+)\.\s*(.*)$", re.S)
_ITEM_AR = re.compile(r"\(([\u0621-\u064a])\)\s")


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if letter else "a"


def _item_or_subitem(state: _State, label: str) -> str:
    """"item" or "subitem" for a Latin or Cyrillic label ((i) after (h) is an item)."""
    label = label.lower()
    if label in _ROMAN and state.item and label != _next_letter(state.last_letter):
        return "subitem"
    return "item"


def _begin_article(state: _State, number: int, label: str, rest: str) -> None:
    state.in_preamble = False
    state.article = number
    state.paragraph = state.item = state.subitem = state.unnumbered = 0
    state.last_letter = ""
    state.start(("A", number), label, label)
    state.flush()
    if rest.strip():
        state.unnumbered = 1
        state.start(("A", number, "u1"), "", rest)


def _paragraph_address(state: _State) -> Address:
    if state.paragraph:
        return ("A", state.article, state.paragraph)
    if not state.unnumbered:
        state.unnumbered = 1
    return ("A", state.article, f"u{state.unnumbered}")


def _line_segments(lines: Iterable[str], language: str) -> list[Segment]:
    state = _State()
    article_re = _article_pattern(language)
    preamble_started = False
    for line in lines:
        if not line.strip():
            continue
        match = article_re.match(line)
        if match:
            number = _article_number(language, match.group(1))
            if number is not None and number > state.article:
                _begin_article(state, number, line[:match.start(2)].strip(), match.group(2))
                continue
        if state.in_preamble:
            if not preamble_started and not re.search(r"[,，:：،]\s*$", line) \
                    and state.preamble == 0:
                # the title and headings above the preamble's first paragraph
                if _looks_like_preamble_start(line):
                    preamble_started = True
                else:
                    continue
            preamble_started = True
            state.preamble += 1
            state.start(("P", state.preamble), "", line)
            continue
        if not state.article:
            continue
        para = (_PARAGRAPH_ZH if language == "zh" else _PARAGRAPH).match(line)
        if para:
            value = (chinese_to_int(para.group(1)) if language == "zh"
                     else int(para.group(1)))
            if value == state.paragraph + 1 and (language != "zh" or state.item == 0
                                                 or value > 0):
                state.paragraph = value or 0
                state.item = state.subitem = 0
                state.last_letter = ""
                state.start(("A", state.article, state.paragraph), para.group(1), para.group(2))
                continue
        if language == "zh":
            item = _ITEM_ZH.match(line)
            if item:
                state.item += 1
                state.subitem = 0
                state.start((*_paragraph_address(state), state.item), item.group(1),
                            item.group(2))
                continue
            sub = _SUBITEM_ZH.match(line) if state.item else None
            if sub:
                state.subitem += 1
                state.start((*_paragraph_address(state), state.item, state.subitem),
                            sub.group(1), sub.group(2))
                continue
        else:
            item = _ITEM.match(line)
            if item:
                kind = _item_or_subitem(state, item.group(1))
                if kind == "item":
                    state.item += 1
                    state.subitem = 0
                    state.last_letter = item.group(1).lower()
                    state.start((*_paragraph_address(state), state.item), item.group(1),
                                item.group(2))
                else:
                    state.subitem += 1
                    state.start((*_paragraph_address(state), state.item, state.subitem),
                                item.group(1), item.group(2))
                continue
        if state.address is None:
            state.start(_paragraph_address(state), "", line)
        elif _is_article_heading_only(state):
            state.unnumbered = 1
            state.start(("A", state.article, "u1"), "", line)
        else:
            state.current.append(line)
    state.flush()
    return state.segments


def _is_article_heading_only(state: _State) -> bool:
    return False


_PREAMBLE_START = re.compile(r"(Parties|Partes|Стороны|الأطراف|缔约方)")


def _looks_like_preamble_start(line: str) -> bool:
    return bool(_PREAMBLE_START.search(line))


#: How far ahead of the last paragraph mark the next may be in Arabic text extracted from a
#: PDF, where some marks are lost or run together ("- 2 - 3"): a later paragraph still aligns.
_AR_GAP = 3


#: An Arabic article heading: "المادة n" as a word of its own (not "بالمادة n") followed by
#: its title's words; "بموجب المادة 15." or "المادة 14؛" is a cross-reference, not a heading.
_AR_HEADING = r"(?<![\u0600-\u06ff])المادة\s+([0-9٠-٩]+)(?=\s*$|\s+[^\s.,،؛:;)0-9٠-٩])"


_AR_MARKS = re.compile(
    _AR_HEADING
    + r"|(?:(?<=\s)|^)-\s?([0-9٠-٩]+)[.،]?(?=\s)"
    + r"|\(([\u0621-\u064a])\)\s"
    + r"|(?<=[.؛]\s)([0-9٠-٩]+)\s-\s(?=[\u0621-\u064a])"
    + r"|(?<=\.\s)([0-9٠-٩]+)\s(?=[\u0621-\u064a])")


def _arabic_lines(text: str) -> list[str]:
    """Arabic text extracted in right-to-left order runs paragraphs together: cut it before
    each article ("المادة n", the next expected) and each paragraph mark, whatever form the
    extraction left it in: "- k", "-k", "- k." or "- k،", "k -" after a sentence's end, or a
    bare "k" after a sentence's end when k is the next paragraph. Each piece cut at a mark
    starts with the mark written "- k "."""
    out: list[str] = []
    article = 0
    for line in text.splitlines():
        pieces: list[str] = []
        start = 0
        prefix = ""
        paragraph = 0
        for match in _AR_MARKS.finditer(line):
            canonical = ""
            if match.group(1):
                number = int(western_digits(match.group(1)))
                if number != article + 1:
                    continue
                article = number
                paragraph = 0
            elif match.group(3):
                pass  # an item's letter "(ب)"
            else:
                dashed = match.group(2) or match.group(4)
                after = line[match.end():].lstrip()
                if match.group(2) and (not after or after.startswith("-")):
                    continue  # "-1" printed at the end of its paragraph: not a mark
                number = int(western_digits(dashed or match.group(5)))
                if dashed and not paragraph < number <= paragraph + _AR_GAP:
                    continue  # a mark lost in extraction leaves a gap: the next ones count
                if match.group(5) and not (paragraph >= 1 and number == paragraph + 1):
                    continue  # a bare number counts only as the very next paragraph
                paragraph = number
                canonical = f"- {number} "
            pieces.append(prefix + line[start:match.start()])
            if canonical:
                prefix, start = canonical, match.end()
            else:
                prefix, start = "", match.start()
        pieces.append(prefix + line[start:])
        out.extend(piece for piece in pieces if piece.strip())
    return out


def _orphan_mark(state: _State, value: int) -> int | None:
    """The number of a paragraph mark left with no words at the end of the segment so far
    ("... - 2" before "- 3"), taken off it; None when there is none."""
    if not state.current:
        return None
    found = re.search(r"\s-\s?([0-9٠-٩]+)\s*$", " " + state.current[-1])
    if found is None:
        return None
    number = int(western_digits(found.group(1)))
    if not state.paragraph < number < value:
        return None
    state.current[-1] = (" " + state.current[-1])[:found.start()].strip()
    return number


def _renumber_first(state: _State) -> None:
    """The article's unnumbered text and its items, before a "- 2" with no "- 1", are
    paragraph 1 (its mark printed elsewhere), items and all."""
    base = ("A", state.article, "u1")

    def moved(address: Address | None) -> Address | None:
        if address is not None and address[:3] == base:
            return ("A", state.article, 1, *address[3:])
        return address

    state.segments = [Segment(moved(s.address) or s.address, s.text, s.label)
                      for s in state.segments]
    state.address = moved(state.address)


def _arabic_segments(text: str) -> list[Segment]:
    state = _State()
    seen_first: dict[int, bool] = {}
    for piece in _arabic_lines(text):
        article = re.match(r"المادة\s+([0-9٠-٩]+)\s*(.*)$", piece, re.S)
        if article and int(western_digits(article.group(1))) == state.article + 1:
            _begin_article(state, int(western_digits(article.group(1))),
                           piece[:article.start(2)].strip(), article.group(2))
            continue
        if not state.article:
            continue
        para = re.match(r"-\s?([0-9٠-٩]+)\s+(.*)$", piece, re.S)
        if para:
            value = int(western_digits(para.group(1)))
            if value == 2 and state.paragraph == 0 and not seen_first.get(state.article):
                # "- 1" printed after its paragraph: the text before "- 2" is paragraph 1
                _renumber_first(state)
                state.paragraph = 1
            if state.paragraph < value <= state.paragraph + _AR_GAP:
                seen_first[state.article] = True
                run = _orphan_mark(state, value)
                state.paragraph = value
                state.item = 0
                text = re.sub(r"\s-\s?1\s*$", "", para.group(2))
                if run is not None:
                    # "- 2 - 3 <text of 2> <text of 3>": the two paragraphs' words run
                    # together; which are whose is unknown, so neither aligns (the preview
                    # lists the run among the parts that match no paragraph).
                    state.start(("A", state.article, f"run{run}-{value}"), f"{run}-{value}",
                                text)
                else:
                    state.start(("A", state.article, value), para.group(1), text)
                continue
        item = re.match(r"\(([\u0621-\u064a])\)\s+(.*)$", piece, re.S)
        if item:
            state.item += 1
            state.start((*_paragraph_address(state), state.item), item.group(1),
                        item.group(2))
            continue
        if state.address is None:
            state.start(_paragraph_address(state), "", piece)
        else:
            state.current.append(piece)
    state.flush()
    return state.segments


_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=\S)")


def _run(seg: Segment) -> tuple[int, int] | None:
    a = seg.address
    if len(a) == 3 and isinstance(a[2], str) and a[2].startswith("run"):
        first, last = (int(n) for n in a[2][3:].split("-"))
        return first, last
    return None


def _split_runs(found: list[Segment]) -> list[Segment]:
    """A run of paragraph marks with their words after them ("- 2 - 3 <2's words> <3's
    words>") is split into its paragraphs when it holds exactly one sentence per mark, in
    order; runs that follow one another ("- 2 - 3 ... - 4 - 5 ...") are taken together.
    Otherwise a run stays whole and aligns with none of them (the preview lists it)."""
    out: list[Segment] = []
    i = 0
    while i < len(found):
        span = _run(found[i])
        if span is None:
            out.append(found[i])
            i += 1
            continue
        j, last = i + 1, span[1]
        while j < len(found) and (nxt := _run(found[j])) is not None \
                and found[j].address[1] == found[i].address[1] and nxt[0] == last + 1:
            last = nxt[1]
            j += 1
        sentences = [p for seg in found[i:j] for p in _SENTENCE_END.split(seg.text)
                     if p.strip()]
        if len(sentences) == last - span[0] + 1:
            out.extend(Segment(("A", found[i].address[1], span[0] + k), sentence,
                               str(span[0] + k)) for k, sentence in enumerate(sentences))
        else:
            out.extend(found[i:j])
        i = j
    return out


def segments(text: str, language: str) -> list[Segment]:
    """The translated ``text`` in ``language`` cut into addressed segments, in order."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language == "ar":
        return _split_runs(_arabic_segments(text))
    return _line_segments(text.splitlines(), language)


def source_addresses(units: Sequence[UnitView]) -> dict[str, Address]:
    """Each source unit's address by key (units it cannot address are left out)."""
    out: dict[str, Address] = {}
    by_key = {u.key: u for u in units}
    preamble = 0
    unnumbered: dict[str, int] = {}
    items: dict[str, int] = {}
    for unit in units:
        parent = by_key.get(unit.parent) if unit.parent else None
        if unit.kind is UnitKind.SECTION:
            number = unit.number or ""
            if number.isdigit() and not (unit.heading or "").upper().startswith("PART"):
                out[unit.key] = ("A", int(number))
            continue
        if unit.kind is UnitKind.PARAGRAPH and parent is not None \
                and parent.kind is UnitKind.PREAMBLE:
            preamble += 1
            out[unit.key] = ("P", preamble)
            continue
        if unit.kind is UnitKind.PARAGRAPH and parent is not None and parent.key in out:
            base = out[parent.key]
            if unit.number and unit.number.isdigit():
                out[unit.key] = (*base, int(unit.number))
            else:
                unnumbered[parent.key] = unnumbered.get(parent.key, 0) + 1
                out[unit.key] = (*base, f"u{unnumbered[parent.key]}")
            continue
        if unit.kind is UnitKind.SUBPARAGRAPH and parent is not None and parent.key in out:
            items[parent.key] = items.get(parent.key, 0) + 1
            out[unit.key] = out[parent.key] + (items[parent.key],)
    return out


@dataclass(frozen=True, slots=True)
class Alignment:
    """Which segment translates which source unit, and what could not be aligned."""

    #: Source unit key → its segment.
    aligned: dict[str, Segment]
    #: Source units no segment translates, in document order.
    missing: list[str]
    #: Segments no source unit has the address of, in their order.
    extra: list[Segment]


def _as_paragraphs(found: list[Segment], addresses: dict[str, Address]) -> list[Segment]:
    """Where an article of the source numbers its paragraphs but the translation letters
    them (the definitions of 第一条 are （一）, （二）), read the items as the paragraphs."""
    numbered = {a[1] for a in addresses.values() if a[0] == "A" and len(a) == 3
                and isinstance(a[2], int)}
    own = {s.address[1] for s in found if s.address[0] == "A" and len(s.address) == 3
           and isinstance(s.address[2], int)}
    out: list[Segment] = []
    for seg in found:
        a = seg.address
        if a[0] == "A" and len(a) == 4 and a[1] in numbered and a[1] not in own \
                and a[2] == "u1":
            seg = Segment(("A", a[1], a[3]), seg.text, seg.label)
        out.append(seg)
    return out


def align(units: Sequence[UnitView], found: Sequence[Segment]) -> Alignment:
    """Align the segments of a translation with the source revision's ``units``."""
    addresses = source_addresses(units)
    return _align_by(units, addresses, _as_paragraphs(list(found), addresses))


def addresses_of(units: Sequence[UnitView]) -> dict[str, Address]:
    """The source units' addresses as :func:`align_text` aligns by them."""
    return through_addresses(units) if numbered_through(units) else source_addresses(units)


def numbered_paragraphs(units: Sequence[UnitView]) -> list[str]:
    """The keys of the source's numbered paragraphs (in articles, or numbered through)."""
    return [key for key, a in addresses_of(units).items()
            if (a[0] == "A" and len(a) == 3 and isinstance(a[2], int))
            or (a[0] == "N" and len(a) == 2)]


def articles(units: Sequence[UnitView]) -> list[str]:
    return [key for key, a in addresses_of(units).items() if a[0] == "A" and len(a) == 2]


# Texts numbered through: paragraphs 1..n across the whole text (a compact, a declaration),
# headings unnumbered or numbered on their own ("Objective 1"). There is no article to
# address by, so a numbered paragraph is addressed by its number alone (``("N", n)``, its
# lettered items ``("N", n, i)``) and every other line of the text (a heading, an
# unnumbered paragraph) by its place: the gap after paragraph n it stands in, counted back
# from the next numbered paragraph (``("H", n, k)``: k = 1 is the heading right above
# paragraph n + 1), so a title one language prints and another leaves out shifts nothing.

_ITEM_AR_LINE = re.compile(r"^\s*\(?([\u0621-\u064a])\)\s+(.*)$", re.S)
_ENDS_SENTENCE = re.compile(r"[.;:,!?。；：，！？،؛]\s*$")


def numbered_through(units: Sequence[UnitView]) -> bool:
    """Whether the source numbers its paragraphs through the whole text: strictly
    increasing in document order, and running on across a heading (a section or the
    preamble) rather than starting again in each, as treaties' articles do."""
    numbers: list[tuple[int, str | None]] = []
    for unit in units:
        if unit.kind is UnitKind.PARAGRAPH and unit.number and unit.number.isdigit():
            numbers.append((int(unit.number), unit.parent))
    if len(numbers) < 3 or any(b[0] <= a[0] for a, b in pairwise(numbers)):
        return False
    return any(a[1] != b[1] for a, b in pairwise(numbers))


def _count_back(found: list[tuple[Address, Segment | str]]) -> list[tuple[Address, Any]]:
    """Number each gap's headings from the end (see above)."""
    gaps: dict[int, int] = {}
    for address, _ in found:
        if address[0] == "H":
            gaps[int(address[1])] = gaps.get(int(address[1]), 0) + 1
    seen: dict[int, int] = {}
    out: list[tuple[Address, Any]] = []
    for address, thing in found:
        if address[0] == "H":
            gap = int(address[1])
            seen[gap] = seen.get(gap, 0) + 1
            address = ("H", gap, gaps[gap] - seen[gap] + 1)
        out.append((address, thing))
    return out


def through_addresses(units: Sequence[UnitView]) -> dict[str, Address]:
    """Each source unit's address in a text numbered through (:func:`numbered_through`)."""
    by_key = {u.key: u for u in units}
    found: list[tuple[Address, Any]] = []
    items: dict[str, int] = {}
    paragraph = 0
    addressed: dict[str, Address] = {}
    for unit in units:
        if unit.kind is UnitKind.PARAGRAPH and unit.number and unit.number.isdigit():
            paragraph = int(unit.number)
            addressed[unit.key] = ("N", paragraph)
            found.append((("N", paragraph), unit.key))
        elif unit.kind is UnitKind.SUBPARAGRAPH and unit.parent in addressed \
                and len(addressed[unit.parent]) == 2:
            items[unit.parent] = items.get(unit.parent, 0) + 1
            address = (*addressed[unit.parent], items[unit.parent])
            addressed[unit.key] = address
            found.append((address, unit.key))
        elif unit.kind is not UnitKind.SUBPARAGRAPH and (
                unit.kind is not UnitKind.PREAMBLE or (unit.heading or unit.text)):
            parent = by_key.get(unit.parent) if unit.parent else None
            if parent is None or parent.kind is not UnitKind.SUBPARAGRAPH:
                found.append((("H", paragraph, 0), unit.key))
    return {key: address for address, key in _count_back(found)}


def through_segments(text: str, language: str) -> list[Segment]:
    """A translated text numbered through, cut into segments (:func:`through_addresses`):
    a line opening with the next paragraph number starts that paragraph, a lettered line
    within one its next item, a line that ends no sentence is a heading, any other line
    continues what it follows."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    found: list[tuple[Address, Segment]] = []
    paragraph = item = 0
    current: list[str] = []
    address: Address | None = None
    label = ""

    def flush() -> None:
        if address is not None:
            found.append((address, Segment(address, " ".join(current), label)))

    for raw in text.splitlines():
        line = western_digits(raw).strip()
        if not line:
            continue
        para = _PARAGRAPH.match(line)
        value = int(para.group(1)) if para else None
        if para is None and language == "zh" and (cn := _PARAGRAPH_ZH.match(line)):
            para, value = cn, chinese_to_int(cn.group(1))
        if para is not None and value == paragraph + 1:
            flush()
            paragraph, item = paragraph + 1, 0
            address, label, current = ("N", paragraph), para.group(1), [para.group(2).strip()]
            continue
        lettered = (_ITEM_ZH if language == "zh" else
                    _ITEM_AR_LINE if language == "ar" else _ITEM).match(line)
        if lettered is not None and paragraph:
            flush()
            item += 1
            address, label = ("N", paragraph, item), lettered.group(1)
            current = [lettered.group(2).strip()]
            continue
        if address is None or (not _ENDS_SENTENCE.search(line) and len(line) <= 150):
            flush()
            address, label, current = ("H", paragraph, 0), "", [line]
            continue
        current.append(line)
    flush()
    return [Segment(a, seg.text, seg.label) for a, seg in _count_back(list(found))]


def align_text(units: Sequence[UnitView], text: str, language: str) -> Alignment:
    """Align a translated ``text`` with the source revision's ``units``: by article,
    paragraph and item numbers, or, for a text numbered through, by paragraph numbers and
    the headings' places."""
    if numbered_through(units):
        return _align_by(units, through_addresses(units), through_segments(text, language))
    return align(units, segments(text, language))


def _align_by(units: Sequence[UnitView], addresses: dict[str, Address],
              found: Sequence[Segment]) -> Alignment:
    by_address = {address: key for key, address in addresses.items()}
    aligned: dict[str, Segment] = {}
    extra: list[Segment] = []
    for seg in found:
        if not seg.text.strip():
            continue  # a mark with no words after it translates nothing
        key = by_address.get(seg.address)
        if key is None or key in aligned:
            extra.append(seg)
        else:
            aligned[key] = seg
    missing = [u.key for u in units if u.key in addresses and u.key not in aligned]
    return Alignment(aligned, missing, extra)
