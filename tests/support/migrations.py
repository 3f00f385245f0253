"""What the migration tests share: a database migrated to a revision, with Alembic's
configuration and an engine, and the rows of an older schema they write before upgrading.

The rows are written with plain SQL, as the code of that time wrote them (the models describe
only the head), and use only columns every revision the tests start from has. The fresh
database of each backend is ``tests/integration/conftest.py``'s ``database`` fixture."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import JSON, Connection, Engine, Integer, String, column, create_engine, table, text

from server.core.history import GENESIS, EntryContent, chain_hash
from tests.support.databases import alembic_config

#: When the old rows were written.
AT = "2026-01-01 00:00:00"


@dataclass
class Migrated:
    """A database at some revision: ``upgrade``/``downgrade`` move it, ``engine`` reads it."""

    config: AlembicConfig
    engine: Engine

    def upgrade(self, revision: str = "head") -> None:
        command.upgrade(self.config, revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(self.config, revision)


@contextmanager
def migrated_to(url: str, revision: str) -> Iterator[Migrated]:
    """The (empty) database at ``url`` upgraded to ``revision``; its engine is disposed after."""
    config = alembic_config(url)
    command.upgrade(config, revision)
    engine = create_engine(url)
    try:
        yield Migrated(config, engine)
    finally:
        engine.dispose()


def insert_user(connection: Connection, email: str, name: str, *, id: int = 1,
                at: object = AT) -> None:
    """An account, as every revision since the first wrote one (no admin, password 'x')."""
    connection.execute(text(
        "INSERT INTO users (id, email, name, password_hash, is_admin, created_at) "
        "VALUES (:id, :email, :name, 'x', false, :at)"),
        {"id": id, "email": email, "name": name, "at": at})


def insert_process(connection: Connection, slug: str = "pacto", title: str = "Pacto", *,
                   id: int = 1, phase: str = "negotiation", at: object = AT) -> None:
    """A process (observers see no amendments in any phase)."""
    connection.execute(text(
        "INSERT INTO processes (id, slug, title, phase, observers_see_amendments_in, "
        "created_at) VALUES (:id, :slug, :title, :phase, '[]', :at)"),
        {"id": id, "slug": slug, "title": title, "phase": phase, "at": at})


def insert_zero_draft(connection: Connection,
                      paragraphs: Sequence[tuple[str, str | None, str]],
                      title: str = "Pacto", *, process_id: int = 1) -> None:
    """Document 1 of the process with its zero draft published (revision 1) holding
    ``paragraphs`` as ``(key, number, text)``, open, in order: units and their rows get the
    ids 1, 2, ..."""
    connection.execute(text(
        "INSERT INTO documents (id, process_id, title, created_at, working_copy_shared) "
        "VALUES (1, :process, :title, :at, false)"),
        {"process": process_id, "title": title, "at": AT})
    connection.execute(text(
        "INSERT INTO revisions (id, document_id, sequence, label, published_at, version, "
        "structure_version, created_at) VALUES (1, 1, 0, 'Zero draft', :at, 1, 1, :at)"),
        {"at": AT})
    for position, (key, number, words) in enumerate(paragraphs):
        connection.execute(text(
            "INSERT INTO units (id, document_id, key, created_at) VALUES (:id, 1, :key, :at)"),
            {"id": position + 1, "key": key, "at": AT})
        connection.execute(text(
            "INSERT INTO revision_units (id, revision_id, unit_id, position, kind, number, "
            "text, status, version) VALUES (:id, 1, :id, :position, 'paragraph', :number, "
            ":text, 'open', 1)"),
            {"id": position + 1, "position": position, "number": number, "text": words})


#: The history's entries, as every revision since the first has them.
LOG = table("log_entries", column("stream", String), column("seq", Integer),
            column("at", String), column("actor_id", Integer), column("action", String),
            column("subject", String), column("payload", JSON), column("prev_hash", String),
            column("hash", String))


def insert_chain(connection: Connection, stream: str,
                 entries: Sequence[tuple[str, str, dict[str, Any]]],
                 actor_id: int | None = None) -> list[str]:
    """``stream``'s history from its start: ``(action, subject, payload)`` entries one second
    apart, hashed and chained as the application does, and the stream's head; their hashes."""
    previous, hashes = GENESIS, []
    for seq, (action, subject, payload) in enumerate(entries, start=1):
        at = f"2026-01-01T00:00:{seq:02d}.000000+00:00"
        digest = chain_hash(previous, EntryContent(stream, seq, at, actor_id, action, subject,
                                                   payload))
        connection.execute(LOG.insert().values(
            stream=stream, seq=seq, at=at, actor_id=actor_id, action=action, subject=subject,
            payload=payload, prev_hash=previous, hash=digest))
        hashes.append(digest)
        previous = digest
    connection.execute(text("INSERT INTO log_streams (key, seq, head_hash) VALUES (:k, :s, :h)"),
                       {"k": stream, "s": len(entries), "h": previous})
    return hashes
