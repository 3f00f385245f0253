"""Amendments through their life cycle: drafts, visibility, stances, co-proponents, publication."""

from __future__ import annotations

from typing import Any

from tests.support.clock import Clock
from tests.support.driver import As, Driver
from tests.support.views import without_actions
from tests.support.worlds import World, open_process

OP1_TEXT = "We commit to cooperate on safe and dignified return [and regional] frameworks."
OP2_TEXT = "We further commit to review progress every four years."


def ids(person: As, world: World, **query: Any) -> list[int]:
    reply = person.get(f"{world.p}/amendments", **query)
    assert reply.status == 200, reply.body
    return [a["id"] for a in reply.body]


def delegation_ids(world: World) -> dict[str, int]:
    return {d["code"]: d["id"] for d in world["cofac"].ok("GET", f"{world.p}/delegations")}


def log(world: World) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = world["cofac"].get(f"{world.p}/log", limit=1000).body
    return entries


def assert_not_found(reply: Any, amendment_id: int) -> None:
    assert reply.status == 404, reply.body
    assert reply.body == {"error": {"code": "not_found", "details": {},
                                    "message": f"No amendment {amendment_id}."}}


def publish(world: World) -> dict[str, Any]:
    result: dict[str, Any] = world["cofac"].ok(
        "POST", f"{world.d}/revisions", {"base_version": world.working_version()}, status=201)
    return result


def edit(world: World, key: str, text: str) -> None:
    world["cofac"].ok("PATCH", f"{world.d}/working-copy/units/{key}",
                      {"base_version": world.working_version(), "text": text})


# ---- the life cycle ----------------------------------------------------------------------


def test_life_cycle_from_draft_to_settled_in_the_next_revision(world: World,
                                                              clock: Clock) -> None:
    codes = delegation_ids(world)
    mex, cofac = world["mex"], world["cofac"]
    new_text = "We further commit to review progress every two years."
    draft = world.propose("mex", unit="op2", text="We further commit to review progress.",
                          submit=False, justification="Shorter.")
    assert draft["state"] == "draft" and draft["submitted_at"] is None
    entry = log(world)[-1]
    assert entry["action"] == "amendment.drafted"
    assert entry["subject"] == f"amendment:{draft['id']}"
    # The log is read by the co-facilitators: a draft's content stays out of it.
    assert entry["payload"] == {"state": "draft", "delegation": codes["MEX"], "restricted": True}

    revised = mex.ok("PATCH", f"/amendments/{draft['id']}",
                     {"base_version": draft["version"], "text": new_text})
    assert revised["text"] == new_text and revised["justification"] == "Shorter."
    assert log(world)[-1]["payload"] == {"state": "draft", "delegation": codes["MEX"],
                                         "restricted": True}
    clock.advance(hours=1)
    submitted = mex.ok("POST", f"/amendments/{draft['id']}/submit",
                       {"base_version": revised["version"]})
    assert submitted["state"] == "submitted"
    entry = log(world)[-1]
    assert entry["action"] == "amendment.submitted"
    assert entry["payload"] == {"kind": "change_words", "state": "submitted",
                                "delegation": codes["MEX"], "version": submitted["version"]}
    # A submitted amendment is no longer rewritten.
    rewrite = mex.patch(f"/amendments/{draft['id']}", {"base_version": submitted["version"],
                                                       "text": "Something else entirely."})
    assert rewrite.status == 422 and rewrite.error["code"] == "invalid"
    assert mex.ok("GET", f"/amendments/{draft['id']}") == submitted

    supported = world["nga"].ok("PUT", f"/amendments/{draft['id']}/stance",
                                {"stance": "support"})
    assert supported["supporters"] == ["NGA"]
    reflected = cofac.ok("POST", f"/amendments/{draft['id']}/decision",
                         {"base_version": submitted["version"], "decision": "reflected",
                          "note": "Reflected in Rev.1."})
    assert (reflected["state"], reflected["decision_note"]) == ("reflected", "Reflected in Rev.1.")
    assert reflected["settled_in_revision_id"] is None
    late = mex.post(f"/amendments/{draft['id']}/withdraw", {"base_version": reflected["version"]})
    assert late.status == 422
    assert late.error["details"] == {"state": "reflected", "requested": "withdrawn"}
    late_stance = world["che"].put(f"/amendments/{draft['id']}/stance", {"stance": "oppose"})
    assert late_stance.status == 422

    edit(world, "op2", new_text)
    rev1 = publish(world)
    assert rev1["reflected"] == [draft["id"]] and rev1["overtaken"] == []
    settled = world["che"].ok("GET", f"/amendments/{draft['id']}")
    assert settled["state"] == "reflected"
    assert settled["settled_in_revision_id"] == rev1["revision"]["id"]
    assert settled["revision_label"] == "Zero draft"

    edit(world, "pp1", "We, the Heads of State and Government, have gathered in Marrakech.")
    rev2 = publish(world)
    assert rev2["revision"]["label"] == "Rev.2"
    assert rev2["reflected"] == [] and rev2["overtaken"] == []
    following = mex.ok("POST", f"{world.p}/amendments", {
        "revision_id": rev2["revision"]["id"], "unit": "op2", "kind": "change_words",
        "text": "We further commit to review progress every year.", "submit": True},
        status=201)
    assert following["revision_label"] == "Rev.2"
    assert following["base_text"] == new_text


# ---- who sees what -----------------------------------------------------------------------


def test_drafts_are_seen_only_by_their_own_delegation(world: World) -> None:
    mex2 = world.driver.add(world["mex"], world.process_id, "mex2@accord.example", "delegate",
                            "MEX")
    draft = world.propose("mex", unit="op1", submit=False, co_proponents=["CHE"])
    did = draft["id"]
    assert mex2.ok("GET", f"/amendments/{did}") == draft
    assert ids(mex2, world) == [did]
    assert ids(mex2, world, state="draft") == [did]

    unknown = world["mex"].get("/amendments/987654")
    assert unknown.status == 404
    for name in ("che", "nga", "afg", "cofac", "cofac2", "sec", "obs"):
        assert_not_found(world[name].get(f"/amendments/{did}"), did)
    assert world["outsider"].get(f"/amendments/{did}").status == 404
    for name in ("che", "nga", "cofac", "sec"):
        person = world[name]
        assert did not in ids(person, world)
        assert did not in ids(person, world, delegation="MEX")
        assert did not in ids(person, world, delegation="CHE")
        assert did not in ids(person, world, state="draft")
        assert did not in ids(person, world, unit="op1")
    assert ids(world["obs"], world) == []
    assert world["outsider"].get(f"{world.p}/amendments").status == 404

    # Acting on an unseen draft is acting on nothing.
    assert_not_found(world["che"].put(f"/amendments/{did}/stance", {"stance": "support"}), did)
    assert_not_found(world["che"].post(f"/amendments/{did}/withdraw", {"base_version": 1}), did)
    assert_not_found(world["cofac"].post(f"/amendments/{did}/decision",
                                         {"base_version": 1, "decision": "reflected"}), did)
    assert_not_found(world["cofac"].patch(f"/amendments/{did}", {"base_version": 1,
                                                                 "text": "Rewritten."}), did)
    assert world["mex"].ok("GET", f"/amendments/{did}") == draft

    # Any delegate of the delegation may submit it; then everyone but observers sees it.
    submitted = mex2.ok("POST", f"/amendments/{did}/submit", {"base_version": 1})
    assert submitted["state"] == "submitted" and submitted["co_proponents"] == []
    assert submitted["co_sponsors"] == [{"delegation": "CHE", "delegation_name": "Switzerland",
                                         "status": "invited"}]
    for name in ("che", "nga", "cofac", "sec"):
        assert without_actions(world[name].ok("GET", f"/amendments/{did}")) == \
            without_actions(submitted)
        assert ids(world[name], world) == [did]
    # Switzerland's list holds what it co-sponsors: this one once it accepts.
    assert ids(world["cofac"], world, delegation="CHE") == []
    world["che"].ok("PUT", f"/amendments/{did}/co-sponsorship", {"status": "accepted"})
    assert ids(world["cofac"], world, delegation="CHE") == [did]
    # By default observers do not see attributed amendments in negotiation.
    assert world["obs"].ok("GET", world.p)["observers_see_amendments_in"] == []
    assert_not_found(world["obs"].get(f"/amendments/{did}"), did)
    assert ids(world["obs"], world) == []
    # ... but they read the published text.
    assert world["obs"].ok("GET", f"{world.d}/revisions/0")["label"] == "Zero draft"


def test_observers_see_submitted_amendments_only_in_the_phases_the_process_names(
        api: Driver) -> None:
    world = open_process(api, observers_see=("negotiation",))
    assert world["obs"].ok("GET", world.p)["observers_see_amendments_in"] == ["negotiation"]
    draft = world.propose("mex", unit="p1", text="Parties shall cooperate closely.",
                          submit=False)
    submitted = world.propose("che", unit="p2", text="Parties shall report yearly.")
    obs = world["obs"]
    assert ids(obs, world) == [submitted["id"]]
    assert without_actions(obs.ok("GET", f"/amendments/{submitted['id']}")) == \
        without_actions(submitted)
    assert_not_found(obs.get(f"/amendments/{draft['id']}"), draft["id"])

    # Seeing is not acting.
    decided = obs.post(f"/amendments/{submitted['id']}/decision",
                       {"base_version": submitted["version"], "decision": "reflected"})
    assert decided.status == 403 and decided.error["code"] == "forbidden"
    stance = obs.put(f"/amendments/{submitted['id']}/stance", {"stance": "support"})
    assert stance.status == 403 and stance.error["code"] == "forbidden"
    withdrawn = obs.post(f"/amendments/{submitted['id']}/withdraw",
                         {"base_version": submitted["version"]})
    assert withdrawn.status == 403
    assert without_actions(world["cofac"].ok("GET", f"/amendments/{submitted['id']}")) == \
        without_actions(submitted)

    world["cofac"].ok("POST", f"{world.p}/phase", {"phase": "concluded"})
    assert ids(obs, world) == []
    assert_not_found(obs.get(f"/amendments/{submitted['id']}"), submitted["id"])
    assert ids(world["cofac"], world) == [submitted["id"]]
    assert ids(world["mex"], world) == [draft["id"], submitted["id"]]


# ---- publication -------------------------------------------------------------------------


def test_publication_overtakes_open_amendments_on_changed_units(world: World) -> None:
    cofac = world["cofac"]
    on_op1 = world.propose("mex", unit="op1")
    draft_on_op1 = world.propose("che", unit="op1", kind="delete_unit", text=None, submit=False)
    on_op2 = world.propose("nga", unit="op2", kind="retain", text=None)
    on_op1a = world.propose("afg", unit="op1a", kind="reservation", text=None,
                            justification="The Group reserves its position.")
    to_reflect = world.propose("mex", unit="pp1", text="We, the Heads of State, have met.")
    to_refuse = world.propose("che", unit="pp1", text="We, the Ministers, have gathered.")
    withdrawn = world.propose("nga", unit="op1", kind="retain", text=None)
    cofac.ok("POST", f"/amendments/{to_reflect['id']}/decision",
             {"base_version": to_reflect["version"], "decision": "reflected"})
    refused = cofac.ok("POST", f"/amendments/{to_refuse['id']}/decision",
                       {"base_version": to_refuse["version"], "decision": "not_reflected"})
    world["nga"].ok("POST", f"/amendments/{withdrawn['id']}/withdraw",
                    {"base_version": withdrawn["version"]})

    edit(world, "op1", "We commit to cooperate on safe, dignified and sustainable return.")
    cofac.ok("POST", f"{world.d}/working-copy/units/op1a/delete",
             {"base_version": world.working_version()})
    # A status change alone does not overtake anything.
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": world.working_version(), "status": "agreed_ad_ref"})
    rev1 = publish(world)
    rev1_id = rev1["revision"]["id"]
    assert rev1["reflected"] == [to_reflect["id"]]
    assert on_op1["id"] in rev1["overtaken"] and on_op1a["id"] in rev1["overtaken"]
    assert on_op2["id"] not in rev1["overtaken"]

    def state(who: str, amendment: dict[str, Any]) -> tuple[str, int | None]:
        got = world[who].ok("GET", f"/amendments/{amendment['id']}")
        return got["state"], got["settled_in_revision_id"]

    assert state("mex", on_op1) == ("overtaken", rev1_id)
    # A deletion still applies to an edited unit: carried onto Rev.1, still a draft.
    assert state("che", draft_on_op1) == ("draft", None)
    carried_draft = world["che"].ok("GET", f"/amendments/{draft_on_op1['id']}")["carried"]
    assert carried_draft["outcome"] == "applies" and carried_draft["revision_id"] == rev1_id
    assert state("afg", on_op1a) == ("overtaken", rev1_id)
    assert state("nga", on_op2) == ("submitted", None)
    assert state("mex", to_reflect) == ("reflected", rev1_id)
    assert state("che", to_refuse) == ("not_reflected", None)
    assert state("nga", withdrawn) == ("withdrawn", None)
    assert world["che"].ok("GET", f"/amendments/{to_refuse['id']}") == refused
    overtaken_seen = ids(cofac, world, state="overtaken")
    assert on_op1["id"] in overtaken_seen and on_op1a["id"] in overtaken_seen
    assert ids(world["che"], world, state="overtaken") == [on_op1["id"], on_op1a["id"]]
    # on_op1 proposed exactly what Rev.1 now says: nothing is left of it to propose.
    carried_on_op1 = world["mex"].ok("GET", f"/amendments/{on_op1['id']}")["carried"]
    assert "already" in carried_on_op1["reason"]
    # Said by a code the client words in the person's language.
    assert (carried_on_op1["reason_code"], carried_on_op1["reason_facts"]) == ("already_made", {})
    assert (carried_draft["reason_code"], carried_draft["reason_facts"]) == ("whole_unit", {})

    # Overtaken is final; the amendment carried onto Rev.1 is still open.
    again = world["mex"].post(f"/amendments/{on_op1['id']}/withdraw",
                              {"base_version": world["mex"].ok(
                                  "GET", f"/amendments/{on_op1['id']}")["version"]})
    assert again.status == 422
    assert again.error["details"] == {"state": "overtaken", "requested": "withdrawn"}
    assert world["che"].put(f"/amendments/{on_op1['id']}/stance",
                            {"stance": "support"}).status == 422
    carried = world["mex"].ok("PUT", f"/amendments/{on_op2['id']}/stance", {"stance": "oppose"})
    assert carried["opposers"] == ["MEX"] and carried["revision_label"] == "Zero draft"
    decided = cofac.ok("POST", f"/amendments/{on_op2['id']}/decision",
                       {"base_version": carried["version"], "decision": "not_reflected"})
    assert decided["state"] == "not_reflected"


def test_an_overtaken_draft_stays_private_to_its_delegation(world: World) -> None:
    """A draft that a publication overtakes was never submitted: other delegations and the
    co-facilitators must not see it afterwards either (not by GET, not in lists), nor learn of
    it from the ids the publication reports as overtaken (its response and its log entry)."""
    submitted = world.propose("mex", unit="op1")
    draft = world.propose("che", unit="op1", submit=False,
                          text="Swiss draft wording that was never submitted.")
    # The unit goes: every amendment on it is overtaken.
    world["cofac"].ok("POST", f"{world.d}/working-copy/units/op1/delete",
                      {"base_version": world.working_version()})
    rev1 = publish(world)
    assert submitted["id"] in rev1["overtaken"]
    mine = world["che"].ok("GET", f"/amendments/{draft['id']}")
    assert mine["state"] == "overtaken"
    assert draft["id"] in ids(world["che"], world)
    for name in ("mex", "nga", "cofac", "sec"):
        assert_not_found(world[name].get(f"/amendments/{draft['id']}"), draft["id"])
        assert draft["id"] not in ids(world[name], world), name
    entry = log(world)[-1]
    assert entry["action"] == "revision.published"
    assert draft["id"] not in rev1["overtaken"]
    assert draft["id"] not in entry["payload"]["overtaken"]


# ---- stances and co-proponents -----------------------------------------------------------


def test_stances_and_co_proponents(world: World) -> None:
    mex = world["mex"]
    amendment = world.propose("mex", unit="op1", co_proponents=["CHE"])
    aid = amendment["id"]
    # Named, Switzerland is invited; it is a co-proponent once it accepts.
    assert amendment["co_proponents"] == []
    accepted = world["che"].ok("PUT", f"/amendments/{aid}/co-sponsorship",
                               {"status": "accepted"})
    assert accepted["co_proponents"] == ["CHE"]

    own = mex.put(f"/amendments/{aid}/stance", {"stance": "support"})
    assert own.status == 403 and own.error["code"] == "forbidden"
    co = world["che"].put(f"/amendments/{aid}/stance", {"stance": "support"})
    assert co.status == 403 and co.error["code"] == "forbidden"
    # A co-proponent does not manage the amendment either.
    assert world["che"].post(f"/amendments/{aid}/withdraw",
                             {"base_version": amendment["version"]}).status == 403
    assert world["che"].put(f"/amendments/{aid}/co-proponents",
                            {"base_version": amendment["version"],
                             "co_proponents": []}).status == 403

    support = world["nga"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "support"})
    assert (support["supporters"], support["opposers"]) == (["NGA"], [])
    oppose = world["afg"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    assert (oppose["supporters"], oppose["opposers"]) == (["NGA"], ["AFRICAN_GROUP"])
    switched = world["nga"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    assert (switched["supporters"], switched["opposers"]) == ([], ["AFRICAN_GROUP", "NGA"])
    # A stance is not a change of the amendment: its version stays.
    assert switched["version"] == amendment["version"]
    cleared = world["nga"].ok("PUT", f"/amendments/{aid}/stance", {"stance": None})
    assert (cleared["supporters"], cleared["opposers"]) == ([], ["AFRICAN_GROUP"])
    nothing = world["nga"].put(f"/amendments/{aid}/stance", {"stance": None})
    assert nothing.status == 404
    entry = log(world)[-1]
    assert entry["action"] == "amendment.stance"
    assert entry["payload"]["stance"] is None

    # Naming the African Group invites it; its opposition stands until it accepts, itself.
    # Switzerland cannot be dropped by Mexico: it withdraws its co-sponsorship itself.
    dropping = mex.put(f"/amendments/{aid}/co-proponents",
                       {"base_version": amendment["version"],
                        "co_proponents": ["AFRICAN_GROUP", "AFRICAN_GROUP"]})
    assert dropping.status == 409, dropping.body
    renamed = mex.ok("PUT", f"/amendments/{aid}/co-proponents",
                     {"base_version": amendment["version"],
                      "co_proponents": ["AFRICAN_GROUP", "AFRICAN_GROUP", "CHE"]})
    assert renamed["co_proponents"] == ["CHE"]
    assert renamed["opposers"] == ["AFRICAN_GROUP"]
    assert renamed["version"] == amendment["version"] + 1
    world["che"].ok("PUT", f"/amendments/{aid}/co-sponsorship", {"status": "withdrawn"})
    joined = world["afg"].ok("PUT", f"/amendments/{aid}/co-sponsorship", {"status": "accepted"})
    assert joined["co_proponents"] == ["AFRICAN_GROUP"] and joined["opposers"] == []
    che_support = world["che"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "support"})
    assert che_support["supporters"] == ["CHE"]
    assert world["afg"].put(f"/amendments/{aid}/stance", {"stance": "support"}).status == 403
    assert ids(world["cofac"], world, delegation="AFRICAN_GROUP") == [aid]
    assert ids(world["cofac"], world, delegation="CHE") == []

    for bad, field in ((["MEX"], "co_proponents"), (["XYZ"], "co_proponents")):
        refused = mex.put(f"/amendments/{aid}/co-proponents",
                          {"base_version": renamed["version"], "co_proponents": bad})
        assert refused.status == 422, refused.body
        assert refused.error["details"] == {"field": field}
    assert mex.ok("GET", f"/amendments/{aid}")["co_proponents"] == ["AFRICAN_GROUP"]

    withdrawn = mex.ok("POST", f"/amendments/{aid}/withdraw",
                       {"base_version": renamed["version"]})
    assert withdrawn["state"] == "withdrawn"
    closed = mex.put(f"/amendments/{aid}/co-proponents",
                     {"base_version": withdrawn["version"], "co_proponents": []})
    assert closed.status == 422
    assert world["nga"].put(f"/amendments/{aid}/stance", {"stance": "support"}).status == 422
    final = world["cofac"].ok("GET", f"/amendments/{aid}")
    assert (final["co_proponents"], final["supporters"], final["opposers"]) == (
        ["AFRICAN_GROUP"], ["CHE"], [])
