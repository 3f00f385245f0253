"""Amendments, their co-proponents and the stances other delegations take on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class Amendment(Base):
    __tablename__ = "amendments"
    __table_args__ = (
        Index("ix_amendments_process_state", "process_id", "state"),
        Index("ix_amendments_unit", "unit_id"),
        Index("ix_amendments_delegation", "delegation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    #: The published revision it was made against.
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    #: The unit it changes (for add_unit: the unit the new one follows).
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    #: The proposing delegation (a group's coordinator proposes as the group).
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), default=None)
    #: change_words | add_unit | delete_unit | alternative | retain | reservation
    kind: Mapped[str] = mapped_column(String(20))
    #: draft | submitted | withdrawn | reflected | merged | not_reflected | overtaken
    state: Mapped[str] = mapped_column(String(20))
    #: The unit's text in the base revision, kept so the diff survives later revisions.
    base_text: Mapped[str] = mapped_column(Text, default="")
    #: The proposed text (change_words, alternative, add_unit).
    text: Mapped[str | None] = mapped_column(Text, default=None)
    #: Word diff of base_text -> text as [{"op", "text"}], computed once.
    diff: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=None)
    justification: Mapped[str] = mapped_column(Text, default="")
    #: Optimistic lock: bumped on every change; clients send the one they saw.
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="")
    #: The published revision that reflects (or overtook) it.
    settled_in_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id"),
                                                               default=None)

    # SQLAlchemy reads this class attribute once at mapping time; it is never mutated.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class CoProponent(Base):
    """A delegation the proposer named as co-proponent, and its own answer: it is a
    co-proponent (attributed, exported, counted) only once it accepted."""

    __tablename__ = "amendment_co_proponents"
    __table_args__ = (
        Index("ix_amendment_co_proponents_delegation_status", "delegation_id", "status"),
    )

    amendment_id: Mapped[int] = mapped_column(
        ForeignKey("amendments.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), primary_key=True)
    #: invited | accepted | declined | withdrawn (core.amendments.CoSponsorship)
    status: Mapped[str] = mapped_column(String(10))
    #: Who in the proposing delegation invited it, and when (unknown for co-proponents
    #: named before co-sponsorship needed consent: those stay accepted).
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Who in the invited delegation last answered (accepted, declined, withdrew), and when.
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class AmendmentStance(Base):
    """One delegation's support for, or opposition to, an amendment (one stance each)."""

    __tablename__ = "amendment_stances"

    amendment_id: Mapped[int] = mapped_column(
        ForeignKey("amendments.id", ondelete="CASCADE"), primary_key=True)
    delegation_id: Mapped[int] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), primary_key=True)
    #: support | oppose
    stance: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AmendmentCarry(Base):
    """What became of an open amendment when a revision was published over its unit:
    re-anchored onto the new text (applies), in conflict with it, or overtaken. An
    amendment's latest carry is where it stands now; unchanged units leave no row."""

    __tablename__ = "amendment_carries"
    __table_args__ = (UniqueConstraint("amendment_id", "revision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"),
                                              index=True)
    #: The newly published revision it was carried onto.
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    #: applies | conflicts | overtaken
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The unit's text in that revision (None: the unit was deleted).
    base_text: Mapped[str | None] = mapped_column(Text, default=None)
    #: The proposal re-anchored onto it (change_words that applies; alternatives as they are).
    proposed_text: Mapped[str | None] = mapped_column(Text, default=None)
    #: For conflicts: the amendment's and the revision's clashing changes.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AmendmentApplication(Base):
    """An amendment the co-facilitators applied to a working copy (as proposed, or with
    changes): the paragraph it edited, its text before and after, by whom and when. The
    revision the working copy becomes records it as reflected, and attribution gives the
    words it put there to the amendment."""

    __tablename__ = "amendment_applications"
    __table_args__ = (UniqueConstraint("amendment_id", "revision_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id", ondelete="CASCADE"),
                                              index=True)
    #: The working copy it was applied to (the revision it becomes when published).
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"),
                                             index=True)
    #: The unit edited or removed; for add_unit, the new unit.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    #: change_words | add_unit | delete_unit | alternative
    kind: Mapped[str] = mapped_column(String(20))
    #: The unit's text before (None: a new unit) and after (None: the unit was removed).
    text_before: Mapped[str | None] = mapped_column(Text, default=None)
    text_after: Mapped[str | None] = mapped_column(Text, default=None)
    #: Applied with changes: the co-facilitators reworded the amendment's text.
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    applied_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
