"""The server tells each person what they may do now, and then does exactly that.

The browser shows controls from these lists only (it keeps no copy of a rule), so every
action listed must be accepted and every action not listed refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.driver import As, Reply
from tests.support.worlds import World

PEOPLE = ("mex", "che", "nga", "cofac", "sec", "obs")


def _attempt(world: World, who: As, action: str, amendment: dict[str, Any]) -> Reply:
    """Do ``action`` to ``amendment`` as ``who``, the way the browser would."""
    path, version = f"/amendments/{amendment['id']}", amendment["version"]
    requests: dict[str, Callable[[], Reply]] = {
        "revise": lambda: who.patch(path, {"base_version": version,
                                           "text": "We commit to cooperate, as revised."}),
        "submit": lambda: who.post(f"{path}/submit", {"base_version": version}),
        "withdraw": lambda: who.post(f"{path}/withdraw", {"base_version": version}),
        "set_co_proponents": lambda: who.put(f"{path}/co-proponents",
                                             {"base_version": version,
                                              "co_proponents": ["NGA"]}),
        "take_stance": lambda: who.put(f"{path}/stance", {"stance": "support"}),
        "accept_co_sponsorship": lambda: who.put(f"{path}/co-sponsorship",
                                                 {"status": "accepted"}),
        "decline_co_sponsorship": lambda: who.put(f"{path}/co-sponsorship",
                                                  {"status": "declined"}),
        "withdraw_co_sponsorship": lambda: who.put(f"{path}/co-sponsorship",
                                                   {"status": "withdrawn"}),
        "decide": lambda: who.post(f"{path}/decision", {"base_version": version,
                                                        "decision": "not_reflected"}),
        "apply": lambda: who.post(f"{world.d}/working-copy/applications", {
            "base_version": world.working_version(),
            "amendments": [{"amendment": amendment["id"]}]}),
    }
    return requests[action]()


ALL_ACTIONS = ("revise", "submit", "withdraw", "set_co_proponents", "accept_co_sponsorship",
               "decline_co_sponsorship", "withdraw_co_sponsorship", "take_stance", "decide",
               "apply")


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn"])
def test_every_amendment_action_listed_is_accepted_and_no_other(world: World,
                                                                state: str) -> None:
    told: dict[str, list[str]] = {}
    for name in PEOPLE:
        for action in ALL_ACTIONS:
            # A fresh amendment for each attempt, so no attempt changes the next one's case.
            amendment = world.propose("mex", submit=state != "draft",
                                      co_proponents=["CHE"])
            if state == "withdrawn":
                amendment = world["mex"].ok("POST", f"/amendments/{amendment['id']}/withdraw",
                                            {"base_version": amendment["version"]})
            who = world[name]
            seen = who.get(f"/amendments/{amendment['id']}")
            if seen.status == 404:
                # A draft is its delegation's own; observers see attributed amendments only
                # in the phases the process names (none here).
                assert name == "obs" or (state == "draft" and name != "mex"), name
                continue
            listed = seen.body["actions"]
            told[name] = listed
            reply = _attempt(world, who, action, seen.body)
            if action in listed:
                assert 200 <= reply.status < 300, (name, state, action, reply.body)
            else:
                assert reply.status in (403, 404, 422), (name, state, action, reply.body)
    expected = {
        "draft": {"mex": ["revise", "submit", "withdraw", "set_co_proponents"]},
        # Switzerland, invited to co-sponsor, answers for itself (and is no proponent yet).
        "submitted": {"mex": ["withdraw", "set_co_proponents"],
                      "che": ["accept_co_sponsorship", "decline_co_sponsorship", "take_stance"],
                      "nga": ["take_stance"], "cofac": ["decide", "apply"], "sec": ["apply"]},
        "withdrawn": {"mex": [], "che": [], "nga": [], "cofac": [], "sec": []},
    }[state]
    assert told == expected


def test_the_process_says_what_each_role_may_do_in_this_phase(world: World) -> None:
    process = {name: world[name].ok("GET", world.p) for name in ("cofac", "sec", "mex", "obs")}
    assert "amendment.propose" in process["mex"]["actions"]
    assert "amendment.propose" not in process["sec"]["actions"]
    assert {"amendment.decide", "revision.publish", "phase.change"} <= set(
        process["cofac"]["actions"])
    assert "amendment.decide" not in process["sec"]["actions"]
    # Observers see attributed amendments only in the phases the process names (none here).
    assert process["obs"]["actions"] == ["process.view", "participants.view", "input.view",
                                         "revision.view"]
    world["cofac"].ok("PATCH", world.p, {"observers_see_amendments_in": ["negotiation"]})
    assert "amendment.view" in world["obs"].ok("GET", world.p)["actions"]
    assert process["cofac"]["phase_moves"] == [
        {"phase": "consultation", "needs_reason": True},
        {"phase": "stocktaking", "needs_reason": True},
        {"phase": "concluded", "needs_reason": False}]
    assert process["sec"]["phase_moves"] == [] and process["mex"]["phase_moves"] == []


def test_while_silence_runs_nobody_may_move_the_phase(world: World) -> None:
    deadline = (datetime.now(UTC) + timedelta(hours=80)).isoformat()
    started = world["cofac"].ok("POST", f"{world.p}/silence",
                                {"revision_id": world.revision_id, "deadline": deadline},
                                status=201)
    process = world["cofac"].ok("GET", world.p)
    assert "phase.change" not in process["actions"] and process["phase_moves"] == []
    assert world["cofac"].post(f"{world.p}/phase", {"phase": "concluded"}).status == 409
    # Delegations may break it; the others are told they may not.
    assert world["mex"].ok("GET", f"/silence/{started['id']}")["actions"] == ["break"]
    assert world["obs"].ok("GET", f"/silence/{started['id']}")["actions"] == []
    assert started["actions"] == []
    broken = world["che"].ok("POST", f"/silence/{started['id']}/break",
                             {"reason": "Switzerland cannot join consensus on OP2."})
    assert broken["state"] == "broken" and broken["actions"] == []


def test_revisions_and_paragraphs_say_who_may_propose_edit_and_publish(world: World) -> None:
    zero = {name: world[name].ok("GET", f"{world.d}/revisions/0")
            for name in ("mex", "cofac", "obs")}
    assert zero["mex"]["actions"] == ["propose", "view_compilation"]
    assert {u["actions"] == ["propose"] for u in zero["mex"]["units"]} == {True}
    assert zero["cofac"]["actions"] == ["start_silence", "view_compilation"]
    assert {tuple(u["actions"]) for u in zero["cofac"]["units"]} == {()}
    # Observers see attributed amendments only where the process says so (here: nowhere).
    assert zero["obs"]["actions"] == []
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert working["actions"] == ["edit", "publish"]
    assert working["units"][0]["actions"] == ["edit", "set_status", "insert_after", "delete"]
    assert world["sec"].ok("GET", f"{world.d}/working-copy")["units"][0]["actions"] == [
        "edit", "insert_after", "delete"]
    # After Rev.1, the zero draft takes no more proposals; Rev.1 does.
    world["cofac"].ok("PATCH", f"{world.d}/working-copy/units/op2",
                      {"base_version": working["version"], "text": "We review progress."})
    world["cofac"].ok("POST", f"{world.d}/revisions",
                      {"base_version": working["version"] + 1}, status=201)
    assert world["mex"].ok("GET", f"{world.d}/revisions/0")["actions"] == ["view_compilation"]
    assert world["mex"].ok("GET", f"{world.d}/revisions/1")["actions"] == [
        "propose", "view_compilation"]


def test_paragraphs_count_their_open_brackets(world: World) -> None:
    zero = world["obs"].ok("GET", f"{world.d}/revisions/0")
    counts = {u["key"]: u["open_brackets"] for u in zero["units"]}
    assert counts == {"pre": 0, "pp1": 0, "obj1": 0, "op1": 1, "op1a": 0, "op2": 0}
