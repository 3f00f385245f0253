"""A real server (``accord serve``, gevent) with a negotiation, shared by the live tests of a
module; the Redis tests start two processes of their own."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from bench.common import (
    PASSWORD,
    Client,
    Negotiation,
    ServerProcess,
    add_user,
    running_server,
    setup_negotiation,
)
from tests.realtime.liveclient import LiveClient

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


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("live")
    with running_server("sqlite", workdir, extra_env={"ACCORD_MAX_REPLAY": str(MAX_REPLAY)},
                       start_timeout=START_TIMEOUT) as (server, _database):
        try:
            negotiation = setup_negotiation(server, delegates=3, paragraphs=6)
        except Exception as error:
            pytest.fail(f"setting up failed: {error!r}\n{server.log()[-3000:]}")
        outsider = add_user(server.env, "outsider@bench.example", name="Outsider")
        yield Live(server, negotiation, outsider)


@pytest.fixture
def clients() -> Iterator[list[LiveClient]]:
    """Every LiveClient a test opens; all closed at teardown."""
    opened: list[LiveClient] = []
    yield opened
    for client in opened:
        client.close()


def open_client(clients: list[LiveClient], base: str, **kwargs: Any) -> LiveClient:
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

