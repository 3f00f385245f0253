"""Brackets people can see (core.brackets.unit_brackets, text_brackets): open brackets,
alternatives, options and unbalanced positions per unit and per article, with the spans the
page highlights. Counts on the real drafts were made by hand, reading each provision."""

from __future__ import annotations

from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from server.core.brackets import (
    BracketTotals,
    MarkKind,
    TextBrackets,
    UnitBrackets,
    syntax_brackets,
    text_brackets,
    unit_brackets,
)
from server.core.importing import import_text, to_unit_views
from server.core.naming import unit_names
from server.core.richtext import Footnote, OptionRef
from server.core.text import UnitKind, UnitView
from tests.support.data import PARIS, SHARED_DATA, need_file
from tests.support.strategies import multiscript_text

REVISED = SHARED_DATA / "plastics-inc-2023" / "UNEP-PP-INC.4-3-revised-draft-2023-12-28.pdf"


def counts(b: UnitBrackets) -> tuple[int, int, int, int]:
    return b.open, b.alternatives, b.options, b.unbalanced


def marked(text: str, b: UnitBrackets) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.kind.value) for m in b.spans]


# --------------------------------------------------------------------------- one unit


def test_open_brackets_nested_included_with_their_spans() -> None:
    text = "to [enhance [rapidly]] the [regional] efforts"
    b = unit_brackets(text)
    assert counts(b) == (3, 0, 0, 0)
    assert marked(text, b) == [("[enhance [rapidly]]", "open"), ("[rapidly]", "open"),
                               ("[regional]", "open")]
    assert [m.depth for m in b.spans] == [1, 2, 1]
    assert b.any and not unit_brackets("We commit to cooperate.").any


def test_alternatives_adjacent_or_spaced_when_they_are_choices() -> None:
    assert counts(unit_brackets("Parties [shall][should] act")) == (2, 1, 0, 0)
    assert counts(unit_brackets("Parties [shall] [should] act")) == (2, 1, 0, 0)
    assert counts(unit_brackets("Part[y] [ies] to it")) == (2, 1, 0, 0)
    assert counts(unit_brackets("in [2023][2024][2025] and [50][60]")) == (5, 2, 0, 0)
    assert counts(unit_brackets("[shall / should / will] act")) == (1, 1, 0, 0)
    assert counts(unit_brackets("[a]\n[b]")) == (2, 1, 0, 0)
    # two independent bracketed clauses, separated by a space, are not a choice
    clauses = ("[to reduce the production of primary plastic polymers] "
               "[by the dates set out in the annex]")
    assert counts(unit_brackets(clauses)) == (2, 0, 0, 0)
    # additions are not choices: a list item, "and ...", ", including ..."
    assert unit_brackets("[new,] [additional] resources").alternatives == 0
    assert unit_brackets("[mitigation] [and adaptation]").alternatives == 0
    assert unit_brackets("[national plans][, with support]").alternatives == 0
    assert unit_brackets("[on [mitigation] and adaptation] [undertakings]").alternatives == 0
    # a run keeps how it started; a group tight against another is that run's only
    text = "[shall][should] [pursue] [implement] [designed to carry it out] [do][achieve]"
    b = unit_brackets(text)
    assert counts(b) == (7, 3, 0, 0)
    assert [k for _, k in marked(text, b)] == ["alternative"] * 4 + ["open"] + [
        "alternative"] * 2


def test_unbalanced_positions() -> None:
    text = "a ] b [c [d] e"
    b = unit_brackets(text)
    assert counts(b) == (1, 0, 0, 2)
    assert [i.position for i in b.issues] == [2, 6]
    assert [(m.start, m.kind) for m in b.spans if m.kind is MarkKind.UNBALANCED] == [
        (2, MarkKind.UNBALANCED), (6, MarkKind.UNBALANCED)]


def test_footnote_marks_and_link_syntax_never_count() -> None:
    text = ("Parties[^5] shall act[5] under [Article 4](https://example.org/a4)^[An inline "
            "note.] and<sup>[6]</sup> [¹] ![logo](/logo.png)")
    b = unit_brackets(text, ["5"])
    assert counts(b) == (0, 0, 0, 0) and not b.any
    # "[5]" is a footnote mark only when the unit has footnote 5; otherwise a bracket
    assert unit_brackets("paragraph [5] above").open == 1
    assert unit_brackets("paragraph [5] above", ["5"]).open == 0
    # a link whose text holds a bracket is not link syntax: its brackets count
    linked = "see [the [annex]](https://example.org)"
    assert counts(unit_brackets(linked)) == (2, 0, 0, 0)
    assert syntax_brackets("[a](#x)") == {0, 2}


def test_options_from_labels_and_from_the_option_group() -> None:
    text = "Option 1: Parties shall [act]. Option 2: No text."
    b = unit_brackets(text)
    assert counts(b) == (1, 0, 2, 0)
    assert [s for s, k in marked(text, b) if k == "option"] == ["Option 1:", "Option 2:"]
    assert unit_brackets("Parties shall act.", option=True).options == 1


# --------------------------------------------------------------------------- over articles


def view(key: str, kind: UnitKind, parent: str | None, text: str = "", **more: object
         ) -> UnitView:
    return UnitView(key=key, kind=kind, parent=parent, number=None, text=text, **more)  # type: ignore[arg-type]


S, P, SUB = UnitKind.SECTION, UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH


def test_a_bracket_from_a_chapeau_to_its_last_sub_item_counts_once() -> None:
    units = [view("a1", S, None), view("p1", P, "a1", "Each Party [shall take measures to:"),
             view("p1a", SUB, "p1", "reduce [primary] plastics;"),
             view("p1b", SUB, "p1", "report.]"),
             view("a2", S, None), view("p2", P, "a2", "Parties ] act [now")]
    r = text_brackets(units)
    assert counts(r.units["p1"]) == (1, 0, 0, 0)
    assert counts(r.units["p1a"]) == (1, 0, 0, 0)  # its own [primary]
    assert counts(r.units["p1b"]) == (0, 0, 0, 0) and r.units["p1b"].any
    assert [(m.start, m.end, m.continued) for m in r.units["p1b"].spans] == [(0, 8, True)]
    assert [(m.start, m.end, m.continued) for m in r.units["p1a"].spans] == [
        (0, 26, True), (7, 16, False)]
    # brackets do not match across articles: Article 2's are its own, unbalanced
    assert counts(r.units["p2"]) == (0, 0, 0, 2)
    assert r.sections["a1"] == BracketTotals(units=4, units_with_brackets=3, open=2,
                                             alternatives=0, options=0, unbalanced=0)
    assert r.sections["a2"].unbalanced == 2
    assert r.total.open == 2 and r.total.unbalanced == 2
    # standing alone, each unit would be unbalanced: the old count said 2 where there is 1
    assert unit_brackets("Each Party [shall take measures to:").unbalanced == 1
    assert unit_brackets("report.]").unbalanced == 1


def test_options_of_a_group_count_once_per_alternative_in_an_article() -> None:
    one, two = OptionRef("g", "Option 1"), OptionRef("g", "Option 2", no_text=False)
    units = [view("a", S, None), view("o1a", P, "a", "first", option=one),
             view("o1b", P, "a", "[second]", option=one),
             view("o2", P, "a", "other", option=two),
             view("p", P, "a", "See [3].", footnotes=(Footnote("3", 7, "A note."),))]
    r = text_brackets(units)
    assert r.sections["a"].options == 2  # Option 1 (two paragraphs) and Option 2
    assert r.units["o1a"].options == 1 and r.units["o1b"].options == 1
    assert r.units["p"].open == 0  # [3] is its footnote's mark


BRACKETY = st.text(alphabet="[]\uff3b\uff3d ab/^5()#:\n", max_size=40)


@given(st.lists(st.one_of(multiscript_text, BRACKETY), min_size=1, max_size=6))
def test_every_bracket_is_in_one_span_or_unbalanced(texts: list[str]) -> None:
    units = [view("s", S, None)] + [view(f"p{i}", P, "s", t) for i, t in enumerate(texts)]
    r: TextBrackets = text_brackets(units)
    for u in units:
        b = r.units[u.key]
        assert all(0 <= m.start < m.end <= len(u.text) for m in b.spans)
        assert len(b.issues) == b.unbalanced and b.alternatives <= b.open
        ignored = syntax_brackets(u.text)
        spans = [m for m in b.spans if m.kind in (MarkKind.OPEN, MarkKind.ALTERNATIVE)]
        # a continued piece starts at the unit's start (or ends at its end) without a bracket
        opens = {m.start for m in spans if u.text[m.start] in "[\uff3b"}
        closes = {m.end - 1 for m in spans if u.text[m.end - 1] in "]\uff3d"}
        issues = {i.position for i in b.issues}
        for pos, ch in enumerate(u.text):
            if pos in ignored or ch not in "[]\uff3b\uff3d":
                continue
            # exactly one of: it opens a span, it closes one, it is unbalanced
            found = [pos in opens and ch in "[\uff3b", pos in closes and ch in "]\uff3d",
                     pos in issues]
            assert found.count(True) == 1, (u.text, pos)
    assert r.total.open == sum(r.units[u.key].open for u in units)
    assert r.total.unbalanced == sum(r.units[u.key].unbalanced for u in units)


# --------------------------------------------------------------------------- the Paris draft


@cache
def paris() -> tuple[list[UnitView], dict[str, str], TextBrackets]:
    source = need_file(PARIS / "9-dec-2015.md", "The Paris draft of 9 December 2015")
    units = to_unit_views(import_text(source.read_text(encoding="utf-8"), fmt="markdown"))
    return units, unit_names(units), text_brackets(units)


def paris_unit(name: str, nth: int = 0) -> UnitBrackets:
    units, names, r = paris()
    return r.units[[u.key for u in units if names[u.key] == name][nth]]


def test_paris_provisions_counted_by_hand() -> None:
    # Art 3.2: 18 brackets; alternatives [and maintain][successive], [shall][should][other]
    # [take ...], [have in place][identify and], [pursue] [implement], [implement][achieve]
    # [carry out][that support ...]; the "]" after its last "###" has no partner
    assert counts(paris_unit("Article 3.2")) == (18, 5, 0, 1)
    # Art 3.17: "Part[y] [ies]" is the one alternative; [14], [9], [11] are brackets (the
    # unit has no footnotes), the "]" after "that agreement" has no partner
    assert counts(paris_unit("Article 3.17")) == (8, 1, 0, 1)
    # Art 5.3: [Warsaw International Mechanism][CMA]
    assert counts(paris_unit("Article 5.3")) == (2, 1, 0, 0)


def test_paris_brackets_over_paragraphs_close_in_their_article() -> None:
    units, names, r = paris()
    # Art 3.14 opens a bracket that the end of 3.15 closes: one bracket, nothing unbalanced
    assert counts(paris_unit("Article 3.14")) == (1, 0, 0, 0)
    assert counts(paris_unit("Article 3.15")) == (0, 0, 0, 0)
    assert paris_unit("Article 3.15").any
    # Article 2bis, Option 2: its paragraph 1 opens "[All Parties ..." closed at the end of
    # paragraph 4; the article: 19 brackets, 3 alternatives, 2 options, none unbalanced
    option2 = paris_unit("Article 2bis.1", 1)
    assert option2.options == 1 and option2.unbalanced == 0
    (article,) = [u.key for u in units if names[u.key] == "Article 2bis"]
    assert r.sections[article] == BracketTotals(units=7, units_with_brackets=6, open=19,
                                                alternatives=3, options=2, unbalanced=0)


# --------------------------------------------------------------------------- the plastics draft


@cache
def plastics() -> tuple[list[UnitView], TextBrackets]:
    from server.features.files.importers.pdf import parse_pdf

    data = need_file(REVISED, "The plastics revised draft (UNEP/PP/INC.4/3)").read_bytes()
    units = list(parse_pdf(data).units)
    return units, text_brackets(units)


def provision(*path: str) -> UnitBrackets:
    """The provision at ``path``: the printed numbers (or headings) from the top down."""
    units, r = plastics()
    by_key = {u.key: u for u in units}

    def numbers(u: UnitView | None) -> tuple[str, ...]:
        out: list[str] = []
        while u is not None:
            out.append(u.number or (u.heading or "")[:20])
            u = by_key.get(u.parent) if u.parent else None
        return tuple(reversed(out))

    (found,) = [u for u in units if numbers(u) == path]
    return r.units[found.key]


def test_plastics_provisions_counted_by_hand() -> None:
    # Part II.10(b) option 1, para 5: three brackets; "[and dumping of] [in]" a choice
    assert counts(provision("II", "10", "b", "1", "5")) == (3, 1, 0, 0)
    # Part III.1(2) option 2, para 7: "[existing financial arrangement*] [Global ...]"
    assert counts(provision("III", "1", "2", "7")) == (2, 1, 0, 0)
    # Part IV.1, para 5: [are encouraged to][may], [development][establishment], one more;
    # the draft follows it with "OP5 Alt. No text.": it is one option of a group
    assert counts(provision("IV", "1", "5")) == (5, 2, 1, 0)
    # Part II.8, option 1, para 3: five brackets; "[Part IV.1 ...][, with ...]" adds, so
    # the only choice is [are encouraged to][shall]; "OP3 Alt. No text." follows it: one
    # option of a group
    assert counts(provision("II", "8", "1", "3")) == (5, 1, 1, 0)
    # Part IV.8(2)(d): the two openings are a choice; "[, including ...][in support ...]"
    # are additions
    assert counts(provision("IV", "8", "2", "(d)")) == (5, 1, 0, 0)


def test_plastics_whole_preamble_in_one_bracket_is_not_unbalanced() -> None:
    units, r = plastics()
    (preamble,) = [u for u in units if u.kind is UnitKind.SECTION and u.heading == "Preamble"]
    paragraphs = [u for u in units if u.parent == preamble.key]
    assert len(paragraphs) == 24
    # "[The Parties to this instrument*," ... "Have agreed as follows:]": one bracket
    assert r.sections[preamble.key] == BracketTotals(
        units=25, units_with_brackets=24, open=1, alternatives=0, options=0, unbalanced=0)
    assert all(m.continued for u in paragraphs for m in r.units[u.key].spans)
    # the whole draft: about 1,800 "[" in its text, each in a counted bracket but a few
    assert 1_700 <= r.total.open <= 1_800 and r.total.unbalanced <= 30
