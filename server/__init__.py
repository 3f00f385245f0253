"""Accord: the Flask application factory."""

from __future__ import annotations

import config as _config

if _config.gevent_patch_requested():
    # Set by `accord serve` before this package is imported: gevent must patch the standard
    # library before anything else creates sockets, threads or locks.
    from gevent import monkey

    monkey.patch_all()

    import sys as _sys

    # python-socketio and python-engineio import their clients' libraries with themselves
    # (requests, websocket-client, aiohttp) and Redis's: about 19 MB that a server process
    # never uses (Redis only with REDIS_URL, server/live/access.py). Imported once here with
    # those hidden, each leaves its client out as when the library is not installed; the
    # libraries are importable again afterwards, for whoever needs one.
    _hidden = [name for name in ("requests", "websocket", "aiohttp",
                                 *(() if _config.Config.REDIS_URL else ("redis",)))
               if name not in _sys.modules]
    _sys.modules.update(dict.fromkeys(_hidden))
    try:
        import flask_socketio as _flask_socketio  # noqa: F401  # imported now, hidden from it
    finally:
        for _name in _hidden:
            if _sys.modules.get(_name, ...) is None:
                del _sys.modules[_name]

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.db import make_engine, make_sessionmaker
from server.features.common.context import Publisher, publish_nowhere, system_now
from server.version import VERSION as VERSION

#: Created unbound; create_app binds it (Flask-SocketIO's app-factory pattern).
socketio = SocketIO()


@dataclass
class Accord:
    """What the app holds for the request layer: database, clock, publisher."""

    engine: Engine
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime] = system_now
    publish: Publisher = publish_nowhere


def create_app(config: Any = None) -> Flask:
    """Build the app from a config object (``config.Config()`` when none is given)."""
    if config is None:
        from config import Config

        config = Config()
    app = Flask(__name__, static_folder=None)
    app.config.from_object(config)
    from server.web.routing import IdConverter

    app.url_map.converters["id"] = IdConverter
    engine = make_engine(app.config["DATABASE_URL"],
                         sqlite_synchronous=app.config["SQLITE_SYNCHRONOUS"],
                         pg_connections=app.config["PG_CONNECTIONS"])
    app.extensions["accord"] = Accord(engine=engine, sessions=make_sessionmaker(engine))
    from server.features.history.seals import install as install_history_key

    install_history_key(app.extensions["accord"].sessions, app.config["SIGNING_KEY_FILE"])

    from server.features import blueprints
    from server.web import api, headers, static
    from server.web.context import ServerSessions

    # Browser sessions live in the database; the cookie carries a random id only.
    app.session_interface = ServerSessions()

    api.register(app, blueprints())
    static.register(app)

    @app.before_request
    def _mark_readers() -> None:
        from flask import request

        from server.db import set_read_only

        set_read_only(request.method in ("GET", "HEAD", "OPTIONS"))

    from server.live.access import client_manager, origin_allowed
    from server.live.broadcaster import Broadcaster
    from server.live.namespace import register as register_live

    allowed = frozenset(app.config["ALLOWED_ORIGINS"])
    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"],
                      # The deployment's own Redis channel (or none: one process).
                      client_manager=client_manager(app.config.get("REDIS_URL"),
                                                    app.config["DEPLOYMENT"]),
                      # A browser page may connect from our own origin only: a WebSocket
                      # carries the cookie whichever site opened it.
                      cors_allowed_origins=lambda origin, environ: origin_allowed(
                          origin, environ, allowed))
    from server.features.inbox.mail import publishing_and_mailing

    # Live first, then the inbox's immediate mail of the same entries.
    app.extensions["accord"].publish = publishing_and_mailing(app, Broadcaster(socketio))
    app.extensions["accord.live"] = register_live(
        socketio, app, max_replay=app.config["MAX_REPLAY"],
        expiry_check=app.config["LIVE_EXPIRY_CHECK_SECONDS"])
    headers.register(app)  # last: around /socket.io too
    return app
