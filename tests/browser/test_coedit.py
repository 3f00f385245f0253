"""Live co-editing in real browsers: two pen-holders typing into one paragraph at the same
moment keep both texts; a cut connection while typing loses nothing; the room screen follows
the paragraph under discussion and the pen-holder's typing (axe-core clean, screenshot)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.browser import DemoServer, axe, go, screenshot

pytestmark = pytest.mark.slow

Page = Any
SignIn = Callable[..., Page]
WORKING = "#/p/1/working/1"


def open_working_copy(page: Page) -> None:
    go(page, WORKING, ".wc-unit textarea[data-coedit='live']")
    page.wait_for_function(
        "() => [...document.querySelectorAll('textarea[data-coedit]')].every(t => !t.readOnly)")


def box(page: Page, key: str) -> Any:
    return page.locator(f"form.wc-unit[data-key='{key}'] textarea")


def server_text(page: Page, key: str) -> str:
    copy = page.evaluate("async () => (await fetch('/api/v1/documents/1/working-copy')).json()")
    return str(next(u["text"] for u in copy["units"] if u["key"] == key))


def wait_server_text(page: Page, key: str, ending: str, timeout: float = 30) -> str:
    """Until the stored text of ``key`` ends with ``ending`` (asked over HTTP from the page);
    the last text seen. The server may be down meanwhile: asking again then."""
    deadline = time.monotonic() + timeout
    found = ""
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            found = server_text(page, key)
            if found.endswith(ending):
                return found
        page.wait_for_timeout(300)
    return found


def a_paragraph(page: Page) -> str:
    key: str = page.locator("form.wc-unit:has(textarea)").nth(3).get_attribute("data-key")
    return key


def test_two_pen_holders_type_into_one_paragraph_at_once(sign_in: SignIn) -> None:
    cofac, sec = sign_in("cofac.ferrer"), sign_in("secretariat")
    open_working_copy(cofac)
    open_working_copy(sec)
    key = a_paragraph(cofac)
    original = box(cofac, key).input_value()
    box(cofac, key).click()
    cofac.keyboard.press("Control+Home")
    box(sec, key).click()
    sec.keyboard.press("Control+End")
    mine, theirs = "[Option A] ", " [Option B]"
    for a, b in zip(mine, theirs, strict=True):  # keystrokes interleaved, none awaited
        cofac.keyboard.type(a)
        sec.keyboard.type(b)
    expected = mine + original + theirs
    for page in (cofac, sec):
        page.wait_for_function(
            "([k, t]) => document.querySelector(`form[data-key='${k}'] textarea`).value === t",
            arg=[key, expected], timeout=15_000)
    assert server_text(cofac, key) == expected
    # Who edits which paragraph is shown to the other pen-holder.
    sec.locator(f"form.wc-unit[data-key='{key}'] .editing", has_text="Editing now").wait_for()
    sec.locator(f"form.wc-unit[data-key='{key}']").scroll_into_view_if_needed()
    screenshot(sec, "24-co-editing")
    assert cofac.errors == [] and sec.errors == []


def test_typing_through_a_cut_connection_loses_nothing(sign_in: SignIn,
                                                       demo_server: DemoServer) -> None:
    page = sign_in("secretariat")
    open_working_copy(page)
    key = a_paragraph(page)
    field = box(page, key)
    field.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" before the cut")
    assert wait_server_text(page, key, " before the cut").endswith(" before the cut")
    server = demo_server.server
    server.stop()
    page.wait_for_selector("#connection", state="visible", timeout=15_000)
    page.keyboard.type(" typed while offline")
    server.start(60)
    # Once reconnected, the page syncs the paragraph: what was typed offline is stored.
    ending = " before the cut typed while offline"
    assert wait_server_text(page, key, ending).endswith(ending)
    assert field.input_value().endswith(ending)


def test_the_room_screen_follows_the_paragraph_under_discussion_and_the_typing(
        sign_in: SignIn) -> None:
    cofac = sign_in("cofac.ferrer")
    open_working_copy(cofac)
    key = a_paragraph(cofac)
    cofac.evaluate("k => fetch('/api/v1/documents/1/room/discussion', {method: 'PUT', "
                   "headers: {'Content-Type': 'application/json'}, "
                   "body: JSON.stringify({unit: k})})", key)
    cofac.evaluate("() => fetch('/api/v1/documents/1/room/sharing', {method: 'PUT', "
                   "headers: {'Content-Type': 'application/json'}, "
                   "body: JSON.stringify({shared: true})})")
    delegate = sign_in("focal.mex", width=1600, height=900)
    go(delegate, "#/p/1/room/1", f".room-unit.discussed[data-key='{key}']")
    assert delegate.locator(".room-source").inner_text() == "Working copy, live"
    open_working_copy(cofac)
    box(cofac, key).click()
    cofac.keyboard.press("Control+End")
    cofac.keyboard.type(" [regional][and subregional]")
    discussed = delegate.locator(f".room-unit.discussed[data-key='{key}']")
    discussed.locator(".bracket.alternative", has_text="[and subregional]").wait_for(
        timeout=15_000)
    # The projector shows exactly the working copy's text, as stored.
    delegate.wait_for_function(
        "([k, t]) => document.querySelector(`.room-unit[data-key='${k}'] .room-text`)"
        ".textContent === t", arg=[key, server_text(cofac, key)], timeout=15_000)
    axe(delegate, "room screen")
    screenshot(delegate, "22-room-screen")
    cofac.evaluate("() => fetch('/api/v1/documents/1/room/sharing', {method: 'PUT', "
                   "headers: {'Content-Type': 'application/json'}, "
                   "body: JSON.stringify({shared: false})})")
    delegate.locator(".room-source", has_text="Working copy").wait_for(state="detached",
                                                                      timeout=15_000)
    # A published revision on the projector, still following the paragraph under discussion.
    go(delegate, "#/p/1/room/1?revision=0", f".room-unit.discussed[data-key='{key}']")
    assert delegate.locator(".room-source").inner_text() != "Working copy, live"
    assert cofac.errors == [] and delegate.errors == []


def test_what_is_typed_offline_survives_closing_the_page(sign_in: SignIn,
                                                         demo_server: DemoServer) -> None:
    page = sign_in("secretariat")
    open_working_copy(page)
    key = a_paragraph(page)
    box(page, key).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" kept")
    assert wait_server_text(page, key, " kept").endswith(" kept")
    server = demo_server.server
    server.stop()
    page.wait_for_selector("#connection", state="visible", timeout=15_000)
    page.keyboard.type(" and typed before closing the page")
    context = page.context
    page.close()  # offline: nothing of it reached the server
    server.start(60)
    again = context.new_page()
    again.goto("/")
    again.wait_for_selector("#process-list")
    open_working_copy(again)  # the kept paragraph is synced: the server receives it
    ending = " kept and typed before closing the page"
    assert wait_server_text(again, key, ending).endswith(ending)
    assert box(again, key).input_value().endswith(ending)
