"""Compilation texts: a revision with its proposals inlined and attributed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.compilation import (
    Attribution,
    Piece,
    Replacement,
    compilation_to_json,
    compile_text,
    render_compilation_text,
)
from server.core.rebase import AmendmentView
from server.core.text import UnitKind, UnitStatus, UnitView
from tests.support.strategies import multiscript_sentence, multiscript_text

K = AmendmentKind
S = AmendmentState

P37 = "We commit to cooperate on safe and dignified return"
P37A = "Develop bilateral frameworks"
P37B = "Ensure that returnees are assisted in their reintegration"
P38 = "We commit to strengthen consular protection."

UNITS = [
    UnitView("s1", UnitKind.SECTION, None, "C", heading="Objective 21"),
    UnitView("p37", UnitKind.PARAGRAPH, "s1", "37", P37),
    UnitView("p37a", UnitKind.SUBPARAGRAPH, "p37", "(a)", P37A),
    UnitView("p37b", UnitKind.SUBPARAGRAPH, "p37", "(b)", P37B,
             status=UnitStatus.AGREED_AD_REF),
    UnitView("p38", UnitKind.PARAGRAPH, "s1", "38", P38),
]

NAMES = {"A": "Delegation A", "B": "Delegation B", "C": "Delegation C", "D": "Delegation D",
         "E": "Delegation E", "F": "Delegation F", "X": "Group X"}


def am(id: int, unit: str, kind: AmendmentKind, proponents: tuple[str, ...],
       text: str | None, *, base: str | None = None, state: AmendmentState = S.SUBMITTED,
       cluster: str | None = "return") -> AmendmentView:
    base_text = base if base is not None else {u.key: u.text for u in UNITS}[unit]
    return AmendmentView(id, unit, kind, state, proponents, base_text, text, 1, cluster)


AMENDMENTS = [
    am(1, "p37", K.CHANGE_WORDS, ("A", "B"), P37 + " and to guarantee due process"),
    am(2, "p37", K.DELETE_UNIT, ("X",), None, cluster="other"),
    am(3, "p37a", K.CHANGE_WORDS, ("C",),
       "Develop bilateral, regional and multilateral frameworks"),
    am(4, "p37", K.ADD_UNIT, ("D",), "We further commit to ..."),
    am(5, "p37", K.RESERVATION, ("E",), None),
    am(6, "p38", K.ALTERNATIVE, ("F",), "We commit to enhance consular cooperation."),
    am(7, "p38", K.CHANGE_WORDS, ("X",), "We commit to consular protection.", cluster="other"),
    am(8, "p38", K.RETAIN, ("A",), None),
    am(9, "p38", K.CHANGE_WORDS, ("F",), "We commit to strengthen consular protection.",
       state=S.DRAFT),
]

EXPECTED = """\
C. Objective 21
    37. We commit to cooperate on safe and dignified return [and to guarantee due process \
- Delegation A, Delegation B] [Group X: delete] [Delegation E: reserve]
        (a) Develop [bilateral][bilateral, regional and multilateral - Delegation C] frameworks
        (b) Ensure that returnees are assisted in their reintegration   [agreed ad ref]
    37 bis. [new - Delegation D: We further commit to ...]
    38. We commit to [strengthen - Group X: delete] consular protection. [Delegation A: retain]
    38 alt. [alt - Delegation F: We commit to enhance consular cooperation.]"""


def test_rendered_compilation_text() -> None:
    compilation = compile_text(UNITS, AMENDMENTS)
    assert render_compilation_text(compilation, names=NAMES) == EXPECTED
    assert compilation.amendment_ids == (1, 2, 3, 4, 5, 6, 7, 8)  # 9 is a draft
    assert compilation.unplaced == ()


def test_compilation_data() -> None:
    compilation = compile_text(UNITS, AMENDMENTS)
    p37a = compilation.units[2]
    assert p37a.depth == 2
    assert p37a.pieces == (
        Piece("Develop "),
        Piece("bilateral", None, (Replacement("bilateral, regional and multilateral",
                                              Attribution((3,), ("C",))),)),
        Piece(" frameworks"),
    )
    p37 = compilation.units[1]
    assert [m.kind for m in p37.markers] == [K.DELETE_UNIT, K.RESERVATION]
    (addition,) = p37.additions
    assert addition.number == "37 bis" and addition.by == Attribution((4,), ("D",))
    assert compilation.units[4].alternatives[0].number == "38 alt"
    data = compilation_to_json(compilation)
    assert json.loads(json.dumps(data)) == data
    assert data["units"][2]["pieces"][1]["replacements"][0]["by"] == {
        "amendments": [3], "proponents": ["C"]}


def test_several_proposals_on_the_same_words_share_one_place() -> None:
    ams = [
        am(1, "p37a", K.CHANGE_WORDS, ("C",),
           "Develop bilateral, regional and multilateral frameworks"),
        am(2, "p37a", K.CHANGE_WORDS, ("X",), "Develop frameworks"),
        am(3, "p37a", K.CHANGE_WORDS, ("D",), "Develop regional frameworks"),
        am(4, "p37a", K.CHANGE_WORDS, ("E",), "Develop regional frameworks"),
        am(5, "p37a", K.CHANGE_WORDS, ("B", "A"), "Develop frameworks"),
    ]
    text = render_compilation_text(compile_text([UNITS[2]], ams), names=NAMES)
    assert text == ("(a) Develop [bilateral - Group X, Delegation B, Delegation A: delete]"
                    "[bilateral, regional and multilateral - Delegation C]"
                    "[regional - Delegation D, Delegation E] frameworks")


def test_filters() -> None:
    def ids(**kw: object) -> tuple[int, ...]:
        return compile_text(UNITS, AMENDMENTS, **kw).amendment_ids  # type: ignore[arg-type]

    assert ids(delegations={"A"}) == (1, 8)
    assert ids(delegations={"X", "D"}) == (2, 4, 7)
    assert ids(clusters={"other"}) == (2, 7)
    assert ids(states={S.DRAFT}) == (9,)
    assert ids(states={S.DRAFT, S.SUBMITTED}, delegations={"F"}) == (6, 9)
    assert ids(delegations=set()) == ()
    filtered = compile_text(UNITS, AMENDMENTS, delegations={"C"})
    assert render_compilation_text(filtered).splitlines()[2] == (
        "        (a) Develop [bilateral][bilateral, regional and multilateral - C] frameworks")


def test_without_proposals_the_revision_text_is_rendered() -> None:
    text = render_compilation_text(compile_text(UNITS, []))
    assert text == ("C. Objective 21\n"
                    f"    37. {P37}\n"
                    f"        (a) {P37A}\n"
                    f"        (b) {P37B}   [agreed ad ref]\n"
                    f"    38. {P38}")


def test_amendment_on_an_older_text_is_reanchored_shown_in_conflict_or_unplaced() -> None:
    older = P38.replace("consular protection", "protection")
    reanchored = am(1, "p38", K.CHANGE_WORDS, ("C",), older.replace("strengthen", "enhance"),
                    base=older)
    clashing = am(2, "p38", K.CHANGE_WORDS, ("D",), "We commit to strengthen legal protection.",
                  base=older)
    missing = am(3, "p99", K.CHANGE_WORDS, ("E",), "x", base="y")
    compilation = compile_text(UNITS, [reanchored, clashing, missing])
    assert compilation.amendment_ids == (1, 2)
    assert [u.amendment_id for u in compilation.unplaced] == [3]
    (conflict,) = compilation.units[4].unsettled
    assert (conflict.amendment_id, conflict.outcome.value) == (2, "conflicts")
    assert [(s.amendment_id, s.standing.value) for s in compilation.standings] == [
        (1, "applies"), (2, "conflicts"), (3, "overtaken")]
    lines = render_compilation_text(compilation).splitlines()[-2:]
    assert lines == ["    38. We commit to [strengthen][enhance - C] consular protection.",
                     '    [conflicts - D: "We commit to strengthen legal protection." '
                     'proposed on "We commit to strengthen protection."]']


def test_many_additions_after_one_unit_are_numbered() -> None:
    ams = [am(i, "p38", K.ADD_UNIT, ("D",), f"New paragraph {i}.") for i in range(1, 13)]
    compilation = compile_text(UNITS, ams)
    numbers = [a.number for a in compilation.units[4].additions]
    assert numbers[:3] == ["38 bis", "38 ter", "38 quater"]
    assert len(set(numbers)) == 12


_kinds = st.sampled_from(list(AmendmentKind))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(multiscript_sentence, st.sampled_from([None, "1", "(a)"])),
                min_size=1, max_size=5),
       st.lists(st.tuples(st.integers(0, 4), _kinds, multiscript_sentence,
                          st.lists(st.sampled_from(["A", "B", "C"]), max_size=3)),
                max_size=12))
def test_compilation_never_breaks_and_keeps_the_text(
        units_data: list[tuple[str, str | None]],
        ams_data: list[tuple[int, AmendmentKind, str, list[str]]]) -> None:
    units = [UnitView(f"u{i}", UnitKind.PARAGRAPH, None, number, text)
             for i, (text, number) in enumerate(units_data)]
    ams = []
    for n, (target, kind, text, proponents) in enumerate(ams_data, start=1):
        u = units[target % len(units)]
        ams.append(AmendmentView(n, u.key, kind, S.SUBMITTED, tuple(proponents), u.text,
                                 text, 0))
    compilation = compile_text(units, ams)
    assert len(compilation.amendment_ids) == len(ams)
    for cu, u in zip(compilation.units, units, strict=True):
        assert "".join(p.text for p in cu.pieces) == u.text
    # each change_words amendment alone gives back its proposed text
    for a in ams:
        if a.kind is not K.CHANGE_WORDS:
            continue
        single = compile_text(units, [a]).units[int(a.unit[1:])]
        rebuilt = "".join(p.replacements[0].text if p.replacements else
                          "" if p.deleted_by else p.text for p in single.pieces)
        assert rebuilt == a.text
    assert isinstance(render_compilation_text(compilation), str)
    json.dumps(compilation_to_json(compilation))


@settings(max_examples=100, deadline=None)
@given(multiscript_text, multiscript_text, multiscript_text)
def test_compilation_random_scripts(base: str, one: str, two: str) -> None:
    units = [UnitView("u", UnitKind.PARAGRAPH, None, "1", base)]
    ams = [AmendmentView(1, "u", K.CHANGE_WORDS, S.SUBMITTED, ("A",), base, one, 0),
           AmendmentView(2, "u", K.CHANGE_WORDS, S.SUBMITTED, ("B",), base, two, 0)]
    compilation = compile_text(units, ams)
    assert "".join(p.text for p in compilation.units[0].pieces) == base
    render_compilation_text(compilation)

