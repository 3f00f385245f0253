"""A reference client of the live protocol (server/live/protocol.py), on python-socketio.

It follows the client rules of the protocol: per process a gap-free ``last_seq``; later events
buffered until the missing ones arrive; a seq at or below ``last_seq`` dropped; a full event
replaces a buffered ``hidden`` placeholder (never the reverse); subscribe again on
``resubscribe`` and after every reconnection with the last seq seen; on ``reload`` start again
from the ack's ``head_seq`` (a real client fetches the state over HTTP first).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import socketio

NAMESPACE = "/live"


@dataclass
class Stream:
    """What one process's events look like to this client."""

    last_seq: int = 0
    buffer: dict[int, dict[str, Any]] = field(default_factory=dict)
    delivered: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0  # duplicates received (allowed on the wire, never delivered)
    reloads: list[int] = field(default_factory=list)  # head_seq of every reload
    acks: list[dict[str, Any]] = field(default_factory=list)


class LiveClient:
    """One connection to /live, subscribed to some processes."""

    def __init__(self, base: str, *, token: str | None = None, cookie: str | None = None,
                 name: str = "client", timeout: float = 15.0) -> None:
        self.base, self.token, self.cookie, self.name, self.timeout = \
            base, token, cookie, name, timeout
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2,
                                   reconnection_delay_max=1.0, randomization_factor=0.0,
                                   request_timeout=timeout)
        self.lock = threading.RLock()
        self.streams: dict[int, Stream] = {}
        self.raw: list[dict[str, Any]] = []  # every event as received, in order
        self.presence: list[dict[str, Any]] = []
        self.resubscribe_requests: list[dict[str, Any]] = []
        self.errors: list[BaseException] = []
        self.connects = 0
        self.sio.on("connect", self._on_connect, namespace=NAMESPACE)
        self.sio.on("event", self._on_event, namespace=NAMESPACE)
        self.sio.on("presence", self._on_presence, namespace=NAMESPACE)
        self.sio.on("resubscribe", self._on_resubscribe, namespace=NAMESPACE)

    # ---- connection ----------------------------------------------------------------------

    def connect(self) -> LiveClient:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        auth = {"token": self.token} if self.token else None
        self.sio.connect(self.base, namespaces=[NAMESPACE], transports=["websocket"],
                         auth=auth, headers=headers, wait_timeout=self.timeout)
        return self

    def close(self) -> None:
        """Disconnect, and stop reconnecting: a client the server closed (its access ended)
        would otherwise retry for ever in a thread of its own, long after its test (and draw
        its delays from the global ``random``, which hypothesis tests then find moved).
        shutdown() alone misses a connection dropped a moment before, whose reconnection has
        not started yet: with ``reconnection`` off first, none starts."""
        self.sio.reconnection = False
        with contextlib.suppress(Exception):
            self.sio.shutdown()

    def kill_transport(self) -> None:
        """Cut the TCP connection under the WebSocket, as a network failure would: the
        client notices, reconnects by itself and resubscribes with its last seq."""
        ws = getattr(self.sio.eio, "ws", None)
        sock = getattr(ws, "sock", None)
        if sock is None:
            raise RuntimeError("no WebSocket to cut")
        sock.shutdown(socket.SHUT_RDWR)

    @property
    def connected(self) -> bool:
        return bool(self.sio.connected) and NAMESPACE in self.sio.namespaces

    def _on_connect(self) -> None:
        with self.lock:
            self.connects += 1
            again = self.connects > 1
            processes = list(self.streams)
        if again:  # a reconnection: catch up on every process followed
            self.sio.start_background_task(self._resubscribe_all, processes)

    def _resubscribe_all(self, processes: list[int]) -> None:
        for process_id in processes:
            try:
                self.subscribe(process_id)
            except BaseException as error:  # recorded for the test to report
                self.errors.append(error)

    # ---- requests ------------------------------------------------------------------------

    def call(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = self.sio.call(name, body, namespace=NAMESPACE,
                                               timeout=self.timeout)
        return answer

    def subscribe(self, process_id: int, last_seq: int | None = None) -> dict[str, Any]:
        """Subscribe (or subscribe again) with the last seq seen; follow ``reload``."""
        with self.lock:
            stream = self.streams.setdefault(process_id, Stream())
            if last_seq is not None:
                stream.last_seq = last_seq
            seen = stream.last_seq
        ack = self.call("subscribe", {"process_id": process_id, "last_seq": seen})
        with self.lock:
            stream.acks.append(ack)
        if ack.get("ok") and ack.get("reload"):
            head = int(ack["head_seq"])
            with self.lock:
                stream.reloads.append(head)
                # Here a real client fetches the state over HTTP; it is then at head_seq.
                stream.last_seq = max(stream.last_seq, head)
                for seq in [s for s in stream.buffer if s <= stream.last_seq]:
                    del stream.buffer[seq]
                self._flush(stream)
            return self.subscribe(process_id)
        return ack

    def unsubscribe(self, process_id: int) -> dict[str, Any]:
        with self.lock:
            self.streams.pop(process_id, None)
        return self.call("unsubscribe", {"process_id": process_id})

    def ask_presence(self, process_id: int) -> dict[str, Any]:
        return self.call("presence", {"process_id": process_id})

    # ---- incoming ------------------------------------------------------------------------

    def _on_event(self, event: dict[str, Any]) -> None:
        with self.lock:
            self.raw.append(event)
            stream = self.streams.get(event["process_id"])
            if stream is None:
                return
            seq = int(event["seq"])
            if seq <= stream.last_seq:
                stream.dropped += 1
                return
            held = stream.buffer.get(seq)
            if held is None or (held["type"] == "hidden" and event["type"] != "hidden"):
                stream.buffer[seq] = event
            else:
                stream.dropped += 1
            self._flush(stream)

    @staticmethod
    def _flush(stream: Stream) -> None:
        while stream.last_seq + 1 in stream.buffer:
            stream.last_seq += 1
            stream.delivered.append(stream.buffer.pop(stream.last_seq))

    def _on_presence(self, presence: dict[str, Any]) -> None:
        with self.lock:
            self.presence.append(presence)

    def _on_resubscribe(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.resubscribe_requests.append(message)
            known = message.get("process_id") in self.streams
        if known:
            self.sio.start_background_task(self._resubscribe_all, [message["process_id"]])

    # ---- for tests -----------------------------------------------------------------------

    def stream(self, process_id: int) -> Stream:
        with self.lock:
            return self.streams.setdefault(process_id, Stream())

    def last_seq(self, process_id: int) -> int:
        with self.lock:
            stream = self.streams.get(process_id)
            return stream.last_seq if stream else 0

    def delivered(self, process_id: int) -> list[dict[str, Any]]:
        with self.lock:
            stream = self.streams.get(process_id)
            return list(stream.delivered) if stream else []

    def wait_seq(self, process_id: int, seq: int, timeout: float = 20.0) -> None:
        wait_for(lambda: self.last_seq(process_id) >= seq, timeout,
                 lambda: f"{self.name} reached seq {self.last_seq(process_id)}, not {seq}; "
                         f"buffered {sorted(self.stream(process_id).buffer)}; "
                         f"errors {self.errors!r}")


def wait_for(condition: Callable[[], bool], timeout: float,
             message: Callable[[], str] | str = "timed out") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(0.02)
