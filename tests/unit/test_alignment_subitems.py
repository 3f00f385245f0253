# ruff: noqa: RUF001, RUF003  (French apostrophes and Arabic letters, on purpose)
"""Sub-items an extraction ran into one line ("i) … ; ii) … ; et iii) …") cut before each
next numeral in turn, and a cross-reference broken across lines ("… du paragraphe" then
"a) i) du présent article") going on with its words, not opening an item."""

from __future__ import annotations

from server.core import alignment
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


SOURCE = [
    _u("a1", "section", number="1", heading="Article 1"),
    _u("p1", "paragraph", "a1", "1", text="Parties shall:"),
    _u("p1a", "subparagraph", "p1", "(a)", text="Screen activities:"),
    _u("i", "subparagraph", "p1a", "(i)", text="If a Party finds no impact, it says so;"),
    _u("ii", "subparagraph", "p1a", "(ii)", text="Others may comment on (a) (i) above;"),
    _u("iii", "subparagraph", "p1a", "(iii)", text="The Party reconsiders;"),
    _u("p1b", "subparagraph", "p1", "(b)", text="Scope the assessment."),
    _u("p2", "paragraph", "a1", "2", text="Parties may act jointly."),
]


def _fr(text: str) -> dict[str, str]:
    found = alignment.align(SOURCE, alignment.segments(text, "fr"))
    return {key: seg.text for key, seg in found.aligned.items()}


def test_sub_items_run_into_one_line_are_cut_before_each_next_numeral() -> None:
    found = _fr("Article premier\n1. Les Parties :\na) Procèdent à une sélection :\n"
                "i) Si une Partie ne constate aucun impact, elle le dit ; ii) Les autres "
                "commentent l’alinéa a) i) ci-dessus ; et iii) La Partie revoit sa position ;\n"
                "b) Délimitent l’évaluation.\n2. Les Parties peuvent agir ensemble.")
    assert found["i"] == "Si une Partie ne constate aucun impact, elle le dit ;"
    assert found["ii"] == "Les autres commentent l’alinéa a) i) ci-dessus ;"
    assert found["iii"] == "La Partie revoit sa position ;"
    assert found["p1b"] == "Délimitent l’évaluation."


def test_a_cross_reference_broken_across_lines_goes_on_with_its_sub_item() -> None:
    # "a) i)" opening a line after item a) is the end of "l’alinéa", not item a) again:
    # item (b) stays (b) and the sub-items after it on that line are cut.
    found = _fr("Article premier\n1. Les Parties :\na) Procèdent à une sélection :\n"
                "i) Si une Partie ne constate aucun impact, elle le dit ; ii) Les autres "
                "commentent l’alinéa\na) i) ci-dessus ; iii) La Partie revoit sa position ;\n"
                "b) Délimitent l’évaluation.\n2. Les Parties peuvent agir ensemble.")
    assert found["ii"] == "Les autres commentent l’alinéa a) i) ci-dessus ;"
    assert found["iii"] == "La Partie revoit sa position ;"
    assert found["p1b"] == "Délimitent l’évaluation."


def test_a_numeral_out_of_turn_or_after_no_semicolon_is_no_sub_item() -> None:
    found = _fr("Article premier\n1. Les Parties :\na) Procèdent à une sélection :\n"
                "i) Si une Partie ne constate aucun impact, selon iii) ci-dessous, elle le dit "
                "; iii) Les autres commentent ;\nb) Délimitent l’évaluation.\n"
                "2. Les Parties peuvent agir ensemble.")
    assert found["i"].endswith("iii) Les autres commentent ;")
    assert "ii" not in found and found["p1b"] == "Délimitent l’évaluation."


def test_arabic_sub_items_numbered_inline_after_the_items_colon() -> None:
    # "ما يلي: 1 …؛ 2 …؛ 3 …": "1" after the colon, each next number after a "؛"; the
    # "1" of "الفقرة 1" after a word is a cross-reference.
    text = ("المادة 1 - 1 تقوم الأطراف بما يلي: (أ) إجراء فحص على النحو التالي: 1 إذا لم "
            "يجد الطرف أي أثر، يعلن ذلك؛ 2 يجوز للآخرين التعليق على الفقرة 1 أعلاه؛ أو 3 "
            "يعيد الطرف النظر؛ (ب) تحديد النطاق. - 2 يجوز للأطراف العمل معا.")
    found = {k: s.text for k, s in
             alignment.align(SOURCE, alignment.segments(text, "ar")).aligned.items()}
    assert found["p1a"] == "إجراء فحص على النحو التالي:"
    assert found["i"] == "إذا لم يجد الطرف أي أثر، يعلن ذلك؛"
    assert found["ii"] == "يجوز للآخرين التعليق على الفقرة 1 أعلاه؛"
    assert found["iii"] == "يعيد الطرف النظر؛"
    assert found["p1b"] == "تحديد النطاق." and found["p2"] == "يجوز للأطراف العمل معا."
    # One number alone is no list: "تقوم بما يلي: 1 …" with no "؛ 2" keeps its words.
    alone = alignment.segments("المادة 1 - 1 تقوم الأطراف بما يلي: (أ) إجراء فحص: 1 إذا لم "
                               "يجد الطرف أي أثر.", "ar")
    assert [s.text for s in alone if len(s.address) == 4] == [
        "إجراء فحص: 1 إذا لم يجد الطرف أي أثر."]


def test_chinese_sub_items_run_into_their_item() -> None:
    text = ("第一条\n一、缔约方应：\n（一）进行筛选：1．缔约方如认定没有影响，应予公布；"
            " 2．其他缔约方可对上述第1目提出意见；\n3．缔约方重新考虑；\n（二）确定范围。\n"
            "二、缔约方可联合行动。")
    found = {k: s.text for k, s in
             alignment.align(SOURCE, alignment.segments(text, "zh")).aligned.items()}
    assert found["p1a"] == "进行筛选："
    assert found["i"] == "缔约方如认定没有影响，应予公布；"
    assert found["ii"] == "其他缔约方可对上述第1目提出意见；"
    assert found["iii"] == "缔约方重新考虑；" and found["p1b"] == "确定范围。"
