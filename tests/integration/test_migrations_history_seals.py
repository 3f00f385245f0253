"""The migration that seals the history keeps existing data, on SQLite and PostgreSQL: each
revision published before it gets its history hash from its publication entry, older entries
keep their hashes (they carry no state), and nothing is sealed retroactively, so `accord
verify` says which revisions no seal covers until `accord history seal` has run once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Connection, text

from tests.support.databases import Database
from tests.support.migrations import AT, insert_chain, insert_process, migrated_to

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "20261201_process_delegations"

def _old_history(connection: Connection) -> str:
    """A process with a zero draft published, as the code before 0010 wrote it; the hash of
    its publication entry."""
    insert_process(connection, "compact", "Compact")
    connection.execute(text(
        "INSERT INTO documents (id, process_id, title, created_at, working_copy_shared) "
        "VALUES (1, 1, 'Compact', :at, false)"), {"at": AT})
    connection.execute(text(
        "INSERT INTO revisions (id, document_id, sequence, label, published_at, version, "
        "structure_version, created_at) VALUES (1, 1, 0, 'Zero draft', :at, 1, 1, :at), "
        "(2, 1, 1, NULL, NULL, 1, 1, :at)"), {"at": AT})
    return insert_chain(connection, "process:1", [
        ("process.created", "process:1", {"slug": "compact", "title": "Compact"}),
        ("document.created", "document:1", {"document": 1, "title": "Compact"}),
        ("revision.published", "revision:1", {"document": 1, "sequence": 0,
                                              "label": "Zero draft"}),
        ("phase.changed", "process:1", {"from": "stocktaking", "to": "negotiation"})])[2]


def _accord(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url, ACCORD_INSTANCE_DIR=str(tmp_path / "instance"))
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_revisions_published_before_get_their_history_hash(database: Database,
                                                           tmp_path: Path) -> None:
    with migrated_to(database.url, BEFORE) as db:
        with db.engine.begin() as connection:
            published = _old_history(connection)
        db.upgrade()
        with db.engine.connect() as connection:
            hashes: dict[int, str | None] = dict(connection.execute(text(
                "SELECT id, history_hash FROM revisions")).all())
            assert hashes == {1: published, 2: None}  # the working copy carries none
            assert connection.scalar(text("SELECT COUNT(*) FROM history_seals")) == 0
            assert connection.scalar(text(
                "SELECT COUNT(*) FROM log_entries WHERE state IS NOT NULL")) == 0
        db.engine.dispose()  # the CLI writes next

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

        db.downgrade(BEFORE)  # and back, keeping the entries
        with db.engine.connect() as connection:
            assert connection.scalar(text("SELECT COUNT(*) FROM log_entries")) == 4
