"""Fan-out of live events: N clients in one process's room, amendments submitted over HTTP.

For N = 1,000 and 5,000 clients (``--sizes``; ``--quick``: 100, one run) it measures, against a real
``accord serve`` (gevent, SQLite) and, as the floor, against a bare Node socket.io server that
only rebroadcasts (bench/peers/, installed from npm here with ``npm ci``):

* latency from the submission (just before the HTTP request is sent) to the receipt at every
  client, p50 and p99, with paced submissions (one every ``--gap`` seconds);
* deliveries per second during a burst of ``--burst`` submissions from several submitters;
* the server's RSS (``/proc/<pid>/status``) with the N clients connected and subscribed.

The clients are lean raw Engine.IO 4 / Socket.IO 5 WebSocket clients on aiohttp (text frames,
no library state machine, offering permessage-deflate as browsers do) spread over ``--workers``
processes; their CPU use is reported, as
on a 2-core machine they compete with the server for the CPU. Output: JSON lines,
``{"bench": "fanout", "metric", "value", "unit", "n", "target", "met"}``, medians over
``--runs`` runs; the ``*_floor`` metrics are the Node server's, and the targets (issue 15)
are ratios to them in the same run: ``p99_ratio_to_floor`` <= 1.5 and
``deliveries_ratio_to_floor`` >= 0.9 (judged from 1,000 clients), ``rss_ratio_to_floor`` <= 1.5
(at 5,000). Each line carries the machine's load average (other jobs share the machine).

    .venv/bin/python bench/fanout.py            # N = 1000, 5000, 3 runs each
    .venv/bin/python bench/fanout.py --quick    # N = 100, 1 run (smoke test)
    .venv/bin/python bench/fanout.py --websocket simple-deflate   # the library's WebSocket

``server_rss_per_client`` is the RSS the connected clients added, in KB each, and
``server_rss_idle`` the RSS before they connected.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import requests

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ClientProcesses, close_clients, median, percentile
from tests.support.negotiation import Negotiation, amendment_body, setup_negotiation
from tests.support.servers import ServerProcess, free_port, running_server
from tests.support.services import answers

PEERS = Path(__file__).resolve().parent / "peers"
NAMESPACE = "/live"
#: The targets (issue 15), ratios to the Node floor measured in the same run.
TARGET_RATIO = 1.5  # p99 latency, at most
TARGET_RATE_RATIO = 0.9  # deliveries per second, at least
TARGET_RSS_RATIO = 1.5  # server RSS with the clients connected, at most (at 5,000 clients)
#: The sizes the targets are judged at (a smaller one is reported, not judged).
JUDGED_FROM = 1000
RSS_JUDGED_FROM = 5000
#: The server's WebSocket implementations (LIVE_WEBSOCKET, server/live/websocket.py).
WEBSOCKETS = ("lean", "simple", "simple-deflate")
#: Submissions the server refused (and which were sent again).
REFUSED: list[str] = []
#: Added to every line (the database backend of the run, the machine's load).
CONTEXT: dict[str, Any] = {}
#: --quick: the targets are judged at its one small size too (a smoke test of the verdicts).
QUICK = False


def emit(metric: str, value: float, unit: str, n: int, target: float | None = None,
         met: bool | None = None, **extra: Any) -> None:
    line = {"bench": "fanout", "metric": metric, "value": round(value, 3), "unit": unit,
            "n": n, "target": target, "met": met, **CONTEXT, **extra}
    print(json.dumps(line), flush=True)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


# ---- the client worker (a separate process) ---------------------------------------------


async def _client(session: Any, url: str, token: str, process_id: int,
                  receipts: list[tuple[str, float]], ready: asyncio.Event,
                  failures: list[str], stop: asyncio.Event) -> None:
    """One raw Socket.IO client: connect to /live, subscribe, record every event."""
    try:
        # compress=15: the clients offer permessage-deflate as browsers do (a server that
        # accepts it compresses every event once per recipient).
        async with session.ws_connect(url, autoping=False, max_msg_size=0,
                                      compress=15) as ws:
            opening = await ws.receive_str()
            if not opening.startswith("0"):
                raise RuntimeError(f"unexpected open packet {opening[:80]}")
            await ws.send_str(f"40{NAMESPACE},{json.dumps({'token': token})}")
            connected = await ws.receive_str()
            if not connected.startswith(f"40{NAMESPACE},"):
                raise RuntimeError(f"refused: {connected[:200]}")
            await ws.send_str(f'42{NAMESPACE},1["subscribe",'
                              f'{json.dumps({"process_id": process_id, "last_seq": 2**31 - 1})}]')
            event_prefix = f'42{NAMESPACE},["event",'
            ack_prefix = f"43{NAMESPACE},1"
            cut = len(event_prefix)
            loads, now, append = json.loads, time.time, receipts.append
            async for message in ws:
                data = message.data
                if not isinstance(data, str):
                    break
                if data.startswith(event_prefix):
                    event = loads(data[cut:-1])
                    append((event.get("subject") or str(event["seq"]), now()))
                elif data == "2":
                    await ws.send_str("3")
                elif data.startswith(ack_prefix):
                    ack = loads(data[len(ack_prefix):])[0]
                    if not ack.get("ok"):
                        raise RuntimeError(f"subscribe refused: {ack}")
                    ready.set()
                if stop.is_set():
                    break
    except Exception as error:
        failures.append(repr(error))
    finally:
        ready.set()


async def _worker_main(conn: Connection) -> None:
    import aiohttp

    loop = asyncio.get_running_loop()
    receipts: list[tuple[str, float]] = []
    failures: list[str] = []
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            op = command["op"]
            if op == "connect":
                readies, starters = [], []
                gate = asyncio.Semaphore(50)

                async def gated(ready: asyncio.Event, command: dict[str, Any] = command,
                                gate: asyncio.Semaphore = gate) -> None:
                    async with gate:
                        tasks.append(asyncio.create_task(_client(
                            session, command["url"], command["token"],
                            command["process_id"], receipts, ready, failures, stop)))
                        await ready.wait()

                before = len(failures)
                for _ in range(command["count"]):
                    ready = asyncio.Event()
                    readies.append(ready)
                    starters.append(asyncio.create_task(gated(ready)))
                await asyncio.wait_for(asyncio.gather(*starters), 300)
                conn.send({"connected": command["count"] - (len(failures) - before),
                           "failures": failures[:3]})
            elif op == "collect":
                got, receipts[:] = list(receipts), []
                conn.send({"receipts": got, "cpu": time.process_time(),
                           "failures": failures[:3], "failed": len(failures)})
            elif op == "close":
                await close_clients(stop, tasks, conn)
                return


def worker(conn: Connection) -> None:
    asyncio.run(_worker_main(conn))


class Workers(ClientProcesses):
    """``count`` client processes, each with its share of the clients."""

    def __init__(self, count: int) -> None:
        super().__init__(count, worker)

    def connect(self, url: str, token: str, process_id: int, n: int) -> int:
        shares = [n // len(self.pipes) + (i < n % len(self.pipes))
                  for i in range(len(self.pipes))]
        replies = self.ask([{"op": "connect", "url": url, "token": token,
                             "process_id": process_id, "count": share} for share in shares])
        failures = [f for r in replies for f in r["failures"]]
        if failures:
            log(f"connection failures: {failures[:3]}")
        return sum(int(r["connected"]) for r in replies)

    def collect(self) -> tuple[dict[str, list[float]], float]:
        replies = self.ask([{"op": "collect"}] * len(self.pipes))
        merged: dict[str, list[float]] = defaultdict(list)
        for reply in replies:
            for key, at in reply["receipts"]:
                merged[key].append(at)
        return merged, sum(float(r["cpu"]) for r in replies)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ask([{"op": "close"}] * len(self.pipes), timeout=30)
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


# ---- the two targets -----------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Target:
    """Where the clients connect, how a change is submitted, and the serving process."""

    name: str
    ws_url: str
    token: str
    process_id: int
    pid: int
    #: Submit one change; returns its key (the event's subject) after the reply.
    submit: Callable[[requests.Session, int], str]
    sessions: Callable[[], requests.Session]


def accord_target(server: ServerProcess, negotiation: Negotiation) -> Target:
    import random

    rngs: dict[int, random.Random] = {}
    tokens = [t for _, t in negotiation.delegates[1:]]
    url = f"{negotiation.api}/processes/{negotiation.process_id}/amendments"

    def submit(http: requests.Session, index: int) -> str:
        rng = rngs.setdefault(threading.get_ident(), random.Random(index))
        for _attempt in range(5):
            reply = http.post(url, json=amendment_body(negotiation, rng), timeout=60)
            if reply.status_code == 201:
                return f"amendment:{reply.json()['id']}"
            # A 500 is "nothing was changed": counted, and submitted again.
            REFUSED.append(f"{reply.status_code} {reply.text[:120]}")
            if reply.status_code != 500:
                break
        raise RuntimeError(f"submission refused: {reply.status_code} {reply.text[:200]}")

    counter = iter(range(10**9))

    def sessions() -> requests.Session:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {tokens[next(counter) % len(tokens)]}"
        return http

    return Target("accord", f"ws://{server.host}:{server.port}/socket.io/?EIO=4&"
                            f"transport=websocket", negotiation.delegates[0][1],
                  negotiation.process_id, server.pid, submit, sessions)


def node_target(port: int, pid: int, template: dict[str, Any]) -> Target:
    url = f"http://127.0.0.1:{port}/publish"
    lock = threading.Lock()
    numbers = iter(range(1, 10**9))

    def submit(http: requests.Session, _index: int) -> str:
        with lock:
            number = next(numbers)
        event = {**template, "seq": number, "subject": f"peer:{number}"}
        reply = http.post(url, json={"room": "p1", "event": event}, timeout=60)
        if reply.status_code != 201:
            raise RuntimeError(f"peer refused: {reply.status_code}")
        return str(event["subject"])

    return Target("node", f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                  "peer", 1, pid, submit, requests.Session)


@contextlib.contextmanager
def node_peer() -> Iterator[tuple[int, int]]:
    """Install (``npm ci``) and start the bare socket.io server; yields (port, pid)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise SystemExit("Node and npm are needed for the floor (bench/peers)")
    log("npm ci in bench/peers")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS,
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen(["node", "server.js", str(port)], cwd=PEERS,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not answers("127.0.0.1", port, 0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Node peer did not start")
            time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


# ---- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    p50: float
    p99: float
    rate: float
    missing: int
    submit_ms: float  # median HTTP round trip of a paced submission
    client_cpu: float  # client CPU seconds per second of the burst (all workers)
    server_us: float  # server CPU microseconds per delivery during the burst


def measure(target: Target, workers: Workers, n: int, events: int, gap: float, burst: int,
            submitters: int) -> Run:
    # Latency: paced submissions, one at a time.
    http = target.sessions()
    sent: dict[str, float] = {}
    round_trips: list[float] = []
    try:
        for i in range(events):
            started = time.time()
            sent[target.submit(http, i)] = started
            round_trips.append((time.time() - started) * 1000)
            time.sleep(gap)
    finally:
        http.close()
    time.sleep(max(1.0, gap * 5))
    received, _cpu = workers.collect()
    latencies = [(at - sent[key]) * 1000 for key, ats in received.items() if key in sent
                 for at in ats]
    missing = events * n - len(latencies)
    # Throughput: a burst from several submitters.
    _, cpu_before = workers.collect()
    server_before = cpu_seconds(target.pid)
    burst_sent: dict[str, float] = {}
    first = time.time()

    def submit_many(index: int) -> None:
        session = target.sessions()
        try:
            for j in range(index, burst, submitters):
                started = time.time()
                burst_sent[target.submit(session, j)] = started
        finally:
            session.close()

    with ThreadPoolExecutor(submitters) as pool:
        list(pool.map(submit_many, range(submitters)))
    expected = burst * n
    deadline = time.monotonic() + 60
    got: dict[str, list[float]] = defaultdict(list)
    cpu_after = cpu_before
    while True:
        time.sleep(0.5)
        chunk, cpu_after = workers.collect()
        for key, ats in chunk.items():
            got[key].extend(ats)
        count = sum(len(v) for k, v in got.items() if k in burst_sent)
        if count >= expected or time.monotonic() > deadline:
            break
    server_cpu = cpu_seconds(target.pid) - server_before
    last = max((max(v) for k, v in got.items() if k in burst_sent), default=first)
    elapsed = max(last - first, 1e-6)
    delivered = sum(len(v) for k, v in got.items() if k in burst_sent)
    missing += expected - delivered
    return Run(percentile(latencies, 50), percentile(latencies, 99), delivered / elapsed,
               missing, median(round_trips), (cpu_after - cpu_before) / elapsed,
               server_cpu * 1e6 / max(delivered, 1))


def capture_template(target: Target) -> dict[str, Any]:
    """One real Accord event (for the peer to send events of the same size and shape)."""
    import socketio

    got: list[dict[str, Any]] = []
    client = socketio.Client()
    client.on("event", got.append, namespace=NAMESPACE)
    base = target.ws_url.replace("ws://", "http://").split("/socket.io/")[0]
    client.connect(base, namespaces=[NAMESPACE], transports=["websocket"],
                   auth={"token": target.token})
    try:
        client.call("subscribe", {"process_id": target.process_id, "last_seq": 2**31 - 1},
                    namespace=NAMESPACE)
        http = target.sessions()
        try:
            target.submit(http, 0)
        finally:
            http.close()
        deadline = time.monotonic() + 30
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        client.disconnect()
    if not got:
        raise RuntimeError("no event from Accord")
    return got[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N = 100, one run")
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, help="client processes")
    parser.add_argument("--events", type=int, default=30, help="paced submissions per run")
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between them")
    parser.add_argument("--burst", type=int, default=150, help="submissions in the burst")
    parser.add_argument("--submitters", type=int, default=6)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="Accord's database (SQLite syncs every commit: FULL)")
    parser.add_argument("--websocket", choices=list(WEBSOCKETS), default="lean",
                        help="the server's LIVE_WEBSOCKET (config.py): lean (the default), "
                             "simple (simple-websocket), simple-deflate (simple-websocket "
                             "with the permessage-deflate the clients offer)")
    args = parser.parse_args()
    global QUICK
    QUICK = args.quick
    CONTEXT["backend"] = args.backend
    CONTEXT["websocket"] = args.websocket
    sizes = [100] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.quick else args.runs
    if args.quick:
        args.events, args.burst = min(args.events, 15), min(args.burst, 40)

    with tempfile.TemporaryDirectory(prefix="accord-fanout-") as tmp, \
            running_server(args.backend, Path(tmp), extra_env={
                "ACCORD_LIVE_WEBSOCKET": args.websocket}) as (server, _database):
        negotiation = setup_negotiation(server, delegates=1 + args.submitters, paragraphs=20)
        accord = accord_target(server, negotiation)
        template = capture_template(accord)
        log(f"event template: {len(json.dumps(template))} bytes of JSON")
        with node_peer() as (port, node_pid):
            node = node_target(port, node_pid, template)
            for n in sizes:
                results: dict[str, list[Run]] = {}
                rss: dict[str, float] = {}
                idle: dict[str, float] = {}
                for target in (accord, node):
                    workers = Workers(args.workers)
                    try:
                        idle[target.name] = rss_mb(target.pid)
                        started = time.monotonic()
                        connected = workers.connect(target.ws_url, target.token,
                                                    target.process_id, n)
                        log(f"{target.name}: {connected}/{n} clients subscribed in "
                            f"{time.monotonic() - started:.1f} s")
                        time.sleep(1.0)
                        rss[target.name] = rss_mb(target.pid)
                        results[target.name] = []
                        for run in range(runs):
                            measured = measure(target, workers, connected, args.events,
                                               args.gap, args.burst, args.submitters)
                            log(f"{target.name} n={n} run {run + 1}: {measured}")
                            results[target.name].append(measured)
                    finally:
                        workers.close()
                CONTEXT["load_average"] = round(os.getloadavg()[0], 2)
                report(n, results, rss, runs, idle)


def report(n: int, results: dict[str, list[Run]], rss: dict[str, float], runs: int,
           idle: dict[str, float]) -> None:
    a, f = results["accord"], results["node"]

    def med(runs_: list[Run], name: str) -> float:
        return median([getattr(r, name) for r in runs_])

    p99, p99_floor = med(a, "p99"), med(f, "p99")
    ratio = median([x.p99 / y.p99 for x, y in zip(a, f, strict=True)])
    emit("p50_latency", med(a, "p50"), "ms", n, runs=runs)
    emit("p99_latency", p99, "ms", n, runs=runs)
    emit("p50_latency_floor", med(f, "p50"), "ms", n, runs=runs)
    emit("p99_latency_floor", p99_floor, "ms", n, runs=runs)
    judged = n >= JUDGED_FROM or QUICK
    emit("p99_ratio_to_floor", ratio, "ratio", n, TARGET_RATIO,
         ratio <= TARGET_RATIO if judged else None, runs=runs)
    rate = med(a, "rate")
    emit("deliveries_per_s", rate, "per_s", n, runs=runs)
    emit("deliveries_per_s_floor", med(f, "rate"), "per_s", n, runs=runs)
    rate_ratio = median([x.rate / y.rate for x, y in zip(a, f, strict=True) if y.rate])
    emit("deliveries_ratio_to_floor", rate_ratio, "ratio", n, TARGET_RATE_RATIO,
         rate_ratio >= TARGET_RATE_RATIO if judged else None, runs=runs)
    emit("server_rss", rss["accord"], "MB", n)
    emit("server_rss_floor", rss["node"], "MB", n)
    rss_ratio = rss["accord"] / rss["node"] if rss["node"] else float("nan")
    emit("rss_ratio_to_floor", rss_ratio, "ratio", n, TARGET_RSS_RATIO,
         rss_ratio <= TARGET_RSS_RATIO if n >= RSS_JUDGED_FROM or QUICK else None)
    for name, suffix in (("accord", ""), ("node", "_floor")):
        emit(f"server_rss_idle{suffix}", idle[name], "MB", n,
             note="RSS before the clients connected (what the process holds at start-up)")
        emit(f"server_rss_per_client{suffix}", (rss[name] - idle[name]) * 1024 / n, "KB", n,
             note="RSS with the clients subscribed less the RSS before they connected")
    emit("submission_round_trip", med(a, "submit_ms"), "ms", n,
         note="HTTP request of one amendment, included in the latency")
    emit("submission_round_trip_floor", med(f, "submit_ms"), "ms", n)
    emit("missed_deliveries", med(a, "missing"), "count", n, 0, med(a, "missing") == 0,
         runs=runs)
    emit("refused_submissions", len(REFUSED), "count", n, 0, not REFUSED,
         note="HTTP 500s answered to submissions so far (each sent again)")
    emit("client_cpu_during_burst", med(a, "client_cpu"), "cores", n,
         note="CPU of all client processes per second of the burst (2-core machine)")
    emit("server_cpu_per_delivery", med(a, "server_us"), "us", n)
    emit("server_cpu_per_delivery_floor", med(f, "server_us"), "us", n)


if __name__ == "__main__":
    main()
