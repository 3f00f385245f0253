"""Fixtures: a real database per test (SQLite file, and PostgreSQL where it answers), the app,
a controllable clock, and an API driver with the world the tests negotiate in.

What the fixtures build on, and everything else tests and benchmarks share, is in
``tests/support``; no test module imports another."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from config import TestConfig
from server import create_app
from server.cli import upgrade_database
from server.features.auth.passwords import use_fast_hashing_for_tests
from server.models import Base
from tests.support.clock import Clock
from tests.support.databases import BACKENDS
from tests.support.driver import Driver
from tests.support.services import PG_HOST, PG_PORT, need, pg_admin_url
from tests.support.worlds import World, build_world

use_fast_hashing_for_tests()

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head once; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this test session, migrated to head, dropped at the end."""
    need("PostgreSQL", PG_HOST, PG_PORT)
    name = f"accord_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = pg_admin_url(name)
    upgrade_database(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
            {"name": name})
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text("INSERT INTO log_streams (key, seq, head_hash) "
                                "VALUES ('global', 0, :h)"), {"h": "0" * 64})
    engine.dispose()


@pytest.fixture(scope="session")
def reset_postgres() -> Callable[[str], None]:
    """Empties a migrated PostgreSQL test database, for a test (or module) of its own."""
    return _reset_postgres


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path,
                 sqlite_template: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "accord.sqlite3"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """For tests that need one backend only."""
    path = tmp_path / "accord.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def app(database_url: str, clock: Clock):  # type: ignore[no-untyped-def]
    application = create_app(TestConfig(database_url))
    application.extensions["accord"].clock = clock
    yield application
    application.extensions["accord.outbox"].stop()  # its mail sent before the engine goes
    application.extensions["accord"].engine.dispose()


@pytest.fixture
def api(app: Flask) -> Driver:
    return Driver(app)


@pytest.fixture
def world(api: Driver) -> World:
    """A process in the negotiation phase with a published zero draft (see
    ``tests.support.worlds.build_world``)."""
    return build_world(api)
