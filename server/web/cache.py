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
from the cache as from the database). Then the stamp is read and, on a miss, the rows, and
the stamp again: the answer is kept only when it did not move, so everything it was computed
from holds at that stamp (on SQLite a read transaction is one snapshot anyway; on
PostgreSQL, READ COMMITTED, this is what proves it). The transaction ends before the answer
is serialised. Concurrent misses of one key compute it once: the others wait for it without
holding a connection.

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
from sqlalchemy import String, bindparam, cast, func, literal, select
from sqlalchemy.orm import Session

from server.core.errors import NotFound
from server.core.phases import Phase
from server.core.policy import (
    Action,
    Actor,
    ProcessSettings,
    Role,
    authorize,
    may_view_amendments,
)
from server.features.history.service import process_stream
from server.models import Amendment, Document, HistorySeal, LogStream, Participant, Process

#: The stamp of a process's data: (history sequence number, newest seal's id).
Stamp = tuple[int, int]

#: At most this many bytes of answers per process (least recently used ones leave first).
DEFAULT_BUDGET = 64 * 1024 * 1024
#: How long a request waits for another's computation of the same answer.
WAIT_SECONDS = 30.0


_NEWEST_SEAL = (select(func.coalesce(func.max(HistorySeal.id), 0))
                .where(HistorySeal.stream == bindparam("stream")).scalar_subquery())
_STAMP = select(LogStream.seq, _NEWEST_SEAL).where(LogStream.key == bindparam("stream"))


def read_stamp(session: Session, process_id: int) -> Stamp:
    """The process's stamp, one query (built once: building a statement costs more than
    running this one)."""
    row = session.execute(_STAMP, {"stream": process_stream(process_id)}).first()
    return (int(row[0]), int(row[1])) if row is not None else (0, 0)


@dataclass(frozen=True)
class Reader:
    """The person asking, in one process, as the policy sees them, and the process's stamp."""

    process_id: int
    actor: Actor
    phase: Phase
    settings: ProcessSettings
    stamp: Stamp


# What server.features.common.access.enter loads (the process and the person's part in it),
# and the stamp, in one query of columns: a cached read's whole cost but for authentication.
_STREAM_OF_PROCESS = literal("process:", String) + cast(Process.id, String)
_READER_COLUMNS = (Process.id, Process.phase, Process.observers_see_amendments_in,
                   Participant.role, Participant.delegation_id, Participant.focal_point,
                   LogStream.seq,
                   select(func.coalesce(func.max(HistorySeal.id), 0))
                   .where(HistorySeal.stream == LogStream.key).scalar_subquery())
_PART = (Participant.process_id == Process.id) & (Participant.user_id == bindparam("user"))
_READER_OF_PROCESS = (select(*_READER_COLUMNS).select_from(Process)
                      .outerjoin(Participant, _PART)
                      .outerjoin(LogStream, LogStream.key == _STREAM_OF_PROCESS)
                      .where(Process.id == bindparam("process")))
_READER_OF_DOCUMENT = (select(*_READER_COLUMNS).select_from(Document)
                       .join(Process, Process.id == Document.process_id)
                       .outerjoin(Participant, _PART)
                       .outerjoin(LogStream, LogStream.key == _STREAM_OF_PROCESS)
                       .where(Document.id == bindparam("document")))


def _reader(row: Any, action: Action, missing: str, outsider: str) -> Reader:
    if row is None:
        raise NotFound(missing)
    process_id, phase, observers_see, role, delegation_id, focal_point, seq, seal = row
    if role is None:
        raise NotFound(outsider)
    actor = Actor(user_id=0, role=Role(role), delegation_id=delegation_id,
                  focal_point=bool(focal_point))
    phase = Phase(phase)
    authorize(actor, action, phase)  # the policy decides, as access.enter has it decide
    settings = ProcessSettings(observers_see_amendments_in=frozenset(
        Phase(p) for p in observers_see or ()))
    return Reader(int(process_id), actor, phase, settings, (int(seq or 0), int(seal or 0)))


def reader_in_process(session: Session, user_id: int, process_id: int,
                      action: Action) -> Reader:
    """As access.enter(ctx, process_id, action), with the stamp: NotFound for an unknown
    process or one the person takes no part in, Forbidden where the policy refuses."""
    row = session.execute(_READER_OF_PROCESS, {"process": process_id,
                                               "user": user_id}).first()
    return _reader(row, action, f"No process {process_id}.", f"No process {process_id}.")


def reader_of_document(session: Session, user_id: int, document_id: int,
                       action: Action) -> Reader:
    """As text.service.load_document(ctx, document_id, action), with the stamp."""
    row = session.execute(_READER_OF_DOCUMENT, {"document": document_id,
                                                "user": user_id}).first()
    return _reader(row, action, f"No document {document_id}.", f"No document {document_id}.")


def end_transaction(session: Session) -> None:
    """End the read transaction (nothing was written) and give the connection back, so that
    no transaction stays open while the answer is serialised or a request waits."""
    session.commit()


# ---- audiences: what the person asking may see, as each read depends on it ---------------


def text_audience(reader: Reader) -> Hashable:
    """A revision's text: the paragraphs are everyone's; the actions beside them
    (policy.unit_actions, revision_actions) depend on the role and on whether the person
    speaks for a delegation (which one does not matter)."""
    actor = reader.actor
    return ("text", actor.role.value, actor.delegation_id is not None)


def amendments_audience(reader: Reader) -> Hashable:
    """Amendments: which ones (a delegation's own drafts) and the actions on each (its own,
    those it may support or co-sponsor) depend on the role, the delegation and focal point;
    never on the person."""
    actor = reader.actor
    return ("amendments", actor.role.value, actor.delegation_id, actor.focal_point)


_OWN = select(Amendment.id).where(Amendment.document_id == bindparam("document"),
                                 Amendment.delegation_id == bindparam("delegation")).limit(1)
_OWN_UNSUBMITTED = _OWN.where(Amendment.submitted_at.is_(None))


def compilation_audience(session: Session, reader: Reader, document_id: int) -> Hashable:
    """A compilation holds the amendments the person may see (amendments.visible_to):
    submitted ones where the policy shows attributed amendments, and their delegation's own.
    A delegation with no amendment of the document beyond those sees what anyone of the same
    visibility sees, so it shares their answer. (Read after the stamp: an answer is kept only
    when the stamp read after computing it is the same, so this too holds at the stamp.)"""
    sees = may_view_amendments(reader.actor, reader.phase, reader.settings)
    delegation = reader.actor.delegation_id
    if delegation is not None:
        own = _OWN_UNSUBMITTED if sees else _OWN
        if session.execute(own, {"document": document_id,
                                 "delegation": delegation}).first() is None:
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
               serialise: Callable[[Any], bytes], release: Callable[[], None],
               restamp: Callable[[], Stamp]) -> Cached:
        """The answer at ``stamp``: kept, computed by another request meanwhile, or computed
        here: ``compute`` reads the rows, ``restamp`` reads the stamp again, ``release`` ends
        the transaction, then ``serialise`` makes the bytes. The answer is kept only when
        the stamp did not move meanwhile (PostgreSQL's READ COMMITTED gives each statement
        its own snapshot; an unchanged stamp means no change to the process was committed
        between the two, so every row read holds at ``stamp``)."""
        found = self.lookup(slot, stamp)
        if found is not None:
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
            # Not kept (it failed, took too long, or the stamp moved): compute it here in a
            # new transaction, whose rows are as new as the stamp or newer; keep nothing.
            value = compute()
            release()
            body = serialise(value)
            return Cached(stamp, body, etag_of(body))
        try:
            value = compute()
            unmoved = restamp() == stamp
            release()
            body = serialise(value)
            made = Cached(stamp, body, etag_of(body))
            if unmoved:
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


def cached_read(session: Session, scope: Hashable, reader: Reader, audience: Hashable, *,
                compute: Callable[[], Any], adapter: TypeAdapter[Any]) -> Response:
    """Answer a read through the cache, for ``reader`` (the policy let them in) as one of
    ``audience``; ``compute`` makes the answer (a pydantic model, or what ``adapter``
    dumps). A hit serialises nothing: the request's transaction ends at teardown, as
    always."""
    made = cache().answer((scope, audience), reader.stamp, compute,
                          lambda value: adapter.dump_json(value),
                          lambda: end_transaction(session),
                          lambda: read_stamp(session, reader.process_id))
    return respond(made)
