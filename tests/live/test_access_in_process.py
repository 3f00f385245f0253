"""The same access rules in one process, without spawning servers (Flask-SocketIO's test
client; SQLite and PostgreSQL): the signal is acted on in the request that changed the
access, before its event is sent."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_socketio import SocketIOTestClient

from server import socketio
from tests.support.worlds import World

NAMESPACE = "/live"


def connect(app: Flask, token: str | None) -> SocketIOTestClient:
    client = socketio.test_client(app, namespace=NAMESPACE, auth={"token": token})
    assert client.is_connected(NAMESPACE)
    return client


def subscribe(client: SocketIOTestClient, process_id: int) -> dict[str, Any]:
    ack: dict[str, Any] = client.emit("subscribe", {"process_id": process_id,
                                                    "last_seq": 2**31 - 1},
                                      namespace=NAMESPACE, callback=True)
    return ack


def received(client: SocketIOTestClient) -> list[tuple[str, Any]]:
    return [(m["name"], m["args"][0] if m["args"] else None)
            for m in client.get_received(NAMESPACE)]


def test_an_observer_is_moved_out_of_the_amendments_room_by_the_request_itself(
        world: World, app: Flask) -> None:
    cofac = world["cofac"]
    cofac.ok("PATCH", world.p, {"observers_see_amendments_in": ["negotiation"]})
    observer = connect(app, world["obs"].token)
    try:
        assert subscribe(observer, world.process_id)["ok"]
        received(observer)
        cofac.ok("PATCH", world.p, {"observers_see_amendments_in": []})
        amendment = world.propose("mex")
        messages = received(observer)
        names = [name for name, _ in messages]
        assert names.index("access.changed") < names.index("event"), names
        events = [body for name, body in messages if name == "event"]
        assert [e["type"] for e in events] == ["process.configured", "hidden"], events
        assert amendment["text"] not in str(messages)
    finally:
        observer.disconnect(namespace=NAMESPACE)


def test_a_revoked_tokens_socket_is_closed_by_the_revocation(world: World, app: Flask) -> None:
    token = world["che"].ok("POST", "/auth/tokens", {"name": "phone"}, status=201)["token"]
    phone = connect(app, token)
    try:
        assert subscribe(phone, world.process_id)["ok"]
        received(phone)
        world["che"].ok("POST", "/auth/tokens/revoke", {"token": token}, status=204)
        assert not phone.is_connected(NAMESPACE)
        # What it was sent before it was closed (the test client keeps it in its queue).
        assert [m["name"] for m in phone.queue] == ["access.ended"], phone.queue
    finally:
        if phone.is_connected(NAMESPACE):
            phone.disconnect(namespace=NAMESPACE)


def test_a_message_without_payload_is_answered_not_crashed(world: World, app: Flask) -> None:
    client = connect(app, world["mex"].token)
    try:
        answer = client.emit("subscribe", namespace=NAMESPACE, callback=True)
        assert answer["ok"] is False and answer["error"]["code"] == "invalid", answer
        assert subscribe(client, world.process_id)["ok"]
    finally:
        client.disconnect(namespace=NAMESPACE)
