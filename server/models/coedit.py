"""Shared paragraphs: the co-edited text of the working copy, stored as Yjs updates.

One :class:`SharedParagraph` per unit of a working copy that someone co-edited (or edited
over HTTP): its compacted state plus the updates received since. Every update is stored (and
committed) before it is acknowledged; compaction merges them into the state.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class SharedParagraph(Base):
    """A working-copy unit's shared document (server/core/shared_text.py)."""

    __tablename__ = "shared_paragraphs"
    __table_args__ = (UniqueConstraint("revision_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The working copy (a revision not yet published).
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    #: Every update up to ``compacted_seq``, merged into one Yjs update.
    state: Mapped[bytes] = mapped_column(LargeBinary)
    #: The last update's number (updates are numbered 1, 2, 3... per paragraph).
    seq: Mapped[int] = mapped_column(Integer, default=0)
    #: Updates up to this number are in ``state`` (and deleted from the update table).
    compacted_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: When the history last recorded this paragraph's co-edited text (coalesced entries).
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Co-edit updates since the history last recorded the text.
    unrecorded: Mapped[int] = mapped_column(Integer, default=0)


class SharedParagraphUpdate(Base):
    """One Yjs update of a shared paragraph, as received (a keystroke, or a burst of them)."""

    __tablename__ = "shared_paragraph_updates"
    __table_args__ = (UniqueConstraint("paragraph_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("shared_paragraphs.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    #: The update, in Yjs's version 1 encoding.
    data: Mapped[bytes] = mapped_column(LargeBinary)
    #: Who sent it (None: the server's own edit, e.g. for an edit over HTTP).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
