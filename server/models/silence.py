"""Silence procedures and the written breaks of silence."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class SilenceProcedure(Base):
    __tablename__ = "silence_procedures"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    #: The published revision put under silence.
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the outcome was recorded: broken, or agreed after the deadline.
    outcome: Mapped[str | None] = mapped_column(String(10), default=None)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SilenceBreak(Base):
    __tablename__ = "silence_breaks"
    __table_args__ = (UniqueConstraint("procedure_id", "delegation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("silence_procedures.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
