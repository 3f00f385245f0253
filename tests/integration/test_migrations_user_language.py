"""Migration 0017 on SQLite and PostgreSQL: accounts made before it keep everything and have
no language chosen (NULL); afterwards the column holds a person's choice through the model;
the downgrade gives the table back as it was."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from tests.support.databases import Database, alembic_config

BEFORE = "20261202_language_versions"
AT = "2026-01-01 00:00:00"


def test_accounts_made_before_have_no_language_then_keep_the_one_chosen(
        database: Database) -> None:
    config = alembic_config(database.url)
    command.upgrade(config, BEFORE)
    engine = create_engine(database.url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (id, email, name, password_hash, is_admin, created_at) "
                "VALUES (1, 'mex@example.org', 'Delegate of Mexico', 'x', false, :at)"),
                {"at": AT})
        command.upgrade(config, "20261202_user_language")
        assert "language" in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.begin() as connection:
            row = connection.execute(text(
                "SELECT email, name, language FROM users WHERE id = 1")).one()
            assert tuple(row) == ("mex@example.org", "Delegate of Mexico", None)
        command.upgrade(config, "head")
        from server.models import User

        with Session(engine) as session:
            user = session.get(User, 1)
            assert user is not None and user.language is None
            user.language = "ar"
            session.commit()
        with Session(engine) as session:
            user = session.get(User, 1)
            assert user is not None and user.language == "ar"
        command.downgrade(config, BEFORE)
        assert "language" not in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.begin() as connection:
            assert connection.execute(text(
                "SELECT name FROM users WHERE id = 1")).scalar_one() == "Delegate of Mexico"
    finally:
        engine.dispose()
