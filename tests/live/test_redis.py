"""Several server processes share live events through Redis (Flask-SocketIO's message
queue): clients on process A receive what requests served by process B changed.

Two real ``accord serve`` processes on one database and the machine's Redis, on a Redis
database of their own (flushed first) so that other runs do not talk into this one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import redis

from tests.support.live import START_TIMEOUT, Live, open_client, seqs, submit
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import Client, invite, login_token, setup_negotiation
from tests.support.servers import ServerProcess, free_port, running_server, server_env
from tests.support.services import REDIS_URL, need
from tests.support.stubborn import stubborn

pytestmark = [pytest.mark.slow, pytest.mark.redis]

#: A Redis database index of its own for this test (flushed at the start).
REDIS_DB = int(os.environ.get("ACCORD_TEST_REDIS_DB", "11"))


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Live, Live]]:
    parsed = urlparse(REDIS_URL)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 6379
    need("Redis", host, port)
    url = f"redis://{host}:{port}/{REDIS_DB}"
    connection = redis.Redis.from_url(url)
    try:
        connection.flushdb()
    finally:
        connection.close()
    workdir = tmp_path_factory.mktemp("redis")
    extra = {"REDIS_URL": url}
    with running_server("sqlite", workdir, extra_env=extra,
                       start_timeout=START_TIMEOUT) as (first, database):
        negotiation = setup_negotiation(first, delegates=3, paragraphs=6)
        env = server_env(database.url, workdir / "instance", free_port(), extra=extra)
        second = ServerProcess(env, workdir / "server-b.log")
        try:
            second.start(START_TIMEOUT)
            yield Live(first, negotiation, ""), Live(second, negotiation, "")
        finally:
            second.kill()


def test_a_client_on_one_process_receives_what_another_process_changed(
        pair: tuple[Live, Live], clients: list[LiveClient]) -> None:
    on_a, on_b = pair
    assert on_a.server.pid != on_b.server.pid and on_a.server.port != on_b.server.port
    head = on_a.head()
    watchers = [open_client(clients, on_a.server.base, token=on_a.token(i), name=f"A{i}")
                for i in range(3)]
    watchers.append(open_client(clients, on_b.server.base, token=on_b.token(2), name="B2"))
    for watcher in watchers:
        assert watcher.subscribe(on_a.pid, last_seq=head)["ok"]
    # Amendments submitted to process B, and a draft (for delegation 0 only) on B too.
    made = submit(on_b, 1, 6, seed=11)
    [draft] = submit(on_b, 0, 1, seed=12, draft=True)
    made += submit(on_a, 1, 2, seed=13)  # and some on A: both sources, one sequence
    end = head + 9
    for watcher in watchers:
        watcher.wait_seq(on_a.pid, end)
        events = watcher.delivered(on_a.pid)
        assert seqs(events) == list(range(head + 1, end + 1)), watcher.name
        full = [e for e in events if e["type"] != "hidden"]
        assert [e["subject"] for e in full if e["type"] == "amendment.submitted"] == \
            [f"amendment:{a['id']}" for a in made]
    own = [e for e in watchers[0].delivered(on_a.pid) if e["type"] == "amendment.drafted"]
    assert [e["subject"] for e in own] == [f"amendment:{draft['id']}"]
    for watcher in watchers[1:]:
        assert draft["text"] not in str(watcher.raw)
        assert f"amendment:{draft['id']}" not in str(watcher.raw)


def test_resync_across_processes(pair: tuple[Live, Live],
                                 clients: list[LiveClient]) -> None:
    on_a, on_b = pair
    head = on_a.head()
    client = open_client(clients, on_a.server.base, token=on_a.token(2), name="A")
    client.subscribe(on_a.pid, last_seq=head)
    submit(on_b, 1, 3, seed=21)
    client.wait_seq(on_a.pid, head + 3)
    client.close()
    submit(on_b, 1, 4, seed=22)
    # Back, on the other process, with the last seq seen.
    again = open_client(clients, on_b.server.base, token=on_b.token(2), name="B")
    ack = again.subscribe(on_a.pid, last_seq=head + 3)
    assert ack["ok"] and ack["replayed"] == 4, ack
    submit(on_a, 1, 2, seed=23)
    again.wait_seq(on_a.pid, head + 9)
    assert seqs(again.delivered(on_a.pid)) == list(range(head + 4, head + 10))


# ---- access ends in every process -----------------------------------------------------------


def test_a_token_revoked_through_one_process_closes_its_socket_on_the_other(
        pair: tuple[Live, Live], clients: list[LiveClient]) -> None:
    on_a, on_b = pair
    token = login_token(on_b.server.api, f"{on_a.code(1).lower()}@bench.example")
    victim = stubborn(clients, on_a.server.base, token=token, name="on A")
    watcher = open_client(clients, on_a.server.base, token=on_a.negotiation.cofac_token,
                          name="cofac on A")
    head = on_a.head()
    for client in (victim, watcher):
        assert client.subscribe(on_a.pid, last_seq=head)["ok"]
    http = Client(on_b.server.api, token)
    try:
        http.call("POST", "/auth/tokens/revoke", {"token": token}, expect=204)
    finally:
        http.close()
    submit(on_b, 0, 2, seed=31)
    watcher.wait_seq(on_a.pid, head + 2)
    time.sleep(0.3)
    assert victim.seen_after(on_a.pid, head) == []
    assert [name for name, _ in victim.access] == ["access.ended"]
    wait_for(lambda: not victim.connected, 10, "the socket on A stays open")


def test_a_participant_removed_through_one_process_hears_nothing_more_on_the_other(
        pair: tuple[Live, Live], clients: list[LiveClient]) -> None:
    on_a, on_b = pair
    cofac = Client(on_b.server.api, on_b.negotiation.cofac_token)
    try:
        invite(cofac, on_b.pid, {"email": "removed-b@bench.example", "name": "Removed",
                                 "role": "observer"})
        participant = next(r["id"] for r in cofac.call("GET", f"/processes/{on_b.pid}/"
                                                              "participants")
                           if r["email"] == "removed-b@bench.example")
        token = login_token(on_b.server.api, "removed-b@bench.example")
        victim = stubborn(clients, on_a.server.base, token=token, name="on A")
        watcher = open_client(clients, on_a.server.base, token=on_a.negotiation.cofac_token,
                              name="cofac on A")
        head = on_a.head()
        for client in (victim, watcher):
            assert client.subscribe(on_a.pid, last_seq=head)["ok"]
        cofac.call("DELETE", f"/processes/{on_b.pid}/participants/{participant}", expect=204)
    finally:
        cofac.close()
    submit(on_b, 0, 2, seed=32)
    watcher.wait_seq(on_a.pid, head + 3)
    time.sleep(0.3)
    assert victim.seen_after(on_a.pid, head) == []
    [(name, changed)] = victim.access
    assert name == "access.changed" and changed["subscribed"] is False, changed


# ---- deployments sharing one Redis ----------------------------------------------------------


def test_another_deployment_on_the_same_redis_hears_nothing(
        pair: tuple[Live, Live], clients: list[LiveClient],
        tmp_path_factory: pytest.TempPathFactory) -> None:
    on_a, _on_b = pair
    workdir = tmp_path_factory.mktemp("other-deployment")
    extra = {"REDIS_URL": on_a.server.env["REDIS_URL"], "ACCORD_DEPLOYMENT": "elsewhere"}
    with running_server("sqlite", workdir, extra_env=extra,
                       start_timeout=START_TIMEOUT) as (other, _database):
        negotiation = setup_negotiation(other, delegates=1, paragraphs=2)
        # The same process id on both: on one channel, each would take the other's events
        # for its own (and their sequence numbers would shadow each other's).
        assert negotiation.process_id == on_a.pid
        elsewhere = Live(other, negotiation, "")
        theirs = open_client(clients, other.base, token=negotiation.cofac_token, name="other")
        ours = open_client(clients, on_a.server.base, token=on_a.negotiation.cofac_token,
                           name="ours")
        their_head, our_head = elsewhere.head(), on_a.head()
        assert theirs.subscribe(negotiation.process_id, last_seq=their_head)["ok"]
        assert ours.subscribe(on_a.pid, last_seq=our_head)["ok"]
        submit(on_a, 0, 3, seed=41)
        [mine] = submit(elsewhere, 0, 1, seed=42)
        ours.wait_seq(on_a.pid, our_head + 3)
        theirs.wait_seq(negotiation.process_id, their_head + 1)
        time.sleep(0.5)
        assert [e["subject"] for e in theirs.raw] == [f"amendment:{mine['id']}"], theirs.raw
        assert len(ours.raw) == 3, ours.raw
