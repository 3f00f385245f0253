"""The screen "Delegations and groups" lists this process's delegations and groups only, and
adding a member to a group offers this process's delegations only: another process's
delegations of the same codes never appear, nor does its group."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.browser import DemoServer, Page, axe, go, screenshot
from tests.support.negotiation import Client, login_token

SignIn = Callable[..., Page]
COFAC = "cofac.ferrer@accord.example"


def test_a_process_s_delegations_and_groups_are_its_own(sign_in: SignIn,
                                                        demo_server: DemoServer) -> None:
    api = demo_server.server.api
    admin = Client(api, login_token(api, "admin@accord.example", demo_server.password))
    cofac = Client(api, login_token(api, COFAC, demo_server.password))
    try:
        pid = cofac.call("GET", "/processes")[0]["id"]
        other = admin.call("POST", "/processes", {"slug": "other-talks-browser",
                                                  "title": "Other talks"})["id"]
        # Another process registers delegations with the demo's codes, and a group of them.
        admin.call("POST", f"/processes/{other}/delegations",
                   {"code": "MEX", "name": "Mexique (other talks)", "kind": "state"})
        admin.call("POST", f"/processes/{other}/delegations",
                   {"code": "OTHER_GROUP", "name": "Other talks' group", "kind": "group",
                    "members": ["MEX"]})
        friends = cofac.call("POST", f"/processes/{pid}/delegations",
                             {"code": "FRIENDS_BROWSER", "name": "Friends of the Compact",
                              "kind": "group"})
        ours = cofac.call("GET", f"/processes/{pid}/delegations")
    finally:
        admin.close()
    page = sign_in("cofac.ferrer")
    try:
        go(page, f"#/p/{pid}/delegations", "#delegations-title")
        shown = page.inner_text("#view")
        for name in ("Mexico", "Friends of the Compact", "African Group"):
            assert name in shown, name
        for name in ("Mexique", "Other talks' group"):
            assert name not in shown, name
        # Every group's list of choices names the others: find the card by its heading.
        card = page.locator("article.group", has=page.get_by_role(
            "heading", name="Friends of the Compact", exact=True))
        offered = card.locator("select[name=member] option").all_inner_texts()
        assert sorted(offered) == sorted(d["name"] for d in ours if d["id"] != friends["id"])
        axe(page, "delegations and groups")
        card.get_by_label("Delegation").select_option(label="Mexico")
        card.get_by_role("button", name="Add to the group").click()
        card.locator("ul.members li", has_text="Mexico").wait_for()
        screenshot(page, "26-delegations-and-groups")
        listed = {d["code"]: d for d in cofac.call("GET", f"/processes/{pid}/delegations")}
        assert listed["FRIENDS_BROWSER"]["members"] == ["MEX"]
        page.get_by_role("button", name="Take out Mexico from Friends of the Compact").click()
        card.locator("p.hint", has_text="No member delegations yet").wait_for()
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        cofac.close()
    # An observer reads the same lists and is offered nothing to change.
    watcher = sign_in("observer.iom")
    go(watcher, f"#/p/{pid}/delegations", "#delegations-title")
    assert "Friends of the Compact" in watcher.inner_text("#view")
    assert watcher.locator("form.add-member").count() == 0
    assert watcher.locator("ul.members button").count() == 0
    assert watcher.errors == []  # type: ignore[attr-defined]
