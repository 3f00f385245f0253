"""Co-editing against a real gevent server, with python-socketio and pycrdt as client peers:
two pen-holders typing into one paragraph from two threads at once keep every keystroke, and
a pen-holder whose connection is cut while typing loses nothing once it syncs again."""

from __future__ import annotations

import base64
import socket
import threading
import time
from typing import Any

import pycrdt
import pytest
import requests
import socketio

from tests.support.live import Live

pytestmark = pytest.mark.slow
NS = "/live"


class Peer:
    def __init__(self, live: Live, key: str) -> None:
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                   randomization_factor=0.0)
        self.doc: Any = pycrdt.Doc()
        self.text = self.doc.get("text", type=pycrdt.Text)
        self.lock = threading.RLock()
        self.key, self.document_id = key, live.negotiation.document_id
        self.offline: list[bytes] = []
        self.sio.on("coedit.update", self._remote, namespace=NS)
        self.sio.on("connect", self._connected, namespace=NS)
        self.sio.connect(live.server.base, namespaces=[NS], transports=["websocket"],
                         auth={"token": live.negotiation.cofac_token}, wait_timeout=20)
        self.sync()

    def _connected(self) -> None:
        if getattr(self, "synced_once", False):
            self.sio.start_background_task(self.sync)

    def _remote(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.doc.apply_update(base64.b64decode(message["update"]))

    def call(self, name: str, body: dict[str, Any]) -> dict[str, Any] | None:
        try:
            answer: dict[str, Any] = self.sio.call(name, body, namespace=NS, timeout=10)
            return answer
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return None

    def sync(self) -> None:
        """Join, then Yjs sync steps 1 and 2 for the paragraph."""
        assert (self.call("coedit.join", {"document_id": self.document_id}) or {}).get("ok")
        with self.lock:
            state = self.doc.get_state()
        ack = self.call("coedit.sync", {"document_id": self.document_id, "unit": self.key,
                                        "state_vector": base64.b64encode(state).decode()})
        assert ack and ack["ok"], ack
        with self.lock:
            self.doc.apply_update(base64.b64decode(ack["update"]))
            mine = self.doc.get_update(base64.b64decode(ack["state_vector"]))
        if mine != b"\x00\x00":
            self.send(mine)
        self.synced_once = True

    def send(self, update: bytes) -> dict[str, Any] | None:
        return self.call("coedit.update", {"document_id": self.document_id, "unit": self.key,
                                           "update": base64.b64encode(update).decode()})

    def type(self, words: str, *, at_start: bool) -> None:
        for char in words:
            made: list[bytes] = []
            with self.lock:
                subscription = self.doc.observe(made_by(made))
                # At the start: after what this pen-holder typed before its marker "|".
                at = len(_prefix(self.text).encode()) if at_start else \
                    len(str(self.text).encode())
                self.text.insert(at, char)
                self.doc.unobserve(subscription)
            self.send(made[0])  # unacknowledged while offline: the next sync sends it

    def close(self) -> None:
        self.sio.reconnection = False  # as LiveClient.close: no reconnection starts after it
        self.sio.shutdown()


def made_by(made: list[bytes]) -> Any:
    return lambda event: made.append(event.update)


def _prefix(text: pycrdt.Text) -> str:
    """What this pen-holder typed at the start so far (its words stay in order)."""
    current = str(text)
    end = current.find("|")
    return current[:end] if end >= 0 else ""


def server_text(live: Live, key: str) -> str:
    reply = requests.get(f"{live.server.api}/documents/{live.negotiation.document_id}/"
                         "working-copy", headers={
                             "Authorization": f"Bearer {live.negotiation.cofac_token}"},
                         timeout=30)
    assert reply.status_code == 200, reply.text
    return str(next(u["text"] for u in reply.json()["units"] if u["key"] == key))


def wait_text(live: Live, key: str, wanted: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    found = server_text(live, key)
    while found != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
        found = server_text(live, key)
    return found


def test_two_threads_typing_into_one_paragraph_keep_every_keystroke(live: Live) -> None:
    key = list(live.negotiation.units)[1]
    one, two = Peer(live, key), Peer(live, key)
    try:
        original = str(one.text)
        # A marker the first pen-holder types after, so each one's words stay together.
        with one.lock:
            made: list[bytes] = []
            subscription = one.doc.observe(lambda event: made.append(event.update))
            one.text.insert(0, "|")
            one.doc.unobserve(subscription)
        assert (one.send(made[0]) or {}).get("ok")
        time.sleep(0.5)
        threads = [threading.Thread(target=one.type, args=("alpha beta gamma ",),
                                    kwargs={"at_start": True}),
                   threading.Thread(target=two.type, args=(" delta epsilon",),
                                    kwargs={"at_start": False})]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        expected = "alpha beta gamma |" + original + " delta epsilon"
        assert wait_text(live, key, expected) == expected
        deadline = time.monotonic() + 10
        while (str(one.text), str(two.text)) != (expected, expected) and \
                time.monotonic() < deadline:
            time.sleep(0.1)
        assert str(one.text) == str(two.text) == expected
    finally:
        one.close()
        two.close()


def test_a_cut_connection_while_typing_loses_nothing(live: Live) -> None:
    key = list(live.negotiation.units)[2]
    peer = Peer(live, key)
    try:
        original = str(peer.text)
        peer.type(" before", at_start=False)
        assert wait_text(live, key, original + " before") == original + " before"
        sock = peer.sio.eio.ws.sock
        sock.shutdown(socket.SHUT_RDWR)  # as a network failure would
        peer.type(" during", at_start=False)
        peer.type(" after", at_start=False)
        expected = original + " before during after"
        assert wait_text(live, key, expected, timeout=30) == expected
    finally:
        peer.close()
