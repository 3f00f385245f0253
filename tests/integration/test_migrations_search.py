"""Migration 0012 indexes what was there before it, on SQLite and PostgreSQL: a paragraph
written before the upgrade is found (without its accents), and the index follows later
writes; on PostgreSQL the search's own expression is the one the GIN index covers."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Connection, create_engine, text

from tests.support.databases import Database, alembic_config

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "20261201_idempotency_keys"
AT = "2026-01-01 00:00:00"
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
    config = alembic_config(database.url)
    command.upgrade(config, BEFORE)
    engine = create_engine(database.url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO processes (id, slug, title, phase, observers_see_amendments_in, "
                "created_at) VALUES (1, 'pacto', 'Pacto', 'negotiation', '[]', :at)"),
                {"at": AT})
            connection.execute(text(
                "INSERT INTO documents (id, process_id, title, created_at, "
                "working_copy_shared) VALUES (1, 1, 'Pacto', :at, false)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO revisions (id, document_id, sequence, label, published_at, "
                "version, structure_version, created_at) "
                "VALUES (1, 1, 0, 'Zero draft', :at, 1, 1, :at)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO units (id, document_id, key, created_at) "
                "VALUES (1, 1, 'op1', :at), (2, 1, 'op2', :at)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO revision_units (id, revision_id, unit_id, position, kind, number, "
                "text, status, version) VALUES "
                "(1, 1, 1, 0, 'paragraph', '1', 'La migración segura y ordenada.', 'open', 1), "
                "(2, 1, 2, 1, 'paragraph', '2', 'Les États coopèrent.', 'open', 1)"))
        command.upgrade(config, "head")
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
        command.downgrade(config, BEFORE)
        command.upgrade(config, "head")
        with engine.begin() as connection:
            assert _found(connection, "regularizacion") == [1]
    finally:
        engine.dispose()
