"""Silence and irreversible acts, each role its screens, devices and charts in the browser
(issue 13, items 5-8): who broke silence and when, in the process's zone, named; breaking
silence, withdrawing and moving the phase ask first; a refused phase move keeps the choice and
the retry goes through; observers are offered only what they may use; the co-facilitators'
list puts pending decisions first with no decision chosen; the paragraph panel is a drawer on
a tablet with a way back; nothing scrolls sideways on a phone; the line chart is strokes, with
a table behind every chart."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]
TEXT = "#/p/1/text/1/2"  # Rev.2 of the demo's compact
ZONED = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+( \d{4})?, " \
    r"\d\d:\d\d New York time"


def _api(page: Page, method: str, path: str, body: Any = None) -> Any:
    return page.evaluate("""async ([method, path, body]) => {
        const r = await fetch('/api/v1' + path, {method,
            headers: {'Content-Type': 'application/json'},
            body: body === null ? undefined : JSON.stringify(body)});
        return {status: r.status, body: await r.json().catch(() => null)};
    }""", [method, path, body])


def _no_silence_running(sign_in: SignIn) -> None:
    """Earlier tests may leave the demo under silence (no phase move is offered then)."""
    mexico = sign_in("focal.mex")
    for procedure in _api(mexico, "GET", "/processes/1/silence")["body"]:
        if procedure["state"] == "running":
            done = _api(mexico, "POST", f"/silence/{procedure['id']}/break",
                        {"reason": "Reopened for the next test."})
            assert done["status"] == 200, done


def _scroll_width(page: Page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


def test_a_refused_phase_move_keeps_the_choice_and_the_retry_goes_through(
        sign_in: SignIn) -> None:
    _no_silence_running(sign_in)
    page = sign_in("cofac.ferrer")
    go(page, "#/p/1/manage", "form.phase-move select[name=phase]")
    start = _api(page, "GET", "/processes/1")["body"]["phase"]
    assert start == "negotiation"
    refusals: list[str] = []

    def refuse_once(route: Any) -> None:
        if not refusals:
            refusals.append(route.request.url)
            route.fulfill(status=409, content_type="application/json", body=(
                '{"error": {"code": "conflict", "message": "Another co-facilitator is moving '
                'the phase; try again.", "details": {}}}'))
        else:
            route.continue_()

    page.route("**/api/v1/processes/1/phase", refuse_once)
    form = page.locator("form.phase-move")
    form.locator("select[name=phase]").select_option("stocktaking")
    form.locator("input[name=reason]").fill("Consult again on cluster 3.")
    form.get_by_role("button", name="Move phase").click()
    # It asks first; cancelling sends nothing.
    confirm = form.locator(".confirm")
    assert "Stocktaking" in confirm.inner_text()
    axe(page, "confirming a phase move")
    confirm.get_by_role("button", name="Cancel").click()
    assert refusals == []
    form.get_by_role("button", name="Move phase").click()
    form.locator(".confirm").get_by_role("button", name="Move phase").click()
    page.wait_for_selector("form.phase-move .error:has-text('Another co-facilitator')")
    # The choice and the reason are kept; the retry is not refused.
    form = page.locator("form.phase-move")
    assert form.locator("select[name=phase]").input_value() == "stocktaking"
    assert form.locator("input[name=reason]").input_value() == "Consult again on cluster 3."
    form.get_by_role("button", name="Move phase").click()
    form.locator(".confirm").get_by_role("button", name="Move phase").click()
    page.wait_for_selector("form.phase-move:has-text('Now: Stocktaking')")
    assert len(refusals) == 1
    back = _api(page, "POST", "/processes/1/phase",
                {"phase": "negotiation", "expected_phase": "stocktaking"})
    assert back["status"] == 200, back
    assert page.errors == []  # type: ignore[attr-defined]


def test_everyone_reads_who_broke_silence_and_when_in_new_york_time(sign_in: SignIn) -> None:
    _no_silence_running(sign_in)
    cofac = sign_in("cofac.ferrer")
    go(cofac, "#/p/1/manage", "#manage-title")
    assert cofac.locator("form.card:has-text('Silence procedure') label",
                         has_text="Deadline (New York time)").count() == 1
    cofac.get_by_role("button", name="Start silence procedure").click()
    cofac.wait_for_selector("text=running until")
    assert re.search(r"running until " + ZONED, cofac.inner_text("#view"))

    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", "form.inline-form textarea")
    assert re.search(r"until " + ZONED, mexico.inner_text(".silence"))
    mexico.fill("form.inline-form textarea", "Mexico cannot join consensus on OP2.")
    mexico.get_by_role("button", name="Break silence").click()
    confirm = mexico.locator(".confirm")
    assert "cannot be undone" in confirm.inner_text()
    axe(mexico, "confirming breaking silence")
    confirm.get_by_role("button", name="Cancel").click()
    assert mexico.locator("form.inline-form textarea").input_value().startswith("Mexico cannot")
    assert _api(mexico, "GET", "/processes/1/silence")["body"][-1]["state"] == "running"
    mexico.get_by_role("button", name="Break silence").click()
    mexico.locator(".confirm").get_by_role("button", name="Break silence").click()
    mexico.wait_for_selector(".silence-breaks li")

    observer = sign_in("observer.iom")
    go(observer, "#/p/1", ".silence-breaks li")
    said = observer.locator(".silence-breaks li").last.inner_text()
    assert re.match(r"Mexico broke silence on " + ZONED + r"\.", said), said
    assert "Mexico cannot join consensus on OP2." in said
    axe(observer, "silence broken, on the process home")
    screenshot(observer, "31-silence-who-broke-it")
    assert mexico.errors == [] and observer.errors == []  # type: ignore[attr-defined]


def test_an_observer_is_offered_only_the_screens_it_may_use(sign_in: SignIn) -> None:
    observer = sign_in("observer.iom")
    go(observer, "#/p/1", ".process-nav")
    actions = _api(observer, "GET", "/processes/1")["body"]["actions"]
    links = observer.locator(".process-nav ul a").all_inner_texts()
    assert ("Amendments" in links) == ("amendment.view" in actions), (links, actions)
    assert "Phases & silence" not in links and "Working copy" not in links
    for link in links:
        observer.locator(".process-nav ul a", has_text=link).first.click()
        observer.wait_for_load_state("networkidle")
        body = observer.inner_text("#view")
        assert "nothing you may see" not in body.lower(), (link, body[:300])
        assert "not visible to you" not in body.lower(), (link, body[:300])
    go(observer, "#/p/1/dashboard", "#dash-title")
    if "amendment.view" not in actions:
        assert observer.locator("svg.bars").count() == 0
    go(observer, "#/p/1", ".process-nav")
    axe(observer, "the observer's process home")
    screenshot(observer, "32-observer-navigation")
    assert observer.errors == []  # type: ignore[attr-defined]


def test_the_co_facilitators_list_puts_pending_decisions_first_with_no_decision_chosen(
        sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer")
    go(page, "#/p/1/amendments", "section.state-group h3")
    assert page.locator("section.state-group h3").first.inner_text().startswith("Submitted")
    decide = page.locator("form.decide").first
    select = decide.locator("select")
    assert select.input_value() == ""
    assert select.locator("option").first.inner_text() == "Choose a decision"
    before = _api(page, "GET", "/processes/1/amendments?state=submitted&limit=500")["body"]
    decide.get_by_role("button", name="Decide").click()
    assert decide.evaluate("f => f.checkValidity()") is False  # the browser waits for a choice
    after = _api(page, "GET", "/processes/1/amendments?state=submitted&limit=500")["body"]
    assert len(after) == len(before)
    assert page.errors == []  # type: ignore[attr-defined]


def test_on_a_tablet_the_paragraph_panel_is_a_drawer_with_a_way_back(sign_in: SignIn) -> None:
    page = sign_in("focal.mex", width=768, height=1024)
    go(page, TEXT, ".unit .unit-select")
    assert page.locator("#unit-panel").is_hidden()  # nothing below the text to jump to
    row = page.locator(".unit").nth(12)
    row.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    row.locator(".unit-select").click()
    page.wait_for_selector("#unit-panel.open #panel-title")
    assert abs(page.evaluate("window.scrollY") - before) < 50  # no jump down the page
    box = page.locator("#unit-panel").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 768 + 1
    assert box["y"] <= 1 and box["height"] >= 1000  # a drawer over the text
    assert _scroll_width(page) <= 768
    axe(page, "the paragraph drawer on a tablet")
    screenshot(page, "33-tablet-paragraph-drawer")
    page.keyboard.press("Escape")
    page.wait_for_selector("#unit-panel", state="hidden")
    focused = page.evaluate("document.activeElement.closest('.unit')?.dataset.key")
    assert focused == row.get_attribute("data-key")  # focus back on the paragraph
    row.locator(".unit-select").click()
    page.get_by_role("button", name="Back to the text").click()
    page.wait_for_selector("#unit-panel", state="hidden")
    # On a wide screen it is a side sheet beside the text.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("#unit-panel").is_visible()
    assert page.locator(".panel-close").is_hidden()
    assert page.errors == []  # type: ignore[attr-defined]


def test_on_a_phone_nothing_scrolls_sideways_and_compare_stacks(sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer", width=390, height=844)
    screens = [("#/p/1", "#home-title"), (TEXT, ".unit"), ("#/p/1/amendments", "#amendments-title"),
               ("#/p/1/compare/1?from=1&to=2&mode=side&changed=1", "table.side-by-side"),
               ("#/p/1/compare/1?from=1&to=2&mode=inline&changed=1", ".diff-inline"),
               ("#/p/1/timeline", "ol.timeline li"), ("#/p/1/dashboard", "#dash-title"),
               ("#/p/1/manage", "#manage-title"), ("#/p/1/consultation", "#cons-title"),
               ("#/p/1/delegations", "#view h2"), ("#/p/1/search?q=migrants", "#view h2")]
    wide = {}
    for hash_, ready in screens:
        go(page, hash_, ready)
        if (width := _scroll_width(page)) > 390:
            wide[hash_] = width
    assert wide == {}, f"screens wider than the phone: {wide}"
    go(page, "#/p/1/compare/1?from=1&to=2&mode=side&changed=1", "table.side-by-side td")
    cells = page.locator("table.side-by-side tbody tr").first.locator("td")
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first and second and second["y"] > first["y"]  # stacked, not side by side
    assert first["width"] > 300
    assert page.locator("table.side-by-side td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content") != "none"
    axe(page, "compare side by side on a phone")
    screenshot(page, "34-phone-compare")
    go(page, TEXT, ".unit .unit-select")
    page.locator(".unit .unit-select").nth(3).click()
    page.wait_for_selector("#unit-panel.open #panel-title")
    assert _scroll_width(page) <= 390
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_line_chart_is_strokes_and_every_chart_has_its_table(sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer")
    go(page, "#/p/1/dashboard", "svg.lines path.series")
    fills = page.eval_on_selector_all("svg.lines .series",
                                      "xs => xs.map(x => getComputedStyle(x).fill)")
    assert fills and all(f == "none" for f in fills), fills
    charts = page.locator("figure.chart")
    assert charts.count() == page.locator("figure.chart details.chart-table table").count() >= 2
    page.locator("figure.chart details.chart-table summary").last.click()
    assert page.locator("figure.chart").last.locator("tbody tr").count() >= 3
    axe(page, "dashboard with its tables")
    assert page.errors == []  # type: ignore[attr-defined]
