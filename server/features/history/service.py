"""Appending to, reading and verifying the hash-chained history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from server.core.events import EventType
from server.core.history import (
    GENESIS,
    ChainBreak,
    EntryContent,
    StoredEntry,
    chain_hash,
    verify_chain,
)
from server.core.policy import Action
from server.features.common.access import Viewer, enter
from server.features.common.context import Ctx
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
    """
    action = EventType(action)  # a plain string that is not in the catalogue raises
    head = ctx.session.scalars(
        select(LogStream).where(LogStream.key == stream).with_for_update()
    ).one()
    at = ctx.now().isoformat(timespec="microseconds")
    user = ctx.user
    content = EntryContent(stream=stream, seq=head.seq + 1, at=at,
                           actor_id=user.id if user else None, action=action.value, subject=subject,
                           payload=payload or {})
    digest = chain_hash(head.head_hash, content)
    entry = LogEntry(stream=stream, seq=content.seq, at=at, actor_id=content.actor_id,
                     action=action.value, subject=subject, payload=content.payload,
                     prev_hash=head.head_hash, hash=digest)
    head.seq = content.seq
    head.head_hash = digest
    ctx.session.add(entry)
    ctx.pending.append(entry)
    return entry


def stored(entry: LogEntry) -> StoredEntry:
    return StoredEntry(
        content=EntryContent(stream=entry.stream, seq=entry.seq, at=entry.at,
                             actor_id=entry.actor_id, action=entry.action,
                             subject=entry.subject, payload=entry.payload),
        prev_hash=entry.prev_hash, hash=entry.hash)


def _entries(ctx: Ctx, stream: str) -> Iterator[StoredEntry]:
    rows = ctx.session.scalars(
        select(LogEntry).where(LogEntry.stream == stream).order_by(LogEntry.seq)
        .execution_options(yield_per=1000))
    for row in rows:
        yield stored(row)


def verify_all(ctx: Ctx) -> tuple[int, list[ChainBreak]]:
    """Verify every stream; return how many streams were checked and the breaks found.

    A stream whose head does not match its last entry (entries deleted at the end) breaks too.
    """
    breaks: list[ChainBreak] = []
    heads = ctx.session.scalars(select(LogStream).order_by(LogStream.key)).all()
    for head in heads:
        found = verify_chain(_entries(ctx, head.key))
        if found is not None:
            breaks.append(found)
            continue
        last = ctx.session.scalars(select(LogEntry).where(LogEntry.stream == head.key)
                                   .order_by(LogEntry.seq.desc()).limit(1)).first()
        if (last.hash if last else GENESIS) != head.head_hash or (last.seq if last else 0) \
                != head.seq:
            breaks.append(ChainBreak(head.key, head.seq, "entries after the last one stored "
                                                         "are missing"))
    return len(heads), breaks


def read_process_log(ctx: Ctx, process_id: int, *, after_seq: int, limit: int
                     ) -> tuple[list[LogEntry], Viewer]:
    """A process's entries after ``after_seq``, in order (co-facilitators and secretariat),
    and who reads them."""
    process, actor = enter(ctx, process_id, Action.VIEW_LOG)
    return list(ctx.session.scalars(
        select(LogEntry).where(LogEntry.stream == process_stream(process_id),
                               LogEntry.seq > after_seq)
        .order_by(LogEntry.seq).limit(limit))), Viewer(actor, process)
