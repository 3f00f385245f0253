"""Migration 0008 (co-sponsorship by consent) keeps the co-proponents named before it as
accepted co-proponents, on SQLite (batch mode) and PostgreSQL, and its downgrade keeps them."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.databases import Database
from tests.support.migrations import migrated_to

BEFORE, AFTER = "20261201_reopenings", "20261201_cosponsor_consent"
T = "'2026-01-01 00:00:00'"
ROWS = [
    f"INSERT INTO users (id, email, name, password_hash, is_admin, created_at) "
    f"VALUES (1, 'a@x', 'A', 'h', false, {T})",
    f"INSERT INTO processes (id, slug, title, phase, observers_see_amendments_in, created_at) "
    f"VALUES (1, 'p', 'P', 'negotiation', '[]', {T})",
    f"INSERT INTO delegations (id, code, name, kind, created_at) VALUES "
    f"(1, 'MEX', 'Mexico', 'state', {T}), (2, 'EU', 'European Union', 'organisation', {T})",
    f"INSERT INTO documents (id, process_id, title, created_at, working_copy_shared) "
    f"VALUES (1, 1, 'D', {T}, false)",
    f"INSERT INTO revisions (id, document_id, sequence, version, created_at, "
    f"structure_version) VALUES (1, 1, 0, 1, {T}, 1)",
    f"INSERT INTO units (id, document_id, key, created_at) VALUES (1, 1, 'op1', {T})",
    f"INSERT INTO amendments (id, process_id, document_id, revision_id, unit_id, "
    f"delegation_id, author_id, kind, state, base_text, justification, version, created_at, "
    f"decision_note) VALUES (1, 1, 1, 1, 1, 1, 1, 'retain', 'submitted', '', '', 1, {T}, '')",
    "INSERT INTO amendment_co_proponents (amendment_id, delegation_id) VALUES (1, 2)",
]


def test_existing_co_proponents_stay_accepted(database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            for row in ROWS:
                connection.execute(text(row))
        db.upgrade(AFTER)
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT amendment_id, delegation_id, status, invited_by_id, answered_at "
                "FROM amendment_co_proponents")).all() == [(1, 2, "accepted", None, None)]
        with engine.begin() as connection:  # a pending invitation, made after the upgrade
            connection.execute(text("INSERT INTO delegations (id, code, name, kind, created_at) "
                                    f"VALUES (3, 'RUS', 'Russia', 'state', {T})"))
            connection.execute(text("INSERT INTO amendment_co_proponents (amendment_id, "
                                    "delegation_id, status) VALUES (1, 3, 'invited')"))
        db.downgrade(BEFORE)
        with engine.connect() as connection:
            # Only the co-proponent that consented remains one.
            assert connection.execute(text(
                "SELECT amendment_id, delegation_id FROM amendment_co_proponents")).all() == [
                (1, 2)]
