"""Issue 13, item 2, tried as an administrator without a role in the process would: the
process says they administer it (not an empty role), and its people and delegations open
for them with what they may do to each, decided by the policy. Each failed before: the
participants and delegations answered "No process 1" and the process listed no action."""

from __future__ import annotations

from tests.support.driver import Driver, assert_error
from tests.support.worlds import World


def test_an_administrator_without_a_role_is_told_they_administer_the_process(
        world: World) -> None:
    listed = {p["id"]: p for p in world["admin"].ok("GET", "/processes")}[world.process_id]
    assert listed["your_role"] is None and listed["administrator"] is True
    assert {"participants.manage", "delegations.manage", "participants.view"} <= set(
        listed["actions"])
    assert "amendment.decide" not in listed["actions"]


def test_an_administrator_without_a_role_opens_the_people_and_delegations(world: World) -> None:
    people = world["admin"].ok("GET", f"{world.p}/participants")
    cofac = next(x for x in people if x["email"] == "cofac@accord.example")
    assert "remove" in cofac["actions"] and "change_role" in cofac["actions"]
    codes = {d["code"] for d in world["admin"].ok("GET", f"{world.p}/delegations")}
    assert "MEX" in codes


def test_a_focal_point_is_offered_controls_over_its_own_delegates_only(world: World) -> None:
    me = world["mex"].ok("GET", f"{world.p}")
    assert me["your_focal_point"] is True and me["administrator"] is False
    people = world["mex"].ok("GET", f"{world.p}/participants")
    che = next(x for x in people if x["delegation"] == "CHE")
    assert che["actions"] == []


def test_an_outsider_still_learns_nothing(world: World, api: Driver) -> None:
    assert_error(world["outsider"].call("GET", f"{world.p}/participants"), 404, "not_found")
