"""The production set-up, tested: two gunicorn processes (one gevent worker each) on PostgreSQL
and Redis behind nginx with sticky sessions (docs/deploy/, started by
tests/support/deployment.py).

* Writes served by process A reach a client connected to process B, and writes served by
  both at once reach every client in seq order on the wire, nothing missed.
* Presence counts the connections of both processes, and those of a process that died drop
  out of the count once its entry in Redis expires.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.deployment import STICKY_COOKIE, Deployment, deployment, what_is_missing
from tests.support.live import Live, seqs, submit
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import Negotiation, setup_negotiation
from tests.support.servers import ServerProcess
from tests.support.services import missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

#: Short, so that a stopped process's connections drop out of presence quickly.
PRESENCE_SECONDS = 3.0


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[Deployment, Negotiation]]:
    reason = what_is_missing()
    if reason:
        missing(reason)
    workdir: Path = tmp_path_factory.mktemp("scaleout")
    with deployment(workdir, 2, extra_env={
            "ACCORD_PRESENCE_SECONDS": str(PRESENCE_SECONDS)}) as deployed:
        negotiation = setup_negotiation(deployed.facade(), delegates=4, paragraphs=6)
        yield deployed, negotiation


@pytest.fixture
def clients() -> Iterator[list[LiveClient]]:
    opened: list[LiveClient] = []
    yield opened
    for client in opened:
        client.close()


def on_worker(clients: list[LiveClient], deployed: Deployment, worker: int, token: str,
              name: str) -> LiveClient:
    """A client through nginx, kept on process ``worker`` (0 or 1) by the sticky cookie."""
    client = LiveClient(deployed.front.base, token=token, name=name,
                        cookie=f"{STICKY_COOKIE}=w{worker + 1}")
    clients.append(client)
    return client.connect()


def direct(clients: list[LiveClient], server: ServerProcess, token: str,
           name: str) -> LiveClient:
    client = LiveClient(server.base, token=token, name=name)
    clients.append(client)
    return client.connect()


def in_order(client: LiveClient, process_id: int, after: int) -> list[int]:
    """The seqs ``client`` received live after ``after``, in arrival order, each once (an
    event its delegation made arrives twice: full, then as a placeholder)."""
    order: list[int] = []
    for event in list(client.raw):
        seq = int(event["seq"])
        if event["process_id"] == process_id and seq > after and (not order or
                                                                   order[-1] != seq):
            order.append(seq)
    return order


def test_writes_on_either_process_reach_clients_on_both_in_order(
        deployed: tuple[Deployment, Negotiation], clients: list[LiveClient]) -> None:
    deploy, negotiation = deployed
    a, b = deploy.workers
    on_a = Live(a, negotiation, "")  # requests sent straight to process A
    on_b = Live(b, negotiation, "")
    watchers = [on_worker(clients, deploy, 0, negotiation.delegates[0][1], "nginx-A"),
                on_worker(clients, deploy, 1, negotiation.delegates[1][1], "nginx-B"),
                direct(clients, b, negotiation.delegates[2][1], "direct-B"),
                direct(clients, a, negotiation.delegates[3][1], "direct-A")]
    head = Live(a, negotiation, "").head()
    for watcher in watchers:  # from the head on: nothing happens meanwhile
        ack = watcher.subscribe(negotiation.process_id, last_seq=head)
        assert ack["ok"] and ack["head_seq"] == head, ack

    # First one write on A alone: the client on B has it.
    [first] = submit(on_a, 0, 1, seed=1)
    watchers[1].wait_seq(negotiation.process_id, head + 1)
    assert [e["subject"] for e in watchers[1].delivered(negotiation.process_id)] == \
        [f"amendment:{first['id']}"]

    # Then writes on both processes at once, from four delegates.
    made: list[dict[str, Any]] = []
    lock = threading.Lock()

    def write(live: Live, index: int) -> None:
        done = submit(live, index, 6, seed=10 + index)
        with lock:
            made.extend(done)

    threads = [threading.Thread(target=write, args=(live, index))
               for live, index in ((on_a, 0), (on_b, 1), (on_a, 2), (on_b, 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    end = head + 1 + len(made)
    assert len(made) == 24
    for watcher in watchers:
        watcher.wait_seq(negotiation.process_id, end, timeout=30)
        assert in_order(watcher, negotiation.process_id, head) == \
            list(range(head + 1, end + 1)), f"{watcher.name} received them out of order"
        assert seqs(watcher.delivered(negotiation.process_id)) == \
            list(range(head + 1, end + 1)), watcher.name
        subjects = {e["subject"] for e in watcher.delivered(negotiation.process_id)
                    if e["type"] == "amendment.submitted"}
        assert subjects == {f"amendment:{m['id']}" for m in [first, *made]}, watcher.name


def test_presence_is_counted_across_processes_and_a_dead_one_drops_out(
        deployed: tuple[Deployment, Negotiation], clients: list[LiveClient]) -> None:
    deploy, negotiation = deployed
    pid = negotiation.process_id
    cofac = on_worker(clients, deploy, 0, negotiation.cofac_token, "cofac-A")
    assert cofac.subscribe(pid)["ok"]
    code = {i: negotiation.delegates[i][0] for i in range(4)}

    def counts() -> dict[str | None, int]:
        ack = cofac.ask_presence(pid)
        assert ack["ok"], ack
        return {d["delegation"]: d["connected"] for d in ack["presence"]["delegations"]}

    before = counts()
    # Delegate 0 twice on B, delegate 1 on A and on B.
    for worker, index in ((1, 0), (1, 0), (0, 1), (1, 1)):
        client = on_worker(clients, deploy, worker, negotiation.delegates[index][1],
                           f"{code[index]}-{worker}")
        assert client.subscribe(pid)["ok"]
    wait_for(lambda: counts().get(code[0], 0) == before.get(code[0], 0) + 2
             and counts().get(code[1], 0) == before.get(code[1], 0) + 2, 10,
             lambda: f"presence seen: {counts()}")
    # The co-facilitator is told as they come, whichever process they joined.
    wait_for(lambda: any({d["delegation"]: d["connected"] for d in p["delegations"]}
                         .get(code[0], 0) == before.get(code[0], 0) + 2
                         for p in cofac.presence), 10, "no presence push for B's clients")

    # Process B dies (SIGKILL: no goodbye): its three connections drop out of the count.
    b = deploy.workers[1]
    b.kill()
    try:
        wait_for(lambda: counts().get(code[0], 0) == before.get(code[0], 0)
                 and counts().get(code[1], 0) == before.get(code[1], 0) + 1,
                 PRESENCE_SECONDS * 4, lambda: f"presence after B died: {counts()}")
    finally:
        b.start(90)
