"""Sockets follow access: the moment a token is revoked, a session ends, a participant is
removed, a role or the phase or the observers' setting changes, no event meant for the old
access reaches the connection, whatever its client does (these clients ignore ``resubscribe``
and ``access.changed``, as an attacker's would). Also: browser pages of another origin may not
connect, a refused connection says why in the protocol's shape, and every message's payload
is validated.

Each attack runs against a real server (``accord serve``, gevent) with real socket.io clients.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import requests
import socketio
import websocket

from tests.support.live import Live, open_client, session_cookie, submit
from tests.support.liveclient import NAMESPACE, LiveClient, wait_for
from tests.support.mail import link_in, mailbox
from tests.support.negotiation import Client, invite, login_token
from tests.support.servers import PASSWORD
from tests.support.stubborn import stubborn

pytestmark = pytest.mark.slow


def cofac(live: Live) -> Client:
    return Client(live.server.api, live.negotiation.cofac_token)


def newcomer(live: Live, email: str, role: str) -> tuple[str, int]:
    """Invite a person (who accepts); their bearer token and participant id."""
    http = cofac(live)
    try:
        invite(http, live.pid, {"email": email, "name": email.split("@")[0], "role": role})
        rows = http.call("GET", f"/processes/{live.pid}/participants")
    finally:
        http.close()
    participant = next(r["id"] for r in rows if r["email"] == email)
    return login_token(live.server.api, email), participant


def watch(live: Live, clients: list[LiveClient]) -> LiveClient:
    """The co-facilitators' connection: it sees everything, so once it has an event the
    server has sent that event to every room."""
    watcher = open_client(clients, live.server.base, token=live.negotiation.cofac_token,
                          name="cofac")
    assert watcher.subscribe(live.pid, last_seq=live.head())["ok"]
    return watcher


def configure(live: Live, phases: list[str]) -> None:
    """Set in which phases observers see attributed amendments."""
    http = cofac(live)
    try:
        current = http.call("GET", f"/processes/{live.pid}")["observers_see_amendments_in"]
        if current != phases:
            http.call("PATCH", f"/processes/{live.pid}",
                      {"observers_see_amendments_in": phases}, expect=200)
    finally:
        http.close()


# ---- the connection's credentials end ---------------------------------------------------------


def test_a_revoked_tokens_open_socket_receives_nothing_more(
        live: Live, clients: list[LiveClient]) -> None:
    token = login_token(live.server.api, f"{live.code(1).lower()}@bench.example")
    victim = stubborn(clients, live.server.base, token=token, name="revoked")
    watcher = watch(live, clients)
    head = live.head()
    assert victim.subscribe(live.pid, last_seq=head)["ok"]
    http = Client(live.server.api, token)
    try:
        http.call("POST", "/auth/tokens/revoke", {"token": token}, expect=204)
    finally:
        http.close()
    submit(live, 0, 2, seed=101)
    watcher.wait_seq(live.pid, head + 2)
    time.sleep(0.3)
    assert victim.seen_after(live.pid, head) == []
    [(name, ended)] = victim.access
    assert name == "access.ended" and ended["ok"] is False, victim.access
    assert ended["error"]["code"] == "unauthenticated" and ended["error"]["message"]
    wait_for(lambda: not victim.connected, 10, "the revoked token's socket stays open")


def test_signing_out_closes_the_sessions_socket(live: Live, clients: list[LiveClient]) -> None:
    email = f"{live.code(2).lower()}@bench.example"
    cookie = session_cookie(live.server.api, email)
    victim = stubborn(clients, live.server.base, cookie=cookie, name="signed out")
    # The same person's other session stays open: only the one signed out ends.
    other = stubborn(clients, live.server.base, cookie=session_cookie(live.server.api, email),
                     name="other session")
    watcher = watch(live, clients)
    head = live.head()
    for client in (victim, other):
        assert client.subscribe(live.pid, last_seq=head)["ok"]
    reply = requests.post(live.server.api + "/auth/logout", headers={"Cookie": cookie},
                          timeout=30)
    assert reply.status_code == 204, reply.text
    submit(live, 0, 2, seed=102)
    watcher.wait_seq(live.pid, head + 2)
    other.wait_seq(live.pid, head + 2)
    time.sleep(0.3)
    assert victim.seen_after(live.pid, head) == []
    assert [name for name, _ in victim.access] == ["access.ended"]
    wait_for(lambda: not victim.connected, 10, "the signed-out session's socket stays open")
    assert other.connected and other.access == []


def test_an_administrator_signing_a_person_out_closes_every_socket(
        live: Live, clients: list[LiveClient]) -> None:
    token, _participant = newcomer(live, "signed-out@bench.example", "observer")
    cookie = session_cookie(live.server.api, "signed-out@bench.example")
    victims = [stubborn(clients, live.server.base, token=token, name="token"),
               stubborn(clients, live.server.base, cookie=cookie, name="cookie")]
    watcher = watch(live, clients)
    head = live.head()
    for victim in victims:
        assert victim.subscribe(live.pid, last_seq=head)["ok"]
    me = Client(live.server.api, token)
    try:
        user_id = me.call("GET", "/auth/me")["user"]["id"]
    finally:
        me.close()
    admin = Client(live.server.api, live.negotiation.admin_token)
    try:
        admin.call("POST", f"/users/{user_id}/sign-out", expect=200)
    finally:
        admin.close()
    submit(live, 0, 1, seed=103)
    watcher.wait_seq(live.pid, head + 1)
    time.sleep(0.3)
    for victim in victims:
        assert victim.seen_after(live.pid, head) == [], victim.name
    wait_for(lambda: not any(v.connected for v in victims), 10, "a socket stays open")


def test_a_password_change_closes_the_other_sessions_sockets(
        live: Live, clients: list[LiveClient]) -> None:
    email = "changes-password@bench.example"
    _token, _participant = newcomer(live, email, "observer")
    kept, ended = session_cookie(live.server.api, email), session_cookie(live.server.api, email)
    stays = stubborn(clients, live.server.base, cookie=kept, name="the session changing it")
    victim = stubborn(clients, live.server.base, cookie=ended, name="another session")
    watcher = watch(live, clients)
    head = live.head()
    for client in (stays, victim):
        assert client.subscribe(live.pid, last_seq=head)["ok"]
    reply = requests.post(live.server.api + "/auth/password", headers={"Cookie": kept},
                          json={"current_password": PASSWORD,
                                "new_password": PASSWORD + " changed"}, timeout=30)
    assert reply.status_code in (200, 204), reply.text
    submit(live, 0, 1, seed=108)
    watcher.wait_seq(live.pid, head + 1)
    stays.wait_seq(live.pid, head + 1)
    time.sleep(0.3)
    assert victim.seen_after(live.pid, head) == []
    wait_for(lambda: not victim.connected, 10, "the other session's socket stays open")
    assert stays.connected and stays.access == []


def test_a_password_reset_closes_every_socket_of_the_person(
        live: Live, clients: list[LiveClient]) -> None:
    email = "resets-password@bench.example"
    token, _participant = newcomer(live, email, "observer")
    victims = [stubborn(clients, live.server.base, token=token, name="token"),
               stubborn(clients, live.server.base, cookie=session_cookie(live.server.api, email),
                        name="cookie")]
    watcher = watch(live, clients)
    head = live.head()
    for victim in victims:
        assert victim.subscribe(live.pid, last_seq=head)["ok"]
    since = mailbox().mark()
    reply = requests.post(live.server.api + "/auth/password-reset", json={"email": email},
                          timeout=30)
    assert reply.status_code in (200, 202, 204), reply.text
    _kind, link = link_in(mailbox().wait_for(email, since, timeout=30))
    reply = requests.post(live.server.api + "/auth/password-reset/complete",
                          json={"token": link, "password": PASSWORD + " reset"}, timeout=30)
    assert reply.status_code in (200, 204), reply.text
    submit(live, 0, 1, seed=109)
    watcher.wait_seq(live.pid, head + 1)
    time.sleep(0.3)
    for victim in victims:
        assert victim.seen_after(live.pid, head) == [], victim.name
    wait_for(lambda: not any(v.connected for v in victims), 10, "a socket stays open")


# ---- what the participant may see changes --------------------------------------------------


def test_a_removed_participant_receives_nothing_more(
        live: Live, clients: list[LiveClient]) -> None:
    token, participant = newcomer(live, "removed@bench.example", "observer")
    victim = stubborn(clients, live.server.base, token=token, name="removed")
    watcher = watch(live, clients)
    head = live.head()
    assert victim.subscribe(live.pid, last_seq=head)["ok"]
    http = cofac(live)
    try:
        http.call("DELETE", f"/processes/{live.pid}/participants/{participant}", expect=204)
    finally:
        http.close()
    submit(live, 0, 2, seed=104)
    watcher.wait_seq(live.pid, head + 3)
    time.sleep(0.3)
    # Not even the news of its own removal, nor a placeholder: it follows the process no more.
    assert victim.seen_after(live.pid, head) == []
    [(name, changed)] = victim.access
    assert name == "access.changed" and changed["subscribed"] is False, changed
    assert changed["reason"] == "participant.removed"
    assert changed["error"]["code"] == "not_found"
    assert victim.connected  # its token still works: elsewhere it may take part
    again = victim.call("subscribe", {"process_id": live.pid, "last_seq": head})
    assert again["ok"] is False and again["error"]["code"] == "not_found", again


def test_a_role_change_moves_the_rooms_at_once(live: Live, clients: list[LiveClient]) -> None:
    token, participant = newcomer(live, "demoted@bench.example", "secretariat")
    victim = stubborn(clients, live.server.base, token=token, name="demoted")
    watcher = watch(live, clients)
    head = live.head()
    assert victim.subscribe(live.pid, last_seq=head)["ok"]
    http = cofac(live)
    try:
        http.call("PATCH", f"/processes/{live.pid}/participants/{participant}",
                  {"role": "observer"}, expect=200)
        # A staff-only event: who was invited, in which role.
        http.call("POST", f"/processes/{live.pid}/participants",
                  {"email": "invited-later@bench.example", "name": "Invited later",
                   "role": "secretariat"}, expect=201)
    finally:
        http.close()
    watcher.wait_seq(live.pid, head + 2)
    invited = watcher.delivered(live.pid)[-1]
    assert invited["type"] == "participant.invited"
    wait_for(lambda: any(e["seq"] == invited["seq"] for e in victim.raw), 10,
             "no placeholder for the staff-only event")
    seen = victim.seen_after(live.pid, head)
    assert [e["type"] for e in seen] == ["participant.role_changed", "hidden"], seen
    assert ("access.changed", {"process_id": live.pid, "reason": "participant.role_changed",
                               "subscribed": True, "role": "observer"}) in victim.access


def test_observers_stop_seeing_amendments_the_moment_the_setting_is_turned_off(
        live: Live, clients: list[LiveClient]) -> None:
    configure(live, ["negotiation"])
    token, _participant = newcomer(live, "observer-off@bench.example", "observer")
    victim = stubborn(clients, live.server.base, token=token, name="observer")
    watcher = watch(live, clients)
    head = live.head()
    assert victim.subscribe(live.pid, last_seq=head)["ok"]
    made = submit(live, 0, 1, seed=105)
    watcher.wait_seq(live.pid, head + 1)
    wait_for(lambda: victim.last_seq(live.pid) >= head + 1, 10, "the observer saw nothing")
    assert victim.delivered(live.pid)[-1]["subject"] == f"amendment:{made[0]['id']}"
    configure(live, [])
    later = submit(live, 0, 2, seed=106)
    watcher.wait_seq(live.pid, head + 4)
    victim.wait_seq(live.pid, head + 4)
    seen = victim.delivered(live.pid)[-3:]
    assert [e["type"] for e in seen] == ["process.configured", "hidden", "hidden"], seen
    for amendment in later:
        assert f"amendment:{amendment['id']}" not in str(victim.raw)
        assert amendment["text"] not in str(victim.raw)
    assert any(name == "access.changed" and m["reason"] == "process.configured"
               for name, m in victim.access), victim.access


# ---- connecting -------------------------------------------------------------------------------


def test_a_page_of_another_origin_may_not_use_a_delegates_cookie(
        live: Live, clients: list[LiveClient]) -> None:
    cookie = session_cookie(live.server.api, f"{live.code(0).lower()}@bench.example")
    evil = "http://evil.example"
    # A WebSocket (the Origin its handshake carries), and long-polling (the requests' header).
    for transport, headers in (("websocket", {"Cookie": cookie}),
                               ("polling", {"Cookie": cookie, "Origin": evil})):
        attacker = socketio.Client(reconnection=False,
                                   websocket_extra_options={"origin": evil})
        try:
            with pytest.raises(socketio.exceptions.ConnectionError):
                attacker.connect(live.server.base, namespaces=[NAMESPACE],
                                 transports=[transport], wait_timeout=10, headers=headers)
        finally:
            attacker.disconnect()
    # The server's own pages connect with the same cookie.
    own = socketio.Client(reconnection=False,
                          websocket_extra_options={"origin": live.server.base})
    try:
        own.connect(live.server.base, namespaces=[NAMESPACE], transports=["websocket"],
                    wait_timeout=10, headers={"Cookie": cookie})
        ack = own.call("subscribe", {"process_id": live.pid, "last_seq": live.head()},
                       namespace=NAMESPACE, timeout=10)
        assert ack["ok"] and ack["role"] == "delegate", ack
    finally:
        own.disconnect()


def test_a_client_without_an_origin_connects_with_its_token(live: Live) -> None:
    """A program (no browser, so no Origin header) speaks the protocol with its token."""
    url = live.server.base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    ws = websocket.create_connection(url, suppress_origin=True, timeout=10)
    try:
        assert str(ws.recv()).startswith("0")  # Engine.IO open
        ws.send("40/live," + json.dumps({"token": live.token(0)}))
        answer = str(ws.recv())
        assert answer.startswith('40/live,{"sid"'), answer
    finally:
        ws.close()


def test_a_refused_connection_says_why_in_the_protocols_shape(live: Live) -> None:
    refused: list[Any] = []
    client = socketio.Client(reconnection=False)
    client.on("connect_error", refused.append, namespace=NAMESPACE)
    try:
        with pytest.raises(socketio.exceptions.ConnectionError):
            client.connect(live.server.base, namespaces=[NAMESPACE], transports=["websocket"],
                           auth={"token": "not-a-token"}, wait_timeout=10)
    finally:
        client.disconnect()
    wait_for(lambda: bool(refused), 5, "no connect_error")
    assert refused[0] == {"message": "Sign in, or connect with a token.",
                          "data": {"code": "unauthenticated",
                                   "message": "Sign in, or connect with a token.",
                                   "details": {}}}, refused


# ---- every message is validated -----------------------------------------------------------------

HUGE = 2**63
SENT: dict[str, dict[str, Any]] = {
    "subscribe": {"process_id": 1, "last_seq": 0},
    "unsubscribe": {"process_id": 1},
    "presence": {"process_id": 1},
    "coedit.join": {"document_id": 1},
    "coedit.leave": {"document_id": 1},
    "coedit.sync": {"document_id": 1, "unit": "op1", "state_vector": "AA=="},
    "coedit.update": {"document_id": 1, "unit": "op1", "update": "AAA="},
    "coedit.caret": {"document_id": 1, "unit": "op1", "anchor": None, "head": None},
}


def wrong_payloads(name: str) -> list[Any]:
    good = SENT[name]
    wrong: list[Any] = [7, "text", [good], {}]
    for key, value in good.items():
        if value is None:
            continue
        if isinstance(value, int):
            wrong += [{**good, key: str(value)}, {**good, key: -1}, {**good, key: HUGE},
                      {**good, key: True}, {**good, key: 1.5}]
        else:
            # Longer than any key, or than the largest update accepted (yet shorter than
            # what Engine.IO accepts in one message: the connection must stay usable).
            wrong += [{**good, key: 12}, {**good, key: "x" * (500_000 if key in (
                "state_vector", "update") else 500)}]
    if name == "coedit.sync":
        wrong.append({**good, "state_vector": "not base64!"})
    return wrong


def test_every_message_validates_its_payload_and_the_connection_stays_usable(
        live: Live, clients: list[LiveClient]) -> None:
    client = open_client(clients, live.server.base, token=live.token(0), name="fuzzer")
    for name in SENT:
        # No payload at all.
        answer = client.sio.call(name, namespace=NAMESPACE, timeout=15)
        assert answer["ok"] is False and answer["error"]["code"] == "invalid", (name, answer)
        for payload in wrong_payloads(name):
            answer = client.sio.call(name, payload, namespace=NAMESPACE, timeout=15)
            assert answer["ok"] is False, (name, payload, answer)
            error = answer["error"]
            assert error["code"] == "invalid", (name, str(payload)[:200], answer)
            assert set(error) == {"code", "message", "details"}
            assert error["details"]["fields"], answer
            assert "x" * 100 not in str(answer)  # what was sent is not echoed
    # Two payloads are one too many.
    answer = client.sio.call("subscribe", ({"process_id": 1, "last_seq": 0}, 2),
                             namespace=NAMESPACE, timeout=15)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid", answer
    assert client.connected
    ack = client.subscribe(live.pid, last_seq=live.head())
    assert ack["ok"], ack


# ---- last: the phase changes what observers see (the process goes back to stocktaking) ---------


def test_a_phase_change_moves_observers_out_of_the_amendments_room(
        live: Live, clients: list[LiveClient]) -> None:
    configure(live, ["negotiation"])
    token, _participant = newcomer(live, "observer-phase@bench.example", "observer")
    [amendment] = submit(live, 1, 1, seed=107)
    victim = stubborn(clients, live.server.base, token=token, name="observer")
    watcher = watch(live, clients)
    head = live.head()
    assert victim.subscribe(live.pid, last_seq=head)["ok"]
    http = cofac(live)
    document = live.negotiation.document_id
    try:
        http.call("POST", f"/processes/{live.pid}/phase",
                  {"phase": "stocktaking", "reason": "One more round of consultations."},
                  expect=200)
        copy = http.call("GET", f"/documents/{document}/working-copy")
        # Applying an amendment (allowed in stocktaking) is an event about an attributed
        # amendment: observers see such events in negotiation only, as configured.
        http.call("POST", f"/documents/{document}/working-copy/applications",
                  {"base_version": copy["version"], "amendments": [
                      {"amendment": amendment["id"]}]}, expect=200)
        end = live.head()
        watcher.wait_seq(live.pid, end)
        victim.wait_seq(live.pid, end)
        [applied] = [e["seq"] for e in watcher.delivered(live.pid)
                     if e["type"] == "amendment.applied"]
        seen = {e["seq"]: e["type"] for e in victim.delivered(live.pid)}
        assert seen[head + 1] == "phase.changed" and seen[applied] == "hidden", seen
        assert "amendment.applied" not in str(victim.raw)
        assert ("access.changed", {"process_id": live.pid, "reason": "phase.changed",
                                   "subscribed": True, "role": "observer"}) in victim.access
    finally:
        http.call("POST", f"/processes/{live.pid}/phase", {"phase": "negotiation"},
                  expect=200)
        http.close()
