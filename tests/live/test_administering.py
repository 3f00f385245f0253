"""An administrator without a role in a process manages its people: their screens follow it
live like everyone's (what every participant hears, placeholders for the rest), and a change
of who takes part, which moves every connection's rooms, leaves theirs subscribed. Against a
real server with real socket.io clients."""

from __future__ import annotations

import time

import pytest

from server.core.events import Audience
from server.core.phases import Phase
from server.core.policy import Actor, ProcessSettings, Role, live_audiences
from tests.support.live import Live, open_client, submit
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import Client, invite, login_token
from tests.support.stubborn import stubborn


def test_the_policy_decides_what_an_administrator_without_a_role_hears() -> None:
    """One module decides who hears what live: the administrator without a role hears what
    is meant for everyone only, as an observer does, less than the staff; an outsider
    nothing."""
    settings = ProcessSettings()
    for phase in Phase:
        admin = live_audiences(None, phase, settings, is_admin=True)
        assert admin == {Audience.EVERYONE}, phase
        assert live_audiences(None, phase, settings) == frozenset(), phase
        cofac = live_audiences(Actor(1, Role.CO_FACILITATOR), phase, settings)
        assert admin < cofac and Audience.STAFF in cofac, phase
        delegate = live_audiences(Actor(2, Role.DELEGATE, delegation_id=7), phase, settings)
        assert Audience.DELEGATION in delegate and Audience.STAFF not in delegate, phase


@pytest.mark.slow
def test_an_administrator_without_a_role_follows_the_process_live(
        live: Live, clients: list[LiveClient]) -> None:
    admin = stubborn(clients, live.server.base, token=live.negotiation.admin_token,
                     name="administrator")
    watcher = open_client(clients, live.server.base, token=live.negotiation.cofac_token,
                          name="cofac")
    head = live.head()
    assert watcher.subscribe(live.pid, last_seq=head)["ok"]
    ack = admin.subscribe(live.pid, last_seq=head)
    assert ack["ok"] is True and ack["role"] == "administrator", ack
    # An outsider still learns nothing.
    outsider = open_client(clients, live.server.base, token=live.outsider_token,
                           name="outsider")
    refused = outsider.call("subscribe", {"process_id": live.pid, "last_seq": head})
    assert refused["ok"] is False and refused["error"]["code"] == "not_found", refused

    # A person invited (staff only) accepts (everyone; every connection's rooms move).
    http = Client(live.server.api, live.negotiation.cofac_token)
    try:
        invite(http, live.pid, {"email": "joined@bench.example", "name": "Joined",
                                "role": "observer"})
    finally:
        http.close()
    assert login_token(live.server.api, "joined@bench.example")
    submit(live, 0, 1, seed=301)  # an attributed amendment: not for the administrator
    wait_for(lambda: len(watcher.delivered(live.pid)) >= 3, 20, "the co-facilitator saw less")
    last = watcher.last_seq(live.pid)
    wait_for(lambda: any(e["seq"] == last for e in admin.raw), 10,
             "the administrator's connection stopped hearing the process")
    time.sleep(0.3)
    seen = admin.seen_after(live.pid, head)
    by_type = {e["type"] for e in seen}
    assert "participant.added" in by_type, seen
    assert not by_type & {"participant.invited", "amendment.submitted"}, seen
    assert "hidden" in by_type, seen  # the sequence moved on all the same
    assert all(not (name == "access.changed" and not m["subscribed"])
               for name, m in admin.access), admin.access
    assert admin.connected
