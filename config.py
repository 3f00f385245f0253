"""Settings, read from the environment with safe defaults.

Every variable is listed in the README. Nothing secret lives in the repository: when
``SECRET_KEY`` is unset a random key is generated once into ``instance/secret_key``.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent
INSTANCE = Path(os.environ.get("ACCORD_INSTANCE_DIR", ROOT / "instance"))


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        # Written with 0600 so other users of the machine cannot read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def origin_of(url: str) -> str:
    """The origin (scheme, host and port) a browser sends for pages served from ``url``.

    >>> origin_of("https://accord.example/app/")
    'https://accord.example'
    """
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _allowed_origins(public_url: str) -> list[str]:
    raw = os.environ.get("ACCORD_ALLOWED_ORIGINS")
    if raw is None or not raw.strip():
        return [origin_of(public_url)]
    return [origin_of(item) for item in raw.replace(",", " ").split()]


def deployment_of(database_url: str) -> str:
    """The default deployment name: the processes of one deployment share its database, so a
    digest of the database's address (its password left out) names it, and two deployments
    on different databases never share live events through one Redis.

    >>> deployment_of("postgresql://u:secret@db/accord") == deployment_of("postgresql://u@db/accord")
    True
    """
    parts = urlsplit(database_url)
    netloc = parts.netloc.rpartition("@")[2]
    user = parts.username
    if user:
        netloc = f"{user}@{netloc}"
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return "db-" + hashlib.sha256(bare.encode()).hexdigest()[:16]


def _deployment(database_url: str) -> str:
    return os.environ.get("ACCORD_DEPLOYMENT") or deployment_of(database_url)


def gevent_patch_requested() -> bool:
    """Set by ``accord serve`` for its server process: gevent must patch the standard library
    before anything else is imported (read by server/__init__.py first thing)."""
    return os.environ.get("ACCORD_GEVENT_PATCH") == "1"


def worker_environment() -> dict[str, str]:
    """The environment of a helper process the server starts (the import worker): this
    one's, without the request to patch the standard library for gevent."""
    env = dict(os.environ)
    env.pop("ACCORD_GEVENT_PATCH", None)
    return env


class Config:
    """Production-shaped defaults; the embedded database is a SQLite file under instance/."""

    TESTING = False
    DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'accord.sqlite3'}"
    #: Optional; with it several processes share live events (Flask-SocketIO message queue).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    #: Largest request body accepted, in bytes (413 above it).
    MAX_CONTENT_LENGTH = _env_int("ACCORD_MAX_BODY_BYTES", 1_000_000)
    #: Largest file upload (multipart/form-data), in bytes: the importers' own limit on a
    #: file (10 MiB, importers/safety.py) and room for the form around it.
    IMPORT_MAX_BODY_BYTES = _env_int("ACCORD_IMPORT_MAX_BODY_BYTES", 10 * 1024 * 1024 + 65_536)
    #: Shortest silence procedure, in hours (the UN General Assembly used at least 72).
    SILENCE_MIN_HOURS = _env_int("ACCORD_SILENCE_MIN_HOURS", 72)
    #: SQLite durability: FULL syncs every commit (an acknowledged write survives power loss).
    SQLITE_SYNCHRONOUS = os.environ.get("ACCORD_SQLITE_SYNCHRONOUS", "FULL")
    #: PostgreSQL connections this process may hold (half kept in the pool, half overflow).
    #: Several processes each take this many: keep their sum under the server's
    #: max_connections (100 by default; 2 processes x 40 leaves room for psql and migrations).
    PG_CONNECTIONS = _env_int("ACCORD_PG_CONNECTIONS", 40)
    #: Failed sign-ins allowed for one account from one address (the `limits` notation); a
    #: correct password from another address is never refused.
    LOGIN_RATE = os.environ.get("ACCORD_LOGIN_RATE", "10/minute")
    #: Failed sign-ins allowed from one address whatever the account (many people of one
    #: delegation may share an address; one of them mistyping locks nobody else out).
    LOGIN_ADDRESS_RATE = os.environ.get("ACCORD_LOGIN_ADDRESS_RATE", "100/minute")
    #: Browser session lifetime in seconds (the session ends then, or at sign-out).
    PERMANENT_SESSION_LIFETIME = _env_int("ACCORD_SESSION_SECONDS", 12 * 3600)
    #: Bearer token lifetime in seconds (90 days).
    TOKEN_SECONDS = _env_int("ACCORD_TOKEN_SECONDS", 90 * 24 * 3600)
    #: How long an invitation link can be used, in seconds (7 days).
    INVITATION_SECONDS = _env_int("ACCORD_INVITATION_SECONDS", 7 * 24 * 3600)
    #: How long a password reset link can be used, in seconds (1 hour).
    PASSWORD_RESET_SECONDS = _env_int("ACCORD_PASSWORD_RESET_SECONDS", 3600)
    #: How long the first answer to a write sent with an Idempotency-Key is kept, in seconds
    #: (24 hours): a retry with the key within that time gets it again instead of a duplicate.
    IDEMPOTENCY_SECONDS = _env_int("ACCORD_IDEMPOTENCY_SECONDS", 24 * 3600)
    #: Outgoing mail: smtp://[user:password@]host[:port] (smtps:// for TLS,
    #: smtp+starttls:// to upgrade). Unset (development): each message and its link is written
    #: to the server log instead.
    SMTP_URL = os.environ.get("SMTP_URL") or None
    #: The sender of Accord's mail.
    MAIL_FROM = os.environ.get("ACCORD_MAIL_FROM", "Accord <accord@localhost>")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("ACCORD_SECURE_COOKIES", "0") == "1"
    #: Socket.IO serving mode; gevent serves, threading is for tests (see STACK.md).
    SOCKETIO_ASYNC_MODE = os.environ.get("ACCORD_ASYNC_MODE", "gevent")
    HOST = os.environ.get("ACCORD_HOST", "127.0.0.1")
    PORT = _env_int("ACCORD_PORT", 5000)
    #: The address people open, for the links in mail (never taken from a request's Host).
    PUBLIC_URL = (os.environ.get("ACCORD_PUBLIC_URL") or f"http://{HOST}:{PORT}").rstrip("/")
    #: The origins whose pages may open a live connection (a WebSocket carries the browser's
    #: cookie wherever the page comes from). Besides these, a page of the address the request
    #: was made to is same-origin; clients sending no Origin (bearer tokens) are not browsers.
    ALLOWED_ORIGINS = _allowed_origins(PUBLIC_URL)
    JSON_SORT_KEYS = False
    #: Above this many missed live events a client reloads over HTTP instead of replaying.
    MAX_REPLAY = _env_int("ACCORD_MAX_REPLAY", 2_000)
    #: How often each server process closes the live connections whose token or session
    #: expired, in seconds (0: never; revocation and sign-out close them at once anyway).
    LIVE_EXPIRY_CHECK_SECONDS = _env_float("ACCORD_LIVE_EXPIRY_CHECK_SECONDS", 30.0)
    #: With several server processes (REDIS_URL), how long the connections of a process that
    #: stopped renewing its presence count still count, in seconds (renewed every third).
    PRESENCE_SECONDS = _env_float("ACCORD_PRESENCE_SECONDS", 30.0)
    #: Trusted proxies in front of the server (nginx: 1); their X-Forwarded-For and
    #: X-Forwarded-Proto then give the client's address and scheme (the sign-in throttle).
    PROXIES = _env_int("ACCORD_PROXIES", 0)
    #: How often the server settles silence procedures whose deadline passed, in seconds.
    SETTLE_SECONDS = _env_float("ACCORD_SETTLE_SECONDS", 30.0)
    #: A running silence procedure shows in inboxes this many hours before its deadline.
    INBOX_SILENCE_HOURS = _env_float("ACCORD_INBOX_SILENCE_HOURS", 24.0)
    #: Immediate mail from the outbox in the committing request's own thread (True) or by
    #: the process's background sender (server/features/inbox/outbox.py).
    MAIL_OUTBOX_INLINE = False
    #: The Ed25519 key that seals the history (PKCS#8 PEM), kept outside the database; made
    #: with mode 0600 on first use. Its public key (`accord history public-key`) checks seals.
    SIGNING_KEY_FILE = (os.environ.get("ACCORD_SIGNING_KEY_FILE")
                        or str(INSTANCE / "history-signing-key.pem"))
    #: Longest an uploaded file may take to read, in seconds (wall clock, and as much CPU);
    #: above it the import is refused with 422 and the worker ended.
    IMPORT_SECONDS = _env_float("ACCORD_IMPORT_SECONDS", 10.0)
    #: Most memory one import's worker may allocate to read a file, in MB.
    IMPORT_MEMORY_MB = _env_int("ACCORD_IMPORT_MEMORY_MB", 512)
    #: Import workers kept started ahead (starting one takes about a second).
    IMPORT_WORKERS = _env_int("ACCORD_IMPORT_WORKERS", 1)
    #: The WebSocket implementation of the live connections under gevent: ``lean``
    #: (server/live/websocket.py: no per-message compression, no extra greenlet per
    #: connection; measured in bench/fanout.py), ``simple`` (simple-websocket without
    #: permessage-deflate) or ``simple-deflate`` (simple-websocket as it comes: every event
    #: compressed once per recipient when the client offers it).
    LIVE_WEBSOCKET = os.environ.get("ACCORD_LIVE_WEBSOCKET", "lean")
    #: No access log (benchmarks and tests).
    QUIET = os.environ.get("ACCORD_QUIET") == "1"

    def __init__(self) -> None:
        self.SECRET_KEY = _secret_key()
        #: The name of this deployment on a shared Redis: its live events travel on a channel
        #: of their own (processes of one deployment share it; another deployment's events
        #: and sequence numbers never reach this one's clients).
        self.DEPLOYMENT = _deployment(self.DATABASE_URL)


class TestConfig(Config):
    """For the test suite: a database URL is always given by the fixture."""

    __test__ = False  # not a pytest test class

    TESTING = True
    SOCKETIO_ASYNC_MODE = "threading"
    SILENCE_MIN_HOURS = 72
    SQLITE_SYNCHRONOUS = "NORMAL"
    LOGIN_RATE = "1000/minute"
    LOGIN_ADDRESS_RATE = "10000/minute"
    #: The tests move their clock by months (silence deadlines, the phase matrix); token
    #: expiry has tests of its own that set it.
    TOKEN_SECONDS = 10 * 365 * 24 * 3600
    #: In-process apps come and go by the hundred: none keeps a task of its own (the live
    #: tests' real servers use the default).
    LIVE_EXPIRY_CHECK_SECONDS = 0.0
    #: Nor a mail sender: the outbox is sent after each commit in the request's thread.
    MAIL_OUTBOX_INLINE = True
    #: A history key in memory, one per app (subprocess tests use their instance dir's).
    SIGNING_KEY_FILE = ""

    def __init__(self, database_url: str) -> None:
        self.SECRET_KEY = secrets.token_urlsafe(32)
        self.DATABASE_URL = database_url
        self.DEPLOYMENT = _deployment(database_url)
