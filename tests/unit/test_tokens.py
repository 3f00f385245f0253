"""Tokenising text of the six UN languages."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from server.core.tokens import TokenKind, count_words, is_word_token, token_kind, tokenize
from tests.support.strategies import multiscript_sentence, multiscript_text


def test_empty() -> None:
    assert tokenize("") == []
    assert count_words("") == 0


def test_english_words_punctuation_and_spaces() -> None:
    assert tokenize("The Parties, [shall]  act.") == [
        "The",
        " ",
        "Parties",
        ",",
        " ",
        "[",
        "shall",
        "]",
        "  ",
        "act",
        ".",
    ]


def test_intra_word_apostrophes_hyphens_and_numbers() -> None:
    toks = tokenize("don't l'Accord low-emission post-2020 1.5 °C 100,000 Parties\u2019 'q'")
    for word in ("don't", "l'Accord", "low-emission", "post-2020", "1.5", "100,000"):
        assert word in toks
    # a trailing or leading apostrophe or hyphen is its own token
    assert toks[-6:] == ["Parties", "\u2019", " ", "'", "q", "'"]
    assert tokenize("-dash- a, 3") == ["-", "dash", "-", " ", "a", ",", " ", "3"]


def test_arabic_keeps_harakat_with_letters() -> None:
    text = "الأطراف في هذا الاتفاق، مُحَمَّد"
    toks = tokenize(text)
    assert toks == ["الأطراف", " ", "في", " ", "هذا", " ", "الاتفاق", "،", " ", "مُحَمَّد"]
    assert count_words(text) == 5


def test_chinese_one_token_per_character() -> None:
    assert tokenize("《巴黎协定》缔约方") == ["《", "巴", "黎", "协", "定", "》", "缔", "约", "方"]
    assert count_words("缔约方\uff0c认识到") == 6
    assert tokenize("カタカナ ひらがな") == ["カ", "タ", "カ", "ナ", " ", "ひ", "ら", "が", "な"]


def test_cyrillic_french_spanish() -> None:
    assert count_words("Стороны настоящего Соглашения") == 3
    assert count_words("Les Parties à l'Accord, déterminées") == 5
    assert count_words("Las Partes en el presente Acuerdo, según") == 7


def test_grapheme_clusters_never_split() -> None:
    text = "e\u0301te\u0301 \u0301x 👨\u200d👩\u200d👧 🇫🇷 👍🏽 𠀋字\r\n"
    toks = tokenize(text)
    assert "e\u0301te\u0301" in toks
    assert "👨\u200d👩\u200d👧" in toks
    assert "🇫🇷" in toks
    assert "👍🏽" in toks
    assert "𠀋" in toks  # outside the BMP, Han: a token of its own
    assert toks[-1] == "\r\n"
    # an orphan combining mark after a space stays in the space's cluster
    assert "".join(toks) == text


def test_token_kinds() -> None:
    assert token_kind("word") is TokenKind.WORD
    assert token_kind("字") is TokenKind.HAN
    assert token_kind(" \n") is TokenKind.SPACE
    assert token_kind(",") is TokenKind.OTHER
    assert token_kind("🌍") is TokenKind.OTHER
    assert token_kind("") is TokenKind.OTHER
    assert is_word_token("مُحَمَّد")
    assert not is_word_token("[")


def test_lone_surrogate_does_not_break() -> None:
    text = "a\ud800b"
    assert "".join(tokenize(text)) == text


@given(st.text())
def test_join_gives_back_any_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


@given(multiscript_text)
def test_join_gives_back_multiscript_text(text: str) -> None:
    toks = tokenize(text)
    assert "".join(toks) == text
    assert all(toks)
    assert count_words(text) == sum(is_word_token(t) for t in toks)


@given(multiscript_text)
def test_boundaries_fall_on_grapheme_boundaries(text: str) -> None:
    clusters = regex.findall(r"\X", text)
    boundaries = set()
    pos = 0
    for c in clusters:
        pos += len(c)
        boundaries.add(pos)
    pos = 0
    for tok in tokenize(text):
        pos += len(tok)
        assert pos in boundaries


@given(multiscript_sentence, multiscript_sentence)
def test_word_count_additive_at_spaces(a: str, b: str) -> None:
    assert count_words(a + " " + b) == count_words(a) + count_words(b)
