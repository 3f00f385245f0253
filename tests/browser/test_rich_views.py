"""Formatting and editorial notes where they are (issue 12, item 1): the comparison shows
deleted words with the formatting they carried (italic, bold), not plain; an editorial note
anchored in a paragraph is shown at its place in the text, labelled as a note and apart from
the negotiated words, on the text, the compilation and the comparison, while a note on the
whole paragraph stays under it. axe-core clean. The text is written for this test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import api_call, axe, go, screenshot

SignIn = Callable[..., Page]
PP1 = "Recognizing the vital and lasting contribution of migrants,"
OP1 = "Parties shall mobilize resources from all sources."
ANCHORED = "Placement of the words that follow to be decided."
WHOLE = "This paragraph is under consultation."
AT = len("Parties shall mobilize resources")
UNITS: list[dict[str, Any]] = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    # "vital" in italics, "lasting" in bold: Rev.1 deletes both words
    {"key": "pp1", "kind": "paragraph", "parent": "pre", "text": PP1,
     "marks": [[0, 11, "italic"], [16, 21, "italic"], [26, 33, "bold"]]},
    {"key": "art1", "kind": "section", "number": "1", "heading": "Article 1. Finance"},
    {"key": "a1p1", "kind": "paragraph", "parent": "art1", "number": "1", "text": OP1,
     "notes": [{"text": ANCHORED, "offset": AT}, {"text": WHOLE}]},
]


def _document(page: Page) -> int:
    draft = api_call(page, "POST", "/processes/1/documents",
                  {"title": "Compact on finance (notes and deleted formatting)", "units": UNITS})
    doc = int(draft["document_id"])
    api_call(page, "POST", f"/documents/{doc}/revisions", {"base_version": draft["version"]})
    working = page.evaluate(f"() => fetch('/api/v1/documents/{doc}/working-copy')"
                            ".then(r => r.json())")
    edited = api_call(page, "PATCH", f"/documents/{doc}/working-copy/units/pp1", {
        "base_version": working["version"],
        "text": PP1.replace("vital and lasting ", "")})
    api_call(page, "POST", f"/documents/{doc}/revisions", {"base_version": edited["version"]})
    return doc


def _note_in_place(page: Page, paragraph: str) -> None:
    """The anchored note sits between the words it is anchored between, as a note."""
    note = page.locator(f"{paragraph} .inline-note")
    assert note.count() == 1
    assert note.inner_text() == f"Editorial note: {ANCHORED}"
    assert note.get_attribute("role") == "note"
    around = note.evaluate("""n => {
        const text = (node, dir) => { let s = ''; let x = node;
            while ((x = dir < 0 ? x.previousSibling : x.nextSibling)) s = dir < 0
                ? x.textContent + s : s + x.textContent; return s; };
        return [text(n, -1), text(n, 1)]; }""")
    assert around[0].endswith(OP1[:AT]) and around[1].startswith(OP1[AT:]), around
    # the whole paragraph's note stays under it; the anchored one is not listed again
    listed = page.locator(f"{paragraph} p.editorial-note").all_inner_texts()
    assert listed == [f"Editorial note: {WHOLE}"], listed


def test_deleted_words_keep_their_formatting_and_notes_sit_at_their_place(
        sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer", height=1000)
    doc = _document(ferrer)

    go(ferrer, f"#/p/1/text/{doc}/1", "#text .unit")
    _note_in_place(ferrer, '#text .unit[data-key="a1p1"]')
    # the note's words are not the paragraph's: its text is the negotiated words only
    text = ferrer.evaluate("""() => { const p = document.querySelector(
        '#text .unit[data-key="a1p1"] p.unit-text').cloneNode(true);
        p.querySelectorAll('.inline-note').forEach((n) => n.remove()); return p.textContent; }""")
    assert text == OP1
    axe(ferrer, "the text with a note at its place")

    go(ferrer, f"#/p/1/compilation/{doc}?seq=1", ".compilation .unit")
    _note_in_place(ferrer, '.compilation .unit[data-key="a1p1"]')

    go(ferrer, f"#/p/1/compare/{doc}?from=0&to=1&mode=inline&changed=0", ".diff-inline .unit")
    row = ferrer.locator(".diff-inline .unit.change-edited")
    deleted = row.locator("del")
    assert "".join(deleted.all_inner_texts()).split() == ["vital", "and", "lasting"]
    assert row.locator("del em").all_inner_texts() == ["vital"]
    assert row.locator("del strong").all_inner_texts() == ["lasting"]
    # the words kept keep the newer text's formatting
    assert row.locator("span > em").first.inner_text() == "Recognizing"
    _note_in_place(ferrer, ".diff-inline .unit.change-unchanged:has-text('mobilize')")
    axe(ferrer, "the comparison with deleted formatting and notes in place")
    ferrer.evaluate("() => document.querySelector('.diff-inline').scrollIntoView({block: 'start'})")
    screenshot(ferrer, "94-compare-deleted-formatting")

    go(ferrer, f"#/p/1/compare/{doc}?from=0&to=1&mode=side&changed=1", "table.side-by-side")
    before = ferrer.locator("table.side-by-side tbody tr td").first
    assert before.locator("del em").all_inner_texts() == ["vital"]
    assert before.locator("del strong").all_inner_texts() == ["lasting"]
    assert before.locator("span > em").first.inner_text() == "Recognizing"
    axe(ferrer, "the side-by-side comparison with deleted formatting")
    assert ferrer.errors == []  # type: ignore[attr-defined]
