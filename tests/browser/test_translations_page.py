"""The translations page in the browser (issue 14, item 1): the secretariat reaches it from
the parallel view (the server lists the action), imports a French text file of a small
treaty (the project's own words), reads the preview naming the paragraph it could not align,
saves, then corrects that paragraph's translation inline; a changed paragraph reads out of
date with the source's change. A delegate is offered no such page. axe-core clean."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.translations import MAKE, edit_translation
from tests.support.treaties import river_treaty

SignIn = Callable[..., Page]

TREATY = river_treaty()

FRENCH = """Article premier

1. Les Parties protègent le bassin fluvial commun.

2. Les Parties font rapport tous les deux ans.

Article 2

1. Il est créé une commission.
"""

CHANGE = """async (d) => {
    const send = (method, url, body) => fetch('/api/v1' + url, {method,
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
        .then((r) => r.json());
    const working = await send('GET', `/documents/${d}/working-copy`);
    const edited = await send('PATCH', `/documents/${d}/working-copy/units/a1p2`, {
        base_version: working.version, text: 'Parties shall report every year.'});
    const published = await send('POST', `/documents/${d}/revisions`,
                                 {base_version: edited.version});
    return published.revision.sequence;
}"""


def test_the_secretariat_imports_a_french_file_and_corrects_a_paragraph(
        sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer")
    document: int = ferrer.evaluate(MAKE, TREATY)
    sec = sign_in("secretariat")
    go(sec, f"#/p/1/parallel/{document}/0?langs=en,fr", ".parallel-rows")
    sec.click("a.translations-link")
    sec.wait_for_selector(".translations-table")
    assert sec.url.endswith(f"#/p/1/translations/{document}/0?lang=fr")
    assert sec.locator(".translations-table tbody tr[data-state=missing]").count() == 6

    sec.set_input_files(".translations-import input[type=file]", files=[{
        "name": "traite-fr.txt", "mimeType": "text/plain", "buffer": FRENCH.encode()}])
    sec.click(".translations-import button[type=submit]")
    preview = sec.locator(".translations-preview")
    preview.wait_for()
    assert "Articles aligned: 2 of 2" in preview.inner_text()
    assert "Numbered paragraphs aligned: 3 of 4" in preview.inner_text()
    assert sec.locator(".translations-missing li").all_inner_texts() == ["Article 2.2"]
    axe(sec, "the translations page with an import preview")
    screenshot(sec, "83-translations-import")

    preview.locator("button.primary").click()
    sec.wait_for_selector(".translations-table tbody tr[data-key=a1p1][data-state=current]")
    assert sec.locator(".translations-table tbody tr[data-state=current]").count() == 5
    row = sec.locator("tr[data-key=a2p2]")
    assert row.get_attribute("data-state") == "missing"
    assert "Not translated yet" in row.locator(".translations-status").inner_text()
    edit_translation(sec, "a2p2", "Article 2.2", "La commission se réunit une fois par an.")
    sec.wait_for_selector("tr[data-key=a2p2][data-state=current]")
    assert "se réunit une fois par an" in sec.locator(
        "tr[data-key=a2p2] .translations-translation").inner_text()
    # The text changed in a new revision: its French is out of date, with the change shown.
    sequence: int = ferrer.evaluate(CHANGE, document)
    go(sec, f"#/p/1/translations/{document}/{sequence}?lang=fr",
       "tr[data-key=a1p2][data-state=out-of-date]")
    stale = sec.locator("tr[data-key=a1p2] .translations-status")
    assert "Out of date" in stale.inner_text()
    assert stale.locator("del").count() >= 1 and stale.locator("ins").count() >= 1
    assert sec.locator("tr[data-key=a2p2]").get_attribute("data-state") == "current"
    axe(sec, "the translations table")
    screenshot(sec, "84-translations-table", full_page=True)
    # Corrected for revision 1, the French compares between the revisions in French.
    edit_translation(sec, "a1p2", "Article 1.2", "Les Parties font rapport chaque année.")
    sec.wait_for_selector("tr[data-key=a1p2][data-state=current]")
    go(sec, f"#/p/1/parallel/{document}/{sequence}?langs=en,fr", ".parallel-rows")
    sec.click(".parallel-compare[data-language=fr]")
    sec.wait_for_selector(".compare-language")
    inline = sec.locator(".diff-inline")
    assert inline.get_attribute("lang") == "fr"
    assert "chaque année" in " ".join(inline.locator("ins").all_inner_texts())
    assert "every year" not in inline.inner_text()
    axe(sec, "two revisions compared in French")
    screenshot(sec, "85-compare-in-french")
    assert sec.errors == []  # type: ignore[attr-defined]


def test_the_source_language_is_set_and_a_delegate_gets_no_translations_page(
        sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer")
    document: int = ferrer.evaluate(MAKE, TREATY)
    mexico = sign_in("focal.mex")
    go(mexico, f"#/p/1/parallel/{document}/0?langs=en,fr", ".parallel-rows")
    assert mexico.locator("a.translations-link").count() == 0
    go(mexico, f"#/p/1/translations/{document}/0?lang=fr", ".translations-table")
    assert mexico.locator(".translations-import, .translations-source").count() == 0
    assert mexico.locator(".translations-table button").count() == 0
    sec = sign_in("secretariat")
    go(sec, f"#/p/1/translations/{document}/0?lang=fr", ".translations-source")
    sec.select_option(".translations-source select", "es")
    sec.click(".translations-source button[type=submit]")
    sec.wait_for_function(
        "() => document.querySelector('.translations-table thead').textContent"
        ".includes('Source (Español)')")
    made: dict[str, Any] = sec.evaluate(
        f"() => fetch('/api/v1/documents/{document}/revisions/0/languages')"
        ".then((r) => r.json())")
    assert made["source_language"] == "es"
    assert sec.errors == []  # type: ignore[attr-defined]
