"""The tokenizer's plain-ASCII path (server.core.tokens: most English paragraphs) gives
exactly the tokens of the full grapheme-cluster pattern."""

from __future__ import annotations

import itertools

import regex
from hypothesis import given
from hypothesis import strategies as st

from server.core.tokens import _TOKEN_RE, TokenKind, token_kind, tokenize

#: Every character the plain path takes, weighted towards what joins or splits words.
_PLAIN = st.text(alphabet=st.sampled_from(
    [chr(c) for c in range(0x20, 0x7F)] + ["\t", "\n", "\r", "'", "-", ".", ",", "1", "a"]),
    max_size=40)


def _full(text: str) -> list[str]:
    return [m.group() for m in _TOKEN_RE.finditer(text)]


@given(_PLAIN)
def test_plain_ascii_tokens_are_the_full_patterns(text: str) -> None:
    assert tokenize(text) == _full(text)


def test_every_three_characters_around_joiners_split_as_the_full_pattern() -> None:
    chars = [chr(c) for c in range(0x20, 0x7F)] + ["\t", "\n", "\r"]
    for a, b in itertools.product(chars, repeat=2):
        for c in "a1 .,'-\r\n":
            assert tokenize(a + b + c) == _full(a + b + c), repr(a + b + c)


def test_other_text_takes_the_full_pattern() -> None:
    # Control characters, no-break spaces and accents are not for the plain path.
    for text in ("a\x0bb", "a\x1cb", "a\u00a0b", "l'\u00e9t\u00e9 1.5", "don\u2019t", "CO\u2082"):
        assert tokenize(text) == _full(text)


def test_a_paragraph_with_joined_words_and_numbers() -> None:
    text = "We commit, in 2030-2035, to 1.5 degrees and 100,000 low-emission jobs (don't).\r\n"
    assert tokenize(text) == _full(text)
    assert "100,000" in tokenize(text) and "don't" in tokenize(text)


def test_the_kind_of_an_ascii_token_is_the_full_patterns() -> None:
    word = regex.compile(r"(?=[\p{L}\p{N}\p{M}])", regex.VERSION1)
    for code in range(0x80):
        for token in (chr(code), chr(code) + "a", chr(code) + "\u00e9"):
            expected = (TokenKind.SPACE if token[0].isspace() else
                        TokenKind.WORD if word.match(token) else TokenKind.OTHER)
            assert token_kind(token) is expected, repr(token)
