"""Sending recorded changes to the rooms entitled to them, after the commit.

With ``REDIS_URL`` set, Flask-SocketIO's message queue carries every emit to every server
process, so a client on process A receives what a request on process B changed.

After a change of who may see what (a role, the phase, the observers' setting, a participant
removed) and after a token or session ended, it signals every server process to re-evaluate
the connections concerned (server/live/access.py) before anything later is sent.
"""

from __future__ import annotations

from typing import Any

from flask_socketio import SocketIO
from sqlalchemy.orm import object_session

from server.core.events import Audience, audience_of
from server.features.common.context import Ctx
from server.features.history.sentences import Described, described, remembered
from server.live import protocol as p
from server.live.access import signal
from server.models import LogEntry


def process_of(entry: LogEntry) -> int | None:
    kind, _, ident = entry.stream.partition(":")
    return int(ident) if kind == "process" and ident.isdigit() else None


def account_of(entry: LogEntry) -> int | None:
    """The person an account event (``subject`` "user:7") is about."""
    kind, _, ident = entry.subject.partition(":")
    return int(ident) if kind == "user" and ident.isdigit() else None


def event_of(entry: LogEntry, process_id: int, sentence: str | Described, *,
             replay: bool = False) -> p.Event:
    """The live event of ``entry``: its English ``sentence`` and, given a :class:`Described`,
    the ``facts`` the browser fills its template with in the reader's language."""
    event: p.Event = {"process_id": process_id, "seq": entry.seq, "type": entry.action,
                      "at": entry.at, "actor_id": entry.actor_id, "subject": entry.subject,
                      "sentence": sentence if isinstance(sentence, str) else sentence.sentence,
                      "data": dict(entry.payload)}
    if isinstance(sentence, Described):
        event["facts"] = sentence.facts
    if replay:
        event["replay"] = True
    return event


def target_room(process_id: int, audience: Audience, delegation_id: int | None) -> str | None:
    if audience is Audience.STAFF:
        return p.room_staff(process_id)
    if audience is Audience.AMENDMENTS:
        return p.room_amendments(process_id)
    if audience is Audience.DELEGATION and delegation_id is not None:
        return p.room_delegation(process_id, delegation_id)
    return None


def complement_room(process_id: int, audience: Audience) -> str | None:
    """The room of those who get a placeholder for an event meant for ``audience``."""
    if audience is Audience.STAFF:
        return p.room_not_staff(process_id)
    if audience is Audience.AMENDMENTS:
        return p.room_no_amendments(process_id)
    return None


class Broadcaster:
    """The publisher the services call after each commit."""

    def __init__(self, socketio: SocketIO) -> None:
        self.socketio = socketio

    def __call__(self, entries: list[LogEntry]) -> None:
        said = self._sentences(entries)
        for entry in entries:
            process_id = process_of(entry)
            if process_id is None:
                user_id = account_of(entry)
                if entry.action in p.CREDENTIALS_CHECK_ON and user_id is not None:
                    signal(self.socketio, {"kind": "credentials", "user_id": user_id,
                                           "reason": entry.action})
                continue
            if entry.action in p.RESUBSCRIBE_ON:
                # First every process moves its connections' rooms, so that this event and
                # anything later go by the access it leaves (a client that ignores
                # ``resubscribe`` is moved all the same; one removed hears no more).
                signal(self.socketio, {"kind": "process", "process_id": process_id,
                                       "reason": entry.action})
            # The full event goes only to a room entitled to it: its sentence names all.
            event = event_of(entry, process_id, said[entry.stream][entry.seq])
            audience, delegation_id = audience_of(entry.action, entry.payload)
            everyone = p.room_everyone(process_id)
            if audience is Audience.EVERYONE:
                self._emit("event", event, everyone)
            else:
                room = target_room(process_id, audience, delegation_id)
                if room is not None:
                    self._emit("event", event, room)
                # Everyone else learns only that the sequence moved on: those outside the
                # room through its complement (one message each), or, for a delegation's
                # own events, everyone (its members then get both; the full one first).
                self._emit("event", p.hidden(process_id, entry.seq),
                           complement_room(process_id, audience) or everyone)
            if entry.action in p.RESUBSCRIBE_ON:
                self._emit("resubscribe", {"process_id": process_id, "reason": entry.action},
                           everyone)
            self._tell_coeditors(process_id, entry)

    @staticmethod
    def _sentences(entries: list[LogEntry]) -> dict[str, dict[int, Described]]:
        """Each process entry's sentence and facts, by stream and seq: those read before the
        commit, in the transaction that recorded them (history.sentences.remember); only
        for an entry recorded otherwise are they read here, in a transaction of their own."""
        said: dict[str, dict[int, Described]] = {}
        by_stream: dict[str, list[LogEntry]] = {}
        for entry in entries:
            if process_of(entry) is None:
                continue
            found = remembered(entry)
            if found is not None:
                said.setdefault(entry.stream, {})[entry.seq] = found
            else:
                by_stream.setdefault(entry.stream, []).append(entry)
        for stream, batch in by_stream.items():
            session = object_session(batch[0])
            process_id = process_of(batch[0])
            assert session is not None and process_id is not None
            said.setdefault(stream, {}).update(
                described(Ctx(session=session, user=None), process_id, batch))
        return said

    def _tell_coeditors(self, process_id: int, entry: LogEntry) -> None:
        """Those following the working copy live reload it after a change of structure, and
        sync a paragraph again after a change of its text made another way than co-editing."""
        document = entry.payload.get("document")
        if not isinstance(document, int):
            return
        room = p.room_coedit(process_id, document)
        if entry.action in p.COEDIT_RESET_ON:
            self._emit("coedit.reset", {"document_id": document, "reason": entry.action}, room)
            if entry.action == "working_copy.shared" and not entry.payload.get("shared"):
                # Those who may no longer see it stop receiving it now; pen-holders join again.
                self.socketio.close_room(room, namespace=p.NAMESPACE)
            return
        kind, _, rest = entry.subject.partition(":")
        _, _, key = rest.partition(":")
        if kind == "unit" and key and entry.action not in p.COEDIT_NO_RESYNC:
            self._emit("coedit.resync", {"document_id": document, "unit": key}, room)

    def _emit(self, name: str, payload: Any, room: str) -> None:
        self.socketio.emit(name, payload, to=room, namespace=p.NAMESPACE)
