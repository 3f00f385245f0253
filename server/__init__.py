"""Accord: the Flask application factory."""

from __future__ import annotations

import os

if os.environ.get("ACCORD_GEVENT_PATCH") == "1":
    # Set by `accord serve` before this package is imported: gevent must patch the standard
    # library before anything else creates sockets, threads or locks.
    from gevent import monkey

    monkey.patch_all()

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, send_from_directory
from flask_socketio import SocketIO
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from server.db import make_engine, make_sessionmaker
from server.services.context import Publisher, publish_nowhere, system_now

VERSION = "0.1.0"
CLIENT_DIR = Path(__file__).resolve().parent.parent / "client"

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
    from server.api.routing import IdConverter

    app.url_map.converters["id"] = IdConverter
    engine = make_engine(app.config["DATABASE_URL"],
                         sqlite_synchronous=app.config["SQLITE_SYNCHRONOUS"])
    app.extensions["accord"] = Accord(engine=engine, sessions=make_sessionmaker(engine))

    from server import api

    api.register(app)

    @app.before_request
    def _mark_readers() -> None:
        from flask import request

        from server.db import set_read_only

        set_read_only(request.method in ("GET", "HEAD", "OPTIONS"))

    @app.get("/")
    def index() -> Any:
        return send_from_directory(CLIENT_DIR, "index.html")

    @app.get("/client/<path:name>")
    def client_file(name: str) -> Any:
        # The client's own files and client/vendor/ (filled by `npm ci --prefix client`);
        # never npm's tree or the build scripts.
        from flask import abort

        if name.split("/", 1)[0] in ("node_modules", "package.json", "package-lock.json",
                                     "vendor.mjs", ".gitignore"):
            abort(404)
        return send_from_directory(CLIENT_DIR, name)

    @app.after_request
    def _security_headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        return response

    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"],
                      message_queue=app.config.get("REDIS_URL"),
                      # Same-origin only: the browser client is served by this app.
                      cors_allowed_origins=[])
    from server.realtime.broadcaster import Broadcaster
    from server.realtime.namespace import register as register_live

    app.extensions["accord"].publish = Broadcaster(socketio)
    app.extensions["accord.live"] = register_live(socketio)
    return app
