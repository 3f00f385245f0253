"""Brackets, alternatives and options."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.core.brackets import (
    BracketIssue,
    BracketSpan,
    BracketSummary,
    IssueKind,
    analyse_brackets,
    find_options,
    summarise,
)
from tests.support.data import PARIS, need_file
from tests.support.strategies import multiscript_text


def test_clean_text() -> None:
    r = analyse_brackets("We commit to cooperate.")
    assert r.open_brackets == 0 and r.max_depth == 0 and r.is_clean
    assert r.unbalanced == () and r.spans == ()


def test_nested_brackets_counted_with_positions() -> None:
    text = "to [enhance [rapidly]] the [regional] efforts"
    r = analyse_brackets(text)
    assert r.open_brackets == 3
    assert r.max_depth == 2
    assert r.spans == (
        BracketSpan(3, 22, 1),
        BracketSpan(12, 21, 2),
        BracketSpan(27, 37, 1),
    )
    assert text[3:22] == "[enhance [rapidly]]"
    assert r.alternatives == 0
    assert not r.is_clean


def test_adjacent_alternatives() -> None:
    r = analyse_brackets("in [2023][2024][2025] and [50][60] Parties, [a] [b]")
    assert r.open_brackets == 7
    assert r.alternatives == 2
    assert r.alternative_choices == 5
    # groups separated by a line break are alternatives, by a space they are not
    assert analyse_brackets("[a]\n[b]").alternatives == 1
    assert analyse_brackets("[a] [b]").alternatives == 0


def test_slash_alternatives() -> None:
    r = analyse_brackets("[shall / should / will] act; decision 1/CP.21 [actions/efforts]")
    assert r.alternatives == 1
    assert r.alternative_choices == 3
    # a slash inside a nested bracket belongs to that bracket only
    r = analyse_brackets("[x [a / b] y]")
    assert r.alternatives == 1 and r.alternative_choices == 2


def test_nested_adjacent_alternatives() -> None:
    r = analyse_brackets("[further [through A][through B]]")
    assert r.open_brackets == 3 and r.max_depth == 2
    assert r.alternatives == 1


def test_unbalanced_reported_never_raised() -> None:
    text = "a ] b [c [d] e"
    r = analyse_brackets(text)
    assert r.unbalanced == (
        BracketIssue(2, IssueKind.UNMATCHED_CLOSE),
        BracketIssue(6, IssueKind.UNCLOSED),
    )
    assert r.spans == (BracketSpan(9, 12, 2),)
    assert not r.is_clean
    assert analyse_brackets("]]][[[").open_brackets == 0
    assert len(analyse_brackets("]]][[[").unbalanced) == 6


def test_options_forms() -> None:
    text = (
        "**Option 1:** below 2 °C **Option 2:** well below\n"
        "Option I: a; Option II : b; Option 1 of the text; Opción 1: c; Вариант 2: d; "
        "Option A: e Option B: f"
    )
    markers = find_options(text)
    assert [(m.label, m.ordinal) for m in markers] == [
        ("1", 1),
        ("2", 2),
        ("I", 1),
        ("II", 2),
        ("1", 1),
        ("2", 2),
        ("A", 1),
        ("B", 2),
    ]
    assert text[markers[0].start : markers[0].end] == "**Option 1:**"
    r = analyse_brackets(text)
    assert r.options == 8
    assert r.option_sets == 4
    assert not r.is_clean


def test_summarise() -> None:
    reports = [analyse_brackets(t) for t in ("[a][b]", "clean", "Option 1: x ]", "[[x]]")]
    s = summarise(reports)
    assert s == BracketSummary(
        texts=4,
        texts_with_brackets=3,
        clean_texts=1,
        open_brackets=4,
        max_depth=2,
        alternatives=1,
        alternative_choices=2,
        options=1,
        option_sets=1,
        unbalanced=1,
    )
    assert summarise([]) == BracketSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_positions_are_code_points_beyond_bmp() -> None:
    text = "🌍𠀋 [مُحَمَّد] 缔约方"
    r = analyse_brackets(text)
    span = r.spans[0]
    assert text[span.start] == "[" and text[span.end - 1] == "]"


def _check_accounting(text: str) -> None:
    r = analyse_brackets(text)
    assert r.open_brackets == len(r.spans)
    positions: list[int] = []
    for s in r.spans:
        assert text[s.start] == "[" and text[s.end - 1] == "]" and s.depth >= 1
        positions += [s.start, s.end - 1]
    positions += [i.position for i in r.unbalanced]
    expected = [i for i, ch in enumerate(text) if ch in "[]"]
    assert sorted(positions) == expected
    assert r.alternatives <= r.alternative_choices


@given(st.text(alphabet=st.sampled_from("[]/ abc\nOption1:*"), max_size=80))
def test_every_bracket_accounted_for(text: str) -> None:
    _check_accounting(text)


@given(multiscript_text)
def test_multiscript_never_breaks(text: str) -> None:
    _check_accounting(text)
    summarise([analyse_brackets(text)])


def test_paris_9_dec_whole_file() -> None:
    path = need_file(PARIS / "9-dec-2015.md", "The Paris Agreement draft")
    r = analyse_brackets(path.read_text(encoding="utf-8"))
    assert r.open_brackets > 200
    assert r.max_depth >= 3
    assert r.alternatives > 20
    assert r.options > 20
    # the transcription has a few unbalanced brackets; they are reported, not raised
    assert 0 < len(r.unbalanced) < 10
