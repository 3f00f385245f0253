"""Tokenising negotiated text in the six UN languages into diff tokens.

A token is one of:

* a **word**: a run of grapheme clusters whose base character is a letter, digit or
  combining mark (Latin with accents, Cyrillic, Arabic with harakat, Greek, ...). Two word
  parts joined by an apostrophe (``don't``, ``l'Accord``, ``Parties\u2019s``) or a hyphen
  (``low-emission``, ``post-2020``) form one word, and so do digits joined by ``.`` or ``,``
  (``1.5``, ``100,000``);
* one **Han, Hiragana or Katakana character** (Chinese is written without spaces, so each
  character is its own unit of change);
* a **whitespace run** (spaces, tabs, line breaks, no-break spaces);
* one **other grapheme cluster**: a punctuation mark, a symbol, an emoji (with its
  modifiers and zero-width joiners), a bracket.

Tokens are made of whole extended grapheme clusters (the ``regex`` module's ``\\X``), so a
combining mark is never cut from its base, and characters outside the Basic Multilingual
Plane are single code points in Python, never split. ``"".join(tokenize(s)) == s`` for every
string ``s``.
"""

from __future__ import annotations

import re
from enum import StrEnum

import regex

__all__ = ["TokenKind", "count_words", "is_word_token", "token_kind", "tokenize"]

# One grapheme cluster whose first code point satisfies a class. Every alternative below is
# built from whole clusters, so matches always start and end on cluster boundaries.
_HAN_CLASS = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
_WORD_CLUSTER = rf"(?:(?=[\p{{L}}\p{{N}}\p{{M}}])(?!{_HAN_CLASS})\X)"
_JOINER = (
    # apostrophes and hyphens between two word clusters
    r"(?:(?=['\u2019\u02bc\-\u2010\u2011])\X(?=[\p{L}\p{N}\p{M}])(?!" + _HAN_CLASS + r"))"
    # a decimal or thousands separator between two digits
    r"|(?:(?<=\p{N})(?=[.,])\X(?=\p{N}))"
)
_WORD = rf"{_WORD_CLUSTER}+(?:(?:{_JOINER}){_WORD_CLUSTER}+)*"
_SPACE = r"(?:(?=\s)\X)+"
_HAN = rf"(?:(?={_HAN_CLASS})\X)"

_TOKEN_RE = regex.compile(
    rf"(?P<space>{_SPACE})|(?P<han>{_HAN})|(?P<word>{_WORD})|(?P<other>\X)",
    regex.VERSION1,
)
#: Printable ASCII with tabs and line breaks: every grapheme cluster is one character (CR LF,
#: the one two-character cluster, falls inside a whitespace run), a letter or digit is
#: [A-Za-z0-9], and no character is Han. Such text (most English paragraphs) is split by
#: this plain ``re`` pattern, the same tokens ``_TOKEN_RE`` gives, about 40 times faster
#: (tests/unit/test_tokens.py compares the two).
_PLAIN_ASCII_RE = re.compile(r"[\t\n\r\x20-\x7e]*")
_ASCII_TOKEN_RE = re.compile(
    r"[\t\n\r ]+"
    r"|[A-Za-z0-9]+(?:(?:['\-](?=[A-Za-z0-9])|(?<=[0-9])[.,](?=[0-9]))[A-Za-z0-9]+)*"
    r"|.",
    re.DOTALL,
)
_WORD_START_RE = regex.compile(r"(?=[\p{L}\p{N}\p{M}])", regex.VERSION1)
_HAN_START_RE = regex.compile(rf"(?={_HAN_CLASS})", regex.VERSION1)


class TokenKind(StrEnum):
    """What a token is: see the module docstring."""

    WORD = "word"
    HAN = "han"
    SPACE = "space"
    OTHER = "other"


def tokenize(text: str) -> list[str]:
    """Split ``text`` into diff tokens (words, Han/kana characters, whitespace runs, marks).

    Guarantees: ``"".join(tokenize(text)) == text``; no token is empty; no token boundary
    falls inside an extended grapheme cluster; ``tokenize("") == []``. Never raises for any
    ``str`` (lone surrogates included).
    """
    if not text:
        return []
    if text.isascii() and _PLAIN_ASCII_RE.fullmatch(text):
        return _ASCII_TOKEN_RE.findall(text)
    return [m.group() for m in _TOKEN_RE.finditer(text)]


def token_kind(token: str) -> TokenKind:
    """Classify one token produced by :func:`tokenize`.

    Guarantees: whitespace runs are ``SPACE``; Han, Hiragana and Katakana characters are
    ``HAN``; words (letters, digits, marks) are ``WORD``; everything else (punctuation,
    symbols, emoji, the empty string) is ``OTHER``.
    """
    if not token:
        return TokenKind.OTHER
    first = token[0]
    if first.isspace():
        return TokenKind.SPACE
    if first.isascii():  # a letter or digit opens a word; nothing ASCII is Han
        return TokenKind.WORD if first.isalnum() else TokenKind.OTHER
    if _HAN_START_RE.match(token):
        return TokenKind.HAN
    if _WORD_START_RE.match(token):
        return TokenKind.WORD
    return TokenKind.OTHER


def is_word_token(token: str) -> bool:
    """Return True when ``token`` counts as one word (a ``WORD`` or ``HAN`` token)."""
    return token_kind(token) in (TokenKind.WORD, TokenKind.HAN)


def count_words(text: str) -> int:
    """Count the words of ``text``: each word token plus each Han, Hiragana or Katakana character.

    Guarantees: ``count_words("") == 0``; punctuation, symbols, emoji and whitespace count
    for nothing; the count of a concatenation of texts split at whitespace equals the sum of
    their counts. Never raises for any ``str``.
    """
    if not text:
        return 0
    n = 0
    for m in _TOKEN_RE.finditer(text):
        if m.lastgroup in ("word", "han"):
            n += 1
    return n
