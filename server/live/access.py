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

The deployment's channel carries its name (``ACCORD_DEPLOYMENT``): two deployments sharing one
Redis never hear each other's events, nor shadow each other's sequence numbers.
"""

from __future__ import annotations

import logging
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


class _Signals:
    """Where a manager hands the signals it intercepts (the namespace sets ``handler``)."""

    handler: Handler | None = None

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
        return super().emit(event, data, namespace, room=room, skip_sid=skip_sid,
                            callback=callback, to=to, **kwargs)


class RedisManager(_Signals, socketio.RedisManager):  # type: ignore[misc]  # untyped library
    """Several server processes sharing one Redis channel."""

    def _handle_emit(self, message: dict[str, Any]) -> None:
        if message.get("event") == p.ACCESS_SIGNAL:
            self._deliver(message.get("data"))
            return
        super()._handle_emit(message)


def client_manager(redis_url: str | None, deployment: str) -> LocalManager | RedisManager:
    """The client manager of a server process: Redis-backed when ``redis_url`` is set."""
    if redis_url:
        return RedisManager(redis_url, channel=channel_of(deployment))
    return LocalManager()


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
