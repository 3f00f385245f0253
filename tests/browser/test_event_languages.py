"""History sentences in the person's language (issue 14, item 5): the history's log read in
French by a co-facilitator, and a delegate's inbox and live notice in Arabic (mirrored), each
filled in the browser from the facts the server sends (client/i18n/events), names and
paragraph labels as they are; axe-core clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]

NO_LANGUAGE = """() => fetch('/api/v1/auth/me', {method: 'PATCH',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({language: null})})"""


def _switch(page: Page, code: str) -> None:
    page.select_option("#language-switch", code)
    page.wait_for_function("code => document.documentElement.lang === code", arg=code)
    page.wait_for_load_state("networkidle")


@pytest.fixture
def people(sign_in: SignIn) -> Iterator[Callable[[str], Page]]:
    """Each person signed in once; their language goes back to none (the server is shared)."""
    found: dict[str, Page] = {}

    def page_of(login: str) -> Page:
        if login not in found:
            found[login] = sign_in(login)
        return found[login]

    yield page_of
    for page in found.values():
        page.evaluate(NO_LANGUAGE)


def test_the_history_reads_in_french(people: Callable[[str], Page]) -> None:
    chair = people("cofac.ferrer")
    go(chair, "#/p/1", "#home-title")
    _switch(chair, "fr")
    go(chair, "#/p/1/timeline", "#tl-title")
    chair.click("details.card summary")
    chair.wait_for_selector("ol.log li")
    said = chair.locator("ol.log li span").all_inner_texts()
    assert len(said) > 10
    text = "\n".join(said)
    # In French, from the facts: the actions' words, proper names and labels as they are.
    assert "a soumis un amendement à OP" in text, text[:2000]
    assert "a publié" in text
    assert "submitted an amendment" not in text and " published " not in text
    # Nothing is marked as English any more (every entry came with its facts).
    assert chair.locator("ol.log li span[lang=en]").count() == 0
    assert chair.evaluate("document.documentElement.lang") == "fr"
    axe(chair, "the history in French")
    screenshot(chair, "110-history-fr")
    assert chair.errors == []  # type: ignore[attr-defined]


def test_the_inbox_and_a_live_notice_read_in_arabic(people: Callable[[str], Page]) -> None:
    mexico = people("focal.mex")
    go(mexico, "#/p/1", "#home-title")
    _switch(mexico, "ar")
    assert mexico.evaluate("document.documentElement.dir") == "rtl"
    made = mexico.evaluate("""async () => {
        const json = (r) => r.json();
        const doc = await fetch('/api/v1/documents/1').then(json);
        const latest = doc.revisions.filter((r) => r.published_at).at(-1);
        const rev = await fetch(`/api/v1/documents/1/revisions/${latest.sequence}`).then(json);
        const unit = rev.units.find((u) => u.actions.includes('propose') && u.text);
        const r = await fetch('/api/v1/processes/1/amendments', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({revision_id: rev.id, unit: unit.key, kind: 'change_words',
                                  text: unit.text + ' Arabic inbox clause.', submit: true})});
        return await r.json();
    }""")
    chair = people("cofac.ferrer")
    decided = chair.evaluate("""async (a) => {
        const r = await fetch(`/api/v1/amendments/${a.id}/decision`, {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({base_version: a.version, decision: 'reflected'})});
        return r.status;
    }""", made)
    assert decided == 200
    # The live notice, in Arabic, as the decision arrives.
    notice = mexico.locator("#notices", has_text="بأنه مدرَج")
    notice.wait_for(timeout=10000)
    assert "marked" not in mexico.locator("#notices").inner_text()
    go(mexico, "#/inbox", ".inbox-item")
    item = mexico.locator(f".inbox-item:has(a[href*='amendment={made['id']}'])").first
    sentence = item.locator("a.inbox-sentence").inner_text()
    # "The co-facilitators marked Mexico's amendment to OPn as reflected.", in Arabic; the
    # delegation's name and the paragraph's label as they are.
    assert sentence.startswith("الميسّرون المشاركون: وسم تعديل Mexico على "), sentence
    assert sentence.endswith("بأنه مدرَج."), sentence
    assert item.locator("a.inbox-sentence span").get_attribute("lang") is None
    axe(mexico, "the inbox in Arabic")
    screenshot(mexico, "111-inbox-ar")
    assert mexico.errors == []  # type: ignore[attr-defined]
