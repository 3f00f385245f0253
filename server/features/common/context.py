"""What every use case receives: the session, who acts, the clock and the publisher."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from server.db import set_read_only
from server.models import LogEntry, User

Publisher = Callable[[list[LogEntry]], None]
log = logging.getLogger(__name__)


def system_now() -> datetime:
    return datetime.now(UTC)


def publish_nowhere(_entries: list[LogEntry]) -> None:
    """The default publisher; the live layer installs a real one."""


#: Where a session keeps the rows held for its transaction (:meth:`Ctx.hold`).
_HELD = "accord_held"


def held(session: Session) -> list[object]:
    """The rows held for ``session``'s transaction (:meth:`Ctx.hold`), as it leaves them."""
    found: list[object] = session.info.get(_HELD, [])
    return found


@event.listens_for(Session, "after_transaction_end")
def _release_held(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed or rolled back: they may be stale now
        session.info.pop(_HELD, None)


@dataclass
class Ctx:
    session: Session
    user: User | None
    now: Callable[[], datetime] = system_now
    publish: Publisher = publish_nowhere
    silence_minimum: timedelta = timedelta(hours=72)
    #: Entries recorded in this unit of work, published after commit.
    pending: list[LogEntry] = field(default_factory=list)
    #: Set by the web layer for a request: :meth:`commit` only flushes and the request
    #: commits once, in :meth:`finish`, when its answer is ready (with its idempotency key),
    #: so that nothing which can fail runs after the COMMIT.
    holds_commit: bool = False
    #: Whether the use case asked to commit (while the commit is held).
    completed: bool = False
    #: What runs once the commit is done (mail with a link to what was just stored).
    after: list[Callable[[], object]] = field(default_factory=list)

    def commit(self) -> None:
        """Commit once; only then publish what was recorded. Whatever the request reads
        afterwards needs no write lock. Nothing that can fail may follow it: compute the
        answer first (tests/unit/test_architecture.py checks that ``ctx`` is not used
        after it)."""
        if self.holds_commit:
            self.session.flush()  # a constraint fails here, while nothing is committed
            self.completed = True
            return
        self._commit()

    def finish(self) -> None:
        """The held commit: COMMIT, then publish and run what waits for it. Whatever it
        raises comes from the COMMIT (what follows is logged, never raised: it is done)."""
        self.holds_commit = False
        self._commit()

    def _commit(self) -> None:
        self.session.commit()
        self.completed = False
        set_read_only(True)
        entries, self.pending = self.pending, []
        waiting, self.after = self.after, []
        # Committed: nothing from here on may turn the outcome into a failure.
        if entries:
            try:
                self.publish(entries)
            except Exception:
                log.exception("publishing committed events failed")
        for run in waiting:
            try:
                run()
            except Exception:
                log.exception("a task after the commit failed")

    def hold(self, *rows: object) -> None:
        """Keep ``rows``, read or written in this transaction, with the session until the
        transaction ends (its identity map alone would let them go once the use case drops
        them): what it records names them, and history.sentences reads an entry's facts
        from the rows held, querying only what is missing."""
        self.session.info.setdefault(_HELD, []).extend(rows)

    def after_commit(self, run: Callable[[], object]) -> None:
        """Run ``run`` once this unit of work is committed (at once if nothing is held)."""
        if self.holds_commit:
            self.after.append(run)
        else:
            run()

    def discard(self) -> None:
        """Roll back this unit of work: nothing it did is saved or published."""
        self.session.rollback()
        self.pending = []
        self.completed = False
        self.after = []

    def require_user(self) -> User:
        from server.core.errors import Unauthenticated

        if self.user is None:
            raise Unauthenticated("Sign in first.")
        return self.user
