"""Accounts and how a person is signed in: passwords, browser sessions, bearer tokens.

Every session and token ends: at its expiry, at sign-out, when its owner ends it, when the
password is reset, or when an administrator signs the person out everywhere. Only digests of
their secrets are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, select, update

import server.features.history.service as history
from server.core.errors import Conflict, Invalid, NotFound, Unauthenticated
from server.core.events import EventType
from server.core.languages import LANGUAGES
from server.core.policy import require_administrator
from server.features.auth.mail import Letter
from server.features.auth.passwords import (
    DUMMY_HASH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_secret,
    new_token,
    token_digest,
    verify_password,
)
from server.features.common.context import Ctx
from server.models import ApiToken, BrowserSession, PasswordReset, User


class WrongPassword(Invalid):
    """The current password given to confirm a change is not the account's (counted by the
    sign-in throttle like a failed sign-in)."""


def check_new_password(password: str) -> None:
    """The rule every password a person chooses must meet."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"Passwords have at least {MIN_PASSWORD_LENGTH} characters.",
                      details={"field": "password"})


def account_by_email(ctx: Ctx, email: str) -> User | None:
    return ctx.session.scalars(select(User).where(User.email == email.strip().lower())).first()


def new_user(ctx: Ctx, *, email: str, name: str, password: str,
             is_admin: bool = False) -> User:
    """A new account with the password its owner chose, in the caller's unit of work (an
    accepted invitation, ``accord user add``, the demo): the caller's use case commits."""
    email = email.strip().lower()
    check_new_password(password)
    if account_by_email(ctx, email) is not None:
        raise Conflict(f"A user {email} exists already.", details={"field": "email"})
    user = User(email=email, name=name, password_hash=hash_password(password), is_admin=is_admin)
    ctx.session.add(user)
    ctx.session.flush()
    history.record(ctx, history.GLOBAL_STREAM, EventType.USER_CREATED, f"user:{user.id}",
                   {"email": email, "admin": is_admin})
    return user


def _verified(ctx: Ctx, email: str, password: str) -> User:
    """The user whose password this is; the same error and timing for every failure."""
    user = account_by_email(ctx, email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        raise Unauthenticated("Unknown e-mail address or wrong password.")
    if not verify_password(user.password_hash, password):
        raise Unauthenticated("Unknown e-mail address or wrong password.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


# ---- browser sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SignedIn:
    user: User
    #: The cookie's value: shown to the browser once, stored as a digest.
    secret: str
    expires_at: datetime


def sign_in(ctx: Ctx, email: str, password: str, *, lifetime: timedelta,
            address: str | None, agent: str | None, replacing: str | None = None
            ) -> SignedIn:
    """Check the password and open a browser session (ending the one it replaces)."""
    user = _verified(ctx, email, password)
    if replacing:
        _end_session_of_cookie(ctx, replacing)
    secret = new_secret()
    now = ctx.now()
    ctx.session.add(BrowserSession(user_id=user.id, secret_hash=token_digest(secret),
                                   created_at=now, expires_at=now + lifetime,
                                   address=(address or "")[:64] or None,
                                   agent=(agent or "")[:200] or None))
    ctx.commit()
    return SignedIn(user, secret, now + lifetime)


def user_for_session(ctx: Ctx, secret: str) -> User | None:
    """The owner of a browser session that has not ended or expired, in one query."""
    return ctx.session.scalars(select(User).join(
        BrowserSession, BrowserSession.user_id == User.id).where(
        session_open(token_digest(secret), ctx.now()))).first()


def sign_out(ctx: Ctx, secret: str | None) -> None:
    """End the browser session whose cookie this is (nothing when there is none)."""
    if secret and _end_session_of_cookie(ctx, secret):
        ctx.commit()


def _end_session_of_cookie(ctx: Ctx, secret: str) -> bool:
    """End the open session whose cookie this is; recorded in the accounts' history, so that
    its live connections close at once (server/live/broadcaster.py)."""
    row = ctx.session.scalars(select(BrowserSession).where(
        BrowserSession.secret_hash == token_digest(secret),
        BrowserSession.ended_at.is_(None))).first()
    if row is None:
        return False
    row.ended_at = ctx.now()
    history.record(ctx, history.GLOBAL_STREAM, EventType.SESSION_ENDED, f"user:{row.user_id}",
                   {"session": row.id, "signed_out": True})
    return True


def _end_sessions(ctx: Ctx, *where: ColumnElement[bool]) -> int:
    """End the open sessions matching ``where``; how many were open."""
    result = ctx.session.execute(update(BrowserSession).where(
        BrowserSession.ended_at.is_(None), *where).values(ended_at=ctx.now()))
    return int(getattr(result, "rowcount", 0) or 0)


def _open_sessions(ctx: Ctx, user_id: int) -> list[BrowserSession]:
    return list(ctx.session.scalars(select(BrowserSession).where(
        BrowserSession.user_id == user_id, BrowserSession.ended_at.is_(None),
        BrowserSession.expires_at > ctx.now()).order_by(BrowserSession.id)))


def list_sessions(ctx: Ctx, current: str | None) -> list[tuple[BrowserSession, bool]]:
    """The signed-in person's browser sessions that have not ended, each with whether it is
    the one whose cookie is ``current``."""
    digest = token_digest(current) if current else None
    return [(row, row.secret_hash == digest)
            for row in _open_sessions(ctx, ctx.require_user().id)]


def end_session(ctx: Ctx, session_id: int) -> None:
    """End one of the signed-in person's own browser sessions (NotFound for anyone else's)."""
    user = ctx.require_user()
    row = ctx.session.get(BrowserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise NotFound("No such session.")
    row.ended_at = ctx.now()
    history.record(ctx, history.GLOBAL_STREAM, EventType.SESSION_ENDED, f"user:{user.id}",
                   {"session": row.id})
    ctx.commit()


# ---- bearer tokens ------------------------------------------------------------------------------


#: Built once (every request with a token runs it; building it cost more than running it).
def token_valid(digest: Any, now: Any) -> ColumnElement[bool]:
    """The bearer token whose hash is ``digest`` is neither revoked nor expired at ``now``
    (values or bound parameters): the one rule, also joined by the read cache's one
    statement (server/web/cache.py)."""
    condition: ColumnElement[bool] = ((ApiToken.token_hash == digest)
                                      & ApiToken.revoked_at.is_(None)
                                      & (ApiToken.expires_at > now))
    return condition


def session_open(digest: Any, now: Any) -> ColumnElement[bool]:
    """The browser session whose cookie's hash is ``digest`` has neither ended nor expired."""
    condition: ColumnElement[bool] = ((BrowserSession.secret_hash == digest)
                                      & BrowserSession.ended_at.is_(None)
                                      & (BrowserSession.expires_at > now))
    return condition


_TOKEN_OWNER = select(User).join(ApiToken, ApiToken.user_id == User.id).where(
    token_valid(bindparam("token_hash"), bindparam("now")))


def user_for_token(ctx: Ctx, token: str) -> User | None:
    """The owner of a bearer token that is neither revoked nor expired, in one query."""
    return ctx.session.scalars(_TOKEN_OWNER, {"token_hash": token_digest(token),
                                              "now": ctx.now()}).first()


def signed_in_until(ctx: Ctx, *, token: str | None = None,
                    session: str | None = None) -> tuple[User, datetime] | None:
    """The owner of a bearer token (or, without one, of a browser session's cookie) that has
    neither ended nor expired, with when it expires: a live connection stays open until then
    (server/live/namespace.py), one query."""
    now = ctx.now()
    if token is not None:
        found = ctx.session.execute(select(User, ApiToken.expires_at).join(
            ApiToken, ApiToken.user_id == User.id).where(
            token_valid(token_digest(token), now))).first()
    elif session is not None:
        found = ctx.session.execute(select(User, BrowserSession.expires_at).join(
            BrowserSession, BrowserSession.user_id == User.id).where(
            session_open(token_digest(session), now))).first()
    else:
        return None
    return (found[0], found[1]) if found is not None else None


@dataclass(frozen=True)
class Issued:
    row: ApiToken
    #: The token itself: shown once, never stored.
    token: str


def _new_token(ctx: Ctx, user: User, name: str, lifetime: timedelta) -> Issued:
    token = new_token()
    now = ctx.now()
    row = ApiToken(user_id=user.id, name=name, token_hash=token_digest(token), created_at=now,
                   expires_at=now + lifetime)
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, history.GLOBAL_STREAM, EventType.TOKEN_ISSUED, f"user:{user.id}",
                   {"name": name, "token": row.id})
    return Issued(row, token)


def issue_token(ctx: Ctx, name: str, *, lifetime: timedelta) -> Issued:
    """A new bearer token for the signed-in user, valid for ``lifetime``."""
    issued = _new_token(ctx, ctx.require_user(), name, lifetime)
    ctx.commit()
    return issued


def list_tokens(ctx: Ctx) -> list[ApiToken]:
    """The signed-in person's tokens that still work."""
    return list(ctx.session.scalars(select(ApiToken).where(
        ApiToken.user_id == ctx.require_user().id, ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > ctx.now()).order_by(ApiToken.id)))


def _revoke(ctx: Ctx, row: ApiToken | None, user: User) -> None:
    if row is None or row.revoked_at is not None or row.user_id != user.id:
        raise NotFound("No such token.")
    row.revoked_at = ctx.now()
    history.record(ctx, history.GLOBAL_STREAM, EventType.TOKEN_REVOKED, f"user:{row.user_id}",
                   {"name": row.name, "token": row.id})


def revoke_token(ctx: Ctx, token: str) -> None:
    """Revoke one of the signed-in user's own tokens, named by its value."""
    user = ctx.require_user()
    _revoke(ctx, ctx.session.scalars(select(ApiToken).where(
        ApiToken.token_hash == token_digest(token))).first(), user)
    ctx.commit()


def revoke_token_by_id(ctx: Ctx, token_id: int) -> None:
    """Revoke one of the signed-in user's own tokens, named by its id (from the list)."""
    user = ctx.require_user()
    _revoke(ctx, ctx.session.get(ApiToken, token_id), user)
    ctx.commit()


def _revoke_all(ctx: Ctx, user_id: int) -> int:
    result = ctx.session.execute(update(ApiToken).where(
        ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None)).values(
        revoked_at=ctx.now()))
    return int(getattr(result, "rowcount", 0) or 0)


def create_account(ctx: Ctx, *, email: str, name: str, password: str, is_admin: bool = False,
                   token_name: str | None = None,
                   token_lifetime: timedelta = timedelta(days=90)) -> tuple[User, str | None]:
    """Create an account with the password its owner typed (``accord user add``, for the
    first administrator), with a bearer token when ``token_name`` is given; returns the
    account and the token, shown once."""
    user = new_user(ctx, email=email, name=name, password=password, is_admin=is_admin)
    token = _new_token(ctx, user, token_name, token_lifetime).token if token_name else None
    ctx.commit()
    return user, token


# ---- passwords ------------------------------------------------------------------------------


def change_password(ctx: Ctx, *, current: str, new: str, keep_session: str | None) -> int:
    """Set a new password, confirmed with the current one; every other browser session of the
    person ends (the one in ``keep_session`` stays). Returns how many ended."""
    user = ctx.require_user()
    if not verify_password(user.password_hash, current):
        raise WrongPassword("The current password is not right.",
                            details={"field": "current_password"})
    check_new_password(new)
    user.password_hash = hash_password(new)
    keep = token_digest(keep_session) if keep_session else ""
    ended = _end_sessions(ctx, BrowserSession.user_id == user.id,
                          BrowserSession.secret_hash != keep)
    _void_resets(ctx, user.id)
    history.record(ctx, history.GLOBAL_STREAM, EventType.PASSWORD_CHANGED, f"user:{user.id}",
                   {"sessions_ended": ended})
    ctx.commit()
    return ended


def _void_resets(ctx: Ctx, user_id: int) -> None:
    ctx.session.execute(update(PasswordReset).where(
        PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None)).values(
        used_at=ctx.now()))


RESET_PATH = "/#/password-reset/"


def request_password_reset(ctx: Ctx, email: str, *, lifetime: timedelta) -> Letter | None:
    """A reset link for the account of ``email``, valid for ``lifetime`` (earlier links stop
    working); None when there is no such account: the caller answers the same either way."""
    user = account_by_email(ctx, email)
    if user is None:
        return None
    _void_resets(ctx, user.id)
    token = new_secret()
    now = ctx.now()
    ctx.session.add(PasswordReset(user_id=user.id, token_hash=token_digest(token),
                                  created_at=now, expires_at=now + lifetime))
    history.record(ctx, history.GLOBAL_STREAM, EventType.PASSWORD_RESET_SENT, f"user:{user.id}")
    ctx.commit()
    hours = max(1, round(lifetime.total_seconds() / 3600))
    return Letter(to=user.email, subject="Set a new Accord password", path=RESET_PATH + token,
                  text=(f"Someone (we hope you) asked to set a new password for {user.email} "
                        f"on Accord.\n\nOpen this link within {hours} hour(s) to choose it:\n"
                        "{link}\n\nIf you did not ask, ignore this message: your password "
                        "stays as it is.\n"))


def complete_password_reset(ctx: Ctx, token: str, password: str) -> User:
    """Set the password with a reset link, once; every session of the person ends and every
    token is revoked (whoever knew the old password is out)."""
    row = ctx.session.scalars(select(PasswordReset).where(
        PasswordReset.token_hash == token_digest(token))).first()
    if row is None or row.used_at is not None or row.expires_at <= ctx.now():
        raise NotFound("This link is not valid: it was used, it expired, or a newer one was "
                       "sent. Ask for another.")
    check_new_password(password)
    user = ctx.session.get(User, row.user_id)
    assert user is not None  # the reset row cascades with its user
    user.password_hash = hash_password(password)
    row.used_at = ctx.now()
    ended = _end_sessions(ctx, BrowserSession.user_id == user.id)
    revoked = _revoke_all(ctx, user.id)
    ctx.user = user
    history.record(ctx, history.GLOBAL_STREAM, EventType.PASSWORD_RESET, f"user:{user.id}",
                   {"sessions_ended": ended, "tokens_revoked": revoked})
    ctx.commit()
    return user


# ---- an administrator's -----------------------------------------------------------------------


@dataclass(frozen=True)
class SignedOut:
    sessions_ended: int
    tokens_revoked: int


def sign_out_everywhere(ctx: Ctx, user_id: int) -> SignedOut:
    """An administrator ends every browser session and revokes every token of a person."""
    require_administrator(ctx.require_user().is_admin)
    if ctx.session.get(User, user_id) is None:
        raise NotFound(f"No user {user_id}.")
    ended = _end_sessions(ctx, BrowserSession.user_id == user_id)
    revoked = _revoke_all(ctx, user_id)
    history.record(ctx, history.GLOBAL_STREAM, EventType.ACCOUNT_SIGNED_OUT, f"user:{user_id}",
                   {"sessions_ended": ended, "tokens_revoked": revoked})
    ctx.commit()
    return SignedOut(ended, revoked)


# ---- one's own account ------------------------------------------------------------------------


def rename_self(ctx: Ctx, name: str) -> User:
    """A person changes the name Accord shows for them (nobody else does)."""
    return change_own_profile(ctx, name=name)


#: What ``change_own_profile`` is given for a field the request left out.
UNCHANGED = object()


def change_own_profile(ctx: Ctx, *, name: str | None = None,
                       language: object = UNCHANGED) -> User:
    """A person changes the name Accord shows for them and/or the language they read the
    interface in (``None``: not chosen, the browser decides). Everything is checked before
    anything changes. A new name is recorded in the history (others see it); the language is
    the person's own setting and is not."""
    user = ctx.require_user()
    if name is not None and name == user.name:
        raise Invalid("Your name is that already.", details={"field": "name"})
    if language is not UNCHANGED and language is not None and language not in LANGUAGES:
        raise Invalid(f"Accord's interface has no language {language!r}.",
                      details={"field": "language"})
    if name is not None:
        user.name = name
        history.record(ctx, history.GLOBAL_STREAM, EventType.PROFILE_CHANGED,
                       f"user:{user.id}")
    if language is not UNCHANGED:
        user.language = language if isinstance(language, str) else None
    ctx.commit()
    return user


def sign_self_out_everywhere(ctx: Ctx) -> SignedOut:
    """A person ends every one of their browser sessions (this one too) and revokes their
    bearer tokens: whoever used a forgotten computer or a copied token is out."""
    user = ctx.require_user()
    ended = _end_sessions(ctx, BrowserSession.user_id == user.id)
    revoked = _revoke_all(ctx, user.id)
    history.record(ctx, history.GLOBAL_STREAM, EventType.ACCOUNT_SIGNED_OUT, f"user:{user.id}",
                   {"sessions_ended": ended, "tokens_revoked": revoked, "by_self": True})
    ctx.commit()
    return SignedOut(ended, revoked)
