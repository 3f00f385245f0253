"""The /live namespace: connect, subscribe (with catch-up from the store), presence.

Every message is authorised again through the policy module: roles, phases and tokens change
during a connection.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask import request, session
from flask_socketio import SocketIO, join_room, leave_room
from sqlalchemy import select

import server.features.auth.service as accounts
import server.features.coedit.service as coedit
from server.core.errors import DomainError, Invalid
from server.core.events import audience_of
from server.core.policy import (
    Action,
    Actor,
    Role,
    may_receive,
    may_see_presence,
    may_view_amendments,
)
from server.core.shared_text import BadUpdate
from server.db import read_only, set_read_only
from server.features.common.access import enter, phase_of, settings_of
from server.features.common.context import Ctx
from server.features.history.sentences import sentences
from server.features.history.service import process_stream
from server.live import protocol as p
from server.live.broadcaster import event_of
from server.models import Delegation, LogEntry, LogStream, Process, User
from server.web.context import db_session


@dataclass
class Connection:
    user_id: int
    token: str | None
    #: process id -> (role, delegation) the rooms were joined for
    subscriptions: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    #: document id -> process id, for the working copies followed live
    coediting: dict[int, int] = field(default_factory=dict)
    #: This connection's id among co-editors (shown with its caret).
    peer: str = field(default_factory=lambda: secrets.token_hex(6))


class Presence:
    """Connected subscribers per process and delegation, in this server process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[int, Counter[int | None]] = {}

    def change(self, process_id: int, delegation_id: int | None, delta: int) -> None:
        with self._lock:
            counts = self._counts.setdefault(process_id, Counter())
            counts[delegation_id] += delta
            if counts[delegation_id] <= 0:
                del counts[delegation_id]

    def of(self, process_id: int) -> dict[int | None, int]:
        with self._lock:
            return dict(self._counts.get(process_id, {}))


class LiveNamespace:
    """State and handlers of /live (one per app)."""

    def __init__(self, socketio: SocketIO, *, max_replay: int = p.MAX_REPLAY) -> None:
        self.socketio = socketio
        #: Above this many missed events a client reloads over HTTP instead of replaying.
        self.max_replay = max_replay
        self.connections: dict[str, Connection] = {}
        self.presence = Presence()
        self._carets_lock = threading.Lock()
        #: document id -> peer -> the caret last shown (this server process's pen-holders)
        self.carets: dict[int, dict[str, p.CoeditCaret]] = {}

    # ---- plumbing ---------------------------------------------------------------------------

    def _ctx(self, user: User | None) -> Ctx:
        return Ctx(session=db_session(), user=user)

    def _user(self, connection: Connection) -> User | None:
        """The connection's user, again: a revoked token stops working at once."""
        if connection.token is not None:
            return accounts.user_for_token(self._ctx(None), connection.token)
        if session.get("user_id") != connection.user_id:
            return None
        return db_session().get(User, connection.user_id)

    def _connection(self) -> Connection:
        connection = self.connections.get(request.sid)  # type: ignore[attr-defined]
        if connection is None:
            raise DomainError("Not connected.")
        return connection

    # ---- handlers ---------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        with read_only():
            self._connect(auth)

    def _connect(self, auth: Any) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        user: User | None = None
        if isinstance(token, str) and token:
            user = accounts.user_for_token(self._ctx(None), token)
        elif "user_id" in session:
            user = db_session().get(User, session["user_id"])
            token = None
        if user is None:
            raise ConnectionRefusedError({"code": "unauthenticated",
                                          "message": "Sign in, or connect with a token."})
        self.connections[request.sid] = Connection(user.id, token)  # type: ignore[attr-defined]

    def on_disconnect(self, *_reason: Any) -> None:
        with read_only():
            self._disconnect()

    def _disconnect(self) -> None:
        connection = self.connections.pop(request.sid, None)  # type: ignore[attr-defined]
        if connection is None:
            return
        for process_id, (_role, delegation_id) in connection.subscriptions.items():
            self.presence.change(process_id, delegation_id, -1)
            self._announce_presence(process_id)
        for document_id, process_id in connection.coediting.items():
            self._drop_caret(connection, document_id, process_id)

    def on_subscribe(self, message: Any) -> dict[str, Any]:
        with read_only():
            return self._subscribe(message)

    def _subscribe(self, message: Any) -> dict[str, Any]:
        try:
            process_id, last_seq = _ints(message, "process_id", "last_seq")
            connection = self._connection()
            ctx = self._ctx(self._user(connection))
            process, actor = enter(ctx, process_id, Action.VIEW_PROCESS)
            self._leave(connection, process_id)
            for room in self._rooms(process, actor):
                join_room(room)
            connection.subscriptions[process_id] = (actor.role.value, actor.delegation_id)
            self.presence.change(process_id, actor.delegation_id, +1)
            # The head and the missed entries are read only now that the rooms are joined,
            # in a new snapshot (SQLite's began with the first read above): a change committed
            # after this read is published after it too, so it reaches the rooms live. One
            # committed before may arrive both ways; the client drops the duplicate seq.
            ctx.session.rollback()
            head = ctx.session.scalars(select(LogStream.seq).where(
                LogStream.key == process_stream(process_id))).one()
            replayed, reload = self._replay(ctx, process, actor, last_seq, head)
            self._announce_presence(process_id)
            return {"ok": True, "process_id": process_id, "head_seq": head,
                    "replayed": replayed, "reload": reload, "role": actor.role.value}
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    def on_unsubscribe(self, message: Any) -> dict[str, Any]:
        with read_only():
            return self._unsubscribe(message)

    def _unsubscribe(self, message: Any) -> dict[str, Any]:
        try:
            (process_id,) = _ints(message, "process_id")
            self._leave(self._connection(), process_id)
            self._announce_presence(process_id)
            return {"ok": True}
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    def on_presence(self, message: Any) -> dict[str, Any]:
        with read_only():
            return self._presence(message)

    def _presence(self, message: Any) -> dict[str, Any]:
        try:
            (process_id,) = _ints(message, "process_id")
            ctx = self._ctx(self._user(self._connection()))
            _, actor = enter(ctx, process_id, Action.VIEW_PROCESS)
            if not may_see_presence(actor):
                return dict(p.error_ack("forbidden", "Presence is shown to the "
                                                     "co-facilitators and secretariat."))
            return {"ok": True, "presence": self._presence_of(process_id)}
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    # ---- co-editing (see protocol.py) ----------------------------------------------------

    def on_coedit_join(self, message: Any) -> dict[str, Any]:
        with read_only():
            try:
                (document_id,) = _ints(message, "document_id")
                connection = self._connection()
                joined = coedit.join(self._ctx(self._user(connection)), document_id)
                join_room(p.room_coedit(joined.process_id, document_id))
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
                return dict(ack)
            except DomainError as error:
                return dict(p.error_ack(error.code, error.message, error.details))

    def on_coedit_leave(self, message: Any) -> dict[str, Any]:
        try:
            (document_id,) = _ints(message, "document_id")
            connection = self._connection()
            process_id = connection.coediting.pop(document_id, None)
            if process_id is not None:
                leave_room(p.room_coedit(process_id, document_id))
                self._drop_caret(connection, document_id, process_id)
            return {"ok": True}
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    def on_coedit_sync(self, message: Any) -> dict[str, Any]:
        # Writes: a paragraph's shared document is stored when first asked for. A writer
        # says so each time: whoever handled an earlier event in this thread or greenlet may
        # have left it reading only (Ctx.commit does), and SQLite would then begin deferred.
        set_read_only(False)
        try:
            (document_id,) = _ints(message, "document_id")
            key = _key(message)
            state_vector = _bytes(message, "state_vector")
            synced = coedit.sync(self._ctx(self._user(self._connection())), document_id, key,
                                 state_vector)
            if synced.reconciled:
                self._resync(synced.process_id, document_id, key)
            ack: p.CoeditSyncAck = {"ok": True, "update": _b64(synced.update),
                                    "state_vector": _b64(synced.state_vector),
                                    "version": synced.version}
            return dict(ack)
        except BadUpdate as error:
            return dict(p.error_ack("invalid", f"Not a Yjs state vector: {error}",
                                    {"field": "state_vector"}))
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    def on_coedit_update(self, message: Any) -> dict[str, Any]:
        set_read_only(False)  # a writer (see on_coedit_sync)
        try:
            (document_id,) = _ints(message, "document_id")
            key = _key(message)
            data = _bytes(message, "update")
            revision_id = message.get("revision_id")
            if revision_id is not None:
                (revision_id,) = _ints(message, "revision_id")
            connection = self._connection()
            ctx = self._ctx(self._user(connection))
            received = coedit.receive(ctx, document_id, key, data, revision_id=revision_id)
            if received.reconciled:
                self._resync(received.process_id, document_id, key)
            if received.changed:
                # Committed: now the others may have it (not the sender, who has it).
                relay: p.CoeditUpdate = {"document_id": document_id, "unit": key,
                                         "update": message["update"],
                                         "version": received.version,
                                         "user_id": connection.user_id}
                self.socketio.emit("coedit.update", relay,
                                   to=p.room_coedit(received.process_id, document_id),
                                   skip_sid=request.sid,  # type: ignore[attr-defined]
                                   namespace=p.NAMESPACE)
            ack: p.CoeditUpdateAck = {"ok": True, "changed": received.changed,
                                      "version": received.version, "seq": received.seq}
            return dict(ack)
        except DomainError as error:
            return dict(p.error_ack(error.code, error.message, error.details))

    def on_coedit_caret(self, message: Any) -> dict[str, Any]:
        with read_only():
            try:
                (document_id,) = _ints(message, "document_id")
                unit = message.get("unit")
                key = _key(message) if unit is not None else None
                anchor = _position(message, "anchor") if key is not None else None
                head = _position(message, "head") if key is not None else None
                connection = self._connection()
                process_id, name = coedit.check_caret(self._ctx(self._user(connection)),
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
                self.socketio.emit("coedit.caret", caret,
                                   to=p.room_coedit(process_id, document_id),
                                   skip_sid=request.sid,  # type: ignore[attr-defined]
                                   namespace=p.NAMESPACE)
                return {"ok": True}
            except DomainError as error:
                return dict(p.error_ack(error.code, error.message, error.details))

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

    # ---- helpers ----------------------------------------------------------------------------

    def _rooms(self, process: Process, actor: Actor) -> list[str]:
        """The rooms whose events the actor may see now (policy decides, per room)."""
        process_id = process.id
        rooms = [p.room_everyone(process_id)]
        staff = actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)
        rooms.append(p.room_staff(process_id) if staff else p.room_not_staff(process_id))
        rooms.append(p.room_amendments(process_id)
                     if may_view_amendments(actor, phase_of(process), settings_of(process))
                     else p.room_no_amendments(process_id))
        if actor.delegation_id is not None:
            rooms.append(p.room_delegation(process_id, actor.delegation_id))
        return rooms

    def _leave(self, connection: Connection, process_id: int) -> None:
        previous = connection.subscriptions.pop(process_id, None)
        if previous is None:
            return
        rooms = [p.room_everyone(process_id), p.room_staff(process_id),
                 p.room_not_staff(process_id), p.room_amendments(process_id),
                 p.room_no_amendments(process_id)]
        if previous[1] is not None:
            rooms.append(p.room_delegation(process_id, previous[1]))
        for room in rooms:
            leave_room(room)
        self.presence.change(process_id, previous[1], -1)

    def _replay(self, ctx: Ctx, process: Process, actor: Actor, last_seq: int,
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
                                                     phase, settings)}
        said = sentences(ctx, process_id, [e for e in batch if e.seq in shown])
        for entry in batch:
            event = event_of(entry, process_id, said[entry.seq], replay=True) if (
                entry.seq in shown) else {**p.hidden(process_id, entry.seq), "replay": True}
            self.socketio.emit("event", event, to=request.sid,  # type: ignore[attr-defined]
                               namespace=p.NAMESPACE)
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


def _ints(message: Any, *names: str) -> tuple[int, ...]:
    if not isinstance(message, dict):
        raise Invalid("The message is an object.", details={"expected": list(names)})
    values = []
    for name in names:
        value = message.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise Invalid(f"{name} is a non-negative integer.", details={"field": name})
        values.append(value)
    return tuple(values)


def _key(message: dict[str, Any]) -> str:
    key = message.get("unit")
    if not isinstance(key, str) or not 1 <= len(key) <= 40:
        raise Invalid("unit is a unit's key.", details={"field": "unit"})
    return key


def _bytes(message: dict[str, Any], name: str) -> bytes:
    value = message.get(name)
    if not isinstance(value, str) or len(value) > p.MAX_COEDIT_BYTES:
        raise Invalid(f"{name} is a base64 string of at most {p.MAX_COEDIT_BYTES} characters.",
                      details={"field": name})
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise Invalid(f"{name} is not base64.", details={"field": name}) from None


def _position(message: dict[str, Any], name: str) -> str | None:
    value = message.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 200:
        raise Invalid(f"{name} is a base64 relative position.", details={"field": name})
    _bytes(message, name)
    return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def register(socketio: SocketIO, *, max_replay: int = p.MAX_REPLAY) -> LiveNamespace:
    live = LiveNamespace(socketio, max_replay=max_replay)
    socketio.on_event("connect", live.on_connect, namespace=p.NAMESPACE)
    socketio.on_event("disconnect", live.on_disconnect, namespace=p.NAMESPACE)
    socketio.on_event("subscribe", live.on_subscribe, namespace=p.NAMESPACE)
    socketio.on_event("unsubscribe", live.on_unsubscribe, namespace=p.NAMESPACE)
    socketio.on_event("presence", live.on_presence, namespace=p.NAMESPACE)
    for name in ("join", "leave", "sync", "update", "caret"):
        socketio.on_event(f"coedit.{name}", getattr(live, f"on_coedit_{name}"),
                          namespace=p.NAMESPACE)
    return live
