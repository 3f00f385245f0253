"""Language versions of a revision: each translated paragraph and the source text it translates.

A translation row belongs to the revision it was made for. Whether it is current is computed
when read (server/features/translations/service.py): it is out of date when the source text
it records differs from the unit's text now, and a later revision whose unit kept the same
text reads it as carried forward, so there is nothing to keep in sync on publication.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class RevisionLanguage(Base):
    """A revision's source language (a revision without a row is in English)."""

    __tablename__ = "revision_languages"

    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"),
                                             primary_key=True)
    #: One of server.core.languages.LANGUAGES.
    source_language: Mapped[str] = mapped_column(String(5), default="en")


class Translation(Base):
    """One unit's text in one language, made for one revision."""

    __tablename__ = "translations"
    __table_args__ = (
        UniqueConstraint("revision_id", "unit_id", "language"),
        Index("ix_translations_unit_language", "unit_id", "language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"),
                                             index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text, default="")
    #: The source text (a section's heading, a paragraph's text) this translates, as it was.
    source_text: Mapped[str] = mapped_column(Text, default="")
    #: imported (from a file) | entered (typed or corrected by hand)
    status: Mapped[str] = mapped_column(String(10), default="imported")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
