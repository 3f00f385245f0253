"""The BBNJ Agreement in its six authentic languages: the English text imported as the
revision, the five others aligned to it as its language versions.

Counts established by hand from the texts (the extracted .txt files): 76 articles; 251
numbered paragraphs in the English articles; Article 1 has 14 numbered definitions (in
Chinese they are lettered with Chinese numerals in brackets instead), Article 10 has 3
paragraphs and Article 51 has 6 in every language. Figures measured
(``pytest tests/documents/test_bbnj_alignment.py -s``): en, fr, es, ru, zh 76/76 articles
and 251/251 numbered paragraphs; ar 76/76 articles
and 225/251 paragraphs (89.6%; 186 before the general Arabic mark rules: a
cross-reference "بموجب المادة 15." is not the next heading, marks left as "- 4.", "4 -"
or a bare "4" after a sentence count, a run "- 6 - 7" with one sentence per mark is split
(runs that follow one another together: Article 1's "- 2 - 3 ... - 4 -5"), the words
before a "- 2" with no "- 1" are paragraph 1). Still missed: runs whose sentences do not
match their marks (Article 33, 6-7) and marks lost altogether (Articles 51, 52, 72),
below the 98% the issue asks for (marked xfail below, a known gap). The Arabic PDF's
own text layer maps its glyphs to the wrong characters, so importing the PDF does not help.
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
#: Article number → its numbered paragraphs, counted by hand.
BY_HAND = {1: 14, 10: 3, 51: 6}


def _text(language: str) -> str:
    return (DATA / f"bbnj-agreement-{language}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def source() -> list[UnitView]:
    from server.features.files.importers.dispatch import parse

    return parse(_text("en").encode(), "text").units


def _figures(units: list[UnitView], language: str) -> tuple[int, int, alignment.Alignment]:
    found = alignment.align(units, alignment.segments(_text(language), language))
    articles = sum(k in found.aligned for k in alignment.articles(units))
    numbered = sum(k in found.aligned for k in alignment.numbered_paragraphs(units))
    print(f"{language}: articles {articles}/{ARTICLES}, numbered paragraphs "
          f"{numbered}/{NUMBERED} ({numbered / NUMBERED:.1%})")
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


def test_arabic_aligns_every_article(source: list[UnitView]) -> None:
    articles, numbered, _ = _figures(source, "ar")
    assert articles == ARTICLES
    assert numbered >= 225


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


@pytest.mark.xfail(reason="the Arabic extraction runs paragraphs together and drops "
                   "paragraph marks: 89.6% aligned today", strict=True)
def test_arabic_reaches_98_percent(source: list[UnitView]) -> None:
    _, numbered, _ = _figures(source, "ar")
    assert numbered >= 0.98 * NUMBERED
