"""Giving back words an extraction displaced, by the source's structure: items whose
paragraph's mark was printed before the last of them, a paragraph opening with its "(a)",
and sentences whose marks were printed after them, lost, or left without their number.
Made-up texts in Arabic (as PDFs extract it, marks run into the lines) and French."""

from __future__ import annotations

from server.core import alignment
from server.core.alignment import Segment
from server.core.text import UnitKind, UnitView


def _u(key: str, kind: str, parent: str | None = None, number: str | None = None,
       heading: str | None = None, text: str = "") -> UnitView:
    return UnitView(key=key, kind=UnitKind(kind), parent=parent, number=number,
                    heading=heading, text=text)


#: Article 1: a list of three items, then a paragraph of one sentence.
LISTS = [
    _u("a1", "section", number="1", heading="Article 1"),
    _u("p1", "paragraph", "a1", "1", text="Parties shall report on:"),
    _u("p1a", "subparagraph", "p1", "(a)", text="finance;"),
    _u("p1b", "subparagraph", "p1", "(b)", text="capacity;"),
    _u("p1c", "subparagraph", "p1", "(c)", text="technology."),
    _u("p2", "paragraph", "a1", "2", text="Parties shall meet every year."),
]

#: Article 1: three paragraphs of one sentence each (the second of two).
SENTENCES = [
    _u("a1", "section", number="1", heading="Article 1"),
    _u("h1", "paragraph", "a1", None, text="Cooperation"),
    _u("p1", "paragraph", "a1", "1", text="Parties shall cooperate in good faith."),
    _u("p2", "paragraph", "a1", "2",
       text="Parties shall report every year. Reports shall be public."),
    _u("p3", "paragraph", "a1", "3", text="Parties shall meet at the seat."),
]


def _ar(units: list[UnitView], text: str) -> dict[str, str]:
    found = alignment.align(units, alignment.segments(text, "ar"))
    return {key: seg.text for key, seg in found.aligned.items()}


def _fr(units: list[UnitView], text: str) -> dict[str, str]:
    found = alignment.align(units, alignment.segments(text, "fr"))
    return {key: seg.text for key, seg in found.aligned.items()}


def _segments(units: list[UnitView], found: list[Segment]) -> dict[str, str]:
    return {key: seg.text for key, seg in alignment.align(units, found).aligned.items()}


def test_the_arabic_letter_he_written_with_its_tatweel_is_one_item() -> None:
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛\n"
                "(ج) التكنولوجيا. - 2 تجتمع الأطراف كل عام.")
    assert found["p1c"] == "التكنولوجيا."
    four = [*LISTS[:5], _u("p1d", "subparagraph", "p1", "(d)", text="data;"),
            _u("p1e", "subparagraph", "p1", "(e)", text="law.")]
    found = _ar(four, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛"
                " (ج) التكنولوجيا؛ (د) البيانات؛ (هـ) القانون.")
    assert found["p1d"] == "البيانات؛" and found["p1e"] == "القانون."


def test_items_whose_paragraphs_mark_was_printed_before_the_last_of_them() -> None:
    # "- 2" before "(ج)": (ج) goes on from (ب), so it is paragraph 1's third item, and the
    # sentence after it is paragraph 2's words.
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛\n- 2 \n"
                "(ج) التكنولوجيا. تجتمع الأطراف كل عام.")
    assert found["p1b"] == "القدرات؛" and found["p1c"] == "التكنولوجيا."
    assert found["p2"] == "تجتمع الأطراف كل عام."
    # The whole list after the mark, the paragraph above ending with its colon.
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن:\n- 2 \n(أ) التمويل؛ (ب) القدرات؛"
                " (ج) التكنولوجيا. تجتمع الأطراف كل عام.")
    assert found["p1a"] == "التمويل؛" and found["p1c"] == "التكنولوجيا."
    assert found["p2"] == "تجتمع الأطراف كل عام."
    # The same in French, as segments (a mark on a line of its own, then the last item).
    french = [Segment(("A", 1), "Article premier"),
              Segment(("A", 1, 1), "Les Parties font rapport sur :", "1"),
              Segment(("A", 1, 1, 1), "le financement ;", "a"),
              Segment(("A", 1, 1, 2), "les capacités ;", "b"),
              Segment(("A", 1, 2), "", "2"),
              Segment(("A", 1, 2, 1), "la technologie. Les Parties se réunissent.", "c")]
    found = _segments(LISTS, french)
    assert found["p1c"] == "la technologie." and found["p2"] == "Les Parties se réunissent."


def test_items_stay_where_they_are_when_nothing_says_they_were_displaced() -> None:
    # Lettered from the first letter again: the list is paragraph 2's, not paragraph 1's.
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛\n- 2 \n"
                "(أ) التكنولوجيا. تجتمع الأطراف كل عام.")
    assert "p1c" not in found and "p2" not in found
    # No sentence after the item: paragraph 2's words are not there.
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛\n- 2 \n"
                "(ج) التكنولوجيا.")
    assert "p2" not in found
    # Two items after the mark where one is owed: the counts do not agree.
    french = [Segment(("A", 1), "Article premier"),
              Segment(("A", 1, 1), "Les Parties font rapport sur :", "1"),
              Segment(("A", 1, 1, 1), "le financement ;", "a"),
              Segment(("A", 1, 1, 2), "les capacités ;", "b"),
              Segment(("A", 1, 2), "", "2"),
              Segment(("A", 1, 2, 1), "la technologie ;", "c"),
              Segment(("A", 1, 2, 2), "les données. Les Parties se réunissent.", "d")]
    assert "p2" not in _segments(LISTS, french)


def test_a_paragraph_opening_with_its_first_item() -> None:
    units = [_u("a1", "section", number="1", heading="Article 1"),
             _u("p1", "paragraph", "a1", "1", text="Parties shall cooperate."),
             _u("p2", "paragraph", "a1", "2", text="(a) A Party may object;"),
             _u("p2b", "subparagraph", "p2", "(b)", text="The Party shall be heard."),
             _u("p3", "paragraph", "a1", "3", text="Parties shall meet.")]
    found = _ar(units, "المادة 1 - 1 تتعاون الأطراف.\n- 2 \n(أ) يجوز للطرف أن يعترض؛\n"
                "(ب) يُستمع إلى الطرف. - 3 تجتمع الأطراف.")
    assert found["p2"] == "(أ) يجوز للطرف أن يعترض؛"
    assert found["p2b"] == "يُستمع إلى الطرف." and found["p3"] == "تجتمع الأطراف."
    french = [Segment(("A", 1), "Article premier"),
              Segment(("A", 1, 1), "Les Parties coopèrent.", "1"),
              Segment(("A", 1, 2), "", "2"),
              Segment(("A", 1, 2, 1), "Une Partie peut objecter ;", "a"),
              Segment(("A", 1, 2, 2), "La Partie est entendue.", "b")]
    found = _segments(units, french)
    assert found["p2"] == "(a) Une Partie peut objecter ;"
    assert found["p2b"] == "La Partie est entendue."
    # Without the "(a)" in the source, an empty paragraph keeps its items as items.
    plain = [*units[:2], _u("p2", "paragraph", "a1", "2", text="A Party may:"), *units[3:]]
    assert "p2" not in _segments(plain, french)


def test_sentences_whose_mark_was_printed_after_them_or_lost() -> None:
    s1, s2, s3 = ("تتعاون الأطراف بحسن نية.", "تقدم الأطراف تقارير كل عام. تكون التقارير علنية.",
                  "تجتمع الأطراف في المقر.")
    # "- 2" printed after paragraph 2's sentences, at the end of paragraph 1.
    found = _ar(SENTENCES, f"المادة 1 التعاون - 1 {s1} {s2} - 2\n- 3 {s3}")
    assert (found["p1"], found["p2"], found["p3"]) == (s1, s2, s3)
    # "- 2" lost altogether.
    found = _ar(SENTENCES, f"المادة 1 التعاون - 1 {s1} {s2} - 3 {s3}")
    assert (found["p1"], found["p2"], found["p3"]) == (s1, s2, s3)
    # A dash that lost its number: "- <words>".
    found = _ar(SENTENCES, f"المادة 1 التعاون - 1 {s1} - {s2} - 3 {s3}")
    assert found["p2"] == s2
    # Every mark lost but the last: the title's words before paragraph 1's verb are the
    # title (test_alignment_titles.py).
    found = _ar(SENTENCES, f"المادة 1 التعاون {s1} {s2} - 3 {s3}")
    assert found["h1"] == "التعاون" and found["p1"] == s1 and found["p2"] == s2
    # The same in French: paragraph 3's number lost, its sentence after paragraph 2's.
    found = _fr(SENTENCES, "Article premier\nCoopération\n1. Les Parties coopèrent de bonne"
                " foi.\n2. Les Parties font rapport chaque année. Les rapports sont publics.\n"
                "Les Parties se réunissent au siège.")
    assert found["p2"] == "Les Parties font rapport chaque année. Les rapports sont publics."
    assert found["p3"] == "Les Parties se réunissent au siège."
    assert found["h1"] == "Coopération"


def test_a_run_of_marks_after_lost_ones_and_items_inside_the_gap() -> None:
    units = [*SENTENCES[:4],
             _u("p3", "paragraph", "a1", "3", text="Parties shall meet."),
             _u("p4", "paragraph", "a1", "4", text="Parties shall review.")]
    # "- 1" and "- 2" lost, then "- 3 - 4." before both paragraphs' sentences.
    found = _ar(units, "المادة 1 تتعاون الأطراف بحسن نية. تقدم الأطراف تقارير كل عام."
                " تكون التقارير علنية. - 3 - 4. تجتمع الأطراف. تستعرض الأطراف.")
    assert found["p2"] == "تقدم الأطراف تقارير كل عام. تكون التقارير علنية."
    assert (found["p3"], found["p4"]) == ("تجتمع الأطراف.", "تستعرض الأطراف.")
    # A list in the gap keeps its place: the words before it are its paragraph's.
    listed = [*SENTENCES[:3], _u("p2", "paragraph", "a1", "2", text="Parties shall report on:"),
              _u("p2a", "subparagraph", "p2", "(a)", text="finance;"),
              _u("p2b", "subparagraph", "p2", "(b)", text="capacity."), SENTENCES[4]]
    found = _ar(listed, "المادة 1 تتعاون الأطراف بحسن نية. تقدم الأطراف تقارير عن:\n- 2 \n"
                "(أ) التمويل؛ (ب) القدرات. - 3 تجتمع الأطراف في المقر.")
    assert found["p1"] == "تتعاون الأطراف بحسن نية." and found["p2"] == "تقدم الأطراف تقارير عن:"
    assert found["p2b"] == "القدرات."


def test_sentences_stay_where_they_are_when_the_counts_or_lengths_disagree() -> None:
    s1, s3 = "تتعاون الأطراف بحسن نية.", "تجتمع الأطراف في المقر."
    # One sentence where the source's paragraph 2 has two.
    found = _ar(SENTENCES, f"المادة 1 - 1 {s1} تقدم الأطراف تقارير. - 3 {s3}")
    assert found["p1"] == f"{s1} تقدم الأطراف تقارير." and "p2" not in found
    # Two sentences, but a few words against the source's two long sentences.
    found = _ar(SENTENCES, f"المادة 1 - 1 {s1} نعم. لا. - 3 {s3}")
    assert "p2" not in found
    found = _fr(SENTENCES, "Article premier\n1. Les Parties coopèrent de bonne foi.\n"
                "2. Les Parties font rapport chaque année. Les rapports sont publics. Oui.\n")
    assert "p3" not in found and found["p2"].endswith("publics. Oui.")


def test_a_letter_after_a_number_or_back_in_the_alphabet_is_a_cross_reference() -> None:
    # "paragraph 1 (b) above" broken across lines, and "(a) above" after item (b).
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات وفقا"
                " للفقرة الفرعية\n(أ) أعلاه؛\n(ج) التكنولوجيا. - 2 تجتمع الأطراف وفقا للفقرة 1\n"
                "(ب) أعلاه.")
    assert found["p1b"] == "القدرات وفقا للفقرة الفرعية (أ) أعلاه؛"
    assert found["p1c"] == "التكنولوجيا."
    assert found["p2"] == "تجتمع الأطراف وفقا للفقرة 1 (ب) أعلاه."
    # A list starting again after a colon is a new list.
    found = _ar(LISTS, "المادة 1 - 1 تقدم الأطراف تقارير عن: (أ) التمويل؛ (ب) القدرات؛"
                " (ج) التكنولوجيا، بما يلي:\n(أ) البيانات.")
    assert found["p1c"] == "التكنولوجيا، بما يلي:"


def test_a_list_of_an_articles_opening_words_is_not_its_paragraphs() -> None:
    # Six items before any paragraph where the source numbers three paragraphs: the items
    # are the opening words' list, its last item holding paragraph 2's sentence, the words
    # of paragraph 3 after a mark printed after paragraph 2's.
    units = [_u("a1", "section", number="1", heading="Article 1"),
             _u("h1", "paragraph", "a1", None, text="Process"),
             _u("p1", "paragraph", "a1", "1", text="The process includes these steps:"),
             *[_u(f"p1{c}", "subparagraph", "p1", f"({c})", text=f"Step {c} of the process;")
               for c in "abcdef"],
             _u("p2", "paragraph", "a1", "2", text="Parties may act jointly."),
             _u("p3", "paragraph", "a1", "3",
                text="Experts shall help. They shall report. Reports are public.")]
    letters = "أبجدهو"
    steps = " ".join(f"({c}) الخطوة {c}؛" for c in letters[:5])
    found = _ar(units, f"المادة 1 العملية تشمل العملية الخطوات التالية: {steps}\n"
                "(و) الخطوة الأخيرة. يجوز للأطراف العمل معا. - 2\n"
                "- 3 يساعد الخبراء الأطراف. ويقدمون تقارير. التقارير علنية.")
    assert found["h1"] == "العملية" and found["p1"] == "تشمل العملية الخطوات التالية:"
    assert found["p1a"] == "الخطوة أ؛" and found["p1f"] == "الخطوة الأخيرة."
    assert found["p2"] == "يجوز للأطراف العمل معا."
    assert found["p3"] == "يساعد الخبراء الأطراف. ويقدمون تقارير. التقارير علنية."
    # French, as segments: the list's last item holds paragraph 2's sentence.
    french = [Segment(("A", 1), "Article premier"),
              Segment(("A", 1, "u1"), "Le processus comprend les étapes suivantes :"),
              *[Segment(("A", 1, "u1", i + 1), f"l'étape {c} ;", c)
                for i, c in enumerate("abcde")],
              Segment(("A", 1, "u1", 6), "la dernière étape. Les Parties agissent ensemble.",
                      "f"),
              Segment(("A", 1, 3), "Les experts aident. Ils font rapport. Ils publient.",
                      "3")]
    found = _segments(units, french)
    assert found["p1"] == "Le processus comprend les étapes suivantes :"
    assert found["p1f"] == "la dernière étape." and found["p2"] == "Les Parties agissent ensemble."
    assert "p1a" in found and found["p3"] == "Les experts aident. Ils font rapport. Ils publient."


def test_a_heading_then_a_run_of_marks_before_both_paragraphs_words() -> None:
    # "العنوان -1" then "- 2": the "- 1" has no words of its own, so "- 1 - 2" is a run
    # before paragraphs 1 and 2, cut by the source's sentences (one, then two).
    found = _ar(SENTENCES, "المادة 1 التعاون -1\n- 2 تتعاون الأطراف بحسن نية. تقدم الأطراف"
                " تقارير كل عام. تكون التقارير علنية. - 3 تجتمع الأطراف في المقر.")
    assert found["h1"] == "التعاون"
    assert found["p1"] == "تتعاون الأطراف بحسن نية."
    assert found["p2"] == "تقدم الأطراف تقارير كل عام. تكون التقارير علنية."


LONG = [*SENTENCES[:4], _u("p3", "paragraph", "a1", "3",
                          text="Parties shall meet at the seat of the secretariat every "
                               "second year.")]


def test_a_word_left_by_a_mark_is_not_its_paragraph() -> None:
    # The marks moved after the article's words with one word of it: "- 3 -1 - 2 <word>".
    found = alignment.align(LONG, alignment.segments(
        "المادة 1 التعاون تتعاون الأطراف بحسن نية. تقدم الأطراف تقارير كل عام. تكون التقارير"
        " علنية. تجتمع الأطراف في مقر الأمانة مرة كل سنتين.\n- 3 -1 \n- 2 يُنشأ", "ar"))
    assert found.aligned["h1"].text == "التعاون"
    assert found.aligned["p1"].text == "تتعاون الأطراف بحسن نية."
    assert found.aligned["p2"].text == "تقدم الأطراف تقارير كل عام. تكون التقارير علنية."
    assert found.aligned["p3"].text == "تجتمع الأطراف في مقر الأمانة مرة كل سنتين."
    assert [e.text.split() for e in found.extra] == [["-1", "-", "2", "يُنشأ"]]
    found = alignment.align(LONG, alignment.segments(
        "Article premier\n1. Les Parties coopèrent de bonne foi.\n2. Les Parties font rapport"
        " chaque année. Les rapports sont publics. Les Parties se réunissent au siège du"
        " secrétariat tous les deux ans.\n3. soit", "fr"))
    assert found.aligned["p3"].text == ("Les Parties se réunissent au siège du secrétariat"
                                        " tous les deux ans.")
    assert [e.text for e in found.extra] == ["soit"]
    # A paragraph as short as its source's ("Supprimé") is the paragraph.
    deleted = [*SENTENCES[:4], _u("p3", "paragraph", "a1", "3", text="Deleted")]
    found = alignment.align(deleted, alignment.segments(
        "Article premier\n1. Les Parties coopèrent de bonne foi.\n2. Les Parties font rapport"
        " chaque année. Les rapports sont publics.\n3. Supprimé", "fr"))
    assert found.aligned["p3"].text == "Supprimé"


def test_a_run_of_marks_is_cut_by_the_sources_sentences_not_one_per_mark() -> None:
    units = [*SENTENCES[:3], _u("p2", "paragraph", "a1", "2", text="Parties shall report."),
             _u("p3", "paragraph", "a1", "3",
                text="Parties shall meet at the seat. Meetings shall be public.")]
    # "- 2" printed after paragraph 2's sentence, then "- 3" before paragraph 3's two: one
    # sentence per mark would give paragraph 2 the first of paragraph 3's.
    found = _ar(units, "المادة 1 - 1 تتعاون الأطراف بحسن نية. تقدم الأطراف تقارير. - 2 \n"
                "- 3 تجتمع الأطراف في المقر. وتكون الاجتماعات علنية.")
    assert found["p1"] == "تتعاون الأطراف بحسن نية."
    assert found["p2"] == "تقدم الأطراف تقارير."
    assert found["p3"] == "تجتمع الأطراف في المقر. وتكون الاجتماعات علنية."
    # "- 2 - 3" before both paragraphs' three sentences: one, then two.
    found = _ar(units, "المادة 1 - 1 تتعاون الأطراف بحسن نية. - 2 - 3 تقدم الأطراف تقارير."
                " تجتمع الأطراف في المقر. وتكون الاجتماعات علنية.")
    assert found["p2"] == "تقدم الأطراف تقارير."
    assert found["p3"] == "تجتمع الأطراف في المقر. وتكون الاجتماعات علنية."


def test_a_french_paragraph_whose_number_was_lost_does_not_merge_the_rest() -> None:
    # "2." lost: its words run on after paragraph 1's; "3." still opens paragraph 3 and
    # the source's sentences give paragraph 2 back. A number two past that opens in lower
    # case is the end of a line-broken reference, not a paragraph.
    four = [*SENTENCES, _u("p4", "paragraph", "a1", "4", text="Parties shall keep records.")]
    found = _fr(four, "Article premier\nCoopération\n1. Les Parties coopèrent de bonne foi.\n"
                "Les Parties font rapport chaque année. Les rapports sont publics.\n"
                "3. Les Parties se réunissent au siège, selon le paragraphe\n"
                "5. du règlement.\n4. Les Parties tiennent des registres.")
    assert found["p1"] == "Les Parties coopèrent de bonne foi."
    assert found["p2"] == "Les Parties font rapport chaque année. Les rapports sont publics."
    assert found["p3"] == "Les Parties se réunissent au siège, selon le paragraphe 5. du règlement."
    assert found["p4"] == "Les Parties tiennent des registres."
