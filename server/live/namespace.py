"""The /live namespace: connect, subscribe (with catch-up from the store), presence.

Every message passes one choke point (:meth:`LiveNamespace._answer`): its payload is validated
against the protocol's model, then it is authorised again through the policy module. And the
server does not wait for the next message when access changes: a signal from the
broadcaster (server/live/access.py) has every server process re-evaluate the connections
concerned at once, moving their rooms or closing them.
"""

from __future__ import annotations

import base64
import logging
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from flask import Flask, current_app, request
from flask_socketio import ConnectionRefusedError as Refused
from flask_socketio import SocketIO
from pydantic import ValidationError
from sqlalchemy import select

import server.features.auth.service as accounts
import server.features.coedit.service as coedit
from server.core.errors import DomainError, Invalid, NotFound, Unauthenticated
from server.core.events import Audience, audience_of
from server.core.policy import (
    Action,
    Actor,
    authorize,
    live_audiences,
    may_receive,
    may_see_presence,
)
from server.core.shared_text import BadUpdate
from server.db import read_only, set_read_only
from server.features.common.access import (
    actors_in,
    enter,
    enter_or_administer,
    phase_of,
    settings_of,
)
from server.features.common.context import Ctx
from server.features.history.sentences import described
from server.features.history.service import process_stream
from server.live import access, websocket
from server.live import protocol as p
from server.live.broadcaster import event_of
from server.live.presence import PRESENCE_TTL, Presence, presence_for
from server.models import Delegation, LogEntry, LogStream, Process, User
from server.web.context import db_session
from server.web.routing import validation_details

log = logging.getLogger(__name__)
M = TypeVar("M", bound=p.Message)


#: The role of a subscription of an administrator without a role in the process (what they
#: hear is the policy's: server.core.policy.live_audiences).
ADMINISTERING = "administrator"


@dataclass(frozen=True)
class Subscription:
    """The rooms one connection joined for one process, and for whom."""

    role: str
    delegation_id: int | None
    rooms: frozenset[str]


@dataclass
class Connection:
    user_id: int
    #: The bearer token it connected with, or None for a browser session.
    token: str | None
    #: The browser session's cookie value (checked again at every message and signal).
    session_secret: str | None = None
    #: When the token or session expires (then the connection closes).
    expires_at: datetime | None = None
    #: process id -> the rooms joined for it
    subscriptions: dict[int, Subscription] = field(default_factory=dict)
    #: document id -> process id, for the working copies followed live
    coediting: dict[int, int] = field(default_factory=dict)
    #: This connection's id among co-editors (shown with its caret).
    peer: str = field(default_factory=lambda: secrets.token_hex(6))
    #: Held while its rooms are decided: a subscription and a re-evaluation never interleave.
    lock: threading.RLock = field(default_factory=threading.RLock)


class LiveNamespace:
    """State and handlers of /live (one per app)."""

    def __init__(self, socketio: SocketIO, app: Flask | None = None, *,
                 max_replay: int = p.MAX_REPLAY, expiry_check: float = 30.0) -> None:
        self.socketio = socketio
        self.app = app
        #: How often connections whose token or session expired are looked for, in seconds.
        self.expiry_check = expiry_check
        self._expiry_watch_started = False
        self._expiry_watch_lock = threading.Lock()
        #: Above this many missed events a client reloads over HTTP instead of replaying.
        self.max_replay = max_replay
        self.connections: dict[str, Connection] = {}
        #: Who is in the room: this process's count, or the deployment's through Redis.
        self.presence: Presence = presence_for(
            app.config.get("REDIS_URL"), app.config["DEPLOYMENT"],
            app.config.get("PRESENCE_SECONDS", PRESENCE_TTL)) if app is not None \
            else Presence()
        self.presence.start(socketio.start_background_task)
        self._carets_lock = threading.Lock()
        #: document id -> peer -> the caret last shown (this server process's pen-holders)
        self.carets: dict[int, dict[str, p.CoeditCaret]] = {}

    # ---- plumbing ---------------------------------------------------------------------------

    def _ctx(self, user: User | None) -> Ctx:
        return Ctx(session=db_session(), user=user, now=current_app.extensions["accord"].clock)

    def _user(self, connection: Connection) -> User | None:
        """The connection's user, again: a revoked token or an ended session stops working
        at once."""
        found = accounts.signed_in_until(self._ctx(None), token=connection.token,
                                         session=connection.session_secret)
        if found is None or found[0].id != connection.user_id:
            return None
        connection.expires_at = found[1]
        return found[0]

    def _signed_in(self, connection: Connection) -> User:
        user = self._user(connection)
        if user is None:
            # Its access ended (an expiry, say, which no signal announces): nothing more
            # reaches it; the answer says why.
            self._leave_all(_sid())
            raise Unauthenticated("Your session has ended or your token is no longer valid: "
                                  "sign in again.")
        return user

    def _connection(self) -> Connection:
        connection = self.connections.get(_sid())
        if connection is None:
            raise DomainError("Not connected.")
        return connection

    def _answer(self, name: str, args: tuple[Any, ...],
                act: Callable[[Any], Mapping[str, Any]], *,
                writes: bool = False) -> dict[str, Any]:
        """The one way in for a client's message: validate it against the protocol's model,
        act, and answer either the act's ack or the one error shape."""
        if writes:
            # A writer says so each time: whoever handled an earlier event in this thread or
            # greenlet may have left it reading only (Ctx.commit does), and SQLite would then
            # begin deferred.
            set_read_only(False)
        with _reading(not writes):
            try:
                return dict(act(_parse(p.CLIENT_MESSAGES[name], args)))
            except DomainError as error:
                return dict(p.error_ack(error.code, error.message, error.details))
            except Exception:  # a bug: logged, answered, and the connection stays usable
                log.exception("the live message %s failed", name)
                return dict(p.error_ack("internal", "The server could not handle this "
                                                    "message."))

    # ---- handlers ---------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        with read_only():
            self._connect(auth)

    def _connect(self, auth: Any) -> None:
        try:
            given = p.ConnectIn.model_validate(auth) if isinstance(auth, dict) \
                else p.ConnectIn()
        except ValidationError as error:
            _refuse("invalid", "The connection's auth is {\"token\": \"...\"}.",
                    validation_details(error))
        connection: Connection | None = None
        if given.token is not None:
            connection = Connection(0, given.token)
        else:
            cookie = request.cookies.get(current_app.session_interface.get_cookie_name(
                current_app))
            if cookie and len(cookie) <= 200:
                connection = Connection(0, None, session_secret=cookie)
        if connection is not None:
            found = accounts.signed_in_until(self._ctx(None), token=connection.token,
                                             session=connection.session_secret)
            if found is not None:
                connection.user_id, connection.expires_at = found[0].id, found[1]
                self.connections[_sid()] = connection
                self._watch_expiry()
                return
        _refuse("unauthenticated", "Sign in, or connect with a token.")

    def on_disconnect(self, *_reason: Any) -> None:
        with read_only():
            self._disconnect()

    def _disconnect(self) -> None:
        connection = self.connections.pop(_sid(), None)
        if connection is None:
            return
        for process_id, subscription in connection.subscriptions.items():
            if subscription.role != ADMINISTERING:
                self.presence.change(process_id, subscription.delegation_id, -1)
            self._announce_presence(process_id)
        for document_id, process_id in connection.coediting.items():
            self._drop_caret(connection, document_id, process_id)

    def on_subscribe(self, *args: Any) -> dict[str, Any]:
        return self._answer("subscribe", args, self._subscribe)

    def _subscribe(self, message: p.SubscribeIn) -> Mapping[str, Any]:
        connection = self._connection()
        sid = _sid()
        with connection.lock:
            # The rooms are decided under the connection's lock, from a snapshot begun after
            # it was taken: a re-evaluation signalled meanwhile runs before or after, never
            # between reading the access and joining the rooms.
            ctx = self._ctx(self._signed_in(connection))
            process, actor = enter_or_administer(ctx, message.process_id, Action.VIEW_PROCESS)
            if actor is None:  # an administrator without a role in the process
                self._move(sid, connection, process.id, None,
                           self._rooms(process, None, is_admin=True), administering=True)
            else:
                self._move(sid, connection, process.id, actor, self._rooms(process, actor))
        # The head and the missed entries are read only now that the rooms are joined, in a
        # new snapshot (SQLite's began with the first read above): a change committed after
        # this read is published after it too, so it reaches the rooms live. One committed
        # before may arrive both ways; the client drops the duplicate seq.
        ctx.session.rollback()
        head = ctx.session.scalars(select(LogStream.seq).where(
            LogStream.key == process_stream(process.id))).one()
        resequencer = getattr(self.socketio.server.manager, "resequencer", None)
        if resequencer is not None:  # where this process's events start, if none seen yet
            resequencer.note_head(process.id, head)
        replayed, reload = self._replay(ctx, process, actor, message.last_seq, head)
        self._announce_presence(process.id)
        ack: p.SubscribeAck = {"ok": True, "process_id": process.id, "head_seq": head,
                               "replayed": replayed, "reload": reload,
                               "role": actor.role.value if actor else ADMINISTERING}
        return ack

    def on_unsubscribe(self, *args: Any) -> dict[str, Any]:
        return self._answer("unsubscribe", args, self._unsubscribe)

    def _unsubscribe(self, message: p.ProcessIn) -> Mapping[str, Any]:
        connection = self._connection()
        with connection.lock:
            self._move(_sid(), connection, message.process_id, None, frozenset())
        self._announce_presence(message.process_id)
        return {"ok": True}

    def on_presence(self, *args: Any) -> dict[str, Any]:
        return self._answer("presence", args, self._presence)

    def _presence(self, message: p.ProcessIn) -> Mapping[str, Any]:
        ctx = self._ctx(self._signed_in(self._connection()))
        _, actor = enter(ctx, message.process_id, Action.VIEW_PROCESS)
        if not may_see_presence(actor):
            return p.error_ack("forbidden", "Presence is shown to the co-facilitators and "
                                            "secretariat.")
        ack: p.PresenceAck = {"ok": True, "presence": self._presence_of(message.process_id)}
        return ack

    # ---- co-editing (see protocol.py) ----------------------------------------------------

    def on_coedit_join(self, *args: Any) -> dict[str, Any]:
        return self._answer("coedit.join", args, self._coedit_join)

    def _coedit_join(self, message: p.DocumentIn) -> Mapping[str, Any]:
        document_id = message.document_id
        connection = self._connection()
        with connection.lock:
            joined = coedit.join(self._ctx(self._signed_in(connection)), document_id)
            self.socketio.server.enter_room(_sid(), p.room_coedit(joined.process_id,
                                                                  document_id),
                                            namespace=p.NAMESPACE)
            connection.coediting[document_id] = joined.process_id
        room = joined.room
        with self._carets_lock:
            carets = [c for peer, c in self.carets.get(document_id, {}).items()
                      if peer != connection.peer]
        ack: p.CoeditJoinAck = {
            "ok": True, "process_id": joined.process_id, "document_id": document_id,
            "revision_id": joined.revision_id, "version": joined.version,
            "units": [{"key": k, "version": v} for k, v in joined.units],
            "room": {"shared": room.shared, "under_discussion": room.under_discussion,
                     "under_discussion_number": room.under_discussion_number,
                     "working_copy_visible": room.working_copy_visible,
                     "actions": [a.value for a in room.actions]},
            "carets": carets}
        return ack

    def on_coedit_leave(self, *args: Any) -> dict[str, Any]:
        return self._answer("coedit.leave", args, self._coedit_leave)

    def _coedit_leave(self, message: p.DocumentIn) -> Mapping[str, Any]:
        connection = self._connection()
        with connection.lock:
            self._stop_coediting(_sid(), connection, message.document_id)
        return {"ok": True}

    def on_coedit_sync(self, *args: Any) -> dict[str, Any]:
        # Writes: a paragraph's shared document is stored when first asked for.
        return self._answer("coedit.sync", args, self._coedit_sync, writes=True)

    def _coedit_sync(self, message: p.CoeditSyncIn) -> Mapping[str, Any]:
        document_id, key = message.document_id, message.unit
        try:
            synced = coedit.sync(self._ctx(self._signed_in(self._connection())), document_id,
                                 key, _decoded(message.state_vector))
        except BadUpdate as error:
            return p.error_ack("invalid", f"Not a Yjs state vector: {error}",
                               {"field": "state_vector"})
        if synced.reconciled:
            self._resync(synced.process_id, document_id, key)
        ack: p.CoeditSyncAck = {"ok": True, "update": _b64(synced.update),
                                "state_vector": _b64(synced.state_vector),
                                "version": synced.version}
        return ack

    def on_coedit_update(self, *args: Any) -> dict[str, Any]:
        return self._answer("coedit.update", args, self._coedit_update, writes=True)

    def _coedit_update(self, message: p.CoeditUpdateIn) -> Mapping[str, Any]:
        document_id, key = message.document_id, message.unit
        connection = self._connection()
        ctx = self._ctx(self._signed_in(connection))
        received = coedit.receive(ctx, document_id, key, _decoded(message.update),
                                  revision_id=message.revision_id)
        if received.reconciled:
            self._resync(received.process_id, document_id, key)
        if received.changed:
            # Committed: now the others may have it (not the sender, who has it).
            relay: p.CoeditUpdate = {"document_id": document_id, "unit": key,
                                     "update": message.update, "version": received.version,
                                     "user_id": connection.user_id}
            self.socketio.emit("coedit.update", relay,
                               to=p.room_coedit(received.process_id, document_id),
                               skip_sid=_sid(), namespace=p.NAMESPACE)
        ack: p.CoeditUpdateAck = {"ok": True, "changed": received.changed,
                                  "version": received.version, "seq": received.seq}
        return ack

    def on_coedit_caret(self, *args: Any) -> dict[str, Any]:
        return self._answer("coedit.caret", args, self._coedit_caret)

    def _coedit_caret(self, message: p.CoeditCaretIn) -> Mapping[str, Any]:
        document_id, key = message.document_id, message.unit
        anchor = message.anchor if key is not None else None
        head = message.head if key is not None else None
        connection = self._connection()
        process_id, name = coedit.check_caret(self._ctx(self._signed_in(connection)),
                                              document_id, key)
        caret: p.CoeditCaret = {"document_id": document_id, "peer": connection.peer,
                                "user_id": connection.user_id, "name": name,
                                "unit": key, "anchor": anchor, "head": head}
        with self._carets_lock:
            shown = self.carets.setdefault(document_id, {})
            if key is None:
                shown.pop(connection.peer, None)
            else:
                shown[connection.peer] = caret
        self.socketio.emit("coedit.caret", caret, to=p.room_coedit(process_id, document_id),
                           skip_sid=_sid(), namespace=p.NAMESPACE)
        return {"ok": True}

    def _resync(self, process_id: int, document_id: int, key: str) -> None:
        """The server's document followed a text changed another way (committed now): those
        following the paragraph sync it again."""
        self.socketio.emit("coedit.resync", {"document_id": document_id, "unit": key},
                           to=p.room_coedit(process_id, document_id), namespace=p.NAMESPACE)

    def _drop_caret(self, connection: Connection, document_id: int, process_id: int) -> None:
        with self._carets_lock:
            caret = self.carets.get(document_id, {}).pop(connection.peer, None)
        if caret is not None:
            gone: p.CoeditCaret = {**caret, "unit": None, "anchor": None, "head": None}
            self.socketio.emit("coedit.caret", gone, to=p.room_coedit(process_id, document_id),
                               namespace=p.NAMESPACE)

    # ---- access re-evaluated when it changes (signalled by the broadcaster) -----------------

    def reevaluate(self, signal: access.Signal) -> None:
        """Act on an access signal, in whichever thread the client manager delivers it."""
        assert self.app is not None, "register() gives the namespace its app"
        with self.app.app_context(), read_only():
            if signal["kind"] == "credentials":
                self._recheck_credentials(signal["user_id"])
            elif signal["kind"] == "process":
                self._recheck_process(signal["process_id"], signal["reason"])

    def _recheck_credentials(self, user_id: int) -> None:
        for sid, connection in list(self.connections.items()):
            if connection.user_id != user_id:
                continue
            with connection.lock:
                if self._user(connection) is None:
                    self._end(sid, connection)

    def _recheck_process(self, process_id: int, reason: str) -> None:
        """Every connection following the process gets the rooms its participant may be in
        now (policy decides, as at subscribe), or none. Their people and parts are read in
        one go (a phase change concerns every subscriber)."""
        targets = [(sid, c) for sid, c in list(self.connections.items())
                   if process_id in c.subscriptions or process_id in c.coediting.values()]
        if not targets:
            return
        ctx = self._ctx(None)
        users = {u.id: u for u in ctx.session.scalars(select(User).where(
            User.id.in_({c.user_id for _, c in targets})))}
        process, actors = actors_in(ctx, process_id, list(users))
        moved = False
        for sid, connection in targets:
            with connection.lock:
                user = users.get(connection.user_id)
                if user is None:  # the account is gone
                    self._end(sid, connection)
                    continue
                before = connection.subscriptions.get(process_id)
                if before is not None:
                    moved = True
                    self._recheck_subscription(sid, connection, process, process_id,
                                               actors.get(user.id), reason, before,
                                               administrator=user.is_admin)
                for document_id in [d for d, pid in connection.coediting.items()
                                    if pid == process_id]:
                    try:
                        coedit.join(self._ctx(user), document_id)
                    except DomainError:
                        self._stop_coediting(sid, connection, document_id)
                        self.socketio.emit("coedit.reset", {"document_id": document_id,
                                                            "reason": reason},
                                           to=sid, namespace=p.NAMESPACE)
        if moved:
            self._announce_presence(process_id)

    def _recheck_subscription(self, sid: str, connection: Connection, process: Process | None,
                              process_id: int, actor: Actor | None, reason: str,
                              before: Subscription, *, administrator: bool = False) -> None:
        changed: p.AccessChanged
        if process is not None and actor is None and administrator:
            rooms = self._rooms(process, None, is_admin=True)
            self._move(sid, connection, process_id, None, rooms, administering=True)
            if rooms == before.rooms and before.role == ADMINISTERING:
                return
            changed = {"process_id": process_id, "reason": reason, "subscribed": True,
                       "role": ADMINISTERING}
            self.socketio.emit("access.changed", changed, to=sid, namespace=p.NAMESPACE)
            return
        try:
            if process is None or actor is None:
                # Worded as enter() words it for an outsider: ids do not leak.
                raise NotFound(f"No process {process_id}.")
            authorize(actor, Action.VIEW_PROCESS, phase_of(process))
        except DomainError as error:
            self._move(sid, connection, process_id, None, frozenset())
            changed = {"process_id": process_id, "reason": reason, "subscribed": False,
                       "role": None, "error": {"code": error.code, "message": error.message,
                                               "details": error.details}}
        else:
            rooms = self._rooms(process, actor)
            self._move(sid, connection, process_id, actor, rooms)
            if rooms == before.rooms and actor.role.value == before.role:
                return
            changed = {"process_id": process_id, "reason": reason, "subscribed": True,
                       "role": actor.role.value}
        self.socketio.emit("access.changed", changed, to=sid, namespace=p.NAMESPACE)

    def _watch_expiry(self) -> None:
        """Start, once, the task that closes the connections whose token or session expired
        (an expiry is no event: nothing else would tell)."""
        if self.app is None or self.expiry_check <= 0:
            return
        with self._expiry_watch_lock:
            if self._expiry_watch_started:
                return
            self._expiry_watch_started = True
        self.socketio.start_background_task(self._expiry_watch)

    def _expiry_watch(self) -> None:
        while True:
            self.socketio.sleep(self.expiry_check)
            try:
                self.close_expired()
            except Exception:  # the next round tries again
                log.exception("closing expired live connections failed")

    def close_expired(self) -> None:
        """Close the connections whose token or session has expired by now."""
        assert self.app is not None
        now = self.app.extensions["accord"].clock()
        due = [(sid, c) for sid, c in list(self.connections.items())
               if c.expires_at is not None and c.expires_at <= now]
        if not due:
            return
        with self.app.app_context(), read_only():
            for sid, connection in due:
                with connection.lock:
                    if self._user(connection) is None:
                        self._end(sid, connection)

    def _end(self, sid: str, connection: Connection) -> None:
        """A connection whose token or session ended: out of every room at once, told why,
        then closed."""
        self._leave_all(sid)
        ended = p.error_ack("unauthenticated", "Your session has ended or your token was "
                                               "revoked: sign in again.")
        self.socketio.emit("access.ended", ended, to=sid, namespace=p.NAMESPACE)
        self.socketio.server.disconnect(sid, namespace=p.NAMESPACE)

    # ---- helpers ----------------------------------------------------------------------------

    def _rooms(self, process: Process, actor: Actor | None, *,
               is_admin: bool = False) -> frozenset[str]:
        """The rooms whose events the actor may see now (the policy's audiences, one room
        each; the placeholders' room of staff and amendment events for who does not hear
        them)."""
        process_id = process.id
        heard = live_audiences(actor, phase_of(process), settings_of(process), is_admin=is_admin)
        if Audience.EVERYONE not in heard:
            return frozenset()
        rooms = [p.room_everyone(process_id)]
        rooms.append(p.room_staff(process_id) if Audience.STAFF in heard
                     else p.room_not_staff(process_id))
        rooms.append(p.room_amendments(process_id) if Audience.AMENDMENTS in heard
                     else p.room_no_amendments(process_id))
        if Audience.DELEGATION in heard and actor is not None and actor.delegation_id is not None:
            rooms.append(p.room_delegation(process_id, actor.delegation_id))
        return frozenset(rooms)

    def _move(self, sid: str, connection: Connection, process_id: int, actor: Actor | None,
              rooms: frozenset[str], *, administering: bool = False) -> None:
        """Put the connection in exactly ``rooms`` for the process (leaving first: it is
        never in a room it may not be in, even for a moment), for ``actor`` (None: it follows
        the process no more, unless ``administering``: an administrator without a role, not
        counted as present)."""
        before = connection.subscriptions.pop(process_id, None)
        server = self.socketio.server
        if before is not None:
            for room in before.rooms - rooms:
                server.leave_room(sid, room, namespace=p.NAMESPACE)
            if before.role != ADMINISTERING:
                self.presence.change(process_id, before.delegation_id, -1)
        if actor is None and not administering:
            return
        for room in rooms - (before.rooms if before is not None else frozenset()):
            server.enter_room(sid, room, namespace=p.NAMESPACE)
        if actor is None:
            connection.subscriptions[process_id] = Subscription(ADMINISTERING, None, rooms)
            return
        connection.subscriptions[process_id] = Subscription(actor.role.value,
                                                            actor.delegation_id, rooms)
        self.presence.change(process_id, actor.delegation_id, +1)

    def _stop_coediting(self, sid: str, connection: Connection, document_id: int) -> None:
        process_id = connection.coediting.pop(document_id, None)
        if process_id is not None:
            self.socketio.server.leave_room(sid, p.room_coedit(process_id, document_id),
                                            namespace=p.NAMESPACE)
            self._drop_caret(connection, document_id, process_id)

    def _leave_all(self, sid: str) -> None:
        server = self.socketio.server
        for room in server.rooms(sid, namespace=p.NAMESPACE):
            if room != sid:
                server.leave_room(sid, room, namespace=p.NAMESPACE)

    def _replay(self, ctx: Ctx, process: Process, actor: Actor | None, last_seq: int,
                head: int) -> tuple[int, bool]:
        """Send what the client missed, from the store, each as it may see it."""
        if last_seq >= head:
            return 0, False
        if head - last_seq > self.max_replay:
            return 0, True
        process_id = process.id
        phase, settings = phase_of(process), settings_of(process)
        entries = ctx.session.scalars(select(LogEntry).where(
            LogEntry.stream == process_stream(process_id), LogEntry.seq > last_seq,
            LogEntry.seq <= head).order_by(LogEntry.seq))
        count = 0
        batch = list(entries)
        shown = {e.seq for e in batch if may_receive(actor, *audience_of(e.action, e.payload),
                                                     phase, settings)
                 or (actor is None and audience_of(e.action, e.payload)[0] is Audience.EVERYONE)}
        said = described(ctx, process_id, [e for e in batch if e.seq in shown])
        for entry in batch:
            event = event_of(entry, process_id, said[entry.seq], replay=True) if (
                entry.seq in shown) else {**p.hidden(process_id, entry.seq), "replay": True}
            self.socketio.emit("event", event, to=_sid(), namespace=p.NAMESPACE)
            count += 1
        return count, False

    def _presence_of(self, process_id: int) -> p.Presence:
        counts = self.presence.of(process_id)
        codes = dict(db_session().execute(select(Delegation.id, Delegation.code).where(
            Delegation.id.in_([d for d in counts if d is not None]))).all())
        return {"process_id": process_id, "delegations": [
            {"delegation": codes.get(d) if d is not None else None, "connected": n}
            for d, n in sorted(counts.items(), key=lambda kv: (kv[0] is not None, kv[0] or 0))]}

    def _announce_presence(self, process_id: int) -> None:
        self.socketio.emit("presence", self._presence_of(process_id),
                           to=p.room_staff(process_id), namespace=p.NAMESPACE)


def _sid() -> str:
    sid: str = request.sid  # type: ignore[attr-defined]  # set by Flask-SocketIO
    return sid


@contextmanager
def _reading(reads: bool) -> Iterator[None]:
    if reads:
        with read_only():
            yield
    else:
        yield


def _refuse(code: str, message: str, details: dict[str, Any] | None = None) -> NoReturn:
    """Refuse a connection with the protocol's error: ``connect_error`` carries the sentence
    as its ``message`` and the error, in the API's shape, as its ``data``."""
    raise Refused(message, {"code": code, "message": message, "details": details or {}})


def _parse(model: type[M], args: tuple[Any, ...]) -> M:
    """The message's one payload, validated (an event sent with none, or with several, is
    invalid like a payload of the wrong shape)."""
    if len(args) != 1:
        raise Invalid("Send one object with the message.", details={"fields": [
            {"field": "(body)", "problem": f"{len(args)} payloads sent, one expected",
             "type": "payload_count"}]})
    try:
        return model.model_validate(args[0])
    except ValidationError as error:
        raise Invalid("The message is not valid.",
                      details=validation_details(error)) from None


def _decoded(value: str) -> bytes:
    return base64.b64decode(value, validate=True)  # validated by the protocol's model


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def register(socketio: SocketIO, app: Flask | None = None, *,
             max_replay: int = p.MAX_REPLAY, expiry_check: float = 30.0) -> LiveNamespace:
    live = LiveNamespace(socketio, app, max_replay=max_replay, expiry_check=expiry_check)
    socketio.on_event("connect", live.on_connect, namespace=p.NAMESPACE)
    socketio.on_event("disconnect", live.on_disconnect, namespace=p.NAMESPACE)
    socketio.on_event("subscribe", live.on_subscribe, namespace=p.NAMESPACE)
    socketio.on_event("unsubscribe", live.on_unsubscribe, namespace=p.NAMESPACE)
    socketio.on_event("presence", live.on_presence, namespace=p.NAMESPACE)
    for name in ("join", "leave", "sync", "update", "caret"):
        socketio.on_event(f"coedit.{name}", getattr(live, f"on_coedit_{name}"),
                          namespace=p.NAMESPACE)
    if app is not None:
        access.set_handler(socketio, live.reevaluate)
        if socketio.server is not None:
            websocket.install(socketio.server.eio, app.config.get("LIVE_WEBSOCKET", "lean"))
    return live
