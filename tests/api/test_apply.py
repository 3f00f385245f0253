"""Applying amendments to the working copy: as proposed or with changes, several at once;
recorded, in the history, reflected by the next revision, and its words attributed to it."""

from __future__ import annotations

from typing import Any

from tests.support.driver import As, assert_error
from tests.support.worlds import World, snapshot

OP1 = "We commit to cooperate on safe and dignified return [and regional] frameworks."
ORDERLY = "We commit to cooperate on safe, orderly and dignified return [and regional] frameworks."
PP1 = "We, the Heads of State and Government, have gathered to affirm our resolve."
OP2 = "We further commit to review progress every four years."


def apply(world: World, *items: dict[str, Any], who: str = "cofac",
          version: int | None = None) -> Any:
    body = {"base_version": version or world.working_version(), "amendments": list(items)}
    return world[who].post(f"{world.d}/working-copy/applications", body)


def units(copy: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["key"]: u for u in copy["units"]}


def log_of(world: World, action: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = world["cofac"].get(f"{world.p}/log", limit=1000).body
    return [e for e in entries if e["action"] == action]


def test_applying_then_publishing_records_it_as_reflected_and_the_diff_shows_its_words(
        world: World) -> None:
    cofac = world["cofac"]
    amendment = world.propose("mex", unit="op1", text=ORDERLY)
    assert "apply" not in amendment["actions"]  # the proposer does not apply
    assert "apply" in cofac.ok("GET", f"/amendments/{amendment['id']}")["actions"]
    version = world.working_version()
    reply = apply(world, {"amendment": amendment["id"]})
    assert reply.status == 200, reply.body
    answer = reply.body
    assert answer["working_copy"]["version"] == version + 1
    assert units(answer["working_copy"])["op1"]["text"] == ORDERLY
    (application,) = answer["applications"]
    assert (application["amendment_id"], application["unit"], application["kind"]) == (
        amendment["id"], "op1", "change_words")
    assert (application["text_before"], application["text_after"], application["edited"]) == (
        OP1, ORDERLY, False)
    (after,) = answer["amendments"]
    assert after["state"] == "submitted" and after["applied"] is True
    assert "apply" not in after["actions"] and "decide" in after["actions"]
    assert cofac.ok("GET", f"{world.d}/working-copy/applications") == answer["applications"]
    (logged,) = log_of(world, "amendment.applied")
    assert logged["subject"] == f"amendment:{amendment['id']}"
    assert logged["payload"]["before"] == OP1 and logged["payload"]["after"] == ORDERLY

    preview = cofac.ok("POST", f"{world.d}/revisions/preview",
                       {"base_version": world.working_version()})
    assert preview["reflected"] == [amendment["id"]]
    published = cofac.ok("POST", f"{world.d}/revisions",
                         {"base_version": world.working_version()}, status=201)
    assert published["reflected"] == [amendment["id"]]
    assert published["conflicts"] == [] and published["overtaken"] == []
    reflected = cofac.ok("GET", f"/amendments/{amendment['id']}")
    assert reflected["state"] == "reflected"
    assert reflected["settled_in_revision_id"] == published["revision"]["id"]
    assert reflected["decision_note"] == "Applied to the working copy." and not reflected["applied"]
    decided = log_of(world, "amendment.decided")
    assert decided[-1]["payload"]["at_publication"] is True
    # The new working copy starts with no application.
    assert cofac.ok("GET", f"{world.d}/working-copy/applications") == []

    diff = world["obs"].get(f"{world.d}/diff", **{"from": 0, "to": 1}).body
    op1 = next(u for u in diff["units"] if u["key"] == "op1")
    assert op1["change"] == "edited"
    assert "orderly" in "".join(s["text"] for s in op1["spans"] if s["op"] == "insert")
    spans = cofac.ok("GET", f"{world.d}/units/op1/attribution")["spans"]
    by_text = {s["text"]: s["origin"] for s in spans}
    origin = next(o for text, o in by_text.items() if "orderly" in text)
    assert origin == {"kind": "amendment", "revision": 1, "amendment_ids": [amendment["id"]],
                      "proponents": ["MEX"]}
    # The words the amendment left as they were keep their origin: the zero draft.
    assert spans[0]["origin"]["kind"] == "original" and spans[0]["text"].startswith("We commit")


def test_several_at_once_with_changes_and_decisions(world: World) -> None:
    cofac = world["cofac"]
    words = world.propose("mex", unit="op2", text=OP2.replace("four", "three"))
    bis = world.propose("che", unit="op2", kind="add_unit",
                        text="We commit to publish a report every year.")
    gone = world.propose("nga", unit="op1a", kind="delete_unit", text=None)
    alt = world.propose("afg", unit="pp1", kind="alternative",
                        text="We, the Heads of State, affirm our commitment.")
    reply = apply(world,
                  {"amendment": words["id"], "text": OP2.replace("four", "five"),
                   "decision": "merged", "note": "Merged with the Swiss proposal.",
                   "base_version": words["version"]},
                  {"amendment": bis["id"], "decision": "reflected"},
                  {"amendment": gone["id"]},
                  {"amendment": alt["id"]})
    assert reply.status == 200, reply.body
    copy = reply.body["working_copy"]
    assert [u["key"] for u in copy["units"]][-2] == "op2"
    added = copy["units"][-1]
    assert (added["kind"], added["parent"], added["number"], added["text"]) == (
        "paragraph", "obj1", "3 bis", "We commit to publish a report every year.")
    found = units(copy)
    assert "op1a" not in found
    assert found["op2"]["text"] == OP2.replace("four", "five")
    assert found["pp1"]["text"] == f"[{PP1}][We, the Heads of State, affirm our commitment.]"
    assert [(a["unit"], a["edited"]) for a in reply.body["applications"]] == [
        ("op2", True), (added["key"], False), ("op1a", False), ("pp1", False)]
    states = {a["id"]: a["state"] for a in reply.body["amendments"]}
    assert states == {words["id"]: "merged", bis["id"]: "reflected",
                      gone["id"]: "submitted", alt["id"]: "submitted"}
    assert cofac.ok("GET", f"/amendments/{words['id']}")["decision_note"] == \
        "Merged with the Swiss proposal."
    assert [e["payload"]["applied"] for e in log_of(world, "amendment.decided")] == [True, True]
    assert len(log_of(world, "amendment.applied")) == 4
    published = cofac.ok("POST", f"{world.d}/revisions",
                         {"base_version": world.working_version()}, status=201)
    assert sorted(published["reflected"]) == sorted(
        [words["id"], bis["id"], gone["id"], alt["id"]])
    # The words the co-facilitators typed in applying it with changes are the amendment's.
    spans = cofac.ok("GET", f"{world.d}/units/op2/attribution")["spans"]
    five = next(s for s in spans if "five" in s["text"])
    assert five["origin"]["amendment_ids"] == [words["id"]]
    new = cofac.ok("GET", f"{world.d}/units/{added['key']}/attribution")["spans"]
    assert [(s["origin"]["kind"], s["origin"]["proponents"]) for s in new] == [
        ("amendment", ["CHE"])]


def test_as_proposed_refused_where_the_working_copy_changed_its_words(world: World) -> None:
    cofac = world["cofac"]
    amendment = world.propose("mex", unit="op2", text=OP2.replace("four", "three"))
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": world.working_version(), "text": OP2.replace("four", "two")})
    before = snapshot(world)
    error = assert_error(apply(world, {"amendment": amendment["id"]}), 409, "conflict")
    assert error["details"]["amendment"] == amendment["id"]
    assert error["details"]["current_text"] == OP2.replace("four", "two")
    assert error["details"]["working_copy_changes"] == [{"old": "four", "new": "two"}]
    assert snapshot(world) == before
    # Elsewhere in the paragraph, a change of the working copy is kept.
    other = world.propose("che", unit="op2", text=OP2.replace("review", "assess"))
    reply = apply(world, {"amendment": other["id"]})
    assert reply.status == 200, reply.body
    assert units(reply.body["working_copy"])["op2"]["text"] == \
        "We further commit to assess progress every two years."
    # With changes, the co-facilitators give the text.
    reply = apply(world, {"amendment": amendment["id"],
                          "text": "We further commit to assess progress every three years."})
    assert reply.status == 200, reply.body


def test_nothing_to_apply_and_all_or_nothing(world: World) -> None:
    good = world.propose("mex", unit="op1", text=ORDERLY)
    retain = world.propose("che", unit="op1", kind="retain", text=None)
    reserve = world.propose("nga", unit="op2", kind="reservation", text=None,
                            justification="Nigeria reserves its position on reviews.")
    before = snapshot(world)
    for refused in (retain, reserve):
        error = assert_error(apply(world, {"amendment": good["id"]},
                                   {"amendment": refused["id"]}), 422, "invalid")
        assert "nothing to apply" in error["message"]
        assert error["details"]["kind"] == refused["kind"]
    assert snapshot(world) == before
    assert world["cofac"].ok("GET", f"{world.d}/working-copy/applications") == []
    assert "apply" not in world["cofac"].ok("GET", f"/amendments/{retain['id']}")["actions"]


def test_who_may_apply_and_what(world: World) -> None:
    amendment = world.propose("mex", unit="op1", text=ORDERLY)
    draft = world.propose("che", unit="op2", text=OP2.replace("four", "six"), submit=False)
    withdrawn = world.propose("nga", unit="op2", text=OP2.replace("four", "ten"))
    world["nga"].ok("POST", f"/amendments/{withdrawn['id']}/withdraw",
                    {"base_version": withdrawn["version"]})
    before = snapshot(world)
    for who in ("mex", "obs"):
        assert_error(apply(world, {"amendment": amendment["id"]}, who=who), 403, "forbidden")
    assert_error(apply(world, {"amendment": amendment["id"]}, who="outsider"), 404, "not_found")
    # The secretariat holds the pen but does not decide.
    assert_error(apply(world, {"amendment": amendment["id"], "decision": "reflected"},
                       who="sec"), 403, "forbidden")
    assert_error(apply(world, {"amendment": draft["id"]}), 404, "not_found")
    assert_error(apply(world, {"amendment": 99999}), 404, "not_found")
    assert_error(apply(world, {"amendment": withdrawn["id"]}), 422, "invalid")
    assert_error(apply(world, {"amendment": amendment["id"]}, {"amendment": amendment["id"]}),
                 422, "invalid")
    assert_error(apply(world, {"amendment": amendment["id"]},
                       version=world.working_version() + 5), 409, "stale")
    assert_error(apply(world, {"amendment": amendment["id"],
                               "base_version": amendment["version"] + 1}), 409, "stale")
    assert_error(apply(world, {"amendment": amendment["id"], "text": "   "}), 422, "invalid")
    assert snapshot(world) == before
    assert apply(world, {"amendment": amendment["id"]}, who="sec").status == 200
    assert_error(apply(world, {"amendment": amendment["id"]}), 422, "invalid",
                 message="applied to the working copy already")


def test_a_decided_amendment_can_be_applied_afterwards(world: World) -> None:
    cofac: As = world["cofac"]
    amendment = world.propose("mex", unit="op1", text=ORDERLY)
    decided = cofac.ok("POST", f"/amendments/{amendment['id']}/decision",
                       {"base_version": amendment["version"], "decision": "reflected"})
    assert "apply" in decided["actions"]
    reply = apply(world, {"amendment": amendment["id"]})
    assert reply.status == 200, reply.body
    assert reply.body["amendments"][0]["state"] == "reflected"
    # Deciding again in the same step is refused: it is decided already.
    other = world.propose("che", unit="op2", text=OP2.replace("four", "three"))
    cofac.ok("POST", f"/amendments/{other['id']}/decision",
             {"base_version": other["version"], "decision": "merged"})
    assert_error(apply(world, {"amendment": other["id"], "decision": "reflected"}), 422,
                 "invalid")
