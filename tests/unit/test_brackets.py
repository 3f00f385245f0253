"""Brackets, alternatives and options of one text (``unit_brackets``; a whole text's, over
the scope where brackets open and close, is tests/unit/test_brackets_visible.py), and the
option labels and bracket partners the importers and the compilation use."""

from __future__ import annotations

from hypothesis import given

from server.core.brackets import (
    BracketIssue,
    BracketMark,
    IssueKind,
    MarkKind,
    bracket_partners,
    find_options,
    unit_brackets,
)
from tests.support.data import PARIS, need_file
from tests.support.strategies import multiscript_text


def test_clean_text() -> None:
    b = unit_brackets("We commit to cooperate.")
    assert (b.open, b.alternatives, b.options, b.unbalanced, b.any) == (0, 0, 0, 0, False)
    assert b.spans == () and b.issues == ()


def test_nested_brackets_counted_with_positions_and_depths() -> None:
    text = "to [enhance [rapidly]] the [regional] efforts"
    b = unit_brackets(text)
    assert b.open == 3 and b.alternatives == 0 and b.any
    assert b.spans == (
        BracketMark(3, 22, MarkKind.OPEN, 1),
        BracketMark(12, 21, MarkKind.OPEN, 2),
        BracketMark(27, 37, MarkKind.OPEN, 1),
    )
    assert text[3:22] == "[enhance [rapidly]]"


def test_alternatives_tight_after_a_line_break_spaced_or_by_slash() -> None:
    b = unit_brackets("in [2023][2024][2025] and [50][60] Parties")
    assert b.open == 5 and b.alternatives == 2
    assert {m.kind for m in b.spans} == {MarkKind.ALTERNATIVE}
    assert unit_brackets("[a]\n[b]").alternatives == 1
    # short choices separated by a space are a choice; an addition is not
    assert unit_brackets("[shall] [should]").alternatives == 1
    assert unit_brackets("[a] [and b]").alternatives == 0
    b = unit_brackets("[shall / should / will] act; decision 1/CP.21 [actions/efforts]")
    assert b.alternatives == 1 and b.open == 2
    # a slash inside a nested bracket belongs to that bracket only
    b = unit_brackets("[x [a / b] y]")
    assert b.alternatives == 1
    assert [m.kind for m in b.spans] == [MarkKind.OPEN, MarkKind.ALTERNATIVE]
    b = unit_brackets("[further [through A][through B]]")
    assert b.open == 3 and b.alternatives == 1


def test_unbalanced_reported_never_raised() -> None:
    text = "a ] b [c [d] e"
    b = unit_brackets(text)
    assert b.issues == (BracketIssue(2, IssueKind.UNMATCHED_CLOSE),
                        BracketIssue(6, IssueKind.UNCLOSED))
    assert b.unbalanced == 2 and b.open == 1
    assert BracketMark(9, 12, MarkKind.OPEN, 2) in b.spans
    assert unit_brackets("]]][[[").open == 0 and unit_brackets("]]][[[").unbalanced == 6


def test_options_forms() -> None:
    text = (
        "**Option 1:** below 2 °C **Option 2:** well below\n"
        "Option I: a; Option II : b; Option 1 of the text; Opción 1: c; Вариант 2: d; "
        "Option A: e Option B: f"
    )
    markers = find_options(text)
    assert [(m.label, m.ordinal) for m in markers] == [
        ("1", 1), ("2", 2), ("I", 1), ("II", 2), ("1", 1), ("2", 2), ("A", 1), ("B", 2)]
    assert text[markers[0].start : markers[0].end] == "**Option 1:**"
    b = unit_brackets(text)
    assert b.options == 8 and b.any
    assert next(text[m.start:m.end] for m in b.spans if m.kind is MarkKind.OPTION) \
        == "**Option 1:**"
    # an alternative of an option group is one option more
    assert unit_brackets("Parties shall act.", option=True).options == 1


def test_positions_are_code_points_beyond_bmp() -> None:
    text = "🌍𠀋 [مُحَمَّد] 缔约方"
    span = unit_brackets(text).spans[0]
    assert text[span.start] == "[" and text[span.end - 1] == "]"


def test_bracket_partners() -> None:
    assert bracket_partners("a [b [c]] ]") == {7: 5, 5: 7, 8: 2, 2: 8}
    assert bracket_partners("no brackets") == {}


@given(multiscript_text)
def test_multiscript_never_breaks(text: str) -> None:
    b = unit_brackets(text)
    assert b.unbalanced == len(b.issues)
    assert all(0 <= m.start < m.end <= len(text) for m in b.spans)


def test_paris_9_dec_whole_file() -> None:
    path = need_file(PARIS / "9-dec-2015.md", "The Paris Agreement draft")
    b = unit_brackets(path.read_text(encoding="utf-8"))
    assert b.open > 200
    assert max(m.depth for m in b.spans) >= 3
    assert b.alternatives > 20
    assert b.options > 20
    # the transcription has a few unbalanced brackets; they are reported, not raised
    assert 0 < b.unbalanced < 10
