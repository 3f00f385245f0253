"""A delegation's marked-up Word file on the page (issue 12, item 3): Mexico's focal point
downloads the current revision as Word from the upload screen, marks it up (tracked changes
and comments, written with python-docx), uploads it, reads the server's preview (each
amendment as the text names the paragraph, its diff and justification, what was not made
into an amendment and where it is in the file), confirms, and finds the draft amendments
among its delegation's drafts. axe-core clean; screenshots 60-62."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.markup import Edit, mark_up

SignIn = Callable[..., Page]
_WORD = re.compile(r"\b[a-z]{6,}\b")


def _open_paragraphs(data: bytes) -> list[str]:
    """The texts of the export's paragraphs that carry no status label (open for
    proposals), each with a word found once in it."""
    doc = Document(io.BytesIO(data))
    texts: list[str] = []
    for paragraph in doc.paragraphs:
        styles = {r.style.name for r in paragraph.runs if r.style is not None}
        style = paragraph.style.name if paragraph.style is not None else ""
        if not (style or "").startswith("Accord Paragraph") or "Accord Status" in styles:
            continue
        body = "".join(r.text for r in paragraph.runs if r.style is None
                       or r.style.name not in ("Accord Number", "Accord Heading"))
        if len(body.split()) >= 12 and "[" not in body:
            texts.append(body)
    return texts


def _unique_word(text: str) -> str:
    words: list[str] = [w for w in _WORD.findall(text) if text.count(w) == 1]
    assert words, text
    return words[len(words) // 2]


def _mark_up(data: bytes) -> tuple[bytes, str, str]:
    first, second, third = _open_paragraphs(data)[:3]
    word = _unique_word(first)
    deleted = _unique_word(second)
    marked = mark_up(data, [
        Edit(first[:40], word, f"{word} and strengthened",
             comment="Mexico proposes to strengthen this commitment."),
        Edit(second[:40], f"{deleted} ", ""),
    ], author="Mexico")
    # A comment on words nobody changed: listed as not made into an amendment.
    doc = Document(io.BytesIO(marked))
    target = next(p for p in doc.paragraphs if third[:40] in p.text)
    runs = [r for r in target.runs if r._r.find(qn("w:t")) is not None]
    doc.add_comment(runs[-1], text="We will come back to this paragraph.", author="Mexico")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), word, first[:40]


def test_a_focal_point_uploads_a_marked_up_file_and_finds_its_drafts(
        sign_in: SignIn, tmp_path: Path) -> None:
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1/amendments", "#amendments-title")
    mexico.click("#markup-link")
    mexico.wait_for_selector("#markup-form")
    mexico.wait_for_load_state("networkidle")
    # A delegate uploads for its own delegation: no picker.
    assert mexico.locator("#markup-delegation").count() == 0
    assert "draft amendment of Mexico" in mexico.inner_text("#markup-intro")
    with mexico.expect_download() as info:
        mexico.click("#markup-download")
    downloaded = info.value.path()
    assert downloaded is not None
    marked, word, where = _mark_up(Path(downloaded).read_bytes())
    axe(mexico, "the marked-up file's upload screen")
    screenshot(mexico, "60-markup-upload")
    upload = tmp_path / "Mexico marked up.docx"
    upload.write_bytes(marked)
    before = _drafts(mexico)
    mexico.set_input_files("#markup-file", str(upload))
    mexico.click("#markup-preview-button")
    mexico.wait_for_selector("#markup-preview:not([hidden]) #markup-proposals li",
                             timeout=120_000)
    summary = mexico.locator("#markup-summary").inner_text()
    assert summary.startswith("2 draft amendments of Mexico to "), summary
    titles = mexico.locator("#markup-proposals h4").all_inner_texts()
    assert len(titles) == 2 and all(t.endswith(": change the words") for t in titles), titles
    # Paragraphs as the text names them, never internal keys.
    assert all(re.match(r"^(PP|OP|Article |Objective )?\S", t) and "-" not in t.split(":")[0]
               for t in titles), titles
    first = mexico.locator("#markup-proposals li").first
    assert "and strengthened" in first.locator("ins").all_inner_texts()[0]
    assert "strengthen this commitment" in first.locator(".markup-justification").inner_text()
    assert "tracked change" in first.locator(".markup-origin").inner_text()
    unplaced = mexico.locator("#markup-unplaced li").all_inner_texts()
    assert any("not changed" in u and "come back to this paragraph" in u for u in unplaced), \
        unplaced
    assert any(u.startswith("Paragraph ") for u in unplaced)
    # The preview saved nothing.
    assert _drafts(mexico) == before
    axe(mexico, "the marked-up file's preview")
    screenshot(mexico, "61-markup-preview", full_page=True)
    mexico.click("#markup-confirm")
    mexico.wait_for_url(re.compile(r"state=draft"))
    mexico.wait_for_selector("#amendments-title")
    mexico.wait_for_load_state("networkidle")
    after = _drafts(mexico)
    created = [a for a in after if a["id"] not in {b["id"] for b in before}]
    assert len(created) == 2, created
    assert all(a["state"] == "draft" and a["delegation"] == "MEX" for a in created)
    ours = next(a for a in created if f"{word} and strengthened" in (a["text"] or ""))
    assert ours["justification"] == "Mexico proposes to strengthen this commitment."
    card = mexico.locator(f"article.amendment[data-id=\"{ours['id']}\"]")
    card.wait_for()
    assert "and strengthened" in card.inner_text()
    axe(mexico, "the delegation's drafts after the upload")
    card.scroll_into_view_if_needed()
    screenshot(mexico, "62-markup-drafts")
    assert mexico.errors == []  # type: ignore[attr-defined]
    # The demo as it was for the tests after this one: the drafts withdrawn.
    for amendment in created:
        status = mexico.evaluate("""async ([id, version]) => (await fetch(
            `/api/v1/amendments/${id}/withdraw`, {method: 'POST',
             headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({base_version: version})})).status""",
                                 [amendment["id"], amendment["version"]])
        assert status == 200
    del where


def _drafts(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(
        "() => fetch('/api/v1/processes/1/amendments?delegation=MEX&state=draft&limit=500')"
        ".then(r => r.json())")
    return found


def test_the_secretariat_uploads_a_marked_up_file_on_a_delegations_behalf(
        sign_in: SignIn, tmp_path: Path) -> None:
    """The secretariat is offered the upload (the server lists the delegations it may upload
    for), picks the delegation, and the drafts are that delegation's; an observer is offered
    nothing."""
    observer = sign_in("observer.iom")
    go(observer, "#/p/1/amendments", "#amendments-title")
    observer.wait_for_load_state("networkidle")
    assert observer.locator("#markup-link:visible").count() == 0
    go(observer, "#/p/1/markup", "#markup-title")
    assert observer.locator("#markup-form, #markup-delegation").count() == 0

    secretariat = sign_in("secretariat")
    go(secretariat, "#/p/1/amendments", "#amendments-title")
    secretariat.click("#markup-link")
    secretariat.wait_for_selector("#markup-delegation")
    secretariat.wait_for_load_state("networkidle")
    listed = secretariat.evaluate(
        "() => fetch('/api/v1/processes/1/markup/delegations').then((r) => r.json())")
    assert listed["on_behalf"] is True
    offered = secretariat.locator("#markup-delegation option").evaluate_all(
        "options => options.map((o) => o.value).filter(Boolean)")
    assert offered == [d["code"] for d in listed["delegations"]] and "MEX" in offered
    assert "you choose, on its behalf" in secretariat.inner_text("#markup-intro")
    with secretariat.expect_download() as info:
        secretariat.click("#markup-download")
    downloaded = info.value.path()
    assert downloaded is not None
    marked, word, _ = _mark_up(Path(downloaded).read_bytes())
    upload = tmp_path / "Mexico marked up, sent to the secretariat.docx"
    upload.write_bytes(marked)
    secretariat.set_input_files("#markup-file", str(upload))
    # Without a delegation picked, nothing is sent.
    secretariat.click("#markup-preview-button")
    assert "Choose the delegation" in secretariat.inner_text("#markup-error")
    assert secretariat.locator("#markup-preview:not([hidden])").count() == 0
    secretariat.select_option("#markup-delegation", "MEX")
    axe(secretariat, "the upload on a delegation's behalf")
    screenshot(secretariat, "92-markup-on-behalf")
    mexico = sign_in("focal.mex")
    before = _drafts(mexico)
    secretariat.click("#markup-preview-button")
    secretariat.wait_for_selector("#markup-preview:not([hidden]) #markup-proposals li",
                                  timeout=120_000)
    assert secretariat.inner_text("#markup-summary").startswith("2 draft amendments of Mexico")
    secretariat.click("#markup-confirm")
    secretariat.wait_for_selector("#markup-created")
    assert "on its behalf. Mexico reviews and submits them." in \
        secretariat.inner_text("#markup-created")
    axe(secretariat, "drafts created on a delegation's behalf")
    screenshot(secretariat, "93-markup-on-behalf-created")
    created = [a for a in _drafts(mexico) if a["id"] not in {b["id"] for b in before}]
    assert len(created) == 2 and all(a["delegation"] == "MEX" for a in created), created
    assert any(f"{word} and strengthened" in (a["text"] or "") for a in created)
    assert secretariat.errors == [] and observer.errors == []  # type: ignore[attr-defined]
    for amendment in created:
        status = mexico.evaluate("""async ([id, version]) => (await fetch(
            `/api/v1/amendments/${id}/withdraw`, {method: 'POST',
             headers: {'Content-Type': 'application/json'},
             body: JSON.stringify({base_version: version})})).status""",
                                 [amendment["id"], amendment["version"]])
        assert status == 200
