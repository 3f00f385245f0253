"""The working copy's translations in the browser (issue 14): a French paragraph entered for
the working copy, the paragraph then changed, reads out of date with the source's change; the
secretariat reaches the page from the working copy, corrects it in place, and it is up to
date again. axe-core clean."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.translations import MAKE, edit_translation
from tests.support.treaties import river_treaty

SignIn = Callable[..., Page]

TREATY = river_treaty()

SEND = """const send = (method, url, body) => fetch('/api/v1' + url, {method,
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
    .then((r) => r.json());"""

ENTER = "async (d) => { " + SEND + """
    await send('PUT', `/documents/${d}/working-copy/languages/fr/units/a1p2`,
               {text: 'Les Parties font rapport tous les deux ans.'}); }"""

CHANGE = "async (d) => { " + SEND + """
    const working = await send('GET', `/documents/${d}/working-copy`);
    await send('PATCH', `/documents/${d}/working-copy/units/a1p2`, {
        base_version: working.version, text: 'Parties shall report every year.'}); }"""


def test_a_changed_paragraph_of_the_working_copy_is_corrected_in_french(
        sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer")
    document: int = ferrer.evaluate(MAKE, TREATY)
    sec = sign_in("secretariat")
    sec.evaluate(ENTER, document)
    ferrer.evaluate(CHANGE, document)
    go(sec, f"#/p/1/working/{document}", "#wc-title")
    sec.click(f"a[href='#/p/1/translations/{document}/working']")
    sec.wait_for_selector("tr[data-key=a1p2][data-state=out-of-date]")
    assert "working copy" in sec.locator("#translations-title").inner_text()
    stale = sec.locator("tr[data-key=a1p2] .translations-status")
    assert "Out of date" in stale.inner_text()
    assert stale.locator("del").count() >= 1 and stale.locator("ins").count() >= 1
    assert sec.locator(".translations-import").count() == 1
    axe(sec, "the working copy's translations")
    screenshot(sec, "114-working-copy-translation", full_page=True)
    edit_translation(sec, "a1p2", "Article 1.2", "Les Parties font rapport chaque année.")
    sec.wait_for_selector("tr[data-key=a1p2][data-state=current]")
    assert "Up to date" in sec.locator("tr[data-key=a1p2] .translations-status").inner_text()
    assert sec.errors == []  # type: ignore[attr-defined]
