# ruff: noqa: RUF001  (Chinese punctuation, on purpose)
"""Texts numbered through (a compact, a declaration: paragraphs 1..n across the whole text,
headings unnumbered or numbered on their own, "Objective 1") align by paragraph number and
the headings' places, in the project's own words."""

from __future__ import annotations

from server.core import alignment
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


#: As the text importer reads a compact: a preamble of numbered paragraphs with an
#: unnumbered heading among them, then objectives, each a section with its own number.
COMPACT = [
    _u("pre", "preamble", heading="Preamble"),
    _u("p1", "paragraph", "pre", "1",
       text="We, the Ministers, recognize that rivers cross borders."),
    _u("p2", "paragraph", "pre", "2", text="This Compact rests on cooperation."),
    _u("vision", "paragraph", "pre", text="Our vision"),
    _u("p3", "paragraph", "pre", "3", text="We share a common understanding of rivers."),
    _u("o1", "section", number="1", heading="Objective 1: Collect data on rivers"),
    _u("p4", "paragraph", "o1", "4", text="We commit to collect data, drawing on these actions:"),
    _u("p4a", "subparagraph", "p4", "(a)", text="Develop a common method;"),
    _u("p4b", "subparagraph", "p4", "(b)", text="Publish data yearly."),
    _u("o2", "section", number="2", heading="Objective 2: Protect wetlands"),
    _u("p5", "paragraph", "o2", "5", text="We commit to protect wetlands."),
]

FRENCH = """Pacte mondial sur les fleuves partagés

Préambule

1. Nous, les ministres, reconnaissons que les fleuves traversent les frontières.

2. Le présent Pacte repose sur la coopération.

Notre vision

3. Nous partageons une même conception des fleuves.

Objectif 1 : Collecter des données sur les fleuves

4. Nous nous engageons à collecter des données, en puisant dans ces mesures :

a) Élaborer une méthode commune ;

b) Publier les données chaque année.

Objectif 2 : Protéger les zones humides

5. Nous nous engageons à protéger les zones humides,
qui abritent une grande diversité d'espèces.
"""


def test_a_compact_is_numbered_through_and_a_treaty_is_not() -> None:
    assert alignment.numbered_through(COMPACT)
    treaty = [_u("a1", "section", number="1", heading="Article 1"),
              _u("a1p1", "paragraph", "a1", "1"), _u("a1p2", "paragraph", "a1", "2"),
              _u("a2", "section", number="2", heading="Article 2"),
              _u("a2p1", "paragraph", "a2", "1"), _u("a2p2", "paragraph", "a2", "2")]
    assert not alignment.numbered_through(treaty)  # paragraphs start again in each article
    one_article = [*treaty[:3], _u("a1p3", "paragraph", "a1", "3")]
    assert not alignment.numbered_through(one_article)  # never runs on across a heading


def test_every_paragraph_item_and_heading_of_a_compact_aligns() -> None:
    found = alignment.align_text(COMPACT, FRENCH, "fr")
    got = {key: seg.text for key, seg in found.aligned.items()}
    assert got == {
        "pre": "Préambule",
        "p1": "Nous, les ministres, reconnaissons que les fleuves traversent les frontières.",
        "p2": "Le présent Pacte repose sur la coopération.",
        "vision": "Notre vision",
        "p3": "Nous partageons une même conception des fleuves.",
        "o1": "Objectif 1 : Collecter des données sur les fleuves",
        "p4": "Nous nous engageons à collecter des données, en puisant dans ces mesures :",
        "p4a": "Élaborer une méthode commune ;",
        "p4b": "Publier les données chaque année.",
        "o2": "Objectif 2 : Protéger les zones humides",
        # a paragraph broken over two lines is one paragraph
        "p5": "Nous nous engageons à protéger les zones humides, qui abritent une grande "
              "diversité d'espèces.",
    }
    assert found.missing == []
    # The title the source leaves out is listed, not taken for the preamble's heading.
    assert [seg.text for seg in found.extra] == ["Pacte mondial sur les fleuves partagés"]
    assert alignment.numbered_paragraphs(COMPACT) == ["p1", "p2", "p3", "p4", "p5"]
    assert alignment.articles(COMPACT) == []


def test_a_heading_left_out_costs_only_that_heading_and_a_cross_reference_is_text() -> None:
    text = FRENCH.replace("Notre vision\n", "").replace(
        "3. Nous partageons", "3. Comme le dit le paragraphe 4. ci-dessous, nous partageons")
    found = alignment.align_text(COMPACT, text, "fr")
    assert found.missing == ["vision"]
    assert found.aligned["p3"].text.startswith("Comme le dit le paragraphe 4. ci-dessous")
    assert found.aligned["p4"].text.startswith("Nous nous engageons à collecter")


def test_a_chinese_compact_with_its_own_numerals() -> None:
    text = ("序言\n一、我们各位部长认识到河流跨越国界。\n二、本契约以合作为基础。\n我们的愿景\n"
            "三、我们对河流有共同的理解。\n目标1：收集河流数据\n四、我们承诺收集数据：\n"
            "（一）制定共同方法；\n（二）每年公布数据。\n目标2：保护湿地\n五、我们承诺保护湿地。")
    found = alignment.align_text(COMPACT, text, "zh")
    assert found.missing == []
    assert found.aligned["p4b"].text == "每年公布数据。"
    assert found.aligned["o2"].text == "目标2：保护湿地"
