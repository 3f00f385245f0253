"""search: full-text indexes over revisions' paragraphs, amendments, inputs and summaries

SQLite: one FTS5 table per searched table, with external content (the row itself holds the
text, the index only its terms) and the unicode61 tokenizer with ``remove_diacritics 2``, so
that "regularisation" finds "régularisation" and "migracion" finds "migración". Triggers keep
each index up to date in the writing transaction; ``rebuild`` fills it from existing rows.
A later batch-mode migration that recreates one of these tables drops its triggers: it must
create them again (``create_sqlite_triggers`` below shows them), and the search API tests,
which run on a database migrated to head, fail if it does not.

PostgreSQL: a text search configuration ``accord_search`` ('simple' with the unaccent
dictionary first: no stemming, which would be English-only, and no accents) and one GIN
expression index per table on ``to_tsvector('accord_search', ...)``; the search service
queries the same expressions. ``unaccent`` is a trusted extension (PostgreSQL 13+): the
database's owner may create it.

Revision ID: 20261201_search
Revises: 20261201_idempotency_keys
Create Date: 2026-12-01 21:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '20261201_search'
down_revision: str | None = '20261201_idempotency_keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: table -> its searched columns (each FTS5 table is named ``<table>_fts``).
SEARCHED = {
    "revision_units": ("heading", "text"),
    "amendments": ("text", "justification"),
    "inputs": ("title", "body"),
    "summaries": ("title", "body"),
}

#: The PostgreSQL expression each GIN index covers (the search service uses the same).
PG_DOCUMENTS = {
    "revision_units": "coalesce(heading, '') || ' ' || text",
    "amendments": "coalesce(text, '') || ' ' || justification",
    "inputs": "title || ' ' || body",
    "summaries": "title || ' ' || body",
}


def _values(prefix: str, columns: Sequence[str]) -> str:
    return ", ".join(f"{prefix}.{c}" for c in columns)


def create_sqlite_triggers(table: str) -> None:
    columns = SEARCHED[table]
    fts = f"{table}_fts"
    names = ", ".join(columns)
    op.execute(f"""
        CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts} (rowid, {names}) VALUES (new.id, {_values('new', columns)});
        END""")
    op.execute(f"""
        CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {names})
            VALUES ('delete', old.id, {_values('old', columns)});
        END""")
    op.execute(f"""
        CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN
            INSERT INTO {fts} ({fts}, rowid, {names})
            VALUES ('delete', old.id, {_values('old', columns)});
            INSERT INTO {fts} (rowid, {names}) VALUES (new.id, {_values('new', columns)});
        END""")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, columns in SEARCHED.items():
            fts = f"{table}_fts"
            op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
                       f"content='{table}', content_rowid='id', "
                       "tokenize='unicode61 remove_diacritics 2')")
            create_sqlite_triggers(table)
            op.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION accord_search (COPY = simple)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION accord_search "
               "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple")
    for table, document in PG_DOCUMENTS.items():
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} "
                   f"USING gin (to_tsvector('accord_search'::regconfig, {document}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in SEARCHED:
            fts = f"{table}_fts"
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
        return
    for table in PG_DOCUMENTS:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS accord_search")
    # unaccent stays: another schema object may use it, and it holds no data.
