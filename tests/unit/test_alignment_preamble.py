# ruff: noqa: RUF001  (the languages' own characters, on purpose)
"""A preamble run into one line, as extraction from a PDF gives it, cut into its paragraphs
by each language's openings, and aligned only when the counts on both sides agree."""

from __future__ import annotations

from server.core import alignment
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


SOURCE = [
    _u("pre", "preamble", heading="PREAMBLE"),
    _u("pp1", "paragraph", "pre", text="The Parties to this Agreement,"),
    _u("pp2", "paragraph", "pre", text="Recalling the Convention, including its Part XII,"),
    _u("pp3", "paragraph", "pre", text="Desiring to protect the ocean for present generations,"),
    _u("pp4", "paragraph", "pre", text="Have agreed as follows:"),
    _u("a1", "section", number="1", heading="Article 1"),
    _u("a1p1", "paragraph", "a1", "1", text="Parties shall cooperate."),
]


def _aligned(text: str, language: str) -> dict[str, str]:
    found = alignment.align(SOURCE, alignment.segments(text, language))
    return {key: seg.text for key, seg in found.aligned.items() if key.startswith("pp")}


def test_a_french_preamble_on_one_line_is_cut_before_each_capitalised_opening() -> None:
    text = ("ACCORD SUR L’OCÉAN\nPRÉAMBULE Les Parties au présent Accord, Rappelant la "
            "Convention, notamment sa partie XII, Désireuses de protéger l’océan pour les "
            "générations présentes, Sont convenues de ce qui suit :\nPARTIE I\n"
            "DISPOSITIONS GÉNÉRALES\nArticle premier\n1. Les Parties coopèrent.")
    assert _aligned(text, "fr") == {
        "pp1": "Les Parties au présent Accord,",
        "pp2": "Rappelant la Convention, notamment sa partie XII,",
        "pp3": "Désireuses de protéger l’océan pour les générations présentes,",
        "pp4": "Sont convenues de ce qui suit :"}


def test_russian_openings_are_verbal_adverbs_and_the_formula_follows_the_last_comma() -> None:
    # "включая" (including) is a verbal adverb read as a preposition: no paragraph opens.
    text = ("ПРЕАМБУЛА Стороны настоящего Соглашения, ссылаясь на Конвенцию, включая ее "
            "часть XII, будучи преисполнены желания защищать океан для нынешнего "
            "поколения, согласились о нижеследующем:\nЧАСТЬ I\nСтатья 1\n"
            "1. Стороны сотрудничают.")
    found = _aligned(text, "ru")
    assert found["pp2"] == "ссылаясь на Конвенцию, включая ее часть XII,"
    assert found["pp3"].startswith("будучи преисполнены")
    assert found["pp4"] == "согласились о нижеследующем:"


def test_chinese_openings_are_preambular_verbs() -> None:
    text = ("序言本协定各缔约方，回顾《公约》，包括其第十二部分，希望为今世保护海洋，兹商定如下：\n"
            "第一部分\n第一条\n一、缔约方应合作。")
    assert _aligned(text, "zh") == {"pp1": "本协定各缔约方，",
                                     "pp2": "回顾《公约》，包括其第十二部分，",
                                     "pp3": "希望为今世保护海洋，", "pp4": "兹商定如下："}


def test_arabic_whereas_and_desiring_open_paragraphs_and_the_heading_word_goes() -> None:
    # As the PDF gives it: the heading "الديباجة" after the first paragraph, the part's
    # heading "الجزء" after the formula's colon.
    text = ("اتفاق بشأن المحيطات\nإنّ الأطراف في هذا الاتفاق، الديباجة إذ تشير إلى الاتفاقية، "
            "بما في ذلك الجزء الثاني عشر منها، ورغبة منها في حماية المحيطات لصالح الأجيال "
            "الحاضرة، قد اتفقت على ما يلي: الجزء\nالأول أحكام عامة\n"
            "المادة 1 - 1 تتعاون الأطراف.")
    assert _aligned(text, "ar") == {
        "pp1": "إنّ الأطراف في هذا الاتفاق،",
        "pp2": "إذ تشير إلى الاتفاقية، بما في ذلك الجزء الثاني عشر منها،",
        "pp3": "ورغبة منها في حماية المحيطات لصالح الأجيال الحاضرة،",
        "pp4": "قد اتفقت على ما يلي:"}


def test_a_preamble_a_paragraph_to_a_line_keeps_its_lines() -> None:
    text = ("Les Parties au présent Accord,\nRappelant la Convention, Partie XII comprise,\n"
            "Désireuses de protéger l’océan pour les générations présentes,\n"
            "Sont convenues de ce qui suit :\nArticle premier\n1. Les Parties coopèrent.")
    assert _aligned(text, "fr")["pp2"] == "Rappelant la Convention, Partie XII comprise,"


def test_no_preamble_paragraph_aligns_when_the_counts_disagree() -> None:
    # One opening lost ("désireuses" in lower case): three paragraphs against four, so
    # none aligns rather than the formula landing on the third.
    text = ("PRÉAMBULE Les Parties au présent Accord, Rappelant la Convention, notamment sa "
            "partie XII, désireuses de protéger l’océan pour les générations présentes, Sont "
            "convenues de ce qui suit :\nArticle premier\n1. Les Parties coopèrent.")
    found = alignment.align(SOURCE, alignment.segments(text, "fr"))
    assert not [k for k in found.aligned if k.startswith("pp")]
    assert [s.text for s in found.extra][-1] == "Sont convenues de ce qui suit :"
    assert found.aligned["a1p1"].text == "Les Parties coopèrent."
