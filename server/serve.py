"""Serving under gevent (run as ``python -m server.serve`` by ``accord serve``)."""

from __future__ import annotations

import contextlib
import socket
import sys
from typing import Any

from gevent.pywsgi import WSGIHandler, WSGIServer


class NoDelayHandler(WSGIHandler):  # type: ignore[misc]
    """gevent's pywsgi does not set TCP_NODELAY; without it small frames wait 40 ms for
    Nagle's algorithm (measured in ../shared/STACK.md)."""

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(OSError):  # a Unix socket has no Nagle to turn off
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().__init__(sock, *args, **kwargs)

    def run_application(self) -> None:
        upgrade = self.environ.get("HTTP_UPGRADE", "").lower() == "websocket"
        if upgrade:
            # Read into the environ already: the parsed headers (about 2.5 KB) would stay
            # allocated for as long as the WebSocket is open.
            self.headers = None
        super().run_application()
        if upgrade:
            # The socket was a WebSocket until now: never read it again as HTTP.
            self.close_connection = True
            if self.rfile.closed:
                # The lean WebSocket closed the request's reader: it reads a duplicate of
                # the socket in a greenlet of its own, maybe still open (server/live/
                # websocket.py). pywsgi would read what is waiting on the socket before
                # closing it, taking the WebSocket's frames: the server closes it unread.
                self.socket = None


def settle_silences_forever(app: Any, every: float) -> None:
    """Record agreed silence procedures as their deadlines pass (and tell everyone live)."""
    import gevent

    from server.db import set_read_only
    from server.features.common.context import Ctx
    from server.features.silence.service import settle_due

    accord = app.extensions["accord"]
    while True:
        gevent.sleep(every)
        set_read_only(False)  # each round writes: take the writers' queue from the start
        with app.app_context():
            ctx = Ctx(session=accord.sessions(), user=None, now=accord.clock,
                      publish=accord.publish)
            try:
                settle_due(ctx)
            except Exception:  # a failed round is retried at the next one
                app.logger.exception("settling silence procedures failed")
            finally:
                ctx.session.close()


def application() -> Any:
    """The app as a server process serves it: behind ``PROXIES`` trusted proxies (nginx),
    the client's address and scheme are taken from their X-Forwarded-* headers.

    gunicorn loads it as ``server.serve:application()`` (docs/deploy/gunicorn.conf.py)."""
    from server import create_app

    app = create_app()
    proxies = int(app.config.get("PROXIES", 0))
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies,  # type: ignore[method-assign]
                                x_proto=proxies, x_host=0)
    return app


def start_listening(app: Any) -> None:
    """Have the live client manager listen to the other server processes now: python-socketio
    starts its Redis listener at the first client's connection, and until then this process
    would miss the others' events (and put its own in order waiting for them)."""
    from server import socketio

    server = socketio.server
    if server is not None and not server.manager_initialized:
        server.manager_initialized = True
        server.manager.initialize()


def start_background(app: Any) -> None:
    """What each server process runs beside its requests: silence procedures settled as
    their deadlines pass, and the inbox's mail digests."""
    import gevent

    gevent.spawn(settle_silences_forever, app, app.config["SETTLE_SECONDS"])
    from server.features.inbox.mail import digest_forever

    gevent.spawn(digest_forever, app, app.config["SETTLE_SECONDS"], gevent.sleep)


def main() -> None:
    import config

    if not config.gevent_patch_requested():
        sys.exit("Start the server with `accord serve`.")
    app = application()
    host, port = app.config["HOST"], app.config["PORT"]
    server = WSGIServer((host, port), app, handler_class=NoDelayHandler,
                        log=None if app.config["QUIET"] else "default",
                        backlog=2048)
    start_listening(app)
    start_background(app)
    print(f"Accord is serving on http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
