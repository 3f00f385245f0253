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
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, percentile
from tests.support.negotiation import Negotiation, amendment_body, setup_negotiation
from tests.support.servers import ServerProcess, running_server
from tests.support.services import PG_HOST, PG_PORT, answers

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
            except (TimeoutError, aiohttp.ClientError):
                status = -1
            latency = time.perf_counter() - started
            records.append((time.time(), latency, status))


async def _window_cpu(plan: Plan, cpu: dict[str, float]) -> None:
    """This process's CPU time at the edges of the measured window."""
    window_start = plan.start_at + plan.warmup
    await asyncio.sleep(max(0.0, window_start - time.time()))
    cpu["start"] = _clock_cpu()
    await asyncio.sleep(max(0.0, window_start + plan.duration - time.time()))
    cpu["end"] = _clock_cpu()


async def _clients(plan: Plan, cpu: dict[str, float]) -> list[tuple[float, float, int]]:
    records: list[tuple[float, float, int]] = []
    await asyncio.gather(_window_cpu(plan, cpu),
                         *(_client(plan, token, plan.seed * 1000 + i, records)
                           for i, token in enumerate(plan.tokens)))
    return records


def run_clients(plan: Plan) -> dict[str, Any]:
    """Run ``plan.tokens`` clients in this process; returns records and the CPU seconds this
    process used within the measured window."""
    cpu: dict[str, float] = {}
    records = asyncio.run(_clients(plan, cpu))
    return {"records": records, "cpu": cpu.get("end", 0.0) - cpu.get("start", 0.0)}


# ---- one measured run --------------------------------------------------------------------


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` (Linux /proc), in seconds; 0 when it has gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / TICKS


def postgres_cpu_seconds() -> float:
    """CPU seconds of every PostgreSQL process on the machine (the database's share)."""
    total = 0.0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/comm") as handle:
                if handle.read().strip() != "postgres":
                    continue
        except OSError:
            continue
        total += process_cpu_seconds(int(entry.name))
    return total


def cpu_snapshot(server_pid: int) -> dict[str, float]:
    return {"server": process_cpu_seconds(server_pid), "postgres": postgres_cpu_seconds(),
            "machine": machine_busy_seconds()}


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
    snapshots: dict[str, dict[str, float]] = {}

    def sample_cpu() -> None:
        # CPU times at the edges of the measured window.
        time.sleep(max(0.0, window_start - time.time()))
        snapshots["start"] = cpu_snapshot(server.pid)
        time.sleep(max(0.0, window_end - time.time()))
        snapshots["end"] = cpu_snapshot(server.pid)

    import threading

    sampler = threading.Thread(target=sample_cpu, daemon=True)
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
    used = {key: snapshots["end"][key] - snapshots["start"][key] for key in snapshots["start"]}
    client_cpu_s = sum(outcome["cpu"] for outcome in outcomes)
    server_cpu_s = used["server"]
    other_cpu_s = used["machine"] - server_cpu_s - used["postgres"] - client_cpu_s
    return {
        "throughput": len(ok) / duration,
        "p50_ms": percentile(ok, 50) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
        "server_cpu_util": server_cpu_s / duration,
        "server_cpu_ms_per_amendment": server_cpu_s * 1000 / len(ok) if ok else None,
        "postgres_cpu_util": used["postgres"] / duration,
        # The busiest client process (one core each at most).
        "client_cpu_util": max(outcome["cpu"] for outcome in outcomes) / duration,
        # Everything else the machine ran meanwhile (other people's jobs): when it is high,
        # the server and database had less than the machine's two cores.
        "other_cpu_util": max(0.0, other_cpu_s) / duration,
        "machine_cpu_util": used["machine"] / duration,
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
                                            for r in runs]), 3),
          "per_run": [round(r["server_cpu_util"], 2) for r in runs]})
    if backend == "postgresql":
        emit({**base, "metric": "postgres_cpu", "unit": "fraction_of_one_core",
              "value": round(median([r["postgres_cpu_util"] for r in runs]), 2)})
    client_cpu = median([r["client_cpu_util"] for r in runs])
    emit({**base, "metric": "client_cpu", "unit": "fraction_of_one_core",
          "value": round(client_cpu, 2), "client_procs": args.client_procs,
          "client_bound": client_cpu >= 0.9})
    emit({**base, "metric": "other_cpu", "unit": "fraction_of_one_core",
          "value": round(median([r["other_cpu_util"] for r in runs]), 2),
          "per_run": [round(r["other_cpu_util"], 2) for r in runs],
          "machine_cores": os.cpu_count(),
          "note": "CPU used meanwhile by processes other than this benchmark's server, "
                  "database and clients"})


def pg_settings() -> dict[str, str]:
    from sqlalchemy import create_engine, text

    from tests.support.services import pg_admin_url

    engine = create_engine(pg_admin_url())
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
