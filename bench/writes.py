"""Write throughput: concurrent delegates submitting amendments over HTTP to a real server,
against the stack's floor measured in the same run.

For each backend: a fresh database, ``accord serve`` in a subprocess, a process in negotiation
with one delegation and delegate (own token) per client and a published draft of 40
paragraphs. Then each client submits ``change_words`` amendments in a closed loop (keep-alive,
one aiohttp session per client); after a warm-up, answers completed within the measured window
count. Any answer other than 201 is an error.

The floor (bench/floor_app.py) is a minimal Flask app on the same server stack (gevent
pywsgi, one process), the same engine settings (Accord's ``make_engine``: SQLite WAL with the
same ``synchronous``, PostgreSQL as configured) and its own fresh database: it authenticates
the bearer token by its hash and inserts one row with the ORM, then commits. The same clients
send it the same bodies; Accord's runs and the floor's alternate, so both see the same
machine. The targets are ratios to the floor (issue 15): server CPU per amendment <= 2x the
floor's per write, throughput >= 0.5x the floor's, p99 <= 2x the floor's p99.

Prints one JSON object per line (median over the runs), e.g.
{"bench": "writes", "metric": "throughput", "value": 312.4, "unit": "per_s", ...}

    .venv/bin/python bench/writes.py [--backend sqlite|postgresql|all] [--duration 10]
        [--warmup 2] [--clients 50] [--runs 3] [--client-procs 1] [--profile FILE]
        [--quick] [--no-floor]

The server keeps its durable defaults (SQLite synchronous=FULL, PostgreSQL as configured);
``--sqlite-synchronous NORMAL`` measures the weaker setting, labelled as such.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import backends_to_run, emit, median, percentile
from tests.support.negotiation import Negotiation, amendment_body, setup_negotiation
from tests.support.servers import ServerProcess, running_server, server_env
from tests.support.services import answers

#: The targets, as ratios to the floor measured in the same run (issue 15).
TARGET_CPU_RATIO = 2.0  # server CPU per amendment / the floor's per write, at most
TARGET_THROUGHPUT_RATIO = 0.5  # Accord's throughput / the floor's, at least
TARGET_P99_RATIO = 2.0  # Accord's p99 / the floor's, at most


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
            warmup: float, procs: int, seed: int, profiled: bool = False) -> dict[str, Any]:
    """One run; ``profiled``: the server runs under :data:`PROFILED_SERVER`, told to profile
    the measured window only (SIGUSR1 at its start, SIGUSR2 at its end)."""
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
        if profiled:
            os.kill(server.pid, signal.SIGUSR1)
        snapshots["start"] = cpu_snapshot(server.pid)
        time.sleep(max(0.0, window_end - time.time()))
        snapshots["end"] = cpu_snapshot(server.pid)
        if profiled:
            os.kill(server.pid, signal.SIGUSR2)

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


def report(backend: str, args: argparse.Namespace, settings: dict[str, Any],
           runs: list[dict[str, Any]], *, server: str = "accord") -> dict[str, float]:
    """The lines of one server's runs (``accord`` or ``floor``); returns its medians."""
    base = {"bench": "writes", "backend": backend, "server": server, "clients": args.clients,
            "runs": len(runs), "duration_s": args.duration, "settings": settings}
    throughput = median([r["throughput"] for r in runs])
    p50 = median([r["p50_ms"] for r in runs])
    p99 = median([r["p99_ms"] for r in runs])
    cpu_ms = median([r["server_cpu_ms_per_amendment"] or 0.0 for r in runs])
    emit({**base, "metric": "throughput", "value": round(throughput, 1), "unit": "per_s",
          "per_run": [round(r["throughput"], 1) for r in runs]})
    emit({**base, "metric": "p50_latency", "value": round(p50, 2), "unit": "ms",
          "per_run": [round(r["p50_ms"], 2) for r in runs]})
    emit({**base, "metric": "p99_latency", "value": round(p99, 2), "unit": "ms",
          "per_run": [round(r["p99_ms"], 2) for r in runs]})
    errors = sum(r["errors"] for r in runs)
    statuses = sorted({s for r in runs for s in r["error_statuses"]})
    emit({**base, "metric": "errors", "value": errors, "unit": "count", "aggregate": "sum",
          "target": 0, "met": errors == 0, "statuses": statuses})
    emit({**base, "metric": "server_cpu", "unit": "fraction_of_one_core",
          "value": round(median([r["server_cpu_util"] for r in runs]), 2),
          "ms_per_write": round(cpu_ms, 3),
          "per_run": [round(r["server_cpu_util"], 2) for r in runs],
          "ms_per_write_per_run": [round(r["server_cpu_ms_per_amendment"] or 0.0, 3)
                                   for r in runs]})
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
          "machine_cores": os.cpu_count(), "load_average": [round(v, 2) for v in os.getloadavg()],
          "note": "CPU used meanwhile by processes other than this benchmark's server, "
                  "database and clients"})
    return {"throughput": throughput, "p99_ms": p99, "cpu_ms": cpu_ms, "errors": errors}


def report_ratios(backend: str, args: argparse.Namespace, accord: dict[str, float],
                  floor: dict[str, float]) -> None:
    """Accord against the floor of the same run, with the targets and whether they are met."""
    base = {"bench": "writes", "backend": backend, "clients": args.clients}

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 2) if b else None

    cpu = ratio(accord["cpu_ms"], floor["cpu_ms"])
    emit({**base, "metric": "cpu_per_write_ratio", "value": cpu, "unit": "x_floor",
          "accord_ms": round(accord["cpu_ms"], 3), "floor_ms": round(floor["cpu_ms"], 3),
          "target": f"<= {TARGET_CPU_RATIO}",
          "met": cpu is not None and cpu <= TARGET_CPU_RATIO})
    throughput = ratio(accord["throughput"], floor["throughput"])
    emit({**base, "metric": "throughput_ratio", "value": throughput, "unit": "x_floor",
          "accord_per_s": round(accord["throughput"], 1),
          "floor_per_s": round(floor["throughput"], 1),
          "target": f">= {TARGET_THROUGHPUT_RATIO}",
          "met": throughput is not None and throughput >= TARGET_THROUGHPUT_RATIO})
    p99 = ratio(accord["p99_ms"], floor["p99_ms"])
    emit({**base, "metric": "p99_ratio", "value": p99, "unit": "x_floor",
          "accord_ms": round(accord["p99_ms"], 1), "floor_ms": round(floor["p99_ms"], 1),
          "target": f"<= {TARGET_P99_RATIO}",
          "met": p99 is not None and p99 <= TARGET_P99_RATIO})
    print(f"# {backend}: Accord {accord['throughput']:.0f}/s, p99 {accord['p99_ms']:.0f} ms, "
          f"{accord['cpu_ms']:.2f} ms CPU per amendment; floor {floor['throughput']:.0f}/s, "
          f"p99 {floor['p99_ms']:.0f} ms, {floor['cpu_ms']:.2f} ms per write; ratios: "
          f"CPU {cpu}x (<= {TARGET_CPU_RATIO}), throughput {throughput}x "
          f"(>= {TARGET_THROUGHPUT_RATIO}), p99 {p99}x (<= {TARGET_P99_RATIO}); "
          f"load average {os.getloadavg()[0]:.2f}", file=sys.stderr, flush=True)


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


class FloorProcess(ServerProcess):
    """bench/floor_app.py in a subprocess (same environment handling as Accord's server)."""

    def wait_ready(self, timeout: float) -> None:
        from bench.floor_app import READY

        assert self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(f"the floor exited with {code} while starting:\n"
                                   f"{self.log()[-4000:]}")
            if READY.encode() in self._log_since_start() and answers(self.host, self.port, 0.5):
                return
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the floor did not answer within {timeout:.0f} s:\n"
                                   f"{self.log()[-4000:]}")
            time.sleep(0.1)


@contextlib.contextmanager
def running_floor(backend: str, workdir: Path, clients: int, sqlite_synchronous: str
                  ) -> Iterator[tuple[FloorProcess, list[str]]]:
    """The floor on a fresh database of ``backend`` with ``clients`` people and tokens."""
    from bench.floor_app import prepare
    from tests.support.databases import fresh_database
    from tests.support.servers import free_port

    workdir.mkdir(parents=True, exist_ok=True)
    database = fresh_database(backend, workdir, prefix="accord_floor")
    floor: FloorProcess | None = None
    try:
        tokens = prepare(database.url, clients)
        env = server_env(database.url, workdir / "instance", free_port())
        # The floor listens where ACCORD_HOST and ACCORD_PORT say (as ServerProcess expects).
        env.update(FLOOR_DATABASE_URL=database.url, FLOOR_SQLITE_SYNCHRONOUS=sqlite_synchronous)
        floor = FloorProcess(env, workdir / "floor.log",
                             [sys.executable, "-m", "bench.floor_app"])
        floor.start()
        yield floor, tokens
    finally:
        if floor is not None:
            floor.stop()
        database.drop()


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
        command = [sys.executable, "-c", PROFILED_SERVER, f"{args.profile}.{backend}"]
        settings["profiled"] = True
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp, \
            running_server(backend, Path(tmp) / "accord", extra_env=extra_env,
                           command=command) as (server, _database), \
            contextlib.ExitStack() as stack:
        if command:
            server.env.pop("ACCORD_GEVENT_PATCH", None)  # `accord user add` runs unpatched
        started = time.monotonic()
        negotiation = setup_negotiation(server, delegates=args.clients,
                                        paragraphs=args.paragraphs)
        print(f"# {backend}: set up {args.clients} delegates in "
              f"{time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        floor_negotiation = None
        floor: FloorProcess | None = None
        if not args.no_floor:
            floor, tokens = stack.enter_context(running_floor(
                backend, Path(tmp) / "floor", args.clients, args.sqlite_synchronous))
            floor_negotiation = dataclasses.replace(
                negotiation, api=floor.api, delegates=[("F", token) for token in tokens])
        runs: list[dict[str, Any]] = []
        floor_runs: list[dict[str, Any]] = []
        for run in range(args.runs):
            # Accord and its floor take turns, so that both meet the machine as it is.
            result = measure(server, negotiation, clients=args.clients,
                             duration=args.duration, warmup=args.warmup,
                             procs=args.client_procs, seed=run + 1,
                             profiled=bool(args.profile))
            print(f"# {backend} run {run + 1}: {json.dumps(result)}", file=sys.stderr,
                  flush=True)
            runs.append(result)
            time.sleep(1.0)
            if floor is not None and floor_negotiation is not None:
                result = measure(floor, floor_negotiation, clients=args.clients,
                                 duration=args.duration, warmup=args.warmup,
                                 procs=args.client_procs, seed=run + 1)
                print(f"# {backend} floor run {run + 1}: {json.dumps(result)}",
                      file=sys.stderr, flush=True)
                floor_runs.append(result)
                time.sleep(1.0)
        accord_figures = report(backend, args, settings, runs)
        if floor_runs:
            floor_figures = report(backend, args, settings, floor_runs, server="floor")
            report_ratios(backend, args, accord_figures, floor_figures)
        if args.profile:
            print_profile(f"{args.profile}.{backend}")


#: The server under cProfile, profiling only while told to: SIGUSR1 starts it (the measured
#: window opens), SIGUSR2 stops it and writes what it gathered to the file named by its
#: argument (cumulated over the runs). Setting up the negotiation (the sign-ins' argon2
#: hashing, the publication) and the warm-up stay out of the profile. Everything runs in
#: the main thread's greenlets under gevent, so one profiler sees every request; a function's
#: cumulative time includes the time its greenlet waited (on the database, its turn).
PROFILED_SERVER = """
import cProfile, runpy, signal, sys
profiler, written_to = cProfile.Profile(), sys.argv[1]
def start(*_):
    profiler.enable()
def stop(*_):
    profiler.disable()
    profiler.dump_stats(written_to)
signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
sys.argv = ["server.serve"]
runpy.run_module("server.serve", run_name="__main__", alter_sys=True)
"""


def print_profile(path: str) -> None:
    """The profiled windows' top 25 functions by cumulative time and by their own time."""
    import pstats

    if not Path(path).exists():
        print(f"# no profile written to {path}", file=sys.stderr)
        return
    stats = pstats.Stats(path, stream=sys.stderr)
    print(f"# profile of the measured windows ({path}): top 25 by cumulative time",
          file=sys.stderr)
    stats.sort_stats("cumulative").print_stats(25)
    print("# top 25 by own time", file=sys.stderr)
    stats.sort_stats("tottime").print_stats(25)


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
                        help="run the server under cProfile (slower!), profiling the measured "
                             "windows only, and print its top 25 functions by cumulative and "
                             "by own time to stderr (written to FILE.<backend>); the figures "
                             "are then not comparable")
    parser.add_argument("--quick", action="store_true",
                        help="one short run each (for `make bench`): --runs 1 --duration 4 "
                             "--warmup 1")
    parser.add_argument("--no-floor", action="store_true",
                        help="measure Accord only (no ratios, no targets)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.duration, args.warmup = 1, 4.0, 1.0
    for backend in backends_to_run(args.backend, "writes"):
        bench_backend(backend, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
