"""What every use case receives: the session, who acts, the clock and the publisher."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from server.db import set_read_only
from server.models import LogEntry, User

Publisher = Callable[[list[LogEntry]], None]


def system_now() -> datetime:
    return datetime.now(UTC)


def publish_nowhere(_entries: list[LogEntry]) -> None:
    """The default publisher; the live layer installs a real one."""


@dataclass
class Ctx:
    session: Session
    user: User | None
    now: Callable[[], datetime] = system_now
    publish: Publisher = publish_nowhere
    silence_minimum: timedelta = timedelta(hours=72)
    #: Entries recorded in this unit of work, published after commit.
    pending: list[LogEntry] = field(default_factory=list)

    def commit(self) -> None:
        """Commit once; only then publish what was recorded. Whatever the request reads
        afterwards needs no write lock."""
        self.session.commit()
        set_read_only(True)
        entries, self.pending = self.pending, []
        if entries:
            self.publish(entries)

    def discard(self) -> None:
        """Roll back this unit of work: nothing it did is saved or published."""
        self.session.rollback()
        self.pending = []

    def require_user(self) -> User:
        from server.core.errors import Unauthenticated

        if self.user is None:
            raise Unauthenticated("Sign in first.")
        return self.user
