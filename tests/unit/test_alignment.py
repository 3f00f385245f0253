# ruff: noqa: RUF001  (the languages' own characters, on purpose)
"""Cutting translated texts into addressed segments and aligning them with the source's
units, on the project's own short texts in each script."""

from __future__ import annotations

import pytest

from server.core import alignment
from server.core.languages import (
    article_label,
    chinese_to_int,
    int_to_chinese,
    paragraph_label,
    western_digits,
)
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


SOURCE = [
    _u("a1", "section", number="1", heading="Article 1"),
    _u("a1p1", "paragraph", "a1", "1", text="Parties shall cooperate."),
    _u("a1p2", "paragraph", "a1", "2", text="Parties shall report:"),
    _u("a1p2a", "subparagraph", "a1p2", "(a)", text="on finance;"),
    _u("a1p2b", "subparagraph", "a1p2", "(b)", text="on capacity."),
    _u("a2", "section", number="2", heading="Article 2"),
    _u("a2p1", "paragraph", "a2", "1", text="This Agreement enters into force."),
]


def _aligned(text: str, language: str) -> dict[str, str]:
    found = alignment.align(SOURCE, alignment.segments(text, language))
    return {key: seg.text for key, seg in found.aligned.items()}


def test_numbers_in_each_language() -> None:
    assert [chinese_to_int(s) for s in ("一", "十", "十一", "五十一", "七十六")] == [
        1, 10, 11, 51, 76]
    assert all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 300))
    assert western_digits("المادة ٧٦") == "المادة 76"
    assert article_label("zh", 51) == "第五十一条" and article_label("fr", 1) == "Article premier"
    assert article_label("fr", 2) == "Article 2" and paragraph_label("zh", 3) == "三、"


def test_french_article_premier_and_lettered_items() -> None:
    found = _aligned("Article premier\n1. Les Parties coopèrent.\n2. Les Parties font "
                     "rapport :\na) sur le financement ;\nb) sur les capacités.\nArticle 2\n"
                     "1. Le présent Accord entre en vigueur.", "fr")
    assert found == {"a1": "Article premier", "a1p1": "Les Parties coopèrent.",
                     "a1p2": "Les Parties font rapport :", "a1p2a": "sur le financement ;",
                     "a1p2b": "sur les capacités.", "a2": "Article 2",
                     "a2p1": "Le présent Accord entre en vigueur."}


def test_russian_and_a_paragraph_continued_on_the_next_line() -> None:
    found = _aligned("Статья 1\n1. Стороны\nсотрудничают.\n2. Стороны сообщают:\n"
                     "a) о финансах;\nb) о потенциале.\nСтатья 2\n1. Вступает в силу.", "ru")
    assert found["a1p1"] == "Стороны сотрудничают."
    assert found["a1p2b"] == "о потенциале." and found["a2"] == "Статья 2"


def test_chinese_numerals() -> None:
    found = _aligned("第一条\n一、缔约方应合作。\n二、缔约方应报告：\n（一）资金；\n（二）能力。\n"
                     "第二条\n一、本协定生效。", "zh")
    assert found["a1p2a"] == "资金；" and found["a2p1"] == "本协定生效。"


def test_arabic_marks_run_together_in_right_to_left_extraction() -> None:
    # As PDFs give Arabic: one line per article, "- 2" before its paragraph, the first
    # paragraph's "-1" printed at its end.
    text = ("المادة 1 تتعاون الأطراف. -1 - 2 تقدم الأطراف تقارير: (أ) عن التمويل؛ (ب) عن القدرات.\n"
            "المادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    found = _aligned(text, "ar")
    assert found["a1"] == "المادة 1"
    assert found["a1p1"].startswith("تتعاون الأطراف")
    assert found["a1p2"] == "تقدم الأطراف تقارير:"
    assert found["a1p2b"] == "عن القدرات."
    assert found["a2p1"] == "يبدأ نفاذ هذا الاتفاق."


def test_arabic_paragraphs_run_together_split_by_sentences_or_align_with_neither(
        ) -> None:
    source = [*SOURCE[:2], _u("a1p2", "paragraph", "a1", "2", text="Parties shall report."),
              _u("a1p3", "paragraph", "a1", "3", text="Parties shall meet."),
              _u("a1p4", "paragraph", "a1", "4", text="Parties shall review.")]
    # "- 2 - 3" then both paragraphs' words, one sentence each: the sentences are theirs.
    text = ("المادة 1 - 1 تتعاون الأطراف. - 2 - 3 تقدم الأطراف تقارير. تجتمع الأطراف."
            " - 4 تستعرض الأطراف.")
    found = alignment.align(source, alignment.segments(text, "ar"))
    assert found.aligned["a1p1"].text == "تتعاون الأطراف."
    assert found.aligned["a1p2"].text == "تقدم الأطراف تقارير."
    assert found.aligned["a1p3"].text == "تجتمع الأطراف."
    assert found.aligned["a1p4"].text == "تستعرض الأطراف."
    # Three sentences for two marks: whose words are whose is unknown, neither aligns.
    text = ("المادة 1 - 1 تتعاون الأطراف. - 2 - 3 تقدم الأطراف تقارير. وتنشرها. تجتمع"
            " الأطراف. - 4 تستعرض الأطراف.")
    found = alignment.align(source, alignment.segments(text, "ar"))
    assert found.aligned["a1p4"].text == "تستعرض الأطراف."
    assert "a1p2" in found.missing and "a1p3" in found.missing
    assert [e.label for e in found.extra] == ["2-3"]
    # A mark lost altogether: the paragraphs after it align all the same.
    lost = alignment.align(source, alignment.segments(
        "المادة 1 - 1 تتعاون الأطراف. - 3 تجتمع الأطراف. - 4 تستعرض الأطراف.", "ar"))
    assert lost.aligned["a1p3"].text == "تجتمع الأطراف." and "a1p2" in lost.missing


def test_arabic_marks_in_the_forms_extraction_leaves_and_cross_references() -> None:
    source = [*SOURCE[:2], _u("a1p2", "paragraph", "a1", "2", text="Parties shall report."),
              _u("a1p3", "paragraph", "a1", "3", text="Parties shall meet."),
              _u("a1p4", "paragraph", "a1", "4", text="Parties shall review."),
              _u("a2", "section", None, "2", heading="Article 2"),
              _u("a2p1", "paragraph", "a2", "1", text="Parties shall act.")]
    # "- 2." with a full stop, a bare "3" after a sentence's end, "4 -" before its words,
    # "بموجب المادة 2." a cross-reference (followed by a full stop), not the next heading.
    text = ("المادة 1 تعاون - 1 تتعاون الأطراف بموجب المادة 2. - 2. تقدم الأطراف تقارير."
            " 3 تجتمع الأطراف. 4 - تستعرض الأطراف.\nالمادة 2 العمل - 1 تعمل الأطراف.")
    found = alignment.align(source, alignment.segments(text, "ar"))
    assert found.aligned["a1p1"].text == "تتعاون الأطراف بموجب المادة 2."
    assert found.aligned["a1p2"].text == "تقدم الأطراف تقارير."
    assert found.aligned["a1p3"].text == "تجتمع الأطراف."
    assert found.aligned["a1p4"].text == "تستعرض الأطراف."
    assert found.aligned["a2p1"].text == "تعمل الأطراف."
    # The "- 1" printed elsewhere: the words before "- 2" are paragraph 1.
    found = alignment.align(source, alignment.segments(
        "المادة 1 تعاون تتعاون الأطراف. - 2 تقدم الأطراف تقارير.", "ar"))
    assert found.aligned["a1p1"].text == "تعاون تتعاون الأطراف."


def test_a_cross_reference_is_not_taken_for_a_heading_and_gaps_are_reported() -> None:
    found = alignment.align(SOURCE, alignment.segments(
        "Article 1\n1. Parties cooperate as in\nArticle 7\n2. Parties report.\n", "en"))
    # "Article 7" (not the next article) would have been taken: 7 > 1 on a line of its own
    # starts an article; what matters is that nothing is put on the wrong unit.
    assert "a2" not in found.aligned
    assert found.missing == ["a1p2", "a1p2a", "a1p2b", "a2", "a2p1"] or "a2p1" in found.missing
    arabic = alignment.align(SOURCE, alignment.segments(
        "المادة 1 تتعاون الأطراف بموجب المادة 70 من الاتفاقية.", "ar"))
    assert set(arabic.aligned) == {"a1"} | ({"a1p1"} & set(arabic.aligned))
    assert "a2" in arabic.missing


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        alignment.segments("x", "de")
