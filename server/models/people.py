"""Users, their API tokens, and delegations (States, groups, organisations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, ForeignKeyConstraint, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, UTCDateTime, utcnow


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Sign-in name, stored lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: argon2id hash; never the password.
    password_hash: Mapped[str] = mapped_column(String(200))
    #: May create processes and appoint their co-facilitators.
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The interface language the person chose (a code of core.languages.LANGUAGES); None:
    #: not chosen (the browser's languages decide, else English).
    language: Mapped[str | None] = mapped_column(String(8), default=None)


class ApiToken(Base):
    """A bearer token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    #: hex SHA-256 of the token (tokens are 256-bit random, so no slow hash is needed).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: It stops working then (ACCORD_TOKEN_SECONDS after it was issued).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Delegation(Base):
    """A Member State, an observer State, a group (African Group) or an organisation (EU),
    as it takes part in one process: Mexico in one process and Mexico in another are two
    rows, so nothing done to a delegation or a group in one process is seen in another."""

    __tablename__ = "delegations"
    __table_args__ = (
        UniqueConstraint("process_id", "code"),
        # What group members and participants refer to: a delegation of their own process.
        UniqueConstraint("process_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The process it takes part in.
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    #: Short stable code, unique within the process: "MEX", "EU", "AFRICAN_GROUP".
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    #: state | group | organisation
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GroupMember(Base):
    """A delegation's membership of a group (Nigeria in the African Group): both are
    delegations of the membership's process, which the database holds to (a group of one
    process cannot take another process's delegation, nor be reached from it)."""

    __tablename__ = "group_members"
    __table_args__ = (
        ForeignKeyConstraint(["process_id", "group_id"],
                             ["delegations.process_id", "delegations.id"],
                             name="fk_group_members_group_of_process", ondelete="CASCADE"),
        ForeignKeyConstraint(["process_id", "member_id"],
                             ["delegations.process_id", "delegations.id"],
                             name="fk_group_members_member_of_process", ondelete="CASCADE"),
    )

    group_id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(primary_key=True)
    #: The process of the group and of its member.
    process_id: Mapped[int] = mapped_column(index=True)
