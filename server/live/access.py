"""Access signals: "check again who may see what", acted on by every server process.

A signal travels as an emit to the room ``protocol.ACCESS_SIGNAL``, which no client is in: the
client managers below intercept it instead of sending it. In one process that happens at
once, in the emitting thread, before the event that changed the access is sent. With Redis,
python-socketio's ``PubSubManager`` handles an emit in the emitting process at once and in
every other process in its pub/sub listener, which handles the deployment's messages one at
a time in the order Redis received them: so a process re-evaluates its connections before
it sends any event that another process published after the signal. (An event a process
emits itself reaches its own clients at once, without waiting for Redis: one committed there
in the instant after an access change committed by another process, before its signal has
arrived, still goes by the old access. That window is the time Redis takes to deliver one
message.)

Events reach each process's clients in the order of their sequence numbers: two requests
commit seq 10 then 11, but the one that committed 11 may publish first (in one process, two
greenlets; across processes, the other's message is a Redis hop away). Each process's client
manager puts a process's events back in order (:class:`Resequencer`): an event that arrives
ahead of a missing one waits for it, at most ``reorder_seconds`` (then it goes on: a client
catches up on what it missed when it subscribes again). A browser client drops a seq at or
below the last it saw, so an event overtaken on the wire would otherwise be lost to it.

The deployment's channel carries its name (``ACCORD_DEPLOYMENT``): two deployments sharing one
Redis never hear each other's events, nor shadow each other's sequence numbers.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, TypedDict

import socketio

from server.live import protocol as p

log = logging.getLogger(__name__)


class CredentialsSignal(TypedDict):
    """A token or browser session of ``user_id`` may have ended."""

    kind: Literal["credentials"]
    user_id: int
    reason: str


class ProcessSignal(TypedDict):
    """What the participants of ``process_id`` may see may have changed."""

    kind: Literal["process"]
    process_id: int
    reason: str


Signal = CredentialsSignal | ProcessSignal
Handler = Callable[[Signal], None]


def channel_of(deployment: str) -> str:
    """The Redis channel of one deployment's live messages.

    >>> channel_of("geneva")
    'accord:geneva:live'
    """
    return f"accord:{deployment}:live"


#: How long an event waits for an earlier one that has not arrived, in seconds: longer than
#: a Redis hop on a loaded machine (a missing event is rare: its publisher died between the
#: commit and the publish).
REORDER_SECONDS = 2.0


def _sequenced(event: str, data: Any) -> tuple[int, int] | None:
    """(process id, seq) of a live event sent to a room, or None (replays go to one client
    in order already; other messages carry no seq)."""
    if event != "event":
        return None
    if isinstance(data, (list, tuple)) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or data.get("replay"):
        return None
    process_id, seq = data.get("process_id"), data.get("seq")
    if isinstance(process_id, int) and isinstance(seq, int):
        return process_id, seq
    return None


class Resequencer:
    """Delivers each process's events in seq order, in this server process.

    ``offer(process_id, seq, send)`` calls ``send`` at once when ``seq`` is the next one
    expected (or one already delivered: an event goes to several rooms, each its own
    message), else holds it until the missing ones arrive or ``timeout`` seconds pass. The
    first event seen of a process sets where it starts, unless :meth:`note_head` said first.
    ``start`` runs the waiting task (a thread or greenlet of the server's kind).
    """

    def __init__(self, timeout: float = REORDER_SECONDS,
                 start: Callable[[Callable[[], None]], Any] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout = timeout
        self._start = start
        self._clock = clock
        self._lock = threading.RLock()
        #: process id -> the last seq delivered
        self._last: dict[int, int] = {}
        #: process id -> seq -> (the sends held, when the first was held)
        self._held: dict[int, dict[int, list[Callable[[], None]]]] = {}
        self._since: dict[int, float] = {}
        self._waiting = False

    def note_head(self, process_id: int, head: int) -> None:
        """The process's head seq as read from the store (when nothing was seen yet)."""
        with self._lock:
            self._last.setdefault(process_id, head)

    def offer(self, process_id: int, seq: int, send: Callable[[], None]) -> None:
        with self._lock:
            last = self._last.get(process_id)
            if last is None or (seq <= last + 1 and not self._held.get(process_id)):
                if last is None or seq == last + 1:
                    self._last[process_id] = seq
                send()  # next in order, or one delivered already (its other room, late)
                return
            if seq <= last:
                send()  # late: the client drops it if it saw later ones
                return
            held = self._held.setdefault(process_id, {})
            held.setdefault(seq, []).append(send)
            self._since.setdefault(process_id, self._clock())
            self._release(process_id)
            if self._held.get(process_id):
                self._wait()

    def _release(self, process_id: int, *, give_up: bool = False) -> None:
        """Deliver what is held and now in order; with ``give_up``, past the first gap."""
        held = self._held.get(process_id, {})
        last = self._last[process_id]
        while held:
            following = min(held)
            if following > last + 1:
                if not give_up:
                    break
                give_up = False  # the missing ones are skipped once, then order again
            for send in held.pop(following):
                send()
            last = max(last, following)
        self._last[process_id] = last
        if held:
            self._since[process_id] = self._clock()
        else:
            self._held.pop(process_id, None)
            self._since.pop(process_id, None)

    def _wait(self) -> None:
        if self._waiting or self._start is None:
            return
        self._waiting = True
        self._start(self._watch)

    def _watch(self) -> None:
        """Until nothing is held: release what has waited ``timeout``."""
        while True:
            time.sleep(self.timeout / 5)
            with self._lock:
                self.tick()
                if not self._held:
                    self._waiting = False
                    return

    def tick(self) -> None:
        """Release what has waited ``timeout`` (the waiting task's round)."""
        with self._lock:
            now = self._clock()
            for process_id, since in list(self._since.items()):
                if now - since >= self.timeout:
                    log.warning("live events of process %s waited %.2f s for seq %s: sent "
                                "on", process_id, now - since, self._last[process_id] + 1)
                    self._release(process_id, give_up=True)


class _Signals:
    """Where a manager hands the signals it intercepts (the namespace sets ``handler``), and
    puts events in order."""

    handler: Handler | None = None
    resequencer: Resequencer | None = None

    def _in_order(self, event: str, data: Any, send: Callable[[], Any]) -> None:
        key = _sequenced(event, data)
        if key is None or self.resequencer is None:
            send()
            return
        self.resequencer.offer(key[0], key[1], send)

    def _deliver(self, data: Any) -> None:
        if isinstance(data, list) and len(data) == 1:
            data = data[0]  # as the pub/sub message carries an emit's arguments
        if not isinstance(data, dict) or self.handler is None:
            return
        try:
            self.handler(data)  # type: ignore[arg-type]  # ours: sent by signal() only
        except Exception:  # a signal that fails must not stop the listener's other messages
            log.exception("re-evaluating access after %r failed", data)


class LocalManager(_Signals, socketio.Manager):  # type: ignore[misc]  # untyped library
    """One server process: a signal is acted on in the thread that sends it."""

    def emit(self, event: str, data: Any, namespace: str | None = None, room: Any = None,
             skip_sid: Any = None, callback: Any = None, to: Any = None,
             **kwargs: Any) -> Any:
        if event == p.ACCESS_SIGNAL:
            self._deliver(data)
            return None
        self._in_order(event, data, lambda: super(LocalManager, self).emit(
            event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, to=to,
            **kwargs))
        return None


class RedisManager(_Signals, socketio.RedisManager):  # type: ignore[misc]  # untyped library
    """Several server processes sharing one Redis channel."""

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") == p.ACCESS_SIGNAL:
            self._deliver(message.get("data"))
            return
        # Both ways in: an emit of this process (at once) and one of another (the listener).
        self._in_order(str(message.get("event")), message.get("data"),
                       lambda: super(RedisManager, self)._handle_emit(message))


def client_manager(redis_url: str | None, deployment: str,
                   reorder_seconds: float = REORDER_SECONDS) -> LocalManager | RedisManager:
    """The client manager of a server process: Redis-backed when ``redis_url`` is set; it
    sends each process's events in seq order (waiting at most ``reorder_seconds`` for a
    missing one; 0: as they come)."""
    manager: LocalManager | RedisManager = (
        RedisManager(redis_url, channel=channel_of(deployment)) if redis_url
        else LocalManager())
    if reorder_seconds > 0:
        manager.resequencer = Resequencer(
            reorder_seconds, start=lambda task: manager.server.start_background_task(task))
    return manager


def origin_allowed(origin: str | None, environ: dict[str, Any],
                   allowed: frozenset[str]) -> bool:
    """Whether a page of ``origin`` may open a live connection: one of the deployment's
    ``allowed`` origins (its public address by default), or the very address the request was
    made to (same-origin: a cookie is only sent to the site that set it). No Origin header
    at all is not a browser's page: such a client authenticates with a bearer token.

    >>> origin_allowed("https://evil.example", {"HTTP_HOST": "accord.example",
    ...                "wsgi.url_scheme": "https"}, frozenset({"https://accord.example"}))
    False
    """
    if not origin:
        return True
    origin = origin.rstrip("/").lower()
    if origin in allowed:
        return True
    host = environ.get("HTTP_HOST")
    scheme = environ.get("wsgi.url_scheme", "http")
    return bool(host) and origin == f"{scheme}://{host}".lower()


def signal(sio: Any, message: Signal) -> None:
    """Send ``message`` to every server process of the deployment (this one included)."""
    sio.emit(p.ACCESS_SIGNAL, dict(message), to=p.ACCESS_SIGNAL, namespace=p.NAMESPACE)


def set_handler(sio: Any, handler: Handler) -> None:
    """Have the server's client manager hand its signals to ``handler``."""
    manager = sio.server.manager
    if isinstance(manager, _Signals):
        manager.handler = handler
