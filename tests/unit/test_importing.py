"""Importing plain text and Markdown into units."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.brackets import BracketTotals, UnitBrackets, unit_brackets
from server.core.importing import (
    ImportResult,
    ParsedUnit,
    import_text,
    normalise_number,
    number_sort_key,
)
from tests.support.data import PARIS, need_file
from tests.support.strategies import multiscript_text


def _paris(name: str) -> str:
    return need_file(PARIS / name, "The Paris Agreement draft").read_text(encoding="utf-8")


def _totals(counted: Iterable[UnitBrackets]) -> BracketTotals:
    """The brackets of every unit added up (each unit standing alone)."""
    every = list(counted)
    return BracketTotals(units=len(every), units_with_brackets=sum(b.any for b in every),
                         open=sum(b.open for b in every),
                         alternatives=sum(b.alternatives for b in every),
                         options=sum(b.options for b in every),
                         unbalanced=sum(b.unbalanced for b in every))


def sections(result: ImportResult) -> dict[str, ParsedUnit]:
    return {u.number: u for u in result.units if u.kind == "section" and u.number}


def descendants(unit: ParsedUnit, kind: str) -> list[ParsedUnit]:
    return [u for u in unit.walk() if u.kind == kind and u is not unit]


def check_tree(result: ImportResult) -> None:
    for flat in result.flat():
        unit = flat.unit
        assert unit.kind in ("preamble", "section", "paragraph", "subparagraph")
        if flat.parent is None:
            assert unit.depth == 0
            assert unit.kind != "subparagraph"
        else:
            parent = result.flat()[flat.parent].unit
            assert unit.depth == parent.depth + 1
            if unit.kind == "subparagraph":
                assert parent.kind in ("paragraph", "subparagraph")
            if unit.kind == "paragraph":
                assert parent.kind in ("section", "preamble")
            assert parent.kind != "preamble" or unit.kind in ("paragraph", "section")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3bis", "3 bis"),
        ("3bis.", "3 bis"),
        ("12  Ter.", "12 ter"),
        ("12 alt", "12 alt"),
        ("12alt", "12 alt"),
        ("(a)", "a"),
        ("a)", "a"),
        ("IV", "IV"),
        (" 7. ", "7"),
        ("[3bis]", "3 bis"),
        ("12 bis alt", "12 bis alt"),
        ("", ""),
    ],
)
def test_normalise_number(raw: str, expected: str) -> None:
    assert normalise_number(raw) == expected
    assert normalise_number(expected) == expected


def test_number_sort_key_orders_like_a_reader() -> None:
    numbers = ["13", "12 ter", "2", "12 bis", "12", "12 alt", "10", "1"]
    assert sorted(numbers, key=number_sort_key) == [
        "1",
        "2",
        "10",
        "12",
        "12 alt",
        "12 bis",
        "12 ter",
        "13",
    ]
    assert sorted(["IX", "IV", "II"], key=number_sort_key) == ["II", "IV", "IX"]
    assert sorted(["aa", "b", "a"], key=number_sort_key) == ["a", "b", "aa"]


@given(st.text(max_size=20), st.text(max_size=20))
def test_number_functions_never_raise(a: str, b: str) -> None:
    assert normalise_number(normalise_number(a)) == normalise_number(a)
    assert isinstance(number_sort_key(a) < number_sort_key(b), bool)


# ---------------------------------------------------------------- small inputs


def test_empty_input_raises() -> None:
    with pytest.raises(ValueError, match="empty"):
        import_text("", fmt="text")
    with pytest.raises(ValueError, match="empty"):
        import_text("  \n\t\n", fmt="markdown")


def test_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="format"):
        import_text("x", fmt="html")  # type: ignore[arg-type]


PLAIN = """Global Compact for Safe, Orderly and Regular Migration

We, the Heads of State and Government, meeting in Morocco,

Recalling the New York Declaration [and regional] frameworks,

Objective 1: Collect and utilize accurate data

17. We commit to strengthen the global evidence base.
(a) Develop [bilateral][bilateral, regional] frameworks
(b) Ensure that returnees are assisted
(i) first roman
(ii) second roman
(c) third
17 bis. [new - Delegation D: We further commit to]
17 alt We commit otherwise
3bis) odd

Objective 2: Minimize adverse drivers

18. We commit to create conducive conditions.
18. A duplicate number.
"""


def test_plain_text_structure() -> None:
    r = import_text(PLAIN, fmt="text")
    check_tree(r)
    assert r.title == "Global Compact for Safe, Orderly and Regular Migration"
    pre, obj1, obj2 = r.units
    assert pre.kind == "preamble" and pre.heading is None
    assert [p.text for p in pre.children] == [
        "We, the Heads of State and Government, meeting in Morocco,",
        "Recalling the New York Declaration [and regional] frameworks,",
    ]
    assert (obj1.kind, obj1.number, obj1.heading) == (
        "section",
        "1",
        "Objective 1: Collect and utilize accurate data",
    )
    assert [p.number for p in obj1.children] == ["17", "17 bis", "17 alt", "3 bis"]
    p17 = obj1.children[0]
    assert [s.number for s in p17.children] == ["a", "b", "c"]
    assert [s.number for s in p17.children[1].children] == ["i", "ii"]
    assert p17.children[1].children[0].depth == 3
    assert obj2.number == "2"
    assert any("duplicate paragraph number '18'" in w.message for w in r.warnings)


def test_markdown_front_matter_toc_links_and_emphasis() -> None:
    src = """---
title: A "test" draft
layout: page
---

*An editorial note about the [source][src].*

[src]: http://example.org/draft.pdf

# The Draft Declaration

* TOC
{:toc}

## Preamble

*Recalling* its resolution [70/1](http://example.org/70-1) of **25 September 2015**,

*Noting* the `importance` of [regional] cooperation,

## Article 1 *(purpose)*

1. **Option 1:** The purpose [is][shall be] to \\*cooperate\\*.

    **Option 2:** The purpose is to coordinate.

2. A paragraph with a nested list:

    1. first point;
    2. second point.

## Article 2

**Option 1:**

1. Parties shall act.

**Option 2:**

1. Parties should act.
"""
    r = import_text(src, fmt="markdown")
    check_tree(r)
    assert r.title == "The Draft Declaration"
    assert r.front_text == "An editorial note about the source."
    pre = r.units[0]
    assert pre.kind == "preamble" and pre.heading == "Preamble"
    assert [p.text for p in pre.children] == [
        "Recalling its resolution 70/1 of 25 September 2015,",
        "Noting the importance of [regional] cooperation,",
    ]
    art = sections(r)
    assert art["1"].heading == "Article 1 (purpose)"
    p1, p2 = art["1"].children
    assert p1.text == (
        "Option 1: The purpose [is][shall be] to *cooperate*.\n"
        "Option 2: The purpose is to coordinate."
    )
    assert [s.text for s in p2.children] == ["first point;", "second point."]
    assert all(s.kind == "subparagraph" for s in p2.children)
    a2 = art["2"].children
    # labels alone on their line: the paragraphs that follow are that alternative (the
    # labels are structure, not text); alternatives of words inside p1 stay its text
    assert [(p.number, p.text, p.option.label if p.option else None) for p in a2] == [
        ("1", "Parties shall act.", "Option 1"),
        ("1", "Parties should act.", "Option 2"),
    ]
    assert a2[0].option and a2[1].option and a2[0].option.group == a2[1].option.group
    assert p1.option is None and not p1.children
    assert unit_brackets(p1.text).options == 2
    assert any("front text" in w.message for w in r.warnings)
    # the same number in two alternatives of one option group is no duplicate
    assert not any("duplicate" in w.message for w in r.warnings)


def test_bold_sub_headings_and_paragraph_titles() -> None:
    src = """## Article 6 *(finance)*

**Directional goal**

1. Developed country Parties shall provide resources.

**Mobilization**

2. **Option 1:** All Parties shall mobilize.

    **Option 2:** Developed country Parties shall mobilize.

## Article 3

1. **Collective long-term goal**

    Parties aim to reach the goal.

3. **Differentiated efforts**

    **Option 1:**
    In accordance with Article 4.

    3bis. Developing country Parties should undertake actions.

    **Option 2:**
    Each Party should continue.
"""
    r = import_text(src, fmt="markdown")
    check_tree(r)
    art = sections(r)
    subs = art["6"].children
    assert [(s.kind, s.heading) for s in subs] == [
        ("section", "Directional goal"),
        ("section", "Mobilization"),
    ]
    assert subs[1].children[0].number == "2"
    assert subs[1].children[0].text.count("Option") == 2
    p1, p3, p3bis = art["3"].children
    assert (p1.number, p1.heading, p1.text) == (
        "1",
        "Collective long-term goal",
        "Parties aim to reach the goal.",
    )
    assert p3.heading == "Differentiated efforts"
    assert (
        p3.text == "Option 1: In accordance with Article 4.\nOption 2: Each Party should continue."
    )
    assert (p3bis.number, p3bis.kind) == ("3 bis", "paragraph")


def test_lazy_continuation_and_implicit_preamble_without_title() -> None:
    src = (
        "The General Assembly,\n\nRecalling its resolution,\n\n"
        "1. Decides to convene\na conference;\n\n2. Requests the Secretary-General.\n"
    )
    r = import_text(src, fmt="text")
    check_tree(r)
    pre, p1, p2 = r.units
    assert pre.kind == "preamble"
    assert [p.text for p in pre.children] == ["The General Assembly,", "Recalling its resolution,"]
    assert (p1.kind, p1.number, p1.text) == ("paragraph", "1", "Decides to convene a conference;")
    assert p2.number == "2"


def test_six_languages_keep_text() -> None:
    src = (
        "Статья 2\n\n1. Стороны [настоящего] Соглашения.\n\n"
        "المادة 3\n\n1. الأطراف في هذا الاتفاق، مُحَمَّد\n\n"
        "第四条\n\n1. 缔约方认识到气候变化 🌍 𠀋\n\n"
        "Artículo 5\n\n1. Las Partes, según el Acuerdo.\n"
    )
    r = import_text(src, fmt="text")
    check_tree(r)
    heads = [(u.number, u.heading) for u in r.units]
    assert heads == [
        ("2", "Статья 2"),
        ("3", "المادة 3"),
        ("四", "第四条"),
        ("5", "Artículo 5"),
    ]
    texts = [u.children[0].text for u in r.units]
    assert texts[1] == "الأطراف في هذا الاتفاق، مُحَمَّد"
    assert texts[2] == "缔约方认识到气候变化 🌍 𠀋"


@settings(deadline=None, max_examples=150)
@given(multiscript_text, st.sampled_from(["markdown", "text"]))
def test_never_raises_on_odd_input(text: str, fmt: str) -> None:
    if not text.strip():
        with pytest.raises(ValueError):
            import_text(text, fmt=fmt)  # type: ignore[arg-type]
        return
    r = import_text(text, fmt=fmt)  # type: ignore[arg-type]
    check_tree(r)


LINES = st.sampled_from(
    [
        "",
        "## Article 2bis *(x)*",
        "# Title",
        "Preamble",
        "**Option 1:**",
        "**Heading**",
        "1. text [a][b]",
        "    1. nested",
        "(a) lettered",
        "(i) roman",
        "12 alt text",
        "3bis. text",
        "- bullet",
        "plain *words* here",
        "---",
        "[x]: http://example.org",
        "* TOC",
        "{:toc}",
        "Objective 3: things",
        "        deep text",
    ]
)


@settings(deadline=None, max_examples=300)
@given(st.lists(LINES, min_size=1, max_size=30), st.sampled_from(["markdown", "text"]))
def test_never_raises_on_structured_noise(lines: list[str], fmt: str) -> None:
    text = "\n".join(lines)
    if not text.strip():
        return
    r = import_text(text, fmt=fmt)  # type: ignore[arg-type]
    check_tree(r)


# ---------------------------------------------------------------- the Paris drafts


def test_paris_9_dec_structure() -> None:
    r = import_text(_paris("9-dec-2015.md"), fmt="markdown")
    check_tree(r)
    assert r.title is not None and r.title.startswith("Draft agreement and draft decision")
    kinds = [u.kind for u in r.units]
    assert kinds[0] == "preamble"
    pre = r.units[0]
    assert len(pre.children) == 17
    assert pre.children[0].text == "The Parties to this Agreement,"
    assert pre.children[-1].text == "Have agreed as follows:"
    art = sections(r)
    # Articles 1..26 with 2bis, 3bis, 3ter, 8bis; Article 17 is missing from the draft
    expected = [str(n) for n in range(1, 27) if n != 17] + ["2 bis", "3 bis", "3 ter", "8 bis"]
    assert sorted(art, key=number_sort_key) == sorted(expected, key=number_sort_key)
    assert len(art) == 29
    assert art["3 bis"].heading == "[Article 3bis] (REDD-plus)"
    # Article 2 paragraph 1 and its four sub-items, options kept in the text
    p1 = art["2"].children[0]
    assert (p1.kind, p1.number) == ("paragraph", "1")
    assert p1.text.startswith("The purpose of this Agreement is to [enhance")
    assert [s.number for s in p1.children] == ["1", "2", "3", "4"]
    assert all(s.kind == "subparagraph" for s in p1.children)
    hold = p1.children[0].text
    assert "Option 1: below 2 °C" in hold and "Option 3: below 1.5°C" in hold
    assert hold.endswith("greenhouse gas [net] emissions;")
    # Article 3: titled paragraphs, 3 bis paragraphs, sub-headings, numbers up to 21
    a3 = art["3"]
    a3_paras = descendants(a3, "paragraph")
    numbers = [p.number for p in a3_paras if p.number]
    assert numbers[:5] == ["1", "2", "3", "3 bis", "3 bis"]
    assert numbers[-1] == "21"
    assert a3.children[0].heading == "Collective long-term goal"
    assert a3.children[2].text.count("Option") == 2
    assert "Response measures" in [s.heading for s in descendants(a3, "section")]
    # every numbered paragraph of Article 4 is there with its number
    assert [p.number for p in art["4"].children] == [str(n) for n in range(1, 14)]
    assert len(art["4"].children[6].children) == 5
    # Article 2bis: two alternatives of whole paragraphs (2 and 4 paragraphs), one group
    a2bis = art["2 bis"].children
    assert a2bis[0].text.startswith("All Parties")
    assert a2bis[2].text.startswith("[All Parties")
    assert [p.option.label for p in a2bis if p.option] == ["Option 1"] * 2 + ["Option 2"] * 4
    assert len({p.option.group for p in a2bis if p.option}) == 1
    # brackets: well over 200 bracketed spans in the units of the 9 December draft
    summary = _totals(unit_brackets(u.text, [f.mark for f in u.footnotes]) for u in r.walk())
    assert summary.open > 200
    assert summary.options >= 20  # inline options stay text; Article 2bis's are structure
    assert summary.alternatives > 20
    messages = " ".join(w.message for w in r.warnings)
    assert "duplicate paragraph number '3 bis'" in messages
    assert "section numbering jumps from 16 to 18" in messages


def test_paris_12_dec_structure() -> None:
    r = import_text(_paris("12-dec-2015.md"), fmt="markdown")
    check_tree(r)
    assert r.title == "Paris Agreement"
    assert r.front_text.startswith("This is the COP21 Paris Agreement as published")
    pre = r.units[0]
    assert pre.kind == "preamble" and len(pre.children) == 18
    art = sections(r)
    assert list(art) == [str(n) for n in range(1, 30)]
    assert [p.number for p in art["4"].children] == [str(n) for n in range(1, 20)]
    assert [p.number for p in art["2"].children] == ["1", "2"]
    assert len(art["2"].children[0].children) == 3
    assert art["3"].children[0].number is None
    a13 = art["13"].children
    seven = next(p for p in a13 if p.number == "7")
    assert [s.number for s in seven.children] == ["1", "2"]
    summary = _totals(unit_brackets(u.text, [f.mark for f in u.footnotes]) for u in r.walk())
    assert summary.open == 0
    assert summary.options == 0
    assert summary.unbalanced == 0
    assert not any("duplicate" in w.message for w in r.warnings)


def test_keyword_heading_hierarchy() -> None:
    src = (
        "Title here\n\nPart I\n\nArticle 1\n\n1. a\n\nArticle 2\n\n1. b\n\n"
        "Article 4, paragraph 9, of the Convention applies\n\nAnnex\n\nSome annex text.\n"
    )
    r = import_text(src, fmt="text")
    check_tree(r)
    part, annex = r.units
    assert (part.number, part.heading) == ("I", "Part I")
    assert [a.number for a in part.children] == ["1", "2"]
    # a sentence that starts like a heading stays a paragraph
    assert part.children[1].children[-1].text.startswith("Article 4, paragraph 9")
    assert (annex.kind, annex.number, annex.heading) == ("section", None, "Annex")
    assert annex.children[0].text == "Some annex text."
