"""The parallel view in the browser (issue 14, item 3): the secretariat enters French and
Arabic translations of paragraphs of the demo text (the project's own words); a delegate
reads English, French and Arabic side by side, Arabic right to left, each column in its
language, a paragraph whose source changed since it was translated marked out of date in
words, untranslated ones said to be so; on a phone the columns stack; axe-core clean."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.translations import DEMO_LATEST

SignIn = Callable[..., Page]

SETUP = """async () => {
""" + DEMO_LATEST + """
    const paragraphs = rev.units.filter((u) => u.kind === 'paragraph' && u.text);
    const statuses = [];
    for (const u of paragraphs.slice(0, 3)) {
        statuses.push(await put(latest, 'fr', u.key, 'Les États coopèrent, paragraphe traduit.'));
        statuses.push(await put(latest, 'ar', u.key, 'تتعاون الدول، فقرة مترجمة.'));
    }
    // A paragraph whose text changed since the revision before: translated there only.
    let stale = null;
    if (published.length > 1) {
        const before = await fetch(
            `/api/v1/documents/1/revisions/${published.at(-2).sequence}`).then(json);
        const old = new Map(before.units.map((u) => [u.key, u.text]));
        const changed = paragraphs.find((u) => old.has(u.key) && old.get(u.key) !== u.text
                                        && !paragraphs.slice(0, 3).includes(u));
        if (changed) {
            statuses.push(await put(published.at(-2).sequence, 'fr', changed.key,
                                    'Ancienne traduction du paragraphe.'));
            stale = changed.key;
        }
    }
    return {latest, statuses, stale};
}"""


def test_a_delegate_reads_three_languages_side_by_side(sign_in: SignIn) -> None:
    secretariat = sign_in("secretariat")
    made: dict[str, Any] = secretariat.evaluate(SETUP)
    assert set(made["statuses"]) == {200}, made
    mexico = sign_in("focal.mex")
    go(mexico, f"#/p/1/parallel/1/{made['latest']}?langs=en,fr,ar", ".parallel-rows")
    cells = mexico.locator(".parallel-row:not(.parallel-header)").first.locator(
        ".parallel-cell")
    assert [cells.nth(i).get_attribute("lang") for i in range(3)] == ["en", "fr", "ar"]
    assert [cells.nth(i).get_attribute("dir") for i in range(3)] == ["ltr", "ltr", "rtl"]
    assert mexico.locator(".parallel-cell[lang=fr]", has_text="paragraphe traduit").count() == 3
    assert mexico.locator(".parallel-cell[lang=ar]", has_text="فقرة مترجمة").count() == 3
    assert mexico.locator(".parallel-cell[lang=fr] .parallel-note",
                          has_text="Not translated yet").count() > 0
    if made["stale"]:
        note = mexico.locator(".parallel-cell[lang=fr][data-out-of-date=true] .parallel-note")
        assert note.count() == 1 and note.inner_text().startswith("Out of date")
    counts = mexico.locator(".parallel-counts").inner_text()
    assert "Français: " in counts and "العربية" in counts
    assert mexico.locator(".process-nav a", has_text="Languages").count() == 1
    # Each language version downloads, and the six in one Akoma Ntoso file.
    assert mexico.locator(".parallel-exports a[data-language=ar][data-format=pdf]").count() == 1
    assert mexico.locator(".parallel-exports a[data-language=all]").count() == 1
    axe(mexico, "the parallel view")
    screenshot(mexico, "80-parallel-en-fr-ar")
    if made["stale"]:
        mexico.locator(".parallel-cell[data-out-of-date=true]").first.scroll_into_view_if_needed()
        screenshot(mexico, "81-parallel-out-of-date")
    assert mexico.errors == []  # type: ignore[attr-defined]


def test_on_a_phone_the_columns_stack(sign_in: SignIn) -> None:
    phone = sign_in("observer.iom", width=390, height=844)
    go(phone, "#/p/1/parallel/1/0?langs=en,ar", ".parallel-rows")
    row = phone.locator(".parallel-row:not(.parallel-header)").first
    first, second = (row.locator(".parallel-cell").nth(i).bounding_box() for i in (0, 1))
    assert first is not None and second is not None
    assert second["y"] >= first["y"] + first["height"] - 1  # one below the other
    axe(phone, "the parallel view on a phone")
    screenshot(phone, "82-parallel-phone")
    assert phone.errors == []  # type: ignore[attr-defined]
