# ruff: noqa: RUF001, RUF002  (the languages' own characters, on purpose)
"""The BBNJ Agreement in its six authentic languages: the English text imported as the
revision, the five others aligned to it as its language versions.

Counts established by hand from the texts (the extracted .txt files): 76 articles; 251
numbered paragraphs in the English articles; Article 1 has 14 numbered definitions (in
Chinese they are lettered with Chinese numerals in brackets instead), Article 10 has 3
paragraphs and Article 51 has 6 in every language. Figures measured
(``pytest tests/documents/test_bbnj_alignment.py -s``): en, fr, es, ru, zh 76/76 articles
and 251/251 numbered paragraphs; ar 76/76 articles and 251/251 paragraphs (100%; 186 before
the general Arabic mark rules: a cross-reference "بموجب المادة 15." is not the next heading,
marks left as "- 4.", "4 -" or a bare "4" after a sentence count, a run "- 6 - 7" with one
sentence per mark is split (runs that follow one another together: Article 1's "- 2 - 3 ...
- 4 -5"), the words before a "- 2" with no "- 1" are paragraph 1; 225 before the rules that
read the source, several of those 225 on the wrong words: items whose mark was printed before
the last of them go back to the paragraph above (Articles 12, 15, 38, 52), a paragraph whose
source opens with its "(a)" takes its first item as its words (37.4), and the words between
two aligned paragraphs, with the sentences the one before or a list's last item holds beyond
its source's, are the missing paragraphs' when they cut into as many sentences as the
source's have (Articles 1, 31, 33, 46, 47, 49, 51, 52, 72). "(هـ)" is one item's letter, a
lettered line after a number or back in the alphabet is a cross-reference's ("paragraph 3
(b) above"), Article 31's six lettered steps are no longer read as its three paragraphs, a
heading with a bare "-1" before "- 2" is no paragraph 1 (Article 23), and a word the marks
carried off ("- 3 -1 - 2 يُنشأ") no paragraph 3 (Article 46); a run of marks is cut by the
source's sentences, not one sentence per mark. Left as the extraction gave
them: words it moved across a mark within an article (29.1 opens with the end of its
heading) and part headings run onto an article's last paragraph (46.3, 51.6). The Arabic
PDF's own text layer maps its glyphs to the wrong characters, so importing the PDF does not
help.

By kind (the printout's second line per language): the preamble, run into one line in
every language, 19/19 in all six (before: 0/19 in Arabic, and in French, Spanish and
Russian 3/19 of which two were the part heading after it, "PARTIE I", placed on paragraphs
2 and 3). Arabic headings (an article's words before its first numbered paragraph) 70/76
(37 before the titles run into paragraph 1 were cut before their first sentence's verb).
Sub-items, run into one line ("i) … ; ii) …"), 37/37 in French, Spanish and Russian (13,
11, 13 before); Arabic "ما يلي: 1 …؛ 2 …" 30/37 (0 before; 31.1(a)'s six follow words with
no colon, "للعموم 1 إذا", and 40's third lost its number to a paragraph mark); Chinese
"请其提交：1．…；" 37/37 (11 before), its items 193/194: 29.4(b)'s words are its list only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from server.core import alignment
from server.core.text import UnitView

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "bbnj-2023"
pytestmark = pytest.mark.skipif(not (DATA / "bbnj-agreement-en.txt").exists(),
                                reason=f"the BBNJ texts are not in {DATA}")

ARTICLES = 76
NUMBERED = 251
PREAMBLE = 19
#: Article number → its numbered paragraphs, counted by hand.
BY_HAND = {1: 14, 10: 3, 51: 6}


def _text(language: str) -> str:
    return (DATA / f"bbnj-agreement-{language}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def source() -> list[UnitView]:
    from server.features.files.importers.dispatch import parse

    return parse(_text("en").encode(), "text").units


def _kind(address: alignment.Address) -> str:
    """What a source unit at ``address`` is, as a delegate reading the parallel view sees it."""
    if address[0] == "P":
        return "preamble paragraphs"
    if len(address) == 2:
        return "articles"
    if len(address) == 3:
        return "numbered paragraphs" if isinstance(address[2], int) else "headings"
    return "items" if len(address) == 4 else "sub-items"


KINDS = ("preamble paragraphs", "articles", "headings", "numbered paragraphs", "items",
         "sub-items")


def by_kind(units: list[UnitView], found: alignment.Alignment) -> dict[str, tuple[int, int]]:
    """Units aligned of all the source's units, by kind (headings: an article's words
    before its first numbered paragraph, its title and any chapeau)."""
    addresses = alignment.source_addresses(units)
    out = {kind: (0, 0) for kind in KINDS}
    for key, address in addresses.items():
        got, total = out[_kind(address)]
        out[_kind(address)] = (got + (key in found.aligned), total + 1)
    return out


def _figures(units: list[UnitView], language: str) -> tuple[int, int, alignment.Alignment]:
    found = alignment.align(units, alignment.segments(_text(language), language))
    articles = sum(k in found.aligned for k in alignment.articles(units))
    numbered = sum(k in found.aligned for k in alignment.numbered_paragraphs(units))
    print(f"{language}: articles {articles}/{ARTICLES}, numbered paragraphs "
          f"{numbered}/{NUMBERED} ({numbered / NUMBERED:.1%})")
    print(f"{language} by kind: " + ", ".join(
        f"{kind} {got}/{total}" for kind, (got, total) in by_kind(units, found).items()))
    return articles, numbered, found


def test_the_source_has_the_counts_established_by_hand(source: list[UnitView]) -> None:
    assert len(alignment.articles(source)) == ARTICLES
    numbered = alignment.numbered_paragraphs(source)
    assert len(numbered) == NUMBERED
    addresses = alignment.source_addresses(source)
    for article, count in BY_HAND.items():
        assert sum(1 for k in numbered if addresses[k][1] == article) == count, article


@pytest.mark.parametrize("language", ["fr", "es", "ru", "zh"])
def test_every_article_and_98_percent_of_paragraphs_align(source: list[UnitView],
                                                         language: str) -> None:
    articles, numbered, found = _figures(source, language)
    assert articles == ARTICLES
    assert numbered >= 0.98 * NUMBERED
    addresses = alignment.source_addresses(source)
    for article, count in BY_HAND.items():
        keys = [k for k in alignment.numbered_paragraphs(source) if addresses[k][1] == article]
        assert sum(k in found.aligned for k in keys) == count, (language, article)


def test_the_aligned_paragraphs_are_the_translations(source: list[UnitView]) -> None:
    """Spot checks: the right text lands on the right paragraph, not only the right count."""
    addresses = {a: k for k, a in alignment.source_addresses(source).items()}
    fr = alignment.align(source, alignment.segments(_text("fr"), "fr")).aligned
    assert fr[addresses[("A", 1)]].text == "Article premier"
    assert "pollueur-payeur" in fr[addresses[("A", 7, "u1", 1)]].text
    zh = alignment.align(source, alignment.segments(_text("zh"), "zh")).aligned
    assert zh[addresses[("A", 8)]].label == "第八条"
    ru = alignment.align(source, alignment.segments(_text("ru"), "ru")).aligned
    assert ru[addresses[("A", 51)]].text == "Статья 51"


def test_arabic_aligns_every_article_and_98_percent_of_paragraphs(
        source: list[UnitView]) -> None:
    articles, numbered, _ = _figures(source, "ar")
    assert articles == ARTICLES
    assert numbered >= 0.98 * NUMBERED
    assert numbered == NUMBERED


def test_the_arabic_paragraphs_are_the_translations(source: list[UnitView]) -> None:
    """Marks the extraction left as "- 4.", a bare "4" after a sentence, a cross-reference
    to the next article ("بموجب المادة 15.") and a run "- 6 - 7" of one sentence each."""
    addresses = {a: k for k, a in alignment.source_addresses(source).items()}
    ar = alignment.align(source, alignment.segments(_text("ar"), "ar")).aligned
    assert ar[addresses[("A", 24, 4)]].text.startswith("تنتهي صلاحية")
    assert ar[addresses[("A", 19, 4)]].text.startswith("تتضمن")
    assert ar[addresses[("A", 14, 3)]].text.startswith("تتخذ الأطراف التدابير")
    assert ar[addresses[("A", 15)]].text == "المادة 15"
    assert "التكنولوجيا الحيوية" in ar[addresses[("A", 1, 3)]].text
    assert ar[addresses[("A", 1, 5)]].text.startswith('يقصد بعبارة "الاتفاقية')
    assert ar[addresses[("A", 21, 6)]].text == "تكون فترة التشاور محددة زمنيا."


def test_arabic_words_the_extraction_displaced_land_on_their_paragraphs(
        source: list[UnitView]) -> None:
    """Spot checks of the rules that read the source, each where it acts in the text."""
    addresses = {a: k for k, a in alignment.source_addresses(source).items()}
    ar = alignment.align(source, alignment.segments(_text("ar"), "ar")).aligned

    def text(*address: int) -> str:
        return ar[addresses[("A", *address)]].text

    # "(هـ)" is an item's letter: 12.2's (f) is the expected date, not (e)'s contributions.
    assert text(12, 2, 6).startswith("التاريخ المتوقع")
    # Items whose paragraph's mark was printed before the last of them: "(d) ... . <6>".
    assert text(12, 5, 4).startswith("أي تحديثات ضرورية") and text(12, 5, 4).endswith("أعلاه.")
    assert text(12, 6).startswith("تكفل الأطراف أنه يمكن تحديد العينات")
    assert text(15, 4, 3).endswith("يتخذها مؤتمر الأطراف.")
    assert text(15, 5).startswith("يجوز للجنة المعنية بإتاحة الموارد الجينية")
    assert text(38, 1, 7) == "إجراء تقييمات بيئية استراتيجية."
    assert text(38, 2).startswith("يجوز للهيئة العلمية والتقنية أن تضع أيضا")
    assert text(38, 2, 1).startswith("قائمة إرشادية")
    assert text(52, 4, 3) == "الصندوق الاستئماني لمرفق البيئة العالمية."
    assert text(52, 5).startswith("قد ينظر مؤتمر الأطراف")
    # A source paragraph opening with its "(a)": the first item is the paragraph's words.
    assert text(37, 4).startswith("(أ) يجوز للطرف")
    assert text(37, 4, 1).startswith("يُراعي الطرف")
    # Sentences given back by the source's counts: a mark printed after its paragraph
    # (33.6, 49.3, 52.7), a dash that lost its number (1.14), marks lost before a run
    # "- 3 - 4." (47), marks lost at the start of the article (51, 52) or at its end (72).
    assert text(1, 13).endswith("والمقبلة.")
    assert text(1, 14).startswith('يقصد بعبارة "استخدام الموارد الجينية البحرية')
    assert text(33, 5).endswith("عن طريق آلية تبادل المعلومات.")
    assert text(33, 6).startswith("تنظر الهيئة العلمية والتقنية في تقارير تقييم الأثر")
    assert text(33, 7).startswith("تنظر الهيئة العلمية والتقنية في مجموعة مختارة")
    assert text(47, 2).startswith("يدعو") and text(47, 2).endswith("وفقا للنظام الداخلي.")
    assert text(47, 3).startswith("يعقد مؤتمر الأطراف اجتماعاته")
    assert text(47, 4).startswith("يعتمد مؤتمر الأطراف بتوافق الآراء")
    assert text(47, 6, 1).startswith("اتخاذ القرارات")
    assert text(49, 3).startswith("يجوز للهيئة العلمية والتقنية أن تنتفع")
    assert text(49, 4).startswith("تقدم الهيئة العلمية والتقنية")
    assert text(51, 2).startswith("تتكون آلية تبادل المعلومات")
    assert text(51, 3) == "تقوم آلية تبادل المعلومات بما يلي:"
    assert text(51, 3, 1).startswith("العمل بمثابة منصة مركزية")
    assert text(52, 2).startswith("تمول المؤسسات") and text(52, 3).startswith("تنشأ بموجب")
    assert text(52, 6, 5).endswith("يقرره مؤتمر الأطراف.")
    assert text(52, 7).startswith("ينبغي أن تسعى الآلية المالية")
    assert text(52, 8).startswith("يجوز أن تتضمن الموارد المالية")
    assert text(72, 3).endswith("قبوله له.")
    assert text(72, 4).startswith("يجوز أن يُنص في التعديل")
    assert text(72, 5).startswith("لأغراض الفقرتين 3 و 4")
    assert text(72, 6).startswith("أي دولة أو منظمة")
    # A lettered line after a number or back in the alphabet goes on with a cross-reference
    # ("الفقرة 3" then "(ب) أعلاه"), so a paragraph keeps all its words.
    assert text(74, 4).startswith("خلال فترة") and "(ب) أعلاه" in text(74, 4)
    assert text(37, 2, 2).endswith("الفقرة الفرعية (أ) أعلاه.")
    # Article 31's six steps are its opening paragraph's list, not its three paragraphs;
    # the last step holds paragraph 2's sentence, "- 2" printed after it.
    assert text(31, 1).endswith("الخطوات التالية:")
    assert text(31, 1, 2).startswith("تحديد النطاق")
    assert text(31, 1, 6).endswith("وفقا للمادة 33.")
    assert text(31, 2).startswith("يجوز للأطراف إجراء تقييمات مشتركة")
    assert text(31, 3).startswith("توضع قائمة خبراء")
    # A heading and a bare "-1" before "- 2": the run "- 1 - 2" is cut by sentences.
    assert ar[addresses[("A", 23, "u1")]].text == "اتخاذ القرارات"
    assert text(23, 1).startswith("تتخذ القرارات") and text(23, 1).endswith("كقاعدة عامة.")
    assert text(23, 2).startswith("إذا لم")
    # Article 46's marks were carried after its words with one word: that is no paragraph.
    assert text(46, 1).endswith("لجنة معنية ببناء القدرات ونقل التكنولوجيا البحرية.")
    assert text(46, 2).endswith("اختصاصات وطرائق عمل اللجنة.")
    assert text(46, 3).startswith("تقدم اللجنة تقارير وتوصيات")


#: Each language's preamble: its first paragraph, the one "Desiring to act as stewards of
#: the ocean" (the twelfth) and the operative formula, by their opening words.
PREAMBLES = {
    "fr": ("Les Parties au présent Accord,", "Désireuses d’assurer", "Sont convenues"),
    "es": ("Las Partes en el presente Acuerdo,", "Deseando asegurar", "Han convenido"),
    "ru": ("Стороны настоящего Соглашения,", "будучи преисполнены желания", "согласились"),
    "zh": ("本协定各缔约方，", "希望代表今世后代", "兹商定如下"),
    "ar": ("إنّ الأطراف في هذا الاتفاق،", "ورغبة منها", "قد اتفقت على ما يلي"),
}


@pytest.mark.parametrize("language", sorted(PREAMBLES))
def test_each_preamble_paragraph_is_its_translation(source: list[UnitView],
                                                    language: str) -> None:
    """The preamble, run into one line by the extraction, is cut into its 19 paragraphs,
    each on its own words: no part heading after it ("PARTIE I") is taken for one."""
    addresses = {a: k for k, a in alignment.source_addresses(source).items()}
    found = alignment.align(source, alignment.segments(_text(language), language))
    assert by_kind(source, found)["preamble paragraphs"] == (PREAMBLE, PREAMBLE)
    first, twelfth, last = PREAMBLES[language]
    assert found.aligned[addresses[("P", 1)]].text == first
    assert found.aligned[addresses[("P", 12)]].text.startswith(twelfth)
    assert found.aligned[addresses[("P", PREAMBLE)]].text.startswith(last)
    assert found.aligned[addresses[("P", PREAMBLE)]].text.endswith((":", "：", " :"))



def test_arabic_titles_run_into_their_first_paragraph_are_the_titles(
        source: list[UnitView]) -> None:
    """Titles whose "- 1" the extraction lost: the words before the first sentence's verb,
    not a noun opening as a verb does (33), a verb in the title's clause (38) or a masdar
    after the verb (14, 69); a title holding a mark's number stays missing (22)."""
    addresses = {a: k for k, a in alignment.source_addresses(source).items()}
    found = alignment.align(source, alignment.segments(_text("ar"), "ar"))
    assert by_kind(source, found)["headings"][0] >= 70
    ar = found.aligned

    def text(*address: int | str) -> str:
        return ar[addresses[("A", *address)]].text

    assert text(10, "u1") == "الانطباق" and text(10, 1).startswith("تنطبق أحكام")
    assert text(14, "u1") == "التقاسم العادل والمنصف للمنافع"
    assert text(14, 1).startswith("يكونُ تقاسم المنافع")
    assert text(30, "u1") == "عتبات وعوامل إجراء تقييمات الأثر البيئي"
    assert text(30, 1).startswith("عندما قد يكون")
    assert text(33, "u1") == "تقارير تقييم الأثر البيئي"
    assert text(38, "u1").endswith("فيما يتعلق بتقييمات الأثر البيئي")
    assert text(38, 1).startswith("تضع الهيئة العلمية والتقنية")
    assert text(46, "u1") == "اللجنة المعنية ببناء القدرات ونقل التكنولوجيا البحرية"
    assert text(69, "u1") == "التطبيق المؤقت" and text(69, 1).startswith("يجوز تطبيق")
    assert addresses[("A", 22, "u1")] not in ar
    assert text(22, 1).startswith("إنشاء أدوات إدارة")


@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_sub_items_run_into_one_line_are_each_their_own(source: list[UnitView],
                                                        language: str) -> None:
    """"i) … ; ii) … ; iii) …" on one line: every sub-item aligns, each with its own numeral,
    and Spanish Article 31's "a) i)" at a line's start, a cross-reference broken across
    lines, no longer opens an item (it had put each of 31.1's items (b) to (f) on the one
    before it)."""
    addresses = alignment.source_addresses(source)
    found = alignment.align(source, alignment.segments(_text(language), language))
    assert by_kind(source, found)["sub-items"] == (37, 37)
    numerals = ("i", "ii", "iii", "iv", "v", "vi")
    for key, address in addresses.items():
        if len(address) == 5:
            assert found.aligned[key].label == numerals[int(address[4]) - 1], address
    by_address = {a: k for k, a in addresses.items()}
    item = found.aligned[by_address[("A", 31, 1, 2)]].text
    assert item.startswith(("Détermination du champ", "Delimitación", "анализ масштабов")), item


def test_arabic_sub_items_numbered_inline_are_each_their_own(source: list[UnitView]) -> None:
    addresses = alignment.source_addresses(source)
    found = alignment.align(source, alignment.segments(_text("ar"), "ar"))
    assert by_kind(source, found)["sub-items"][0] >= 30
    for key, address in addresses.items():
        if len(address) == 5 and key in found.aligned:
            assert found.aligned[key].label == str(address[4]), address
    by_address = {a: k for k, a in addresses.items()}

    def text(*address: int) -> str:
        return found.aligned[by_address[("A", *address)]].text

    assert text(21, 2, 1).endswith("ما يلي:") and text(21, 2, 1, 5) == "أي معلومات أخرى ذات صلة؛"
    assert text(21, 2, 3, 4) == "أي معلومات أخرى ذات صلة."
    assert text(52, 4, 2, 2) == "مدفوعات وفقا للفقرة 7 من المادة 14؛"
    assert text(29, 4, 2, 2).startswith("لوائح أو معايير")  # printed "'2' 2"



@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_a_lost_paragraph_number_does_not_merge_the_rest_of_its_article(
        source: list[UnitView], language: str) -> None:
    """The text with one paragraph's number taken off (the third line opening "2. "): the
    next number still opens its paragraph and every paragraph holds the words it holds in
    the whole text (with the very next number only, Article 8's paragraph 2 ended with the
    "3." that opened paragraph 3)."""
    whole = alignment.align(source, alignment.segments(_text(language), language)).aligned
    lines = _text(language).split("\n")
    third = [i for i, line in enumerate(lines) if line.startswith("2. ")][2]
    lines[third] = lines[third][3:]
    found = alignment.align(source, alignment.segments("\n".join(lines), language)).aligned
    for key in alignment.numbered_paragraphs(source):
        assert found[key].text == whole[key].text, key


def test_chinese_sub_items_run_into_their_item_are_each_their_own(
        source: list[UnitView]) -> None:
    """"请其提交：1．…； 2．…；" on one line: all 37 align, each with its own number; 29.4(b),
    whose translation opens with its "1．" (the source's "That:" has no words in Chinese),
    keeps its "2." on sub-item 2, where it had been sub-item 1."""
    addresses = alignment.source_addresses(source)
    found = alignment.align(source, alignment.segments(_text("zh"), "zh"))
    assert by_kind(source, found)["sub-items"] == (37, 37)
    for key, address in addresses.items():
        if len(address) == 5:
            assert found.aligned[key].label == str(address[4]), address
    by_address = {a: k for k, a in addresses.items()}
    assert found.aligned[by_address[("A", 29, 4, 2, 2)]].text.startswith("相关法律文书")
