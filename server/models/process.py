"""A negotiation process, its thematic clusters and who takes part in what role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow

#: The General Assembly's: a process works in New York time unless its co-facilitators say.
DEFAULT_TIME_ZONE = "America/New_York"


class Process(Base):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    #: consultation | stocktaking | negotiation | concluded
    phase: Mapped[str] = mapped_column(String(20))
    #: Phases in which observers see attributed amendments (a visibility setting).
    observers_see_amendments_in: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The IANA time zone the room works in (deadlines are shown in it, named).
    time_zone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIME_ZONE,
                                           server_default=DEFAULT_TIME_ZONE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Cluster(Base):
    """A thematic cluster (the GCM had six); inputs and amendments are tagged with one."""

    __tablename__ = "clusters"
    __table_args__ = (UniqueConstraint("process_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Participant(Base):
    """A person's role in one process: co-facilitator, secretariat, delegate or observer."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("process_id", "user_id"),
        # A delegate speaks for a delegation of this process, never of another.
        ForeignKeyConstraint(["process_id", "delegation_id"],
                             ["delegations.process_id", "delegations.id"],
                             name="fk_participants_delegation_of_process"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    #: For delegates: the delegation they speak for (one of this process's).
    delegation_id: Mapped[int | None] = mapped_column(default=None)
    #: The delegation's focal point may add its own delegates.
    focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
