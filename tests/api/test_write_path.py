"""The amendment write path: what one submission costs the database (statements and
transactions), so that the hot path of a negotiation stays near the stack's floor (issue 15,
bench/writes.py), and what it records is what the tables hold."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, select

from server.core.history import verify_chain
from server.features.history.service import process_stream, stored
from server.features.history.states import state_of
from server.models import LogEntry
from tests.support.worlds import World


def _watch(app: Flask) -> list[str]:
    statements: list[str] = []
    engine = app.extensions["accord"].engine

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(sql.split(None, 1)[0].upper() + " " + sql)

    return statements


def _write_transaction(statements: list[str]) -> list[str]:
    """The statements of the request's own transaction: from its first to the one that
    updates the history's head (the last before the COMMIT)."""
    last = max(i for i, s in enumerate(statements) if s.startswith("UPDATE")
               and "log_streams" in s)
    return statements[:last + 1]


def test_a_submitted_amendment_costs_few_statements_and_locks_the_head_last(
        world: World, app: Flask) -> None:
    world.propose("mex", unit="op1")  # the first of a kind fills the caches
    statements = _watch(app)
    world.propose("mex", unit="op2")
    written = [s for s in _write_transaction(statements) if not s.startswith("BEGIN")]
    # Who asks, the process and their part in it, the revision (and whether it is the
    # latest), the paragraph, the delegation's name, the amendment; then the history: the
    # head locked, the entry, the head moved on. Between them, just before the COMMIT, the
    # facts of the entry's sentence (who acted, the amendment's delegation and paragraph,
    # the revision's names: history.sentences.remember), read in this transaction so that
    # the live broadcast after the commit reads nothing (test_history_sentences).
    # TODO(issue 15): five statements, two of which read rows the write already holds.
    assert len(written) <= 14, "\n".join(written)
    head = next(i for i, s in enumerate(written) if "FROM log_streams" in s)
    assert head == len(written) - 3, "the head is locked by the last three statements"
    assert written[-2].startswith("INSERT") and "log_entries" in written[-2]


def test_the_recorded_state_of_a_new_amendment_is_the_tables(world: World, app: Flask) -> None:
    world.propose("mex", unit="op1")
    world.propose("mex", unit="op2", co_proponents=["CHE", "NGA"])
    world.propose("che", unit="op1", submit=False)
    with app.app_context():
        session = app.extensions["accord"].sessions()
        try:
            entries = list(session.scalars(select(LogEntry).where(
                LogEntry.stream == process_stream(world.process_id)).order_by(LogEntry.seq)))
            assert verify_chain([stored(e) for e in entries]) is None
            amendments = [e for e in entries if e.subject.startswith("amendment:")]
            assert len(amendments) >= 3
            for entry in amendments:
                assert entry.state == state_of(session, entry.subject)
            times = [e.at for e in entries]
            assert times == sorted(times)
        finally:
            session.close()
