"""Search and filters in the browser (issue 13, item 3): a delegate finds a word across the
revisions from the navigation's search box and follows a hit to the paragraph; an observer
does not find a delegation's draft amendment; the text filters by status, open brackets and
amendments, and each paragraph says how many amendments it carries."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]


def test_a_delegate_finds_a_word_across_revisions_and_opens_the_paragraph(
        sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", "#nav-search")
    mexico.fill("#nav-search", "smuggl*")
    mexico.press("#nav-search", "Enter")
    mexico.wait_for_selector("#search-results")
    paragraphs = mexico.locator(".search-group[data-kind=paragraph] .search-hit")
    titles = paragraphs.locator(".search-title").all_inner_texts()
    # The same words in several revisions, each named as that revision numbers it.
    revisions = {t.split(",")[0] for t in titles}
    assert len(revisions) >= 2, titles
    assert all(", " in t for t in titles), titles
    marks = paragraphs.first.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("smuggl") for m in marks), marks
    axe(mexico, "the search screen")
    screenshot(mexico, "29-search")
    first = paragraphs.filter(has_text="OP").first
    title = first.locator(".search-title").inner_text()
    first.locator(".search-title").click()
    mexico.wait_for_selector("#panel-title")
    # The paragraph is selected in its revision, its panel open.
    name = title.split(", ", 1)[1]
    assert mexico.locator("#panel-title").inner_text().lower() == name.lower()
    selected = mexico.locator(".unit.selected")
    assert selected.count() == 1
    assert selected.locator("mark").count() == 0  # the text itself is never re-marked
    assert selected.is_visible()
    assert mexico.errors == []  # type: ignore[attr-defined]


def test_an_observer_does_not_find_a_delegations_draft(sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    made = mexico.evaluate("""async () => {
        const json = (r) => r.json();
        const doc = await fetch('/api/v1/documents/1').then(json);
        const latest = doc.revisions.filter((r) => r.published_at).at(-1);
        const rev = await fetch(`/api/v1/documents/1/revisions/${latest.sequence}`).then(json);
        const unit = rev.units.find((u) => u.actions.includes('propose') && u.text);
        const made = await fetch('/api/v1/processes/1/amendments', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({revision_id: rev.id, unit: unit.key, kind: 'change_words',
                                  text: unit.text + ' Quetzalcoatlus clause.', submit: false})});
        return made.json();
    }""")
    assert made.get("state") == "draft", made
    go(mexico, "#/p/1/search?q=quetzalcoatlus", "#search-results")
    assert mexico.locator(".search-group[data-kind=amendment] .search-hit").count() == 1
    observer = sign_in("observer.iom")
    go(observer, "#/p/1/search?q=quetzalcoatlus", "#search-results")
    assert observer.locator("#search-summary").inner_text() == \
        "No result for “quetzalcoatlus” that you may see."
    assert observer.locator(".search-hit").count() == 0
    # Bad syntax is said in words, not a crash.
    go(observer, '#/p/1/search?q=%22unclosed', "#search-error")
    assert "quotation mark" in observer.locator("#search-error").inner_text()
    axe(observer, "a search with nothing to see")
    assert observer.errors == []  # type: ignore[attr-defined]


def test_the_text_filters_by_status_brackets_and_amendments(sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", "#nav-search")
    text_link = mexico.locator(".process-nav a", has_text="Text")
    text_link.click()
    mexico.wait_for_selector("#filter-status")
    rows = mexico.locator("#text .unit")
    total = rows.count()
    badges = mexico.locator("#text .unit .badge.amendments")
    carrying = badges.count()
    assert carrying > 0, "the demo's latest revision carries amendments"
    mexico.check("#filter-amended")
    shown = mexico.locator("#text .unit:not([hidden])")
    # Those that carry amendments, and the paragraphs whose sub-paragraphs do (their chapeau).
    assert carrying <= shown.count() < total
    assert mexico.locator("#text .unit:not([hidden]) .badge.amendments").count() == carrying
    for row in shown.all():
        # A row without a badge is kept as the chapeau of a sub-paragraph that has one.
        assert row.locator(".badge.amendments").count() or "sub" not in (
            row.get_attribute("class") or ""), row.get_attribute("data-key")
    assert mexico.locator("#filter-note").inner_text() == \
        f"{carrying} of {total} paragraphs match."
    screenshot(mexico, "30-text-filters")
    mexico.uncheck("#filter-amended")
    mexico.check("#filter-brackets")
    assert shown.count() < total
    for row in shown.all():
        assert row.locator(".badge.brackets").count() or "sub" not in (
            row.get_attribute("class") or "")
    assert mexico.locator("#text .unit[hidden] .badge.brackets").count() == 0
    mexico.uncheck("#filter-brackets")
    mexico.select_option("#filter-status", "agreed_ad_ref")
    assert 0 < shown.count() < total
    for row in shown.all():
        classes = row.get_attribute("class") or ""
        assert "status-agreed_ad_ref" in classes or "sub" not in classes, classes
    assert mexico.locator("#text .unit.status-agreed_ad_ref[hidden]").count() == 0
    axe(mexico, "the text, filtered")
    mexico.select_option("#filter-status", "")
    assert shown.count() == total
    assert mexico.errors == []  # type: ignore[attr-defined]


def test_the_working_copy_filters_too(sign_in: SignIn) -> None:
    cofac = sign_in("cofac.ferrer")
    go(cofac, "#/p/1/working/1", "#filter-status")
    rows = cofac.locator("form.wc-unit")
    total = rows.count()
    cofac.check("#filter-brackets")
    shown = cofac.locator("form.wc-unit:not([hidden])")
    assert 0 < shown.count() < total
    cofac.uncheck("#filter-brackets")
    cofac.check("#filter-amended")
    assert 0 < shown.count() < total
    assert "paragraphs match" in cofac.locator("#filter-note").inner_text()
    axe(cofac, "the working copy, filtered")
    cofac.uncheck("#filter-amended")
    assert shown.count() == total
    assert cofac.errors == []  # type: ignore[attr-defined]
