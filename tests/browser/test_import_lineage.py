"""Importing the next revision on the page with a corrected match (issue 12, Deliver 5): the
preview lists each match, the least sure first, with old and new numbers; the co-facilitator
says that a rewritten paragraph is a new one, not the successor the server found, confirms,
and the working copy holds it under a new key while the others keep theirs; the published
comparison shows the paragraph that moved to another article as "moved from" its old number.
axe-core clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]

ZERO = """# Lineage test draft

## Article 1

1. Parties shall cooperate on the prevention of plastic pollution in the marine environment.

2. Each Party shall report on the measures it takes to implement this instrument every two years.

## Article 2

1. A committee to facilitate implementation of this instrument is hereby established.
"""

NEXT = """# Lineage test draft

## Article 1

1. Parties shall, within their capacities and with the support of the secretariat, work
together against plastic litter in rivers, lakes and seas.

## Article 2

1. A committee to facilitate implementation of this instrument and promote compliance is
hereby established.

2. Each Party shall report on the measures it takes to implement this instrument every two years.
"""

REWRITTEN = "Parties shall, within their capacities"
MOVED = "Each Party shall report"


def api(page: Page, method: str, path: str, body: Any = None) -> Any:
    return page.evaluate("""async ([method, path, body]) => {
        const r = await fetch('/api/v1' + path, {method, headers: body ? {'Content-Type':
            'application/json'} : {}, body: body ? JSON.stringify(body) : undefined});
        return {status: r.status, body: await r.json().catch(() => null)}; }""",
                         [method, path, body])


def b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def publish(page: Page, document: int) -> None:
    version = api(page, "GET", f"/documents/{document}/working-copy")["body"]["version"]
    reply = api(page, "POST", f"/documents/{document}/revisions", {"base_version": version})
    assert reply["status"] == 201, reply


def test_a_co_facilitator_corrects_a_match_in_the_preview(sign_in: SignIn,
                                                          tmp_path: Path) -> None:
    ferrer = sign_in("cofac.ferrer")
    go(ferrer, "#/p/1", "#import-link")
    created = api(ferrer, "POST", "/processes/1/documents/import-file", {
        "format": "markdown", "content_base64": b64(ZERO), "preview": False,
        "title": "Lineage test draft"})
    assert created["status"] == 200, created
    document = created["body"]["document_id"]
    publish(ferrer, document)
    before = api(ferrer, "GET", f"/documents/{document}/working-copy")["body"]
    old_keys = {u["key"] for u in before["units"]}
    shown = api(ferrer, "POST", f"/documents/{document}/working-copy/import", {
        "format": "markdown", "content_base64": b64(NEXT)})["body"]
    rewritten = next(k for k, u in enumerate(shown["units"]) if u["text"].startswith(REWRITTEN))
    moved = next(k for k, u in enumerate(shown["units"]) if u["text"].startswith(MOVED))
    found = {m["index"]: m for m in shown["lineage"]}
    first = next(u["key"] for u in before["units"] if u["text"].startswith("Parties shall"))
    assert found[rewritten]["previous"] == first  # the server's guess, to be corrected
    assert found[moved]["status"] == "moved"

    draft = tmp_path / "next-revision.md"
    draft.write_text(NEXT)
    ferrer.reload()
    go(ferrer, "#/p/1/import", "#import-form")
    ferrer.set_input_files("#import-file", str(draft))
    ferrer.select_option("#import-into", str(document))
    ferrer.click("#import-preview-button")
    ferrer.wait_for_selector("#import-matches tbody tr")
    rows = ferrer.locator("#import-matches tbody tr")
    assert rows.count() == len(shown["units"])
    sure = [int(t.split("%")[0]) for t in
            ferrer.locator("#import-matches tbody tr td:nth-child(4)").all_inner_texts()]
    assert sure == sorted(sure), sure  # the least sure first
    row = ferrer.locator(f"#import-matches tr[data-index='{rewritten}']")
    assert row.locator("td").nth(0).inner_text() == found[rewritten]["previous_name"]
    row.locator("button.correct").click()
    ferrer.locator(f"#import-matches tr[data-index='{rewritten}'] select").select_option("")
    corrected = ferrer.locator(f"#import-matches tr[data-index='{rewritten}']")
    assert "your correction" in corrected.inner_text()
    assert "corrected" in (corrected.get_attribute("class") or "")
    assert api(ferrer, "GET", f"/documents/{document}/working-copy")["body"]["version"] == \
        before["version"]  # nothing saved yet
    axe(ferrer, "the import preview with a corrected match")
    ferrer.locator("#import-matches").scroll_into_view_if_needed()
    screenshot(ferrer, "63-import-corrected-match")

    ferrer.click("#import-confirm")
    ferrer.wait_for_selector("#wc-title")
    after = api(ferrer, "GET", f"/documents/{document}/working-copy")["body"]
    keys = [u["key"] for u in after["units"]]
    assert keys[rewritten] not in old_keys  # corrected: a new paragraph
    assert keys[moved] == found[moved]["previous"]  # the others keep their keys

    publish(ferrer, document)
    go(ferrer, f"#/p/1/compare/{document}?from=0&to=1&mode=inline&changed=1", ".diff-inline")
    ferrer.reload()
    ferrer.wait_for_selector(".diff-inline .unit")
    assert ferrer.locator(".diff-inline .unit.change-moved").count() == 1
    badge = ferrer.locator(".diff-inline .unit.change-moved .unit-meta .badge").first
    assert badge.inner_text().startswith("moved from ")
    assert found[moved]["previous_name"] in badge.inner_text()
    assert ferrer.locator(".diff-inline .unit.change-deleted").count() == 1  # the old wording
    assert ferrer.locator(".diff-inline .unit.change-new").count() == 1  # the new one
    axe(ferrer, "the comparison with moved text")
    screenshot(ferrer, "64-compare-moved-from")
    go(ferrer, f"#/p/1/compare/{document}?from=0&to=1&mode=side&changed=1", ".side-by-side")
    screenshot(ferrer, "65-compare-side-by-side-moved")
    assert ferrer.errors == []  # type: ignore[attr-defined]
