"""Administration on the page (issue 13, item 2), as each role would try it in chromium: the
administrator, who has no role in the demo process, sees "Administrator", opens the process
and invites a co-facilitator from the People screen; a focal point is offered to invite its
own delegates only and no control over other delegations."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.browser import DemoServer, Page, axe, go, screenshot
from tests.support.mail import link_in, mailbox


def test_an_administrator_without_a_role_opens_the_process_and_invites_a_co_facilitator(
        sign_in: Callable[..., Page], demo_server: DemoServer) -> None:
    page = sign_in("admin")
    assert "Your role: Administrator" in page.inner_text("#process-list")
    page.click("#process-list a")
    page.wait_for_selector("#home-title")
    assert "No process" not in page.inner_text("#view")
    go(page, f"#/p/{page.url.split('/p/')[1].split('/')[0]}/people", "#people-title")
    since = mailbox().mark()
    page.get_by_label("E-mail").fill("new.cofac@accord.example")
    page.get_by_label("Name", exact=True).fill("New Co-facilitator")
    page.get_by_label("Role", exact=True).select_option("co_facilitator")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_selector("tr.invited:has-text('new.cofac@accord.example')")
    assert "invited" in page.inner_text("tr.invited")
    kind, _ = link_in(mailbox().wait_for("new.cofac@accord.example", since))
    assert kind == "invitation"
    axe(page, "people (administrator)")
    screenshot(page, "44-people", full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_focal_point_invites_its_own_delegates_and_controls_no_other_delegation(
        sign_in: Callable[..., Page]) -> None:
    page = sign_in("focal.mex")
    page.click("#process-list a")
    page.wait_for_selector("#home-title")
    page.click("nav.process-nav a:has-text('People')")
    page.wait_for_selector("#people-title")
    roles = page.locator("form.invite select[name=role] option").all_inner_texts()
    assert roles == ["Delegate"]
    for row in page.locator("table.people tbody tr").all():
        if "MEX" not in row.inner_text():
            assert row.locator("button, form").count() == 0
    axe(page, "people (focal point)")
    screenshot(page, "45-people-focal-point", full_page=True)
    assert page.errors == []  # type: ignore[attr-defined]
