"""An inbox per person (issue 13, item 4): a delegation learned of a decision on its
amendment, an invitation to co-sponsor, a new revision or a silence deadline only if it
happened to be looking. Each test is the person's question to the inbox, which did not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.clock import Clock
from tests.support.driver import As
from tests.support.worlds import World

NEW_OP2 = "We further commit to review progress every two years, as Switzerland proposed."


def inbox(person: As, **query: Any) -> dict[str, Any]:
    reply = person.get("/inbox", **query)
    assert reply.status == 200, reply.body
    found: dict[str, Any] = reply.body
    return found


def sentences(person: As) -> list[str]:
    return [i["sentence"] for i in inbox(person)["items"]]


def unread(person: As) -> int:
    count: int = person.ok("GET", "/inbox/unread")["unread"]
    return count


def test_a_decision_on_our_amendment_reaches_our_inbox_with_a_link(world: World) -> None:
    before = unread(world["mex"])
    amendment = world.propose("mex", unit="op2", text=NEW_OP2)
    # Mexico's own submission is not news to Mexico.
    assert unread(world["mex"]) == before
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    page = inbox(world["mex"])
    assert unread(world["mex"]) == before + 1 == page["unread"]
    first = page["items"][0]
    assert first["sentence"] == ("The co-facilitators marked Mexico's amendment to OP3 as "
                                 "reflected.")
    assert first["concern"] == "our_amendment" and first["read"] is False
    assert first["link"] == (f"#/p/{world.process_id}/amendments?delegation=MEX"
                             f"&amendment={amendment['id']}")
    assert first["process_title"] == "Compact on Human Mobility"
    # Not Nigeria's amendment: not in Nigeria's inbox.
    assert first["sentence"] not in sentences(world["nga"])
    # Switzerland is named in the amendment's text: a mention for Switzerland.
    che = inbox(world["che"])["items"]
    assert any(i["concern"] == "mention" and i["sentence"] ==
               "Mexico submitted an amendment to OP3." for i in che)
    # The co-facilitators are told an amendment waits for them.
    assert any(i["concern"] == "for_decision" for i in inbox(world["cofac2"])["items"])


def test_another_delegations_draft_never_reaches_an_inbox(world: World) -> None:
    draft = world.propose("mex", unit="op2", submit=False,
                          text="Nigeria and Switzerland will review progress.")
    assert draft["state"] == "draft"
    for who in ("nga", "che", "cofac", "obs"):
        assert all("draft amendment" not in s and "Nigeria and" not in s
                   for s in sentences(world[who])), who
        assert all(f"amendment={draft['id']}" not in i["link"]
                   for i in inbox(world[who])["items"]), who


def test_a_co_sponsorship_invitation_reaches_the_invited_delegation(world: World) -> None:
    world.propose("mex", unit="op2", text=NEW_OP2, co_proponents=["NGA"])
    items = inbox(world["nga"])["items"]
    invited = [i for i in items if i["concern"] == "invitation"]
    assert [i["sentence"] for i in invited] == [
        "Mexico invited Nigeria to co-sponsor its amendment to OP3."]
    assert not any(i["concern"] == "invitation" for i in inbox(world["che"])["items"])


def test_a_new_revision_and_silence_reach_everyone(world: World, clock: Clock) -> None:
    cofac = world["cofac"]
    started = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=72)).isoformat()}, status=201)
    for who in ("mex", "obs", "cofac2"):
        assert any(i["concern"] == "silence" and "under a silence procedure" in i["sentence"]
                   for i in inbox(world[who])["items"]), who
    # Not about to end yet; 20 hours before the deadline, it is (computed, not recorded).
    ending = f"silence:{started['id']}:ending"
    assert all(i["key"] != ending for i in inbox(world["mex"])["items"])
    clock.advance(hours=52)
    item = next(i for i in inbox(world["mex"])["items"] if i["key"] == ending)
    assert item["sentence"].startswith("The silence procedure on ")
    assert item["sentence"].endswith("ends in about 20 hours.")
    assert item["concern"] == "silence_ending"
    world["che"].ok("POST", f"/silence/{started['id']}/break", {"reason": "We object."})
    assert "Switzerland broke silence on " in " ".join(sentences(world["mex"]))


def test_marking_read_one_or_all_and_the_orders(world: World) -> None:
    mex = world["mex"]
    for unit in ("op1", "op2"):
        amendment = world.propose("mex", unit=unit)
        world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                          {"base_version": amendment["version"], "decision": "not_reflected"})
    page = inbox(mex)
    assert page["unread"] >= 2
    newest = page["items"][0]
    left = mex.ok("POST", "/inbox/read", {"keys": [newest["key"]]})["unread"]
    assert left == page["unread"] - 1 == unread(mex)
    by_unread = inbox(mex, order="unread")["items"]
    assert by_unread[-1]["key"] == newest["key"] and by_unread[-1]["read"] is True
    assert inbox(mex, order="newest")["items"][0]["key"] == newest["key"]
    assert newest["key"] not in [i["key"] for i in inbox(mex, unread_only="true")["items"]]
    paged = inbox(mex, offset=1, limit=1)
    assert len(paged["items"]) == 1 and paged["total"] == page["total"]
    assert mex.ok("POST", "/inbox/read", {"all": True})["unread"] == 0
    assert unread(mex) == 0
    # Marking is the person's own: Mexico's reading leaves the co-facilitators' inbox as it was.
    assert unread(world["cofac2"]) > 0


def test_marking_refuses_what_is_not_ours_and_changes_nothing(world: World) -> None:
    amendment = world.propose("mex", unit="op2", text=NEW_OP2)
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    key = inbox(world["mex"])["items"][0]["key"]
    before, mexico = unread(world["nga"]), unread(world["mex"])
    refused = world["nga"].post("/inbox/read", {"keys": [key, "entry:999999"]})
    assert refused.status == 404
    assert unread(world["nga"]) == before
    for bad in ({"keys": ["<script>"]}, {"keys": [], "all": False}, {"keys": [key], "all": True},
                {"all": "yes"}, {"keys": [key], "extra": 1}):
        answer = world["mex"].post("/inbox/read", bad)
        assert answer.status == 422, bad
    assert unread(world["mex"]) == mexico
    assert world["outsider"].ok("GET", "/inbox")["items"] == []


def test_the_mail_choice_is_the_persons_own(world: World) -> None:
    mex = world["mex"]
    assert mex.ok("GET", "/inbox/mail") == {"mail": "none"}
    assert mex.ok("PUT", "/inbox/mail", {"mail": "daily"}) == {"mail": "daily"}
    assert mex.ok("GET", "/inbox/mail") == {"mail": "daily"}
    assert world["nga"].ok("GET", "/inbox/mail") == {"mail": "none"}
    assert mex.put("/inbox/mail", {"mail": "hourly"}).status == 422
    assert mex.ok("GET", "/inbox/mail") == {"mail": "daily"}


def test_an_item_carries_its_action_and_facts_for_the_person_s_language(world: World) -> None:
    amendment = world.propose("mex", unit="op2", text=NEW_OP2)
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    first = inbox(world["mex"])["items"][0]
    assert first["action"] == "amendment.decided"
    assert first["facts"] == {
        "actor": {"word": "actor.co_facilitator"},
        "amendment": {"word": "amendment", "delegation": "Mexico", "paragraph": "OP3"},
        "decision": {"word": "decision.reflected"}, "delegation": "Mexico",
        "paragraph": "OP3", "revision": first["facts"]["revision"]}
    # Another delegation's draft: the facts name nothing of it (general words).
    world.propose("nga", unit="op1", submit=False, text="Mexico will review progress.")
    for item in inbox(world["mex"])["items"]:
        assert "Nigeria" not in str(item["facts"])
