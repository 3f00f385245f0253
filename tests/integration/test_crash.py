"""Crash safety: SIGKILL the real server while delegates submit amendments, restart it on the
same database, and find every acknowledged (201) amendment stored, the history chain intact,
and the server accepting amendments again.

The server runs as ``accord serve`` in its own process group (``accord serve`` execs
``python -m server.serve``, so the child's PID is the serving process itself).
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.support.databases import Database, fresh_database
from tests.support.negotiation import Client, Negotiation, amendment_body, setup_negotiation
from tests.support.servers import ServerProcess, accord, free_port, server_env
from tests.support.services import PG_HOST, PG_PORT, need

pytestmark = pytest.mark.slow

BACKENDS = [pytest.param("sqlite", id="sqlite")]
if os.environ.get("ACCORD_TEST_BACKENDS") != "sqlite":
    BACKENDS.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))

START_TIMEOUT = 90.0  # a loaded CI machine can be slow to import the app
LOAD_BEFORE_KILL = 1.5  # seconds of load before the kill
MIN_ACKED_BEFORE_KILL = 20
CLIENTS = 4


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "postgresql":
        need("PostgreSQL", PG_HOST, PG_PORT)
    created = fresh_database(request.param, tmp_path, prefix="accord_crash")
    yield created
    created.drop()  # after the servers' finalizers: they depend on this fixture


@pytest.fixture
def servers(database: Database) -> Iterator[list[ServerProcess]]:
    """Every server started by the test; each is killed (with its group) at teardown, before
    its database is dropped."""
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.kill()


def start_server(database: Database, tmp_path: Path, servers: list[ServerProcess],
                 name: str) -> ServerProcess:
    env = server_env(database.url, tmp_path / "instance", free_port())
    server = ServerProcess(env, tmp_path / f"{name}.log")
    servers.append(server)
    return server.start(START_TIMEOUT)


def set_up(server: ServerProcess, delegates: int, paragraphs: int) -> Negotiation:
    try:
        return setup_negotiation(server, delegates=delegates, paragraphs=paragraphs)
    except Exception as error:
        assert server.process is not None
        pytest.fail(f"setting up the negotiation failed: {error!r}\n"
                    f"server exit code: {server.process.poll()}\n"
                    f"server log:\n{server.log()[-3000:]}")


@dataclass
class Submitter:
    """One delegate submitting amendments in a loop; remembers what was acknowledged."""

    negotiation: Negotiation
    code: str
    token: str
    seed: int
    acknowledged: dict[int, str] = field(default_factory=dict)  # id -> text sent
    attempts: int = 0
    refused: list[tuple[int, Any]] = field(default_factory=list)  # HTTP answers but not 201
    failure: BaseException | None = None

    def run(self, stop: threading.Event) -> None:
        rng = random.Random(self.seed)
        url = f"{self.negotiation.api}/processes/{self.negotiation.process_id}/amendments"
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {self.token}"
        try:
            while not stop.is_set():
                body = amendment_body(self.negotiation, rng)
                self.attempts += 1
                try:
                    reply = http.post(url, json=body, timeout=15)
                    status = reply.status_code
                    payload = reply.json() if status == 201 else reply.text
                except (requests.RequestException, ValueError):
                    # The server died under this request (or was dead): not acknowledged.
                    time.sleep(0.02)
                    continue
                if status == 201:
                    self.acknowledged[int(payload["id"])] = body["text"]
                else:
                    self.refused.append((status, payload))
        except BaseException as error:  # reported by the test, not lost in the thread
            self.failure = error
        finally:
            http.close()


def wait_for(predicate: Any, timeout: float, message: Any) -> None:
    """Until ``predicate()``; else fail with ``message()``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.05)


def describe(submitters: list[Submitter], server: ServerProcess) -> str:
    states = [(s.code, s.attempts, len(s.acknowledged), s.refused[:2], repr(s.failure))
              for s in submitters]
    return f"submitters (code, attempts, acknowledged, refused, failure): {states}\n" \
           f"server log:\n{server.log()[-3000:]}"


def cmdline(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().replace(b"\0", b" ").decode()


def test_every_acknowledged_amendment_survives_sigkill(
        database: Database, tmp_path: Path, servers: list[ServerProcess]) -> None:
    env = server_env(database.url, tmp_path / "instance", free_port())
    accord(env, "db", "upgrade")
    first = start_server(database, tmp_path, servers, "server-1")
    negotiation = set_up(first, CLIENTS, 8)
    # The process we are about to kill is the server itself, not a wrapper around it.
    assert "server.serve" in cmdline(first.pid)

    submitters = [Submitter(negotiation, code, token, seed)
                  for seed, (code, token) in enumerate(negotiation.delegates)]
    stop = threading.Event()
    threads = [threading.Thread(target=s.run, args=(stop,), daemon=True) for s in submitters]
    try:
        for thread in threads:
            thread.start()
        load_started = time.monotonic()
        wait_for(lambda: sum(len(s.acknowledged) for s in submitters) >= MIN_ACKED_BEFORE_KILL
                 and time.monotonic() - load_started >= LOAD_BEFORE_KILL, 60,
                 lambda: "the server acknowledged too few amendments under load; "
                         + describe(submitters, first))
        killed_while = sum(s.attempts for s in submitters)
        assert first.kill() == -signal.SIGKILL
        # Let the clients notice the dead server before they stop.
        wait_for(lambda: sum(s.attempts for s in submitters) > killed_while + len(submitters),
                 30, lambda: "the clients stopped submitting; " + describe(submitters, first))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    for submitter in submitters:
        assert submitter.failure is None, repr(submitter.failure)
        assert submitter.refused == [], submitter.refused[:3]
    acknowledged = sum(len(s.acknowledged) for s in submitters)
    assert acknowledged >= MIN_ACKED_BEFORE_KILL

    second = start_server(database, tmp_path, servers, "server-2")
    for submitter in submitters:
        reader = Client(second.api, submitter.token, timeout=30)
        try:
            for amendment_id, text in submitter.acknowledged.items():
                found = reader.call("GET", f"/amendments/{amendment_id}", expect=200)
                assert (found["id"], found["state"], found["delegation"], found["text"]) == \
                    (amendment_id, "submitted", submitter.code, text)
        finally:
            reader.close()

    # Nothing was stored that was never sent.
    cofac = Client(second.api, negotiation.cofac_token, timeout=30)
    try:
        listed = cofac.call("GET", f"/processes/{negotiation.process_id}/amendments"
                                   f"?limit=200&after_id=0", expect=200)
        stored: set[int] = set()
        while listed:
            stored.update(item["id"] for item in listed)
            listed = cofac.call("GET", f"/processes/{negotiation.process_id}/amendments"
                                       f"?limit=200&after_id={max(stored)}", expect=200)
    finally:
        cofac.close()
    every_acked = {i for s in submitters for i in s.acknowledged}
    assert every_acked <= stored
    assert len(stored) <= sum(s.attempts for s in submitters)

    # The restarted server takes amendments again.
    code, token = negotiation.delegates[0]
    delegate = Client(second.api, token, timeout=30)
    try:
        body = amendment_body(negotiation, random.Random(99))
        created = delegate.call("POST", f"/processes/{negotiation.process_id}/amendments",
                                body, expect=201)
        assert created["id"] not in every_acked
        again = delegate.call("GET", f"/amendments/{created['id']}", expect=200)
        assert (again["state"], again["delegation"], again["text"]) == \
            ("submitted", code, body["text"])
    finally:
        delegate.close()

    # The hash-chained history is intact across the crash.
    verified = accord(second.env, "verify", check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "History intact" in verified.stdout


def test_a_slow_request_body_does_not_stall_other_writers(
        database: Database, tmp_path: Path, servers: list[ServerProcess]) -> None:
    """A client whose body arrives after its headers (urllib3 2 sends them in two writes)
    must not hold up the other writers.

    It once did on SQLite under gevent: the token was looked up (opening the request's
    ``BEGIN IMMEDIATE`` transaction) before the body was read; reading it yielded to the hub,
    and the next writer's ``BEGIN IMMEDIATE`` waited in SQLite's busy handler, a blocking
    sleep that froze the whole server for 30 s. Now the body is read first, and writers of one
    process queue on a lock gevent can switch away from.
    """
    env = server_env(database.url, tmp_path / "instance", free_port())
    accord(env, "db", "upgrade")
    server = start_server(database, tmp_path, servers, "server")
    negotiation = set_up(server, 2, 3)
    (_slow_code, slow_token), (_code, token) = negotiation.delegates
    path = f"/api/v1/processes/{negotiation.process_id}/amendments"
    body = json.dumps({"revision_id": negotiation.revision_id, "unit": "op1",
                       "kind": "change_words", "text": "We agree.", "submit": True}).encode()
    with socket.create_connection((server.host, server.port), timeout=60) as slow:
        slow.sendall((f"POST {path} HTTP/1.1\r\nHost: {server.host}\r\n"
                      f"Authorization: Bearer {slow_token}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                      f"\r\n").encode())
        time.sleep(0.5)  # the server has read the headers and waits for the body
        other = Client(server.api, token, timeout=10)
        try:
            started = time.monotonic()
            created = other.call("POST", f"/processes/{negotiation.process_id}/amendments",
                                 amendment_body(negotiation, random.Random(1)), expect=201)
            assert created["state"] == "submitted"
            assert time.monotonic() - started < 5
        finally:
            other.close()
        slow.sendall(body)
        assert slow.recv(64).startswith(b"HTTP/1.1 201")
