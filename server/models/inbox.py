"""A person's inbox: which items they have read, and how they want to hear of new ones.

The items themselves are not stored: they are the history entries that concern the person
(server.core.inbox), and the silence procedures about to end.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class InboxSettings(Base):
    """One row per person who read everything once or chose how to be mailed."""

    __tablename__ = "inbox_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    #: "none", "immediate" or "daily" (a digest).
    mail: Mapped[str] = mapped_column(String(10), default="none")
    #: Everything that arrived up to then is read ("mark all read").
    read_all_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: The last daily digest covered what arrived up to then.
    digest_through: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class InboxRead(Base):
    """One item marked read."""

    __tablename__ = "inbox_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    #: The item's key: "entry:412" (a history entry), "silence:3:ending".
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailOutbox(Base):
    """History entries whose immediate mail is still to be sent: written in the transaction
    that records them (so they are as durable as the entries), claimed by one sender (the
    ``claimed_by`` UPDATE, guarded by ``claimed_by IS NULL``: two processes never claim the
    same row) and deleted once sent."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The ids of the log entries committed together.
    entries: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Which sender took it (a random id per claim), and when; None: not yet taken.
    claimed_by: Mapped[str | None] = mapped_column(String(32), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
