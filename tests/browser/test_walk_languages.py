# ruff: noqa: RUF001  (Russian months and Arabic punctuation, on purpose)
"""The reading, amending and compare screens in Chinese, Russian and Arabic (issue 14, item 5).

A delegate whose profile says zh, then ru, then ar signs in and walks the demo negotiation:
the text with a paragraph's panel (reading), the amendments screen, writing an amendment (the
form, its word diff as one types, the card it makes), the comparison of two revisions. On each
screen no visible text is an English catalogue message (the page's own messagesFor("en"),
compared with every text node outside the negotiated text; names and labels the negotiation
gave, such as delegations, revisions and paragraph labels, are taken out first), dates read in
the person's language (Intl), Arabic mirrors the whole layout, and axe-core finds nothing
serious. Screenshots 115, 116 and 118."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page

from server.core.rebase import REASONS
from tests.support.browser import axe, go, screenshot

pytestmark = pytest.mark.slow

SignIn = Callable[..., Page]

#: Who walks in which language: each delegation's focal point, in its own language.
WALKERS = {"zh": "focal.chn", "ru": "focal.rus", "ar": "focal.mar"}

PROFILE = """code => fetch('/api/v1/auth/me', {method: 'PATCH',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({language: code})})
    .then((r) => r.status)"""

#: English left on screen: every visible text node outside the negotiated text, with the
#: negotiation's own names taken out, against the pieces of text of the English catalogue's
#: messages (what is between their placeholders) that the page's language does not share.
ENGLISH_LEFT = """async ({lang, names}) => {
    const { messagesFor } = await import('/client/i18n/index.js');
    const { parse, LANGUAGE_NAMES } = await import('/client/lib/i18n.js');
    names = [...names, ...Object.values(LANGUAGE_NAMES)];  // each language named in itself
    const english = messagesFor('en');
    const own = Object.values(messagesFor(lang)).join('\\n');
    const pieces = [];
    const walk = (nodes, key) => {
        for (const node of nodes) {
            if (typeof node === 'string') pieces.push([node, key]);
            else if (node.options) {
                for (const branch of Object.values(node.options)) walk(branch, key);
            }
        }
    };
    for (const [key, message] of Object.entries(english)) walk(parse(message), key);
    const fragments = [];
    for (const [piece, key] of pieces) {
        const words = piece.replace(/^[\\s\\p{P}\\p{S}]+|[\\s\\p{P}\\p{S}]+$/gu, '');
        if (!/[A-Za-z]{3,}/.test(words) || own.includes(words)) continue;
        const escaped = words.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
        fragments.push([new RegExp(`(^|[^A-Za-z])${escaped}($|[^A-Za-z])`), words, key]);
    }
    // The negotiated text (paragraphs, diffs, quoted words) and what delegates wrote.
    const skip = ['script', 'style', 'textarea', 'input', '.unit-text', '.diff', '.origin-words',
                  '.justification > [dir=auto]', '.decision > [dir=auto]'].join(', ');
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || parent.closest(skip)) continue;
        const box = parent.closest('option') ? parent.closest('select') : parent;
        if (!box.checkVisibility({visibilityProperty: true})) continue;
        let text = n.textContent;
        for (const name of names) if (name) text = text.split(name).join(' ');
        if (!/[A-Za-z]{3,}/.test(text)) continue;
        for (const [pattern, words, key] of fragments) {
            if (pattern.test(text)) found.push(`${key}: "${words}" in "${n.textContent.trim()}"`);
        }
    }
    // What assistive technology reads out: the names and hints elements carry.
    const named = document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]');
    for (const element of named) {
        if (element.closest(skip) && !element.matches('input, textarea')) continue;
        if (!element.checkVisibility({visibilityProperty: true})) continue;
        for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) {
            const said = element.getAttribute(attribute);
            if (!said) continue;
            let text = said;
            for (const name of names) text = text.split(name).join(' ');
            if (!/[A-Za-z]{3,}/.test(text)) continue;
            for (const [pattern, words, key] of fragments) {
                if (!pattern.test(text)) continue;
                found.push(`${key}: "${words}" in ${attribute} "${said}"`);
            }
        }
    }
    return [...new Set(found)];
}"""

#: The names and labels the negotiation gave, which stay as written in every language.
NAMES = """async () => {
    const json = (r) => r.json();
    const [process, delegations, doc] = await Promise.all([
        fetch('/api/v1/processes/1').then(json),
        fetch('/api/v1/processes/1/delegations').then(json),
        fetch('/api/v1/documents/1').then(json)]);
    const names = [process.title, doc.title, ...(process.clusters ?? []).map((c) => c.name)];
    for (const d of delegations) names.push(d.name, d.code);
    for (const r of doc.revisions) {
        names.push(r.label);
        const rev = await fetch(`/api/v1/documents/1/revisions/${r.sequence}`).then(json);
        for (const u of rev.units) names.push(u.name, u.number, u.heading);
    }
    return [...new Set(names.filter(Boolean))].sort((a, b) => b.length - a.length);
}"""

#: A medium date in each language as Intl writes it, and the English months that must not
#: appear.
DATE = {
    "zh": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "ru": re.compile(
        r"\d{1,2} (?:янв|февр|мар|апр|мая|июн|июл|авг|сент|окт|нояб|дек)[а-я]*\.? \d{4} г\."),
    # Arabic's medium date is numeric, with right-to-left marks, then the Arabic comma.
    "ar": re.compile(r"\d{1,2}\u200f/\d{1,2}\u200f/\d{4}،"),
}
ENGLISH_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d")


@pytest.fixture
def walker(sign_in: SignIn) -> Iterator[Callable[[str], Page]]:
    """A delegate whose profile language is the one asked for; none again afterwards (the
    session's server is shared), their amendment withdrawn."""
    pages: list[Page] = []

    def open_in(code: str) -> Page:
        page = sign_in(WALKERS[code])
        pages.append(page)
        assert page.evaluate(PROFILE, code) == 200
        page.reload()  # the client starts in the profile's language
        page.wait_for_selector("#process-list")
        page.wait_for_function("code => document.documentElement.lang === code", arg=code)
        return page

    yield open_in
    for page in pages:
        page.evaluate("""async () => {
            const mine = await fetch('/api/v1/processes/1/amendments?limit=500')
                .then((r) => r.json());
            for (const a of mine.filter((x) => x.justification === 'walk-languages'
                                          && x.actions.includes('withdraw'))) {
                await fetch(`/api/v1/amendments/${a.id}/withdraw`, {method: 'POST',
                    headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({base_version: a.version})});
            }
        }""")
        page.evaluate(PROFILE, None)


class Walk:
    """What English each screen of one walk left on screen (all told at the end)."""

    def __init__(self, page: Page, code: str) -> None:
        self.page = page
        self.code = code
        self.names: list[str] = page.evaluate(NAMES)
        self.left: dict[str, list[str]] = {}

    def no_english(self, where: str) -> None:
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate(ENGLISH_LEFT, {"lang": self.code, "names": self.names})
        if found:
            self.left[where] = found


def dates_in(page: Page, code: str, selector: str) -> None:
    said = page.inner_text(selector)
    assert DATE[code].search(said), f"no {code} date in {said!r}"
    assert not ENGLISH_MONTH.search(said), said


def said(page: Page, code: str, key: str) -> str:
    """A message of the page's catalogue in a language (a control's name)."""
    return str(page.evaluate("""async ([code, key]) =>
        (await import('/client/i18n/index.js')).messagesFor(code)[key]""", [code, key]))


def close_notices(page: Page) -> None:
    """The notices that would cover the screen in a screenshot, closed by their buttons."""
    page.evaluate("() => document.querySelectorAll('#notices button').forEach((b) => b.click())")
    page.wait_for_function("() => !document.querySelector('#notices button')")


def lefts(page: Page, right: str, left: str) -> bool:
    """Whether the first element matching ``right`` starts right of the first ``left`` one
    (both measured at once: a live update may draw the screen again in between)."""
    return bool(page.evaluate("""([right, left]) => {
        const x = (selector) => document.querySelector(selector).getBoundingClientRect().x;
        return x(right) > x(left);
    }""", [right, left]))


def mirrored(page: Page) -> None:
    """Arabic: the page is right to left and the layout follows (the navigation starts at
    the right, the brand is at the right)."""
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == \
        ["ar", "rtl"]
    # Measured in one go: a live update may draw the screen again between two measures.
    page.wait_for_selector(".process-nav ul li")
    places = page.evaluate("""() => ({width: innerWidth,
        nav: document.querySelector('.process-nav ul li').getBoundingClientRect().x,
        brand: document.querySelector('header.top .brand').getBoundingClientRect().x})""")
    assert places["nav"] > places["width"] / 2, places
    assert places["brand"] > places["width"] / 2, places


@pytest.mark.parametrize("code", ["zh", "ru", "ar"])
def test_reading_amending_and_comparing_in_the_delegates_language(
        walker: Callable[[str], Page], code: str) -> None:
    page = walker(code)
    walk = Walk(page, code)
    no_english = walk.no_english
    assert page.evaluate("document.documentElement.dir") == ("rtl" if code == "ar" else "ltr")

    # Reading: the latest text, then an open paragraph's panel.
    go(page, "#/p/1", "#home-title")
    page.click(".process-nav a[href*='/text/']")
    page.wait_for_selector("#text .unit")
    no_english("the text")
    dates_in(page, code, "#text-summary")
    if code == "zh":  # the summary's sentences and lists in Chinese punctuation
        summary = page.inner_text("#text-summary")
        assert ". " not in summary and ", " not in summary, summary
    if code == "ar":
        mirrored(page)
    button = page.locator(".unit.status-open .unit-select").first
    button.click()
    page.wait_for_selector("#panel-history ~ ol.history-list")
    page.wait_for_selector("#panel-attr ~ *")
    no_english("the text with a paragraph's panel")
    axe(page, f"the text and a paragraph's panel in {code}")
    if code == "zh":
        close_notices(page)
        screenshot(page, "115-reading-zh")

    # Amending: the form, the word diff as one types, the card it makes.
    text = page.locator("#propose-text")
    words = text.input_value().split(" ")
    text.fill(" ".join([*words[:2], "resolutely", *words[2:]]))
    page.wait_for_selector("#propose-preview ins")
    page.fill("#propose-form textarea[name=justification]", "walk-languages")
    no_english("the proposal form and its diff")
    axe(page, f"the proposal form in {code}")
    page.click("#save-draft")
    card = page.locator("#unit-panel .amendment.state-draft", has_text="resolutely").first
    card.wait_for()
    no_english("the draft's card")
    # The draft's own edit form, with its diff too.
    card.locator(".actions button").nth(2).click()  # submit, withdraw, then edit the draft
    card.locator("form.edit-draft .preview ins").wait_for()
    no_english("a draft's edit form")
    axe(page, f"a draft's card and its edit form in {code}")
    if code == "ru":
        close_notices(page)
        card.scroll_into_view_if_needed()
        screenshot(page, "116-amending-ru")
    card.locator(".actions button.primary").first.click()  # submit
    page.locator("#unit-panel .amendment.state-submitted", has_text="resolutely").first.wait_for()

    # The amendments screen: the delegation's own, then every delegation's submitted ones.
    page.click(".process-nav a[href$='/amendments']")
    page.wait_for_selector("#amendments-title")
    page.wait_for_selector(".amendment.state-submitted:has-text('resolutely')")
    no_english("the delegation's amendments")
    # Why an amendment was carried as it was: said in the page's language from the server's
    # reason code (no lang of its own), never the server's stored English words.
    reasons = page.locator(".carried-reason")  # the demo carried one of Russia's amendments
    assert reasons.count() >= (1 if code == "ru" else 0)
    for i in range(reasons.count()):
        assert reasons.nth(i).get_attribute("lang") is None
        assert reasons.nth(i).inner_text().strip() not in REASONS.values()
    axe(page, f"the amendments screen in {code}")
    # The card's own forms: inviting co-sponsors, and the withdrawal's confirmation.
    ours = page.locator(".amendment.state-submitted", has_text="resolutely").first
    ours.get_by_role("button", name=said(page, code, "amending.card.inviteCoSponsors")).click()
    ours.locator("form.co-form").wait_for()
    no_english("the invitation of co-sponsors")
    ours.get_by_role("button", name=said(page, code, "amending.card.withdraw"), exact=True).click()
    ours.locator(".confirm").wait_for()
    no_english("the withdrawal's confirmation")
    axe(page, f"a card's forms in {code}")
    ours.locator(".confirm button:not(.primary)").click()  # cancel: it stays submitted
    go(page, "#/p/1/amendments?delegation=&state=submitted&kind=", ".amendment")
    no_english("every delegation's submitted amendments")
    if code == "ar":
        mirrored(page)

    # Comparing two revisions, inline then side by side.
    doc = page.evaluate("() => fetch('/api/v1/documents/1').then((r) => r.json())")
    first, last = doc["revisions"][0]["sequence"], doc["revisions"][-1]["sequence"]
    go(page, f"#/p/1/compare/1?from={first}&to={last}", "#cmp-title")
    page.wait_for_selector(".diff-inline .unit")
    no_english("the comparison")
    # A status or number that changed: the arrow points from the older to the newer as the
    # line reads (right to left in Arabic).
    changes = "".join(page.locator(".diff-inline .unit-meta, .diff-inline .unit-number")
                      .all_inner_texts())
    assert ("←" if code == "ar" else "→") in changes
    assert ("→" if code == "ar" else "←") not in changes
    axe(page, f"the comparison in {code}")
    if code == "ar":
        mirrored(page)
        close_notices(page)
        # Each paragraph's number at the right of its text.
        assert lefts(page, ".diff-inline .unit .unit-number", ".diff-inline .unit .unit-body")
        page.evaluate("() => window.scrollTo(0, 0)")  # the mirrored navigation in view
        screenshot(page, "118-compare-ar")
    go(page, f"#/p/1/compare/1?from={first}&to={last}&mode=side", "table.side-by-side")
    no_english("the side-by-side comparison")
    if code == "ar":  # the older revision's column is at the right, as its caption says
        assert lefts(page, "table.side-by-side thead th:nth-child(2)",
                     "table.side-by-side thead th:nth-child(3)")
        assert "يميناً" in page.inner_text("table.side-by-side caption")
    axe(page, f"the side-by-side comparison in {code}")
    assert walk.left == {}, f"English on screen in {code}: {walk.left}"
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_check_finds_english(walker: Callable[[str], Page]) -> None:
    """The check can fail: an English message put on the Chinese text page is found."""
    page = walker("zh")
    go(page, "#/p/1", "#home-title")
    english = page.evaluate("""async () => {
        const { messagesFor } = await import('/client/i18n/index.js');
        const p = document.createElement('p');
        p.textContent = messagesFor('en')['reading.text.selectHint'];
        document.getElementById('view').append(p);
        return p.textContent;
    }""")
    left = page.evaluate(ENGLISH_LEFT, {"lang": "zh", "names": []})
    assert any("reading.text.selectHint" in said for said in left), (english, left)
