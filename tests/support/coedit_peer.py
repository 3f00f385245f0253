"""A pen-holder's (or a watcher's) socket for co-editing tests, through Flask-SocketIO's test
client: a pycrdt document per paragraph, synced and typed into as the browser does."""

from __future__ import annotations

import base64
from typing import Any

import pycrdt
from flask import Flask
from flask_socketio import SocketIOTestClient

from server import socketio
from tests.support.driver import As

NS = "/live"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


class Peer:
    """A pen-holder's (or a watcher's) socket with a pycrdt document per paragraph."""

    def __init__(self, app: Flask, person: As) -> None:
        self.client: SocketIOTestClient = socketio.test_client(
            app, namespace=NS, auth={"token": person.token})
        assert self.client.is_connected(NS)
        self.docs: dict[str, pycrdt.Doc[Any]] = {}
        self.document_id = 0

    def call(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self.client.emit(name, body, namespace=NS, callback=True)
        return answer

    def join(self, document_id: int) -> dict[str, Any]:
        self.document_id = document_id
        return self.call("coedit.join", {"document_id": document_id})

    def text(self, key: str) -> pycrdt.Text:
        doc = self.docs.setdefault(key, pycrdt.Doc())
        return doc.get("text", type=pycrdt.Text)

    def sync(self, key: str) -> dict[str, Any]:
        self.text(key)
        doc = self.docs[key]
        ack = self.call("coedit.sync", {"document_id": self.document_id, "unit": key,
                                        "state_vector": b64(doc.get_state())})
        assert ack["ok"], ack
        doc.apply_update(unb64(ack["update"]))
        mine = doc.get_update(unb64(ack["state_vector"]))
        if mine != b"\x00\x00":
            assert self.send(key, mine)["ok"]
        return ack

    def type(self, key: str, at: int, words: str) -> dict[str, Any]:
        doc = self.docs[key]
        made: list[bytes] = []
        subscription = doc.observe(lambda event: made.append(event.update))
        self.text(key).insert(at, words)
        doc.unobserve(subscription)
        return self.send(key, made[0])

    def send(self, key: str, update: bytes) -> dict[str, Any]:
        return self.call("coedit.update", {"document_id": self.document_id, "unit": key,
                                           "update": b64(update)})

    def receive(self) -> list[dict[str, Any]]:
        """Apply every coedit.update received; return all messages received."""
        got = self.client.get_received(NS)
        for message in got:
            if message["name"] == "coedit.update":
                body = message["args"][0]
                self.docs[body["unit"]].apply_update(unb64(body["update"]))
        return got
