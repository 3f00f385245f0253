"""What a person typed in the search box, as terms both databases understand, and where
those terms stand in a text (the snippet with its matched words marked).

Pure: no database. The syntax is words (all must match), "quoted phrases" and prefixes
(``migra*``). Words are compared without case or accents, as both indexes do (SQLite's
unicode61 tokenizer with remove_diacritics, PostgreSQL's unaccent dictionary), so the marks
in a snippet fall where the index matched.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from server.core.errors import Invalid

#: A word as both tokenizers cut text: letters and digits (any script), marks included.
_WORD: Final = re.compile(r"[^\W_]+")
_TOKEN: Final = re.compile(r'"([^"]*)("?)|(\S+)')
MAX_TERMS: Final = 12
MIN_PREFIX: Final = 2
SNIPPET_CHARS: Final = 220


@dataclass(frozen=True, slots=True)
class Term:
    """One thing every hit contains: a word, a phrase (several words in a row) or a prefix."""

    #: Normalised words (case and accents removed), in order.
    words: tuple[str, ...]
    #: The last word is a prefix (``migra*``).
    prefix: bool = False
    #: As typed (``A/RES/73/195``): PostgreSQL's parser keeps some such tokens whole (a
    #: document symbol, a file name, an address), where SQLite's cuts them into words.
    typed: str = ""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[Term, ...]

    def fts5(self) -> str:
        """The FTS5 MATCH expression: every term quoted, so nothing typed is FTS5 syntax.

        >>> parse('migrant "due process" regula*').fts5()
        '"migrant" AND "due process" AND "regula"*'
        """
        return " AND ".join(
            '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in self.terms)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery`` text: words quoted, phrases with ``<->``.

        >>> parse('migrant "due process" regula*').tsquery()
        "'migrant' & ('due' <-> 'process') & 'regula':*"
        """
        parts = []
        for term in self.terms:
            words = [f"'{w}'" for w in term.words]
            if term.prefix:
                words[-1] += ":*"
            parts.append(words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")")
        return " & ".join(parts)

    def tsquery_terms(self) -> list[tuple[str, str | None]]:
        """Each term's ``to_tsquery`` text, and the text as typed to match also as
        PostgreSQL's parser reads it (``phraseto_tsquery``; None for prefixes).

        >>> parse('A/RES/73/195 migra*').tsquery_terms()
        [("'a' <-> 'res' <-> '73' <-> '195'", 'A/RES/73/195'), ("'migra':*", None)]
        """
        found: list[tuple[str, str | None]] = []
        for term in self.terms:
            words = [f"'{w}'" for w in term.words]
            if term.prefix:
                words[-1] += ":*"
            found.append((" <-> ".join(words), None if term.prefix else term.typed))
        return found


def fold(text: str) -> str:
    """A word as the indexes compare it: no case, no accents.

    >>> fold("Migración"), fold("RÉGULARISATION")
    ('migracion', 'regularisation')
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse(typed: str) -> SearchQuery:
    """The terms of a search; Invalid (422) for what cannot be searched, worded for people.

    >>> [(t.words, t.prefix) for t in parse('"safe and orderly" return*').terms]
    [(('safe', 'and', 'orderly'), False), (('return',), True)]
    """
    terms: list[Term] = []
    for match in _TOKEN.finditer(typed):
        phrase, closed, bare = match.groups()
        if bare is None:
            if not closed:
                raise Invalid("A quoted phrase has no closing quotation mark.",
                              details={"field": "q"})
            words = tuple(fold(w) for w in _WORD.findall(phrase))
            if words:
                terms.append(Term(words, typed=phrase))
            continue
        if '"' in bare:
            raise Invalid("Quotation marks go around a whole phrase: \"due process\".",
                          details={"field": "q"})
        prefix = bare.endswith("*")
        stem = bare.rstrip("*") if prefix else bare
        if "*" in stem:
            raise Invalid("A * goes at the end of a word, to find every word it begins "
                          "(migra* finds migrant and migration).", details={"field": "q"})
        words = tuple(fold(w) for w in _WORD.findall(stem))
        if not words:
            if prefix:
                raise Invalid("A * goes at the end of a word (migra*).",
                              details={"field": "q"})
            continue
        if prefix and len(words[-1]) < MIN_PREFIX:
            raise Invalid(f"A prefix search needs at least {MIN_PREFIX} letters before the *.",
                          details={"field": "q"})
        terms.append(Term(words, prefix, bare))
    if not terms:
        raise Invalid("Type at least one word to search for.", details={"field": "q"})
    if len(terms) > MAX_TERMS:
        raise Invalid(f"Search for at most {MAX_TERMS} words or phrases at once.",
                      details={"field": "q"})
    return SearchQuery(tuple(terms))


@dataclass(frozen=True, slots=True)
class SnippetPart:
    text: str
    #: These words matched the search.
    mark: bool


def matched_ranges(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Where the terms stand in ``text`` (character offsets, sorted, not overlapping).

    >>> matched_ranges("Safe, orderly and regular migration", parse('migra* "and regular"'))
    [(14, 25), (26, 35)]
    """
    words = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    found: list[tuple[int, int]] = []
    for term in query.terms:
        n = len(term.words)
        for i in range(len(words) - n + 1):
            window = words[i:i + n]
            if all(w[2] == t for w, t in zip(window[:-1], term.words[:-1], strict=True)) and (
                    window[-1][2].startswith(term.words[-1]) if term.prefix
                    else window[-1][2] == term.words[-1]):
                found.append((window[0][0], window[-1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, query: SearchQuery | None, *, width: int = SNIPPET_CHARS,
            ranges: list[tuple[int, int]] | None = None
            ) -> tuple[list[SnippetPart], bool, bool]:
    """A passage of ``text`` around its first match, cut at words, as parts marked where the
    terms matched (``ranges`` when given, as ScriptMatcher.ranges finds them, else
    matched_ranges of ``query``); and whether text was left out before and after it.

    >>> parts, before, after = snippet("We commit to cooperate on return.", parse("cooperate"))
    >>> [(p.text, p.mark) for p in parts], before, after
    ([('We commit to ', False), ('cooperate', True), (' on return.', False)], False, False)
    """
    if ranges is None:
        assert query is not None, "a snippet needs the query or its ranges"
        ranges = matched_ranges(text, query)
    start, end = 0, len(text)
    if len(text) > width:
        first = ranges[0][0] if ranges else 0
        start = max(0, first - width // 3)
        end = min(len(text), start + width)
        start = max(0, min(start, end - width))
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > (ranges[0][1] if ranges else start) else end
    parts: list[SnippetPart] = []
    at = start
    for r_start, r_end in ranges:
        if r_end <= start or r_start >= end:
            continue
        r_start, r_end = max(r_start, start), min(r_end, end)
        if r_start > at:
            parts.append(SnippetPart(text[at:r_start], False))
        parts.append(SnippetPart(text[r_start:r_end], True))
        at = r_end
    if at < end:
        parts.append(SnippetPart(text[at:end], False))
    return parts, start > 0, end < len(text)


# ---- matching in any script (language versions, scanned in Python) -------------------------

#: Arabic tatweel (kashida): it stretches a word in print and is never part of it.
_TATWEEL: Final = "\u0640"
#: Scripts written without spaces between words: a term matches inside a run of them.
_UNSPACED: Final = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
                    "\U00020000-\U0003134f")
_IS_UNSPACED: Final = re.compile(f"[{_UNSPACED}]")


@functools.cache
def _dropped() -> dict[int, None]:
    """Every combining mark (accents, Arabic harakat, hamza above and below) and the tatweel,
    for ``str.translate`` to remove."""
    marks = {cp: None for cp in range(0x300, 0x20000) if unicodedata.combining(chr(cp))}
    marks[ord(_TATWEEL)] = None
    return marks


@functools.cache
def _marks() -> str:
    """The same characters as a regular expression class's body, in ranges."""
    ranges: list[list[int]] = []
    for cp in sorted(_dropped()):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "")
                   for a, b in ranges)


def fold_script(text: str) -> str:
    """``text`` as a language version is compared: no case, no accents, no Arabic harakat or
    tatweel, hamza forms read as their letter (fold() leaves the tatweel).

    >>> fold_script("RÉGULARISATION"), fold_script("الهِجْرَة"), fold_script("الهجـــرة")
    ('regularisation', 'الهجرة', 'الهجرة')
    >>> fold_script("أمن") == fold_script("امن")
    True
    """
    return unicodedata.normalize("NFKD", text.casefold()).translate(_dropped())


def script_form(text: str) -> str:
    """``text`` as ScriptMatcher reads it: no case, decomposed (accents, harakat and hamza
    apart from their letters), its marks kept for the patterns to pass over: removing them
    from every paragraph costs three times as much as this.

    >>> script_form("Été") == "e\u0301te\u0301"
    True
    """
    return unicodedata.normalize("NFKD", text.casefold())


def _form_with_origins(text: str) -> tuple[str, list[int]]:
    """script_form(text), and for each of its characters the index in ``text`` it came from.

    >>> _form_with_origins("Ét")
    ('e\u0301t', [0, 0, 1])
    """
    chars: list[str] = []
    origins: list[int] = []
    for at, char in enumerate(text):
        for formed in unicodedata.normalize("NFKD", char.casefold()):
            chars.append(formed)
            origins.append(at)
    return "".join(chars), origins


@dataclass(frozen=True, slots=True)
class ScriptMatcher:
    """A search's terms as patterns over script_form()'s text, in every script: whole words
    (or a word's start, for ``migra*``) in spaced scripts, any run of characters in Chinese
    (no spaces between words); accents, harakat and tatweel passed over wherever they fall."""

    patterns: tuple[re.Pattern[str], ...]
    #: For each pattern, a quicker one that finds its first word's Arabic stem (None: the
    #: pattern starts with a letter of its own), tried first: a match starts at most
    #: _LEAD characters before it.
    screens: tuple[re.Pattern[str] | None, ...] = ()

    def matches(self, formed: str) -> bool:
        """``formed`` (script_form's text) holds every term."""
        screens = self.screens or (None,) * len(self.patterns)
        for pattern, screen in zip(self.patterns, screens, strict=True):
            if screen is None:
                if not pattern.search(formed):
                    return False
                continue
            # A match starts a little before one of its stems (its look behind sees the
            # text before the position it is tried at).
            if not any(pattern.match(formed, start) for stem in screen.finditer(formed)
                       for start in range(max(0, stem.start() - _LEAD), stem.start() + 1)):
                return False
        return True

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Where the terms stand in ``text`` (offsets into ``text`` itself, its harakat and
        accents inside the range of their letters), sorted, not overlapping.

        >>> matcher = script_matcher("droits migra*")
        >>> matcher.ranges("Les droits des migrants. Droit.")
        [(4, 10), (15, 23)]
        >>> script_matcher("移民").ranges("关于移民问题")
        [(2, 4)]
        >>> script_matcher("الهجرة").ranges("في الهِجْرَة الآمنة")
        [(3, 12)]
        """
        formed, origins = _form_with_origins(text)
        found: list[tuple[int, int]] = []
        for pattern in self.patterns:
            for match in pattern.finditer(formed):
                start, end = match.span()
                if start == end:
                    continue
                after = origins[end] if end < len(origins) else len(text)
                found.append((origins[start], max(after, origins[end - 1] + 1)))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


#: Arabic letters: a word of them may carry what Arabic writes joined before a word.
_ARABIC: Final = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
#: The definite article, written joined to its word.
ARTICLE: Final = "ال"
#: What Arabic writes joined before a word, in the orders it uses: a conjunction (و and,
#: ف so), then a preposition (ب by, ك like, ل for), then the article; ل before the article
#: drops its alif (ل + الكتاب is للكتاب).
PROCLITICS: Final = tuple(c + p for c in ("", "و", "ف")
                          for p in ("", "ب", "ك", "ل", ARTICLE, "بال", "كال", "لل"))
#: Letters an Arabic word keeps once its article is taken off, for it to be read as a stem
#: that carries proclitics (as light stemmers count: الم, ولا stay whole words).
MIN_ARABIC_STEM: Final = 3
#: How far before its stem a match may start: the longest proclitics (وبال), each letter
#: with a few harakat.
_LEAD: Final = max(map(len, PROCLITICS)) * 4


def arabic_stem(word: str) -> str | None:
    """The word an Arabic search term names, without its article, to be found with or
    without proclitics; None for a word of another script or too short to carry them.

    >>> arabic_stem("الكتاب"), arabic_stem("كتاب"), arabic_stem("لا"), arabic_stem("droit")
    ('كتاب', 'كتاب', None, None)
    """
    if not word or not _ARABIC.match(word[0]):
        return None
    stem = word[len(ARTICLE):] if word.startswith(ARTICLE) else word
    if len(stem) < MIN_ARABIC_STEM:
        stem = word
    return stem if len(stem) >= MIN_ARABIC_STEM else None


def _term_pattern(term: Term) -> re.Pattern[str]:
    marks = _marks()
    letter = f"[^\\W_{_UNSPACED}{marks}]"  # a letter or digit of a spaced script
    space = f"(?:[^\\w{marks}]|_)"  # what stands between words (never a mark)
    # A whole word: no letter before it, nor a mark (it would belong to a letter). Looked
    # at behind the first letter, so that the pattern starts with that letter and the
    # engine skips ahead to it (a hundred times faster than trying every position).
    whole = f"(?<!{letter}.)(?<![{marks}].)"

    def spelled(word: str, first: bool) -> str:
        letters = [re.escape(c) + f"[{marks}]*" for c in word]
        if first and not _IS_UNSPACED.match(word[0]):
            letters[0] = re.escape(word[0]) + whole + f"[{marks}]*"
        return "".join(letters)

    pieces: list[str] = []
    for i, word in enumerate(term.words):
        if i:
            joined = _IS_UNSPACED.match(term.words[i - 1][-1]) or _IS_UNSPACED.match(word[0])
            pieces.append(f"{space}*" if joined else f"{space}+")
        stem = arabic_stem(word)
        if stem is None:
            pieces.append(spelled(word, i == 0))
        else:
            # Each spelling with its proclitics as one alternative, each starting with its
            # own letter, so the engine still skips ahead to the letters that can start it.
            pieces.append("(?:" + "|".join(spelled(p + stem, i == 0) for p in PROCLITICS)
                          + ")")
    last = term.words[-1][-1]
    if _IS_UNSPACED.match(last):
        after = ""
    else:
        after = f"(?:{letter}|[{marks}])*" if term.prefix else f"(?!{letter}|[{marks}])"
    return re.compile("".join(pieces) + after)


def script_matcher(typed: str) -> ScriptMatcher:
    """The search ``typed`` (parse()'s syntax and its 422s) for language versions: folded
    as fold_script folds, so harakat typed inside a word do not cut it. An Arabic word is
    found with the conjunctions, prepositions and article written joined to it (PROCLITICS),
    typed with its article or without; never inside another word.

    >>> [script_matcher("كِتَاب").matches(script_form(w)) for w in
    ...  ("في الكتـاب", "والكتاب", "بالكتاب", "للكتاب", "فبكتاب", "كتابة", "مكتاب")]
    [True, True, True, True, True, False, False]
    >>> [script_matcher("الكِتَاب").matches(script_form(w)) for w in ("الكتاب", "كتاب")]
    [True, True]
    >>> script_matcher("كتاب*").matches(script_form("الكتابة"))
    True
    >>> script_matcher("问题").matches(script_form("关于移民问题的"))
    True
    >>> [script_matcher(w).matches(script_form("Les droits coopérent")) for w in
    ...  ("droit", "droits", "cooperent", "coope", "rent", '"droits coop"', "coop*")]
    [False, True, True, False, False, False, True]
    """
    terms = parse(fold_script(typed)).terms
    return ScriptMatcher(tuple(_term_pattern(t) for t in terms),
                         tuple(_screen(t) for t in terms))


def _screen(term: Term) -> re.Pattern[str] | None:
    """The term's first word's Arabic stem, marks passed over, ending as the word ends
    (None for a word that carries no proclitics). The proclitics put the letters a match may
    start with everywhere in an Arabic text (alif, lam, waw), where this pattern starts with
    the stem's own first letter and the engine skips ahead to it.

    >>> _screen(parse("الكتاب").terms[0]).pattern[:1], _screen(parse("في").terms[0])
    ('ك', None)
    """
    stem = arabic_stem(term.words[0])
    if stem is None:
        return None
    marks = _marks()
    letter = f"[^\\W_{_UNSPACED}{marks}]"
    after = (f"(?:{letter}|[{marks}])*" if term.prefix and len(term.words) == 1
             else f"(?!{letter}|[{marks}])")
    return re.compile("".join(re.escape(c) + f"[{marks}]*" for c in stem) + after)
