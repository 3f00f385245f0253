"""Issue 13, item 2: the invitations not yet answered, listed for whoever could have sent
them, sent again with a new link (the old one stops working) or revoked (its link stops
working); a focal point sees and manages those to its own delegation only."""

from __future__ import annotations

from typing import Any

from tests.support.driver import Driver, assert_error
from tests.support.mail import link_in, mailbox
from tests.support.worlds import World, snapshot


def _invite(world: World, by: str, email: str, role: str, delegation: str | None = None
            ) -> tuple[dict[str, Any], str]:
    since = mailbox().mark()
    body = {"email": email, "name": email.split("@")[0], "role": role}
    if delegation:
        body["delegation"] = delegation
    made = world[by].ok("POST", f"{world.p}/participants", body, status=201)
    _, token = link_in(mailbox().wait_for(email, since))
    return made, token


def test_pending_invitations_are_listed_for_whoever_could_have_sent_them(world: World) -> None:
    staff, _ = _invite(world, "cofac", "new.sec@accord.example", "secretariat")
    own, _ = _invite(world, "mex", "new.mex@accord.example", "delegate", "MEX")
    listed = {i["email"]: i for i in world["cofac"].ok("GET", f"{world.p}/invitations")}
    assert {"new.sec@accord.example", "new.mex@accord.example"} <= set(listed)
    assert listed["new.sec@accord.example"]["actions"] == ["resend", "revoke"]
    assert listed["new.mex@accord.example"]["delegation"] == "MEX"
    mine = [i["email"] for i in world["mex"].ok("GET", f"{world.p}/invitations")]
    assert mine == ["new.mex@accord.example"]
    assert_error(world["che"].call("DELETE", f"{world.p}/invitations/{own['id']}"), 403,
                 "forbidden")
    assert_error(world["mex"].call("DELETE", f"{world.p}/invitations/{staff['id']}"), 403,
                 "forbidden")
    assert_error(world["obs"].call("GET", f"{world.p}/invitations"), 403, "forbidden")
    assert_error(world["outsider"].call("GET", f"{world.p}/invitations"), 404, "not_found")


def test_a_revoked_invitation_link_no_longer_works(world: World, api: Driver) -> None:
    made, token = _invite(world, "cofac", "revoked@accord.example", "observer")
    world["cofac"].ok("DELETE", f"{world.p}/invitations/{made['id']}", status=204)
    assert_error(api.anonymous.call("POST", "/invitations/inspect", {"token": token}), 404,
                 "not_found")
    assert "revoked@accord.example" not in [
        i["email"] for i in world["cofac"].ok("GET", f"{world.p}/invitations")]
    before = snapshot(world)
    assert_error(world["cofac"].call("DELETE", f"{world.p}/invitations/{made['id']}"), 404,
                 "not_found")
    assert snapshot(world) == before


def test_resending_mails_a_new_link_and_the_old_one_stops_working(world: World,
                                                                  api: Driver) -> None:
    made, old = _invite(world, "mex", "again@accord.example", "delegate", "MEX")
    since = mailbox().mark()
    again = world["mex"].ok("POST", f"{world.p}/invitations/{made['id']}/resend", status=201)
    assert again["id"] != made["id"] and again["delegation"] == "MEX"
    _, new = link_in(mailbox().wait_for("again@accord.example", since))
    assert new != old
    assert_error(api.anonymous.call("POST", "/invitations/inspect", {"token": old}), 404,
                 "not_found")
    assert api.anonymous.ok("POST", "/invitations/inspect", {"token": new})[
        "delegation"] == "MEX"
    listed = [i for i in world["cofac"].ok("GET", f"{world.p}/invitations")
              if i["email"] == "again@accord.example"]
    assert [i["id"] for i in listed] == [again["id"]]
