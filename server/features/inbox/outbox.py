"""Immediate mail off the request path: an outbox row is written in the transaction that
records history entries (a session ``after_flush`` hook), so it is as durable as they are,
when someone taking part in their process has chosen immediate mail (read in that
transaction, by the INSERT itself: nobody else could be mailed an item of it); after the
commit the request wakes this process's sender only if it wrote a row, and the sender
claims rows, mails them and deletes them.

A claim is one ``UPDATE mail_outbox SET claimed_by = :me WHERE id IN (...) AND claimed_by
IS NULL``: on PostgreSQL a second sender's UPDATE waits for the first's row locks and then
finds ``claimed_by`` set (READ COMMITTED re-checks the condition), on SQLite writers run one
at a time; so with two server processes a row is mailed by one of them, once. A sender that
dies between its claim and the mail loses that mail (never twice, at most once); the row
stays, claimed, as the trace.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import (
    JSON,
    ColumnElement,
    bindparam,
    delete,
    event,
    exists,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from server.core.inbox import CANDIDATES
from server.db import set_read_only
from server.features.common.context import Ctx
from server.features.history.service import streams_at_commit
from server.models import InboxSettings, LogEntry, MailOutbox, Participant
from server.models.base import UTCDateTime

log = logging.getLogger(__name__)

#: Rows claimed at once.
BATCH = 200
#: A woken sender waits this long for more writes to mail together.
GATHER_SECONDS = 0.05
#: A sender with nothing to do for this long stops (the next write starts one).
IDLE_SECONDS = 2.0


#: Someone taking part (Participant) wants immediate mail: mail_new_items mails no one else.
_WANTS_IMMEDIATE: ColumnElement[bool] = ((InboxSettings.user_id == Participant.user_id)
                                         & (InboxSettings.mail == "immediate"))
_IN_PROCESSES = Participant.process_id.in_(bindparam("processes", expanding=True))
#: The outbox row of a flush's candidate entries, written only when someone taking part in
#: one of their processes wants immediate mail: one statement either way, built once.
_ROW_IF_WANTED = insert(MailOutbox).from_select(
    ["entries", "created_at"],
    select(bindparam("entries", type_=JSON), bindparam("created_at", type_=UTCDateTime()))
    .where(exists().where(_WANTS_IMMEDIATE, _IN_PROCESSES))
).returning(MailOutbox.id)
#: The processes (of ``processes``) where someone wants immediate mail.
_WANTED_IN = select(Participant.process_id).distinct().where(_WANTS_IMMEDIATE, _IN_PROCESSES)
#: Where a session keeps, for the processes whose entries it chains at its COMMIT, whether
#: anyone there wants immediate mail: read before the history's heads are locked, so that
#: the flush under that lock writes no outbox row (nor asks) when nobody does.
_WANTED = "accord_mail_wanted"


def mail_wanted_in(process_id: ColumnElement[int]) -> ColumnElement[bool]:
    """SQL: whether someone taking part in the process ``process_id`` wants immediate mail,
    for a use case to read with what it reads anyway (:func:`note_mail_wanted`)."""
    return exists().where(_WANTS_IMMEDIATE, Participant.process_id == process_id)


def note_mail_wanted(session: Session, process_id: int, wanted: bool) -> None:
    """What :func:`mail_wanted_in` read for ``process_id`` in ``session``'s transaction:
    its COMMIT then need not ask again."""
    session.info.setdefault(_WANTED, {})[process_id] = bool(wanted)


@event.listens_for(Session, "after_transaction_end")
def _forget_wanted(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the next transaction reads it afresh
        session.info.pop(_WANTED, None)


#: Set on the entries an outbox row holds (their instance state's ``info``): the commit
#: that recorded them wakes the sender (:func:`to_mail`).
_TO_MAIL = "accord_to_mail"


def record_in(sessions: sessionmaker[Session]) -> None:
    """Write an outbox row with each flush that adds inbox candidates (entries of a process
    that may make an item) someone may be mailed: in the same transaction as the entries."""

    @event.listens_for(sessions, "before_commit", insert=True)
    def _before_commit(session: Session) -> None:
        # First (insert=True): before the history chains what waits for the COMMIT
        # (history.service), so nothing is locked yet.
        known: dict[int, bool] = session.info.setdefault(_WANTED, {})
        processes = sorted(p for p in (int(key.partition(":")[2])
                                       for key in streams_at_commit(session)
                                       if key.startswith("process:")) if p not in known)
        if processes:
            wanted = set(session.scalars(_WANTED_IN, {"processes": processes}))
            known.update({p: p in wanted for p in processes})

    @event.listens_for(sessions, "after_flush")
    def _after_flush(session: Session, _context: Any) -> None:
        new = [o for o in session.new if isinstance(o, LogEntry)
               and o.stream.startswith("process:") and o.action in CANDIDATES]
        if not new:
            return
        processes = sorted({int(o.stream.partition(":")[2]) for o in new})
        known: dict[int, bool] = session.info.get(_WANTED, {})
        if all(known.get(p) is False for p in processes):
            return  # read before the heads were locked, in this transaction: nobody
        written = session.connection().execute(_ROW_IF_WANTED, {
            "entries": [o.id for o in new], "created_at": _now(), "processes": processes})
        if written.first() is not None:
            for entry in new:
                inspect(entry).info[_TO_MAIL] = True


def to_mail(entries: list[LogEntry]) -> bool:
    """Whether the commit of ``entries`` wrote an outbox row (the sender has work)."""
    return any(inspect(entry).info.get(_TO_MAIL) for entry in entries)


def _now() -> datetime:
    return datetime.now(UTC)


def claim(session: Session, me: str) -> list[int]:
    """Claim up to :data:`BATCH` unclaimed rows for ``me`` and commit; the claimed entries'
    ids (empty: nothing to do)."""
    set_read_only(False)
    waiting = list(session.scalars(select(MailOutbox.id).where(
        MailOutbox.claimed_by.is_(None)).order_by(MailOutbox.id).limit(BATCH)))
    if not waiting:
        session.rollback()
        return []
    session.execute(update(MailOutbox).where(MailOutbox.id.in_(waiting),
                                             MailOutbox.claimed_by.is_(None))
                    .values(claimed_by=me, claimed_at=_now()))
    session.commit()
    return [i for entries in session.scalars(select(MailOutbox.entries).where(
        MailOutbox.claimed_by == me)) for i in entries]


#: What mails a batch of entries' new inbox items (inbox.mail.mail_new_items), given by the
#: caller so that this module need not import the mail it sends.
Mailer = Callable[[Ctx, list[LogEntry]], int]


def drain(app: Flask, mail_new_items: Mailer) -> int:
    """Mail what the outbox holds (every batch) with ``mail_new_items``; returns how many
    messages were sent."""
    accord = app.extensions["accord"]
    sent = 0
    with app.app_context():
        while True:
            me = uuid.uuid4().hex
            ctx = Ctx(session=accord.sessions(), user=None, now=accord.clock)
            try:
                ids = claim(ctx.session, me)
                if not ids:
                    return sent
                entries = list(ctx.session.scalars(
                    select(LogEntry).where(LogEntry.id.in_(ids))))
                ctx.session.rollback()  # read: no transaction held while mailing
                try:
                    sent += mail_new_items(ctx, entries)
                finally:
                    ctx.session.rollback()
                    set_read_only(False)
                    ctx.session.execute(delete(MailOutbox).where(MailOutbox.claimed_by == me))
                    ctx.session.commit()
            finally:
                ctx.session.close()


class Sender:
    """This process's sender: woken after each commit that wrote outbox rows, it gathers
    for :data:`GATHER_SECONDS`, drains the outbox, and stops when idle."""

    def __init__(self, app: Flask, mail_new_items: Mailer) -> None:
        self.app = app
        self._mail = mail_new_items
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._running: threading.Thread | None = None
        self._stopped = False
        self._busy = False

    def wake(self) -> None:
        if self.app.config.get("MAIL_OUTBOX_INLINE"):
            if not self._stopped:
                self._drain()
            return
        with self._lock:
            self._wake.set()
            if self._running is not None or self._stopped:
                return
            self._running = threading.Thread(target=self._run, name="accord-outbox",
                                             daemon=True)
            self._running.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Send what is waiting, then stop (the app is going away)."""
        with self._lock:
            self._stopped = True
            running = self._running
            self._wake.set()
        if running is not None:
            running.join(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait(IDLE_SECONDS)
            with self._lock:
                if not self._wake.is_set():
                    self._running = None
                    return
                self._wake.clear()
                self._busy = True
                stopping = self._stopped
            if stopping:
                self._drain()
                with self._lock:
                    self._running = None
                return
            self._wake.wait(GATHER_SECONDS)  # more writes, one batch
            self._drain()

    def _drain(self) -> None:
        try:
            drain(self.app, self._mail)
        except Exception:  # the rows stay unclaimed: the next wake or round retries
            log.exception("mailing new inbox items failed")
        finally:
            with self._lock:
                self._busy = False

    def settle(self, timeout: float = 10.0) -> bool:
        """Wait until what this process was woken for is mailed (tests); whether it is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._busy and (self._running is None or not self._wake.is_set()):
                    return True
            time.sleep(0.01)
        return False
