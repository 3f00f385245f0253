"""Co-sponsorship by consent (issue 11, item 5): naming a delegation as co-proponent invites
it; it accepts, declines or later withdraws, for itself; nobody's stance is removed by
another delegation's act.

Each test is written as the attack on the old behaviour: Mexico listed the European Union,
Russia and China as co-proponents and they were co-proponents at once, with no way to
decline, leave or oppose; naming a delegation deleted its opposition, and taking its name
off again left the opposition gone.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.driver import As, Driver
from tests.support.worlds import World

OP2 = "op2"
NEW_OP2 = "We further commit to review progress every two years."


@pytest.fixture
def talks(world: World, api: Driver) -> World:
    """The world, with the European Union, Russia and China taking part (each with its focal
    point, the EU with a second delegate)."""
    cofac = world["cofac"]
    for code, name, kind in [("EU", "European Union", "organisation"),
                             ("RUS", "Russian Federation", "state"),
                             ("CHN", "China", "state")]:
        cofac.ok("POST", f"{world.p}/delegations", {"code": code, "name": name, "kind": kind},
                 status=201)
        world.people[code.lower()] = api.add(cofac, world.process_id,
                                             f"{code.lower()}@accord.example", "delegate",
                                             code, focal_point=True)
    world.people["eu2"] = api.add(world["eu"], world.process_id, "eu2@accord.example",
                                  "delegate", "EU")
    return world


def mexico_lists(world: World, *codes: str, submit: bool = True) -> dict[str, Any]:
    return world.propose("mex", unit=OP2, text=NEW_OP2, submit=submit,
                         co_proponents=list(codes))


def standing(amendment: dict[str, Any]) -> dict[str, str]:
    return {c["delegation"]: c["status"] for c in amendment["co_sponsors"]}


def answer(person: As, amendment_id: int, status: str) -> Any:
    return person.put(f"/amendments/{amendment_id}/co-sponsorship", {"status": status})


def log(world: World) -> list[dict[str, Any]]:
    reply = world["cofac"].get(f"{world.p}/log", limit=1000)
    assert reply.status == 200, reply.body
    entries: list[dict[str, Any]] = reply.body
    return entries


def compilation_text(world: World) -> str:
    """The compilation of the zero draft: proposals inlined, attributed by code."""
    text: str = world["cofac"].ok("GET", f"{world.d}/revisions/0/compilation")["text"]
    return text


def akn_of(world: World, amendment_id: int) -> str:
    cofac = world["cofac"]
    reply = cofac.client.get(f"/api/v1/amendments/{amendment_id}/export",
                             query_string={"format": "akn"},
                             headers={"Authorization": f"Bearer {cofac.token}"})
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


# ---- the attack: names put on a proposal without asking -------------------------------------


def test_mexico_listing_others_only_invites_them(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "EU", "RUS", "CHN")
    assert listed["co_proponents"] == []
    assert standing(listed) == {"CHN": "invited", "EU": "invited", "RUS": "invited"}
    assert {c["delegation_name"] for c in listed["co_sponsors"]} == {
        "China", "European Union", "Russian Federation"}
    # Not attributed anywhere a co-proponent would be: the compilation, the AKN export.
    assert "[We further commit to review progress every two years. - MEX]" in \
        compilation_text(world) or "MEX]" in compilation_text(world)
    assert not {"EU", "RUS", "CHN"} & set(compilation_text(world).replace("]", " ").split())
    assert "RUS" not in akn_of(world, listed["id"])
    # Each invited delegation is told what it may do: answer, for itself.
    for who in ("eu", "eu2", "rus", "chn"):
        seen = world[who].ok("GET", f"/amendments/{listed['id']}")
        assert "accept_co_sponsorship" in seen["actions"]
        assert "decline_co_sponsorship" in seen["actions"]
        assert "withdraw_co_sponsorship" not in seen["actions"]
        assert "take_stance" in seen["actions"]  # not a proponent until it accepts
    for who in ("mex", "che", "cofac"):
        seen = world[who].ok("GET", f"/amendments/{listed['id']}")
        assert not {"accept_co_sponsorship", "decline_co_sponsorship"} & set(seen["actions"])
    # The invitations are in the history, each as a sentence naming both.
    invited = [e for e in log(world) if e["action"] == "amendment.co_sponsor_invited"]
    assert sorted(e["sentence"] for e in invited) == sorted(
        f"Mexico invited {name} to co-sponsor its amendment to OP3."
        for name in ("China", "European Union", "Russian Federation"))
    # Their own list of pending invitations.
    assert [a["id"] for a in world["eu"].get(f"{world.p}/amendments",
                                             invited="EU").body] == [listed["id"]]
    assert world["eu"].get(f"{world.p}/amendments", invited="MEX").body == []


def test_the_invited_decline_leave_and_oppose_as_they_choose(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "EU", "RUS", "CHN")
    aid = listed["id"]
    # Russia declines: it is never a co-proponent.
    declined = answer(world["rus"], aid, "declined")
    assert declined.status == 200, declined.body
    assert standing(declined.body)["RUS"] == "declined"
    assert declined.body["co_proponents"] == []
    # China, invited, opposes: its opposition stands, and it is no co-proponent.
    opposed = world["chn"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    assert opposed["opposers"] == ["CHN"] and opposed["co_proponents"] == []
    # The EU's second delegate accepts (a delegate may, not only the focal point).
    accepted = answer(world["eu2"], aid, "accepted")
    assert accepted.status == 200, accepted.body
    assert accepted.body["co_proponents"] == ["EU"]
    assert "withdraw_co_sponsorship" in accepted.body["actions"]
    assert "take_stance" not in accepted.body["actions"]  # a proponent now
    assert "MEX, EU" in compilation_text(world)
    assert "EU" in akn_of(world, aid)
    # ... and later the EU leaves.
    left = answer(world["eu"], aid, "withdrawn")
    assert left.status == 200, left.body
    assert left.body["co_proponents"] == [] and standing(left.body)["EU"] == "withdrawn"
    assert "MEX, EU" not in compilation_text(world)
    assert "European Union" not in akn_of(world, aid)
    final = world["cofac"].ok("GET", f"/amendments/{aid}")
    assert standing(final) == {"CHN": "invited", "EU": "withdrawn", "RUS": "declined"}
    assert final["opposers"] == ["CHN"]
    sentences = [e["sentence"] for e in log(world)]
    assert "Russian Federation declined to co-sponsor Mexico's amendment to OP3." in sentences
    assert "European Union agreed to co-sponsor Mexico's amendment to OP3." in sentences
    assert "European Union withdrew its co-sponsorship of Mexico's amendment to OP3." \
        in sentences


# ---- nobody's stance is removed by another -----------------------------------------------


def test_naming_an_opponent_keeps_its_opposition_and_so_does_dropping_it(talks: World) -> None:
    world = talks
    proposed = mexico_lists(world)
    aid = proposed["id"]
    world["che"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    world["nga"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "support"})
    named = world["mex"].ok("PUT", f"/amendments/{aid}/co-proponents",
                            {"base_version": proposed["version"], "co_proponents": ["CHE"]})
    assert named["opposers"] == ["CHE"] and named["supporters"] == ["NGA"]
    assert named["co_proponents"] == [] and standing(named) == {"CHE": "invited"}
    dropped = world["mex"].ok("PUT", f"/amendments/{aid}/co-proponents",
                              {"base_version": named["version"], "co_proponents": []})
    assert dropped["opposers"] == ["CHE"] and dropped["supporters"] == ["NGA"]
    assert dropped["co_sponsors"] == []
    actions = [e["action"] for e in log(world)]
    assert actions[-2:] == ["amendment.co_sponsor_invited",
                            "amendment.co_sponsor_invitation_withdrawn"]
    assert log(world)[-1]["sentence"] == ("Mexico withdrew its invitation to Switzerland to "
                                          "co-sponsor its amendment to OP3.")


def test_accepting_replaces_only_the_accepting_delegations_own_stance(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "CHE", "NGA")
    aid = listed["id"]
    world["che"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    world["nga"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"})
    world["rus"].ok("PUT", f"/amendments/{aid}/stance", {"stance": "support"})
    accepted = answer(world["che"], aid, "accepted")
    assert accepted.status == 200, accepted.body
    assert accepted.body["co_proponents"] == ["CHE"]
    assert accepted.body["opposers"] == ["NGA"] and accepted.body["supporters"] == ["RUS"]
    entry = log(world)[-1]
    assert entry["action"] == "amendment.co_sponsor_accepted"
    assert entry["payload"]["replaced_stance"] == "oppose"


def test_the_proposer_cannot_take_an_accepted_co_sponsor_off(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "EU", "RUS")
    aid = listed["id"]
    assert answer(world["eu"], aid, "accepted").status == 200
    before = world["cofac"].ok("GET", f"/amendments/{aid}")
    head = len(log(world))
    refused = world["mex"].put(f"/amendments/{aid}/co-proponents",
                               {"base_version": before["version"], "co_proponents": ["RUS"]})
    assert refused.status == 409, refused.body
    assert refused.error["code"] == "conflict"
    assert refused.error["details"]["co_sponsors"] == ["EU"]
    assert world["cofac"].ok("GET", f"/amendments/{aid}") == before | {
        "actions": before["actions"]}
    assert len(log(world)) == head
    # Keeping the EU and dropping Russia's invitation is fine.
    kept = world["mex"].ok("PUT", f"/amendments/{aid}/co-proponents",
                           {"base_version": before["version"], "co_proponents": ["EU"]})
    assert kept["co_proponents"] == ["EU"] and standing(kept) == {"EU": "accepted"}


# ---- only the invited delegation answers, for itself ----------------------------------------


def test_nobody_answers_in_another_delegations_name(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "EU")
    aid = listed["id"]
    head = len(log(world))
    for who in ("mex", "che", "cofac", "sec"):
        reply = answer(world[who], aid, "accepted")
        assert reply.status == 403, (who, reply.body)
        assert reply.error["code"] == "forbidden"
    # Observers do not see attributed amendments here: for them there is nothing to answer.
    assert answer(world["obs"], aid, "accepted").status == 404
    # The invited delegation's answers follow its standing.
    assert answer(world["eu"], aid, "withdrawn").status == 422  # it never accepted
    invited = answer(world["eu"], aid, "invited")  # nobody invites itself
    assert invited.status == 422 and invited.error["details"]["fields"][0]["field"] == "status"
    assert len(log(world)) == head
    assert world["cofac"].ok("GET", f"/amendments/{aid}")["co_sponsors"] == listed["co_sponsors"]
    assert answer(world["eu"], aid, "declined").status == 200
    assert answer(world["eu"], aid, "declined").status == 422
    # A capital may change its mind.
    assert answer(world["eu"], aid, "accepted").body["co_proponents"] == ["EU"]
    assert answer(world["eu"], aid, "accepted").status == 422
    # Once decided, the amendment is settled.
    decided = world["cofac"].ok("POST", f"/amendments/{aid}/decision",
                                {"base_version": listed["version"], "decision": "reflected"})
    assert decided["co_proponents"] == ["EU"]
    assert not {"withdraw_co_sponsorship"} & set(
        world["eu"].ok("GET", f"/amendments/{aid}")["actions"])
    assert answer(world["eu"], aid, "withdrawn").status == 422


def test_a_drafts_invitations_go_out_when_it_is_submitted(talks: World) -> None:
    world = talks
    draft = mexico_lists(world, "EU", submit=False)
    aid = draft["id"]
    assert standing(draft) == {"EU": "invited"}
    # The draft is Mexico's own: the EU does not see it, nor an invitation, yet.
    assert answer(world["eu"], aid, "accepted").status == 404
    assert world["eu"].get(f"{world.p}/amendments", invited="EU").body == []
    assert "amendment.co_sponsor_invited" not in [e["action"] for e in log(world)]
    submitted = world["mex"].ok("POST", f"/amendments/{aid}/submit",
                                {"base_version": draft["version"]})
    assert standing(submitted) == {"EU": "invited"} and submitted["co_proponents"] == []
    assert [e["action"] for e in log(world)][-2:] == ["amendment.submitted",
                                                      "amendment.co_sponsor_invited"]
    assert "accept_co_sponsorship" in world["eu"].ok("GET", f"/amendments/{aid}")["actions"]


def test_a_delegations_list_counts_only_what_it_co_sponsors(talks: World) -> None:
    world = talks
    listed = mexico_lists(world, "EU")
    assert world["cofac"].get(f"{world.p}/amendments", delegation="EU").body == []
    answer(world["eu"], listed["id"], "accepted")
    assert [a["id"] for a in world["cofac"].get(f"{world.p}/amendments",
                                                delegation="EU").body] == [listed["id"]]
    assert world["eu"].get(f"{world.p}/amendments", invited="EU").body == []
