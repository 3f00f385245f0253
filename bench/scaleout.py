"""Several server processes behind nginx: the production set-up, measured.

Starts the set-up of docs/deploy/ (tests/support/deployment.py): ``--workers`` gunicorn
processes (one gevent worker each) on a fresh PostgreSQL database and Redis, behind nginx
(Debian's package, run as a child process with its own configuration on a 127.0.0.1 port)
with sticky sessions. Two fronts: nginx over the first process alone, and nginx over all of
them; the same amendments go through one, then the other, alternating, ``--runs`` times.

Targets (issue 15), printed as JSON lines with ``met``:

* write throughput (``bench/writes.py``'s closed-loop clients submitting amendments) through
  the front of 2 processes >= 1.6x through the front of one;
* every live event reaches every client, connected through nginx to either process (the
  sticky cookie puts half on each, checked on the answer), in seq order and nothing missed:
  raw Socket.IO clients record each event's seq as it arrives, through all the runs;
* presence is counted across the processes: a co-facilitator on process 1 is told the
  number of every subscribed client, wherever it is connected.

The machine's load average is printed with the figures (other people's jobs share it).

    .venv/bin/python bench/scaleout.py            # 30 clients, 3 runs of 10 s each way
    .venv/bin/python bench/scaleout.py --quick    # 16 clients, 1 run of 4 s (smoke test)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ClientProcesses, close_clients, median, percentile
from bench.writes import Plan, run_clients
from tests.support.deployment import (
    STICKY_COOKIE,
    Deployment,
    Nginx,
    deployment,
    what_is_missing,
    worker_name,
)
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import Negotiation, setup_negotiation

TARGET_SPEEDUP = 1.6
NAMESPACE = "/live"


def emit(metric: str, value: Any, unit: str, target: Any = None, met: bool | None = None,
         **extra: Any) -> None:
    line = {"bench": "scaleout", "metric": metric,
            "value": round(value, 3) if isinstance(value, float) else value, "unit": unit,
            "target": target, "met": met, **extra}
    print(json.dumps(line), flush=True)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# ---- live watchers (a separate process) --------------------------------------------------


async def _watch(session: Any, url: str, token: str, cookie: str, process_id: int,
                 head: int, record: dict[str, Any], ready: asyncio.Event,
                 stop: asyncio.Event) -> None:
    """One raw Socket.IO client through nginx: subscribe from ``head``, record every seq."""
    try:
        async with session.ws_connect(url, autoping=False, max_msg_size=0,
                                      headers={"Cookie": f"{STICKY_COOKIE}={cookie}"}) as ws:
            answered = ws._response.headers.getall("Set-Cookie", [])
            record["worker"] = next((c.split(";")[0].split("=", 1)[1] for c in answered
                                     if c.startswith(f"{STICKY_COOKIE}=")), None)
            if not (await ws.receive_str()).startswith("0"):
                raise RuntimeError("no open packet")
            await ws.send_str(f"40{NAMESPACE},{json.dumps({'token': token})}")
            if not (await ws.receive_str()).startswith(f"40{NAMESPACE},"):
                raise RuntimeError("refused")
            await ws.send_str(f'42{NAMESPACE},1["subscribe",'
                              f'{json.dumps({"process_id": process_id, "last_seq": head})}]')
            event_prefix, ack_prefix = f'42{NAMESPACE},["event",', f"43{NAMESPACE},1"
            seqs: list[int] = record["seqs"]
            async for message in ws:
                data = message.data
                if not isinstance(data, str):
                    break
                if data.startswith(event_prefix):
                    event = json.loads(data[len(event_prefix):-1])
                    if event.get("process_id") == process_id:
                        seqs.append(int(event["seq"]))
                elif data == "2":
                    await ws.send_str("3")
                elif data.startswith(ack_prefix):
                    ack = json.loads(data[len(ack_prefix):])[0]
                    if not ack.get("ok"):
                        raise RuntimeError(f"subscribe refused: {ack}")
                    ready.set()
                if stop.is_set():
                    break
    except Exception as error:
        record["error"] = repr(error)
    finally:
        ready.set()


async def _watchers_main(conn: Connection) -> None:
    import aiohttp

    loop = asyncio.get_running_loop()
    records: list[dict[str, Any]] = []
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command["op"] == "connect":
                readies = []
                for i, (token, cookie) in enumerate(command["clients"]):
                    record: dict[str, Any] = {"asked": cookie, "seqs": [], "index": i}
                    records.append(record)
                    ready = asyncio.Event()
                    readies.append(ready)
                    tasks.append(asyncio.create_task(_watch(
                        session, command["url"], token, cookie, command["process_id"],
                        command["head"], record, ready, stop)))
                await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
                conn.send({"connected": sum(1 for r in records if "error" not in r)})
            elif command["op"] == "collect":
                conn.send([{**r, "seqs": list(r["seqs"])} for r in records])
            elif command["op"] == "close":
                await close_clients(stop, tasks, conn)
                return


def watchers_worker(conn: Connection) -> None:
    asyncio.run(_watchers_main(conn))


def order_of(seqs: list[int], head: int) -> list[int]:
    """Seqs after ``head`` in arrival order, a seq repeated at once counted once (a
    delegation's own event comes full, then as a placeholder to everyone).

    >>> order_of([3, 4, 4, 5, 7, 6], 3)
    [4, 5, 7, 6]
    """
    out: list[int] = []
    for seq in seqs:
        if seq > head and (not out or out[-1] != seq):
            out.append(seq)
    return out


# ---- writes ------------------------------------------------------------------------------


def _started(index: int) -> int:
    time.sleep(0.2)  # each worker takes one
    return index


def measure_writes(front: Nginx, negotiation: Negotiation, *, clients: int, duration: float,
                   warmup: float, procs: int, seed: int) -> dict[str, float]:
    tokens = [token for _code, token in negotiation.delegates[:clients]]
    api = front.base + "/api/v1"
    chunks = [tokens[i::procs] for i in range(procs) if tokens[i::procs]]
    with multiprocessing.get_context("spawn").Pool(len(chunks)) as pool:
        # The client processes are started (and have imported the clients) first: on a
        # loaded machine that takes seconds, which must not eat into the window.
        pool.map(_started, range(len(chunks)), chunksize=1)
        start_at = time.time() + 1.0
        plans = [Plan(api, negotiation.process_id, negotiation.revision_id, negotiation.units,
                      chunk, start_at, warmup, duration, seed * 100 + i)
                 for i, chunk in enumerate(chunks)]
        outcomes = pool.map(run_clients, plans, chunksize=1)
    window_start = start_at + warmup
    records = [r for outcome in outcomes for r in outcome["records"]
               if window_start <= r[0] < window_start + duration]
    ok = [latency for _t, latency, status in records if status == 201]
    return {"throughput": len(ok) / duration, "p99_ms": percentile(ok, 99) * 1000,
            "errors": float(len(records) - len(ok))}


# ---- the run -----------------------------------------------------------------------------


def presence_total(client: LiveClient, process_id: int) -> int:
    ack = client.ask_presence(process_id)
    if not ack.get("ok"):
        raise RuntimeError(f"presence refused: {ack}")
    return sum(int(d["connected"]) for d in ack["presence"]["delegations"])


def run(args: argparse.Namespace, deploy: Deployment) -> None:
    one, every = deploy.fronts[0], deploy.fronts[-1]
    log(f"processes on ports {[w.port for w in deploy.workers]}; nginx over the first on "
        f"{one.port}, over all on {every.port}; setting up {args.clients} delegates")
    negotiation = setup_negotiation(deploy.facade(every), delegates=args.clients,
                                    paragraphs=40)
    pid = negotiation.process_id
    cofac = LiveClient(every.base, token=negotiation.cofac_token, name="cofac",
                       cookie=f"{STICKY_COOKIE}={worker_name(0)}").connect()
    watchers = ClientProcesses(1, watchers_worker)
    try:
        head = int(cofac.subscribe(pid, last_seq=2**31 - 1)["head_seq"])
        before = presence_total(cofac, pid)
        names = [worker_name(i % len(deploy.workers)) for i in range(args.live_clients)]
        plan = [(negotiation.delegates[i % len(negotiation.delegates)][1], name)
                for i, name in enumerate(names)]
        url = every.base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        [connected] = watchers.ask([{"op": "connect", "url": url, "clients": plan,
                                     "process_id": pid, "head": head}])
        log(f"{connected['connected']}/{len(plan)} live clients subscribed through nginx")
        expected_presence = before + len(plan)
        with contextlib.suppress(AssertionError):
            wait_for(lambda: presence_total(cofac, pid) == expected_presence, 15)
        seen_presence = presence_total(cofac, pid)
        placed = watchers.ask([{"op": "collect"}])[0]
        misplaced = sum(1 for r in placed if r.get("worker") != r["asked"])
        per_worker = {name: sum(1 for r in placed if r.get("worker") == name)
                      for name in sorted(set(names))}

        results: dict[str, list[dict[str, float]]] = {"one": [], "two": []}
        for number in range(args.runs):
            for label, front in (("one", one), ("two", every)):
                measured = measure_writes(front, negotiation, clients=args.clients,
                                          duration=args.duration, warmup=args.warmup,
                                          procs=args.client_procs, seed=number * 2 + 1)
                log(f"run {number + 1}, {label} process(es): {measured} "
                    f"(load average {load_average()})")
                results[label].append(measured)

        probe = LiveClient(every.base, token=negotiation.cofac_token, name="probe").connect()
        try:
            end = int(probe.subscribe(pid, last_seq=2**31 - 1)["head_seq"])
        finally:
            probe.close()

        def all_arrived() -> bool:
            got = watchers.ask([{"op": "collect"}])[0]
            return all(max(r["seqs"], default=head) >= end for r in got)

        with contextlib.suppress(AssertionError):
            wait_for(all_arrived, 60)
        records = watchers.ask([{"op": "collect"}])[0]
    finally:
        watchers.ask([{"op": "close"}])
        cofac.close()

    wanted = list(range(head + 1, end + 1))
    missed = out_of_order = 0
    failed = [r for r in records if "error" in r]
    for record in records:
        order = order_of(record["seqs"], head)
        missed += len(set(wanted) - set(order))
        out_of_order += sum(1 for x, y in itertools.pairwise(order) if y < x)
    one_rate = median([r["throughput"] for r in results["one"]])
    two_rate = median([r["throughput"] for r in results["two"]])
    speedup = median([t["throughput"] / o["throughput"] if o["throughput"] else 0.0
                      for o, t in zip(results["one"], results["two"], strict=True)])
    context = {"workers": len(deploy.workers), "clients": args.clients, "runs": args.runs,
               "load_average": load_average(), "cores": os.cpu_count()}
    emit("write_throughput_one_process", one_rate, "per_s", **context)
    emit("write_throughput_two_processes", two_rate, "per_s", **context)
    emit("write_speedup", speedup, "ratio", TARGET_SPEEDUP, speedup >= TARGET_SPEEDUP,
         note="2 processes' throughput / 1 process's, median of the runs' ratios", **context)
    emit("write_p99_one_process", median([r["p99_ms"] for r in results["one"]]), "ms")
    emit("write_p99_two_processes", median([r["p99_ms"] for r in results["two"]]), "ms")
    emit("write_errors", sum(r["errors"] for v in results.values() for r in v), "count", 0,
         all(r["errors"] == 0 for v in results.values() for r in v))
    emit("live_clients", len(records), "count", per_worker=per_worker,
         misplaced=misplaced, failed=len(failed))
    emit("live_events", len(wanted), "count", note="events recorded during the runs")
    emit("live_missed_deliveries", missed, "count", 0, missed == 0 and not failed
         and misplaced == 0, note="events some client on either process did not receive")
    emit("live_out_of_order", out_of_order, "count", 0, out_of_order == 0,
         note="arrivals with a lower seq than the one before, over all clients")
    waits = sum(w.log().count("waited") for w in deploy.workers)
    emit("reorder_timeouts", waits, "count",
         note="times a process sent events on after waiting the longest for a missing one "
              "(server/live/access.py, REORDER_SECONDS)")
    emit("presence_counted", seen_presence, "count", expected_presence,
         seen_presence == expected_presence,
         note="connected count the co-facilitator on process 1 is given, "
              "clients on both processes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="16 clients, 1 run of 4 s")
    parser.add_argument("--workers", type=int, default=2)
    # 30, not writes.py's 50: each process's pool opens a connection per request in flight
    # (server/db.py: up to 70), and two processes at 50 exceeded PostgreSQL's default
    # max_connections of 100 on a shared machine.
    parser.add_argument("--clients", type=int, default=30, help="closed-loop submitters")
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--live-clients", type=int, default=100,
                        help="raw Socket.IO clients, spread over the processes")
    args = parser.parse_args()
    if args.quick:
        args.clients, args.duration, args.warmup, args.runs, args.live_clients = \
            min(args.clients, 16), 4.0, 1.0, 1, min(args.live_clients, 20)
    reason = what_is_missing()
    if reason:
        raise SystemExit(f"bench/scaleout.py needs nginx, PostgreSQL and Redis: {reason}")
    with tempfile.TemporaryDirectory(prefix="accord-scaleout-") as tmp, \
            deployment(Path(tmp), args.workers, fronts="each") as deploy:
        try:
            run(args, deploy)
        except BaseException:
            for front in deploy.fronts:
                log(f"nginx {front.port}: {front.errors()[-2000:]}")
            for worker in deploy.workers:
                log(f"process {worker.port}: {worker.log()[-3000:]}")
            raise


if __name__ == "__main__":
    main()
