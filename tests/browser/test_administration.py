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


def test_the_amendments_screen_opens_the_amendment_of_its_address(
        sign_in: Callable[..., Page]) -> None:
    """#/p/1/amendments?amendment=N (the inbox's links) scrolls to that amendment and marks it;
    one the list's filters leave out (another delegation's, on "our amendments") is fetched
    and shown above the list."""
    page = sign_in("focal.mex")
    listed = page.evaluate("() => fetch('/api/v1/processes/1/amendments?limit=500')"
                           ".then(r => r.json())")
    other = next(a for a in listed if a["delegation"] != "MEX" and a["state"] == "submitted")
    own = next(a for a in listed if a["delegation"] == "MEX")
    go(page, f"#/p/1/amendments?amendment={other['id']}", "#followed-title")
    card = page.locator(f".followed-amendment article.amendment[data-id='{other['id']}']")
    assert card.get_attribute("aria-current") == "true"
    assert page.evaluate("() => document.activeElement.dataset.id") == str(other["id"])
    go(page, f"#/p/1/amendments?delegation=MEX&amendment={own['id']}",
       f"article.amendment.targeted[data-id='{own['id']}']")
    assert page.locator(".followed-amendment").count() == 0
    assert page.locator(f"article.amendment[data-id='{own['id']}']").is_visible()
    axe(page, "an amendment followed from its address")
    assert page.errors == []  # type: ignore[attr-defined]


def test_removing_a_person_or_a_delegation_asks_first_and_cancel_changes_nothing(
        sign_in: Callable[..., Page]) -> None:
    page = sign_in("cofac.ferrer")
    go(page, "#/p/1/people", "#people-title")
    before = page.evaluate("() => fetch('/api/v1/processes/1/participants')"
                           ".then(r => r.json()).then(xs => xs.length)")
    page.locator("table.people tbody tr").filter(has=page.get_by_role(
        "button", name="Remove")).first.get_by_role("button", name="Remove").click()
    panel = page.locator("section.confirm")
    panel.wait_for()
    assert "Remove" in panel.inner_text() and "from the process?" in panel.inner_text()
    axe(page, "confirming a removal")
    panel.get_by_role("button", name="Cancel").click()
    assert page.locator("section.confirm").count() == 0
    after = page.evaluate("() => fetch('/api/v1/processes/1/participants')"
                          ".then(r => r.json()).then(xs => xs.length)")
    assert after == before
    go(page, "#/p/1/delegations", "#delegations-title")
    # The demo's delegations all acted or have people: none can be removed, all renamed.
    assert page.get_by_role("button", name="Remove: Mexico").count() == 0
    assert page.get_by_role("button", name="Rename: Mexico").count() == 1
    assert page.errors == []  # type: ignore[attr-defined]


def test_a_focal_point_sees_only_the_invitations_to_its_own_delegation(
        sign_in: Callable[..., Page]) -> None:
    page = sign_in("focal.mex")
    go(page, "#/p/1/people", "#people-title")
    form = page.locator("form.invite")
    form.get_by_label("E-mail").fill("adviser@mexico.example")
    form.get_by_label("Name", exact=True).fill("An adviser")
    form.get_by_role("button", name="Send the invitation").click()
    page.wait_for_selector("table.invitations tr:has-text('adviser@mexico.example')")
    rows = page.locator("table.invitations tbody tr").all_inner_texts()
    assert all("MEX" in row for row in rows), rows
    page.get_by_role("button", name="Revoke: adviser@mexico.example").click()
    page.locator("section.confirm").get_by_role("button", name="Revoke").click()
    page.wait_for_selector("table.invitations tr:has-text('adviser@mexico.example')",
                           state="detached")
    assert page.errors == []  # type: ignore[attr-defined]
