"""The database dies under load (kill -9 of PostgreSQL's postmaster, then of what is left of it)
while delegates propose amendments through a real ``accord serve``, each request with its own
Idempotency-Key; PostgreSQL restarts (crash recovery), and every client retries each request
that was unanswered or failed, with the same key, until it is answered.

Then every amendment is stored exactly once, each acknowledged id is one of them, and no answer
said "nothing was changed" about a write that was in fact committed (its retry came back as
the stored first answer).

PostgreSQL runs as a PRIVATE cluster this test makes (initdb into a temporary folder, its own
port): the shared server on 5432 is never touched. Without PostgreSQL's binaries the test
skips (fails under ACCORD_REQUIRE_SERVICES=1).

SQLite has no counterpart here: its "server" is the file, opened once by each connection, so
making it unavailable under a running process is not a natural outage (open descriptors keep
working). tests/api/test_idempotency.py loses the connection, the COMMIT's reply and the
ROLLBACK on both databases.
"""

from __future__ import annotations

import collections
import contextlib
import glob
import os
import pwd
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests

from tests.support.negotiation import Client, Negotiation, amendment_body, setup_negotiation
from tests.support.servers import ServerProcess, accord, free_port, server_env
from tests.support.services import missing

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

WRITERS = 8
PER_WRITER = 25
START_TIMEOUT = 90.0
OUTAGE_SECONDS = 3.0
#: The share of all amendments acknowledged before each kill, and whether the backends die
#: at the same instant as the postmaster (else they finish what they were doing, then exit).
CRASHES_AT = ((0.25, False), (0.6, True))
#: Every request is answered within this, retries included.
PATIENCE = 180.0


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found and shutil.which("initdb"):
        found = [str(shutil.which("initdb"))]
    return Path(found[-1]).parent if found else None


class Cluster:
    """A PostgreSQL cluster of this test's own: initdb, start, kill -9, start again."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir, self.root = bin_dir, root
        self.data = root / "data"
        self.port = free_port()
        self.log_path = root / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            try:
                self.user = pwd.getpwnam("postgres")
            except KeyError:
                missing("PostgreSQL may not run as root and there is no 'postgres' user")
            os.chown(root, self.user.pw_uid, self.user.pw_gid)

    def _as_owner(self) -> None:
        if self.user is not None:
            os.setgid(self.user.pw_gid)
            os.setuid(self.user.pw_uid)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/accord"

    def init(self) -> None:
        subprocess.run([str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True,
                       capture_output=True, preexec_fn=self._as_owner, timeout=120)

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.bin_dir / "postgres"), "-D", str(self.data), "-p", str(self.port),
                 "-h", "127.0.0.1", "-k", "", "-c", "max_connections=200"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=self._as_owner, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                                     dbname="postgres", connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("PostgreSQL did not start:\n" + self.log()) from None
                time.sleep(0.2)

    def create_database(self) -> None:
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE accord")

    def slow_commits(self, seconds: float) -> None:
        """Each COMMIT that stores an amendment takes ``seconds`` (a deferred trigger), so
        that a kill finds COMMITs in flight: their answers cannot know the outcome."""
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="accord", autocommit=True) as connection:
            connection.execute(
                "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"PERFORM pg_sleep({seconds}); RETURN NULL; END $$")
            connection.execute(
                "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON amendments "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()")

    def crash(self, *, whole: bool) -> None:
        """kill -9 the postmaster (``whole``: and every backend at the same instant, as a
        power cut would, so that COMMITs in flight get no reply), then whatever of the cluster
        is still running, so that it can start again at once (crash recovery replays the
        WAL)."""
        assert self.process is not None
        if whole:
            os.killpg(self.process.pid, signal.SIGKILL)
        else:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)
        time.sleep(0.2)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while self._members() and time.monotonic() < deadline:
            time.sleep(0.1)

    def _members(self) -> list[int]:
        assert self.process is not None
        group = self.process.pid
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[3]) == group:
                        found.append(int(entry))
        return found

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(30)

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except FileNotFoundError:
            return ""


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    bin_dir = _binaries()
    if bin_dir is None:
        missing("PostgreSQL's binaries (initdb, postgres) are not installed")
    root = Path(tempfile.mkdtemp(prefix="accord-outage-"))
    made = Cluster(bin_dir, root)
    try:
        made.init()
        made.start()
        made.create_database()
        yield made
    finally:
        made.stop()
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Writer:
    """One delegate proposing its amendments, each with its own key, retrying each (same
    key) until it is answered 201."""

    negotiation: Negotiation
    code: str
    token: str
    seed: int
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker -> amendment id
    #: Each key's answers before its 201, and whether the 201 was a replay.
    history: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    replayed: set[str] = field(default_factory=set)
    failure: BaseException | None = None

    def run(self) -> None:
        rng = random.Random(self.seed)
        url = f"{self.negotiation.api}/processes/{self.negotiation.process_id}/amendments"
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {self.token}"
        try:
            for number in range(PER_WRITER):
                marker = f"(ref {self.code}-{number})"
                body = amendment_body(self.negotiation, rng)
                body["text"] = body["text"].rstrip(".") + f" {marker}."
                key = str(uuid.uuid4())
                self.history[marker] = []
                deadline = time.monotonic() + PATIENCE
                while True:
                    if time.monotonic() > deadline:
                        raise AssertionError(f"{marker} was never answered: "
                                             f"{self.history[marker][-5:]}")
                    try:
                        reply = http.post(url, json=body, timeout=20,
                                          headers={"Idempotency-Key": key})
                    except requests.RequestException as error:
                        self.history[marker].append((0, type(error).__name__))
                        time.sleep(0.2)
                        continue
                    if reply.status_code == 201:
                        self.acknowledged[marker] = int(reply.json()["id"])
                        if reply.headers.get("Idempotent-Replayed") == "true":
                            self.replayed.add(marker)
                        break
                    try:
                        message = reply.json()["error"]["message"]
                    except (ValueError, KeyError, TypeError):
                        message = reply.text[:200]
                    self.history[marker].append((reply.status_code, message))
                    time.sleep(0.2)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.failure = error
        finally:
            http.close()

    def done(self) -> int:
        return len(self.acknowledged)


def every_amendment(api: str, token: str, process_id: int) -> list[dict[str, Any]]:
    reader = Client(api, token, timeout=60)
    found: list[dict[str, Any]] = []
    try:
        after = 0
        while True:
            page = reader.call("GET", f"/processes/{process_id}/amendments"
                                      f"?limit=200&after_id={after}", expect=200)
            if not page:
                return found
            found.extend(page)
            after = max(item["id"] for item in page)
    finally:
        reader.close()


def test_every_request_retried_with_its_key_is_stored_exactly_once(
        cluster: Cluster, tmp_path: Path) -> None:
    env = server_env(cluster.url, tmp_path / "instance", free_port())
    accord(env, "db", "upgrade")
    cluster.slow_commits(0.05)
    server = ServerProcess(env, tmp_path / "server.log")
    server.start(START_TIMEOUT)
    try:
        negotiation = setup_negotiation(server, delegates=WRITERS, paragraphs=8)
        writers = [Writer(negotiation, code, token, seed)
                   for seed, (code, token) in enumerate(negotiation.delegates)]
        threads = [threading.Thread(target=w.run, daemon=True) for w in writers]
        for thread in threads:
            thread.start()
        total = WRITERS * PER_WRITER
        acked_before: list[int] = []
        for share, whole in CRASHES_AT:  # two outages, each mid-load
            deadline = time.monotonic() + 120
            while sum(w.done() for w in writers) < total * share:
                assert time.monotonic() < deadline, "too few amendments before the outage:" \
                    "\n" + server.log()[-3000:]
                time.sleep(0.05)
            acked_before.append(sum(w.done() for w in writers))
            cluster.crash(whole=whole)
            time.sleep(OUTAGE_SECONDS)
            cluster.start()
        for thread in threads:
            thread.join(PATIENCE + 60)
        assert not any(thread.is_alive() for thread in threads)
        for writer in writers:
            assert writer.failure is None, f"{writer.code}: {writer.failure!r}\n" \
                + server.log()[-3000:]

        stored = every_amendment(server.api, negotiation.cofac_token, negotiation.process_id)
        by_marker: dict[str, list[int]] = {}
        for item in stored:
            marker = item["text"][item["text"].rindex("(ref "):].rstrip(".")
            by_marker.setdefault(marker, []).append(item["id"])
        expected = {m: w.acknowledged[m] for w in writers for m in w.acknowledged}
        assert len(expected) == total
        duplicates = {m: ids for m, ids in by_marker.items() if len(ids) != 1}
        assert duplicates == {}, f"stored more than once: {duplicates}"
        assert {m: ids[0] for m, ids in by_marker.items()} == expected

        # No answer said "nothing was changed" about a write that was committed.
        lies = {m: w.history[m] for w in writers for m in w.replayed
                if any("nothing was changed" in message for _, message in w.history[m])}
        assert lies == {}, f"said nothing was changed, yet committed: {lies}"
        failed_answers = [a for w in writers for h in w.history.values() for a in h]
        # The outage was felt (and answered as one: 503 or no answer, never a 500).
        assert failed_answers, "the outage went unnoticed"
        assert {status for status, _ in failed_answers} <= {0, 503, 409}, \
            sorted({(s, m) for s, m in failed_answers})[:10]
        unconfirmed = sum(1 for _, message in failed_answers if "did not confirm" in message)
        kinds = collections.Counter((status, message[:60]) for status, message in failed_answers)
        print("\nfailed answers:", dict(kinds))
        print(f"\nacknowledged before each kill: {acked_before}; total {total}; "
              f"failed answers retried: {len(failed_answers)} ({unconfirmed} 'did not "
              f"confirm'); retries answered by the stored first outcome: "
              f"{sum(len(w.replayed) for w in writers)}")
    finally:
        server.kill()
