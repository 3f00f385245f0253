"""What the benchmarks share that is not test support: statistics over the measured runs, and
the pool of client processes that hold the watching clients.

The servers, the negotiation they set up and the amendments they submit are in tests/support
(``tests.support.servers``, ``tests.support.negotiation``), shared with the process-level tests.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


class ClientProcesses:
    """``count`` client processes started with ``target`` (a module-level function taking
    its end of a pipe), each answering one command per :meth:`ask`."""

    def __init__(self, count: int, target: Callable[[Connection], None]) -> None:
        context = mp.get_context("spawn")
        self.pipes: list[Connection] = []
        self.processes: list[Any] = []
        for _ in range(count):
            parent, child = context.Pipe()
            process = context.Process(target=target, args=(child,), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)

    def ask(self, commands: list[dict[str, Any]], timeout: float = 600) -> list[Any]:
        """Send each process its command and return their answers, in order."""
        for pipe, command in zip(self.pipes, commands, strict=True):
            pipe.send(command)
        answers = []
        for pipe in self.pipes:
            if not pipe.poll(timeout):
                raise RuntimeError("a client process did not answer")
            answers.append(pipe.recv())
        return answers


def emit(line: dict[str, Any]) -> None:
    """One JSON line of a benchmark's output."""
    print(json.dumps(line), flush=True)


def backends_to_run(choice: str, bench: str) -> list[str]:
    """The backends ``--backend`` names (``all``: both), PostgreSQL left out with a line that
    says so when it does not answer."""
    from tests.support.services import PG_HOST, PG_PORT, answers

    chosen = ["sqlite", "postgresql"] if choice == "all" else [choice]
    if "postgresql" in chosen and not answers(PG_HOST, PG_PORT):
        emit({"bench": bench, "backend": "postgresql",
              "skipped": f"PostgreSQL does not answer on {PG_HOST}:{PG_PORT}"})
        chosen.remove("postgresql")
    return chosen


async def close_clients(stop: asyncio.Event, tasks: Sequence[asyncio.Task[Any]],
                        conn: Connection) -> None:
    """A client process's "close" command: end its tasks, then tell the parent."""
    stop.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    conn.send({"closed": True})
