"""Per-request plumbing: the database session, the signed-in user and the service context."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, g, request, session
from sqlalchemy.orm import Session

import server.features.auth.service as auth
from server.core.errors import Forbidden, Unauthenticated
from server.features.common.context import Ctx
from server.models import User


def db_session() -> Session:
    """One session per request, closed (and so rolled back unless committed) at teardown."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["accord"].sessions()
    found: Session = g.db_session
    return found


def close_session(_error: BaseException | None = None) -> None:
    found = g.pop("db_session", None)
    if found is not None:
        found.close()


def ctx() -> Ctx:
    """The service context for this request (built once)."""
    if "ctx" not in g:
        accord = current_app.extensions["accord"]
        g.ctx = Ctx(session=db_session(), user=current_user(), now=accord.clock,
                    publish=accord.publish,
                    silence_minimum=timedelta(hours=current_app.config["SILENCE_MIN_HOURS"]))
    found: Ctx = g.ctx
    return found


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
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
        found = auth.user_for_token(Ctx(session=db_session(), user=None), token.strip())
        if found is None:
            raise Unauthenticated("This token is not valid (unknown or revoked).")
        g.auth = "token"
    elif "user_id" in session:
        found = db_session().get(User, session["user_id"])
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
