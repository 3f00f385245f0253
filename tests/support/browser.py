"""What the browser tests share: where chromium and the client's vendored files are (and the
skip, with the reason, when they are not), the demo server they sign in to, axe-core checks,
screenshots and navigation inside the single-page client."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from tests.support.data import ROOT
from tests.support.servers import ServerProcess
from tests.support.services import missing

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
    if reason is not None:
        missing(reason)


#: A Playwright page (the playwright package is imported only when the browser tests run).
Page = Any


class DemoServer:
    """A server with the demo negotiation (``accord demo``); every demo account's password."""

    def __init__(self, server: ServerProcess, password: str) -> None:
        self.server = server
        self.password = password

    @property
    def base(self) -> str:
        return self.server.base


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


def screenshot_folder() -> Path:
    """Every run takes the screenshots; ACCORD_SCREENSHOTS=1 writes them into
    docs/screenshots (so an ordinary test run leaves the checkout clean)."""
    folder = SCREENSHOTS if os.environ.get("ACCORD_SCREENSHOTS") == "1" else \
        Path(tempfile.gettempdir()) / "accord-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page: Page, name: str, *, full_page: bool = False) -> None:
    page.screenshot(path=str(screenshot_folder() / f"{name}.png"), full_page=full_page)


def go(page: Page, hash_: str, ready: str) -> None:
    """Navigate inside the single-page client and wait for ``ready``."""
    page.evaluate("h => { location.hash = h; }", hash_)
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")


CALL = """async ([method, path, body]) => {
    const r = await fetch('/api/v1' + path, {method, headers: {'Content-Type': 'application/json'},
                                             body: JSON.stringify(body)});
    return {status: r.status, body: await r.json()};
}"""


def api_call(page: Page, method: str, path: str, body: Any) -> Any:
    """An API request made by the page itself (its session cookie); it must succeed."""
    reply = page.evaluate(CALL, [method, path, body])
    assert reply["status"] in (200, 201), reply
    return reply["body"]


def bracket_words(b: dict[str, Any]) -> str:
    """What the page should say of a unit's bracket counts (hand-written from the server's)."""
    said = []
    for count, word in ((b["open"], "bracket"), (b["alternatives"], "alternative")):
        if count:
            said.append(f"{count} {word}{'' if count == 1 else 's'}")
    if b["unbalanced"]:
        said.append(f"{b['unbalanced']} unbalanced")
    if b["options"]:
        said.append(f"{b['options']} option{'' if b['options'] == 1 else 's'}")
    return ", ".join(said)
