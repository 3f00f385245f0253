"""``Idempotency-Key``: a write retried with the same key gets its first answer, never a
duplicate.

A signed-in client may send the header with any POST, PUT, PATCH or DELETE under /api/v1. The
first successful answer (its status and body) is stored under (person, key) in the same
transaction as the write, so an acknowledged write and its key commit together: a retry after
a lost answer, a restart or a 503 finds either both or neither. The same key again answers the
stored outcome (with ``Idempotent-Replayed: true``); the same key with another request (method,
path or body) is a 422; while the first request with a key is still running, another with it is
a 409. Keys are forgotten ``ACCORD_IDEMPOTENCY_SECONDS`` after their first answer.

A refused request (4xx) stores nothing, as it changed nothing: retrying it asks again. Nor does
a request that changed nothing (a preview), or an answer that holds a secret stored nowhere else
(a new bearer token).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Request, Response
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.core.errors import Conflict, Invalid
from server.models import IdempotencyKey

HEADER = "Idempotency-Key"
#: Said on an answer that is the stored first outcome, not a new one.
REPLAYED = "Idempotent-Replayed"
#: Visible ASCII, as the IETF draft's examples (UUIDs, random strings) are.
_KEY = re.compile(r"[\x21-\x7e]{1,255}")


class KeyInUse(Conflict):
    """The first request with this key has not finished."""

    code = "idempotency_key_in_use"


class KeyReused(Invalid):
    """The key was first sent with another request."""

    code = "idempotency_key_reused"


def requested_key(request: Request) -> str | None:
    """The request's key, if it sent one (422 when it is not a key)."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return None
    key = raw.strip()
    if not _KEY.fullmatch(key):
        raise Invalid(f"The {HEADER} header must be 1 to 255 visible ASCII characters.",
                      details={"fields": [{"field": HEADER, "problem": "not a valid key",
                                           "type": "idempotency_key"}]})
    return key


def fingerprint(request: Request) -> str:
    """What makes a request the same request: its method, path, query and body (a JSON body
    by its meaning, so that a retry serialised otherwise is still the same request)."""
    raw = request.get_data()
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode() \
            if raw else b""
    except (ValueError, RecursionError):
        body = raw
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.query_string, body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    """A key this request holds: the answer is stored under it if the request succeeds."""

    user_id: int
    key: str
    fingerprint: str
    since: datetime  # keys stored before this are forgotten


#: Keys whose first request is running in this process (requests of other processes are
#: seen through the database: PostgreSQL's advisory lock, SQLite's one writer at a time).
_RUNNING: set[tuple[int, str]] = set()
_RUNNING_LOCK = threading.Lock()


@contextlib.contextmanager
def running(user_id: int, key: str) -> Iterator[None]:
    """Hold ``key`` for the time of this request; 409 if another request holds it."""
    held = (user_id, key)
    with _RUNNING_LOCK:
        if held in _RUNNING:
            raise _in_use()
        _RUNNING.add(held)
    try:
        yield
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(held)


def _in_use() -> KeyInUse:
    return KeyInUse(f"A request with this {HEADER} is still running: wait for its answer, "
                    "or retry in a moment with the same key.", details={"retry": True})


def lock_id(user_id: int, key: str) -> int:
    """A signed 64-bit number for PostgreSQL's advisory lock on (person, key)."""
    digest = hashlib.sha256(f"{user_id}\0{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def stored(session: Session, claim: Claim) -> IdempotencyKey | None:
    """The first outcome stored under ``claim``'s key, if any; 422 if it answered another
    request. On PostgreSQL the key is locked for this transaction first (409 when another
    transaction holds it), so that the look-up sees whatever that one committed."""
    if session.get_bind().dialect.name == "postgresql":
        locked = session.execute(select(func.pg_try_advisory_xact_lock(
            lock_id(claim.user_id, claim.key)))).scalar_one()
        if not locked:
            raise _in_use()
    row = session.get(IdempotencyKey, (claim.user_id, claim.key), populate_existing=True)
    if row is None:
        return None
    if row.created_at < claim.since:
        session.delete(row)  # forgotten: the key starts afresh (with this request's write)
        session.flush()
        return None
    if row.fingerprint != claim.fingerprint:
        raise KeyReused(f"This {HEADER} was first sent with another request: use a new key "
                        "for a new request.", details={"fields": [
                            {"field": HEADER, "problem": "used before for another request",
                             "type": "idempotency_key_reused"}]})
    return row


def remember(session: Session, claim: Claim, response: Response, now: datetime) -> None:
    """Store ``response`` under the key, in the transaction about to commit (and forget the
    person's keys that expired)."""
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == claim.user_id,
                                                 IdempotencyKey.created_at < claim.since))
    session.add(IdempotencyKey(user_id=claim.user_id, key=claim.key,
                               fingerprint=claim.fingerprint, status=response.status_code,
                               body=response.get_data(), created_at=now))


def replay(row: IdempotencyKey) -> Response:
    """The stored first outcome, said to be one."""
    response = Response(row.body or None, status=row.status,
                        mimetype="application/json" if row.body else None)
    response.headers[REPLAYED] = "true"
    return response


def claim_for(user_id: int, key: str, request: Request, now: datetime,
              lifetime: timedelta) -> Claim:
    return Claim(user_id, key, fingerprint(request), now - lifetime)
