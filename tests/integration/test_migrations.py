"""Migrations build the schema from nothing, and the models match them (alembic check)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, inspect, text

from server.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _config(url: str) -> AlembicConfig:
    config = AlembicConfig(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url)
    return config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    from tests.support.services import PG_HOST, PG_PORT, need, pg_admin_url

    need("PostgreSQL", PG_HOST, PG_PORT)
    import uuid

    name = f"accord_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    request.addfinalizer(drop)
    return pg_admin_url(name)


def test_upgrade_from_empty_then_check_then_downgrade(empty_url: str) -> None:
    config = _config(empty_url)
    command.upgrade(config, "head")
    engine = create_engine(empty_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT seq FROM log_streams WHERE key = 'global'")).scalar_one() == 0
    finally:
        engine.dispose()
    # Models and migrations agree: autogenerate finds nothing to do.
    command.check(config)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
