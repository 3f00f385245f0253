"""The accounts migrations keep existing data: tokens issued before server sessions and
expiring tokens keep working (now with an end), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.support.databases import Database
from tests.support.migrations import insert_user, migrated_to

#: The last revision before browser sessions, password resets and token expiry.
BEFORE = "20261201_sessions"


def test_tokens_from_before_keep_working_with_an_end(database: Database) -> None:
    with migrated_to(database.url, f"{BEFORE}-1") as db:
        engine = db.engine
        with engine.begin() as connection:
            insert_user(connection, "old@accord.example", "Old", at=datetime(2026, 1, 1))
            connection.execute(text(
                "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                "VALUES (1, 1, 'script', :digest, :at)"),
                {"digest": "a" * 64, "at": datetime(2026, 1, 1)})
        db.upgrade()
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
        db.downgrade(f"{BEFORE}-1")
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM api_tokens")).scalar_one() == 1
