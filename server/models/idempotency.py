"""The first outcome of a write sent with an ``Idempotency-Key``: a client that retries (its
answer lost, the database restarting) gets that outcome again instead of a duplicate."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class IdempotencyKey(Base):
    """Written in the same transaction as the write it answers, so they commit together."""

    __tablename__ = "idempotency_keys"

    #: Keys are the client's, so they are scoped by the person who sent them.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    #: The header's value (at most 255 visible ASCII characters).
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    #: hex SHA-256 of the method, the path and the body: the same key with another request
    #: is refused (422).
    fingerprint: Mapped[str] = mapped_column(String(64))
    #: The first answer: its status and its JSON body (empty for 204).
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: Forgotten ACCORD_IDEMPOTENCY_SECONDS after this.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
