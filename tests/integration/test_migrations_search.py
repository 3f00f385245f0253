"""Migration 0012 indexes what was there before it, on SQLite and PostgreSQL: a paragraph
written before the upgrade is found (without its accents), and the index follows later
writes; on PostgreSQL the search's own expression is the one the GIN index covers."""

from __future__ import annotations

from sqlalchemy import Connection, text

from tests.support.databases import Database
from tests.support.migrations import insert_process, insert_zero_draft, migrated_to

BEFORE = "20261201_idempotency_keys"
PG_PARAGRAPH = "to_tsvector('accord_search'::regconfig, coalesce(heading, '') || ' ' || text)"




def _found(connection: Connection, word: str) -> list[int]:
    if connection.dialect.name == "sqlite":
        return list(connection.execute(text(
            "SELECT rowid FROM revision_units_fts WHERE revision_units_fts MATCH :q "
            "ORDER BY rowid"), {"q": f'"{word}"'}).scalars())
    return list(connection.execute(text(
        f"SELECT id FROM revision_units WHERE {PG_PARAGRAPH} @@ "
        "to_tsquery('accord_search'::regconfig, :q) ORDER BY id"), {"q": f"'{word}'"}).scalars())


def test_paragraphs_written_before_the_upgrade_are_found_and_later_writes_too(
        database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            insert_process(connection)
            insert_zero_draft(connection, [("op1", "1", "La migración segura y ordenada."),
                                           ("op2", "2", "Les États coopèrent.")])
        db.upgrade()
        with engine.begin() as connection:
            assert _found(connection, "migracion") == [1]
            assert _found(connection, "etats") == [2]
            connection.execute(text(
                "UPDATE revision_units SET text = 'La regularización.' WHERE id = 1"))
            connection.execute(text("DELETE FROM revision_units WHERE id = 2"))
        with engine.begin() as connection:
            assert _found(connection, "migracion") == []
            assert _found(connection, "regularizacion") == [1]
            assert _found(connection, "etats") == []
            if connection.dialect.name == "postgresql":
                connection.execute(text("SET LOCAL enable_seqscan = off"))
                plan = "\n".join(connection.execute(text(
                    f"EXPLAIN SELECT id FROM revision_units WHERE {PG_PARAGRAPH} @@ "
                    "to_tsquery('accord_search'::regconfig, 'migracion')")).scalars())
                assert "ix_revision_units_search" in plan, plan
        db.downgrade(BEFORE)
        db.upgrade()
        with engine.begin() as connection:
            assert _found(connection, "regularizacion") == [1]
