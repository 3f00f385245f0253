"""Rich text on the page (issue 12, item 1): the preambular verbs in italics, a footnote mark
as a superscript link to the footnote printed under its paragraph, an editorial note shown
apart from the negotiated text, and an option group's alternatives ("Option 1", "Option 2",
"No text") labelled and drawn together, on the text, the compilation, the comparison of
two revisions and the room screen; axe-core clean. The text is written for this test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import api_call, axe, go, screenshot

SignIn = Callable[..., Page]
PP1 = "Recognizing the contribution of migrants to sustainable development,"
FOOTNOTE = "As set out in the 2030 Agenda for Sustainable Development."
NOTE = "Placement of this paragraph to be decided."
UNITS: list[dict[str, Any]] = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    {"key": "pp1", "kind": "paragraph", "parent": "pre", "text": PP1,
     "marks": [[0, 11, "italic"]],
     "footnotes": [{"mark": "1", "offset": len(PP1) - 1, "text": FOOTNOTE}]},
    {"key": "pp2", "kind": "paragraph", "parent": "pre",
     "text": "Reaffirming our commitment to international cooperation,",
     "marks": [[0, 11, "italic"]]},
    {"key": "art4", "kind": "section", "number": "4", "heading": "Article 4. Finance"},
    {"key": "a4p1", "kind": "paragraph", "parent": "art4", "number": "1",
     "text": "Parties shall mobilize resources from all sources.", "notes": [{"text": NOTE}]},
    {"key": "a4o1", "kind": "paragraph", "parent": "art4", "number": "2",
     "text": "Developed country Parties shall provide new and additional financial resources.",
     "option": {"group": "art4-2", "label": "Option 1"}},
    {"key": "a4o2", "kind": "paragraph", "parent": "art4", "number": "2",
     "text": "All Parties in a position to do so should contribute financial resources.",
     "option": {"group": "art4-2", "label": "Option 2"}},
    {"key": "a4o3", "kind": "paragraph", "parent": "art4", "number": "2", "text": "",
     "option": {"group": "art4-2", "label": "No text", "no_text": True}},
]

def _rich_document(page: Page) -> int:
    """A document with a published zero draft and a Rev.1 whose PP1 gained a word."""
    draft = api_call(page, "POST", "/processes/1/documents",
                  {"title": "Compact on finance (formatting test)", "units": UNITS})
    doc = draft["document_id"]
    api_call(page, "POST", f"/documents/{doc}/revisions", {"base_version": draft["version"]})
    working = page.evaluate(f"() => fetch('/api/v1/documents/{doc}/working-copy')"
                            ".then(r => r.json())")
    edited = api_call(page, "PATCH", f"/documents/{doc}/working-copy/units/pp1", {
        "base_version": working["version"],
        "text": PP1.replace("the contribution", "the positive contribution")})
    api_call(page, "POST", f"/documents/{doc}/revisions", {"base_version": edited["version"]})
    return int(doc)


def _top(page: Page, selector: str) -> None:
    """The screenshot shows the text from its start (the rich paragraphs and the options)."""
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", selector)


def test_italics_a_footnote_a_note_and_an_option_group_on_the_text_compilation_and_compare(
        sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer", height=1250)
    doc = _rich_document(ferrer)
    go(ferrer, f"#/p/1/text/{doc}/0", "#text .unit")

    pp1 = ferrer.locator('#text .unit[data-key="pp1"]')
    assert pp1.locator("p.unit-text em").first.inner_text() == "Recognizing"
    assert pp1.locator("p.unit-text").inner_text().startswith(PP1[:-1])
    link = pp1.locator("sup.fn-ref a")
    assert link.inner_text() == "1" and link.get_attribute("aria-label") == "Footnote 1"
    footnote = pp1.locator("ul.footnotes li")
    assert footnote.inner_text().replace("\n", " ").strip() == f"1 {FOOTNOTE}"
    # The mark is where the footnote is anchored: after "development", before the comma.
    assert ferrer.evaluate("""() => {
        const sup = document.querySelector('#text .unit[data-key="pp1"] sup.fn-ref');
        return [sup.previousSibling.textContent.endsWith('development'),
                sup.nextSibling.textContent]; }""") == [True, ","]
    link.click()
    assert ferrer.evaluate("document.activeElement.id") == footnote.get_attribute("id")
    assert f"/text/{doc}/0" in ferrer.url  # the hash (the route) did not move

    note = ferrer.locator('#text .unit[data-key="a4p1"] .editorial-note')
    assert note.inner_text() == f"Editorial note: {NOTE}"
    assert NOTE not in ferrer.locator('#text .unit[data-key="a4p1"] p.unit-text').inner_text()

    labels = ferrer.locator("#text .option-label").all_inner_texts()
    assert labels == ["3 options: Option 1", "Option 2", "No text"], labels
    for key in ("a4o1", "a4o2", "a4o3"):
        assert "in-option" in (ferrer.locator(f'#text [data-key="{key}"]')
                               .get_attribute("class") or "")
    # The "No text" alternative says so once, in its label.
    assert ferrer.locator('#text [data-key="a4o3"]').inner_text().count("No text") == 1
    assert "in-option" not in (ferrer.locator('#text [data-key="a4p1"]')
                               .get_attribute("class") or "")
    axe(ferrer, "the text with italics, a footnote, a note and options")
    _top(ferrer, "#text")
    screenshot(ferrer, "50-rich-text")

    go(ferrer, f"#/p/1/compilation/{doc}?seq=0", "#inline-compilation .unit")
    comp_pp1 = ferrer.locator('#inline-compilation .unit[data-key="pp1"]')
    assert comp_pp1.locator("em").first.inner_text() == "Recognizing"
    assert comp_pp1.locator("sup.fn-ref a").inner_text() == "1"
    assert ferrer.locator("#inline-compilation .option-label").count() == 3
    axe(ferrer, "the compilation with rich text")
    _top(ferrer, "#inline-compilation .text")
    screenshot(ferrer, "51-rich-compilation")

    go(ferrer, f"#/p/1/compare/{doc}?from=0&to=1&mode=inline&changed=0", ".diff-inline .unit")
    row = ferrer.locator(".diff-inline .unit.change-edited")
    assert row.locator("ins").first.inner_text().strip() == "positive"
    assert row.locator("em").first.inner_text() == "Recognizing"
    assert row.locator("sup.fn-ref a").inner_text() == "1"
    assert ferrer.locator(".diff-inline .option-label").count() == 3
    axe(ferrer, "the comparison with rich text")
    _top(ferrer, ".diff-inline")
    screenshot(ferrer, "52-rich-compare")

    # The pen-holder puts words in italics: selected in the text box, the Italic button.
    go(ferrer, f"#/p/1/working/{doc}", 'form.wc-unit[data-key="pp2"] textarea')
    box = ferrer.locator('form.wc-unit[data-key="pp2"] textarea')
    box.evaluate("(t) => { t.focus(); t.setSelectionRange(16, 26); }")  # "commitment"
    ferrer.locator('form.wc-unit[data-key="pp2"] button[value="italic"]').click()
    ferrer.wait_for_function(f"""() => fetch('/api/v1/documents/{doc}/working-copy')
        .then(r => r.json()).then(w => JSON.stringify(
            w.units.find(u => u.key === 'pp2').marks) === '[[0,11,"italic"],[16,26,"italic"]]')""")
    ferrer.wait_for_selector('form.wc-unit[data-key="pp2"] .rich-preview em >> nth=1')
    assert ferrer.locator('form.wc-unit[data-key="pp2"] .rich-preview em').all_inner_texts() \
        == ["Reaffirming", "commitment"]
    axe(ferrer, "the working copy with formatting buttons and the text as printed")

    # The room screen: the formatting under the brackets' highlights, the options labelled.
    go(ferrer, f"#/p/1/room/{doc}?revision=1", ".room-unit")
    room_pp1 = ferrer.locator('.room-unit[data-key="pp1"]')
    assert room_pp1.locator(".room-text em").first.inner_text() == "Recognizing"
    assert "positive contribution" in room_pp1.locator(".room-text").inner_text()
    assert room_pp1.locator("sup.fn-ref a").inner_text() == "1"
    assert ferrer.locator(".room-text-list .option-label").count() == 3
    assert ferrer.locator('.room-unit[data-key="a4p1"] .editorial-note').count() == 1
    axe(ferrer, "the room screen with rich text")
    assert ferrer.errors == []  # type: ignore[attr-defined]
