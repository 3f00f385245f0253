"""The amendment write path: what one submission costs the database (statements and
transactions), so that the hot path of a negotiation stays near the stack's floor (issue 15,
bench/writes.py), and what it records is what the tables hold."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, select

from server.core.history import verify_chain
from server.features.common.context import Ctx
from server.features.history.sentences import Described, described, remembered
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
    # Who asks, the process and their part in it, the revision (whether it is the latest,
    # the paragraph in it, the delegation's name: one statement), the amendment; then the
    # history: the head locked, the entry, the head moved on. The facts of the entry's
    # sentence (who acted, the amendment's delegation and paragraph, the revision's names:
    # history.sentences.remember) come from the rows the write holds (Ctx.hold), so the
    # live broadcast after the commit reads nothing and the commit waits on nothing more.
    # Whether anyone in the process wants immediate mail is read with the revision
    # (inbox.outbox.mail_wanted_in): nobody does here, so no outbox row is written, and
    # nothing of the outbox runs under the lock.
    assert len(written) <= 7, "\n".join(written)
    head = next(i for i, s in enumerate(written) if "FROM log_streams" in s)
    assert head == len(written) - 3, "the head is locked by the last three statements"
    assert written[-2].startswith("INSERT") and "log_entries" in written[-2]
    assert any("inbox_settings" in s and "FROM revisions" in s for s in written[:head])
    assert not any("mail_outbox" in s for s in statements), "\n".join(statements)


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


def test_the_facts_a_write_remembers_are_those_the_tables_give(world: World, app: Flask) -> None:
    """What the live broadcast says of a new amendment (its facts, read from the rows the
    write holds) is what a reader of the stored history reads from the database."""
    accord = app.extensions["accord"]
    sent: dict[int, Described | None] = {}
    publish = accord.publish

    def keep(entries: list[LogEntry]) -> None:
        sent.update({e.id: remembered(e) for e in entries if e.stream.startswith("process:")})
        publish(entries)

    accord.publish = keep
    try:
        world.propose("mex", unit="op1", submit=False)
        world.propose("mex", unit="op2", co_proponents=["CHE", "NGA"])
        world.propose("che", unit="pp1", cluster="rights")
        world["cofac"].ok("POST", f"{world.p}/phase", {"phase": "concluded"})
    finally:
        accord.publish = publish
    assert len(sent) >= 5 and None not in sent.values()
    with app.app_context():
        session = accord.sessions()
        try:
            entries = list(session.scalars(select(LogEntry).where(LogEntry.id.in_(sent))))
            again = described(Ctx(session=session, user=None), world.process_id, entries)
            for entry in entries:
                assert again[entry.seq] == sent[entry.id], entry.action
            assert {e.action for e in entries} >= {
                "amendment.drafted", "amendment.submitted", "amendment.co_sponsor_invited",
                "phase.changed"}
        finally:
            session.close()
