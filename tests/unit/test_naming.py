"""Units are named as the text numbers them (PP4, OP12 bis, OP10(b), Article 4.12), never by
their keys: the demo's compact, the Paris Agreement drafts, and texts numbered in odd ways."""

from __future__ import annotations

import doctest
import re
from collections import Counter

import pytest

from server.core import naming
from server.core.importing import import_text, to_unit_views
from server.core.naming import possessive, unit_name, unit_names
from server.core.text import UnitKind, UnitView
from server.demo import content
from tests.support.data import PARIS, need_file

K = UnitKind


def test_the_examples_hold() -> None:
    result = doctest.testmod(naming, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 5 and result.failed == 0


def demo_zero_draft() -> list[UnitView]:
    return [UnitView(u.key, UnitKind(u.kind), u.parent, u.number, u.text, u.heading)
            for u in content.ZERO_DRAFT]


def test_the_demo_compact_reads_as_a_un_text() -> None:
    names = unit_names(demo_zero_draft())
    assert names["pre"] == "Preamble"
    assert [names[f"pp{i}"] for i in range(1, 7)] == [f"PP{i}" for i in range(1, 7)]
    assert names["vis"] == "Vision and guiding principles"
    assert names["vis1"] == "OP7"
    assert names["obj1"] == "Objective 1"
    assert names["obj2_c"] == "OP11"
    assert names["obj2_c_b"] == "OP11(b)"
    assert names["impl"] == "Implementation"
    assert names["fur"] == "Follow-up and review"
    assert names["fur2"] == "OP18"
    # Every unit has a name, distinct from the others, and none is a key.
    assert len(set(names.values())) == len(names)
    assert not set(names.values()) & set(names)


def test_an_inserted_paragraph_is_bis_then_renumbered() -> None:
    zero = demo_zero_draft()
    at = next(i for i, u in enumerate(zero) if u.key == "fur2") + 1
    rev1 = [*zero[:at], UnitView("u399e92ea", K.PARAGRAPH, "fur", "18 bis", "New."), *zero[at:]]
    assert unit_names(rev1)["u399e92ea"] == "OP18 bis"
    assert unit_name(rev1, "fur3") == "OP19"
    assert unit_name(rev1, "nowhere") is None


def paris(name: str) -> list[UnitView]:
    source = need_file(PARIS / name, "The Paris Agreement draft").read_text(encoding="utf-8")
    return to_unit_views(import_text(source, fmt="markdown"))


def test_the_paris_agreement_numbers_paragraphs_per_article() -> None:
    units = paris("12-dec-2015.md")
    names = unit_names(units)
    by_name = {name: key for key, name in names.items()}
    text = {u.key: u.text for u in units}
    assert text[by_name["PP1"]] == "The Parties to this Agreement,"
    assert text[by_name["PP18"]].startswith("Have agreed as follows")
    assert "Article 4" in by_name and "Article 29" in by_name
    assert text[by_name["the chapeau of Article 1"]].startswith("For the purposes of")
    assert text[by_name["Article 1.1"]].startswith('"Convention" means')
    assert text[by_name["Article 2.1(1)"]].startswith("Holding the increase")
    assert text[by_name["Article 4.19"]].startswith("All Parties should strive")
    # An article of one paragraph: the paragraph is the article.
    article3 = [k for k, n in names.items() if n == "Article 3"]
    assert len(article3) == 2 and text[article3[1]].startswith("As nationally determined")
    assert not any(re.search(r"\bi\d+\b", n) for n in names.values())
    # Names tell the paragraphs apart (only an article and its sole paragraph share one).
    repeated = [n for n, c in Counter(names.values()).items() if c > 1]
    assert all(sum(1 for u in units if names[u.key] == n and u.kind is K.SECTION) == 1
               for n in repeated)


def test_the_paris_draft_of_9_december_keeps_bis_articles_and_sub_headings() -> None:
    names = unit_names(paris("9-dec-2015.md"))
    values = list(names.values())
    assert "Article 2bis" in values and "Article 2bis.1" in values
    assert "Article 3.3 bis" in values
    # Untitled sub-headings of an article leave its numbering to it.
    assert "Response measures" in values and "Article 3.14" in values
    assert "Article 6.13" in values and "the paragraph after Article 6.13" in values


def test_texts_numbered_their_own_way() -> None:
    units = [
        UnitView("s", K.SECTION, None, "A", heading="A. General provisions of a long heading "
                                                     "that goes on and on without a label"),
        UnitView("p1", K.PARAGRAPH, "s", "A.1"),
        UnitView("p2", K.PARAGRAPH, "s", "PP2"),
        UnitView("p3", K.PARAGRAPH, "s", None),
        UnitView("p4", K.PARAGRAPH, "s", None),
        UnitView("p4a", K.SUBPARAGRAPH, "p4", "a"),
        UnitView("p4b", K.SUBPARAGRAPH, "p4", None),
        UnitView("c", K.SECTION, None, None, heading="第四条 国际合作"),
        UnitView("c1", K.PARAGRAPH, "c", "3"),
    ]
    names = unit_names(units)
    assert names["s"] == "Section A"
    assert names["p1"] == "A.1"  # printed as the text prints it
    assert names["p2"] == "OP2"  # a prefix the text carries is not doubled
    assert names["p3"] == "the paragraph after OP2"
    assert names["p4"] == "the second paragraph after OP2"
    assert names["p4a"] == "(a) of the second paragraph after OP2"
    assert names["p4b"] == "the second item of the second paragraph after OP2"
    assert names["c"] == "第四条"
    assert names["c1"] == "OP3"


def test_an_unnumbered_preamble_is_counted() -> None:
    units = [UnitView("pre", K.PREAMBLE, None, None),
             *(UnitView(f"p{i}", K.PARAGRAPH, "pre", None) for i in range(1, 4)),
             UnitView("o1", K.PARAGRAPH, None, "1")]
    assert list(unit_names(units).values()) == ["the preamble", "PP1", "PP2", "PP3", "OP1"]


@pytest.mark.parametrize(("name", "owned"), [("Mexico", "Mexico's"),
                                             ("Philippines", "Philippines'")])
def test_possessive(name: str, owned: str) -> None:
    assert possessive(name) == owned
