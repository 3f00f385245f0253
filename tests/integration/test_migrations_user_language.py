"""Migration 0017 on SQLite and PostgreSQL: accounts made before it keep everything and have
no language chosen (NULL); afterwards the column holds a person's choice through the model;
the downgrade gives the table back as it was."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from tests.support.databases import Database
from tests.support.migrations import insert_user, migrated_to

BEFORE = "20261202_language_versions"


def test_accounts_made_before_have_no_language_then_keep_the_one_chosen(
        database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            insert_user(connection, "mex@example.org", "Delegate of Mexico")
        db.upgrade("20261202_user_language")
        assert "language" in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.begin() as connection:
            row = connection.execute(text(
                "SELECT email, name, language FROM users WHERE id = 1")).one()
            assert tuple(row) == ("mex@example.org", "Delegate of Mexico", None)
        db.upgrade()
        from server.models import User

        with Session(engine) as session:
            user = session.get(User, 1)
            assert user is not None and user.language is None
            user.language = "ar"
            session.commit()
        with Session(engine) as session:
            user = session.get(User, 1)
            assert user is not None and user.language == "ar"
        db.downgrade(BEFORE)
        assert "language" not in {c["name"] for c in inspect(engine).get_columns("users")}
        with engine.begin() as connection:
            assert connection.execute(text(
                "SELECT name FROM users WHERE id = 1")).scalar_one() == "Delegate of Mexico"
