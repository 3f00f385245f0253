"""Documents, units with stable identity, revisions and each unit's state in a revision.

The working copy is the one unpublished revision of a document; publishing freezes it and
opens the next working copy, so published revisions are never written again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Delegations and observers see the working copy (and the room screen) only when the
    #: co-facilitators share it.
    working_copy_shared: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The key of the unit under discussion in the room (the room screen follows it).
    under_discussion: Mapped[str | None] = mapped_column(String(40), default=None)


class Unit(Base):
    """A unit's identity: it never changes, whatever number the unit carries."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("document_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    #: Stable key, used in URLs and as the Akoma Ntoso wId.
    key: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Revision(Base):
    """Zero draft, Rev.1, ...; the one with ``published_at`` None is the working copy."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("document_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    #: 0 for the zero draft, then 1, 2...
    sequence: Mapped[int] = mapped_column(Integer)
    label: Mapped[str | None] = mapped_column(String(80), default=None)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    #: Bumped by every change of the working copy; clients send the one they edited from.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The history chain's head when it was published (the hash of its publication entry),
    #: printed in its exports: a copy anyone holds shows where the chain passed.
    history_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    #: The ``version`` of the last change of its structure (units inserted, removed,
    #: renumbered): insertions and removals are stale only against that, not against
    #: edits of paragraphs' text.
    structure_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RevisionUnit(Base):
    """A unit as it stands in one revision: place, number, text and status."""

    __tablename__ = "revision_units"
    __table_args__ = (
        UniqueConstraint("revision_id", "unit_id"),
        Index("ix_revision_units_order", "revision_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    #: Document order within the revision (0, 1, 2...).
    position: Mapped[int] = mapped_column(Integer)
    parent_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), default=None)
    #: preamble | section | paragraph | subparagraph
    kind: Mapped[str] = mapped_column(String(20))
    #: Display number in this revision: "12", "12 bis", "12 alt", "(a)".
    number: Mapped[str | None] = mapped_column(String(40), default=None)
    heading: Mapped[str | None] = mapped_column(String(500), default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    #: open | agreed_informals | agreed_ad_ref | adopted
    status: Mapped[str] = mapped_column(String(20), default="open")
    #: The revision's ``version`` when this unit last changed (its per-paragraph version):
    #: an edit made from version V is stale only when the unit changed after V.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: What the text carries besides its words, as server/core/richtext.py writes them
    #: (None: none): formatting runs ``[[start, end, style]]``, footnotes ``[{mark, offset,
    #: text}]``, editorial notes ``[{text, offset}]``, option group ``{group, label,
    #: no_text}``. Offsets are code points into ``text``.
    marks: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    footnotes: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    notes: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    option: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class UnitReopening(Base):
    """The co-facilitators reopened a settled paragraph (agreed or adopted) of a published
    revision, so that delegations may propose amendments to it again, and why."""

    __tablename__ = "unit_reopenings"
    __table_args__ = (UniqueConstraint("revision_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"),
                                             index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    #: Why, as the co-facilitators told the room.
    reason: Mapped[str] = mapped_column(Text)
    reopened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reopened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
