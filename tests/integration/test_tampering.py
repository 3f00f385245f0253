"""Someone with write access to the database tampers with it; `accord verify` (the real
command, in a subprocess) exits 1 and names what changed, in words.

Each case is done directly in SQL on a real database (a SQLite file, and PostgreSQL where it
answers), after a negotiation built through the API: a zero draft, Mexico's amendment to
PP1 co-sponsored by Nigeria and supported by Switzerland, Rev.1 (sealed at publication),
then Nigeria's amendment.

The thirteen cases (the first five were detected before the history was sealed and
replayed; the other eight were not):

1. edit an entry's payload;
2. delete the last entry;
3. delete an entry in the middle;
4. swap two entries (reorder);
5. edit an entry and recompute its own hash (the next link breaks);
6. truncate the tail and move the head back;
7. edit an entry and recompute the whole chain after it, head included;
8. wipe a process's stream (every entry gone, the head back to the start);
9. change an amendment's row (its text);
10. change a published revision's text (a paragraph of the zero draft);
11. change a stance row (support turned into opposition);
12. delete a participant's row;
13. forge a seal (move it back to a truncated history's head, without the key).

Beyond them: a co-sponsorship row changed (Nigeria's acceptance turned into a refusal); the
signing key replaced and every seal signed again after truncating, caught by checking
against the published public key (``accord verify --public-key``); and the tail sealed on
demand (``accord history seal``), then cut off.

An untouched history verifies clean (and the demo's, in test_history_and_demo.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Table, create_engine, select, text, update

from config import TestConfig
from server import create_app
from server.cli import upgrade_database
from server.core.history import GENESIS, EntryContent, chain_hash, seal_message
from server.features.history.seals import load_or_create, public_hex
from server.models import HistorySeal, LogEntry, LogStream
from tests.support.databases import BACKENDS
from tests.support.driver import Driver
from tests.support.services import PG_HOST, PG_PORT, need, pg_admin_url
from tests.support.worlds import build_world, publish_rev1

ROOT = Path(__file__).resolve().parents[2]
STREAM = "process:1"
ENTRIES, SEALS, HEADS = (cast(Table, model.__table__) for model in (LogEntry, HistorySeal,
                                                                     LogStream))


@dataclass
class Negotiation:
    """What the template database holds, by id."""

    process_id: int
    zero_draft_id: int
    amendment_id: int
    observer_participant_id: int
    key_file: Path


@dataclass
class Tampered:
    url: str
    negotiation: Negotiation
    instance: Path

    def verify(self, *extra: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, DATABASE_URL=self.url, ACCORD_INSTANCE_DIR=str(self.instance),
                   ACCORD_SIGNING_KEY_FILE=str(self.negotiation.key_file))
        return subprocess.run([sys.executable, "-m", "server.cli", "verify", *extra],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    def sql(self, act: Callable[[Connection], Any]) -> Any:
        """Run ``act`` in one transaction, straight on the database; what it returns."""
        engine = create_engine(self.url)
        try:
            with engine.begin() as connection:
                return act(connection)
        finally:
            engine.dispose()


def _negotiate(url: str, key_file: Path) -> Negotiation:
    config = TestConfig(url)
    config.SIGNING_KEY_FILE = str(key_file)  # one key for the app and the command
    app = create_app(config)
    try:
        world = build_world(Driver(app))
        zero_draft = world.revision_id
        amendment = world.propose(
            "mex", unit="pp1", co_proponents=["NGA"],
            text="We, the Heads of State and Government, have gathered to reaffirm our resolve.")
        world["che"].ok("PUT", f"/amendments/{amendment['id']}/stance", {"stance": "support"})
        world["nga"].ok("PUT", f"/amendments/{amendment['id']}/co-sponsorship",
                        {"status": "accepted"})
        rev1 = publish_rev1(world)
        world.revision_id = rev1["revision"]["id"]
        world.propose("nga", unit="op2", text="We further commit to review progress yearly.")
        world.revision_id = zero_draft
        participants = world["cofac"].ok("GET", f"{world.p}/participants")
        rows = participants["participants"] if isinstance(participants, dict) else participants
        observer = next(p["id"] for p in rows if p.get("role") == "observer")
        return Negotiation(world.process_id, world.revision_id, amendment["id"], observer,
                           key_file)
    finally:
        app.extensions["accord"].engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[tuple[str, str, Negotiation]]:
    """(backend, template database: a file path or a PostgreSQL database name, what it
    holds), built once per backend."""
    directory = tmp_path_factory.mktemp("tampering")
    key_file = directory / "history-signing-key.pem"
    if request.param == "sqlite":
        path = directory / "template.sqlite3"
        upgrade_database(f"sqlite:///{path}")
        yield "sqlite", str(path), _negotiate(f"sqlite:///{path}", key_file)
        return
    need("PostgreSQL", PG_HOST, PG_PORT)
    name = f"accord_tamper_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        upgrade_database(pg_admin_url(name))
        yield "postgresql", name, _negotiate(pg_admin_url(name), key_file)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_admin(statement: str) -> None:
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


@pytest.fixture
def db(template: tuple[str, str, Negotiation], tmp_path: Path) -> Iterator[Tampered]:
    """A copy of the template, to tamper with."""
    backend, source, negotiation = template
    instance = tmp_path / "instance"
    if backend == "sqlite":
        path = tmp_path / "accord.sqlite3"
        shutil.copy(source, path)
        yield Tampered(f"sqlite:///{path}", negotiation, instance)
        return
    name = f"accord_tamper_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    try:
        yield Tampered(pg_admin_url(name), negotiation, instance)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _altered(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ALTERED" in result.stderr
    for phrase in words:
        assert phrase in result.stderr, result.stderr


def _seq(connection: Connection, action: str, nth: int = 0) -> int:
    seqs = list(connection.scalars(select(LogEntry.seq).where(
        LogEntry.stream == STREAM, LogEntry.action == action).order_by(LogEntry.seq)))
    return seqs[nth]


def _content(row: Any) -> EntryContent:
    return EntryContent(stream=row.stream, seq=row.seq, at=row.at, actor_id=row.actor_id,
                        action=row.action, subject=row.subject, payload=row.payload,
                        state=row.state)


def _rechain(connection: Connection, from_seq: int, change: Callable[[EntryContent],
             EntryContent] | None = None, *, keep_after: int | None = None) -> None:
    """Recompute the stream's hashes from ``from_seq`` (changing that entry first with
    ``change``), up to ``keep_after`` (deleting what follows), and move the head."""
    table = ENTRIES
    rows = list(connection.execute(select(table).where(
        table.c.stream == STREAM, table.c.seq >= from_seq).order_by(table.c.seq)))
    previous = connection.scalar(select(table.c.hash).where(
        table.c.stream == STREAM, table.c.seq == from_seq - 1)) or GENESIS
    for row in rows:
        if keep_after is not None and row.seq > keep_after:
            connection.execute(table.delete().where(table.c.id == row.id))
            continue
        content = _content(row)
        if row.seq == from_seq and change is not None:
            content = change(content)
        digest = chain_hash(previous, content)
        connection.execute(update(table).where(table.c.id == row.id).values(
            payload=content.payload, action=content.action, prev_hash=previous, hash=digest))
        previous = digest
    last = keep_after if keep_after is not None else rows[-1].seq
    connection.execute(update(HEADS).where(LogStream.key == STREAM)
                       .values(seq=last, head_hash=previous))


# ---- the history verifies clean ------------------------------------------------------------


def test_an_untouched_history_verifies(db: Tampered) -> None:
    result = db.verify()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "History intact" in result.stdout and "2 seals checked" in result.stdout
    assert f"{STREAM}: sealed up to entry #" in result.stdout


# ---- 1-5: detected before ----------------------------------------------------------------


def test_1_an_edited_payload(db: Tampered) -> None:
    def act(connection: Connection) -> int:
        seq = _seq(connection, "amendment.stance")
        connection.execute(text("UPDATE log_entries SET payload = :p "
                                "WHERE stream = :s AND seq = :q"),
                           {"p": '{"stance": "oppose"}', "s": STREAM, "q": seq})
        return seq

    seq = db.sql(act)
    _altered(db.verify(), f"entry #{seq}: its content does not match its hash")


def test_2_the_last_entry_deleted(db: Tampered) -> None:
    db.sql(lambda c: c.execute(text(
        "DELETE FROM log_entries WHERE stream = :s AND seq = "
        "(SELECT MAX(seq) FROM log_entries WHERE stream = :s)"), {"s": STREAM}))
    _altered(db.verify(), "are missing (the chain's head says it reaches")


def test_3_an_entry_deleted_in_the_middle(db: Tampered) -> None:
    db.sql(lambda c: c.execute(text("DELETE FROM log_entries WHERE stream = :s AND seq = 6"),
                               {"s": STREAM}))
    _altered(db.verify(), "entry #7: expected entry 6, found 7")


def test_4_two_entries_swapped(db: Tampered) -> None:
    def act(connection: Connection) -> None:
        for old, new in ((4, -4), (5, 4), (-4, 5)):
            connection.execute(text("UPDATE log_entries SET seq = :n WHERE stream = :s AND "
                                    "seq = :o"), {"n": new, "o": old, "s": STREAM})

    db.sql(act)
    _altered(db.verify(), "entry #4: its link to the previous entry was altered")


def test_5_an_entry_edited_and_its_hash_recomputed(db: Tampered) -> None:
    def act(connection: Connection) -> int:
        seq = _seq(connection, "amendment.stance")
        table = ENTRIES
        row = connection.execute(select(table).where(
            table.c.stream == STREAM, table.c.seq == seq)).one()
        forged = replace(_content(row), payload={**row.payload, "stance": "oppose"})
        connection.execute(update(table).where(table.c.id == row.id).values(
            payload=forged.payload, hash=chain_hash(row.prev_hash, forged)))
        return seq

    seq = db.sql(act)
    _altered(db.verify(), f"entry #{seq + 1}: its link to the previous entry was altered")


# ---- 6-8: the chain rewritten consistently: caught by the seals and the revisions' hashes ----


def test_6_the_tail_truncated_and_the_head_moved_back(db: Tampered) -> None:
    def act(connection: Connection) -> int:
        published = _seq(connection, "revision.published", 1)  # Rev.1's entry, sealed
        _rechain(connection, published - 3, keep_after=published - 3)
        return published

    sealed = db.sql(act)
    _altered(db.verify(), f"entry #{sealed}, sealed on",
             "is no longer in the history: the history was cut short or wiped",
             "Rev.1 of «Compact on Human Mobility»: the history no longer passes through its "
             "history hash")


def test_7_an_entry_edited_and_the_chain_recomputed(db: Tampered) -> None:
    def change(content: EntryContent) -> EntryContent:
        return replace(content, payload={**content.payload, "title": "A Compact Nobody Agreed"})

    db.sql(lambda c: _rechain(c, 1, change))
    _altered(db.verify(), "no longer has the hash sealed on",
             "the history before it was rewritten",
             "Zero draft of «Compact on Human Mobility»: the history no longer passes through")


def test_8_a_stream_wiped(db: Tampered) -> None:
    def act(connection: Connection) -> None:
        connection.execute(text("DELETE FROM log_entries WHERE stream = :s"), {"s": STREAM})
        connection.execute(text("UPDATE log_streams SET seq = 0, head_hash = :g WHERE key = :s"),
                           {"g": "0" * 64, "s": STREAM})

    db.sql(act)
    _altered(db.verify(), "the history was cut short or wiped",
             "The process «Compact on Human Mobility»: the history does not record its opening",
             "the table holds it, but the history never recorded it")


# ---- 9-12: a table changed directly: caught by replaying the history ----------------------


def test_9_an_amendment_row_changed(db: Tampered) -> None:
    amendment = db.negotiation.amendment_id
    db.sql(lambda c: c.execute(text("UPDATE amendments SET text = :t WHERE id = :i"), {
        "t": "We, the Heads of State and Government, have gathered to reject everything.",
        "i": amendment}))
    _altered(db.verify(), f"Amendment {amendment} to PP1 (Mexico): its text in the table "
                          "differs from the history's, entry #")


def test_10_a_published_revision_text_changed(db: Tampered) -> None:
    db.sql(lambda c: c.execute(text(
        "UPDATE revision_units SET text = :t WHERE revision_id = :r AND unit_id = "
        "(SELECT id FROM units WHERE key = 'pp1')"),
        {"t": "We, the Heads of State and Government, have gathered in silence.",
         "r": db.negotiation.zero_draft_id}))
    _altered(db.verify(), "Zero draft of «Compact on Human Mobility»: the text of PP1 in the "
                          "table differs from the history's, entry #")


def test_11_a_stance_row_changed(db: Tampered) -> None:
    amendment = db.negotiation.amendment_id
    db.sql(lambda c: c.execute(text(
        "UPDATE amendment_stances SET stance = 'oppose' WHERE amendment_id = :i"),
        {"i": amendment}))
    _altered(db.verify(), f"Amendment {amendment} to PP1 (Mexico): Switzerland's stance on it "
                          "in the table differs from the history's, entry #")


def test_a_co_sponsorship_row_changed(db: Tampered) -> None:
    amendment = db.negotiation.amendment_id
    db.sql(lambda c: c.execute(text(
        "UPDATE amendment_co_proponents SET status = 'declined' WHERE amendment_id = :i"),
        {"i": amendment}))
    _altered(db.verify(), f"Amendment {amendment} to PP1 (Mexico): Nigeria's co-sponsorship "
                          "in the table differs from the history's, entry #")


def test_a_revision_given_another_entry_s_history_hash(db: Tampered) -> None:
    def act(connection: Connection) -> int:
        seq = _seq(connection, "amendment.stance")
        connection.execute(text(
            "UPDATE revisions SET history_hash = (SELECT hash FROM log_entries WHERE "
            "stream = :s AND seq = :q) WHERE id = :r"),
            {"s": STREAM, "q": seq, "r": db.negotiation.zero_draft_id})
        return seq

    seq = db.sql(act)
    _altered(db.verify(), f"Zero draft of «Compact on Human Mobility»: its history hash is entry "
                          f"#{seq}'s, not that of its publication")


def test_12_a_participant_row_deleted(db: Tampered) -> None:
    db.sql(lambda c: c.execute(text("DELETE FROM participants WHERE id = :i"),
                               {"i": db.negotiation.observer_participant_id}))
    _altered(db.verify(), "(observer): the table no longer holds it, entry #")


# ---- 13: seals ------------------------------------------------------------------------------


def test_13_a_forged_seal(db: Tampered) -> None:
    """The history is cut back to before Rev.1 and Rev.1's seal moved to the new head: its
    signature no longer matches what it says."""
    def act(connection: Connection) -> None:
        published = _seq(connection, "revision.published", 1)
        _rechain(connection, published - 3, keep_after=published - 3)
        head = connection.execute(select(LogStream.seq, LogStream.head_hash).where(
            LogStream.key == STREAM)).one()
        connection.execute(update(SEALS).where(
            HistorySeal.stream == STREAM, HistorySeal.seq == published).values(
            seq=head.seq, head_hash=head.head_hash))

    db.sql(act)
    _altered(db.verify(), "is not signed by the history key",
             "it is forged, or the key was replaced")


def test_a_replaced_key_is_caught_by_the_published_public_key(db: Tampered,
                                                              tmp_path: Path) -> None:
    published_key = public_hex(load_or_create(db.negotiation.key_file).public_key())
    impostor = Ed25519PrivateKey.generate()

    def act(connection: Connection) -> None:
        sealed = _seq(connection, "revision.published", 1)
        _rechain(connection, sealed - 3, keep_after=sealed - 3)
        head = connection.execute(select(LogStream.seq, LogStream.head_hash).where(
            LogStream.key == STREAM)).one()
        table = SEALS
        for seal in connection.execute(select(table)).all():
            seq, digest = (head.seq, head.head_hash) if seal.stream == STREAM and \
                seal.seq > head.seq else (seal.seq, seal.head_hash)
            signature = impostor.sign(seal_message(seal.stream, seq, digest, seal.sealed_at))
            connection.execute(update(table).where(table.c.id == seal.id).values(
                seq=seq, head_hash=digest, signature=signature.hex(),
                public_key=public_hex(impostor.public_key())))

    db.sql(act)
    from cryptography.hazmat.primitives import serialization

    replaced = tmp_path / "replaced-key.pem"
    replaced.write_bytes(impostor.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    db.negotiation = Negotiation(**{**db.negotiation.__dict__, "key_file": replaced})
    _altered(db.verify("--public-key", published_key), "is not signed by the history key "
             f"{published_key[:8]}…")


def _accord(db: Tampered, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DATABASE_URL=db.url, ACCORD_INSTANCE_DIR=str(db.instance),
               ACCORD_SIGNING_KEY_FILE=str(db.negotiation.key_file))
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_sealing_on_demand_covers_the_tail_published_key_or_not(db: Tampered) -> None:
    """Nigeria's amendment came after Rev.1's seal: cutting it off is caught by the replay
    (the table holds it, the history does not); once `accord history seal` has sealed the
    tail, by the seal too."""
    public = _accord(db, "history", "public-key")
    assert public.returncode == 0, public.stderr
    key = public.stdout.strip()
    assert key == public_hex(load_or_create(db.negotiation.key_file).public_key())
    sealed = _accord(db, "history", "seal")
    assert sealed.returncode == 0 and f"Sealed {STREAM} at entry #" in sealed.stdout
    last = db.sql(lambda c: c.scalar(select(HEADS.c.seq).where(HEADS.c.key == STREAM)))
    intact = db.verify("--public-key", key)
    assert intact.returncode == 0, intact.stderr
    assert f"4 seals checked against the key {key[:8]}…" in intact.stdout  # global too
    assert f"{STREAM}: sealed up to entry #{last} " in intact.stdout
    assert "0 chain(s) sealed." in _accord(db, "history", "seal").stdout  # nothing new

    db.sql(lambda c: _rechain(c, last - 1, keep_after=last - 1))
    _altered(db.verify("--public-key", key),
             f"entry #{last}, sealed on", "is no longer in the history",
             "(Nigeria): the table holds it, but the history never recorded it")
