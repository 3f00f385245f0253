"""Documents out and in, on the page (issue 13, item 1): a co-facilitator imports the
plastics treaty's zero draft PDF on the page, sees the server's preview before anything is
saved, confirms and reads the text; a delegate downloads the compilation as Word from its
Export menu; printing the text prints it as a document, without the navigation or buttons."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.data import ROOT

SignIn = Callable[..., Page]
PLASTICS = ROOT.parent / "shared" / "data" / "plastics-inc-2023"
ZERO_DRAFT = PLASTICS / "UNEP-PP-INC.3-4-zero-draft-2023-09-04.pdf"


def _latest_text(page: Page) -> None:
    go(page, "#/p/1", ".process-nav")
    page.locator(".process-nav a", has_text="Text").click()
    page.wait_for_selector("#text .unit")
    page.wait_for_load_state("networkidle")


def test_a_co_facilitator_imports_the_zero_draft_pdf_with_its_preview(sign_in: SignIn) -> None:
    if not ZERO_DRAFT.exists():
        pytest.skip(f"the plastics zero draft is not in {PLASTICS}")
    ferrer = sign_in("cofac.ferrer")
    go(ferrer, "#/p/1", "#import-link")
    ferrer.click("#import-link")
    ferrer.wait_for_selector("#import-form")
    before = ferrer.evaluate("() => fetch('/api/v1/processes/1/documents').then(r => r.json())")
    ferrer.set_input_files("#import-file", str(ZERO_DRAFT))
    ferrer.select_option("#import-into", "new")
    ferrer.fill("#import-title", "Plastics instrument: zero draft")
    # The upload reports its progress on a progress element while the file goes up.
    ferrer.evaluate("""() => { window.progressSeen = false;
        new MutationObserver(() => { const p = document.querySelector('#import-progress');
            if (p && !p.hidden) window.progressSeen = true; })
          .observe(document.querySelector('#import-form'), {attributes: true, subtree: true}); }""")
    ferrer.click("#import-preview-button")
    ferrer.wait_for_selector("#import-preview:not([hidden]) #import-units li", timeout=120_000)
    assert ferrer.evaluate("window.progressSeen") is True
    summary = ferrer.locator("#import-summary").inner_text()
    assert " paragraphs" in summary and " read" in summary, summary
    numbers = ferrer.locator("#import-units .unit-number").all_inner_texts()
    assert len(numbers) >= 20, numbers[:5]
    assert all(n.strip() and "_" not in n and ":" not in n for n in numbers), numbers[:10]
    # Nothing is saved by the preview.
    assert ferrer.evaluate("() => fetch('/api/v1/processes/1/documents').then(r => r.json())") \
        == before
    axe(ferrer, "the import preview")
    screenshot(ferrer, "41-import-preview")
    ferrer.click("#import-confirm")
    ferrer.wait_for_selector("#wc-title", timeout=120_000)
    ferrer.wait_for_load_state("networkidle")
    after = ferrer.evaluate("() => fetch('/api/v1/processes/1/documents').then(r => r.json())")
    assert len(after) == len(before) + 1
    assert after[-1]["title"] == "Plastics instrument: zero draft"
    assert f"/working/{after[-1]['id']}" in ferrer.url
    # The text is there, as the draft numbers it.
    shown = ferrer.locator(".wc-unit, .unit").count()
    assert shown >= 20
    assert ferrer.errors == []  # type: ignore[attr-defined]


def test_a_hostile_file_is_refused_in_a_sentence_and_nothing_is_saved(
        sign_in: SignIn, tmp_path: Path) -> None:
    fake = tmp_path / "draft.pdf"
    fake.write_bytes(b"<html>not a pdf at all</html>")
    ferrer = sign_in("cofac.ferrer")
    go(ferrer, "#/p/1/import", "#import-form")
    before = ferrer.evaluate("() => fetch('/api/v1/processes/1/documents').then(r => r.json())")
    ferrer.set_input_files("#import-file", str(fake))
    ferrer.select_option("#import-into", "new")
    ferrer.click("#import-preview-button")
    ferrer.locator("#import-error", has_text="The file").wait_for()
    said = ferrer.locator("#import-error").inner_text()
    assert said.startswith("The file could not be read"), said
    assert said.endswith("Nothing was saved."), said
    assert ferrer.locator("#import-preview").is_hidden()
    assert ferrer.evaluate("() => fetch('/api/v1/processes/1/documents').then(r => r.json())") \
        == before


def test_a_co_facilitator_imports_the_next_revision_into_the_working_copy(
        sign_in: SignIn, tmp_path: Path) -> None:
    ferrer = sign_in("cofac.ferrer")
    before = ferrer.evaluate("() => fetch('/api/v1/documents/1/working-copy').then(r => r.json())")
    markdown = ferrer.evaluate(
        "() => fetch('/api/v1/documents/1/working-copy/export?format=markdown')"
        ".then(r => r.text())")
    assert "Heads of State" in markdown
    draft = tmp_path / "next-revision.md"
    draft.write_text(markdown.replace("Heads of State", "Heads of State (Mount Kilimanjaro)"))
    go(ferrer, "#/p/1/import", "#import-form")
    ferrer.set_input_files("#import-file", str(draft))
    ferrer.select_option("#import-into", "1")
    assert ferrer.locator("#import-title").is_hidden()
    ferrer.click("#import-preview-button")
    ferrer.wait_for_selector("#import-preview:not([hidden]) #import-units li")
    summary = ferrer.locator("#import-summary").inner_text()
    assert "Compared with the working copy:" in summary and "edited" in summary, summary
    assert ferrer.evaluate("() => fetch('/api/v1/documents/1/working-copy').then(r => r.json())"
                           "")["version"] == before["version"]
    ferrer.click("#import-confirm")
    ferrer.wait_for_selector("#wc-title")
    after = ferrer.evaluate("() => fetch('/api/v1/documents/1/working-copy').then(r => r.json())")
    assert after["version"] != before["version"]
    assert any("Mount Kilimanjaro" in u["text"] for u in after["units"])
    assert ferrer.errors == []  # type: ignore[attr-defined]
    # The demo's working copy as it was, for the browser tests after this one.
    restored = ferrer.evaluate("""async ([md, version]) => {
        const bytes = new TextEncoder().encode(md);
        const b64 = btoa(String.fromCharCode(...bytes));
        const r = await fetch('/api/v1/documents/1/working-copy/import', {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify(
                {format: 'markdown', content_base64: b64, preview: false, base_version: version})});
        return r.status; }""", [markdown, after["version"]])
    assert restored == 200


def test_a_delegate_is_not_offered_the_import(sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", ".process-nav")
    assert mexico.locator("#import-link").count() == 0
    go(mexico, "#/p/1/import", "#imp-title")
    assert mexico.locator("#import-form").count() == 0
    assert "may not import" in mexico.locator("#view").inner_text()


def test_a_delegate_downloads_the_compilation_as_word(sign_in: SignIn) -> None:
    from docx import Document

    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", ".process-nav")
    mexico.locator(".process-nav a", has_text="Compilation").click()
    mexico.wait_for_selector("#comp-title")
    mexico.wait_for_load_state("networkidle")
    menu = mexico.locator(".export-compilation")
    menu.locator("summary").click()
    labels = menu.locator("a").all_inner_texts()
    assert labels[:3] == ["Word (.docx)", "PDF", "Akoma Ntoso XML"], labels
    axe(mexico, "the compilation's export menu")
    screenshot(mexico, "42-export-menu")
    with mexico.expect_download() as info:
        menu.locator("a", has_text="Word (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx"), download.suggested_filename
    path = download.path()
    assert path is not None
    document = Document(io.BytesIO(Path(path).read_bytes()))
    words = "\n".join(p.text for p in document.paragraphs)
    assert len(words) > 200
    assert mexico.errors == []  # type: ignore[attr-defined]


def test_every_view_with_an_export_offers_it(sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer")
    _latest_text(ferrer)
    revision = ferrer.locator(".export-revision a").evaluate_all("as => as.map(a => a.textContent)")
    assert revision == ["Word (.docx)", "PDF", "Akoma Ntoso XML", "Markdown", "Plain text",
                        "Print view (HTML)"]
    hrefs = ferrer.locator(".export-revision a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))")
    markdown = ferrer.evaluate("async (u) => { const r = await fetch(u); return "
                               "[r.status, r.headers.get('content-disposition')]; }", hrefs[3])
    assert markdown[0] == 200 and ".md" in markdown[1], markdown
    go(ferrer, "#/p/1/working/1", "#wc-title")
    assert ferrer.locator(".export-working a").count() == 6
    go(ferrer, "#/p/1/compare/1", "#cmp-title")
    compare = ferrer.locator(".export-comparison a").first.get_attribute("href") or ""
    assert "from=" in compare and "to=" in compare and "format=docx" in compare, compare
    go(ferrer, "#/p/1/timeline", "#tl-title")
    assert ferrer.locator(".export-feed a").get_attribute("href") == \
        "/api/v1/processes/1/revisions.atom"
    go(ferrer, "#/p/1/amendments", "article.amendment")
    assert ferrer.locator("article.amendment").first.locator(".export-amendment a").count() == 2
    assert ferrer.errors == []  # type: ignore[attr-defined]


def test_printing_the_text_prints_a_document(sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    _latest_text(mexico)
    mexico.emulate_media(media="print")
    for hidden in ("header.top", ".process-nav", ".export-menu", "#revision-picker",
                   ".text-filters", ".legend", "#unit-panel"):
        assert mexico.locator(hidden).first.is_hidden(), hidden
    # No button shows, but for the paragraph numbers, printed as text.
    shown_buttons = mexico.evaluate("""() => [...document.querySelectorAll('button')]
        .filter(b => getComputedStyle(b).display !== 'none' && !b.classList.contains('unit-select'))
        .map(b => b.textContent)""")
    assert shown_buttons == []
    assert mexico.locator("#text-title").is_visible()
    units = mexico.locator("#text .unit")
    assert units.first.is_visible() and units.first.locator(".unit-text").is_visible()
    number = units.first.locator(".unit-select")
    assert number.is_visible()
    assert number.evaluate("b => getComputedStyle(b).borderTopStyle") in ("none", "hidden")
    pdf = mexico.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    screenshot(mexico, "43-print-view", full_page=False)
    mexico.emulate_media(media="screen")
    assert mexico.locator(".process-nav").is_visible()
