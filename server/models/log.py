"""The append-only history, one hash chain per stream (a process, or "global"), and the
signed seals of its heads."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base


class LogStream(Base):
    """The head of one chain; locked while an entry is appended, so entries never race."""

    __tablename__ = "log_streams"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))


class LogEntry(Base):
    __tablename__ = "log_entries"
    #: By hash: a revision's history hash is looked up to tell whether a seal covers it.
    __table_args__ = (UniqueConstraint("stream", "seq"), Index("ix_log_entries_hash", "hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "process:12" or "global".
    stream: Mapped[str] = mapped_column(String(40))
    #: 1, 2, 3... within the stream; also the live-event sequence number of a process.
    seq: Mapped[int] = mapped_column(Integer)
    #: ISO 8601 UTC with microseconds, exactly as hashed.
    at: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: What happened: "amendment.submitted", "phase.changed"...
    action: Mapped[str] = mapped_column(String(60))
    #: What it happened to: "amendment:42".
    subject: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: What the subject was left in (core.history.first_difference replays it against the
    #: tables); hashed with the entry. None before states were recorded. Never sent live.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class HistorySeal(Base):
    """A chain head signed with the history key (kept outside the database): whoever holds
    the public key can check that the chain passed through ``head_hash`` at ``seq``."""

    __tablename__ = "history_seals"
    __table_args__ = (Index("ix_history_seals_stream_seq", "stream", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The chain sealed: "process:12" or "global".
    stream: Mapped[str] = mapped_column(String(40))
    #: How far it reached, and the hash of that entry.
    seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    #: ISO 8601 UTC with microseconds, exactly as signed.
    sealed_at: Mapped[str] = mapped_column(String(32))
    #: "publication" (sealed with a revision) or "on demand" (accord history seal).
    reason: Mapped[str] = mapped_column(String(20))
    #: The Ed25519 public key that signed, hex (raw 32 bytes).
    public_key: Mapped[str] = mapped_column(String(64))
    #: Ed25519 signature of core.history.seal_message, hex.
    signature: Mapped[str] = mapped_column(String(128))
