"""The compilation in a language in the browser (issue 14, item 3): the secretariat enters
Spanish and Arabic translations of the demo's latest revision (the project's own words);
a delegate picks Spanish among the versions the server lists, and the compilation reads in
Spanish (kept in the address), each paragraph's amendments below it as proposed, in English
(lang="en"), said once on the screen; untranslated and out-of-date paragraphs show the
English text marked so; Arabic reads right to left; a language the revision has no version
in falls back to English, said so. axe-core clean; screenshot 113."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.translations import DEMO_LATEST

SignIn = Callable[..., Page]

SETUP = """async () => {
""" + DEMO_LATEST + """
    const paragraphs = rev.units.filter((u) => u.kind !== 'section' && u.text);
    // A paragraph whose text changed since the revision before: translated there only.
    let stale = null;
    const statuses = [];
    if (published.length > 1) {
        const before = await fetch(
            `/api/v1/documents/1/revisions/${published.at(-2).sequence}`).then(json);
        const old = new Map(before.units.map((u) => [u.key, u.text]));
        const changed = paragraphs.find((u) => old.has(u.key) && old.get(u.key) !== u.text);
        if (changed) {
            statuses.push(await put(published.at(-2).sequence, 'es', changed.key,
                                    'Traducción anterior del párrafo.'));
            stale = changed.key;
        }
    }
    // Every heading and paragraph in Spanish but the stale one and the last two.
    const missing = paragraphs.slice(-2).map((u) => u.key);
    for (const u of rev.units) {
        if (u.key === stale || missing.includes(u.key)) continue;
        if (u.kind === 'section' && u.heading) {
            statuses.push(await put(latest, 'es', u.key, `Sección ${u.number ?? ''}`.trim()));
        } else if (u.text) {
            statuses.push(await put(latest, 'es', u.key, 'Los Estados cooperan en el marco '
                                    + `del Pacto: párrafo ${u.number ?? ''} en español.`));
        }
    }
    // Words of their own: the parallel view's test counts its Arabic cells by theirs.
    for (const u of paragraphs.slice(0, 4)) {
        statuses.push(await put(latest, 'ar', u.key, 'تتعاون الدول في إطار الاتفاق العالمي.'));
    }
    return {latest, statuses, stale, missing};
}"""


@pytest.fixture
def delegate(sign_in: SignIn) -> Iterator[Page]:
    page = sign_in("focal.mex")
    yield page
    # The session's server is shared: the profile goes back to no language chosen.
    page.evaluate("""() => fetch('/api/v1/auth/me', {method: 'PATCH',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify({language: null})})""")


def _pick(page: Page, code: str) -> None:
    page.select_option("#comp-language", code)
    page.click("form.filters button[type=submit]")
    page.wait_for_function("code => location.hash.includes('language=' + code)", arg=code)
    page.wait_for_selector(f"p.unit-text.translated[lang={code}]")
    page.wait_for_load_state("networkidle")


def test_a_delegate_reads_the_compilation_in_spanish_then_arabic(
        sign_in: SignIn, delegate: Page) -> None:
    made: dict[str, Any] = sign_in("secretariat").evaluate(SETUP)
    assert set(made["statuses"]) == {200}, made
    page = delegate
    go(page, f"#/p/1/compilation/1?seq={made['latest']}", "#comp-language")
    # The versions the server lists: the source first, then the UN's order.
    options = page.locator("#comp-language option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "en", "ar", "es"]
    assert options.nth(1).get_attribute("dir") == "rtl"
    assert page.locator("#comp-language-note").count() == 0  # English: nothing to say
    assert page.locator("p.unit-text.translated").count() == 0

    _pick(page, "es")
    assert "language=es" in page.evaluate("location.hash")
    note = page.locator("#comp-language-note").inner_text()
    assert "Amendments are shown as they were proposed, in the source language (English)" \
        in note
    translated = page.locator("p.unit-text.translated[lang=es][dir=ltr]")
    assert translated.count() > 3
    assert "en español" in translated.first.inner_text()
    # A translated paragraph with amendments: below it, the English text with them, marked.
    amended = page.locator(".unit:has(p.unit-text.translated) .compiled-source[lang=en]")
    assert amended.count() > 0
    assert amended.locator("ins, del").count() > 0
    # Untranslated and out-of-date paragraphs: the English text, said so.
    missing = page.locator(".language-note[data-state=missing]")
    assert missing.count() >= 1
    assert missing.first.inner_text() == "Not translated yet: source text (English)"
    if made["stale"]:
        stale = page.locator(f".unit[data-key='{made['stale']}']")
        assert stale.locator(".language-note").inner_text() == \
            "Out of date: source text (English)"
        assert stale.locator("p.unit-text.translated").count() == 0
        assert stale.locator(".compiled-source[lang=en]").count() == 1
    headings = page.locator(".unit-heading h3[lang=es]")
    assert headings.count() > 0 and headings.first.inner_text().startswith("Sección")
    axe(page, "the compilation in Spanish")
    # The UN text: the amendments' lines after a translated paragraph are English.
    page.click("#view-un")
    assert page.locator("#un-text span[lang=en]").count() > 0
    assert "view=un" in page.evaluate("location.hash") and "language=es" in page.evaluate(
        "location.hash")
    page.click("#view-inline")

    # The interface in Spanish too, for the screenshot a Spanish-speaking delegate sees.
    page.select_option("#language-switch", "es")
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    page.wait_for_selector("label[for=comp-language]:has-text('Leer en')")
    page.wait_for_load_state("networkidle")
    assert "El texto está en Español" in page.locator("#comp-language-note").inner_text()
    axe(page, "the compilation in Spanish, interface in Spanish")
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.locator("#comp-language-note").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('#comp-language-note')"
                  ".getBoundingClientRect().top - 8)")
    screenshot(page, "113-compilation-es")
    page.set_viewport_size({"width": 1280, "height": 900})

    _pick(page, "ar")
    arabic = page.locator("p.unit-text.translated[lang=ar]")
    assert arabic.count() == 4
    assert arabic.first.get_attribute("dir") == "rtl"
    axe(page, "the compilation in Arabic")

    # An address naming a language with no version: English, said so.
    go(page, f"#/p/1/compilation/1?seq={made['latest']}&language=ru", "#comp-no-version")
    assert page.locator("p.unit-text.translated").count() == 0
    assert page.locator("#comp-language").input_value() == "en"
    assert page.errors == []  # type: ignore[attr-defined]
