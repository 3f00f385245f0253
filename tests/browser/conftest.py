"""Browser tests: Playwright for Python driving Debian's chromium against a real server.

They skip, with the reason, when chromium, the playwright package or the client's vendored
files are missing, unless ACCORD_REQUIRE_SERVICES=1 (then they fail).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.browser import ARGS, CHROMIUM, DemoServer, Page, need_browser
from tests.support.servers import ServerProcess, accord, free_port, server_env


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    need_browser()
    work = tmp_path_factory.mktemp("browser")
    instance = work / "instance"
    env = server_env(f"sqlite:///{work / 'accord.sqlite3'}", instance, free_port())
    env["ACCORD_LOGIN_RATE"] = "1000/minute"
    accord(env, "db", "upgrade")
    accord(env, "demo")
    password = (instance / "demo-password").read_text().strip()
    server = ServerProcess(env, work / "server.log")
    server.start(60)
    try:
        yield DemoServer(server, password)
    finally:
        server.kill()


@pytest.fixture(scope="session")
def browser(demo_server: DemoServer) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def sign_in(browser: Any, demo_server: DemoServer) -> Iterator[Callable[..., Page]]:
    """sign_in("focal.mex") -> a page of a fresh browser context, signed in."""
    contexts: list[Any] = []

    def open_page(user: str, *, width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      base_url=demo_server.base)
        contexts.append(context)
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"),
                                          dialog.dismiss()))
        page.goto("/")
        page.fill("#email", f"{user}@accord.example")
        page.fill("#password", demo_server.password)
        page.click("#signin-form button[type=submit]")
        page.wait_for_selector("#process-list")
        return page

    yield open_page
    for context in contexts:
        context.close()
