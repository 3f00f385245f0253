"""A co-facilitator applies amendments to the working copy from the page: as proposed, and
with changes, deciding them at the same time. (Runs after the other browser tests, which read
the demo's working copy as it was.)"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]


def _change_words_cards(page: Page) -> list[str]:
    go(page, "#/p/1/amendments?delegation=&state=submitted&kind=change_words", ".amendment")
    page.wait_for_timeout(500)  # let a live refresh of the list settle
    # Read in one go: the list may be drawn again under us as live events arrive.
    ids: list[str] = page.locator("article.amendment").evaluate_all(
        "cards => cards.filter(c => [...c.querySelectorAll('button')].some("
        "b => b.textContent === 'Apply to the working copy')).map(c => c.dataset.id)")
    return ids


def test_a_co_facilitator_applies_an_amendment_as_proposed_and_one_reworded(
        sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer")
    ids = _change_words_cards(page)
    assert len(ids) >= 2, "the demo has submitted amendments changing words"

    # As proposed, deciding it reflected at the same time; an amendment whose words the
    # working copy changed meanwhile is handed back to be worded afresh.
    applied_id, proposed = None, ""
    for candidate in ids:
        card = page.locator(f"article.amendment[data-id='{candidate}']")
        card.get_by_role("button", name="Apply to the working copy").click()
        form = card.locator("form.apply-form")
        form.locator("select").select_option("reflected")
        axe(page, "applying an amendment")
        if applied_id is None and candidate == ids[0]:
            card.scroll_into_view_if_needed()
            screenshot(page, "25-apply-amendment")
        before = form.locator("textarea").input_value()
        form.get_by_role("button", name="Apply").click()
        page.wait_for_function(
            "id => !document.querySelector(`article.amendment[data-id='${id}'] form.apply-form`)"
            " || document.querySelector(`article.amendment[data-id='${id}'] form.apply-form"
            " p.small`).textContent", arg=candidate)
        if form.count() and "changed the words" in form.locator("p.small").inner_text():
            assert form.locator("textarea").input_value() != before
            continue
        applied_id, proposed = candidate, before
        break
    assert applied_id is not None, "no amendment applied cleanly"
    page.wait_for_selector("#notices :text('was applied to the working copy.')")
    go(page, "#/p/1/amendments?delegation=&state=&kind=change_words", ".amendment")
    applied = page.locator(f"article.amendment[data-id='{applied_id}']")
    assert "applied to the working copy" in applied.locator("header").inner_text()
    assert "Reflected" in applied.locator("header").inner_text()
    ids = [i for i in _change_words_cards(page) if i != applied_id]

    # With changes: the pen-holder rewords it before it goes in.
    card = page.locator(f"article.amendment[data-id='{ids[1]}']")
    card.get_by_role("button", name="Apply to the working copy").click()
    text = card.locator("form.apply-form textarea")
    reworded = text.input_value().rstrip(".") + ", as agreed in the room."
    text.fill(reworded)
    card.locator("form.apply-form").get_by_role("button", name="Apply").click()
    page.wait_for_selector("#notices :text('was applied to the working copy, with changes.')")

    # The working copy now holds both texts.
    go(page, "#/p/1/working/1", ".wc-unit")
    texts = " ".join(page.locator(".wc-unit textarea").evaluate_all(
        "boxes => boxes.map(b => b.value)"))
    assert reworded in texts
    # Each application recorded what the paragraph reads now: the first one's words are in.
    applications = page.evaluate(
        "fetch('/api/v1/documents/1/working-copy/applications').then(r => r.json())")
    assert {str(a["amendment_id"]) for a in applications} >= {applied_id}
    assert all(a["text_after"] in texts for a in applications)
    assert proposed
    assert page.errors == []  # type: ignore[attr-defined]
