"""The migration to delegations per process keeps existing data, on SQLite and PostgreSQL: a
delegation that two processes shared becomes one per process, everything of the second
process is re-pointed to its copy (participants, invitations, inputs, amendments with their
co-proponents and stances, silence breaks, group members, history entries), and the history
chain of each process still verifies."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from server.core.history import EntryContent, StoredEntry, verify_chain
from server.db import make_engine
from tests.support.databases import Database
from tests.support.migrations import insert_chain, insert_process, insert_user, migrated_to

#: The last revision where delegations were shared by every process.
BEFORE = "20261201_cosponsor_consent"
AT = datetime(2026, 1, 1)


def _rows(connection: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in connection.execute(text(sql), params)]


def _old_shape(connection: Connection) -> None:
    """Two processes sharing Mexico and the African Group, as the old code left them: the
    group's members are Nigeria (the Compact's), Mexico (both) and Switzerland (Open talks')."""
    run = connection.execute
    insert_user(connection, "cofac@a.example", "Cofac", id=1, at=AT)
    insert_user(connection, "mex@a.example", "Mex", id=2, at=AT)
    insert_process(connection, "compact", "Compact", id=1, at=AT)
    insert_process(connection, "talks", "Open talks", id=2, at=AT)
    run(text("INSERT INTO clusters (id, process_id, key, name, position) VALUES "
             "(1, 1, 'rights', 'Rights', 0), (2, 2, 'rights', 'Rights', 0)"))
    run(text("INSERT INTO delegations (id, code, name, kind, created_at) VALUES "
             "(1, 'MEX', 'Mexico', 'state', :at), (2, 'NGA', 'Nigeria', 'state', :at), "
             "(3, 'AFRICAN_GROUP', 'African Group', 'group', :at), "
             "(4, 'LOST', 'Nowhere', 'state', :at), (5, 'CHE', 'Switzerland', 'state', :at)"),
        {"at": AT})
    if connection.dialect.name == "postgresql":
        run(text("SELECT setval(pg_get_serial_sequence('delegations', 'id'), 5)"))
    run(text("INSERT INTO process_delegations (process_id, delegation_id) VALUES "
             "(1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (2, 5)"))
    run(text("INSERT INTO group_members (group_id, member_id) VALUES (3, 2), (3, 1), (3, 5)"))
    run(text("INSERT INTO participants (id, process_id, user_id, role, delegation_id, "
             "focal_point, created_at) VALUES (1, 1, 1, 'co_facilitator', NULL, false, :at), "
             "(2, 1, 2, 'delegate', 1, true, :at), (3, 2, 1, 'co_facilitator', NULL, false, :at), "
             "(4, 2, 2, 'delegate', 1, true, :at)"), {"at": AT})
    run(text("INSERT INTO invitations (id, token_hash, email, name, process_id, role, "
             "delegation_id, focal_point, administrator, invited_by, created_at, expires_at, "
             "status) VALUES (1, :h, 'new@a.example', 'New', 2, 'delegate', 1, false, false, "
             "1, :at, :at, 'pending')"), {"h": "b" * 64, "at": AT})
    run(text("INSERT INTO inputs (id, process_id, cluster_id, kind, author_id, delegation_id, "
             "title, body, created_at) VALUES (1, 2, 2, 'statement', 2, 1, 'T', 'B', :at), "
             "(2, 1, 1, 'statement', 2, 1, 'T', 'B', :at)"), {"at": AT})
    for n in (1, 2):
        run(text("INSERT INTO documents (id, process_id, title, created_at, "
                 "working_copy_shared) VALUES (:n, :n, 'Text', :at, false)"), {"n": n, "at": AT})
        run(text("INSERT INTO revisions (id, document_id, sequence, label, published_at, "
                 "version, created_at, structure_version) VALUES (:n, :n, 1, 'Zero draft', "
                 ":at, 1, :at, 1)"), {"n": n, "at": AT})
        run(text("INSERT INTO units (id, document_id, key, created_at) VALUES "
                 "(:n, :n, 'op1', :at)"), {"n": n, "at": AT})
        run(text("INSERT INTO amendments (id, process_id, document_id, revision_id, unit_id, "
                 "delegation_id, author_id, kind, state, base_text, text, justification, "
                 "version, created_at, decision_note) VALUES (:n, :n, :n, :n, :n, 1, 2, "
                 "'change_words', 'submitted', 'Old.', 'New.', '', 1, :at, '')"),
            {"n": n, "at": AT})
    # Co-proponents have a status from 0008 on (co-sponsorship by consent).
    consent = "status" in {c["name"] for c in inspect(connection).get_columns(
        "amendment_co_proponents")}
    run(text("INSERT INTO amendment_co_proponents (amendment_id, delegation_id"
             + (", status) VALUES (1, 2, 'accepted'), (2, 3, 'accepted')" if consent
                else ") VALUES (1, 2), (2, 3)")))
    run(text("INSERT INTO amendment_stances (amendment_id, delegation_id, stance, user_id, at) "
             "VALUES (1, 3, 'support', 2, :at), (2, 3, 'oppose', 2, :at)"), {"at": AT})
    run(text("INSERT INTO silence_procedures (id, process_id, revision_id, deadline, "
             "started_by_id, started_at) VALUES (1, 2, 2, :at, 1, :at)"), {"at": AT})
    run(text("INSERT INTO silence_breaks (id, procedure_id, delegation_id, user_id, reason, at) "
             "VALUES (1, 1, 1, 2, 'We object.', :at)"), {"at": AT})
    insert_chain(connection, "process:1", [
        ("delegation.added", "delegation:1", {"code": "MEX"}),
        ("amendment.stance", "amendment:1", {"delegation": 3, "stance": "support"})], 1)
    insert_chain(connection, "process:2", [
        ("delegation.added", "delegation:1", {"code": "MEX"}),
        ("delegation.added", "delegation:5", {"code": "CHE"}),
        ("amendment.stance", "amendment:2", {"delegation": 3, "stance": "oppose"}),
        ("silence.broken", "silence:1", {"delegation": 1, "reason": "We object."})], 1)


def _verifies(connection: Connection, stream: str) -> bool:
    rows = connection.execute(text(
        "SELECT seq, at, actor_id, action, subject, payload, prev_hash, hash FROM log_entries "
        "WHERE stream = :s ORDER BY seq"), {"s": stream}).all()
    entries = [StoredEntry(EntryContent(
        stream=stream, seq=seq, at=at, actor_id=actor, action=action, subject=subject,
        payload=payload if isinstance(payload, dict) else json.loads(payload)),
        prev_hash=prev, hash=digest) for seq, at, actor, action, subject, payload, prev, digest
        in rows]
    head = connection.execute(text("SELECT head_hash FROM log_streams WHERE key = :s"),
                              {"s": stream}).scalar_one()
    return verify_chain(entries) is None and head == entries[-1].hash


def test_shared_delegations_become_one_per_process_with_every_reference(
        database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            _old_shape(connection)
            hashes_before = _rows(connection, "SELECT hash FROM log_entries "
                                              "WHERE stream = 'process:1' ORDER BY seq")
        db.upgrade()
        with engine.connect() as connection:
            ids = {(p, code): i for i, p, code in _rows(
                connection, "SELECT id, process_id, code FROM delegations")}
            assert set(ids) == {(1, "MEX"), (1, "NGA"), (1, "AFRICAN_GROUP"), (2, "MEX"),
                                (2, "AFRICAN_GROUP"), (2, "CHE")}, ids
            # The first process keeps the rows; the second has copies of its own.
            assert (ids[1, "MEX"], ids[1, "NGA"], ids[1, "AFRICAN_GROUP"], ids[2, "CHE"]) == (
                1, 2, 3, 5)
            mex, group = ids[2, "MEX"], ids[2, "AFRICAN_GROUP"]
            assert mex not in (1, 2, 3, 4, 5) and group not in (1, 2, 3, 4, 5, mex)
            assert _rows(connection, "SELECT name, kind FROM delegations WHERE id = :i",
                         i=group) == [("African Group", "group")]
            members = {(g, m) for g, m in _rows(connection,
                                                "SELECT group_id, member_id FROM group_members")}
            assert members == {(3, 2), (3, 1), (group, mex), (group, 5)}
            assert _rows(connection, "SELECT id, delegation_id FROM participants "
                                     "WHERE delegation_id IS NOT NULL ORDER BY id") == [
                (2, 1), (4, mex)]
            assert _rows(connection, "SELECT delegation_id FROM invitations") == [(mex,)]
            assert _rows(connection, "SELECT id, delegation_id FROM inputs ORDER BY id") == [
                (1, mex), (2, 1)]
            assert _rows(connection, "SELECT id, delegation_id FROM amendments ORDER BY id") == [
                (1, 1), (2, mex)]
            assert _rows(connection, "SELECT amendment_id, delegation_id FROM "
                                     "amendment_co_proponents ORDER BY amendment_id") == [
                (1, 2), (2, group)]
            assert _rows(connection, "SELECT amendment_id, delegation_id, stance FROM "
                                     "amendment_stances ORDER BY amendment_id") == [
                (1, 3, "support"), (2, group, "oppose")]
            assert _rows(connection, "SELECT delegation_id FROM silence_breaks") == [(mex,)]
            # History: the second process's entries name its copies, and both chains hold.
            second = connection.execute(text(
                "SELECT subject, payload FROM log_entries WHERE stream = 'process:2' "
                "ORDER BY seq")).all()
            payloads = [p if isinstance(p, dict) else json.loads(p) for _, p in second]
            assert [s for s, _ in second][:2] == [f"delegation:{mex}", "delegation:5"]
            assert payloads[2]["delegation"] == group and payloads[3]["delegation"] == mex
            assert _verifies(connection, "process:1") and _verifies(connection, "process:2")
            assert _rows(connection, "SELECT hash FROM log_entries WHERE stream = 'process:1' "
                                     "ORDER BY seq") == hashes_before
        # A code is unique within its process only.
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO processes (id, slug, title, phase, "
                                    "observers_see_amendments_in, created_at) VALUES "
                                    "(3, 'third', 'Third', 'consultation', '[]', :at)"),
                               {"at": AT})
            connection.execute(text("INSERT INTO delegations (process_id, code, name, kind, "
                                    "created_at) VALUES (3, 'MEX', 'Mexico', 'state', :at)"),
                               {"at": AT})
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text("INSERT INTO delegations (process_id, code, name, kind, "
                                    "created_at) VALUES (1, 'MEX', 'Mexico', 'state', :at)"),
                               {"at": AT})
        # The database itself keeps group members and delegates to their own process.
        checked = make_engine(database.url)  # SQLite checks references with Accord's settings
        try:
            for attempt in (
                    "INSERT INTO group_members (group_id, member_id, process_id) "
                    "VALUES (3, :mex, 1)",
                    "INSERT INTO group_members (group_id, member_id, process_id) "
                    "VALUES (3, :mex, 2)",
                    "UPDATE participants SET delegation_id = :mex WHERE id = 2"):
                with pytest.raises(IntegrityError), checked.begin() as connection:
                    connection.execute(text(attempt), {"mex": mex})
        finally:
            checked.dispose()
        # Shared again would merge two processes' changes: the downgrade refuses.
        with pytest.raises(RuntimeError, match="several processes"):
            db.downgrade(BEFORE)


def test_the_downgrade_shares_delegations_again_when_no_code_repeats(
        database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            insert_process(connection, "compact", "Compact", at=AT)
            connection.execute(text("INSERT INTO delegations (id, code, name, kind, created_at) "
                                    "VALUES (1, 'MEX', 'Mexico', 'state', :at)"), {"at": AT})
            connection.execute(text("INSERT INTO process_delegations VALUES (1, 1)"))
        db.upgrade()
        db.downgrade(BEFORE)
        with engine.connect() as connection:
            assert _rows(connection, "SELECT process_id, delegation_id FROM "
                                     "process_delegations") == [(1, 1)]
            assert _rows(connection, "SELECT id, code FROM delegations") == [(1, "MEX")]
