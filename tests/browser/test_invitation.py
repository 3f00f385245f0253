"""The invitation link in the browser: the invited person opens the link they were mailed,
chooses their own password, and arrives in the process, signed in."""

from __future__ import annotations

from typing import Any

from tests.support.browser import DemoServer, screenshot
from tests.support.mail import link_in, mailbox
from tests.support.negotiation import Client, login_token


def test_an_invited_person_chooses_their_own_password(browser: Any,
                                                      demo_server: DemoServer) -> None:
    api = demo_server.server.api
    cofac = Client(api, login_token(api, "cofac.ferrer@accord.example", demo_server.password))
    try:
        process_id = cofac.call("GET", "/processes")[0]["id"]
        since = mailbox().mark()
        cofac.call("POST", f"/processes/{process_id}/participants", {
            "email": "newcomer@accord.example", "name": "Newcomer", "role": "observer"},
            expect=201)
    finally:
        cofac.close()
    kind, token = link_in(mailbox().wait_for("newcomer@accord.example", since))
    assert kind == "invitation"
    context = browser.new_context(base_url=demo_server.base)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"/#/invitation/{token}")
        page.wait_for_selector("#invitation-title")
        assert "newcomer@accord.example" in page.inner_text("#view")
        page.get_by_label("Password", exact=True).fill("short")
        page.get_by_label("Password again").fill("short")
        page.get_by_role("button", name="Accept").click()
        page.wait_for_selector("#view p.error:has-text('at least 10')")
        screenshot(page, "23-invitation")
        page.get_by_label("Password", exact=True).fill("my very own 1")
        page.get_by_label("Password again").fill("my very own 1")
        page.get_by_role("button", name="Accept").click()
        page.wait_for_selector("#home-title")
        assert "Newcomer" in page.inner_text("#user")
        assert errors == []
    finally:
        context.close()
