"""Appending to, reading and verifying the hash-chained history."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session, SessionTransaction

from server.core.events import EventType
from server.core.history import (
    GENESIS,
    EntryContent,
    StoredEntry,
    chain_hash,
)
from server.core.policy import Action
from server.features.common.access import Viewer, enter
from server.features.common.context import Ctx
from server.features.history.states import state_of
from server.models import LogEntry, LogStream

GLOBAL_STREAM = "global"


def process_stream(process_id: int) -> str:
    return f"process:{process_id}"


def open_stream(ctx: Ctx, key: str) -> None:
    """Create a stream's head (in the transaction that creates its process)."""
    ctx.session.add(LogStream(key=key, seq=0, head_hash=GENESIS))


#: Where a session keeps the entries recorded to be chained at its COMMIT (record(...,
#: at_commit=True)), with the clock that times them.
_AT_COMMIT = "accord_history_at_commit"
#: Where a session keeps the process entries it recorded, whose facts (the names their
#: sentences use) are read just before its COMMIT, in its own transaction: the live
#: broadcast after the commit then reads nothing (history.sentences.remember, whose
#: before_commit step pops them).
TO_DESCRIBE = "accord_history_to_describe"
#: ``state`` not given: read from the tables (states.state_of).
READ_STATE: Any = object()


def record(ctx: Ctx, stream: str, action: EventType, subject: str,
           payload: dict[str, Any] | None = None, *, state: Any = READ_STATE,
           at_commit: bool = False) -> LogEntry:
    """Append one entry to ``stream`` in the current transaction.

    ``action`` is one of the catalogue's events (server/core/events.py); anything else is
    refused before anything is written.

    The stream's head row is locked (SELECT ... FOR UPDATE; SQLite's write transactions are
    already exclusive), so concurrent writers chain one after the other. The lock lasts until
    the COMMIT: with ``at_commit`` the entry is chained only then (the head locked, the entry
    numbered, timed and hashed just before the COMMIT, after the answer is made), so that
    concurrent writers of a process wait on each other for the shortest time. Its ``seq`` and
    ``hash`` are then unknown until the commit: for entries whose caller needs neither. An
    entry recorded without ``at_commit`` chains every entry waiting before it first, so the
    chain keeps the order in which they were recorded.

    The entry carries the state its subject is left in (states.state_of), read from the
    tables: record after the change. A caller that knows that state exactly (a row it has
    just created) may pass it as ``state``.
    """
    action = EventType(action)  # a plain string that is not in the catalogue raises
    user = ctx.user
    if state is READ_STATE:
        # Its queries flush the change this entry records first.
        state = state_of(ctx.session, subject)
    entry = LogEntry(stream=stream, actor_id=user.id if user else None, action=action.value,
                     subject=subject, payload=payload or {}, state=state)
    ctx.pending.append(entry)
    if stream.startswith("process:"):
        ctx.session.info.setdefault(TO_DESCRIBE, []).append(entry)
    if at_commit:
        ctx.session.info.setdefault(_AT_COMMIT, []).append((entry, ctx.now))
    else:
        waiting = ctx.session.info.pop(_AT_COMMIT, [])
        _chain(ctx.session, [*waiting, (entry, ctx.now)])
    return entry


#: A stream's head, locked (built once: every write of the history runs it), read afresh
#: even when this session holds it from an earlier transaction (sessions keep their objects
#: after a commit, and another process may have moved the head on since).
_HEAD = (select(LogStream).where(LogStream.key == bindparam("key")).with_for_update()
         .execution_options(populate_existing=True))


#: Where a session notes that its transaction holds a stream's head (locked until it ends).
_HOLDS_HEAD = "accord_history_holds_head"
#: Where a session keeps the turns it took (:func:`_take_turns`), given back when its
#: transaction ends.
_TURNS = "accord_history_turns"
#: One turn per stream in this process: the writers of a process that chain at their COMMIT
#: take the stream's head one after the other, in the order they asked (gevent's lock is
#: first come, first served), instead of all of them waiting on the head row at once, where
#: PostgreSQL lets a newcomer overtake those waiting (bench/writes.py: p50 0.25 s, p99 2.9 s).
_STREAM_TURNS: dict[str, threading.Lock] = {}
#: A turn is waited for at most this long, then the head row's lock decides alone: a writer
#: that holds a row another turn's holder needs (it flushed a change of it) cannot then
#: wait for ever, and the database sees any deadlock there is.
TURN_PATIENCE_SECONDS = 2.0


def _take_turns(session: Session, streams: list[str]) -> None:
    """Wait for this process's turn at each of ``streams`` (sorted: two writers never wait
    on each other's), unless the transaction already holds a head: waiting then could wait
    on a writer that waits for this one's head."""
    if session.info.get(_HOLDS_HEAD):
        return
    taken: list[threading.Lock] = session.info.setdefault(_TURNS, [])
    for stream in sorted(set(streams)):
        turn = _STREAM_TURNS.setdefault(stream, threading.Lock())
        if turn.acquire(timeout=TURN_PATIENCE_SECONDS):
            taken.append(turn)


def _give_back_turns(session: Session) -> None:
    for turn in session.info.pop(_TURNS, ()):
        turn.release()


def _chain(session: Session, entries: list[tuple[LogEntry, Callable[[], datetime]]]) -> None:
    """Number, time and hash ``entries`` (in order) after their streams' heads, locked."""
    session.info[_HOLDS_HEAD] = True
    heads: dict[str, LogStream] = {}
    for entry, now in entries:
        head = heads.get(entry.stream)
        if head is None:
            head = session.scalars(_HEAD, {"key": entry.stream}).one()
            heads[entry.stream] = head
        # Timed once its place is taken, so the chain's times follow its order.
        at = now().isoformat(timespec="microseconds")
        content = EntryContent(stream=entry.stream, seq=head.seq + 1, at=at,
                               actor_id=entry.actor_id, action=entry.action,
                               subject=entry.subject, payload=entry.payload,
                               state=entry.state)
        digest = chain_hash(head.head_hash, content)
        entry.seq, entry.at, entry.prev_hash, entry.hash = content.seq, at, head.head_hash, \
            digest
        head.seq = content.seq
        head.head_hash = digest
        session.add(entry)


def streams_at_commit(session: Session) -> set[str]:
    """The streams of the entries ``session`` will chain at its COMMIT (record(...,
    at_commit=True)): what a step before the heads are locked may prepare for."""
    return {entry.stream for entry, _now in session.info.get(_AT_COMMIT, ())}


@event.listens_for(Session, "before_commit")
def _chain_at_commit(session: Session) -> None:
    # The entries' facts were read just before, by history.sentences' own before_commit
    # step (registered first), while nothing waits on this writer.
    waiting = session.info.pop(_AT_COMMIT, None)
    if waiting:
        _take_turns(session, [entry.stream for entry, _now in waiting])
        _chain(session, waiting)


@event.listens_for(Session, "after_transaction_end")
def _forget_at_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed or rolled back (a commit chained them)
        session.info.pop(_AT_COMMIT, None)
        session.info.pop(TO_DESCRIBE, None)
        session.info.pop(_HOLDS_HEAD, None)
        _give_back_turns(session)


def stored(entry: LogEntry) -> StoredEntry:
    return StoredEntry(
        content=EntryContent(stream=entry.stream, seq=entry.seq, at=entry.at,
                             actor_id=entry.actor_id, action=entry.action,
                             subject=entry.subject, payload=entry.payload,
                             state=entry.state),
        prev_hash=entry.prev_hash, hash=entry.hash)


def read_process_log(ctx: Ctx, process_id: int, *, after_seq: int, limit: int
                     ) -> tuple[list[LogEntry], Viewer]:
    """A process's entries after ``after_seq``, in order (co-facilitators and secretariat),
    and who reads them."""
    process, actor = enter(ctx, process_id, Action.VIEW_LOG)
    return list(ctx.session.scalars(
        select(LogEntry).where(LogEntry.stream == process_stream(process_id),
                               LogEntry.seq > after_seq)
        .order_by(LogEntry.seq).limit(limit))), Viewer(actor, process)
