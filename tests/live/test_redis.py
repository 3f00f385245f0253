"""Several server processes share live events through Redis (Flask-SocketIO's message
queue): clients on process A receive what requests served by process B changed.

Two real ``accord serve`` processes on one database and the machine's Redis, on a Redis
database of their own (flushed first) so that other runs do not talk into this one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import redis

from tests.support.live import START_TIMEOUT, Live, open_client, seqs, submit
from tests.support.liveclient import LiveClient
from tests.support.negotiation import setup_negotiation
from tests.support.servers import ServerProcess, free_port, running_server, server_env
from tests.support.services import REDIS_URL, need

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
