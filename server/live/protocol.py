"""The whole live protocol in one place: every message in both directions, typed.

One namespace, ``/live``. A client connects with its bearer token (``auth={"token": ...}``) or
its browser session cookie, then subscribes to the processes it follows.

Every recorded change of a process is an event with the process's sequence number ``seq``
(1, 2, 3... with no gaps: it is the position of the change in the process's hash-chained
history). A client receives, for every ``seq``, either the event or, when the change is not
for its eyes (another delegation's draft, say), a ``hidden`` placeholder carrying nothing but
the number; so its sequence is gap-free and it knows it has missed nothing.

Client -> server (each answered through the Socket.IO acknowledgement):

    subscribe    {"process_id": int, "last_seq": int}   -> SubscribeAck | ErrorAck
                 Join the process's rooms; then every event after ``last_seq`` is sent from
                 the store (``replay: true``), followed by live events. When more than
                 ``MAX_REPLAY`` were missed the ack says ``reload: true``: fetch the state
                 over HTTP and subscribe again with the current ``seq``.
    unsubscribe  {"process_id": int}                    -> {"ok": true}
    presence     {"process_id": int}                    -> PresenceAck | ErrorAck
                 Who is connected, per delegation (co-facilitators and secretariat only).

Co-editing the working copy (each paragraph a Yjs document, see server/core/shared_text.py;
updates, state vectors and caret positions travel as base64 strings of Yjs's binary
encodings; the sync follows the Yjs protocol's step 1 (state vector) and step 2 (the diff)):

    coedit.join    {"document_id": int}                     -> CoeditJoinAck | ErrorAck
                   Follow the working copy live (pen-holders; delegations and observers
                   while it is shared): join its room; the ack lists the units with their
                   versions, the room (shared, under discussion) and the carets shown now.
    coedit.leave   {"document_id": int}                     -> {"ok": true}
    coedit.sync    {"document_id": int, "unit": str, "state_vector": b64}
                                                            -> CoeditSyncAck | ErrorAck
                   Sync step 1 for one paragraph; the ack is step 2 (``update``: what the
                   client lacks) with the server's own step 1 (``state_vector``): the client
                   applies the update, then sends what the server lacks as a coedit.update
                   (Y.encodeStateAsUpdate(doc, state_vector)), unless that is empty.
    coedit.update  {"document_id": int, "unit": str, "update": b64, "revision_id"?: int}
                                                            -> CoeditUpdateAck | ErrorAck
                   A pen-holder's change (Yjs v1 update). Stored and committed before the
                   ack; the unit's text follows; then sent to the room. ``changed: false``:
                   the server had it already (sent again after a reconnection: harmless).
                   ``out_of_sync``: it builds on changes the server lacks: sync, then send.
                   ``stale``: ``revision_id`` (the working copy joined, as the join ack
                   said) was published meanwhile: drop every paragraph's document, join again.
    coedit.caret   {"document_id": int, "unit": str | null, "anchor": b64 | null,
                    "head": b64 | null}                     -> {"ok": true} | ErrorAck
                   Where a pen-holder's caret is (Yjs relative positions, so they survive
                   others' edits); ``unit: null``: editing nothing now.

Every message is validated (the models below: ``SubscribeIn``...; strict types, ids in
0..2**31-1, sizes bounded) before anything else; a message that fails is answered
``invalid`` with ``details.fields`` as the API's 422, and the connection stays usable.

Server -> client:

    event        Event      a change (see EVENT_TYPES), or {"type": "hidden"}
    presence     Presence   the connected count per delegation changed (staff rooms)
    resubscribe  {"process_id": int, "reason": str}
                 Roles or the phase changed: subscribe again (with the last seq seen) so
                 that the rooms match what the participant may now see.
    access.changed  AccessChanged
                 What the participant may see in a process changed (a role, the phase, the
                 observers' setting, their removal): the server has moved the connection's
                 rooms already (``subscribed: false``: it follows the process no more, with
                 the reason in ``error``); subscribe again to catch up.
    access.ended    ErrorAck (code ``unauthenticated``)
                 The token was revoked or the session ended (sign-out, a password change or
                 reset, an administrator signing the person out): the connection has left
                 every room and is closed right after.
    coedit.update   CoeditUpdate   another pen-holder's change of a paragraph (apply it)
    coedit.caret    CoeditCaret    a pen-holder's caret moved (``unit: null``: gone)
    coedit.resync   {"document_id": int, "unit": str}
                    a paragraph changed another way (an edit over HTTP, an amendment
                    applied): sync it again (coedit.sync with the state vector)
    coedit.reset    {"document_id": int, "reason": str}
                    the working copy's structure changed (units inserted, removed,
                    renumbered, imported, published, amendments applied) or its sharing
                    did: load it again and coedit.join again (after sharing stops, only
                    pen-holders may)

A client keeps, per paragraph, its Yjs document across reconnections: after reconnecting it
joins again and syncs every paragraph it holds with its state vector, so edits made while
the connection was cut reach the server (and nothing typed is lost); edits it sent but saw
no ack for are simply in what the server lacks, and sent again by that sync. The browser
also keeps each paragraph with unacknowledged edits in localStorage (per working copy), so a
page closed while offline hands them to the next page of that working copy. When a join
answers another ``revision_id`` than before (the working copy was published), it drops every
paragraph's document: their items must never be sent into the new working copy. It starts a
paragraph's document empty and takes no typing into it before its first sync (the server's
content arrives by the sync; text typed into an empty document would be inserted twice). It
sends one coedit.update per paragraph at a time and merges what is typed meanwhile into the
next (Y.mergeUpdates): the server handles messages concurrently, and an update overtaking
the one it builds on is refused as ``out_of_sync`` (harmless, but a sync more).

Errors have the API's shape: {"ok": false, "error": {"code", "message", "details"}}.
Connecting without a valid token or session is refused: ``connect_error`` whose ``message`` is
the sentence and whose ``data`` is {"code": "unauthenticated", "message", "details"}. A browser
page may connect only from the server's own origin (``ACCORD_ALLOWED_ORIGINS``); a client
sending no ``Origin`` header authenticates with its token. Every later message is checked
again, and access is re-evaluated by the server as soon as it changes (see ``access.changed``
and ``access.ended``): no event reaches a connection after its access ended, whatever the
client does with those messages. Someone outside the process gets ``not_found``.

What a client must do (tests/support/liveclient.py is the reference implementation):

* Keep, per process, the last seq delivered in order (``last_seq``); deliver ``last_seq + 1``
  next and buffer anything later: events can arrive out of order (replay and live events
  interleave, and with several server processes live events come from each of them).
* Drop an event whose seq is at or below ``last_seq``: around a subscription an event may
  come both from the store and live.
* A delegation's member receives both its own draft's event and the ``hidden`` placeholder
  (sent to everyone), always the full event first: the full event for a seq replaces a
  buffered placeholder, and a placeholder never replaces a full event. (Staff-only and
  amendment events go to a room and its complement, so each subscriber gets one of the two.)
* The ack can arrive before the replayed events: the catch-up is complete once ``last_seq``
  reaches the ack's ``head_seq``.
* On ``resubscribe``, and after every reconnection, subscribe again with ``last_seq``.
* On ``reload: true``, fetch the state over HTTP and subscribe with ``head_seq``.

Presence counts the deployment's connections: with several server processes (``REDIS_URL``)
each keeps its count in Redis, renewed while it runs, so the connections of a process that
stopped drop out of the count within ``ACCORD_PRESENCE_SECONDS`` (server/live/presence.py).
A process's events reach each client in seq order, whichever process recorded them.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal, NotRequired, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr

from server.core.events import CATALOGUE, Audience, EventType

NAMESPACE = "/live"
#: Above this many missed events a client reloads over HTTP instead of replaying (the
#: default of ``MAX_REPLAY`` in config.py, ``ACCORD_MAX_REPLAY``).
MAX_REPLAY = 2_000

#: The event types a process's subscribers can receive, which are the history's action names,
#: with what each records: the catalogue (server/core/events.py) less the accounts' events,
#: which are never sent.
EVENT_TYPES: dict[str, str] = {
    event.value: spec.description for event, spec in CATALOGUE.items()
    if spec.audience is not Audience.NOBODY}

#: Events after which subscribers recompute what they may see (the server re-evaluates every
#: subscriber's rooms at once, then asks them to subscribe again).
RESUBSCRIBE_ON = frozenset(event.value for event, spec in CATALOGUE.items() if spec.resubscribe)
#: Account events (never sent) after which the person's connections are checked again: a
#: token or session that ended closes its connections.
CREDENTIALS_CHECK_ON = frozenset(event.value for event in (
    EventType.TOKEN_REVOKED, EventType.SESSION_ENDED, EventType.PASSWORD_CHANGED,
    EventType.PASSWORD_RESET, EventType.ACCOUNT_SIGNED_OUT))


class Event(TypedDict):
    """A change, as every entitled subscriber receives it."""

    process_id: int
    seq: int
    type: str  # a key of EVENT_TYPES, or "hidden"
    at: NotRequired[str]  # ISO 8601 UTC
    actor_id: NotRequired[int | None]
    subject: NotRequired[str]  # "amendment:42"
    #: How a person reads it: "Mexico submitted an amendment to OP12." (the catalogue's
    #: sentence with the names, as the receiver may see them). Never on a placeholder.
    sentence: NotRequired[str]
    #: What the sentence is made of, for the browser to say it in the reader's language
    #: (client/i18n/events: the template of ``type`` filled with these): names and labels as
    #: they are ("Mexico", "OP12"), or catalogue words ({"word": "actor.co_facilitator"}).
    #: Absent on a placeholder and on entries sent while catching up.
    facts: NotRequired[dict[str, Any]]
    data: NotRequired[dict[str, Any]]  # the change's recorded details
    replay: NotRequired[bool]  # sent from the store while catching up


class SubscribeAck(TypedDict):
    ok: Literal[True]
    process_id: int
    #: The last seq in the store when the subscription was made.
    head_seq: int
    replayed: int
    reload: bool
    role: str


class DelegationPresence(TypedDict):
    delegation: str | None  # None: co-facilitators, secretariat and observers
    connected: int


class Presence(TypedDict):
    process_id: int
    delegations: list[DelegationPresence]


class PresenceAck(TypedDict):
    ok: Literal[True]
    presence: Presence


class ErrorBody(TypedDict):
    code: str
    message: str
    details: dict[str, Any]


class ErrorAck(TypedDict):
    ok: Literal[False]
    error: ErrorBody


class CoeditUnit(TypedDict):
    key: str
    version: int


class CoeditCaret(TypedDict):
    document_id: int
    #: One connection of one pen-holder (a random id, not the socket's).
    peer: str
    user_id: int
    name: str
    unit: str | None
    anchor: str | None  # base64 of Y.encodeRelativePosition
    head: str | None


class CoeditRoom(TypedDict):
    shared: bool
    under_discussion: str | None
    under_discussion_number: str | None
    working_copy_visible: bool
    actions: list[str]


class CoeditJoinAck(TypedDict):
    ok: Literal[True]
    process_id: int
    document_id: int
    revision_id: int
    version: int
    units: list[CoeditUnit]
    room: CoeditRoom
    carets: list[CoeditCaret]


class CoeditSyncAck(TypedDict):
    ok: Literal[True]
    update: str  # base64: what the client lacks
    state_vector: str  # base64: what the server has
    version: int


class CoeditUpdateAck(TypedDict):
    ok: Literal[True]
    changed: bool
    version: int
    seq: int


class CoeditUpdate(TypedDict):
    document_id: int
    unit: str
    update: str  # base64, Yjs v1
    version: int
    user_id: int


#: Events after which a document's co-editors load the working copy again (coedit.reset).
COEDIT_RESET_ON = frozenset({"working_copy.unit_inserted", "working_copy.unit_deleted",
                             "working_copy.renumbered", "working_copy.imported",
                             "revision.published", "working_copy.shared",
                             # may insert or remove paragraphs as well as change text
                             "amendment.applied"})
#: Events about one unit after which its co-editors sync it again (coedit.resync): every
#: recorded change of a unit's text, except the co-edits that were sent as updates.
COEDIT_NO_RESYNC = frozenset({"working_copy.unit_coedited"})
#: The largest base64 update, state vector or position accepted in one message.
MAX_COEDIT_BYTES = 400_000


class AccessChanged(TypedDict):
    process_id: int
    #: The event that changed it (``participant.removed``, ``process.configured``...).
    reason: str
    subscribed: bool
    role: str | None  # the role the rooms are for now (None: no longer subscribed)
    error: NotRequired[ErrorBody]  # why it follows the process no more


# ---- what clients send (validated before anything else) -------------------------------------


def _is_base64(value: str) -> str:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    return value


#: An id or a sequence number (as PostgreSQL's integer holds them).
Id = Annotated[StrictInt, Field(ge=0, lt=2**31)]
#: A unit's key ("op12").
UnitKey = Annotated[StrictStr, Field(min_length=1, max_length=40)]
#: A Yjs update or state vector.
Base64 = Annotated[StrictStr, Field(max_length=MAX_COEDIT_BYTES), AfterValidator(_is_base64)]
#: A Yjs relative position.
Position = Annotated[StrictStr, Field(max_length=200), AfterValidator(_is_base64)]


class Message(BaseModel):
    """A client's message: unknown keys are ignored, known ones must have their type."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class ConnectIn(Message):
    token: Annotated[StrictStr, Field(min_length=1, max_length=200)] | None = None


class SubscribeIn(Message):
    process_id: Id
    last_seq: Id


class ProcessIn(Message):
    """unsubscribe, presence"""

    process_id: Id


class DocumentIn(Message):
    """coedit.join, coedit.leave"""

    document_id: Id


class CoeditSyncIn(DocumentIn):
    unit: UnitKey
    state_vector: Base64


class CoeditUpdateIn(DocumentIn):
    unit: UnitKey
    update: Base64
    revision_id: Id | None = None


class CoeditCaretIn(DocumentIn):
    unit: UnitKey | None = None
    anchor: Position | None = None
    head: Position | None = None


#: Every event a client may send, with the model its payload must satisfy.
CLIENT_MESSAGES: dict[str, type[Message]] = {
    "subscribe": SubscribeIn, "unsubscribe": ProcessIn, "presence": ProcessIn,
    "coedit.join": DocumentIn, "coedit.leave": DocumentIn, "coedit.sync": CoeditSyncIn,
    "coedit.update": CoeditUpdateIn, "coedit.caret": CoeditCaretIn,
}


def hidden(process_id: int, seq: int) -> Event:
    return {"process_id": process_id, "seq": seq, "type": "hidden"}


def error_ack(code: str, message: str, details: dict[str, Any] | None = None) -> ErrorAck:
    return {"ok": False, "error": {"code": code, "message": message, "details": details or {}}}


# ---- rooms ----------------------------------------------------------------------------------


def room_everyone(process_id: int) -> str:
    return f"p{process_id}"


def room_staff(process_id: int) -> str:
    return f"p{process_id}:staff"


def room_amendments(process_id: int) -> str:
    """Those who may see attributed amendments now (observers only where the setting says)."""
    return f"p{process_id}:amendments"


def room_not_staff(process_id: int) -> str:
    """The complement of the staff room: they receive placeholders for staff-only events."""
    return f"p{process_id}:!staff"


def room_no_amendments(process_id: int) -> str:
    """The complement of the amendments room (placeholders for attributed amendments)."""
    return f"p{process_id}:!amendments"


def room_delegation(process_id: int, delegation_id: int) -> str:
    return f"p{process_id}:d{delegation_id}"


#: The room of access signals: nobody is in it; the client managers (server/live/access.py)
#: act on what is sent to it, in every server process, in the order of the events.
ACCESS_SIGNAL = "accord.access"


def room_coedit(process_id: int, document_id: int) -> str:
    """Those following a document's working copy live (co-editors, the room screen)."""
    return f"p{process_id}:wc{document_id}"
