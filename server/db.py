"""Engine and session set-up for SQLite (embedded default) and PostgreSQL.

SQLite runs in WAL mode with foreign keys on. Write transactions start with
``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead of failing when one
upgrades a read snapshot to a write; the API marks a request as a writer by its HTTP method.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)


@contextlib.contextmanager
def read_only() -> Iterator[None]:
    """Within this block SQLite transactions begin deferred (readers never wait)."""
    token = _write_intent.set(False)
    try:
        yield
    finally:
        _write_intent.reset(token)


def set_read_only(flag: bool) -> None:
    """Mark the current context (a request) as reading only, or as writing."""
    _write_intent.set(not flag)


def make_engine(url: str, *, sqlite_synchronous: str = "FULL",
                pg_connections: int = 40) -> Engine:
    """An engine for ``url`` with Accord's connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(engine, sqlite_synchronous)
        return engine
    # One gevent process serves many requests at once; each may wait on PostgreSQL, so the
    # pool holds ``pg_connections`` (config.PG_CONNECTIONS: the processes of a deployment
    # together stay under max_connections). A connection PostgreSQL dropped (a restart) is
    # found by the ping at checkout, so no request fails for it.
    size = max(2, pg_connections // 2)
    return create_engine(url, pool_size=size, max_overflow=max(0, pg_connections - size),
                         pool_pre_ping=True, pool_recycle=3600)


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
    if synchronous.upper() not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ValueError(f"invalid SQLite synchronous setting {synchronous!r}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cursor.close()

    # One writer at a time in this process, queued on a lock that gevent can switch away from
    # (threading.Lock is patched under `accord serve`): SQLite's own busy wait would block
    # the whole event loop while another request of this process holds the write lock.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if _write_intent.get():
            writer.acquire()
            connection.info["accord_writer"] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                _release(connection)
                raise
        else:
            connection.exec_driver_sql("BEGIN")

    def _release(connection: Any) -> None:
        if connection.info.pop("accord_writer", False):
            writer.release()

    @event.listens_for(engine, "commit")
    def _on_commit(connection: Any) -> None:
        _release(connection)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Any) -> None:
        _release(connection)

    @event.listens_for(engine, "reset")
    def _on_reset(dbapi_connection: Any, connection_record: Any, reset_state: Any) -> None:
        # A connection returned to the pool mid-transaction is rolled back by the pool.
        if connection_record.info.pop("accord_writer", False):
            writer.release()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions keep loaded objects usable after commit (serialising after the commit)."""
    return sessionmaker(engine, expire_on_commit=False)
