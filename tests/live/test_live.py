"""The live layer against a real gevent server: rooms, authorisation at connect and per
message, resync after a cut connection, restricted events, presence and reload."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
import socketio

from tests.support.live import MAX_REPLAY, Live, open_client, seqs, session_cookie, submit
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import Client, invite, login_token

pytestmark = pytest.mark.slow


def base(live: Live) -> str:
    return live.server.base


def test_several_clients_in_a_room_receive_every_event_in_order(
        live: Live, clients: list[LiveClient]) -> None:
    head = live.head()
    watchers = [open_client(clients, base(live), token=live.token(i), name=f"d{i}")
                for i in range(3)]
    watchers.append(open_client(clients, base(live), token=live.negotiation.cofac_token,
                                name="cofac"))
    for watcher in watchers:
        ack = watcher.subscribe(live.pid, last_seq=head)
        assert ack["ok"] and ack["head_seq"] == head and ack["replayed"] == 0, ack
    made = submit(live, 0, 5, seed=1)
    for watcher in watchers:
        watcher.wait_seq(live.pid, head + 5)
        events = watcher.delivered(live.pid)
        assert seqs(events) == list(range(head + 1, head + 6))
        assert [e["type"] for e in events] == ["amendment.submitted"] * 5
        assert [e["subject"] for e in events] == [f"amendment:{a['id']}" for a in made]
        assert not any(e.get("replay") for e in events)
        # One message per change: no placeholder besides the full event.
        assert len(watcher.raw) == 5, watcher.raw
    assert len({w.sio.get_sid(namespace="/live") for w in watchers}) == 4


def test_connecting_needs_a_valid_token_or_a_session(
        live: Live, clients: list[LiveClient]) -> None:
    for token in (None, "not-a-token"):
        client = LiveClient(base(live), token=token, name=f"bad {token}")
        clients.append(client)
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect()
        assert not client.connected
    cookie = session_cookie(live.server.api, f"{live.code(1).lower()}@bench.example")
    browser = open_client(clients, base(live), cookie=cookie, name="browser")
    ack = browser.subscribe(live.pid, last_seq=live.head())
    assert ack["ok"] and ack["role"] == "delegate", ack
    # A stale or forged cookie is refused like a bad token.
    forged = LiveClient(base(live), cookie="session=forged", name="forged")
    clients.append(forged)
    with pytest.raises(socketio.exceptions.ConnectionError):
        forged.connect()


def test_every_message_is_authorised_again(live: Live, clients: list[LiveClient]) -> None:
    email = f"{live.code(2).lower()}@bench.example"
    token = login_token(live.server.api, email)
    client = open_client(clients, base(live), token=token, name="soon revoked")
    assert client.subscribe(live.pid, last_seq=live.head())["ok"]
    http = Client(live.server.api, token)
    try:
        http.call("POST", "/auth/tokens/revoke", {"token": token}, expect=204)
    finally:
        http.close()
    # The server does not wait for the next message: the revoked token's socket is closed
    # (tests/live/test_access.py shows that nothing reaches it meanwhile).
    wait_for(lambda: not client.connected, 10, "the revoked token's socket stays open")

    outsider = open_client(clients, base(live), token=live.outsider_token, name="outsider")
    ack = outsider.subscribe(live.pid, last_seq=0)
    assert ack["ok"] is False and ack["error"]["code"] == "not_found", ack
    assert outsider.ask_presence(live.pid)["error"]["code"] == "not_found"
    bad = outsider.call("subscribe", {"process_id": "1", "last_seq": -1})
    assert bad["ok"] is False and bad["error"]["code"] == "invalid", bad
    submit(live, 0, 1, seed=2)
    time.sleep(0.5)
    assert outsider.raw == []


def test_resync_after_a_cut_connection_is_gap_free_and_without_duplicates(
        live: Live, clients: list[LiveClient]) -> None:
    head = live.head()
    client = open_client(clients, base(live), token=live.token(1), name="cut")
    steady = open_client(clients, base(live), token=live.token(2), name="steady")
    client.subscribe(live.pid, last_seq=head)
    steady.subscribe(live.pid, last_seq=head)
    total = 24
    writer = threading.Thread(target=submit, args=(live, 0, total),
                              kwargs={"seed": 3, "pause": 0.05}, daemon=True)
    writer.start()
    client.wait_seq(live.pid, head + 4)
    client.kill_transport()
    writer.join(timeout=120)
    assert not writer.is_alive()
    end = head + total
    steady.wait_seq(live.pid, end)
    client.wait_seq(live.pid, end, timeout=30)
    assert client.connects >= 2, "the client did not reconnect"
    assert client.errors == []
    for watcher in (client, steady):
        assert seqs(watcher.delivered(live.pid)) == list(range(head + 1, end + 1))
    # Not a second time either: no event after the last one, and the buffer is empty.
    time.sleep(0.3)
    assert client.last_seq(live.pid) == end and client.stream(live.pid).buffer == {}
    assert [e["subject"] for e in client.delivered(live.pid)] == \
        [e["subject"] for e in steady.delivered(live.pid)]


def test_another_delegations_draft_reaches_it_only_as_a_placeholder(
        live: Live, clients: list[LiveClient]) -> None:
    head = live.head()
    own = open_client(clients, base(live), token=live.token(0), name="own")
    other = open_client(clients, base(live), token=live.token(1), name="other")
    cofac = open_client(clients, base(live), token=live.negotiation.cofac_token, name="cofac")
    for watcher in (own, other, cofac):
        watcher.subscribe(live.pid, last_seq=head)
    [draft] = submit(live, 0, 1, seed=4, draft=True)
    assert draft["state"] == "draft"
    for watcher in (own, other, cofac):
        watcher.wait_seq(live.pid, head + 1)
    [mine] = own.delivered(live.pid)
    assert mine["type"] == "amendment.drafted" and mine["subject"] == f"amendment:{draft['id']}"
    for watcher in (other, cofac):
        [placeholder] = watcher.delivered(live.pid)
        assert placeholder == {"process_id": live.pid, "seq": head + 1, "type": "hidden"}
    # The replay shows each the same.
    late_other = open_client(clients, base(live), token=live.token(1), name="late other")
    late_own = open_client(clients, base(live), token=live.token(0), name="late own")
    assert late_other.subscribe(live.pid, last_seq=head)["replayed"] == 1
    assert late_own.subscribe(live.pid, last_seq=head)["replayed"] == 1
    late_other.wait_seq(live.pid, head + 1)
    late_own.wait_seq(live.pid, head + 1)
    assert late_other.delivered(live.pid) == [
        {"process_id": live.pid, "seq": head + 1, "type": "hidden", "replay": True}]
    assert late_own.delivered(live.pid)[0]["type"] == "amendment.drafted"
    # Nothing of the draft anywhere in what the others received, live or replayed.
    time.sleep(0.3)
    for watcher in (other, cofac, late_other):
        text = json.dumps(watcher.raw)
        assert f"amendment:{draft['id']}" not in text and "amendment.drafted" not in text
        assert draft["text"] not in text
        assert all(e["type"] == "hidden" for e in watcher.raw)


def test_presence_is_shown_to_the_co_facilitators_only(
        live: Live, clients: list[LiveClient]) -> None:
    cofac = open_client(clients, base(live), token=live.negotiation.cofac_token, name="cofac")
    cofac.subscribe(live.pid, last_seq=live.head())
    delegate = open_client(clients, base(live), token=live.token(2), name="delegate")
    delegate.subscribe(live.pid, last_seq=live.head())

    def connected(presence: dict[str, Any]) -> dict[str | None, int]:
        return {d["delegation"]: d["connected"] for d in presence["delegations"]}

    ack = cofac.ask_presence(live.pid)
    assert ack["ok"], ack
    counts = connected(ack["presence"])
    assert counts.get(live.code(2), 0) >= 1 and counts.get(None, 0) >= 1, counts
    wait_for(lambda: any(connected(p).get(live.code(2), 0) >= 1 for p in cofac.presence), 10,
             "the co-facilitator was not told that the delegate connected")
    refused = delegate.ask_presence(live.pid)
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden", refused
    before = counts.get(live.code(2), 0)
    pushes = len(cofac.presence)
    delegate.close()
    wait_for(lambda: len(cofac.presence) > pushes
             and connected(cofac.presence[-1]).get(live.code(2), 0) == before - 1, 10,
             lambda: f"no presence update after the delegate left: {cofac.presence[-3:]}")
    assert delegate.presence == []


def test_too_many_missed_events_ask_for_a_reload(live: Live,
                                                 clients: list[LiveClient]) -> None:
    needed = MAX_REPLAY + 5 - live.head()
    if needed > 0:
        submit(live, 1, needed, seed=5)
    head = live.head()
    assert head > MAX_REPLAY + 1
    far = open_client(clients, base(live), token=live.token(1), name="far")
    ack = far.subscribe(live.pid, last_seq=head - MAX_REPLAY - 1)
    first, second = far.stream(live.pid).acks
    assert first["reload"] is True and first["replayed"] == 0
    assert second["reload"] is False and second["replayed"] == 0 and ack == second
    assert far.stream(live.pid).reloads == [head]
    near = open_client(clients, base(live), token=live.token(1), name="near")
    ack = near.subscribe(live.pid, last_seq=head - MAX_REPLAY)
    assert ack["reload"] is False and ack["replayed"] == MAX_REPLAY
    near.wait_seq(live.pid, head)
    events = near.delivered(live.pid)
    assert seqs(events) == list(range(head - MAX_REPLAY + 1, head + 1))
    assert all(e["replay"] for e in events)


def test_a_role_change_asks_subscribers_to_subscribe_again(
        live: Live, clients: list[LiveClient]) -> None:
    head = live.head()
    watcher = open_client(clients, base(live), token=live.token(0), name="watcher")
    watcher.subscribe(live.pid, last_seq=head)
    cofac = Client(live.server.api, live.negotiation.cofac_token)
    try:
        # The invitation (seq head + 1), then the person accepting it (head + 2).
        invite(cofac, live.pid, {"email": "observer@bench.example", "name": "Observer",
                                 "role": "observer"})
    finally:
        cofac.close()
    wait_for(lambda: len(watcher.stream(live.pid).acks) >= 2, 15,
             lambda: f"no resubscription: {watcher.resubscribe_requests}")
    assert watcher.resubscribe_requests[0] == {"process_id": live.pid,
                                               "reason": "participant.added"}
    submit(live, 0, 2, seed=6)
    end = head + 4
    watcher.wait_seq(live.pid, end)
    assert seqs(watcher.delivered(live.pid)) == list(range(head + 1, end + 1))
    assert watcher.errors == []
