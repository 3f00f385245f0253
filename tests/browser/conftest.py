"""Browser tests: Playwright for Python driving Debian's chromium against a real server.

They skip, with the reason, when chromium, the playwright package or the client's vendored
files are missing, unless ACCORD_REQUIRE_SERVICES=1 (then they fail).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.common import ROOT, ServerProcess, accord, free_port, server_env
from tests.services import REQUIRED

CHROMIUM = next((p for p in (os.environ.get("ACCORD_CHROMIUM"), "/usr/bin/chromium",
                             "/usr/lib/chromium/chromium", shutil.which("chromium"))
                 if p and Path(p).exists()), None)
VENDOR = ROOT / "client" / "vendor"
SCREENSHOTS = ROOT / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    if CHROMIUM is None:
        return "chromium is not installed (apt-get install -y chromium fonts-noto-cjk)"
    for name in ("socket.io.min.js", "axe.min.js"):
        if not (VENDOR / name).exists():
            return f"client/vendor/{name} is missing (run: npm ci --prefix client)"
    return None


def need_browser() -> None:
    reason = _missing()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"{reason}, and ACCORD_REQUIRE_SERVICES=1 requires it")
    pytest.skip(f"{reason} (set ACCORD_REQUIRE_SERVICES=1 to make this a failure)")


class DemoServer:
    def __init__(self, server: ServerProcess, password: str) -> None:
        self.server = server
        self.password = password

    @property
    def base(self) -> str:
        return self.server.base


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


Page = Any


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


def axe(page: Page, label: str) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/client/vendor/axe.min.js")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert result == [], f"axe-core on {label}: {result}"


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Every run takes the screenshots; ACCORD_SCREENSHOTS=1 writes them into
    docs/screenshots (so an ordinary test run leaves the checkout clean)."""
    folder = SCREENSHOTS if os.environ.get("ACCORD_SCREENSHOTS") == "1" else \
        Path(tempfile.gettempdir()) / "accord-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def go(page: Page, hash_: str, ready: str) -> None:
    """Navigate inside the single-page client and wait for ``ready``."""
    page.evaluate("h => { location.hash = h; }", hash_)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
