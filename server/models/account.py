"""What keeps a person signed in, and the links that let them set a password: browser
sessions and password resets. Only digests of their secrets are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class BrowserSession(Base):
    """A signed-in browser. The cookie carries a random id only; this row is what it means."""

    __tablename__ = "browser_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: hex SHA-256 of the cookie's value (256 random bits, so no slow hash is needed).
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The session ends then at the latest (ACCORD_SESSION_SECONDS after sign-in).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set at sign-out, or when the person or an administrator ends it.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: Where and with what it signed in, so that a person recognises their sessions.
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    agent: Mapped[str | None] = mapped_column(String(200), default=None)


class PasswordReset(Base):
    """A single-use link, sent by e-mail, to set a new password."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: hex SHA-256 of the link's token.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set when the link was used (or made void by a newer one or a password change).
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
