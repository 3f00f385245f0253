"""Security headers on every response, as WSGI middleware around the whole application:
Flask-SocketIO answers /socket.io itself, before Flask's ``after_request`` could see it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

CONTENT_SECURITY_POLICY = ("default-src 'self'; object-src 'none'; base-uri 'none'; "
                           "frame-ancestors 'none'")
#: With secure cookies on (ACCORD_SECURE_COOKIES=1) the site is served over HTTPS only.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
#: Answers that depend on who asks (the API, the live connection) are never stored by a cache.
_PRIVATE_PREFIXES = ("/api/", "/socket.io")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class SecurityHeaders:
    """Adds each header the response does not set itself."""

    def __init__(self, wrapped: WsgiApp, *, https: bool) -> None:
        self.wrapped = wrapped
        self.always: list[tuple[str, str]] = [
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"), ("Content-Security-Policy", CONTENT_SECURITY_POLICY)]
        if https:
            self.always.append(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        private = str(environ.get("PATH_INFO", "")).startswith(_PRIVATE_PREFIXES)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            present = {name.lower() for name, _ in headers}
            added = [(name, value) for name, value in self.always
                     if name.lower() not in present]
            if private and "cache-control" not in present:
                added.append(("Cache-Control", "no-store"))
            return start_response(status, [*headers, *added], exc_info)

        return self.wrapped(environ, start)


def register(app: Flask) -> None:
    """Wrap ``app``'s WSGI application; call it last, once Flask-SocketIO has wrapped it."""
    app.wsgi_app = SecurityHeaders(  # type: ignore[method-assign]
        app.wsgi_app, https=bool(app.config.get("SESSION_COOKIE_SECURE")))
