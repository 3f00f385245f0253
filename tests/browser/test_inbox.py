"""The inbox in the browser (issue 13, item 4): a delegate sees the badge go up live when the
co-facilitator decides its amendment, opens the inbox and follows the link to the amendment."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page

from tests.support.browser import axe, go, screenshot

SignIn = Callable[..., Page]


def _count(page: Page) -> int:
    text = page.locator("#inbox-link .inbox-count").inner_text().strip()
    return int(text) if text.isdigit() else 0


def test_the_badge_goes_up_live_and_the_inbox_links_to_the_amendment(sign_in: SignIn) -> None:
    mexico = sign_in("focal.mex")
    go(mexico, "#/p/1", "#inbox-link")
    mexico.wait_for_timeout(500)
    before = _count(mexico)
    mexico.evaluate("""async () => {
        const json = (r) => r.json();
        const doc = await fetch('/api/v1/documents/1').then(json);
        const latest = doc.revisions.filter((r) => r.published_at).at(-1);
        const rev = await fetch(`/api/v1/documents/1/revisions/${latest.sequence}`).then(json);
        const unit = rev.units.find((u) => u.actions.includes('propose') && u.text);
        await fetch('/api/v1/processes/1/amendments', {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({revision_id: rev.id, unit: unit.key, kind: 'change_words',
                                  text: unit.text + ' Inbox clause.', submit: true})});
    }""")
    chair = sign_in("cofac.ferrer")
    decided = chair.evaluate("""async () => {
        const json = (r) => r.json();
        const list = await fetch('/api/v1/processes/1/amendments?delegation=MEX&state=submitted')
            .then(json);
        const a = list.filter((x) => x.state === 'submitted').at(-1);
        const r = await fetch(`/api/v1/amendments/${a.id}/decision`, {method: 'POST',
            headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({base_version: a.version, decision: 'reflected'})});
        return {status: r.status, id: a.id};
    }""")
    assert decided["status"] == 200, decided
    mexico.wait_for_function(f"""() => {{
        const t = document.querySelector('#inbox-link .inbox-count').textContent;
        return (parseInt(t, 10) || 0) > {before};
    }}""", timeout=10000)
    mexico.click("#inbox-link")
    mexico.wait_for_selector(".inbox-item")
    item = mexico.locator(f".inbox-item:has(a[href*='amendment={decided['id']}'])").first
    assert "as reflected" in item.inner_text()
    axe(mexico, "the inbox")
    screenshot(mexico, "46-inbox")
    item.locator("a.inbox-sentence").click()
    mexico.wait_for_selector(f"article.amendment[data-id='{decided['id']}']")
    assert mexico.errors == []  # type: ignore[attr-defined]
