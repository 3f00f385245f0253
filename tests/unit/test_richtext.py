"""Carrying formatting runs, footnotes and notes through a change of text
(core.richtext.carry), and checking the runs people give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.errors import Invalid
from server.core.richtext import (
    STYLES,
    EditorialNote,
    Footnote,
    Mark,
    carry,
    check_anchors,
    check_marks,
    normalise_marks,
)

ALPHABET = "ab [],.é"
texts = st.text(alphabet=ALPHABET, max_size=40)


@st.composite
def rich(draw: st.DrawFn) -> tuple[str, list[Mark], list[Footnote], list[EditorialNote]]:
    text = draw(texts)
    n = len(text)
    offsets = st.integers(min_value=0, max_value=n)
    marks = [Mark(min(a, b), max(a, b), style) for a, b, style in draw(st.lists(
        st.tuples(offsets, offsets, st.sampled_from(STYLES)), max_size=5))]
    footnotes = [Footnote(str(i + 1), o, f"Note {i}")
                 for i, o in enumerate(draw(st.lists(offsets, max_size=4)))]
    notes = [EditorialNote("Placement to be decided.", o)
             for o in draw(st.lists(st.none() | offsets, max_size=3))]
    return text, marks, footnotes, notes


@settings(max_examples=300, deadline=None)
@given(rich(), texts)
def test_everything_carried_lands_within_the_new_text_normalised_and_nothing_is_lost(
        old: tuple[str, list[Mark], list[Footnote], list[EditorialNote]], new: str) -> None:
    text, marks, footnotes, notes = old
    carried = carry(text, new, marks, footnotes, notes)
    assert carried.marks == normalise_marks(carried.marks, len(new))
    assert all(0 <= m.start < m.end <= len(new) for m in carried.marks)
    assert [(f.mark, f.text) for f in carried.footnotes] == [(f.mark, f.text)
                                                          for f in footnotes]
    assert all(0 <= f.offset <= len(new) for f in carried.footnotes)
    assert [n.text for n in carried.notes] == [n.text for n in notes]
    assert all(n.offset is None or 0 <= n.offset <= len(new) for n in carried.notes)
    assert [n.offset is None for n in carried.notes] == [n.offset is None for n in notes]
    # Anchors keep their order.
    offsets = [f.offset for f in carried.footnotes]
    order = sorted(range(len(footnotes)), key=lambda i: footnotes[i].offset)
    assert [offsets[i] for i in order] == sorted(offsets)


@settings(max_examples=200, deadline=None)
@given(rich())
def test_an_unchanged_text_keeps_everything_as_it_was(
        old: tuple[str, list[Mark], list[Footnote], list[EditorialNote]]) -> None:
    text, marks, footnotes, notes = old
    carried = carry(text, text, marks, footnotes, notes)
    assert carried.marks == normalise_marks(marks, len(text))
    assert carried.footnotes == tuple(footnotes)
    assert carried.notes == tuple(notes)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=15), st.text(alphabet=ALPHABET, min_size=2,
                                                         max_size=15),
       st.text(alphabet=ALPHABET, max_size=15), st.integers(min_value=1, max_value=14),
       st.text(alphabet="xyz", min_size=1, max_size=6))
def test_text_inserted_inside_a_run_takes_its_style_and_text_around_it_keeps_its_own(
        before: str, run: str, after: str, cut: int, inserted: str) -> None:
    cut = min(cut, len(run) - 1)
    old = before + run + after
    new = before + run[:cut] + inserted + run[cut:] + after
    (mark,) = carry(old, new, [Mark(len(before), len(before) + len(run), "italic")]).marks
    # The run still covers what it covered, and the words typed inside it.
    assert new[mark.start:mark.end] == run[:cut] + inserted + run[cut:]


def test_examples_as_negotiators_make_them() -> None:
    old = "Recognizing the role of migrants in development,"
    italic = [Mark(0, 11, "italic")]
    footnote = [Footnote("1", 32, "See resolution 73/195.")]
    # Words added after the italic verb are not italic; the footnote stays after "migrants".
    added = carry(old, "Recognizing also the role of migrants in development,", italic, footnote)
    assert added.marks == (Mark(0, 11, "italic"),)
    assert "Recognizing also the role of migrants in development,"[:added.footnotes[0].offset] \
        .endswith("migrants")
    # The verb replaced: the new verb is italic.
    replaced = carry(old, "Acknowledging the role of migrants in development,", italic)
    assert replaced.marks == (Mark(0, 13, "italic"),)
    # The run deleted: it disappears. The footnote's anchor deleted: it moves to where the
    # deleted words stood, never lost.
    gone = carry(old, "the role in development,", italic, footnote)
    assert gone.marks == ()
    assert gone.footnotes == (Footnote("1", len("the role"), "See resolution 73/195."),)
    # A note on the whole unit has no offset to move.
    note = EditorialNote("Placement to be decided.")
    assert carry(old, "New text.", [], [], [note]).notes == (note,)


def test_marks_and_anchors_given_must_lie_within_the_text() -> None:
    assert check_marks([Mark(4, 9, "bold"), Mark(0, 5, "bold")], 10) == (Mark(0, 9, "bold"),)
    for bad in (Mark(0, 11, "bold"), Mark(3, 3, "italic"), Mark(-1, 2, "italic")):
        with pytest.raises(Invalid):
            check_marks([bad], 10)
    check_anchors([Footnote("1", 10, "x")], [EditorialNote("n", None)], 10)
    with pytest.raises(Invalid):
        check_anchors([Footnote("1", 11, "x")], [], 10)
    with pytest.raises(Invalid):
        check_anchors([], [EditorialNote("n", 11)], 10)
