"""Attribution of every word of a unit across its revisions."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.attribution import AttributedSpan, Origin, OriginKind, attribute
from server.core.rebase import AmendmentView
from server.core.tokens import tokenize
from tests.support.strategies import multiscript_sentence, multiscript_text

K = AmendmentKind
S = AmendmentState
ORIGINAL = Origin(OriginKind.ORIGINAL, 0)

REV0 = "We commit to cooperate on return."
REV1 = "We commit to cooperate on safe and dignified return."
REV2 = ("We commit to cooperate closely on safe and dignified return and readmission, "
        "in full respect of international law.")


def reflected(id: int, text: str, proponents: tuple[str, ...], *, state: AmendmentState =
              S.REFLECTED, kind: AmendmentKind = K.CHANGE_WORDS, unit: str = "op1",
              revision: int = 0) -> AmendmentView:
    return AmendmentView(id, unit, kind, state, proponents, "", text, revision)


HISTORY: list[tuple[int, str | None]] = [(0, REV0), (1, REV1), (2, REV2)]
REFLECTED = {
    1: [reflected(1, "We commit to cooperate on safe and dignified return.", ("EU", "FR"))],
    2: [reflected(2, "We commit to cooperate on return and readmission, in full respect of "
                     "international law", ("G77",), state=S.MERGED, revision=1),
        reflected(3, "We commit to cooperate on safe and dignified return and readmission, "
                     "in full respect of international law.", ("US",), revision=1),
        reflected(4, "Words that never made it.", ("RU",), state=S.NOT_REFLECTED)],
}


def spans_as_pairs(spans: list[AttributedSpan]) -> list[tuple[str, Origin]]:
    return [(s.text, s.origin) for s in spans]


def check_tiling(text: str, spans: list[AttributedSpan]) -> None:
    assert "".join(s.text for s in spans) == text
    pos = 0
    for s in spans:
        assert s.start == pos and s.end > s.start and text[s.start : s.end] == s.text
        pos = s.end
    for a, b in itertools.pairwise(spans):
        assert a.origin != b.origin
    bounds = set(itertools.accumulate(len(t) for t in tokenize(text)))
    assert all(s.end in bounds for s in spans)


def test_three_revisions() -> None:
    spans = attribute(HISTORY, REFLECTED)
    check_tiling(REV2, spans)
    cofac2 = Origin(OriginKind.CO_FACILITATORS, 2)
    merged = Origin(OriginKind.AMENDMENT, 2, (2, 3), ("G77", "US"))
    assert spans_as_pairs(spans) == [
        ("We commit to cooperate ", ORIGINAL),
        ("closely ", cofac2),
        ("on ", ORIGINAL),
        ("safe and dignified ", Origin(OriginKind.AMENDMENT, 1, (1,), ("EU", "FR"))),
        ("return", ORIGINAL),
        (" and readmission, in full respect of international law", merged),
        (".", ORIGINAL),
    ]


def test_requested_revision_and_absent_unit() -> None:
    spans = attribute(HISTORY, REFLECTED, at=1)
    check_tiling(REV1, spans)
    assert attribute(HISTORY, REFLECTED, at=0) == [AttributedSpan(0, len(REV0), REV0,
                                                                  ORIGINAL)]
    assert attribute([(0, REV0), (1, None)], {}) == []
    assert attribute([], {}) == []
    with pytest.raises(ValueError):
        attribute(HISTORY, REFLECTED, at=7)
    with pytest.raises(ValueError):
        attribute([(1, "a"), (0, "b")], {})


def test_words_restored_after_an_absence_keep_their_origin() -> None:
    history: list[tuple[int, str | None]] = [(0, REV0), (1, None), (2, REV0 + " Again.")]
    spans = attribute(history, {})
    assert spans_as_pairs(spans) == [(REV0, ORIGINAL),
                                     (" Again.", Origin(OriginKind.CO_FACILITATORS, 2))]


def test_unit_new_in_a_later_revision_comes_from_an_add_unit_amendment() -> None:
    text = "We further commit to protect migrant workers."
    add = reflected(9, text, ("CARICOM",), kind=K.ADD_UNIT, unit="op0")
    spans = attribute([(0, None), (1, text)], {1: [add]}, unit="op1")
    assert spans_as_pairs(spans) == [(text, Origin(OriginKind.AMENDMENT, 1, (9,),
                                                   ("CARICOM",)))]


def test_unit_filter_ignores_other_units_amendments() -> None:
    other = reflected(5, "We commit to cooperate on safe and dignified return.", ("EU",),
                      unit="op2")
    spans = attribute([(0, REV0), (1, REV1)], {1: [other]}, unit="op1")
    assert spans[1].origin == Origin(OriginKind.CO_FACILITATORS, 1)
    spans = attribute([(0, REV0), (1, REV1)], {1: [other]})
    assert spans[1].origin.kind is OriginKind.AMENDMENT


def test_partly_reworded_insertion_is_split_between_amendment_and_cofacilitators() -> None:
    old = "States shall cooperate."
    new = "States shall cooperate through regional consultative processes and bilateral talks."
    am = reflected(1, "States shall cooperate through regional consultative processes.", ("AU",))
    spans = attribute([(0, old), (1, new)], {1: [am]})
    assert spans_as_pairs(spans) == [
        ("States shall cooperate", ORIGINAL),
        (" through regional consultative processes ",
         Origin(OriginKind.AMENDMENT, 1, (1,), ("AU",))),
        ("and bilateral talks", Origin(OriginKind.CO_FACILITATORS, 1)),
        (".", ORIGINAL),
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), multiscript_sentence), min_size=1, max_size=5),
       st.lists(multiscript_sentence, max_size=4))
def test_attribution_tiles_any_history(texts: list[str | None], proposals: list[str]) -> None:
    history = list(enumerate(texts))
    ams = {seq: [reflected(seq * 10 + k, p, ("A",)) for k, p in enumerate(proposals)]
           for seq, _ in history}
    spans = attribute(history, ams)
    last = texts[-1]
    if not last:
        assert spans == []
    else:
        check_tiling(last, spans)
        if texts[0] == last and all(t is None or t == last for t in texts):
            assert all(s.origin == ORIGINAL for s in spans)


@settings(max_examples=100, deadline=None)
@given(st.lists(multiscript_text, min_size=1, max_size=4), multiscript_text)
def test_attribution_never_breaks_on_random_text(texts: list[str], proposal: str) -> None:
    history: list[tuple[int, str | None]] = list(enumerate(texts))
    spans = attribute(history, {1: [reflected(1, proposal, ("A",))]})
    if texts[-1]:
        assert "".join(s.text for s in spans) == texts[-1]
