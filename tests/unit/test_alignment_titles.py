# ruff: noqa: RUF001  (the languages' own characters, on purpose)
"""An Arabic article's title run into its first paragraph where the extraction lost the
mark between them: the words before the first sentence's verb are the title's, only when
both parts keep to their sources' lengths. Made-up texts, as PDFs extract Arabic."""

from __future__ import annotations

from server.core import alignment
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


def _source(title: str, first: str) -> list[UnitView]:
    return [_u("a1", "section", number="1", heading="Article 1"),
            _u("t1", "paragraph", "a1", text=title),
            _u("p1", "paragraph", "a1", "1", text=first),
            _u("p2", "paragraph", "a1", "2", text="Parties shall report every year."),
            _u("a2", "section", number="2", heading="Article 2"),
            _u("a2p1", "paragraph", "a2", "1", text="This Agreement enters into force.")]


def _ar(units: list[UnitView], text: str) -> dict[str, str]:
    found = alignment.align(units, alignment.segments(text, "ar"))
    return {key: seg.text for key, seg in found.aligned.items()}


MONITORING = _source("Monitoring and transparency", "Parties shall ensure monitoring.")


def test_the_words_before_the_first_verb_are_the_title() -> None:
    found = _ar(MONITORING, "المادة 1 الرصد والشفافية تكفل الأطراف الرصد. - 2 تقدم الأطراف "
                "تقارير كل عام.\nالمادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    assert found["t1"] == "الرصد والشفافية"
    assert found["p1"] == "تكفل الأطراف الرصد."
    assert found["p2"] == "تقدم الأطراف تقارير كل عام."


def test_a_verb_in_a_clause_of_the_title_and_a_noun_opening_as_a_verb_do_not_end_it() -> None:
    standards = _source("Standards to be developed by the Body",
                        "The Body shall develop standards.")
    found = _ar(standards, "المادة 1 المعايير التي تضعها الهيئة تضع الهيئة معايير. - 2 تقدم "
                "الأطراف تقارير كل عام.\nالمادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    assert found["t1"] == "المعايير التي تضعها الهيئة"
    reports = _source("Environmental impact assessment reports",
                      "Parties shall ensure that reports are prepared.")
    found = _ar(reports, "المادة 1 تقارير تقييم الأثر البيئي تكفل الأطراف إعداد التقارير. - 2 "
                "تقدم الأطراف تقارير كل عام.\nالمادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    assert found["t1"] == "تقارير تقييم الأثر البيئي"
    assert found["p1"] == "تكفل الأطراف إعداد التقارير."


def test_words_holding_a_number_or_a_sentence_end_are_no_title() -> None:
    # a mark the extraction left ("6") or the end of the article before: paragraph 1 keeps
    # its words and the title stays missing
    text = ("المادة 1 الرصد والشفافية 6 تكفل الأطراف الرصد. - 2 تقدم الأطراف تقارير كل عام.\n"
            "المادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    found = _ar(MONITORING, text)
    assert "t1" not in found and found["p1"] == "الرصد والشفافية 6 تكفل الأطراف الرصد."


def test_a_title_out_of_proportion_with_its_source_is_not_cut() -> None:
    # "الرصد" alone for "Monitoring and transparency, reporting and review of activities"
    long_title = _source("Monitoring and transparency, reporting and review of activities",
                         "Parties shall ensure monitoring.")
    found = _ar(long_title, "المادة 1 الرصد تكفل الأطراف الرصد. - 2 تقدم الأطراف تقارير كل "
                "عام.\nالمادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    assert "t1" not in found and found["p1"] == "الرصد تكفل الأطراف الرصد."


def test_a_source_title_with_its_chapeau_is_left_as_aligned() -> None:
    terms = _source("Use of terms For the purposes of this Agreement:",
                    "“Area” means the seabed.")
    found = _ar(terms, "المادة 1 استخدام المصطلحات لأغراض هذا الاتفاق: - 1 يقصد بالمنطقة قاع "
                "البحار. - 2 تقدم الأطراف تقارير كل عام.\nالمادة 2 - 1 يبدأ نفاذ هذا الاتفاق.")
    assert found["t1"] == "استخدام المصطلحات لأغراض هذا الاتفاق:"
    assert found["p1"] == "يقصد بالمنطقة قاع البحار."
