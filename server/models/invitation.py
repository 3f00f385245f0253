"""Invitations: how a person comes to take part (or to administer Accord). Nobody is given a
role, nor an account, until the person who owns the e-mail address accepts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class Invitation(Base):
    """A single-use, expiring link sent by e-mail: to a role in a process, or to be an
    administrator (``process_id`` None)."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: hex SHA-256 of the link's token (the token is in the e-mail only).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Where it was sent, lower-case.
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: The name the inviter gave, proposed to a new account (its owner may change it).
    name: Mapped[str] = mapped_column(String(200))
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True, default=None)
    #: The role offered in the process (co_facilitator | secretariat | delegate | observer).
    role: Mapped[str | None] = mapped_column(String(20), default=None)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="CASCADE"), default=None)
    focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    #: An invitation to administer Accord (no process).
    administrator: Mapped[bool] = mapped_column(Boolean, default=False)
    invited_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: pending | accepted | declined | replaced (by a newer invitation to the same place)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
