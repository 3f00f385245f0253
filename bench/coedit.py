"""Live co-editing: 2 pen-holders typing 10 keystrokes/s each into one paragraph, N watchers.

Against a real ``accord serve`` (gevent, SQLite) and, as the floor in the same run, the bare
Node socket.io server of bench/peers/ broadcasting messages of the same size to the same
number of watchers, it measures:

* keystroke-to-watcher latency, p50 and p99: from just before a pen-holder sends its Yjs
  update (coedit.update, acknowledged only once stored and committed) to its receipt at every
  watcher (coedit.update relayed to the document's room); the floor's from just before the
  equal-sized message is posted to the Node peer to its receipt;
* server CPU per keystroke (the serving process's user + system time over the typing, fan-out
  included);
* the size of a paragraph's stored state after 10,000 edits, before compaction (every update
  as stored) and after (one merged Yjs update), with the same code the server stores with;
* that nothing was lost: every keystroke reached every watcher (``undelivered``), and both
  pen-holders' copies and the stored text ended the same (``texts_converged``).

The watchers are the raw Engine.IO 4 / Socket.IO 5 WebSocket clients of bench/fanout.py (text
frames on aiohttp, several processes); the pen-holders are python-socketio clients with a
pycrdt document each (the two connections are the co-facilitator's). Output: JSON lines,
``{"bench": "coedit", "metric", "value", "unit", "n", "target", "met"}``, medians over
``--runs`` runs (3; ``--quick``: 1), the two targets alternating so that the machine's noise
falls on both.

    .venv/bin/python bench/coedit.py            # 1,000 watchers, 20 s of typing
    .venv/bin/python bench/coedit.py --quick    # 100 watchers, 5 s (CI-sized)
    .venv/bin/python bench/coedit.py --backend postgresql   # where PostgreSQL answers
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import requests

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ClientProcesses, close_clients, median, percentile
from bench.fanout import cpu_seconds, node_peer
from tests.support.negotiation import setup_negotiation
from tests.support.servers import running_server

NAMESPACE = "/live"
TARGET_RATIO = 1.5
RATE = 10.0  # keystrokes per second per pen-holder
CONTEXT: dict[str, Any] = {}
#: Whether both pen-holders' copies and the stored text ended the same.
AGREE: list[bool] = []


def emit(metric: str, value: float, unit: str, n: int, target: float | None = None,
         met: bool | None = None, **extra: Any) -> None:
    print(json.dumps({"bench": "coedit", "metric": metric, "value": round(value, 3),
                      "unit": unit, "n": n, "target": target, "met": met, **CONTEXT, **extra}),
          flush=True)


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


# ---- watchers (separate processes) ----------------------------------------------------------


async def _watcher(session: Any, command: dict[str, Any], receipts: list[tuple[str, float]],
                   ready: asyncio.Event, failures: list[str], stop: asyncio.Event) -> None:
    coedit = command["mode"] == "accord"
    try:
        async with session.ws_connect(command["url"], autoping=False, max_msg_size=0) as ws:
            if not (await ws.receive_str()).startswith("0"):
                raise RuntimeError("unexpected open packet")
            await ws.send_str(f"40{NAMESPACE},{json.dumps({'token': command['token']})}")
            if not (await ws.receive_str()).startswith(f"40{NAMESPACE},"):
                raise RuntimeError("refused")
            if coedit:
                join = ["coedit.join", {"document_id": command["document_id"]}]
                prefix = f'42{NAMESPACE},["coedit.update",'
            else:
                join = ["subscribe", {"process_id": 1, "last_seq": 0}]
                prefix = f'42{NAMESPACE},["event",'
            await ws.send_str(f"42{NAMESPACE},1{json.dumps(join)}")
            ack_prefix = f"43{NAMESPACE},1"
            cut, loads, now, append = len(prefix), json.loads, time.time, receipts.append
            async for message in ws:
                data = message.data
                if not isinstance(data, str):
                    break
                if data.startswith(prefix):
                    body = loads(data[cut:-1])
                    append((body["update"] if coedit else body["key"], now()))
                elif data == "2":
                    await ws.send_str("3")
                elif data.startswith(ack_prefix):
                    if not loads(data[len(ack_prefix):])[0].get("ok"):
                        raise RuntimeError(f"join refused: {data[:200]}")
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
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        while True:
            command = await loop.run_in_executor(None, conn.recv)
            if command["op"] == "connect":
                gate = asyncio.Semaphore(50)

                async def one(command: dict[str, Any] = command,
                              gate: asyncio.Semaphore = gate) -> None:
                    ready = asyncio.Event()
                    async with gate:
                        tasks.append(asyncio.create_task(
                            _watcher(session, command, receipts, ready, failures, stop)))
                        await ready.wait()

                before = len(failures)
                await asyncio.wait_for(asyncio.gather(*[one() for _ in range(command["count"])]),
                                       300)
                conn.send({"connected": command["count"] - (len(failures) - before),
                           "failures": failures[:3]})
            elif command["op"] == "collect":
                got, receipts[:] = list(receipts), []
                conn.send({"receipts": got})
            elif command["op"] == "close":
                await close_clients(stop, tasks, conn)
                return


def worker(conn: Connection) -> None:
    asyncio.run(_worker_main(conn))


class Watchers(ClientProcesses):
    def __init__(self, count: int) -> None:
        super().__init__(count, worker)

    def connect(self, n: int, **command: Any) -> int:
        shares = [n // len(self.pipes) + (i < n % len(self.pipes)) for i in range(len(self.pipes))]
        replies = self.ask([{"op": "connect", "count": share, **command} for share in shares])
        for reply in replies:
            if reply["failures"]:
                log(f"watcher failures: {reply['failures']}")
        return sum(int(r["connected"]) for r in replies)

    def collect(self) -> dict[str, list[float]]:
        merged: dict[str, list[float]] = defaultdict(list)
        for reply in self.ask([{"op": "collect"}] * len(self.pipes)):
            for key, at in reply["receipts"]:
                merged[key].append(at)
        return merged

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ask([{"op": "close"}] * len(self.pipes), timeout=30)
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


# ---- pen-holders -----------------------------------------------------------------------------


class PenHolder:
    """A python-socketio connection with a pycrdt copy of the paragraph."""

    def __init__(self, base: str, token: str, document_id: int, key: str) -> None:
        import pycrdt
        import socketio

        self.sio = socketio.Client(reconnection=False)
        self.sio.connect(base, namespaces=[NAMESPACE], transports=["websocket"],
                         auth={"token": token}, wait_timeout=30)
        self.document_id, self.key = document_id, key
        self.doc: Any = pycrdt.Doc()
        self.text = self.doc.get("text", type=pycrdt.Text)
        self.lock = threading.Lock()
        self.sio.on("coedit.update", self._remote, namespace=NAMESPACE)
        ack = self.sio.call("coedit.join", {"document_id": document_id}, namespace=NAMESPACE)
        assert ack["ok"], ack
        synced = self.sio.call("coedit.sync", {
            "document_id": document_id, "unit": key,
            "state_vector": base64.b64encode(self.doc.get_state()).decode()},
            namespace=NAMESPACE)
        assert synced["ok"], synced
        self.doc.apply_update(base64.b64decode(synced["update"]))

    def _remote(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.doc.apply_update(base64.b64decode(message["update"]))

    def keystroke(self, rng: random.Random) -> tuple[str, float, dict[str, Any]]:
        made: list[bytes] = []
        with self.lock:
            subscription = self.doc.observe(lambda event: made.append(event.update))
            length = len(str(self.text).encode())
            if length > 40 and rng.random() < 0.15:
                end = len(str(self.text)[:-1].encode())
                del self.text[end:length]
            else:
                at = 0 if rng.random() < 0.5 else length
                self.text.insert(at, rng.choice("abcdefghij klmnop"))
            self.doc.unobserve(subscription)
        update = base64.b64encode(made[0]).decode()
        sent = time.time()
        ack = self.sio.call("coedit.update", {"document_id": self.document_id, "unit": self.key,
                                              "update": update}, namespace=NAMESPACE,
                            timeout=60)
        return update, sent, ack

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.sio.disconnect()


def paced(count: int, action: Any) -> None:
    """``action(i)`` ``count`` times at RATE per second (no catching up after a slow one)."""
    start = time.monotonic()
    for i in range(count):
        delay = start + i / RATE - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        action(i)


def latencies(sent: dict[str, float], receipts: dict[str, list[float]], n: int
              ) -> tuple[list[float], int]:
    found, missing = [], 0
    for key, at in sent.items():
        got = receipts.get(key, [])
        missing += n - len(got)
        found.extend((r - at) * 1000 for r in got)
    return found, missing


# ---- the runs -----------------------------------------------------------------------------


def accord_run(n: int, seconds: float, workers: int, backend: str, synchronous: str
               ) -> tuple[list[float], int, float, int, int]:
    env = {"ACCORD_SQLITE_SYNCHRONOUS": synchronous}
    with tempfile.TemporaryDirectory() as scratch, \
            running_server(backend, Path(scratch), extra_env=env) as (server, _database):
        negotiation = setup_negotiation(server, delegates=4, paragraphs=6)
        document, key = negotiation.document_id, next(iter(negotiation.units))
        cofac = requests.Session()
        cofac.headers["Authorization"] = f"Bearer {negotiation.cofac_token}"
        reply = cofac.put(f"{negotiation.api}/documents/{document}/room/sharing",
                          json={"shared": True}, timeout=30)
        assert reply.status_code == 200, reply.text
        watchers = Watchers(workers)
        try:
            url = f"ws://{server.host}:{server.port}/socket.io/?EIO=4&transport=websocket"
            tokens = [t for _, t in negotiation.delegates]
            connected = watchers.connect(n, url=url, token=tokens[0], mode="accord",
                                         document_id=document)
            log(f"accord: {connected} watchers joined")
            pens = [PenHolder(server.base, negotiation.cofac_token, document, key)
                    for _ in range(2)]
            sent: dict[str, float] = {}
            size: list[int] = []
            cpu_before = cpu_seconds(server.pid)
            count = int(seconds * RATE)

            def typing(pen: PenHolder, seed: int) -> None:
                rng = random.Random(seed)

                def one(_i: int) -> None:
                    update, at, ack = pen.keystroke(rng)
                    if ack.get("ok"):
                        sent[update] = at
                        size.append(len(update))
                    else:
                        log(f"refused: {ack}")
                paced(count, one)

            threads = [threading.Thread(target=typing, args=(pen, i)) for i, pen in
                       enumerate(pens)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            time.sleep(2)
            cpu = cpu_seconds(server.pid) - cpu_before
            found, missing = latencies(sent, watchers.collect(), connected)
            stored = next(u["text"] for u in cofac.get(
                f"{negotiation.api}/documents/{document}/working-copy", timeout=30).json()["units"]
                if u["key"] == key)
            with pens[0].lock, pens[1].lock:
                texts = {str(pens[0].text), str(pens[1].text), stored}
            AGREE.append(len(texts) == 1)
            for pen in pens:
                pen.close()
            message = 64 + int(median(size)) if size else 150
            return found, missing, cpu / max(len(sent), 1), connected, message
        finally:
            watchers.close()


def node_run(n: int, seconds: float, workers: int, message_size: int) -> tuple[list[float],
                                                                             int]:
    with node_peer() as (port, _pid):
        watchers = Watchers(workers)
        try:
            connected = watchers.connect(
                n, url=f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                token="peer", mode="node")
            log(f"node: {connected} watchers subscribed")
            sent: dict[str, float] = {}
            count = int(seconds * RATE)
            lock = threading.Lock()
            numbers = iter(range(10**9))

            def typing() -> None:
                http = requests.Session()

                def one(_i: int) -> None:
                    with lock:
                        key = f"k{next(numbers)}"
                    pad = "x" * max(0, message_size - 60)
                    at = time.time()
                    reply = http.post(f"http://127.0.0.1:{port}/publish", json={
                        "room": "p1", "event": {"key": key, "unit": "op1", "pad": pad}},
                        timeout=30)
                    if reply.status_code == 201:
                        sent[key] = at
                paced(count, one)

            threads = [threading.Thread(target=typing) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            time.sleep(2)
            found, missing = latencies(sent, watchers.collect(), connected)
            return found, missing
        finally:
            watchers.close()


def stored_sizes(edits: int) -> tuple[int, int, str]:
    """A paragraph after ``edits`` keystrokes, stored update by update and then compacted."""
    from server.core.shared_text import SharedText, merge

    rng = random.Random(7)
    writer = SharedText.from_text("We commit to cooperate on safe and dignified return.")
    updates = [writer.state()]
    text = writer.text
    for _ in range(edits):
        if len(text) > 200 and rng.random() < 0.4:
            at = rng.randrange(len(text) - 1)
            text = text[:at] + text[at + 1:]
        else:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice("abcdefghij ") + text[at:]
        updates.append(writer.set_text(text))
    compacted = merge(updates)
    assert SharedText.from_updates([compacted]).text == text
    return sum(len(u) for u in updates), len(compacted), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 watchers, 5 s of typing")
    parser.add_argument("--watchers", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--workers", type=int, default=3, help="watcher processes")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs of each target, alternating (medians reported)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--synchronous", default="FULL",
                        help="SQLite's synchronous setting (FULL: every commit synced)")
    args = parser.parse_args()
    n = args.watchers or (100 if args.quick else 1000)
    seconds = args.seconds or (5.0 if args.quick else 20.0)
    CONTEXT.update({"backend": args.backend, "seconds": seconds, "pen_holders": 2,
                    "keystrokes_per_s": RATE})
    if args.backend == "sqlite":
        CONTEXT["synchronous"] = args.synchronous.upper()
    runs = args.runs or (1 if args.quick else 3)
    CONTEXT["runs"] = runs
    measured: dict[str, list[float]] = defaultdict(list)
    missing = floor_missing = 0
    connected = message = 0
    for run in range(runs):
        log(f"run {run + 1} of {runs}")
        found, lost, cpu, connected, message = accord_run(n, seconds, args.workers,
                                                          args.backend, args.synchronous)
        floor, floor_lost = node_run(n, seconds, args.workers, message)
        missing, floor_missing = missing + lost, floor_missing + floor_lost
        measured["p50"].append(percentile(found, 50))
        measured["p99"].append(percentile(found, 99))
        measured["p50_floor"].append(percentile(floor, 50))
        measured["p99_floor"].append(percentile(floor, 99))
        measured["cpu"].append(cpu * 1000)

    def each(name: str) -> dict[str, Any]:
        return {"each_run": [round(v, 3) for v in measured[name]]}

    p99, p99_floor = median(measured["p99"]), median(measured["p99_floor"])
    emit("latency_p50", median(measured["p50"]), "ms", connected, **each("p50"))
    emit("latency_p99", p99, "ms", connected, **each("p99"))
    emit("latency_p50_floor", median(measured["p50_floor"]), "ms", connected,
         **each("p50_floor"))
    emit("latency_p99_floor", p99_floor, "ms", connected, **each("p99_floor"))
    ratio = p99 / p99_floor if p99_floor else float("nan")
    emit("p99_ratio_to_floor", ratio, "x", connected, TARGET_RATIO, ratio <= TARGET_RATIO)
    emit("undelivered", missing, "messages", connected, 0, missing == 0)
    emit("texts_converged", float(all(AGREE)), "bool", connected, 1, all(AGREE))
    emit("undelivered_floor", floor_missing, "messages", connected)
    emit("server_cpu_per_keystroke", median(measured["cpu"]), "ms", connected, **each("cpu"))
    emit("message_size", message, "bytes", connected)
    before, after, _text = stored_sizes(10_000)
    emit("stored_bytes_10000_edits_before_compaction", before, "bytes", 1)
    emit("stored_bytes_10000_edits_after_compaction", after, "bytes", 1)


if __name__ == "__main__":
    main()
