"""Word-level diffs."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core import diff as diff_module
from server.core.diff import (
    DiffStats,
    Op,
    Row,
    Span,
    apply_spans,
    diff_stats,
    render_html,
    side_by_side,
    source_text,
    spans_from_json,
    spans_to_json,
    target_text,
    word_diff,
)
from server.core.tokens import count_words, tokenize
from tests.support.strategies import multiscript_sentence, multiscript_text

EQ, INS, DEL = Op.EQUAL, Op.INSERT, Op.DELETE


def check_invariants(old: str, new: str, spans: list[Span]) -> None:
    assert apply_spans(old, spans) == new
    assert source_text(spans) == old
    assert target_text(spans) == new
    assert all(s.text for s in spans)
    assert all(a.op is not b.op for a, b in itertools.pairwise(spans))
    # span boundaries fall between tokens of both texts
    for text, ops in ((old, (EQ, DEL)), (new, (EQ, INS))):
        bounds = set()
        pos = 0
        for tok in tokenize(text):
            pos += len(tok)
            bounds.add(pos)
        pos = 0
        for s in spans:
            if s.op in ops:
                pos += len(s.text)
                assert pos in bounds or pos == 0


# ---------------------------------------------------------------- behaviour


def test_identical_and_empty() -> None:
    assert word_diff("", "") == []
    assert word_diff("same text", "same text") == [Span(EQ, "same text")]
    assert word_diff("", "new") == [Span(INS, "new")]
    assert word_diff("old", "") == [Span(DEL, "old")]


def test_word_replacement_reads_like_markup() -> None:
    spans = word_diff("The quick brown fox", "The slow red fox")
    assert spans == [
        Span(EQ, "The "),
        Span(DEL, "quick brown"),
        Span(INS, "slow red"),
        Span(EQ, " fox"),
    ]


def test_whole_words_never_partial() -> None:
    spans = word_diff("Parties shall implement", "Parties should implement")
    assert spans == [
        Span(EQ, "Parties "),
        Span(DEL, "shall"),
        Span(INS, "should"),
        Span(EQ, " implement"),
    ]


def test_deletion_starts_on_word() -> None:
    assert word_diff("a, b, c", "a, c") == [Span(EQ, "a, "), Span(DEL, "b, "), Span(EQ, "c")]
    assert word_diff("the quick fox", "the fox") == [
        Span(EQ, "the "),
        Span(DEL, "quick "),
        Span(EQ, "fox"),
    ]


def test_insertion() -> None:
    spans = word_diff("to enhance implementation", "to enhance the full implementation")
    assert spans == [Span(EQ, "to enhance "), Span(INS, "the full "), Span(EQ, "implementation")]


def test_bracket_removal() -> None:
    spans = word_diff("in [2023][2024] and", "in 2023 and")
    check_invariants("in [2023][2024] and", "in 2023 and", spans)
    assert diff_stats(spans) == DiffStats(words_inserted=0, words_deleted=1, words_unchanged=3)


def test_arabic_right_to_left() -> None:
    old, new = "الأطراف في هذا الاتفاق", "الأطراف في ذلك الاتفاق"
    assert word_diff(old, new) == [
        Span(EQ, "الأطراف في "),
        Span(DEL, "هذا"),
        Span(INS, "ذلك"),
        Span(EQ, " الاتفاق"),
    ]


def test_chinese_character_level() -> None:
    old, new = "缔约方认识到气候变化", "缔约方承认气候变化"
    spans = word_diff(old, new)
    check_invariants(old, new, spans)
    assert spans[0] == Span(EQ, "缔约方")
    assert spans[-1] == Span(EQ, "气候变化")


def test_non_bmp_and_combining_marks() -> None:
    old = "𠀋 e\u0301te\u0301 🌍 end"
    new = "𠀋 e\u0301te\u0301 🇺🇳 end"
    spans = word_diff(old, new)
    assert Span(DEL, "🌍") in spans
    assert Span(INS, "🇺🇳") in spans
    check_invariants(old, new, spans)


def test_tiny_equalities_coalesced() -> None:
    spans = word_diff("alpha a gamma delta", "beta a omega delta")
    # " a " is shorter than the changes on both sides: one replacement
    assert spans == [Span(DEL, "alpha a gamma"), Span(INS, "beta a omega"), Span(EQ, " delta")]
    # a kept word as long as the changes around it stays
    spans = word_diff("alpha beta gamma delta", "one beta two delta")
    assert Span(EQ, " beta ") in spans
    # spaces and punctuation alone between changes are always absorbed
    spans = word_diff("in [2023], [2024]", "in 2030; 2031")
    assert spans == [Span(EQ, "in "), Span(DEL, "[2023], [2024]"), Span(INS, "2030; 2031")]


def test_more_than_65535_distinct_tokens() -> None:
    words = [f"w{i}" for i in range(70_000)]
    old = " ".join(words)
    changed = list(words)
    changed[35_000] = "CHANGED"
    changed.insert(69_000, "added")
    new = " ".join(changed)
    spans = word_diff(old, new)
    check_invariants(old, new, spans)
    assert Span(DEL, "w35000") in spans
    assert Span(INS, "CHANGED") in spans


def test_code_points_skip_surrogates_and_go_beyond_bmp() -> None:
    cp = diff_module._code_point
    seen = [cp(i) for i in (0, 6399, 6400, 6400 + 131_071, 6400 + 131_072)]
    assert seen[0] == 0xE000
    assert seen[2] == 0xF0000
    assert all(not 0xD800 <= c <= 0xDFFF for c in seen)
    last = diff_module.MAX_DISTINCT_TOKENS - 1
    assert cp(last) <= 0x10FFFF
    with pytest.raises(diff_module._TooManyTokens):
        cp(last + 1)
    # every code point is used once, none is a surrogate
    assert diff_module.MAX_DISTINCT_TOKENS == 0x110000 - 0x800


def test_fallback_when_too_many_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(index: int) -> int:
        if index >= 3:
            raise diff_module._TooManyTokens
        return 0xE000 + index

    monkeypatch.setattr(diff_module, "_code_point", refuse)
    old, new = "a b c d e", "a b x d e"
    spans = word_diff(old, new)
    check_invariants(old, new, spans)
    assert spans == [Span(EQ, "a b "), Span(DEL, "c"), Span(INS, "x"), Span(EQ, " d e")]


def test_timeout_still_correct() -> None:
    old = " ".join(f"a{i}" for i in range(3000))
    new = " ".join(f"a{i}" for i in range(2999, -1, -1))
    spans = word_diff(old, new, timeout=0.01)
    check_invariants(old, new, spans)


# ---------------------------------------------------------------- apply / json


def test_apply_spans_rejects_mismatch() -> None:
    spans = word_diff("one two", "one three")
    with pytest.raises(ValueError):
        apply_spans("one tw", spans)
    with pytest.raises(ValueError):
        apply_spans("one two extra", spans)
    with pytest.raises(ValueError):
        apply_spans("uno two", spans)


def test_json_round_trip() -> None:
    spans = word_diff("We commit [to cooperate]", "We commit to cooperate fully")
    data = spans_to_json(spans)
    assert all(set(d) == {"op", "text"} for d in data)
    assert spans_from_json(json.loads(json.dumps(data))) == spans
    assert spans_to_json([Span(INS, "x")]) == [{"op": "insert", "text": "x"}]


@pytest.mark.parametrize(
    "bad",
    [
        None,
        {"op": "equal", "text": "x"},
        [{"op": "equal"}],
        [{"op": "replace", "text": "x"}],
        [{"op": "equal", "text": 3}],
        [{"op": "equal", "text": ""}],
        [{"op": "equal", "text": "x", "extra": 1}],
        [{"op": "insert", "text": "a"}, {"op": "insert", "text": "b"}],
        ["equal"],
        [{"op": 1, "text": "x"}],
    ],
)
def test_spans_from_json_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        spans_from_json(bad)


# ---------------------------------------------------------------- rendering


def test_render_html_escapes_everything() -> None:
    spans = word_diff("a <b>bold</b> & 'q'", 'a <script>alert("x")</script> & "q"')
    html = render_html(spans)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;" in html and "&amp;" in html and "&quot;" in html and "&#x27;" in html
    stripped = html.replace("<ins>", "").replace("</ins>", "")
    stripped = stripped.replace("<del>", "").replace("</del>", "")
    assert "<" not in stripped and ">" not in stripped


def test_render_html_shape() -> None:
    assert (
        render_html([Span(EQ, "a "), Span(DEL, "b"), Span(INS, "c")])
        == "a <del>b</del><ins>c</ins>"
    )


def test_side_by_side_rows() -> None:
    old = "line one\nline two\nline three"
    new = "line one\nline 2\nnew line\nline three"
    rows = side_by_side(word_diff(old, new))
    assert [(r.left_text, r.right_text) for r in rows] == [
        ("line one", "line one"),
        ("line two", "line 2"),
        (None, "new line"),
        ("line three", "line three"),
    ]
    assert [r.changed for r in rows] == [False, True, True, False]
    assert rows[0] == Row((Span(EQ, "line one"),), (Span(EQ, "line one"),))


def test_side_by_side_empty() -> None:
    assert side_by_side([]) == []
    assert side_by_side(word_diff("x", "x")) == [Row((Span(EQ, "x"),), (Span(EQ, "x"),))]


def test_diff_stats() -> None:
    spans = word_diff("The Parties shall act now", "The Parties should act")
    assert diff_stats(spans) == DiffStats(words_inserted=1, words_deleted=2, words_unchanged=3)
    assert diff_stats(spans).changed
    assert not diff_stats(word_diff("a", "a")).changed


# ---------------------------------------------------------------- properties

texts = st.one_of(multiscript_text, multiscript_sentence)


@settings(deadline=None, max_examples=300)
@given(texts, texts)
def test_apply_word_diff_gives_new(old: str, new: str) -> None:
    spans = word_diff(old, new)
    check_invariants(old, new, spans)


@settings(deadline=None, max_examples=200)
@given(multiscript_sentence, multiscript_sentence)
def test_related_sentences(a: str, b: str) -> None:
    old, new = a + b, b + a[: len(a) // 2]
    check_invariants(old, new, word_diff(old, new))


@given(texts)
def test_diff_with_itself(text: str) -> None:
    assert word_diff(text, text) == ([Span(EQ, text)] if text else [])


@settings(deadline=None)
@given(texts, texts)
def test_every_function_survives(old: str, new: str) -> None:
    spans = word_diff(old, new)
    assert spans_from_json(spans_to_json(spans)) == spans
    stats = diff_stats(spans)
    assert stats.words_deleted + stats.words_unchanged == count_words(old)
    assert stats.words_inserted + stats.words_unchanged == count_words(new)
    rows = side_by_side(spans)
    norm_old = old.replace("\r\n", "\n").replace("\r", "\n")
    norm_new = new.replace("\r\n", "\n").replace("\r", "\n")
    left = [r.left_text for r in rows if r.left_text is not None]
    right = [r.right_text for r in rows if r.right_text is not None]
    if spans:
        assert "\n".join(left) == norm_old
        assert "\n".join(right) == norm_new
    html = render_html(spans)
    assert "<script" not in html


@given(st.text(), st.text())
def test_any_unicode(old: str, new: str) -> None:
    assert apply_spans(old, word_diff(old, new)) == new
    assert "<script" not in render_html(word_diff(old, new + "<script>"))
