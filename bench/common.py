"""Shared helpers for the benchmarks and the process-level tests.

A real server (``accord serve``, gevent) in a subprocess on a free port with a fresh database
(SQLite file or a new PostgreSQL database), a negotiation set up over HTTP, and statistics.

Importable as ``bench.common`` (from the repository root, as pytest arranges) or as
``common`` from a script in this folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ACCORD = str(BIN / "accord") if (BIN / "accord").exists() else "accord"

PG_HOST = os.environ.get("ACCORD_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ACCORD_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("ACCORD_TEST_PG_USER", "postgres")

PASSWORD = "correct horse battery 1"


# ---- ports and services ------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def pg_url(database: str = "postgres") -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


# ---- databases ---------------------------------------------------------------------------


@dataclass
class Database:
    """A fresh, empty database; ``drop()`` removes it (PostgreSQL) once no server uses it."""

    backend: str
    url: str
    name: str = ""

    def drop(self) -> None:
        if self.backend != "postgresql" or not self.name:
            return
        from sqlalchemy import create_engine, text

        admin = create_engine(pg_url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": self.name})
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self.name}"'))
        finally:
            admin.dispose()


def fresh_database(backend: str, directory: Path, prefix: str = "accord_bench") -> Database:
    """An empty database (not yet migrated): a SQLite file in ``directory`` or a new
    PostgreSQL database with a unique name."""
    if backend == "sqlite":
        path = directory / "accord.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(path) + suffix).unlink()
        return Database("sqlite", f"sqlite:///{path}")
    if backend == "postgresql":
        from sqlalchemy import create_engine, text

        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        admin = create_engine(pg_url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return Database("postgresql", pg_url(name), name)
    raise ValueError(f"unknown backend {backend!r}")


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


# ---- a negotiation over HTTP -------------------------------------------------------------


class ApiError(RuntimeError):
    pass


class Client:
    """Blocking JSON calls with one bearer token (or a session cookie)."""

    def __init__(self, api: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.api, self.token, self.timeout = api, token, timeout
        self.http = requests.Session()
        if token:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        reply = self.http.request(method, self.api + path, json=body, timeout=self.timeout)
        payload = reply.json() if reply.content else None
        wanted = expect if expect is not None else (201 if method == "POST" else 200)
        if reply.status_code != wanted:
            raise ApiError(f"{method} {path} -> {reply.status_code}: {payload}")
        return payload


def login_token(api: str, email: str, password: str = PASSWORD, patience: float = 130.0) -> str:
    """Sign in with the password, then issue a bearer token with that session (waiting
    out the sign-in throttle, should the server not take ACCORD_LOGIN_RATE)."""
    session = Client(api)
    deadline = time.monotonic() + patience
    try:
        while True:
            reply = session.http.post(api + "/auth/login", timeout=session.timeout,
                                      json={"email": email, "password": password})
            if reply.status_code != 429 or time.monotonic() > deadline:
                break
            time.sleep(2.0)
        if reply.status_code != 200:
            raise ApiError(f"POST /auth/login -> {reply.status_code}: {reply.text}")
        token: str = session.call("POST", "/auth/tokens", {"name": "bench"}, expect=201)["token"]
        return token
    finally:
        session.close()


ACTIONS = ["to strengthen international cooperation on", "to develop national frameworks for",
           "to improve the coordination of policies on", "to invest in programmes on"]
CLAUSES = [
    "in full respect of national sovereignty and applicable international law",
    "taking into account different national realities, capacities and levels of development",
    "with the meaningful participation of all relevant stakeholders",
    "through the exchange of good practices and lessons learned",
    "including by mobilising adequate, predictable and sustainable resources",
    "with particular attention to persons in vulnerable situations",
    "so as to ensure accountability, transparency and the rule of law",
]
TOPICS = ["safe and dignified return", "regular pathways", "labour mobility",
          "the protection of migrant workers", "data collection", "border governance",
          "consular protection", "remittances", "integration and social cohesion",
          "the prevention of trafficking in persons"]
VERBS = ["We commit", "We further commit", "We resolve", "We undertake", "We decide",
         "We call upon States", "We encourage Member States", "We agree"]


def paragraph_text(index: int) -> str:
    """A plausible operative paragraph of 40 to 70 words, different for every ``index``."""
    topic = TOPICS[index % len(TOPICS)]
    verb = VERBS[index % len(VERBS)]
    action = ACTIONS[index % len(ACTIONS)]
    first = CLAUSES[index % len(CLAUSES)]
    second = CLAUSES[(index * 3 + 1) % len(CLAUSES)]
    return (f"{verb} {action} {topic}, {first}, and to review the implementation of "
            f"commitments on {topic} [every four years] at the regional and global levels, "
            f"{second}, building on existing mechanisms (paragraph {index}).")


def build_units(paragraphs: int) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = [{"key": "obj", "kind": "section",
                                    "heading": "Objectives and commitments"}]
    for i in range(1, paragraphs + 1):
        units.append({"key": f"op{i}", "kind": "paragraph", "parent": "obj",
                      "number": str(i), "text": paragraph_text(i)})
    return units


@dataclass
class Negotiation:
    """A process in the negotiation phase with a published draft and its delegates."""

    api: str
    process_id: int
    document_id: int
    revision_id: int
    units: dict[str, str]
    delegates: list[tuple[str, str]] = field(default_factory=list)  # (delegation code, token)
    cofac_token: str = ""
    admin_token: str = ""


def setup_negotiation(server: ServerProcess, *, delegates: int, paragraphs: int = 40,
                      slug: str = "compact") -> Negotiation:
    """Admin (by the command line), a process, a co-facilitator, ``delegates`` delegations
    each with one delegate and a bearer token, a published draft, and the negotiation phase
    (the sequence of tests/driver.py ``Driver.world``)."""
    api = server.api
    admin_token = add_user(server.env, "admin@bench.example", name="Admin", admin=True)
    admin = Client(api, admin_token)
    try:
        process = admin.call("POST", "/processes", {
            "slug": slug, "title": "Compact on Human Mobility",
            "clusters": [{"key": "rights", "name": "Human rights of all migrants"}]},
            expect=201)
        pid = process["id"]
        admin.call("POST", f"/processes/{pid}/participants", {
            "email": "cofac@bench.example", "name": "Co-facilitator",
            "role": "co_facilitator", "password": PASSWORD}, expect=201)
    finally:
        admin.close()
    cofac_token = login_token(api, "cofac@bench.example")
    cofac = Client(api, cofac_token)
    try:
        codes = [f"D{i:03d}" for i in range(1, delegates + 1)]
        for code in codes:
            cofac.call("POST", f"/processes/{pid}/delegations",
                       {"code": code, "name": f"Delegation {code}", "kind": "state"}, expect=201)
            cofac.call("POST", f"/processes/{pid}/participants", {
                "email": f"{code.lower()}@bench.example", "name": f"Delegate of {code}",
                "role": "delegate", "delegation": code, "focal_point": True,
                "password": PASSWORD}, expect=201)
        tokens = [(code, login_token(api, f"{code.lower()}@bench.example")) for code in codes]
        cofac.call("POST", f"/processes/{pid}/phase", {"phase": "stocktaking"}, expect=200)
        units = build_units(paragraphs)
        draft = cofac.call("POST", f"/processes/{pid}/documents",
                           {"title": "Compact on Human Mobility", "units": units}, expect=201)
        published = cofac.call("POST", f"/documents/{draft['document_id']}/revisions",
                               {"base_version": draft["version"]}, expect=201)
        cofac.call("POST", f"/processes/{pid}/phase", {"phase": "negotiation"}, expect=200)
    finally:
        cofac.close()
    texts = {u["key"]: u["text"] for u in units if u["kind"] == "paragraph"}
    return Negotiation(api, pid, draft["document_id"], published["revision"]["id"], texts,
                       tokens, cofac_token, admin_token)


# ---- amendments --------------------------------------------------------------------------

QUALIFIERS = ["as appropriate", "in accordance with national legislation",
              "on a voluntary basis", "where relevant", "subject to available resources",
              "in line with national priorities"]
REPLACEMENTS = [("commit", "endeavour"), ("strengthen", "enhance"), ("ensure", "promote"),
                ("all relevant", "relevant"), ("review", "consider"),
                ("sustainable", "long-term"), ("adequate", "sufficient")]


def amended_text(base: str, rng: Any) -> str:
    """A delegation's rewording of ``base``: a qualifier added, a word replaced or a bracketed
    phrase removed; never the same as ``base``."""
    choice = rng.randrange(3)
    text = base
    if choice == 1:
        old, new = REPLACEMENTS[rng.randrange(len(REPLACEMENTS))]
        text = base.replace(old, new, 1)
    elif choice == 2 and "[" in base:
        start, end = base.index("["), base.index("]")
        text = (base[:start] + base[end + 2:]).replace("  ", " ")
    if text == base:
        words = base.rstrip(".").split(" ")
        at = rng.randrange(2, len(words))
        qualifier = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
        text = " ".join([*words[:at], qualifier + ",", *words[at:]]) + "."
    if text == base:  # pragma: no cover - cannot happen with a qualifier inserted
        text = base + " " + QUALIFIERS[0]
    return text


def amendment_body(negotiation: Negotiation, rng: Any) -> dict[str, Any]:
    unit = rng.choice(list(negotiation.units))
    return {"revision_id": negotiation.revision_id, "unit": unit, "kind": "change_words",
            "text": amended_text(negotiation.units[unit], rng), "submit": True}


# ---- statistics --------------------------------------------------------------------------


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
