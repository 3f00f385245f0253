"""A real server (``accord serve``, gevent) in a subprocess: its environment, a free port,
the ``accord`` command, and waiting until it answers; shared by the process-level tests
(live, crash, browser) and the benchmarks."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import requests

from tests.support.data import ROOT
from tests.support.databases import Database, fresh_database
from tests.support.services import answers

BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord") if (BIN / "accord").exists() else "accord"

#: The password of every account the helpers create.
PASSWORD = "correct horse battery 1"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


# ---- the server process ------------------------------------------------------------------


def server_env(database_url: str, instance_dir: Path, port: int, *, host: str = "127.0.0.1",
               quiet: bool = True, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("ACCORD_GEVENT_PATCH", "REDIS_URL"):
        env.pop(name, None)
    env.update(DATABASE_URL=database_url, ACCORD_INSTANCE_DIR=str(instance_dir),
               ACCORD_HOST=host, ACCORD_PORT=str(port), PYTHONUNBUFFERED="1")
    if quiet:
        env["ACCORD_QUIET"] = "1"
    # Setting up signs every delegate in from one address, which the sign-in throttle
    # (10/minute by default) would refuse; the throttle is not what is measured here.
    env.setdefault("ACCORD_LOGIN_RATE", "100000/minute")
    # Invitations reach people by e-mail: the test process's SMTP server.
    from tests.support.mail import mailbox

    env.setdefault("SMTP_URL", mailbox().url)
    env.update(extra or {})
    return env


def accord(env: dict[str, str], *args: str, timeout: float = 120, check: bool = True
           ) -> subprocess.CompletedProcess[str]:
    """Run an ``accord`` command with ``env``; its output is captured."""
    result = subprocess.run([ACCORD, *args], env=env, cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    if check and result.returncode != 0:
        raise RuntimeError(f"accord {' '.join(args)} exited {result.returncode}:\n"
                           f"{result.stdout}\n{result.stderr}")
    return result


def add_user(env: dict[str, str], email: str, *, name: str, password: str = PASSWORD,
             admin: bool = False) -> str:
    """Create an account with ``accord user add --token`` and return its bearer token."""
    args = ["user", "add", email, "--name", name, "--password", password, "--token"]
    if admin:
        args.append("--admin")
    out = accord(env, *args).stdout
    found = re.search(r"Bearer token \(shown once\): (\S+)", out)
    if not found:
        raise RuntimeError(f"no token in the output of accord user add:\n{out}")
    return found.group(1)


class ServerProcess:
    """``accord serve`` in its own session (process group), output to a log file.

    ``accord serve`` execs ``python -m server.serve``, so the child's PID is the serving
    process; signalling its process group reaches it and anything it started.
    """

    def __init__(self, env: dict[str, str], log_path: Path,
                 command: Sequence[str] | None = None) -> None:
        self.env = env
        self.command = list(command) if command else [ACCORD, "serve"]
        self.host = env["ACCORD_HOST"]
        self.port = int(env["ACCORD_PORT"])
        self.log_path = log_path
        self._log_offset = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api(self) -> str:
        return self.base + "/api/v1"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _log_since_start(self) -> bytes:
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(self._log_offset)
                return handle.read()
        except FileNotFoundError:
            return b""

    def start(self, timeout: float = 60.0, attempts: int = 3) -> ServerProcess:
        """Start and wait until it answers; when the port was taken meanwhile (the race
        of ``free_port``), try again on another port."""
        if self.process is not None and self.process.poll() is None:
            raise RuntimeError("the server is running already")
        for attempt in range(attempts):
            self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    self.command, env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL,
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                self.wait_ready(timeout)
                return self
            except RuntimeError:
                if b"Address already in use" not in self._log_since_start() \
                        or attempt == attempts - 1:
                    raise
                self.port = free_port(self.host)
                self.env["ACCORD_PORT"] = str(self.port)
        raise AssertionError("unreachable")

    def wait_ready(self, timeout: float) -> None:
        """Until the server prints its address and answers HTTP (or exits: then raise)."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(f"the server exited with {code} while starting:\n"
                                   f"{self.log()[-4000:]}")
            if b"Accord is serving on" in self._log_since_start() \
                    and answers(self.host, self.port, 0.5):
                try:
                    # Any HTTP answer will do: the app is up and serving requests.
                    requests.get(self.api + "/auth/me", timeout=5).close()
                    return
                except requests.RequestException:
                    pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n"
                                   f"{self.log()[-4000:]}")
            time.sleep(0.1)

    def _signal_group(self, sig: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def kill(self, timeout: float = 30.0) -> int | None:
        """SIGKILL the server's process group and reap it; returns its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is not None:
            # Reaped already: its PID (and group id) may belong to someone else by now.
            return self.process.returncode
        self._signal_group(signal.SIGKILL)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:  # pragma: no cover - a zombie that will not die
            return None

    def stop(self, timeout: float = 15.0, sig: int = signal.SIGTERM) -> int | None:
        """``sig`` (SIGTERM), then SIGKILL if it has not ended within ``timeout``."""
        if self.process is None:
            return None
        if self.process.poll() is not None:
            return self.process.returncode
        self._signal_group(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return self.kill()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running_server(backend: str, workdir: Path, *, extra_env: dict[str, str] | None = None,
                   start_timeout: float = 60.0, command: Sequence[str] | None = None
                   ) -> Iterator[tuple[ServerProcess, Database]]:
    """A migrated fresh database and a server on it; both removed afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    database = fresh_database(backend, workdir)
    server: ServerProcess | None = None
    try:
        env = server_env(database.url, workdir / "instance", free_port(), extra=extra_env)
        accord(env, "db", "upgrade")
        server = ServerProcess(env, workdir / "server.log", command)
        server.start(start_timeout)
        yield server, database
    finally:
        if server is not None:
            server.stop()
        database.drop()

