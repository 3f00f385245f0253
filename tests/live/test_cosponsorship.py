"""An invitation to co-sponsor reaches the invited delegation live, as a sentence naming
both delegations, and its answer reaches the proposer (a real server, real socket.io
clients)."""

from __future__ import annotations

import random

import pytest

from tests.support.live import Live, open_client
from tests.support.liveclient import LiveClient
from tests.support.negotiation import Client, amendment_body

pytestmark = pytest.mark.slow


def test_the_invited_delegation_hears_of_it_and_the_proposer_of_its_answer(
        live: Live, clients: list[LiveClient]) -> None:
    base = live.server.base
    head = live.head()
    proposer = open_client(clients, base, token=live.token(0), name="proposer")
    invited = open_client(clients, base, token=live.token(1), name="invited")
    for watcher in (proposer, invited):
        assert watcher.subscribe(live.pid, last_seq=head)["ok"]
    body = amendment_body(live.negotiation, random.Random(11)) | {
        "co_proponents": [live.code(1)]}
    http = Client(live.server.api, live.token(0))
    try:
        made = http.call("POST", f"/processes/{live.pid}/amendments", body, expect=201)
    finally:
        http.close()
    assert made["co_proponents"] == []
    invitation = (f"Delegation {live.code(0)} invited Delegation {live.code(1)} to co-sponsor "
                  f"its amendment to {made['unit_name']}.")
    invited.wait_seq(live.pid, head + 2)
    events = invited.delivered(live.pid)
    assert [e["type"] for e in events] == ["amendment.submitted",
                                           "amendment.co_sponsor_invited"]
    assert events[1]["sentence"] == invitation
    answering = Client(live.server.api, live.token(1))
    try:
        accepted = answering.call("PUT", f"/amendments/{made['id']}/co-sponsorship",
                                  {"status": "accepted"}, expect=200)
    finally:
        answering.close()
    assert accepted["co_proponents"] == [live.code(1)]
    proposer.wait_seq(live.pid, head + 3)
    last = proposer.delivered(live.pid)[-1]
    assert last["type"] == "amendment.co_sponsor_accepted"
    assert last["sentence"] == (f"Delegation {live.code(1)} agreed to co-sponsor Delegation "
                                f"{live.code(0)}'s amendment to {made['unit_name']}.")
