"""Per-request plumbing: the database session, the signed-in user, the browser session and the
service context."""

from __future__ import annotations

import logging
from _collections_abc import dict_items, dict_keys, dict_values
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, current_app, g, request, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.orm import Session
from werkzeug.wrappers import Request as BaseRequest
from werkzeug.wrappers import Response as BaseResponse

import server.features.auth.service as auth
from server.core.errors import Forbidden, Unauthenticated
from server.features.common.context import Ctx
from server.models import User

log = logging.getLogger(__name__)


def db_session() -> Session:
    """One session per request, closed (and so rolled back unless committed) at teardown."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["accord"].sessions()
    found: Session = g.db_session
    return found


def close_session(_error: BaseException | None = None) -> None:
    """At teardown: end the request's transaction. This never raises: the answer is already
    made, and a failure here (a database that went away) must not turn it into a plain-text
    500; the connection is dropped instead."""
    found = g.pop("db_session", None)
    if found is not None:
        forget_transaction(found, close=True)


def forget_transaction(session: Session, *, close: bool = False) -> None:
    """Roll back (and close) ``session`` whatever state its connection is in: when the ROLLBACK
    itself fails the connection is invalidated (the server rolls back a transaction whose
    connection is gone)."""
    try:
        if close:
            session.close()
        else:
            session.rollback()
    except Exception:
        log.warning("rolling back failed; the connection is dropped", exc_info=True)
        try:
            session.invalidate()
        except Exception:
            log.warning("dropping the connection failed", exc_info=True)


def ctx() -> Ctx:
    """The service context for this request (built once)."""
    if "ctx" not in g:
        accord = current_app.extensions["accord"]
        g.ctx = Ctx(session=db_session(), user=current_user(), now=accord.clock,
                    publish=accord.publish,
                    silence_minimum=timedelta(hours=current_app.config["SILENCE_MIN_HOURS"]),
                    holds_commit=bool(g.get("holds_commit")))
    found: Ctx = g.ctx
    return found


def lifetime(setting: str) -> timedelta:
    """A lifetime setting (``TOKEN_SECONDS``, ``INVITATION_SECONDS``...) as a duration."""
    return timedelta(seconds=int(current_app.config[setting]))


# ---- the browser session: a random id in the cookie, its meaning in the database --------------


class CookieSession(dict[str, Any], SessionMixin):
    """What the session cookie stands for: ``{"user_id": ...}`` while its row in
    browser_sessions is open, else nothing.

    The cookie holds a random id only. The row is read the first time anything asks (not when
    the request starts), so that a reading request begins its transaction as a reader; it is
    read again in every request, so a session ended elsewhere ends at once.
    """

    def __init__(self, secret: str | None, load: Callable[[str], User | None]) -> None:
        super().__init__()
        self.secret = secret
        self.user: User | None = None
        self._load = load
        self._loaded = secret is None
        self.accessed = False
        #: Set by sign-in (the cookie to send) and sign-out (the cookie to clear).
        self.started: tuple[str, datetime] | None = None
        self.ended = False

    def _ensure(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.accessed = True
            assert self.secret is not None
            self.user = self._load(self.secret)
            if self.user is not None:
                super().__setitem__("user_id", self.user.id)

    # Every way of reading it loads it first (Flask-SocketIO copies it with dict()).
    def __getitem__(self, key: str) -> Any:
        self._ensure()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._ensure()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self._ensure()
        return super().__iter__()

    def __len__(self) -> int:
        self._ensure()
        return super().__len__()

    def get(self, key: str, default: Any = None) -> Any:
        self._ensure()
        return super().get(key, default)

    def keys(self) -> dict_keys[str, Any]:
        self._ensure()
        return super().keys()

    def items(self) -> dict_items[str, Any]:
        self._ensure()
        return super().items()

    def values(self) -> dict_values[str, Any]:
        self._ensure()
        return super().values()


def _user_of_session(secret: str) -> User | None:
    return auth.user_for_session(Ctx(session=db_session(), user=None,
                                     now=current_app.extensions["accord"].clock), secret)


class ServerSessions(SessionInterface):
    """Flask's session, kept server-side (``browser_sessions``); only sign-in and sign-out
    change it, through :func:`begin_browser_session` and :func:`end_browser_session`."""

    def open_session(self, app: Flask, request: BaseRequest) -> CookieSession:
        secret = request.cookies.get(self.get_cookie_name(app)) or None
        if secret is not None and not 20 <= len(secret) <= 100:
            secret = None  # not one of ours: never looked up
        return CookieSession(secret, _user_of_session)

    def save_session(self, app: Flask, session: SessionMixin,
                     response: BaseResponse) -> None:
        if not isinstance(session, CookieSession):
            return
        if session.accessed:
            response.vary.add("Cookie")  # the answer depends on who the cookie says
        name, domain, path = (self.get_cookie_name(app), self.get_cookie_domain(app),
                              self.get_cookie_path(app))
        if session.started is not None:
            secret, expires = session.started
            response.set_cookie(name, secret, expires=expires, domain=domain, path=path,
                                httponly=self.get_cookie_httponly(app),
                                secure=self.get_cookie_secure(app),
                                samesite=self.get_cookie_samesite(app))
        elif session.ended:
            response.delete_cookie(name, domain=domain, path=path,
                                   httponly=self.get_cookie_httponly(app),
                                   secure=self.get_cookie_secure(app),
                                   samesite=self.get_cookie_samesite(app))


def browser_session() -> CookieSession | None:
    """This request's browser session (None outside a request made through Flask's)."""
    # ``session`` is Flask's proxy: isinstance sees the object behind it.
    return session if isinstance(session, CookieSession) else None


def browser_session_secret() -> str | None:
    """The id the browser's cookie carries (whether or not its session is still open)."""
    found = browser_session()
    return found.secret if found is not None else None


def begin_browser_session(user: User, secret: str, expires: datetime) -> None:
    """After sign-in: send the new session's cookie, and act as its user from now on."""
    found = browser_session()
    if found is not None:
        found.started = (secret, expires)
    g.user = user
    g.auth = "session"


def end_browser_session() -> None:
    """After sign-out: clear the cookie."""
    found = browser_session()
    if found is not None:
        found.ended = True


def current_user() -> User | None:
    """The user of a valid bearer token, else of the browser session, else None.

    A request that presents a bearer token which is not valid is refused outright rather than
    falling back to the cookie.
    """
    if "user" in g:
        user: User | None = g.user
        return user
    found: User | None = None
    header = request.headers.get("Authorization", "")
    clock = current_app.extensions["accord"].clock
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
        found = auth.user_for_token(Ctx(session=db_session(), user=None, now=clock),
                                    token.strip())
        if found is None:
            raise Unauthenticated("This token is not valid (unknown, expired or revoked).")
        g.auth = "token"
    else:
        cookie = browser_session()
        if cookie is not None and "user_id" in cookie:
            found = cookie.user
            g.auth = "session"
    g.user = found
    return found


UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def check_same_origin() -> None:
    """A cookie-authenticated write must come from our own pages (besides SameSite=Lax and the
    JSON content type a cross-site form cannot send)."""
    if request.method not in UNSAFE or g.get("auth") != "session":
        return
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        raise Forbidden("Cross-origin requests may not use the browser session.")
