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
from the cache as from the database): its credential, the person's part in the process and
the stamp are read in one statement on a pooled connection, no ORM session made (see
``reader_of``). On a miss the rows are read in the request's session, then the stamp again:
the answer is kept only when it did not move, so everything it was computed from holds at
that stamp (the rows were read after the first stamp, and no change was committed before
the second: on PostgreSQL, READ COMMITTED, this is what proves it). The transaction ends
before the answer is serialised. Concurrent misses of one key compute it once: the others
wait for it without holding a connection.

Answers carry an ``ETag`` (a digest of their bytes); ``If-None-Match`` with it gets 304.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Literal

from flask import Response, current_app, g, request
from pydantic import TypeAdapter
from sqlalchemy import Engine, Select, String, bindparam, cast, exists, func, literal, select
from sqlalchemy.engine import Compiled, Dialect
from sqlalchemy.orm import Session

import server.features.auth.service as auth
from server.core.errors import NotFound, Unauthenticated
from server.core.phases import Phase
from server.core.policy import (
    Action,
    Actor,
    ProcessSettings,
    Role,
    authorize,
    may_view_amendments,
)
from server.features.auth.passwords import token_digest
from server.features.history.service import process_stream
from server.models import (
    Amendment,
    ApiToken,
    BrowserSession,
    Document,
    HistorySeal,
    LogStream,
    Participant,
    Process,
)
from server.web.context import browser_session_secret, current_user, db_session

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
    #: For a compilation: whether the person's delegation has amendments of the document, and
    #: whether any of them is not submitted (see compilation_audience).
    own: tuple[bool, bool] = (False, False)


# ---- who asks and what they may read there, in one statement ------------------------------
#
# A cached hit's whole cost is this statement: the credential (a bearer token's or a browser
# session's hash, checked by the rules of server.features.auth.service), the process and the
# person's part in it (what server.features.common.access.enter loads), and the stamp. It is
# compiled once per dialect and run on a pooled DBAPI connection, outside any transaction (one
# statement is one snapshot; on PostgreSQL in autocommit, so no BEGIN and no ROLLBACK round
# trip): no ORM session is made for a hit. Whatever it does not answer plainly (no credential,
# one not valid, no such document, the database failing) is answered as every other request
# is: the user is authenticated through the ORM first, then the same statement by user id.

_STREAM_OF_PROCESS = literal("process:", String) + cast(Process.id, String)
_READER_COLUMNS = (Process.id, Process.phase, Process.observers_see_amendments_in,
                   Participant.role, Participant.delegation_id, Participant.focal_point,
                   LogStream.seq,
                   select(func.coalesce(func.max(HistorySeal.id), 0))
                   .where(HistorySeal.stream == LogStream.key).scalar_subquery())
_OWN_OF_DOCUMENT = ((Amendment.document_id == Document.id)
                    & (Amendment.delegation_id == Participant.delegation_id))
_OWN_COLUMNS = (exists().where(_OWN_OF_DOCUMENT).correlate(Document, Participant),
                exists().where(_OWN_OF_DOCUMENT, Amendment.submitted_at.is_(None))
                .correlate(Document, Participant))

#: What a read is of: a process (its amendments), a document (a revision's text), or a
#: document with the person's own amendments of it (its compilation).
Of = Literal["process", "document", "compilation"]
#: Who asks: a bearer token, a browser session (their hashes), or a user already known.
Who = Literal["token", "session", "user"]


def _reader_statement(of: Of, who: Who) -> Select[Any]:
    user: Any
    columns: list[Any] = list(_READER_COLUMNS)
    if of == "compilation":
        columns += _OWN_COLUMNS
    credential: Any = bindparam("credential")
    now: Any = bindparam("now")
    if who == "token":
        user = ApiToken.user_id
    elif who == "session":
        user = BrowserSession.user_id
    else:
        user = bindparam("user")
    if who != "user":
        columns.append(user)
    if of == "process":
        statement = select(*columns).select_from(Process)
        where = Process.id == bindparam("key")
    else:
        statement = (select(*columns).select_from(Document)
                     .join(Process, Process.id == Document.process_id))
        where = Document.id == bindparam("key")
    if who == "token":
        statement = statement.outerjoin(ApiToken, auth.token_valid(credential, now))
    elif who == "session":
        statement = statement.outerjoin(BrowserSession, auth.session_open(credential, now))
    return (statement
            .outerjoin(Participant, (Participant.process_id == Process.id)
                       & (Participant.user_id == user))
            .outerjoin(LogStream, LogStream.key == _STREAM_OF_PROCESS)
            .where(where))


class Prepared:
    """A Core select compiled once per dialect, run on a pooled DBAPI connection with its
    columns' bind and result processing (building and compiling a statement, and SQLAlchemy's
    execution around it, cost several times what running this one does)."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def compiled_for(self, dialect: Dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _Compiled.of(self.statement, dialect)
        return found

    def first(self, engine: Engine, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row, in autocommit: one statement, one snapshot."""
        compiled = self.compiled_for(engine.dialect)
        arguments = compiled.arguments(params)
        postgresql = engine.dialect.name == "postgresql"
        raw = engine.raw_connection()
        try:
            connection: Any = raw.dbapi_connection
            if postgresql:
                connection.autocommit = True  # no BEGIN, no ROLLBACK: one round trip
            try:
                cursor = connection.cursor()
                try:
                    cursor.execute(compiled.sql, arguments)
                    row = cursor.fetchone()
                finally:
                    cursor.close()
            finally:
                if postgresql:
                    connection.autocommit = False  # as the pool hands it to sessions
        except BaseException:
            raw.invalidate()  # whatever state it is in, it is not given to anyone again
            raise
        finally:
            raw.close()
        return compiled.row(row) if row is not None else None


@dataclass(frozen=True)
class _Compiled:
    compiled: Compiled
    sql: str
    #: The parameters' names in order (a positional paramstyle), else None (named).
    order: tuple[str, ...] | None
    binds: dict[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]

    @classmethod
    def of(cls, statement: Select[Any], dialect: Dialect) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        binds: dict[str, Callable[[Any], Any]] = {}
        for name, parameter in compiled.binds.items():
            process = parameter.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                binds[name] = process
        results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                        for column in statement.selected_columns)
        order = tuple(compiled.positiontup or ()) if compiled.positional else None
        return cls(compiled, compiled.string, order, binds, results)

    def arguments(self, params: dict[str, Any]) -> Any:
        values: dict[str, Any] = dict(self.compiled.construct_params(params) or {})
        for name, process in self.binds.items():
            values[name] = process(values[name])
        return values if self.order is None else [values[name] for name in self.order]

    def row(self, row: Any) -> tuple[Any, ...]:
        return tuple(value if process is None else process(value)
                     for value, process in zip(row, self.results, strict=True))


_STATEMENTS: dict[tuple[Of, Who], Prepared] = {}


def _prepared(of: Of, who: Who) -> Prepared:
    found = _STATEMENTS.get((of, who))
    if found is None:
        found = _STATEMENTS[(of, who)] = Prepared(_reader_statement(of, who))
    return found


def _credential() -> tuple[Who, str] | None:
    """The request's credential as stored (its hash), when it is well formed: a bearer
    token, else the browser session's cookie (server.web.context.current_user's order)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        return "token", token_digest(token)
    secret = browser_session_secret()
    return ("session", token_digest(secret)) if secret else None


def _reader(row: Any, of: Of, action: Action, missing: str) -> Reader:
    if row is None:
        raise NotFound(missing)
    process_id, phase, observers_see, role, delegation_id, focal_point, seq, seal = row[:8]
    if role is None:
        raise NotFound(missing)  # an outsider learns no more than of a process that is not
    actor = Actor(user_id=0, role=Role(role), delegation_id=delegation_id,
                  focal_point=bool(focal_point))
    phase = Phase(phase)
    authorize(actor, action, phase)  # the policy decides, as access.enter has it decide
    settings = ProcessSettings(observers_see_amendments_in=frozenset(
        Phase(p) for p in observers_see or ()))
    own = (bool(row[8]), bool(row[9])) if of == "compilation" else (False, False)
    return Reader(int(process_id), actor, phase, settings, (int(seq or 0), int(seal or 0)),
                  own)


def reader_of(of: Of, key: int, action: Action) -> Reader:
    """Who asks, authenticated, and their part in the process of ``key`` (a process's id, or
    a document's): as current_user() then access.enter(ctx, process_id, action) (or
    text.service.load_document), with the stamp. Unauthenticated for a credential that is
    not valid (before anything about ``key`` is told), NotFound for an unknown process or
    document or one the person takes no part in, Forbidden where the policy refuses."""
    missing = f"No process {key}." if of == "process" else f"No document {key}."
    accord = current_app.extensions["accord"]
    credential = _credential()
    g.accord_authenticated = True  # below, or current_user() raises
    if credential is not None:
        who, digest = credential
        engine: Engine = accord.engine
        try:
            row = _prepared(of, who).first(engine, {"key": key, "credential": digest,
                                                    "now": accord.clock()})
        except engine.dialect.loaded_dbapi.Error:
            row = None  # answered below as any request is (a 503 when the database is down)
        if row is not None and row[-1] is not None:
            return _reader(row[:-1], of, action, missing)
    user = current_user()  # raises for a token that is not valid
    if user is None:
        raise Unauthenticated("Sign in, or send 'Authorization: Bearer <token>'.")
    found = db_session().execute(_prepared(of, "user").statement,
                                 {"key": key, "user": user.id}).first()
    return _reader(found, of, action, missing)


def reader_in_process(process_id: int, action: Action) -> Reader:
    """As access.enter(ctx, process_id, action), with the stamp."""
    return reader_of("process", process_id, action)


def reader_of_document(document_id: int, action: Action, *, own: bool = False) -> Reader:
    """As text.service.load_document(ctx, document_id, action), with the stamp (and, with
    ``own``, what compilation_audience needs)."""
    return reader_of("compilation" if own else "document", document_id, action)


def end_transaction() -> None:
    """End the request's read transaction, if it has one (nothing was written), and give the
    connection back, so that no transaction stays open while the answer is serialised or a
    request waits."""
    found = g.get("db_session")
    if found is not None:
        found.commit()


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


def compilation_audience(reader: Reader) -> Hashable:
    """A compilation holds the amendments the person may see (amendments.visible_to):
    submitted ones where the policy shows attributed amendments, and their delegation's own.
    A delegation with no amendment of the document beyond those sees what anyone of the same
    visibility sees, so it shares their answer (``reader.own``, read with the stamp: see
    reader_of_document)."""
    sees = may_view_amendments(reader.actor, reader.phase, reader.settings)
    delegation = reader.actor.delegation_id
    any_own, own_drafts = reader.own
    if delegation is not None and not (own_drafts if sees else any_own):
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
    # Stored by the browser, but asked again every time (If-None-Match): it may have changed.
    headers = [("ETag", made.etag), ("Cache-Control", "private, no-cache"),
               ("Vary", "Authorization, Cookie")]
    sent = request.environ.get("HTTP_IF_NONE_MATCH")
    if sent and (sent == made.etag  # what a browser sends back, without parsing it
                 or request.if_none_match.contains_weak(made.etag.strip('"'))):
        return Response(status=304, headers=headers)
    return Response(made.body, headers=headers, content_type="application/json")


def cached_read(scope: Hashable, reader: Reader, audience: Hashable, *,
                compute: Callable[[], Any], adapter: TypeAdapter[Any]) -> Response:
    """Answer a read through the cache, for ``reader`` (the policy let them in) as one of
    ``audience``; ``compute`` makes the answer (a pydantic model, or what ``adapter``
    dumps) in the request's session. A hit opens no session and serialises nothing."""
    made = cache().answer((scope, audience), reader.stamp, compute,
                          lambda value: adapter.dump_json(value), end_transaction,
                          lambda: read_stamp(db_session(), reader.process_id))
    return respond(made)
