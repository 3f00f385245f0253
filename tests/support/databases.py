"""Test databases: which backends the suite runs on, and fresh empty databases (a SQLite file
or a new PostgreSQL database) for servers started in a subprocess."""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config as AlembicConfig

from tests.support.services import pg_admin_url

#: Every test of the ``database_url`` fixture runs on each; ACCORD_TEST_BACKENDS=sqlite
#: leaves PostgreSQL out.
BACKENDS = ["sqlite"] if os.environ.get("ACCORD_TEST_BACKENDS") == "sqlite" else \
    ["sqlite", "postgresql"]


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

        admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
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
        admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return Database("postgresql", pg_admin_url(name), name)
    raise ValueError(f"unknown backend {backend!r}")


def alembic_config(url: str) -> AlembicConfig:
    """Alembic's configuration for the project's migrations, run against ``url``."""
    config = AlembicConfig(str(Path(__file__).resolve().parents[2] / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config
