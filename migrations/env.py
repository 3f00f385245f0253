"""Alembic environment: the URL comes from the caller's config or from DATABASE_URL."""

from __future__ import annotations

import re
from typing import Any

from alembic import context

from server.db import make_engine
from server.models import Base

target_metadata = Base.metadata

#: Full-text search objects made by migration 0012 in SQL the models cannot express (FTS5
#: virtual tables and their shadow tables on SQLite, GIN expression indexes on PostgreSQL).
SEARCH_OBJECT = re.compile(r"^(?:\w+_fts(?:_\w+)?|ix_\w+_search)$")


def include_object(obj: Any, name: str | None, type_: str, reflected: bool,
                   compare_to: Any) -> bool:
    """Leave the search indexes out of autogenerate's comparison of models and database."""
    return not (reflected and compare_to is None and name is not None
                and SEARCH_OBJECT.match(name) is not None)


def database_url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from config import Config

    return Config.DATABASE_URL


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # Batch mode recreates a table by dropping the old one, and with foreign keys
                # on SQLite first deletes its rows, cascading to (or refused by) every row that
                # references them. The pragma works outside a transaction only: off before it
                # begins, every reference checked before it commits.
                raw = connection.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys=OFF")
            context.configure(connection=connection, target_metadata=target_metadata,
                              # SQLite cannot ALTER most things: batch mode copies the table.
                              render_as_batch=True, compare_type=True,
                              include_object=include_object)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"The migrations broke references: {broken[:10]}")
    finally:
        # Also when a migration fails: no connection is left for the garbage collector.
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
