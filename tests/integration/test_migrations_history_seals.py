"""The migration that seals the history keeps existing data, on SQLite and PostgreSQL: each
revision published before it gets its history hash from its publication entry, older entries
keep their hashes (they carry no state), and nothing is sealed retroactively, so `accord
verify` says which revisions no seal covers until `accord history seal` has run once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import JSON, Integer, String, column, create_engine, table, text

from server.core.history import GENESIS, EntryContent, chain_hash
from tests.support.databases import Database, alembic_config

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "20261201_process_delegations"
AT = "2026-01-01 00:00:00"

LOG = table("log_entries", column("stream", String), column("seq", Integer),
            column("at", String), column("actor_id", Integer), column("action", String),
            column("subject", String), column("payload", JSON), column("prev_hash", String),
            column("hash", String))




def _old_history(url: str) -> str:
    """A process with a zero draft published, as the code before 0010 wrote it; the hash of
    its publication entry."""
    engine = create_engine(url)
    entries = [("process.created", "process:1", {"slug": "compact", "title": "Compact"}),
               ("document.created", "document:1", {"document": 1, "title": "Compact"}),
               ("revision.published", "revision:1", {"document": 1, "sequence": 0,
                                                      "label": "Zero draft"}),
               ("phase.changed", "process:1", {"from": "stocktaking", "to": "negotiation"})]
    hashes: list[str] = []
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO processes (id, slug, title, phase, observers_see_amendments_in, "
            "created_at) VALUES (1, 'compact', 'Compact', 'negotiation', '[]', :at)"),
            {"at": AT})
        connection.execute(text(
            "INSERT INTO documents (id, process_id, title, created_at, working_copy_shared) "
            "VALUES (1, 1, 'Compact', :at, false)"), {"at": AT})
        connection.execute(text(
            "INSERT INTO revisions (id, document_id, sequence, label, published_at, version, "
            "structure_version, created_at) VALUES (1, 1, 0, 'Zero draft', :at, 1, 1, :at), "
            "(2, 1, 1, NULL, NULL, 1, 1, :at)"), {"at": AT})
        previous = GENESIS
        for seq, (action, subject, payload) in enumerate(entries, start=1):
            at = f"2026-01-01T00:00:0{seq}.000000+00:00"
            digest = chain_hash(previous, EntryContent("process:1", seq, at, None, action,
                                                       subject, payload))
            connection.execute(LOG.insert().values(
                stream="process:1", seq=seq, at=at, actor_id=None, action=action,
                subject=subject, payload=payload, prev_hash=previous, hash=digest))
            hashes.append(digest)
            previous = digest
        connection.execute(text(
            "INSERT INTO log_streams (key, seq, head_hash) VALUES ('process:1', :s, :h)"),
            {"s": len(entries), "h": previous})
    engine.dispose()
    return hashes[2]


def _accord(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url, ACCORD_INSTANCE_DIR=str(tmp_path / "instance"))
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_revisions_published_before_get_their_history_hash(database: Database,
                                                           tmp_path: Path) -> None:
    command.upgrade(alembic_config(database.url), BEFORE)
    published = _old_history(database.url)
    command.upgrade(alembic_config(database.url), "head")
    engine = create_engine(database.url)
    with engine.connect() as connection:
        hashes = dict(connection.execute(text("SELECT id, history_hash FROM revisions")).all())
        assert hashes == {1: published, 2: None}  # the working copy carries none
        assert connection.scalar(text("SELECT COUNT(*) FROM history_seals")) == 0
        assert connection.scalar(text(
            "SELECT COUNT(*) FROM log_entries WHERE state IS NOT NULL")) == 0
    engine.dispose()

    unsealed = _accord(database.url, tmp_path, "verify")
    assert unsealed.returncode == 1
    assert "Zero draft of «Compact»: no seal covers its publication (entry #3); run `accord " \
           "history seal` once after upgrading." in unsealed.stderr
    assert "ALTERED" in unsealed.stderr and unsealed.stderr.count("ALTERED") == 1

    sealed = _accord(database.url, tmp_path, "history", "seal")
    assert sealed.returncode == 0 and "Sealed process:1 at entry #4" in sealed.stdout
    intact = _accord(database.url, tmp_path, "verify")
    assert intact.returncode == 0, intact.stderr
    assert "1 seals checked" in intact.stdout

    command.downgrade(alembic_config(database.url), BEFORE)  # and back, keeping the entries
    engine = create_engine(database.url)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT COUNT(*) FROM log_entries")) == 4
    engine.dispose()
