"""The read storm: a revision is published, then every delegate opens it at once.

For each backend: a fresh database, ``accord serve`` in a subprocess, a process in
negotiation with ``--delegates`` delegations (one delegate and bearer token each), a text of
``--paragraphs`` paragraphs published as the zero draft, then Rev.1, with amendments on it
(``--amendments`` submitted per delegation, and a draft for every fifth delegation). The
``--clients`` clients (spread over ``--client-procs`` processes, each client one keep-alive
aiohttp connection, the delegates' tokens shared round-robin) connect and wait. Each run then
edits a paragraph and publishes the next revision, and at once every client fetches what the
revision's pages fetch on opening it (client/features/text.js, compilation.js, amendments.js):

- ``GET /documents/D/revisions/N`` (the revision's text),
- ``GET /documents/D/revisions/N/compilation?state=submitted`` (its compilation, as the
  page asks for it by default),
- ``GET /processes/P/amendments?delegation=CODE&limit=500`` (their amendment list).

That is the **storm**: ``clients x 3`` requests, all starting together; its latencies count
(from the moment each request is sent), its throughput is requests over the storm's wall
time. Then a **repeat** wave: every client opens the pages again sending the ETags it got
(as a browser revalidates), where 304 counts as a success.

Prints one JSON object per line (the median over ``--runs``), e.g.
{"bench": "readstorm", "backend": "sqlite", "metric": "p99_latency", "value": 812.0, ...}
Targets, for the storm on each backend: p99 <= 1 s, no errors, fair (max <= 2 x p99).

    .venv/bin/python bench/readstorm.py [--backend sqlite|postgresql|all] [--clients 1000]
        [--delegates 50] [--paragraphs 120] [--amendments 2] [--runs 3] [--client-procs 4]
        [--quick] [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ClientProcesses, backends_to_run, emit, median, percentile
from tests.support.negotiation import (
    Negotiation,
    add_amendments,
    publish_next,
    setup_negotiation,
)
from tests.support.servers import ServerProcess, running_server

TARGET_P99_MS = 1000.0
FAIRNESS = 2.0  # max <= FAIRNESS x p99

# ---- the clients (in client processes) ---------------------------------------------------


async def _open_pages(session: Any, urls: list[tuple[str, str]], headers: dict[str, str],
                      etags: dict[str, str] | None, records: list[tuple[str, float, float, int]],
                      seen: dict[str, str]) -> None:
    import aiohttp

    for name, url in urls:
        sent = dict(headers)
        if etags is not None and name in etags:
            sent["If-None-Match"] = etags[name]
        started_wall = time.time()
        started = time.perf_counter()
        try:
            async with session.get(url, headers=sent) as reply:
                body = await reply.read()
                status = reply.status
                if status == 200:
                    if not body.startswith((b"{", b"[")):
                        status = -2
                    tag = reply.headers.get("ETag")
                    if tag:
                        seen[name] = tag
        except (TimeoutError, aiohttp.ClientError):
            status = -1
        records.append((name, started_wall, time.perf_counter() - started, status))


async def _client_loop(pipe: Connection) -> None:
    import aiohttp

    loop = asyncio.get_running_loop()
    clients: list[tuple[Any, dict[str, str], str]] = []  # (session, headers, delegation)
    etags: list[dict[str, str]] = []
    while True:
        command: dict[str, Any] = await loop.run_in_executor(None, pipe.recv)
        op = command["op"]
        if op == "connect":
            timeout = aiohttp.ClientTimeout(total=120)
            for token, code in command["clients"]:
                connector = aiohttp.TCPConnector(limit=1, force_close=False)
                session = aiohttp.ClientSession(connector=connector, timeout=timeout)
                clients.append((session, {"Authorization": f"Bearer {token}"}, code))
                etags.append({})

            async def warm(session: Any, headers: dict[str, str], api: str) -> int:
                async with session.get(api + "/auth/me", headers=headers) as reply:
                    await reply.read()
                    return int(reply.status)

            statuses = []
            for start in range(0, len(clients), 100):  # connect 100 at a time
                statuses += await asyncio.gather(*(warm(s, h, command["api"]) for s, h, _ in
                                                   clients[start:start + 100]))
            pipe.send({"connected": sum(1 for s in statuses if s == 200)})
        elif op in ("storm", "repeat"):
            api, d, p, seq = command["api"], command["document"], command["process"], \
                command["sequence"]
            records: list[tuple[str, float, float, int]] = []
            while time.time() < command["start_at"]:
                await asyncio.sleep(min(0.01, max(0.0, command["start_at"] - time.time())))

            def urls(code: str, api: str = api, d: int = d, p: int = p, seq: int = seq
                     ) -> list[tuple[str, str]]:
                return [("revision", f"{api}/documents/{d}/revisions/{seq}"),
                        ("compilation", f"{api}/documents/{d}/revisions/{seq}/compilation"
                                        "?state=submitted"),
                        ("amendments", f"{api}/processes/{p}/amendments"
                                       f"?delegation={code}&limit=500")]

            await asyncio.gather(*(
                _open_pages(session, urls(code), headers,
                            etags[i] if op == "repeat" else None, records, etags[i])
                for i, (session, headers, code) in enumerate(clients)))
            pipe.send({"records": records})
        elif op == "close":
            for session, _h, _c in clients:
                await session.close()
            pipe.send({"closed": True})
            return


def client_process(pipe: Connection) -> None:
    asyncio.run(_client_loop(pipe))


# ---- setting up --------------------------------------------------------------------------


# ---- one measured run --------------------------------------------------------------------


def summarise(records: list[tuple[str, float, float, int]], ok_statuses: set[int]
              ) -> dict[str, Any]:
    ok = [latency for _n, _t, latency, status in records if status in ok_statuses]
    errors = [status for _n, _t, _latency, status in records if status not in ok_statuses]
    if records:
        first = min(t for _n, t, _l, _s in records)
        last = max(t + latency for _n, t, latency, _s in records)
        wall = max(last - first, 1e-9)
    else:
        wall = float("nan")
    by_name = {name: round(percentile([lat for n, _t, lat, s in records
                                       if n == name and s in ok_statuses], 99) * 1000, 1)
               for name in ("revision", "compilation", "amendments")}
    return {"requests": len(records), "wall_s": wall, "throughput": len(ok) / wall,
            "p50_ms": percentile(ok, 50) * 1000, "p99_ms": percentile(ok, 99) * 1000,
            "max_ms": max(ok) * 1000 if ok else float("nan"), "errors": len(errors),
            "error_statuses": sorted(set(errors)), "p99_ms_by_read": by_name}


def process_cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server: ServerProcess, negotiation: Negotiation, pool: ClientProcesses,
            run: int) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    published = publish_next(negotiation, run)
    sequence = published["revision"]["sequence"]
    command = {"api": negotiation.api, "document": negotiation.document_id,
               "process": negotiation.process_id, "sequence": sequence}
    cpu = process_cpu_seconds(server.pid)
    start_at = time.time() + 0.2
    answers_ = pool.ask([{**command, "op": "storm", "start_at": start_at}] * len(pool.pipes))
    storm_cpu = process_cpu_seconds(server.pid) - cpu
    storm = summarise([r for a in answers_ for r in a["records"]], {200})
    storm["server_cpu_s"] = storm_cpu
    time.sleep(0.5)
    cpu = process_cpu_seconds(server.pid)
    answers_ = pool.ask([{**command, "op": "repeat", "start_at": time.time() + 0.2}]
                        * len(pool.pipes))
    repeat_records = [r for a in answers_ for r in a["records"]]
    repeat = summarise(repeat_records, {200, 304})
    repeat["not_modified"] = sum(1 for r in repeat_records if r[3] == 304)
    repeat["server_cpu_s"] = process_cpu_seconds(server.pid) - cpu
    return {"sequence": sequence, "storm": storm, "repeat": repeat,
            "load_average_1m": load_before}


# ---- reporting ---------------------------------------------------------------------------


def error_causes(server: ServerProcess) -> dict[str, int]:
    """What the server logged for the answers it could not give (e.g. the connection pool
    exhausted, or the database refusing more connections), counted."""
    import re
    from collections import Counter

    found: Counter[str] = Counter()
    for line in server.log().splitlines():
        if "unavailable" in line or "Error" in line:
            found[re.sub(r"\d+(\.\d+)?", "N", line.strip())[:160]] += 1
    return dict(found.most_common(5))


def report(backend: str, args: argparse.Namespace, setup: dict[str, Any],
           runs: list[dict[str, Any]]) -> None:
    base = {"bench": "readstorm", "backend": backend, "clients": args.clients,
            "delegates": args.delegates, "paragraphs": args.paragraphs,
            "amendments": setup["amendments"], "runs": len(runs), "quick": args.quick,
            "load_average_1m": [round(r["load_average_1m"], 2) for r in runs]}
    for wave in ("storm", "repeat"):
        waves = [r[wave] for r in runs]
        p50 = median([w["p50_ms"] for w in waves])
        p99 = median([w["p99_ms"] for w in waves])
        peak = median([w["max_ms"] for w in waves])
        throughput = median([w["throughput"] for w in waves])
        errors = sum(w["errors"] for w in waves)
        statuses = sorted({s for w in waves for s in w["error_statuses"]})
        fair = all(w["max_ms"] <= FAIRNESS * w["p99_ms"] for w in waves)
        wb = {**base, "wave": wave}
        emit({**wb, "metric": "throughput", "value": round(throughput, 1), "unit": "per_s",
              "requests": waves[0]["requests"],
              "per_run": [round(w["throughput"], 1) for w in waves]})
        emit({**wb, "metric": "p50_latency", "value": round(p50, 1), "unit": "ms",
              "per_run": [round(w["p50_ms"], 1) for w in waves]})
        line: dict[str, Any] = {**wb, "metric": "p99_latency", "value": round(p99, 1),
                                "unit": "ms", "per_run": [round(w["p99_ms"], 1) for w in waves],
                                "by_read": waves[len(waves) // 2]["p99_ms_by_read"]}
        if wave == "storm":
            line.update(target=TARGET_P99_MS, met=p99 <= TARGET_P99_MS)
        emit(line)
        emit({**wb, "metric": "max_latency", "value": round(peak, 1), "unit": "ms",
              "per_run": [round(w["max_ms"], 1) for w in waves]})
        emit({**wb, "metric": "fairness", "value": round(peak / p99, 2) if p99 else None,
              "unit": "max_over_p99", "target": FAIRNESS, "met": fair})
        emit({**wb, "metric": "errors", "value": errors, "unit": "count", "aggregate": "sum",
              "target": 0, "met": errors == 0, "statuses": statuses,
              "server_log": setup["causes"] if errors else {}})
        emit({**wb, "metric": "server_cpu", "unit": "s",
              "value": round(median([w["server_cpu_s"] for w in waves]), 2)})
        if wave == "repeat":
            emit({**wb, "metric": "not_modified", "unit": "count",
                  "value": median([w["not_modified"] for w in waves])})
    storm = [r["storm"] for r in runs]
    met = (median([w["p99_ms"] for w in storm]) <= TARGET_P99_MS
           and sum(w["errors"] for w in storm) == 0
           and all(w["max_ms"] <= FAIRNESS * w["p99_ms"] for w in storm))
    emit({**base, "metric": "targets", "met": met,
          "targets": {"p99_ms": TARGET_P99_MS, "errors": 0, "max_over_p99": FAIRNESS}})


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    extra_env: dict[str, str] = {}
    command = None
    if args.profile:
        extra_env["ACCORD_GEVENT_PATCH"] = "1"
        command = [sys.executable, "-m", "cProfile", "-o", f"{args.profile}.{backend}",
                   "-m", "server.serve"]
    with tempfile.TemporaryDirectory(prefix="accord-readstorm-") as tmp, \
            running_server(backend, Path(tmp), extra_env=extra_env, command=command) \
            as (server, _database):
        if command:
            server.env.pop("ACCORD_GEVENT_PATCH", None)  # `accord user add` runs unpatched
        started = time.monotonic()
        negotiation = setup_negotiation(server, delegates=args.delegates,
                                        paragraphs=args.paragraphs)
        rev1 = publish_next(negotiation, 0)
        made = add_amendments(negotiation, rev1["revision"]["id"], args.amendments)
        print(f"# {backend}: set up {args.delegates} delegates, {args.paragraphs} paragraphs, "
              f"{made} amendments in {time.monotonic() - started:.1f} s", file=sys.stderr,
              flush=True)
        tokens = [negotiation.delegates[i % len(negotiation.delegates)]
                  for i in range(args.clients)]
        procs = max(1, min(args.client_procs, args.clients))
        pool = ClientProcesses(procs, client_process)
        try:
            connected = pool.ask([{"op": "connect", "api": negotiation.api,
                                   "clients": [(token, code) for code, token
                                               in tokens[i::procs]]} for i in range(procs)])
            total = sum(c["connected"] for c in connected)
            if total != args.clients:
                raise RuntimeError(f"only {total} of {args.clients} clients connected; the "
                                   f"server logged: {error_causes(server)}")
            runs = []
            for run in range(1, args.runs + 1):
                result = measure(server, negotiation, pool, run)
                print(f"# {backend} run {run}: {json.dumps(result)}", file=sys.stderr,
                      flush=True)
                runs.append(result)
                time.sleep(1.0)
            pool.ask([{"op": "close"}] * procs)
        finally:
            for process in pool.processes:
                process.join(timeout=10)
                if process.is_alive():
                    process.terminate()
        report(backend, args, {"amendments": made, "causes": error_causes(server)}, runs)
        if args.profile:
            import signal

            from bench.writes import print_profile

            server.stop(timeout=30, sig=signal.SIGINT)  # cProfile writes its file on exit
            print_profile(f"{args.profile}.{backend}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--delegates", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=120)
    parser.add_argument("--amendments", type=int, default=2,
                        help="submitted amendments per delegation")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--client-procs", type=int, default=4)
    parser.add_argument("--quick", action="store_true",
                        help="200 clients, 20 delegates, 60 paragraphs, one run (make bench)")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the server under cProfile (slower!) and print its top "
                             "functions to stderr; the figures are then not comparable")
    args = parser.parse_args(argv)
    if args.quick:
        args.clients, args.delegates, args.paragraphs, args.runs = 200, 20, 60, 1
        args.client_procs = min(args.client_procs, 2)
    for backend in backends_to_run(args.backend, "readstorm"):
        bench_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
