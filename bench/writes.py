"""Write throughput: concurrent delegates submitting amendments over HTTP to a real server.

Target (on the project's 2-core machine): >= 300 amendments/s with p99 <= 100 ms, 50 clients,
on SQLite and PostgreSQL. For each backend: a fresh database, ``accord serve`` in a
subprocess, a process in negotiation with one delegation and delegate (own token) per client
and a published draft of 40 paragraphs. Then each client submits ``change_words`` amendments
in a closed loop (keep-alive, one aiohttp session per client); after a warm-up, answers
completed within the measured window count. Any answer other than 201 is an error.

Prints one JSON object per line (median over the runs), e.g.
{"bench": "writes", "metric": "throughput", "value": 312.4, "unit": "per_s", ...}

    .venv/bin/python bench/writes.py [--backend sqlite|postgresql|all] [--duration 10]
        [--warmup 2] [--clients 50] [--runs 3] [--client-procs 1] [--profile FILE]

The server keeps its durable defaults (SQLite synchronous=FULL, PostgreSQL as configured);
``--sqlite-synchronous NORMAL`` measures the weaker setting, labelled as such.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    PG_HOST,
    PG_PORT,
    Negotiation,
    ServerProcess,
    amendment_body,
    answers,
    median,
    percentile,
    running_server,
    setup_negotiation,
)

TARGET_THROUGHPUT = 300.0
TARGET_P99_MS = 100.0


# ---- the load (runs in one or more client processes) -------------------------------------


@dataclass
class Plan:
    api: str
    process_id: int
    revision_id: int
    units: dict[str, str]
    tokens: list[str]
    start_at: float  # time.time() when every client starts
    warmup: float
    duration: float
    seed: int


def _clock_cpu() -> float:
    return time.process_time()


async def _client(plan: Plan, token: str, seed: int, records: list[tuple[float, float, int]]
                  ) -> None:
    import aiohttp

    negotiation = Negotiation(plan.api, plan.process_id, 0, plan.revision_id, plan.units)
    rng = random.Random(seed)
    url = f"{plan.api}/processes/{plan.process_id}/amendments"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    end = plan.start_at + plan.warmup + plan.duration
    connector = aiohttp.TCPConnector(limit=1, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        while time.time() < plan.start_at:
            await asyncio.sleep(min(0.05, max(0.0, plan.start_at - time.time())))
        while True:
            now = time.time()
            if now >= end:
                break
            data = json.dumps(amendment_body(negotiation, rng)).encode()
            started = time.perf_counter()
            try:
                async with session.post(url, data=data, headers=headers) as reply:
                    body = await reply.read()
                    status = reply.status
                    if status == 201 and b'"id"' not in body:
                        status = -2
            except (aiohttp.ClientError, asyncio.TimeoutError):
                status = -1
            latency = time.perf_counter() - started
            records.append((time.time(), latency, status))


async def _clients(plan: Plan) -> list[tuple[float, float, int]]:
    records: list[tuple[float, float, int]] = []
    await asyncio.gather(*(_client(plan, token, plan.seed * 1000 + i, records)
                           for i, token in enumerate(plan.tokens)))
    return records


def run_clients(plan: Plan) -> dict[str, Any]:
    """Run ``plan.tokens`` clients in this process; returns records and CPU used."""
    cpu0 = _clock_cpu()
    wall0 = time.time()
    records = asyncio.run(_clients(plan))
    cpu = _clock_cpu() - cpu0
    wall = time.time() - max(wall0, plan.start_at)
    return {"records": records, "cpu": cpu, "wall": wall}


# ---- one measured run --------------------------------------------------------------------


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (Linux /proc), in seconds."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def measure(server: ServerProcess, negotiation: Negotiation, *, clients: int, duration: float,
            warmup: float, procs: int, seed: int) -> dict[str, Any]:
    tokens = [token for _code, token in negotiation.delegates[:clients]]
    start_at = time.time() + 1.0 + 0.5 * procs
    chunks = [tokens[i::procs] for i in range(procs)]
    plans = [Plan(negotiation.api, negotiation.process_id, negotiation.revision_id,
                  negotiation.units, chunk, start_at, warmup, duration, seed * 100 + i)
             for i, chunk in enumerate(chunks) if chunk]
    window_start = start_at + warmup
    window_end = window_start + duration
    server_cpu: dict[str, float] = {}

    def sample_server_cpu() -> None:
        # Sample the server's CPU time at the edges of the measured window.
        time.sleep(max(0.0, window_start - time.time()))
        server_cpu["start"] = process_cpu_seconds(server.pid)
        time.sleep(max(0.0, window_end - time.time()))
        server_cpu["end"] = process_cpu_seconds(server.pid)

    import threading

    sampler = threading.Thread(target=sample_server_cpu, daemon=True)
    sampler.start()
    if len(plans) == 1:
        outcomes = [run_clients(plans[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(len(plans)) as pool:
            outcomes = pool.map(run_clients, plans)
    sampler.join(timeout=duration + warmup + 30)
    records = [r for outcome in outcomes for r in outcome["records"]
               if window_start <= r[0] < window_end]
    ok = [latency for _t, latency, status in records if status == 201]
    errors = [status for _t, _latency, status in records if status != 201]
    server_cpu_s = server_cpu.get("end", 0.0) - server_cpu.get("start", 0.0)
    return {
        "throughput": len(ok) / duration,
        "p50_ms": percentile(ok, 50) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "server_cpu_util": server_cpu_s / duration,
        "server_cpu_ms_per_amendment": server_cpu_s * 1000 / len(ok) if ok else None,
        # Client CPU over the whole run (warm-up included), per client process.
        "client_cpu_util": max(o["cpu"] / o["wall"] for o in outcomes if o["wall"] > 0),
    }


# ---- reporting ---------------------------------------------------------------------------


def emit(line: dict[str, Any]) -> None:
    print(json.dumps(line), flush=True)


def report(backend: str, args: argparse.Namespace, settings: dict[str, Any],
           runs: list[dict[str, Any]]) -> None:
    base = {"bench": "writes", "backend": backend, "clients": args.clients,
            "runs": len(runs), "duration_s": args.duration, "settings": settings}
    throughput = median([r["throughput"] for r in runs])
    p50 = median([r["p50_ms"] for r in runs])
    p99 = median([r["p99_ms"] for r in runs])
    emit({**base, "metric": "throughput", "value": round(throughput, 1), "unit": "per_s",
          "target": TARGET_THROUGHPUT, "met": throughput >= TARGET_THROUGHPUT,
          "per_run": [round(r["throughput"], 1) for r in runs]})
    emit({**base, "metric": "p50_latency", "value": round(p50, 2), "unit": "ms",
          "per_run": [round(r["p50_ms"], 2) for r in runs]})
    emit({**base, "metric": "p99_latency", "value": round(p99, 2), "unit": "ms",
          "target": TARGET_P99_MS, "met": p99 <= TARGET_P99_MS,
          "per_run": [round(r["p99_ms"], 2) for r in runs]})
    errors = sum(r["errors"] for r in runs)
    statuses = sorted({s for r in runs for s in r["error_statuses"]})
    emit({**base, "metric": "errors", "value": errors, "unit": "count", "aggregate": "sum",
          "target": 0, "met": errors == 0, "statuses": statuses})
    emit({**base, "metric": "server_cpu", "unit": "fraction_of_one_core",
          "value": round(median([r["server_cpu_util"] for r in runs]), 2),
          "ms_per_amendment": round(median([r["server_cpu_ms_per_amendment"] or 0.0
                                            for r in runs]), 3)})
    client_cpu = median([r["client_cpu_util"] for r in runs])
    emit({**base, "metric": "client_cpu", "unit": "fraction_of_one_core",
          "value": round(client_cpu, 2), "client_procs": args.client_procs,
          "client_bound": client_cpu >= 0.9})


def pg_settings() -> dict[str, str]:
    from sqlalchemy import create_engine, text

    from bench.common import pg_url

    engine = create_engine(pg_url())
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'synchronous_commit', 'wal_sync_method')")).all()
    finally:
        engine.dispose()
    return {f"pg_{name}": value for name, value in rows}


def bench_backend(backend: str, args: argparse.Namespace) -> None:
    extra_env: dict[str, str] = {}
    settings: dict[str, Any] = {}
    if backend == "sqlite":
        extra_env["ACCORD_SQLITE_SYNCHRONOUS"] = args.sqlite_synchronous
        settings["sqlite_synchronous"] = args.sqlite_synchronous.upper()
    else:
        settings.update(pg_settings())
    command = None
    if args.profile:
        extra_env["ACCORD_GEVENT_PATCH"] = "1"
        command = [sys.executable, "-m", "cProfile", "-o", f"{args.profile}.{backend}",
                   "-m", "server.serve"]
        settings["profiled"] = True
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp, \
            running_server(backend, Path(tmp), extra_env=extra_env, command=command) \
            as (server, _database):
        if command:
            server.env.pop("ACCORD_GEVENT_PATCH", None)  # `accord user add` runs unpatched
        started = time.monotonic()
        negotiation = setup_negotiation(server, delegates=args.clients,
                                        paragraphs=args.paragraphs)
        print(f"# {backend}: set up {args.clients} delegates in "
              f"{time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        runs = []
        for run in range(args.runs):
            result = measure(server, negotiation, clients=args.clients,
                             duration=args.duration, warmup=args.warmup,
                             procs=args.client_procs, seed=run + 1)
            print(f"# {backend} run {run + 1}: {json.dumps(result)}", file=sys.stderr,
                  flush=True)
            runs.append(result)
            time.sleep(1.0)
        report(backend, args, settings, runs)
        if args.profile:
            import signal

            server.stop(timeout=30, sig=signal.SIGINT)  # cProfile writes its file on exit
            print_profile(f"{args.profile}.{backend}")


def print_profile(path: str) -> None:
    import pstats

    if not Path(path).exists():
        print(f"# no profile written to {path}", file=sys.stderr)
        return
    stats = pstats.Stats(path, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "all"], default="all")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paragraphs", type=int, default=40)
    parser.add_argument("--client-procs", type=int, default=1,
                        help="client processes sharing the clients (the server gets the rest)")
    parser.add_argument("--sqlite-synchronous", default="FULL",
                        choices=["FULL", "NORMAL", "EXTRA", "full", "normal", "extra"],
                        help="SQLite durability; FULL (default) survives power loss")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the server under cProfile (slower!) and print its top "
                             "functions to stderr; the figures are then not comparable")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    for backend in backends:
        if backend == "postgresql" and not answers(PG_HOST, PG_PORT):
            emit({"bench": "writes", "backend": "postgresql",
                  "skipped": f"PostgreSQL does not answer on {PG_HOST}:{PG_PORT}"})
            continue
        bench_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
