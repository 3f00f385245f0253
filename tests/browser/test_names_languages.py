# ruff: noqa: RUF001, RUF002  (the French apostrophe, on purpose)
"""Names of places in the reader's language (issue 14, item 5): a delegate reading in French
sees the unnumbered paragraph that opens Article 1 of a small treaty named as French
negotiators say it, "le chapeau de l’article 1", on its panel and on Mexico's amendment card
("Mexico sur le chapeau de l’article 1"), and a numbered paragraph's button as
"1 (Article 1.1)"; the server's English names stay in the API. axe-core clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot
from tests.support.translations import MAKE
from tests.support.treaties import river_treaty

SignIn = Callable[..., Page]

NO_LANGUAGE = """() => fetch('/api/v1/auth/me', {method: 'PATCH',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({language: null})})"""

#: A page script: Mexico proposes new words for the chapeau (unit a1c) of document ``d``'s
#: zero draft; returns the amendment as the API gives it.
PROPOSE = """async (d) => {
    const send = (method, url, body) => fetch('/api/v1' + url, {method,
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
        .then((r) => r.json());
    const zero = await send('GET', `/documents/${d}/revisions/0`);
    return send('POST', '/processes/1/amendments', {revision_id: zero.id, unit: 'a1c',
        kind: 'change_words', submit: true,
        text: 'Recognizing the river as a common heritage, the Parties agree:'});
}"""


def _treaty() -> list[dict[str, Any]]:
    """The river treaty, its Article 1 opened by an unnumbered paragraph (its chapeau)."""
    units = river_treaty()
    units.insert(1, {"key": "a1c", "kind": "paragraph", "parent": "art1",
                     "text": "Recognizing the river as a shared resource, the Parties agree:"})
    return units


@pytest.fixture
def delegate(sign_in: SignIn) -> Iterator[Page]:
    page = sign_in("delegate.mex")
    yield page
    page.evaluate(NO_LANGUAGE)  # the session's server is shared


def test_a_french_reader_reads_the_chapeau_of_article_1_as_french_negotiators_say_it(
        sign_in: SignIn, delegate: Page) -> None:
    ferrer = sign_in("cofac.ferrer")
    document: int = ferrer.evaluate(MAKE, _treaty())
    made = delegate.evaluate(PROPOSE, document)
    assert made["unit_name"] == "the chapeau of Article 1", made  # English for API clients
    page = delegate
    page.select_option("#language-switch", "fr")
    page.wait_for_function("() => document.documentElement.lang === 'fr'")
    go(page, f"#/p/1/text/{document}/0", "#text .unit")
    buttons = page.locator("#text .unit .unit-select")
    labels = [buttons.nth(i).get_attribute("aria-label") or "" for i in range(buttons.count())]
    assert labels[0].startswith("Le chapeau de l’article 1"), labels
    assert labels[1].startswith("1 (Article 1.1)"), labels

    page.click("#text .unit[data-key=a1c] .unit-select")
    page.wait_for_selector("#unit-panel .amendment-list .amendment")
    assert page.locator("#panel-title").inner_text() == "Le chapeau de l’article 1"
    card = page.locator("#unit-panel .amendment").first
    assert card.locator(".amendment-name").inner_text() == "Mexico sur le chapeau de l’article 1"
    assert card.get_attribute("aria-label") is not None
    assert "chapeau de l’article 1" in (card.get_attribute("aria-label") or "")
    assert "the chapeau of" not in page.locator("#unit-panel").inner_text()
    assert page.errors == []  # type: ignore[attr-defined]
    axe(page, "a French reader's paragraph panel with an amendment card")
    card.scroll_into_view_if_needed()
    screenshot(page, "117-names-fr", full_page=True)


def test_the_working_copy_s_fields_name_each_paragraph_in_french(sign_in: SignIn) -> None:
    ferrer = sign_in("cofac.ferrer")
    try:
        document: int = ferrer.evaluate(MAKE, _treaty())
        ferrer.select_option("#language-switch", "fr")
        ferrer.wait_for_function("() => document.documentElement.lang === 'fr'")
        go(ferrer, f"#/p/1/working/{document}", ".wc-unit textarea")
        chapeau = ferrer.locator(".wc-unit[data-key=a1c]")
        assert chapeau.get_by_label("Texte du chapeau de l’article 1").count() == 1
        assert chapeau.get_by_label("Statut du chapeau de l’article 1").count() == 1
        paragraph = ferrer.locator(".wc-unit[data-key=a2p1]")
        assert paragraph.get_by_label("Texte de l’article 2.1").count() == 1
        assert paragraph.get_by_label("Numéro de l’article 2.1").count() == 1
        assert ferrer.errors == []  # type: ignore[attr-defined]
        axe(ferrer, "the working copy in French")
    finally:
        ferrer.evaluate(NO_LANGUAGE)
