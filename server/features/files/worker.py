"""Reading uploads off the serving process: every import is parsed by a worker process with
time and memory limits.

One server process serves everyone (gevent); a hostile file (a DOCX of 700 KB that unpacks
to 44 MB of XML, deep nesting, a huge text node) once kept it busy for many seconds and
gigabytes, and every other request waited. Now the server hands the file to a worker,
``python -m server.features.files.worker``, and waits for it cooperatively (``subprocess``
is gevent's under ``accord serve``), at most :attr:`ImportLimits.seconds`; the worker
limits its own address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``) before parsing.

The worker's protocol: it writes ``ready`` and a newline on its standard output once it has
imported the parsers, then reads its standard input to the end (the format's name and a
newline, then the file), parses it with :func:`server.features.files.importers.dispatch.parse`
and writes one JSON object: ``{"parsed": ...}`` (or ``{"read": ...}`` from a reader of
:data:`~server.features.files.importers.dispatch.READERS`), ``{"invalid": {"message", "details"}}``,
``{"memory": true}`` or ``{"failed": true}``. It reads one file and exits.

The server starts its workers with :data:`BOOTSTRAP` rather than ``-m``: it makes
``server`` and ``server.features`` bare packages, so that a worker imports the parsers only,
not ``server/__init__`` (the Flask app: Flask, Socket.IO, SQLAlchemy). That start-up takes
0.2 s and 22 MB instead of 1.4 s and 85 MB (and 7 s on a loaded two-core machine).
:class:`ImportWorkers` keeps workers started ahead too (``ACCORD_IMPORT_WORKERS``), each used
for one file only.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import math
import os
import resource
import select
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from server.core.errors import Invalid
from server.features.files.importers.result import Parsed, from_json

#: How long a worker may take to start (Python and the parsers' imports) before its file is
#: given to it; not counted in the file's own time.
STARTUP_SECONDS: Final = 30.0
#: Exit code of a worker that answered (whatever the answer).
_ANSWERED: Final = 0
#: What ``python -c`` runs in a worker: the parsers' packages without the app's.
BOOTSTRAP: Final = """\
import sys, types
for name in ("server", "server.features"):
    package = types.ModuleType(name)
    package.__path__ = [sys.argv[1] + "/" + name.replace(".", "/")]
    sys.modules[name] = package
from server.features.files.worker import main
sys.exit(main(sys.argv[2:]))
"""


@dataclass(frozen=True)
class ImportLimits:
    """What one import may take: wall-clock seconds (and as much CPU), memory beyond the
    worker's own, and how many workers to keep started ahead."""

    seconds: float = 10.0
    memory_mb: int = 512
    warm: int = 1

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> ImportLimits:
        """From the app's settings (``IMPORT_SECONDS``, ``IMPORT_MEMORY_MB``,
        ``IMPORT_WORKERS``)."""
        return cls(seconds=float(config["IMPORT_SECONDS"]),
                   memory_mb=int(config["IMPORT_MEMORY_MB"]),
                   warm=int(config["IMPORT_WORKERS"]))

    def too_slow(self) -> Invalid:
        return Invalid(f"The file took more than {self.seconds:g} s to read; nothing was "
                       "imported.", details={"field": "content", "limit_seconds": self.seconds})

    def too_big(self) -> Invalid:
        return Invalid(f"The file needs more than {self.memory_mb} MB of memory to read; "
                       "nothing was imported.",
                       details={"field": "content", "limit_mb": self.memory_mb})


def unreadable() -> Invalid:
    return Invalid("The file could not be read; nothing was imported.",
                   details={"field": "content"})


# ---- the server's side --------------------------------------------------------------------


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    started: float


class ImportsBusy(Exception):
    """Every worker slot stayed taken for the whole import time (a 503 with Retry-After)."""

    message = ("The server is reading other files; try again in a minute. Nothing was "
               "imported.")


#: Files read at once (each worker may take its memory limit): one per processor, two at
#: least. The others wait their turn, at most the import time.
CONCURRENCY: Final = max(2, os.cpu_count() or 2)


class ImportWorkers:
    """Workers started ahead for one set of limits; :meth:`parse` uses one per file, at
    most ``concurrency`` at once."""

    def __init__(self, limits: ImportLimits, concurrency: int = CONCURRENCY) -> None:
        self.limits = limits
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(concurrency)

    def _start(self) -> _Worker:
        import config

        command = [sys.executable, "-c", BOOTSTRAP, str(config.ROOT),
                   "--seconds", f"{self.limits.seconds:g}",
                   "--memory-mb", str(self.limits.memory_mb)]
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, cwd=config.ROOT, env=config.worker_environment(),
            close_fds=True)
        return _Worker(process, time.monotonic())

    def _take(self) -> _Worker:
        with self._lock:
            found: _Worker | None = None
            while self._idle and found is None:
                candidate = self._idle.pop(0)
                if candidate.process.poll() is None:
                    found = candidate
                else:
                    _reap(candidate)
        return found if found is not None else self._start()

    def warm_up(self) -> None:
        """Start workers until ``warm`` wait ready (at start, and after each parse, so that
        their start-up does not take the processor from it)."""
        with self._lock:
            while len(self._idle) < self.limits.warm:
                self._idle.append(self._start())

    def close(self) -> None:
        """Stop the idle workers (at exit; a running parse ends on its own)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            _reap(worker, kill=True)

    def parse(self, content: bytes, fmt: str) -> Parsed:
        """Parse ``content`` in a worker; a file that takes too long or too much memory, or
        crashes the parser, is refused (Invalid) and the worker ended. When ``concurrency``
        files are being read, wait for one to end (at most the import time: then
        :class:`ImportsBusy`)."""
        if not self._slots.acquire(timeout=self.limits.seconds):
            raise ImportsBusy(ImportsBusy.message)
        try:
            return self._parse(content, fmt)
        finally:
            self._slots.release()

    def read(self, content: bytes, fmt: str) -> dict[str, Any]:
        """As :meth:`parse`, for a reader of :data:`importers.dispatch.READERS`: its JSON."""
        if not self._slots.acquire(timeout=self.limits.seconds):
            raise ImportsBusy(ImportsBusy.message)
        try:
            answer: dict[str, Any] = self._exchange(content, fmt)["read"]
            return answer
        finally:
            self._slots.release()

    def _parse(self, content: bytes, fmt: str) -> Parsed:
        return from_json(self._exchange(content, fmt)["parsed"])

    def _exchange(self, content: bytes, fmt: str) -> dict[str, Any]:
        worker = self._take()
        try:
            _wait_ready(worker, STARTUP_SECONDS)
            try:
                out, err = worker.process.communicate(fmt.encode("ascii") + b"\n" + content,
                                                      timeout=self.limits.seconds)
            except subprocess.TimeoutExpired:
                raise self.limits.too_slow() from None
        finally:
            _reap(worker, kill=True)
            self.warm_up()
        return self._answer(worker.process.returncode, out, err)

    def _answer(self, code: int, out: bytes, err: bytes) -> dict[str, Any]:
        try:
            answer = json.loads(out) if out else {}
        except ValueError:
            answer = {}
        if "parsed" in answer or "read" in answer:
            return dict(answer)
        if "invalid" in answer:
            raise Invalid(answer["invalid"]["message"], details=answer["invalid"]["details"])
        if answer.get("memory") or (code != _ANSWERED and b"MemoryError" in err):
            raise self.limits.too_big()
        if code in (-_signal("SIGXCPU"), -_signal("SIGKILL")):
            raise self.limits.too_slow()
        _log(f"an import worker failed (exit {code}): {err.decode(errors='replace')[-2000:]}")
        raise unreadable()


def _signal(name: str) -> int:
    import signal

    return int(getattr(signal, name))


def _log(message: str) -> None:
    import logging

    logging.getLogger("accord.imports").error(message)


def _wait_ready(worker: _Worker, seconds: float) -> None:
    """Until the worker says it is ready (it has imported the parsers)."""
    stdout = worker.process.stdout
    assert stdout is not None
    deadline = worker.started + seconds
    seen = b""
    while not seen.endswith(b"\n"):
        # A worker started long ago said so long ago: look without waiting.
        left = max(deadline - time.monotonic(), 0.0)
        if not select.select([stdout.fileno()], [], [], left)[0]:
            raise unreadable()
        chunk = os.read(stdout.fileno(), 64)
        if not chunk:
            raise unreadable()
        seen += chunk
    if seen != b"ready\n":
        raise unreadable()


def _reap(worker: _Worker, *, kill: bool = False) -> None:
    process = worker.process
    if kill and process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
    with contextlib.suppress(OSError, ValueError, subprocess.TimeoutExpired):
        process.communicate(timeout=5)


_pools: dict[ImportLimits, ImportWorkers] = {}
_pools_lock = threading.Lock()


@atexit.register
def close_all() -> None:
    """Stop every idle worker of this process (registered to run at exit)."""
    with _pools_lock:
        pools = list(_pools.values())
    for pool in pools:
        pool.close()


def workers(limits: ImportLimits) -> ImportWorkers:
    """The workers of this process for these limits (started on first use)."""
    with _pools_lock:
        pool = _pools.get(limits)
        if pool is None:
            pool = _pools[limits] = ImportWorkers(limits)
        return pool


def parse(content: bytes, fmt: str, limits: ImportLimits) -> Parsed:
    """Parse an uploaded file in a worker process (see the module docstring)."""
    return workers(limits).parse(content, fmt)


def read(content: bytes, fmt: str, limits: ImportLimits) -> dict[str, Any]:
    """Read an uploaded file with a reader of ``READERS`` in a worker process: its JSON."""
    return workers(limits).read(content, fmt)


# ---- the worker's side --------------------------------------------------------------------


def _address_space() -> int:
    """This process's virtual memory size in bytes (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def limit_self(seconds: float, memory_mb: int) -> None:
    """Limit this process's further memory to ``memory_mb`` beyond what it holds now, and
    its CPU time to ``seconds`` beyond what it used so far (then the kernel ends it); run it
    at a lower priority than the server."""
    with contextlib.suppress(OSError):
        os.nice(10)  # the serving process comes first when both want the processor
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + seconds) + 1
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    if cpu_hard == resource.RLIM_INFINITY or cpu < cpu_hard:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu_hard))
    now = _address_space()
    if now:
        memory = now + memory_mb * 1024 * 1024
        _, memory_hard = resource.getrlimit(resource.RLIMIT_AS)
        if memory_hard == resource.RLIM_INFINITY or memory < memory_hard:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory_hard))


def run(stdin: Any, stdout: Any, *, seconds: float, memory_mb: int) -> int:
    """Read one file from ``stdin`` (its format on the first line), parse it within the
    limits and write the answer on ``stdout``."""
    from server.features.files.importers.dispatch import READERS
    from server.features.files.importers.dispatch import parse as parse_any
    from server.features.files.importers.result import to_json

    stdout.write(b"ready\n")
    stdout.flush()
    data = stdin.read()
    if not data:
        return _ANSWERED  # the server stopped before giving this worker a file
    fmt, _, content = data.partition(b"\n")
    limit_self(seconds, memory_mb)
    answer: dict[str, Any]
    try:
        name = fmt.decode("ascii", "replace")
        reader = READERS.get(name)
        answer = ({"read": reader(content)} if reader is not None
                  else {"parsed": to_json(parse_any(content, name))})
    except Invalid as error:
        answer = {"invalid": {"message": error.message, "details": error.details}}
    except MemoryError:
        answer = {"memory": True}
    except RecursionError:
        answer = {"invalid": {"message": "The file is nested too deeply; refused.",
                              "details": {"field": "content"}}}
    except Exception:  # a parser's bug on a strange file: refused, the traceback logged
        import traceback

        traceback.print_exc()
        answer = {"failed": True}
    del data, content
    stdout.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    stdout.flush()
    return _ANSWERED


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m server.features.files.worker",
        description="Parse one uploaded file (format on the first line of standard input, "
                    "then the file) and write the units as JSON.")
    parser.add_argument("--seconds", type=float, default=ImportLimits.seconds)
    parser.add_argument("--memory-mb", type=int, default=ImportLimits.memory_mb)
    args = parser.parse_args(argv)
    code = run(sys.stdin.buffer, sys.stdout.buffer, seconds=args.seconds,
               memory_mb=args.memory_mb)
    sys.stderr.flush()
    # The answer is written and flushed: end now rather than tear the interpreter down
    # (the server waits for the exit; teardown took a third of a small import's time).
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
