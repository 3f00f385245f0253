"""The production set-up in miniature: N gunicorn processes (one gevent worker each, the
project's docs/deploy/gunicorn.conf.py) on one PostgreSQL database and Redis, behind nginx
from Debian's packages (docs/deploy/nginx.conf rendered into a directory of its own and run
as a child process on 127.0.0.1 ports only). Shared by tests/integration/test_scaleout.py and
bench/scaleout.py."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import stat
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from tests.support.data import ROOT
from tests.support.databases import Database, fresh_database
from tests.support.servers import BIN, ServerProcess, accord, free_port, server_env
from tests.support.services import PG_HOST, PG_PORT, REDIS_URL, answers

DEPLOY = ROOT / "docs" / "deploy"
NGINX_TEMPLATE = DEPLOY / "nginx.conf"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
#: The cookie nginx keeps a client on one process with (docs/deploy/nginx.conf).
STICKY_COOKIE = "accord_worker"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (str(p) for p in (Path("/usr/sbin/nginx"), Path("/usr/bin/nginx")) if p.exists()), None)


def gunicorn_command() -> list[str]:
    gunicorn = BIN / "gunicorn"
    return [str(gunicorn) if gunicorn.exists() else "gunicorn", "-c", str(GUNICORN_CONF),
            "server.serve:application()"]


def what_is_missing() -> str | None:
    """Why the deployment cannot run here (None: it can)."""
    if nginx_binary() is None:
        return "nginx is not installed (Debian: apt-get install nginx-light)"
    if not answers(PG_HOST, PG_PORT):
        return f"PostgreSQL does not answer on {PG_HOST}:{PG_PORT}"
    parsed = redis.Redis.from_url(REDIS_URL).connection_pool.connection_kwargs
    host, port = parsed.get("host", "127.0.0.1"), int(parsed.get("port", 6379))
    if not answers(host, port):
        return f"Redis does not answer on {host}:{port}"
    return None


def worker_name(index: int) -> str:
    """The sticky cookie's value for the ``index``-th process (w1, w2, ...)."""
    return f"w{index + 1}"


def render_nginx(template: str, prefix: Path, listen: str, ports: Sequence[int]) -> str:
    """docs/deploy/nginx.conf with its placeholders filled in for ``ports`` (one process
    each, on 127.0.0.1)."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in ports)
    workers = "\n".join(
        f"    upstream accord_{worker_name(i)} {{\n        server 127.0.0.1:{port} "
        f"max_fails=0;\n        keepalive 16;\n    }}" for i, port in enumerate(ports))
    cookie_map = "\n".join(f"        {worker_name(i)} accord_{worker_name(i)};"
                           for i in range(len(ports)))
    addr_map = "\n".join(f"        127.0.0.1:{port} {worker_name(i)};"
                         for i, port in enumerate(ports))
    text = template
    for key, value in (("@@PREFIX@@", str(prefix)), ("@@LISTEN@@", listen),
                       ("@@SERVERS@@", servers), ("@@WORKERS@@", workers),
                       ("@@COOKIE_MAP@@", cookie_map), ("@@ADDR_MAP@@", addr_map)):
        text = text.replace(key, value)
    if "@@" in text:
        raise ValueError("a placeholder of nginx.conf was left unfilled")
    return text


class Nginx:
    """nginx in the foreground as a child process, with a configuration of its own."""

    def __init__(self, directory: Path, ports: Sequence[int]) -> None:
        self.directory = directory
        self.port = free_port()
        directory.mkdir(parents=True, exist_ok=True)
        self.conf = directory / "nginx.conf"
        self.conf.write_text(render_nginx(NGINX_TEMPLATE.read_text(), directory,
                                          f"127.0.0.1:{self.port}", ports))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _unprivileged(self) -> dict[str, Any]:
        """As root, nginx is started as ``nobody`` (it needs no privilege on a high port):
        its directory becomes nobody's, and the directories above it traversable."""
        if os.geteuid() != 0:
            return {}
        account = pwd.getpwnam("nobody")
        for path in [self.directory, *self.directory.rglob("*")]:
            os.chown(path, account.pw_uid, account.pw_gid)
        for parent in self.directory.parents:
            mode = parent.stat().st_mode
            if not mode & stat.S_IXOTH:
                parent.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)
        return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    def start(self, timeout: float = 20.0) -> Nginx:
        binary = nginx_binary()
        assert binary is not None
        who = self._unprivileged()
        check = subprocess.run([binary, "-t", "-p", str(self.directory), "-c", str(self.conf),
                                "-e", str(self.directory / "error.log")],
                               capture_output=True, text=True, check=False, **who)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{check.stderr}")
        with open(self.directory / "stdout.log", "ab") as out:
            self.process = subprocess.Popen(
                [binary, "-p", str(self.directory), "-c", str(self.conf),
                 "-e", str(self.directory / "error.log"), "-g", "daemon off;"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True, **who)
        deadline = time.monotonic() + timeout
        while not answers("127.0.0.1", self.port, 0.5):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("nginx did not start:\n" + self.errors())
            time.sleep(0.05)
        return self

    def errors(self) -> str:
        with contextlib.suppress(FileNotFoundError):
            return (self.directory / "error.log").read_text(errors="replace")[-4000:]
        return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


@dataclass
class Deployment:
    """The processes, the fronts and the database of one deployment."""

    database: Database
    workers: list[ServerProcess]
    #: One front per set of processes it spreads over (``fronts[k]``: the first k+1).
    fronts: list[Nginx]
    redis_url: str
    name: str
    workdir: Path
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def front(self) -> Nginx:
        """The front of every process."""
        return self.fronts[-1]

    def facade(self, front: Nginx | None = None) -> ServerProcess:
        """A ServerProcess (not started) whose address is ``front``'s and whose environment
        is the first process's: for the helpers that set a negotiation up."""
        env = dict(self.workers[0].env, ACCORD_PORT=str((front or self.front).port))
        return ServerProcess(env, self.workdir / "facade.log")


@contextlib.contextmanager
def deployment(workdir: Path, workers: int = 2, *, fronts: str = "all",
               extra_env: dict[str, str] | None = None, start_timeout: float = 90.0
               ) -> Iterator[Deployment]:
    """``workers`` gunicorn processes on a fresh PostgreSQL database and Redis, and nginx in
    front (``fronts="each"``: also a front of the first process alone, of the first two...);
    all stopped and the database dropped afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    name = f"scaleout-{uuid.uuid4().hex[:10]}"
    database = fresh_database("postgresql", workdir, prefix="accord_scaleout")
    started: list[ServerProcess] = []
    nginxes: list[Nginx] = []
    try:
        ports = [free_port() for _ in range(workers)]
        extra = {"REDIS_URL": REDIS_URL, "ACCORD_DEPLOYMENT": name, "ACCORD_PROXIES": "1",
                 **(extra_env or {})}
        for index, port in enumerate(ports):
            env = server_env(database.url, workdir / "instance", port, extra={
                **extra, "ACCORD_BACKGROUND": "1" if index == 0 else "0"})
            if index == 0:
                accord(env, "db", "upgrade")
            server = ServerProcess(env, workdir / f"worker-{index + 1}.log",
                                   gunicorn_command())
            started.append(server)
            # One after the other: the first creates the instance's keys.
            server.start(start_timeout)
        ports = [s.port for s in started]  # as started (a taken port is replaced)
        sets = [ports[:k] for k in range(1, workers + 1)] if fronts == "each" else [ports]
        for k, subset in enumerate(sets):
            nginxes.append(Nginx(workdir / f"nginx-{k + 1}", subset).start())
        yield Deployment(database, started, nginxes, REDIS_URL, name, workdir, extra)
    finally:
        for front in nginxes:
            front.stop()
        for server in started:
            server.stop()
        _forget(name)
        database.drop()


def _forget(name: str) -> None:
    """Remove the deployment's keys from Redis (presence)."""
    with contextlib.suppress(Exception):
        connection = redis.Redis.from_url(REDIS_URL)
        try:
            keys = list(connection.scan_iter(f"accord:{name}:*"))
            if keys:
                connection.delete(*keys)
        finally:
            connection.close()
