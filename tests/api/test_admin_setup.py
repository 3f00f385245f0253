"""Issue 13, item 2: setting a process up without the CLI. An administrator opens a process
from its title (the slug is made from it), in the phase asked for; the co-facilitators rename
and remove delegations (only while nothing was done in their name), add and rename thematic
clusters; a person changes their own name and signs out everywhere. Every refusal leaves
everything as it was."""

from __future__ import annotations

from tests.support.driver import Driver, assert_error
from tests.support.worlds import World, snapshot


def test_an_administrator_is_told_it_may_open_a_process_and_others_are_not(
        world: World) -> None:
    assert world["admin"].ok("GET", "/auth/me")["actions"] == ["process.open"]
    assert world["cofac"].ok("GET", "/auth/me")["actions"] == []


def test_a_process_opens_from_its_title_in_the_phase_and_zone_asked_for(world: World) -> None:
    made = world["admin"].ok("POST", "/processes", {
        "title": "Plastics Treaty: INC-3", "phase": "negotiation",
        "time_zone": "Africa/Nairobi"}, status=201)
    assert made["slug"] == "plastics-treaty-inc-3"
    assert made["phase"] == "negotiation" and made["time_zone"] == "Africa/Nairobi"
    again = world["admin"].ok("POST", "/processes", {"title": "Plastics treaty INC 3"},
                              status=201)
    assert again["slug"] == "plastics-treaty-inc-3-2" and again["phase"] == "consultation"
    assert_error(world["cofac"].call("POST", "/processes", {"title": "Mine"}), 403,
                 "forbidden")
    assert_error(world["admin"].call("POST", "/processes", {"title": "X", "phase": "later"}),
                 422, "invalid")


def test_delegations_are_renamed_and_removed_while_unused_as_the_actions_say(
        world: World) -> None:
    cofac = world["cofac"]
    made = cofac.ok("POST", f"{world.p}/delegations",
                    {"code": "PER", "name": "Peru", "kind": "state"}, status=201)
    listed = {d["code"]: d for d in cofac.ok("GET", f"{world.p}/delegations")}
    assert listed["PER"]["actions"] == ["rename", "remove"]
    assert "remove" not in listed["MEX"]["actions"]  # its delegates take part for it
    assert listed["AFRICAN_GROUP"]["actions"][-1] == "change_members"
    assert world["mex"].ok("GET", f"{world.p}/delegations")[0]["actions"] == []
    renamed = cofac.ok("PATCH", f"{world.p}/delegations/{made['id']}",
                       {"name": "Republic of Peru"})
    assert renamed["name"] == "Republic of Peru" and renamed["code"] == "PER"
    before = snapshot(world)
    mexico = listed["MEX"]["id"]
    assert_error(cofac.call("DELETE", f"{world.p}/delegations/{mexico}"), 422, "invalid")
    assert_error(world["mex"].call("DELETE", f"{world.p}/delegations/{made['id']}"), 403,
                 "forbidden")
    assert_error(cofac.call("PATCH", f"{world.p}/delegations/{mexico}",
                            {"name": "Nigeria"}), 409, "conflict")
    assert snapshot(world) == before
    sentences = [e.get("sentence") for e in cofac.get(f"{world.p}/log", limit=1000).body]
    assert any(s and s.endswith("renamed Republic of Peru.") for s in sentences), sentences
    cofac.ok("DELETE", f"{world.p}/delegations/{made['id']}", status=204)
    assert "PER" not in {d["code"] for d in cofac.ok("GET", f"{world.p}/delegations")}


def test_a_member_of_a_group_can_be_removed_with_its_membership(world: World) -> None:
    cofac = world["cofac"]
    made = cofac.ok("POST", f"{world.p}/delegations",
                    {"code": "GHA", "name": "Ghana", "kind": "state"}, status=201)
    group = next(d for d in cofac.ok("GET", f"{world.p}/delegations")
                 if d["code"] == "AFRICAN_GROUP")
    cofac.ok("POST", f"{world.p}/delegations/{group['id']}/members",
             {"delegation_id": made["id"]}, status=201)
    cofac.ok("DELETE", f"{world.p}/delegations/{made['id']}", status=204)
    group = next(d for d in cofac.ok("GET", f"{world.p}/delegations")
                 if d["code"] == "AFRICAN_GROUP")
    assert "GHA" not in group["members"]


def test_clusters_are_added_and_renamed_by_the_co_facilitators(world: World) -> None:
    cofac = world["cofac"]
    added = cofac.ok("POST", f"{world.p}/clusters", {"name": "Climate and migration"},
                     status=201)
    assert added == {"key": "climate_and_migration", "name": "Climate and migration"}
    renamed = cofac.ok("PATCH", f"{world.p}/clusters/rights", {"name": "Human rights"})
    assert renamed == {"key": "rights", "name": "Human rights"}
    clusters = cofac.ok("GET", world.p)["clusters"]
    assert [c["key"] for c in clusters] == ["rights", "drivers", "climate_and_migration"]
    before = snapshot(world)
    assert_error(cofac.call("POST", f"{world.p}/clusters", {"name": "Human rights"}), 409,
                 "conflict")
    assert_error(world["mex"].call("POST", f"{world.p}/clusters", {"name": "Mine"}), 403,
                 "forbidden")
    assert_error(cofac.call("PATCH", f"{world.p}/clusters/nope", {"name": "N"}), 422,
                 "invalid")
    assert snapshot(world) == before


def test_a_person_changes_their_own_name_and_signs_out_everywhere(world: World,
                                                                 api: Driver) -> None:
    me = world["obs"].ok("PATCH", "/auth/me", {"name": "Observer of the press"})
    assert me["user"]["name"] == "Observer of the press"
    assert_error(world["obs"].call("PATCH", "/auth/me", {"name": "  "}), 422, "invalid")
    assert_error(world["obs"].call("PATCH", "/auth/me", {"name": "X", "email": "a@b.c"}),
                 422, "invalid")
    done = world["obs"].ok("POST", "/auth/sign-out-everywhere")
    assert done["tokens_revoked"] >= 1
    assert world["obs"].call("GET", "/auth/me").status == 401


def test_renumbering_is_previewed_with_old_and_new_names_before_it_is_done(
        world: World) -> None:
    cofac = world["cofac"]
    copy = cofac.ok("GET", f"{world.d}/working-copy")
    inserted = cofac.ok("POST", f"{world.d}/working-copy/units", {
        "base_version": copy["version"], "after": "op1a",
        "unit": {"kind": "paragraph", "parent": "obj1", "number": "2 bis",
                 "text": "We commit to share data on return."}}, status=201)
    preview = cofac.ok("GET", f"{world.d}/working-copy/renumber/preview")
    assert preview["version"] == inserted["version"]
    changes = {c["before"]: c["after"] for c in preview["changes"]}
    assert changes == {"OP2 bis": "OP3", "OP3": "OP4"}, preview["changes"]
    assert cofac.ok("GET", f"{world.d}/working-copy")["version"] == inserted["version"]
    assert_error(world["mex"].call("GET", f"{world.d}/working-copy/renumber/preview"), 403,
                 "forbidden")
    done = cofac.ok("POST", f"{world.d}/working-copy/renumber",
                    {"base_version": preview["version"]})
    assert [u["number"] for u in done["units"] if u["kind"] == "paragraph"] == ["1", "2", "3",
                                                                                  "4"]
    assert cofac.ok("GET", f"{world.d}/working-copy/renumber/preview")["changes"] == []
