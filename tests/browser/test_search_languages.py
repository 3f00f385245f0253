# ruff: noqa: RUF001  (French and Arabic text, on purpose)
"""Search in each language in the browser (issue 14, item 3): the secretariat enters French
and Arabic translations of paragraphs of the demo text (the project's own words); a delegate
picks French on the search screen (the picker offers the languages the server lists; the
"In" choice then says only paragraphs are searched, disabled), finds
the French words with accents folded, each hit marked lang="fr", the choice kept in the
address, and opens the hit on the parallel view at its paragraph (scrolled to, outlined,
focused); an Arabic search shows its hits right to left, finds words with the article or a
conjunction written joined to them, and opens at its paragraph too; axe-core clean;
screenshots 112 and 119."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]

FRENCH = "Les États coopèrent pour un retour sûr et digne, selon la clause du quokka."
ARABIC = "تَتَعاوَنُ الدولُ على عودةٍ آمنةٍ وكريمة، وفقَ بندِ الكوكـا."

SETUP = """async ([french, arabic]) => {
    const json = (r) => r.json();
    const doc = await fetch('/api/v1/documents/1').then(json);
    const latest = doc.revisions.filter((r) => r.published_at).at(-1).sequence;
    const rev = await fetch(`/api/v1/documents/1/revisions/${latest}`).then(json);
    const put = (lang, key, text) => fetch(
        `/api/v1/documents/1/revisions/${latest}/languages/${lang}/units/${key}`,
        {method: 'PUT', headers: {'Content-Type': 'application/json'},
         body: JSON.stringify({text})}).then((r) => r.status);
    const unit = rev.units.filter((u) => u.kind === 'paragraph' && u.text).at(-1);
    return {latest, key: unit.key,
            statuses: [await put('fr', unit.key, french), await put('ar', unit.key, arabic)]};
}"""


def test_a_delegate_searches_in_french_and_opens_the_hit(sign_in: SignIn) -> None:
    secretariat = sign_in("secretariat")
    made: dict[str, Any] = secretariat.evaluate(SETUP, [FRENCH, ARABIC])
    assert made["statuses"] == [200, 200], made
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1/search", "#search-language")
    options = mexico.locator("#search-language option").all_inner_texts()
    assert options[0] == "Each text in its own language"
    assert {"English", "Français", "العربية"} <= set(options[1:]), options
    mexico.fill("#search-q", "COOPERENT retour quokka")
    mexico.select_option("#search-kind", "amendment")
    mexico.select_option("#search-language", "fr")
    # In a language only paragraphs are searched: the "In" choice says so, disabled.
    kind_says_paragraphs_only(mexico)
    mexico.select_option("#search-language", "")
    assert mexico.locator("#search-kind").is_enabled()
    assert mexico.locator("#search-kind").input_value() == "amendment"
    assert mexico.locator("#search-kind-hint").is_hidden()
    mexico.select_option("#search-language", "fr")
    mexico.click(".search-form button[type=submit]")
    mexico.wait_for_selector(".search-hit[lang=fr]")
    mexico.wait_for_load_state("networkidle")
    query = parse_qs(urlsplit(mexico.url.replace("#", "", 1)).query)
    assert query["language"] == ["fr"] and query["q"] == ["COOPERENT retour quokka"], query
    hits = mexico.locator(".search-group[data-kind=paragraph] .search-hit")
    assert hits.count() >= 1
    first = hits.first
    assert (first.get_attribute("lang"), first.get_attribute("dir")) == ("fr", "ltr")
    assert first.locator("mark").all_inner_texts() == ["coopèrent", "retour", "quokka"]
    assert "Français" in first.locator("p.small").inner_text()
    # The title stays in the interface's words; only paragraphs are listed in a language.
    assert first.locator(".search-title").get_attribute("lang") == "en"
    assert mexico.locator(".search-group").count() == 1
    assert mexico.locator("#search-language").input_value() == "fr"
    assert "kind" not in query, query
    kind_says_paragraphs_only(mexico)
    axe(mexico, "the search screen, searching in French")
    screenshot(mexico, "112-search-fr")
    first.locator(".search-title").click()
    mexico.wait_for_selector(".parallel-rows")
    assert f"/parallel/1/{made['latest']}" in mexico.url and "fr" in mexico.url
    assert mexico.locator(".parallel-cell[lang=fr]", has_text="clause du quokka").count() == 1
    lands_on_its_paragraph(mexico, made["key"], "fr", "clause du quokka")
    # Arabic: found without harakat or tatweel, shown right to left.
    go(mexico, "#/p/1/search?q=" + "الكوكا%20تتعاون&language=ar", "#search-results")
    arabic = mexico.locator(".search-hit[lang=ar]")
    assert arabic.count() >= 1
    assert arabic.first.get_attribute("dir") == "rtl"
    assert arabic.first.locator("mark").all_inner_texts() == ["تَتَعاوَنُ", "الكوكـا"]
    axe(mexico, "the search screen, searching in Arabic")
    # Arabic words found bare where the article or a conjunction is written joined to them
    # (الدولُ as دول, وكريمة as كريمة), and the hit opens at its paragraph too.
    go(mexico, "#/p/1/search?q=" + "دول%20كريمة&language=ar", "#search-results")
    mexico.locator(".search-hit[lang=ar] mark", has_text="وكريمة").first.wait_for()
    assert mexico.locator(".search-hit[lang=ar]").first.locator("mark").all_inner_texts() == \
        ["الدولُ", "وكريمة"]
    mexico.locator(".search-hit[lang=ar] .search-title").first.click()
    mexico.wait_for_selector(".parallel-rows")
    lands_on_its_paragraph(mexico, made["key"], "ar", "الكوكـا")
    assert mexico.locator(".parallel-target .parallel-cell[lang=ar]").get_attribute("dir") == "rtl"
    axe(mexico, "the parallel view opened at a paragraph")
    screenshot(mexico, "119-search-hit-parallel-ar")
    assert mexico.errors == []  # type: ignore[attr-defined]


def kind_says_paragraphs_only(page: Page) -> None:
    kind = page.locator("#search-kind")
    assert kind.is_disabled() and kind.input_value() == "paragraph"
    hint = page.locator("#search-kind-hint")
    assert hint.is_visible() and kind.get_attribute("aria-describedby") == "search-kind-hint"
    assert hint.inner_text().startswith("In another language only paragraphs are searched")


def lands_on_its_paragraph(page: Page, key: str, language: str, words: str) -> None:
    """The parallel view is opened at the hit's paragraph: the row outlined and marked as the
    place, focused for the keyboard, scrolled into view; the key in the address only."""
    query = parse_qs(urlsplit(page.url.replace("#", "", 1)).query)
    assert query["unit"] == [key] and language in query["langs"][0].split(","), query
    target = page.locator(".parallel-row.parallel-target")
    assert target.count() == 1
    assert target.get_attribute("data-key") == key
    assert target.get_attribute("aria-current") == "location"
    assert target.locator(f".parallel-cell[lang={language}]", has_text=words).count() == 1
    assert page.evaluate("() => document.activeElement?.classList.contains('parallel-target')")
    # The last paragraph of the text, far below the top: the view scrolled to it.
    assert page.evaluate("() => window.scrollY") > 0
    box, view = target.bounding_box(), page.viewport_size
    assert box is not None and view is not None
    assert box["y"] < view["height"] and box["y"] + box["height"] > 0, (box, view)
    assert target.evaluate("n => getComputedStyle(n).outlineStyle") == "solid"
    # Named as negotiators name it, the key nowhere on screen.
    label = target.get_attribute("aria-label") or ""
    assert label and key not in label
    assert key not in page.locator(".parallel-rows").inner_text().split()
