"""The accounts migrations keep existing data: tokens issued before server sessions and
expiring tokens keep working (now with an end), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, text

from tests.support.databases import Database, alembic_config

ROOT = Path(__file__).resolve().parents[2]
#: The last revision before browser sessions, password resets and token expiry.
BEFORE = "20261201_sessions"




def test_tokens_from_before_keep_working_with_an_end(database: Database) -> None:
    config = alembic_config(database.url)
    command.upgrade(config, f"{BEFORE}-1")
    engine = create_engine(database.url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (id, email, name, password_hash, is_admin, created_at) "
                "VALUES (1, 'old@accord.example', 'Old', 'x', false, :at)"),
                {"at": datetime(2026, 1, 1)})
            connection.execute(text(
                "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                "VALUES (1, 1, 'script', :digest, :at)"),
                {"digest": "a" * 64, "at": datetime(2026, 1, 1)})
        command.upgrade(config, "head")
        with engine.connect() as connection:
            name, expires = connection.execute(text(
                "SELECT name, expires_at FROM api_tokens WHERE id = 1")).one()
            assert name == "script"
            expires_at = expires if isinstance(expires, datetime) else \
                datetime.fromisoformat(str(expires))
            soon = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=90)
            assert abs((expires_at.replace(tzinfo=None) - soon).total_seconds()) < 3600
            assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
            for table in ("browser_sessions", "password_resets", "invitations"):
                assert connection.execute(text(f"SELECT count(*) FROM {table}")
                                          ).scalar_one() == 0
        command.downgrade(config, f"{BEFORE}-1")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM api_tokens")).scalar_one() == 1
    finally:
        engine.dispose()
