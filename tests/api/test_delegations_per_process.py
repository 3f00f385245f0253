"""Issue 11, item 6, tried as the attacker would: delegations, groups and their members belong
to one process. A co-facilitator of another process cannot reach this process's African Group,
a delegation of the same code elsewhere is another delegation, and only this process's
co-facilitators (or an administrator) decide which delegations take part and who a group's
members are. Each test fails on the code where delegations were shared by every process."""

from __future__ import annotations

from typing import Any

from tests.support.driver import As, Driver, assert_error
from tests.support.worlds import World, open_process, snapshot


def _by_code(who: As, world: World) -> dict[str, dict[str, Any]]:
    return {d["code"]: d for d in who.ok("GET", f"{world.p}/delegations")}


def test_a_co_facilitator_of_another_process_cannot_add_a_member_to_this_african_group(
        world: World, api: Driver) -> None:
    """The co-facilitator of "Open talks" registers an African Group of their own with Mexico
    in it: that is their process's group; the Compact's African Group keeps Nigeria and Egypt
    and hears nothing of it."""
    other = open_process(api, slug="other-talks")
    before = snapshot(world)
    theirs = other["cofac"].ok("POST", f"{other.p}/delegations", {
        "code": "AFRICAN_GROUP", "name": "African Group", "kind": "group",
        "members": ["MEX"]}, status=201)
    assert theirs["members"] == ["MEX"]
    ours = _by_code(world["cofac"], world)["AFRICAN_GROUP"]
    assert ours["members"] == ["EGY", "NGA"]
    assert theirs["id"] != ours["id"]
    assert snapshot(world) == before


def test_another_process_s_group_and_delegations_are_out_of_reach_by_id(
        world: World, api: Driver) -> None:
    """By id: the other co-facilitator adding Mexico (theirs) to the Compact's African Group,
    through their process or through the Compact, changes nothing; nor does the Compact's
    co-facilitator adding the other process's Mexico to the Compact's group."""
    other = open_process(api, slug="other-talks")
    group = _by_code(world["cofac"], world)["AFRICAN_GROUP"]["id"]
    their_mex = _by_code(other["cofac"], other)["MEX"]["id"]
    our_mex = _by_code(world["cofac"], world)["MEX"]["id"]
    before = snapshot(world)
    assert_error(other["cofac"].post(f"{other.p}/delegations/{group}/members",
                                     {"delegation_id": their_mex}), 404, "not_found")
    assert_error(other["cofac"].post(f"{world.p}/delegations/{group}/members",
                                     {"delegation_id": their_mex}), 404, "not_found")
    assert_error(world["cofac"].post(f"{world.p}/delegations/{group}/members",
                                     {"delegation_id": their_mex}), 422, "invalid",
                 details={"field": "delegation_id"})
    assert_error(other["cofac"].call("DELETE", f"{other.p}/delegations/{group}/members/"
                                               f"{our_mex}"), 404, "not_found")
    nigeria = _by_code(world["cofac"], world)["NGA"]["id"]
    assert_error(other["cofac"].call("DELETE", f"{world.p}/delegations/{group}/members/"
                                               f"{nigeria}"), 404, "not_found")
    assert snapshot(world) == before
    # The Compact's own co-facilitator changes its own group, and it is seen there only.
    joined = world["cofac"].ok("POST", f"{world.p}/delegations/{group}/members",
                               {"delegation_id": our_mex}, status=201)
    assert joined["members"] == ["EGY", "MEX", "NGA"]
    left = world["cofac"].ok("DELETE", f"{world.p}/delegations/{group}/members/{nigeria}")
    assert left["members"] == ["EGY", "MEX"]
    assert "AFRICAN_GROUP" not in _by_code(other["cofac"], other)
    sentences = [e["sentence"] for e in world["cofac"].ok("GET", f"{world.p}/log")][-2:]
    assert sentences == ["The co-facilitators changed the members of African Group."] * 2, \
        sentences


def test_the_same_code_in_two_processes_is_two_delegations(world: World, api: Driver) -> None:
    """Mexico in the Compact and Mexico in "Open talks" are two rows: each process lists its
    own, named as it registered it, and each process's delegates speak for its own."""
    other = open_process(api, slug="other-talks")
    ours, theirs = _by_code(world["mex"], world), _by_code(other["mex"], other)
    assert ours["MEX"]["id"] != theirs["MEX"]["id"]
    assert set(theirs) == {"MEX", "CHE"}
    assert set(ours) == {"MEX", "CHE", "NGA", "EGY", "AFRICAN_GROUP"}
    other["cofac"].ok("POST", f"{other.p}/delegations",
                      {"code": "NGA", "name": "Nigéria", "kind": "state"}, status=201)
    assert _by_code(world["cofac"], world)["NGA"]["name"] == "Nigeria"
    # A delegate of the Compact's Egypt cannot be invited in a process where Egypt is absent.
    assert_error(other["cofac"].post(f"{other.p}/participants", {
        "email": "egy2@accord.example", "name": "Egypt", "role": "delegate",
        "delegation": "EGY"}), 422, "invalid", details={"field": "delegation"})
    # Amendments name co-proponents of their own process only.
    assert_error(other["mex"].post(f"{other.p}/amendments", {
        "revision_id": other.revision_id, "unit": "p1", "kind": "change_words",
        "text": "Parties shall cooperate closely.", "submit": True,
        "co_proponents": ["EGY"]}), 422, "invalid")


def test_only_this_process_s_co_facilitators_and_administrators_manage_its_delegations(
        world: World, api: Driver) -> None:
    """The policy decides: the secretariat adds participants but not delegations; a
    co-facilitator of another process is an outsider here; an administrator without a role in
    the process may."""
    other = open_process(api, slug="other-talks")
    before = snapshot(world)
    body = {"code": "EU", "name": "European Union", "kind": "organisation"}
    assert_error(world["sec"].post(f"{world.p}/delegations", body), 403, "forbidden")
    assert_error(other["cofac"].post(f"{world.p}/delegations", body), 404, "not_found")
    assert_error(world["mex"].post(f"{world.p}/delegations", body), 403, "forbidden")
    assert snapshot(world) == before
    told = world["cofac"].ok("GET", world.p)["actions"]
    assert "delegations.manage" in told
    assert "delegations.manage" not in world["sec"].ok("GET", world.p)["actions"]
    eu = other["admin"].ok("POST", f"{world.p}/delegations", body, status=201)
    assert _by_code(world["cofac"], world)["EU"]["id"] == eu["id"]
