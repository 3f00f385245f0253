"""Reads that many people make of the same thing, computed once per change.

When "Rev.2 is out" a thousand delegates open its text, its compilation and their amendment
list at once: the same answers, asked for a thousand times. This module keeps each answer,
serialised, in the serving process's memory, keyed by everything it depends on:

- the **stamp**: the process's history sequence number (``log_streams.seq``, bumped in the
  same transaction as every change to the process: tests/api/test_matrix.py checks that every
  allowed write leaves an entry) and the newest seal of that history (a seal made later, by
  ``accord history seal``, turns a revision's "sealed" on without an entry);
- the **scope**: which read (its name, path and query);
- the **audience**: what the person asking may see and do there, reduced to the facts the
  policy reads for that read (see the ``*_audience`` functions below, and the tests in
  tests/api/test_read_cache.py that hold the policy to them).

A write that changes what a read shows bumps the stamp, so the next reader computes afresh:
invalidation is exact without any message between processes. Each server process keeps its own
cache; that is correct because the stamp is read from the database on every request.

Every request still authenticates and asks the policy (a person whose access ended is refused
from the cache as from the database). Then, in one snapshot of the database (SQLite's read
transaction; PostgreSQL ``REPEATABLE READ``), the stamp is read and, on a miss, the rows; the
transaction ends before the answer is serialised. Concurrent misses of one key compute it
once: the others wait for it without holding a connection.

Answers carry an ``ETag`` (a digest of their bytes); ``If-None-Match`` with it gets 304.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, request
from pydantic import TypeAdapter
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.core.phases import Phase
from server.core.policy import Actor, ProcessSettings, may_view_amendments
from server.features.history.service import process_stream
from server.models import Amendment, HistorySeal, LogStream

#: The stamp of a process's data: (history sequence number, newest seal's id).
Stamp = tuple[int, int]

#: At most this many bytes of answers per process (least recently used ones leave first).
DEFAULT_BUDGET = 64 * 1024 * 1024
#: How long a request waits for another's computation of the same answer.
WAIT_SECONDS = 30.0


def read_stamp(session: Session, process_id: int) -> Stamp:
    """The process's stamp, one query."""
    stream = process_stream(process_id)
    newest_seal = (select(func.coalesce(func.max(HistorySeal.id), 0))
                   .where(HistorySeal.stream == stream).scalar_subquery())
    row = session.execute(select(LogStream.seq, newest_seal)
                          .where(LogStream.key == stream)).first()
    return (int(row[0]), int(row[1])) if row is not None else (0, 0)


def begin_snapshot(session: Session) -> None:
    """End the request's transaction so far (authentication) and begin one snapshot for the
    policy, the stamp and the rows: on PostgreSQL ``REPEATABLE READ`` (READ COMMITTED would
    give each statement its own), on SQLite a read transaction is one snapshot already."""
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def end_transaction(session: Session) -> None:
    """End the read transaction (nothing was written) and give the connection back, so that
    no transaction stays open while the answer is serialised or a request waits."""
    session.commit()


# ---- audiences: what the person asking may see, as each read depends on it ---------------


def text_audience(actor: Actor) -> Hashable:
    """A revision's text: the paragraphs are everyone's; the actions beside them
    (policy.unit_actions, revision_actions) depend on the role and on whether the person
    speaks for a delegation (which one does not matter)."""
    return ("text", actor.role.value, actor.delegation_id is not None)


def amendments_audience(actor: Actor) -> Hashable:
    """Amendments: which ones (a delegation's own drafts) and the actions on each (its own,
    those it may support or co-sponsor) depend on the role, the delegation and focal point;
    never on the person."""
    return ("amendments", actor.role.value, actor.delegation_id, actor.focal_point)


def compilation_audience(session: Session, actor: Actor, phase: Phase,
                         settings: ProcessSettings, document_id: int) -> Hashable:
    """A compilation holds the amendments the person may see (amendments.visible_to):
    submitted ones where the policy shows attributed amendments, and their delegation's own.
    A delegation with no amendment of the document beyond those sees what anyone of the same
    visibility sees, so it shares their answer (read in the same snapshot as the rows)."""
    sees = may_view_amendments(actor, phase, settings)
    delegation = actor.delegation_id
    if delegation is not None:
        own = select(Amendment.id).where(Amendment.document_id == document_id,
                                         Amendment.delegation_id == delegation)
        if sees:
            own = own.where(Amendment.submitted_at.is_(None))
        if session.execute(own.limit(1)).first() is None:
            delegation = None
    return ("compilation", sees, delegation)


# ---- the cache ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cached:
    stamp: Stamp
    body: bytes
    etag: str


@dataclass
class _Flight:
    done: threading.Event = field(default_factory=threading.Event)
    result: Cached | None = None


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class ReadCache:
    """Answers by (scope, audience): the newest stamp's only, within a byte budget."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self.budget = budget
        self._slots: OrderedDict[Hashable, Cached] = OrderedDict()
        self._bytes = 0
        self._flights: dict[tuple[Hashable, Stamp], _Flight] = {}
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        with self._lock:
            self._slots.clear()
            self._bytes = 0

    def lookup(self, slot: Hashable, stamp: Stamp) -> Cached | None:
        with self._lock:
            found = self._slots.get(slot)
            if found is None or found.stamp != stamp:
                return None
            self._slots.move_to_end(slot)
            self.hits += 1
            return found

    def _store(self, slot: Hashable, made: Cached) -> None:
        with self._lock:
            old = self._slots.get(slot)
            if old is not None:
                if old.stamp > made.stamp:
                    return  # a reader on an older snapshot: its answer is not kept
                self._bytes -= len(old.body)
                del self._slots[slot]
            if len(made.body) > self.budget:
                return
            self._slots[slot] = made
            self._bytes += len(made.body)
            while self._bytes > self.budget:
                _, dropped = self._slots.popitem(last=False)
                self._bytes -= len(dropped.body)

    def answer(self, slot: Hashable, stamp: Stamp, compute: Callable[[], Any],
               serialise: Callable[[Any], bytes], release: Callable[[], None]) -> Cached:
        """The answer at ``stamp``: kept, computed by another request meanwhile, or computed
        here (``compute`` reads the rows in the snapshot; ``release`` ends it; then
        ``serialise`` makes the bytes)."""
        found = self.lookup(slot, stamp)
        if found is not None:
            release()
            return found
        with self._lock:
            flight = self._flights.get((slot, stamp))
            leader = flight is None
            if flight is None:
                flight = self._flights[(slot, stamp)] = _Flight()
            self.misses += leader
        if not leader:
            release()
            flight.done.wait(WAIT_SECONDS)
            if flight.result is not None:
                with self._lock:
                    self.hits += 1
                return flight.result
            # The computation failed (or took too long): compute it here, in a new
            # transaction (whose rows are as new as the stamp or newer), and keep nothing.
            value = compute()
            release()
            body = serialise(value)
            return Cached(stamp, body, etag_of(body))
        try:
            value = compute()
            release()
            body = serialise(value)
            made = Cached(stamp, body, etag_of(body))
            self._store(slot, made)
            flight.result = made
            return made
        finally:
            with self._lock:
                self._flights.pop((slot, stamp), None)
            flight.done.set()


def cache() -> ReadCache:
    """This process's cache (one per application)."""
    found = current_app.extensions.get("accord.read_cache")
    if not isinstance(found, ReadCache):
        found = current_app.extensions["accord.read_cache"] = ReadCache()
    return found


def respond(made: Cached) -> Response:
    """The answer, or 304 when the client holds it already."""
    if request.if_none_match.contains_weak(made.etag.strip('"')):
        reply = Response(status=304)
    else:
        reply = Response(made.body, mimetype="application/json")
    reply.headers["ETag"] = made.etag
    # Stored by the browser, but asked again every time (If-None-Match): it may have changed.
    reply.headers["Cache-Control"] = "private, no-cache"
    reply.vary.update(("Authorization", "Cookie"))
    return reply


def cached_read(session: Session, scope: Hashable, *,
                who: Callable[[], tuple[int, Hashable]], compute: Callable[[], Any],
                adapter: TypeAdapter[Any]) -> Response:
    """Answer a read through the cache.

    ``who`` asks the policy (raising what it raises) and returns the process and the
    audience; ``compute`` makes the answer (a pydantic model, or what ``adapter`` dumps)."""
    begin_snapshot(session)
    process_id, audience = who()
    stamp = read_stamp(session, process_id)
    made = cache().answer((scope, audience), stamp, compute,
                          lambda value: adapter.dump_json(value),
                          lambda: end_transaction(session))
    return respond(made)
