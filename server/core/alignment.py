# ruff: noqa: RUF001, RUF002, RUF003  (the six languages' own characters, on purpose)
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
taken for a heading. Where an extraction displaced words (a mark printed after its paragraph
or before the last items of the one above, or lost), :func:`align` gives them back by the
source's items and sentences, only when the counts on both sides agree. Pure: no imports
outside server.core.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, product
from typing import Any

from server.core.languages import LANGUAGES, chinese_to_int, western_digits
from server.core.text import UnitKind, UnitView

Address = tuple[str | int, ...]

_CN = "〇零一二三四五六七八九十百两"
_LATIN_ARTICLE = {
    "en": r"Article", "fr": r"Article", "es": r"Art[íi]culo", "ru": r"Статья",
}
_ROMAN_ORDER = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_ROMAN = set(_ROMAN_ORDER)
_CONJUNCTION = r"(?:et|ou|and|or|y|o|e|и|или)"


def _inline_subitems(text: str, label: str) -> list[tuple[str, str]]:
    """A sub-item's line holding the ones after it, as an extraction runs them together
    ("i) … ; ii) … ; et iii) …"): cut before each next numeral in turn, after a ";" or
    "." and an "and"/"or", so a cross-reference ("l’alinéa a) ii) ci-dessus") stays."""
    out: list[tuple[str, str]] = []
    rank = _ROMAN_ORDER.index(label.lower()) if label.lower() in _ROMAN else -1
    while 0 <= rank < len(_ROMAN_ORDER) - 1:
        after = _ROMAN_ORDER[rank + 1]
        found = re.search(rf"(?<=[;.])\s+(?:{_CONJUNCTION}\s+)?{after}\)\s+", text)
        if found is None:
            break
        out.append((label, text[:found.start()].strip()))
        label, text, rank = after, text[found.end():], rank + 1
    out.append((label, text.strip()))
    return out


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
_SUBITEM_ZH = re.compile(r"^\s*(\d+)[.．]\s*(.*)$", re.S)
#: An Arabic item's letter: one letter, "هـ" written with its tatweel.
_AR_LETTER = r"[\u0621-\u063a\u0641-\u064a]\u0640?"
_ITEM_AR = re.compile(rf"\(({_AR_LETTER})\)\s")


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
    preamble_started = preamble_ended = False
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
            if preamble_ended:
                continue  # a part's heading between the preamble and the first article
            for piece in _preamble_pieces(line, language):
                state.preamble += 1
                state.start(("P", state.preamble), "", piece)
                preamble_ended = bool(re.search(r"[:：]\s*$", piece))
            continue
        if not state.article:
            continue
        para = (_PARAGRAPH_ZH if language == "zh" else _PARAGRAPH).match(line)
        if para:
            value = (chinese_to_int(para.group(1)) if language == "zh"
                     else int(para.group(1)))
            if value is not None and _next_paragraph(state.paragraph, value, para.group(2),
                                                     language) and (
                    language != "zh" or state.item == 0 or value > 0):
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
                words, *subitems = _chinese_subitems(item.group(2), 1)
                state.start((*_paragraph_address(state), state.item), item.group(1), words)
                for sub_words in subitems:
                    state.subitem += 1
                    state.start((*_paragraph_address(state), state.item, state.subitem),
                                str(state.subitem), sub_words)
                continue
            sub = _SUBITEM_ZH.match(line) if state.item else None
            if sub:
                first, *rest = _chinese_subitems(sub.group(2), int(sub.group(1)) + 1)
                # addressed by its number where one before it was lost or run into the item
                state.subitem = max(state.subitem + 1, int(sub.group(1)))
                state.start((*_paragraph_address(state), state.item, state.subitem),
                            sub.group(1), first)
                for sub_words in rest:
                    state.subitem += 1
                    state.start((*_paragraph_address(state), state.item, state.subitem),
                                str(state.subitem), sub_words)
                continue
        else:
            item = _ITEM.match(line)
            kind = _item_or_subitem(state, item.group(1)) if item else ""
            if item and kind == "item" and not _letter_opens_item(state, item.group(1)):
                item = None  # a cross-reference broken across lines: "… alinéa\na) i) …"
            if item:
                if kind == "item":
                    state.item += 1
                    state.subitem = 0
                    state.last_letter = item.group(1).lower()
                    state.start((*_paragraph_address(state), state.item), item.group(1),
                                item.group(2))
                else:
                    for label, words in _inline_subitems(item.group(2), item.group(1)):
                        state.subitem += 1
                        state.start((*_paragraph_address(state), state.item, state.subitem),
                                    label, words)
                continue
        if state.address is None:
            state.start(_paragraph_address(state), "", line)
        elif _is_article_heading_only(state):
            state.unnumbered = 1
            state.start(("A", state.article, "u1"), "", line)
        elif state.address is not None and len(state.address) == 5 and state.address[0] == "A":
            # a sub-item's words going on, with the sub-items after it run into them
            pieces = _inline_subitems(line, state.label)
            state.current.append(pieces[0][1])
            for label, words in pieces[1:]:
                state.subitem += 1
                state.start((*_paragraph_address(state), state.item, state.subitem), label,
                            words)
        else:
            state.current.append(line)
    state.flush()
    return state.segments


#: How far past the last paragraph a line's number may go where marks were lost: "3. Les
#: Parties …" after paragraph 1 is paragraph 3 (2's words, run into 1's, are given back by
#: the source's sentences when aligning), a line "10. ..." after 1 is not.
_LATIN_GAP = 2


def _next_paragraph(paragraph: int, value: int, words: str, language: str) -> bool:
    """Whether a line numbered ``value`` opens the article's next paragraph: the very next
    number, or (where the one between was lost) one more, its words opening as a sentence
    does (a capital, a quotation mark), so a number run over from a line break ("… under
    article\n3. of the Convention") is not taken."""
    if value == paragraph + 1:
        return True
    return language != "zh" and paragraph >= 1 and paragraph < value <= paragraph + _LATIN_GAP \
        and bool(re.match(r"[«“\"(]?\s*[A-ZÀ-ÖØ-ÞА-ЯЁ]", words))


def _chinese_subitems(text: str, number: int) -> list[str]:
    """A Chinese item's or sub-item's words and the sub-items run into them ("请其提交：
    1．…； 2．…；"): each next number in turn, with its full stop, after a "；" or "：" (or
    opening the item's words, where the translation has none of its own before its list)."""
    out: list[str] = []
    start = 0
    while True:
        found = re.compile(rf"(?:(?<=[；;：:])|^)\s*{number}[.．]\s*").search(text, start)
        if found is None:
            break
        out.append(text[start:found.start()].strip())
        number, start = number + 1, found.end()
    out.append(text[start:].strip())
    return out


def _letter_opens_item(state: _State, letter: str) -> bool:
    """Whether a line opening with "a)" opens the next item rather than going on with a
    cross-reference the extraction broke across lines ("… du paragraphe" then "a) i) du
    présent article"): not a letter at or before the last item's, unless a list starts
    again after a colon."""
    rank, last = _item_rank(letter), _item_rank(state.last_letter)
    if not state.item or rank is None or last is None or rank > last:
        return True
    before = state.current[-1].rstrip() if state.current else ""
    return rank == 1 and before.endswith((":", "："))


def _is_article_heading_only(state: _State) -> bool:
    return False


_PREAMBLE_START = re.compile(r"(Parties|Partes|Стороны|الأطراف|缔约方)")


def _looks_like_preamble_start(line: str) -> bool:
    return bool(_PREAMBLE_START.search(line))


#: The preamble's heading as each language prints it, run into its first paragraph when a
#: text is extracted from a PDF ("PRÉAMBULE Les Parties", "序言本协定", "الاتفاق، الديباجة إذ").
_PREAMBLE_WORD = re.compile(r"\b(?:PREAMBLE|PRÉAMBULE|PREÁMBULO|ПРЕАМБУЛА)\b\s*|^\s*序言|"
                            r"(?<![\u0600-\u06ff])الديباجة(?![\u0600-\u06ff])\s*")
_CAPITALISED = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ’']"
#: Where a preambular paragraph begins in a preamble run into one line, after the comma
#: ending the one before: a capitalised word (Recalling, Rappelant, Recordando); in Russian
#: a verbal adverb (ссылаясь, признавая, памятуя, будучи), not one that reads as a
#: preposition (включая, including); in Chinese a preambular verb (回顾, 认识到, 铭记);
#: in Arabic "إذ" / "وإذ" (whereas) or "و... منها" (ورغبة منها, desiring).
_PREAMBULAR: dict[str, re.Pattern[str]] = {
    "latin": re.compile(rf"(?<=[,;])\s+(?={_CAPITALISED})"),
    "ru": re.compile(r"(?<=,)\s+(?=(?:вновь\s+)?(?!(?:включая|начиная|исключая|благодаря)\s)"
                     r"[а-яё]+(?:[аяу]я|юя|ясь|аясь|учи|ючи|[аи]в)[\s,])"),
    "zh": re.compile(r"(?<=，)(?=又?(?:回顾|强调|认识到|意识到|确认|重申|铭记|希望|承认|"
                     r"尊重|致力于|期望|注意到|关切|深信|决心|考虑到|欢迎|申明|认为|确信|兹))"),
    "ar": re.compile(r"(?:(?<=،)|(?<=\s))\s*(?=و?[إا]ذ\s|و[\u0621-\u064a]+\s+منها\s)"),
}


def _preamble_pieces(text: str, language: str) -> list[str]:
    """A preamble run into one line (as extraction from a PDF gives it) cut into its
    paragraphs: its heading word taken off, each paragraph's opening word
    (:data:`_PREAMBULAR`) cutting it after the comma before, and the operative formula ("Have
    agreed as follows:", "согласились о нижеследующем:", "قد اتفقت على ما يلي:") after the
    last comma of the words ending in a colon. A line with fewer than two such openings is
    one paragraph (a preamble printed a paragraph to a line)."""
    rule = _PREAMBULAR.get(language, _PREAMBULAR["latin"])
    pieces = [p.strip() for p in rule.split(text) if p.strip()]
    if len(pieces) < 3:
        return [text.strip()] if text.strip() else []
    pieces[0] = _PREAMBLE_WORD.sub("", pieces[0]).strip()
    last = pieces[-1]
    comma = max(last.rfind(","), last.rfind("،"), last.rfind("，"))
    if re.search(r"[:：]\s*$", last) and comma > 0 and _LETTER.search(last[comma + 1:]):
        pieces[-1:] = [last[:comma + 1].strip(), last[comma + 1:].strip()]
    return [p for p in pieces if p]


#: How far ahead of the last paragraph mark the next may be in Arabic text extracted from a
#: PDF, where some marks are lost or run together ("- 2 - 3"): a later paragraph still aligns.
_AR_GAP = 3


#: An Arabic article heading: "المادة n" as a word of its own (not "بالمادة n") followed by
#: its title's words; "بموجب المادة 15." or "المادة 14؛" is a cross-reference, not a heading.
_AR_HEADING = r"(?<![\u0600-\u06ff])المادة\s+([0-9٠-٩]+)(?=\s*$|\s+[^\s.,،؛:;)0-9٠-٩])"


_AR_MARKS = re.compile(
    _AR_HEADING
    + r"|(?:(?<=\s)|^)-\s?([0-9٠-٩]+)[.،]?(?=\s)"
    + rf"|\(({_AR_LETTER})\)\s"
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
        paragraph = left_before = 0
        for match in _AR_MARKS.finditer(line):
            canonical = ""
            if match.group(1):
                number = int(western_digits(match.group(1)))
                if number != article + 1:
                    continue
                article = number
                paragraph = left_before = 0
            elif match.group(3):
                pass  # an item's letter "(ب)"
            else:
                dashed = match.group(2) or match.group(4)
                after = line[match.end():].lstrip()
                number = int(western_digits(dashed or match.group(5)))
                if match.group(2) and (not after or after.startswith("-")):
                    if paragraph < number <= paragraph + _AR_GAP:
                        left_before = number
                    continue  # "-1" printed at the end of its paragraph: not a mark
                if dashed and not (paragraph < number <= paragraph + _AR_GAP
                                   or number == left_before + 1):
                    # a mark lost in extraction leaves a gap: the next ones count, and
                    # in a run "- 3 - 4" the mark after the one left before it
                    continue
                if match.group(5) and not (paragraph >= 1 and number == paragraph + 1):
                    continue  # a bare number counts only as the very next paragraph
                paragraph, left_before = number, 0
                canonical = f"- {number} "
            pieces.append(prefix + line[start:match.start()])
            if canonical:
                prefix, start = canonical, match.end()
            else:
                prefix, start = "", match.start()
        pieces.append(prefix + line[start:])
        out.extend(piece for piece in pieces if piece.strip())
    return out


def _orphan_mark(state: _State, value: int, take: bool = True) -> int | None:
    """The number of a paragraph mark left with no words at the end of the segment so far
    ("... - 2" before "- 3"), taken off it unless not ``take``; None when there is none."""
    if not state.current:
        return None
    found = re.search(r"\s-\s?([0-9٠-٩]+)\s*$", " " + state.current[-1])
    if found is None:
        return None
    number = int(western_digits(found.group(1)))
    if not state.paragraph < number < value:
        return None
    if not take:
        return number
    state.current[-1] = (" " + state.current[-1])[:found.start()].strip()
    return number


def _heading_before_run(state: _State) -> bool:
    """Whether the article's words so far are its heading and a "- 1" after it with no
    words ("اتخاذ القرارات -1" before "- 2"): a run "- 1 - 2" of marks before both
    paragraphs' words, not paragraph 1's words with its mark printed after them."""
    words = " ".join(state.current) if state.address else ""
    if any(s.address[:2] == ("A", state.article) and len(s.address) > 2
           for s in state.segments):
        return False
    found = re.search(r"\s-\s?[1١]\s*$", f" {words}")
    return found is not None and not re.search(r"[.!?؟:؛;]", words[:found.start()])


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


def _opens_an_item(state: _State, letter: str) -> bool:
    """Whether "(letter)" at the start of a piece opens an item rather than going on with
    a cross-reference the extraction broke across lines: not after a number ("الفقرة 3"
    then "(ب) أعلاه", paragraph 3 (b) above), not a letter at or before the last item's
    ("(ب) ..." then "(أ) أعلاه") unless a list starts again after a colon."""
    before = state.current[-1].rstrip() if state.current else ""
    if re.search(r"[^\W\d_]\s*[0-9٠-٩]+$", before):
        return False
    rank, last = _item_rank(letter), _item_rank(state.last_letter)
    if state.item and rank is not None and last is not None and rank <= last:
        return rank == 1 and before.endswith((":", "："))
    return True


def _arabic_subitems(text: str) -> list[str]:
    """An Arabic item's words and the sub-items run into them ("ما يلي: 1 آراء …؛ 2 أي
    …؛ 3 …"): the item's words end at a colon before "1", and each next number in turn
    (printed twice, "'2' 2", as the extraction may) opens a sub-item after a "؛" (and an
    "أو"); a number after a word ("الفقرة 1") is a cross-reference. Only the item's words
    when none follows."""
    out: list[str] = []
    number, start = 1, 0
    while True:
        before = r"[:：]" if number == 1 else r"[؛;.]"
        found = re.compile(rf"(?<={before})\s+(?:أو\s+|و\s*)?(?:['‘’]{number}['‘’]\s+)?(?:{number}|"
                           rf"{chr(0x660 + number) if number < 10 else number})\s+"
                           r"(?=[\u0621-\u064a])").search(text, start)
        if found is None:
            break
        out.append(text[start:found.start()].strip())
        number, start = number + 1, found.end()
    out.append(text[start:].strip())
    return out if len(out) > 2 else [text]


def _arabic_segments(text: str) -> list[Segment]:
    state = _State()
    seen_first: dict[int, bool] = {}
    preamble: list[str] | None = None
    preamble_ended = False
    for piece in _arabic_lines(text):
        article = re.match(r"المادة\s+([0-9٠-٩]+)\s*(.*)$", piece, re.S)
        if article and int(western_digits(article.group(1))) == state.article + 1:
            _begin_article(state, int(western_digits(article.group(1))),
                           piece[:article.start(2)].strip(), article.group(2))
            continue
        if not state.article:
            if preamble is None and _looks_like_preamble_start(piece):
                preamble = []
            if preamble is not None and not preamble_ended:
                # the preamble runs to the colon of its operative formula ("قد اتفقت على
                # ما يلي:"); a part's heading may follow it on the line
                words, colon, _ = piece.partition(":")
                preamble.append(words + colon)
                if colon:
                    preamble_ended = True
                    for n, part in enumerate(_preamble_pieces(" ".join(preamble), "ar"), 1):
                        state.start(("P", n), "", part)
                    state.flush()
            continue
        para = re.match(r"-\s?([0-9٠-٩]+)\s+(.*)$", piece, re.S)
        if para:
            value = int(western_digits(para.group(1)))
            if value == 2 and state.paragraph == 0 and not seen_first.get(state.article) \
                    and not _heading_before_run(state):
                # "- 1" printed after its paragraph: the text before "- 2" is paragraph 1
                _renumber_first(state)
                state.paragraph = 1
            left = _orphan_mark(state, value, take=False)
            if state.paragraph < value <= state.paragraph + _AR_GAP or (
                    left is not None and left <= state.paragraph + _AR_GAP
                    and value == left + 1):
                seen_first[state.article] = True
                run = _orphan_mark(state, value)
                state.paragraph = value
                state.item = 0
                state.last_letter = ""
                text = re.sub(r"\s-\s?1\s*$", "", para.group(2))
                if run is not None:
                    # "- 2 - 3 <text of 2> <text of 3>" or "<text of 2> - 2 - 3 <text of
                    # 3>": which words are whose the source's sentences tell (align); when
                    # they cannot, the preview lists the run among the parts that match no
                    # paragraph.
                    state.start(("A", state.article, f"run{run}-{value}"), f"{run}-{value}",
                                text)
                else:
                    state.start(("A", state.article, value), para.group(1), text)
                continue
        item = re.match(rf"\(({_AR_LETTER})\)\s+(.*)$", piece, re.S)
        if item and _opens_an_item(state, item.group(1)):
            state.item += 1
            state.last_letter = item.group(1)
            words, *subitems = _arabic_subitems(item.group(2))
            state.start((*_paragraph_address(state), state.item), item.group(1), words)
            for n, sub in enumerate(subitems, 1):
                state.start((*_paragraph_address(state), state.item, n), str(n), sub)
            continue
        if state.address is None:
            state.start(_paragraph_address(state), "", piece)
        else:
            state.current.append(piece)
    state.flush()
    return state.segments


def segments(text: str, language: str) -> list[Segment]:
    """The translated ``text`` in ``language`` cut into addressed segments, in order."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language == "ar":
        return _arabic_segments(text)
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
    them (the definitions of 第一条 are （一）, （二）), read the items as the paragraphs:
    when the article has as many lettered items before any paragraph as the source has
    numbered paragraphs (fewer or more are a list of the article's opening words)."""
    numbered: dict[str | int, int] = {}
    for a in addresses.values():
        if a[0] == "A" and len(a) == 3 and isinstance(a[2], int):
            numbered[a[1]] = numbered.get(a[1], 0) + 1
    lettered: dict[str | int, int] = {}
    for s in found:
        if s.address[0] == "A" and len(s.address) == 4 and s.address[2] == "u1":
            lettered[s.address[1]] = lettered.get(s.address[1], 0) + 1
    own = {s.address[1] for s in found if s.address[0] == "A" and len(s.address) == 3
           and isinstance(s.address[2], int)}
    out: list[Segment] = []
    for seg in found:
        a = seg.address
        if a[0] == "A" and len(a) == 4 and a[1] in numbered and a[1] not in own \
                and a[2] == "u1" and lettered.get(a[1]) == numbered[a[1]]:
            seg = Segment(("A", a[1], a[3]), seg.text, seg.label)
        out.append(seg)
    return out


# Restoring what an extraction displaced, by the source's own structure. The segmenter
# reads marks only; some texts (Arabic extracted from a PDF in right-to-left order above
# all) print a mark after its paragraph, drop it, or put it before the last item of the
# paragraph above. Once the source is known, its paragraphs' items and sentences say whose
# words are whose. Each rule acts only on paragraphs no segment translates yet, and only
# when the counts on both sides agree exactly; otherwise the words stay where they were
# and the paragraph stays missing (the preview lists it).

#: A sentence ends at ".", "!", "?" or "؟" before a space and a word that does not go on
#: in lower case ("e.g. the" does not end one), or at "。", "！", "？".
_SENTENCE_BREAK = re.compile(r"(?<=[.!?؟])\s+(?=[^\sa-zа-яё0-9])|(?<=[。！？])")
_LETTER = re.compile(r"[^\W\d_]")
_OPENS_WITH_ITEM = re.compile(rf"^\s*[(（]?([a-zа-я]|{_AR_LETTER}|[{_CN}]+)[)）]\s")
#: The letters items are lettered with, in order, per script (Russian skips й and ё).
_ITEM_LETTERS = ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшщэюя",
                 "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ")


def _sentences(text: str) -> list[str]:
    """``text`` cut after each sentence's end. A piece with no letter in it (a mark the
    extraction left, "- 4") is dropped, a dash left before the words (a mark that lost its
    number) is taken off, and words after the last sentence's end that end none themselves
    stay with it (a heading run on), unless they are all there is or end with a colon (the
    words before a list).

    >>> _sentences("Parties shall act. They shall report. - 4")
    ['Parties shall act.', 'They shall report.']
    >>> _sentences("Parties shall act, e.g. now. - They shall report:")
    ['Parties shall act, e.g. now.', 'They shall report:']
    """
    pieces = [re.sub(r"^[-–]\s*", "", p.strip()) for p in _SENTENCE_BREAK.split(text)]
    pieces = [p for p in pieces if _LETTER.search(p)]
    if len(pieces) > 1 and not re.search(r"[.!?؟。！？:：]$", pieces[-1]):
        pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]
    return pieces


def _joined(pieces: Iterable[str]) -> str:
    """Sentences put back together (no space after a Chinese full stop)."""
    out = ""
    for piece in pieces:
        out += piece if not out or out.endswith(("。", "！", "？")) else f" {piece}"
    return out


def _item_rank(label: str) -> int | None:
    """An item's place in its list from its letter or numeral ("c" → 3, "هـ" → 5, "三" →
    3); None when the label is none of these."""
    label = label.strip("()（）").replace("\u0640", "").lower()
    for letters in _ITEM_LETTERS:
        if len(label) == 1 and label in letters:
            return letters.index(label) + 1
    return chinese_to_int(label) if label and all(c in _CN for c in label) else None


@dataclass
class _Source:
    """A numbered paragraph of the source: its words and its items' words."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class _Block:
    """A paragraph-level segment of a translated article and the items after it."""

    address: Address
    text: str
    label: str
    items: list[Segment] = field(default_factory=list)

    @property
    def number(self) -> int | None:
        return self.address[2] if isinstance(self.address[2], int) else None

    def own_items(self) -> list[Segment]:
        return [s for s in self.items if len(s.address) == 4]


def _renumbered(items: Iterable[Segment], base: Address) -> list[Segment]:
    """``items`` (with their sub-items) addressed again under ``base``, in order."""
    out: list[Segment] = []
    n = 0
    for seg in items:
        if len(seg.address) == 4:
            n += 1
            out.append(Segment((*base, n), seg.text, seg.label))
        else:
            out.append(Segment((*base, n, *seg.address[4:]), seg.text, seg.label))
    return out


def _with_sub_items(block: _Block, count: int) -> tuple[list[Segment], list[Segment]]:
    """The block's first ``count`` items with their sub-items, and the rest."""
    seen = 0
    for i, seg in enumerate(block.items):
        if len(seg.address) == 4:
            if seen == count:
                return block.items[:i], block.items[i:]
            seen += 1
    return block.items, []


def _letters_follow(before: list[Segment], after: list[Segment]) -> bool:
    """Whether ``after``'s letters go on from ``before``'s (from the first letter when
    ``before`` is empty); true when a label's place cannot be told."""
    ranks = [_item_rank(s.label) for s in before + after]
    if any(r is None for r in ranks):
        return True
    return ranks == list(range(1, len(ranks) + 1))


def _give_back_items(blocks: list[_Block], source: dict[int, _Source]) -> None:
    """Paragraph k's mark printed before the last items of paragraph k-1 ("- 6 (d) ...
    . <6's words>"): when k's own words are empty, k-1 lacks d items of the source's and
    k holds d items more than the source's k, lettered on from k-1's, those items go back
    to k-1 and the last one's sentences beyond its source item's are k's words."""
    for prev, cur in pairwise(blocks):
        k = cur.number
        if k is None or cur.text.strip() or prev.number != k - 1 or k not in source \
                or k - 1 not in source:
            continue
        owed = len(source[k - 1].items) - len(prev.own_items())
        if owed < 1 or len(cur.own_items()) - len(source[k].items) != owed:
            continue
        moved, kept = _with_sub_items(cur, owed)
        last = moved[-1]
        if len(last.address) != 4 or not _letters_follow(prev.own_items(),
                                                         [s for s in moved
                                                          if len(s.address) == 4]):
            continue
        pieces = _sentences(last.text)
        need = len(_sentences(source[k - 1].items[-1]))
        if len(pieces) <= need or need == 0:
            continue
        moved[-1] = Segment(last.address, _joined(pieces[:need]), last.label)
        cur.text = _joined(pieces[need:])
        prev.items = _renumbered(prev.items + moved, prev.address)
        cur.items = _renumbered(kept, cur.address)


def _first_item_as_words(blocks: list[_Block], source: dict[int, _Source]) -> None:
    """A source paragraph whose words open with its first item ("4. (a) ...; (b) ..."):
    when the translation's paragraph has no words of its own and one item more than the
    source's, its first item is its words."""
    for block in blocks:
        k = block.number
        if k is None or block.text.strip() or k not in source:
            continue
        opening = _OPENS_WITH_ITEM.match(source[k].text)
        own = block.own_items()
        if opening is None or _item_rank(opening.group(1)) != 1 \
                or len(own) != len(source[k].items) + 1 or _item_rank(own[0].label) != 1:
            continue
        first, rest = _with_sub_items(block, 1)
        if len(first) != 1:
            continue  # the first item has sub-items of its own: not the paragraph's words
        block.text = f"({first[0].label}) {first[0].text}"
        block.items = _renumbered(rest, block.address)


def _tail(block: _Block, source: _Source) -> tuple[str, str] | None:
    """The translation's last words in ``block`` (its last item's, or its own when it has
    no items) and the source's counterpart; None when they cannot be paired."""
    own = block.own_items()
    if own:
        if len(own) != len(source.items) or len(block.items[-1].address) != 4:
            return None
        return block.items[-1].text, source.items[-1]
    return (block.text, source.text) if not source.items else None


def _set_tail(block: _Block, text: str) -> None:
    if block.own_items():
        last = block.items[-1]
        block.items[-1] = Segment(last.address, text, last.label)
    else:
        block.text = text


def _misfit(pairs: list[tuple[str, str]]) -> float | None:
    """How far the translated texts' lengths stray from their sources', in the proportion
    the texts have together (a language runs longer or shorter than another, evenly): the
    largest factor, or None when one is more than twice or less than half its share."""
    translated = sum(len(t) for t, _ in pairs)
    original = sum(len(s) for _, s in pairs)
    if not translated or not original or not all(s for _, s in pairs):
        return None
    ratio = translated / original
    factors = [max(f, 1 / f) if f else math.inf
               for f in ((len(t) / len(s)) / ratio for t, s in pairs)]
    return max(factors) if max(factors) <= 2 else None


def _fill_gap(blocks: list[_Block], source: dict[int, _Source], run: list[int],
              left: int | None, right: int | None) -> None:
    """Source paragraphs ``run`` (between the translated ``left`` and ``right``) that no
    segment translates: the translation's words between those two paragraphs are theirs
    when they cut at sentence ends into as many sentences as the source's paragraphs
    have, in order, each part in proportion to its source's length. A list in between
    stays with the paragraph whose words it follows; the sentences a list's last item
    or ``left`` holds beyond its source's (a mark printed after its paragraph) count as
    words of the paragraphs that follow, when that reading fits the lengths best."""
    start = 0
    if left is not None:
        start = next(i for i, b in enumerate(blocks) if b.number == left) + 1
    end = len(blocks) if right is None else next(
        (i for i, b in enumerate(blocks) if b.number == right), -1)
    if end < start:
        return
    while left is None and start < end and blocks[start].number is None \
            and not blocks[start].items and not str(blocks[start].address[2]).startswith("mark") \
            and not re.search(r"[.!?؟。！？:：]", blocks[start].text):
        start += 1  # a heading before the first paragraph keeps its place
    marks = [b for b in blocks[start:end] if str(b.address[2]).startswith("mark")]
    between = [b for b in blocks[start:end] if b not in marks]
    counts = [len(_sentences(source[k].text)) for k in run]
    if 0 in counts:
        return
    for block in between:
        a = block.address[2]
        if isinstance(a, int) and (a not in run or block.text.strip()):
            return
    tail = _tail(blocks[start - 1], source[left]) if left is not None and start else None
    tail_options: list[list[str]] = [[]]
    if tail is not None:
        tail_pieces = _sentences(tail[0])
        extra = len(tail_pieces) - len(_sentences(tail[1]))
        if extra > 0:
            tail_options.append(tail_pieces[-extra:])
    #: for each block with a list: (paragraph it must be under or None, its last item's
    #: sentences beyond that paragraph's last source item's)
    list_options: list[list[tuple[int | None, list[str]]]] = []
    for block in between:
        if not block.items:
            continue
        options: list[tuple[int | None, list[str]]] = [(None, [])]
        last = block.items[-1]
        if len(last.address) == 4:
            pieces = _sentences(last.text)
            for k in run:
                if source[k].items and len(source[k].items) == len(block.own_items()):
                    extra = len(pieces) - len(_sentences(source[k].items[-1]))
                    if extra > 0:
                        options.append((k, pieces[-extra:]))
        list_options.append(options)
    ends = [sum(counts[:i + 1]) for i in range(len(counts))]
    #: the readings that fit, each with how far its lengths stray: the closest is taken
    fits: list[tuple[float, list[str], str, dict[int, list[Segment]], bool]] = []
    for taken, chosen in product(tail_options, product(*list_options)):
        words = list(taken)
        #: (sentences before the list, its block, the paragraph it must be under, surplus)
        lists: list[tuple[int, _Block, int | None, list[str]]] = []
        choice = iter(chosen)
        for block in between:
            words += _sentences(block.text)
            if block.items:
                under, surplus = next(choice)
                lists.append((len(words), block, under, surplus))
                words += surplus
        if len(words) != sum(counts) or not _lists_in_place(lists, run, ends):
            continue
        parts = [_joined(words[e - c:e]) for e, c in zip(ends, counts, strict=True)]
        pairs = [(part, source[k].text) for part, k in zip(parts, run, strict=True)]
        kept = ""
        if taken and tail is not None:
            kept = _joined(_sentences(tail[0])[:-len(taken)])
            pairs.append((kept, tail[1]))
        items: dict[int, list[Segment]] = {}
        for before, block, _, surplus in lists:
            k = run[ends.index(before)]
            moved = list(block.items)
            if surplus:
                last = moved[-1]
                trimmed = _joined(_sentences(last.text)[:-len(surplus)])
                moved[-1] = Segment(last.address, trimmed, last.label)
                pairs.append((trimmed, source[k].items[-1]))
            items.setdefault(k, []).extend(moved)
        misfit = _misfit(pairs)
        if misfit is not None:
            fits.append((misfit, parts, kept, items, bool(taken)))
    if not fits:
        return
    _, parts, kept, items, took = min(fits, key=lambda fit: fit[0])
    if took:
        _set_tail(blocks[start - 1], kept)
    article = blocks[0].address[1]
    blocks[start:end] = [
        _Block(("A", article, k), part, str(k),
               _renumbered(items.get(k, []), ("A", article, k)))
        for k, part in zip(run, parts, strict=True)] + marks


def _lists_in_place(lists: list[tuple[int, _Block, int | None, list[str]]], run: list[int],
                    ends: list[int]) -> bool:
    """Whether each list comes right after the last sentence of a paragraph of ``run``
    (its own, when its block is numbered, or the one its surplus was reckoned for)."""
    for before, block, under, _ in lists:
        if before not in ends:
            return False
        k = run[ends.index(before)]
        if (block.number is not None and block.number != k) or under not in (None, k):
            return False
    return True


def _debris(text: str, original: str) -> bool:
    """Whether a paragraph's words are what an extraction left by a mark rather than the
    paragraph ("- 3 -1 - 2 يُنشأ"): a word or two that end no sentence, against a source
    paragraph more than four times as long."""
    words = [w for w in text.split() if _LETTER.search(w)]
    return len(words) < 3 and not re.search(r"[.!?؟:؛;。：；]", text) \
        and 4 * len(text) < len(original)


def _fill_gaps(blocks: list[_Block], source: dict[int, _Source]) -> None:
    """Each run of the article's source paragraphs that no segment translates filled
    where :func:`_fill_gap` can tell whose words are whose; a mark's leftover words
    (:func:`_debris`) are first set aside as a part matching no paragraph."""
    numbers = sorted(source)
    for i, block in enumerate(blocks):
        k = block.number
        if k in source and not block.items and block.text.strip() \
                and _debris(block.text, source[k].text):
            blocks[i] = _Block(("A", block.address[1], f"mark{k}"), block.text, block.label)
    present = {b.number for b in blocks if b.number is not None and b.text.strip()}
    runs: list[list[int]] = []
    for i, k in enumerate(numbers):
        if k in present:
            continue
        if runs and numbers.index(runs[-1][-1]) == i - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        i, j = numbers.index(run[0]), numbers.index(run[-1])
        left = numbers[i - 1] if i > 0 else None
        right = numbers[j + 1] if j + 1 < len(numbers) else None
        _fill_gap(blocks, source, run, left, right)


#: Where an Arabic article's first sentence may begin after its title run into it: before
#: a verb in the imperfect (يجوز, تكفل, تُنشأ), as an article's paragraphs open, or a
#: particle opening a clause (عندما, إذا, لا), where its title is a noun phrase (الرصد
#: والشفافية, اللجنة المعنية بالتنفيذ والامتثال).
_AR_VERB_START = re.compile(r"(?<=\s)(?:[يت][\u064b-\u0652]?[\u0621-\u064a]{2,}"
                            r"|(?:عندما|إذا|لا|ليس|عند|بعد|لأغراض|ما لم)\s)")
#: Words after which a verb goes on with a clause rather than opening a sentence (التي
#: ستضعها, فيما يتعلق: "to be developed by", "related to").
_AR_CLAUSE = {"التي", "الذي", "اللذان", "اللتان", "الذين", "اللاتي", "فيما", "أن", "كي",
              "لكي", "مما", "ما", "قد", "لا"}
#: What a title does not hold: a sentence's end or a mark's number.
_NOT_A_TITLE = re.compile(r"[.!?؟:;؛。：；0-9٠-٩]")


def _title_run_in(blocks: list[_Block], title: str | None, source: dict[int, _Source],
                  ) -> None:
    """The article's title run into its first paragraph where the mark between them was
    lost ("الرصد والشفافية يتحقق الرصد ..."): when the source's words before paragraph 1 are
    a title only (no sentence's end, no number) and the translation has none, the words
    before the first sentence are the title's, that sentence opening with a verb, the cut
    first not after a word that goes on with a clause (:data:`_AR_CLAUSE`) where both parts
    are in proportion to their sources' lengths (:func:`_misfit`: a noun opening as a verb
    does, "تقارير تقييم الأثر", leaves too short a title); otherwise the words stay
    paragraph 1's."""
    if not title or _NOT_A_TITLE.search(title) or 1 not in source or not blocks \
            or blocks[0].number != 1 or any(b.number is None and not str(
                b.address[2]).startswith("mark") for b in blocks):
        return
    first, original = blocks[0], source[1].text
    for verb in _AR_VERB_START.finditer(first.text):
        head, rest = first.text[:verb.start()].strip(), first.text[verb.start():].strip()
        if not head or _NOT_A_TITLE.search(head):
            return
        if head.split()[-1] in _AR_CLAUSE:
            continue
        if _misfit([(head, title), (rest, original)]) is not None:
            first.text = rest
            blocks.insert(0, _Block((*first.address[:2], "u1"), head, ""))
            return


def _sources(units: Sequence[UnitView], addresses: dict[str, Address],
             ) -> dict[int, dict[int, _Source]]:
    """The source's numbered paragraphs by article and number, with their items."""
    out: dict[int, dict[int, _Source]] = {}
    for unit in units:
        a = addresses.get(unit.key)
        if a is None or a[0] != "A" or not isinstance(a[1], int) or len(a) < 3 \
                or not isinstance(a[2], int):
            continue
        article = out.setdefault(a[1], {})
        if len(a) == 3:
            article[a[2]] = _Source(unit.text)
        elif len(a) == 4 and a[2] in article:
            article[a[2]].items.append(unit.text)
    return out


def _restored(found: list[Segment], units: Sequence[UnitView],
              addresses: dict[str, Address]) -> list[Segment]:
    """``found`` with each article's displaced words given back (the rules above)."""
    sources = _sources(units, addresses)
    titles = {int(a[1]): u.text for u in units
              if (a := addresses.get(u.key)) is not None and a[0] == "A" and len(a) == 3
              and a[2] == "u1"}
    out: list[Segment] = []
    i = 0
    while i < len(found):
        seg = found[i]
        a = seg.address
        if a[0] != "A" or len(a) != 2 or a[1] not in sources:
            out.append(seg)
            i += 1
            continue
        out.append(seg)
        j = i + 1
        while j < len(found) and found[j].address[0] == "A" and len(found[j].address) > 2 \
                and found[j].address[1] == a[1]:
            j += 1
        blocks: list[_Block] = []
        for part in found[i + 1:j]:
            if len(part.address) == 3:
                blocks.append(_Block(part.address, part.text, part.label))
            elif blocks:
                blocks[-1].items.append(part)
            else:
                blocks = []
                break
        if blocks and len(blocks) + sum(len(b.items) for b in blocks) == j - i - 1:
            source = sources[int(a[1])]
            _give_back_items(blocks, source)
            _first_item_as_words(blocks, source)
            _fill_gaps(blocks, source)
            _title_run_in(blocks, titles.get(int(a[1])), source)
            for block in blocks:
                out.append(Segment(block.address, block.text, block.label))
                out.extend(block.items)
        else:
            out.extend(found[i + 1:j])
        i = j
    return out


def _preamble_checked(found: list[Segment], units: Sequence[UnitView],
                      addresses: dict[str, Address]) -> list[Segment]:
    """The translation's preamble paragraphs align by their place only when they are as
    many as the source's and their lengths keep to the source's (:func:`_misfit`): a
    paragraph cut in two or run into the next would shift all those after it, so then none
    aligns (each is listed as a part matching no paragraph)."""
    originals = [u.text for u in units if addresses.get(u.key, ("",))[0] == "P"]
    translated = [s for s in found if s.address[0] == "P" and s.text.strip()]
    if not translated or (len(translated) == len(originals) and _misfit(
            [(s.text, o) for s, o in zip(translated, originals, strict=True)]) is not None):
        return found
    return [Segment(("P", f"x{s.address[1]}"), s.text, s.label) if s.address[0] == "P" else s
            for s in found]


def align(units: Sequence[UnitView], found: Sequence[Segment]) -> Alignment:
    """Align the segments of a translation with the source revision's ``units``."""
    addresses = source_addresses(units)
    found = _preamble_checked(list(found), units, addresses)
    return _align_by(units, addresses,
                     _restored(_as_paragraphs(found, addresses), units, addresses))


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

_ITEM_AR_LINE = re.compile(rf"^\s*\(?({_AR_LETTER})\)\s+(.*)$", re.S)
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
