"""Appending to, reading and verifying the hash-chained history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

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


def record(ctx: Ctx, stream: str, action: EventType, subject: str,
           payload: dict[str, Any] | None = None) -> LogEntry:
    """Append one entry to ``stream`` in the current transaction.

    ``action`` is one of the catalogue's events (server/core/events.py); anything else is
    refused before anything is written.

    The stream's head row is locked (SELECT ... FOR UPDATE; SQLite's write transactions are
    already exclusive), so concurrent writers chain one after the other.

    The entry carries the state its subject is left in (states.state_of), read from the
    tables: record after the change.
    """
    action = EventType(action)  # a plain string that is not in the catalogue raises
    head = ctx.session.scalars(
        select(LogStream).where(LogStream.key == stream).with_for_update()
    ).one()
    at = ctx.now().isoformat(timespec="microseconds")
    user = ctx.user
    # Read after the head's SELECT, which flushed the change this entry records.
    state = state_of(ctx.session, subject)
    content = EntryContent(stream=stream, seq=head.seq + 1, at=at,
                           actor_id=user.id if user else None, action=action.value, subject=subject,
                           payload=payload or {}, state=state)
    digest = chain_hash(head.head_hash, content)
    entry = LogEntry(stream=stream, seq=content.seq, at=at, actor_id=content.actor_id,
                     action=action.value, subject=subject, payload=content.payload,
                     state=state, prev_hash=head.head_hash, hash=digest)
    head.seq = content.seq
    head.head_hash = digest
    ctx.session.add(entry)
    ctx.pending.append(entry)
    return entry


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
