"""`accord verify` finds the first altered entry; the demo loads on every backend."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from server.demo import content
from server.demo.loader import load_demo
from server.features.common.context import Ctx
from server.features.history.verification import verify_all
from server.models import Amendment, LogEntry, Revision

ROOT = Path(__file__).resolve().parents[2]


def _accord(*args: str, url: str, instance: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=url, ACCORD_INSTANCE_DIR=str(instance))
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_demo_loads_consistently(app, database_url: str) -> None:  # type: ignore[no-untyped-def]
    with app.extensions["accord"].sessions() as session:  # with the history key
        ctx = Ctx(session=session, user=None)
        assert load_demo(ctx, "demo-password-1") is True
        assert load_demo(ctx, "demo-password-1") is False  # only when empty
        states = {a.state for a in session.scalars(select(Amendment))}
        assert states == {"draft", "submitted", "withdrawn", "reflected", "merged",
                          "not_reflected", "overtaken"}
        assert session.scalar(select(Amendment).where(Amendment.id > 0).limit(1)) is not None
        assert len(list(session.scalars(select(Amendment)))) == len(content.AMENDMENTS)
        labels = [r.label for r in session.scalars(
            select(Revision).where(Revision.published_at.is_not(None))
            .order_by(Revision.sequence))]
        assert labels == ["Zero draft", "Rev.1", "Rev.2"]
        verified = verify_all(ctx)
        assert verified.chains == 2 and verified.findings == []
        assert verified.seals == 3 and verified.replayed > len(content.AMENDMENTS)


def test_verify_names_the_first_altered_entry(tmp_path: Path, sqlite_url: str) -> None:
    instance = tmp_path / "instance"
    loaded = _accord("demo", url=sqlite_url, instance=instance)
    assert loaded.returncode == 0, loaded.stderr
    assert "admin@accord.example" in loaded.stdout
    intact = _accord("verify", url=sqlite_url, instance=instance)
    assert intact.returncode == 0 and "intact" in intact.stdout
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        victim = connection.execute(select(LogEntry.id, LogEntry.stream, LogEntry.seq).where(
            LogEntry.action == "amendment.decided").order_by(LogEntry.id).limit(1)).one()
        connection.execute(text("UPDATE log_entries SET payload = :p WHERE id = :id"),
                           {"p": '{"decision": "not_reflected"}', "id": victim.id})
    engine.dispose()
    altered = _accord("verify", url=sqlite_url, instance=instance)
    assert altered.returncode == 1
    assert f"ALTERED in {victim.stream}: entry #{victim.seq}: its content does not match " \
        "its hash." in altered.stderr


@pytest.mark.parametrize("deleted", ["last", "middle"])
def test_verify_detects_deleted_entries(tmp_path: Path, sqlite_url: str, deleted: str) -> None:
    instance = tmp_path / "instance"
    assert _accord("demo", url=sqlite_url, instance=instance).returncode == 0
    engine = create_engine(sqlite_url)
    with engine.begin() as connection:
        order, offset = ("DESC", 0) if deleted == "last" else ("ASC", 5)
        connection.execute(text(
            f"DELETE FROM log_entries WHERE id = (SELECT id FROM log_entries WHERE stream != "
            f"'global' ORDER BY seq {order} LIMIT 1 OFFSET {offset})"))
    engine.dispose()
    result = _accord("verify", url=sqlite_url, instance=instance)
    assert result.returncode == 1 and "ALTERED" in result.stderr
