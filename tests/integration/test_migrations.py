"""Migrations build the schema from nothing, and the models match them (alembic check)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from server.models import Base
from tests.support.databases import Database
from tests.support.migrations import migrated_to


def test_upgrade_from_empty_then_check_then_downgrade(database: Database) -> None:
    with migrated_to(database.url, "head") as db:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with db.engine.connect() as connection:
            assert connection.execute(text(
                "SELECT seq FROM log_streams WHERE key = 'global'")).scalar_one() == 0
        # Models and migrations agree: autogenerate finds nothing to do.
        command.check(db.config)
        db.downgrade("base")
        db.upgrade()
