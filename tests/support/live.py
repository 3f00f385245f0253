"""The live tests' view of a real server with a negotiation: its delegates' tokens, the
process's head seq, reference clients opened on it, and amendments submitted over HTTP."""

from __future__ import annotations

import contextlib
import random
import time
from dataclasses import dataclass
from typing import Any

import requests

from tests.support.liveclient import LiveClient
from tests.support.negotiation import Client, Negotiation, amendment_body
from tests.support.servers import PASSWORD, ServerProcess

#: Lowered so that the reload test need not record thousands of changes.
MAX_REPLAY = 40
START_TIMEOUT = 90.0


@dataclass
class Live:
    server: ServerProcess
    negotiation: Negotiation
    outsider_token: str

    @property
    def pid(self) -> int:
        return self.negotiation.process_id

    def token(self, index: int) -> str:
        return self.negotiation.delegates[index][1]

    def code(self, index: int) -> str:
        return self.negotiation.delegates[index][0]

    def head(self) -> int:
        """The process's last seq, from the history over HTTP (co-facilitator)."""
        cofac = Client(self.server.api, self.negotiation.cofac_token)
        try:
            return int(_head_of(cofac, self.pid))
        finally:
            cofac.close()


def _head_of(client: Client, process_id: int) -> int:
    probe = LiveClient(client.api.removesuffix("/api/v1"), token=client.token, name="probe")
    try:
        probe.connect()
        ack = probe.subscribe(process_id, last_seq=2**31 - 1)
        assert ack["ok"], ack
        return int(ack["head_seq"])
    finally:
        probe.close()


def open_client(clients: list[LiveClient], base: str, **kwargs: Any) -> LiveClient:
    """A connected LiveClient, added to ``clients`` (the fixture closes them all)."""
    client = LiveClient(base, **kwargs)
    clients.append(client)
    return client.connect()


def session_cookie(api: str, email: str) -> str:
    """Sign in with the password; the ``Cookie`` header of the browser session."""
    http = requests.Session()
    try:
        reply = http.post(api + "/auth/login", json={"email": email, "password": PASSWORD},
                          timeout=30)
        assert reply.status_code == 200, reply.text
        return "; ".join(f"{c.name}={c.value}" for c in http.cookies)
    finally:
        with contextlib.suppress(Exception):
            http.close()


def submit(live: Live, index: int, count: int, *, seed: int = 0, pause: float = 0.0,
           draft: bool = False) -> list[dict[str, Any]]:
    """``count`` amendments by delegate ``index`` over HTTP; their representations."""
    rng = random.Random(seed)
    http = Client(live.server.api, live.token(index))
    made = []
    try:
        for _ in range(count):
            body = amendment_body(live.negotiation, rng)
            body["submit"] = not draft
            made.append(http.call("POST", f"/processes/{live.pid}/amendments", body,
                                  expect=201))
            if pause:
                time.sleep(pause)
    finally:
        http.close()
    return made


def seqs(events: list[dict[str, Any]]) -> list[int]:
    return [int(e["seq"]) for e in events]
