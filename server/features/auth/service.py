"""Users, signing in and API tokens."""

from __future__ import annotations

from sqlalchemy import select

import server.features.history.service as history
from server.core.errors import Conflict, Invalid, NotFound, Unauthenticated
from server.core.events import EventType
from server.features.auth.passwords import (
    DUMMY_HASH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    new_token,
    token_digest,
    verify_password,
)
from server.features.common.context import Ctx
from server.models import ApiToken, User


def new_user(ctx: Ctx, *, email: str, name: str, password: str,
             is_admin: bool = False) -> User:
    """A new account, in the caller's unit of work (a participant being added, the demo):
    the caller's use case commits."""
    email = email.strip().lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"Passwords have at least {MIN_PASSWORD_LENGTH} characters.",
                      details={"field": "password"})
    if ctx.session.scalars(select(User.id).where(User.email == email)).first():
        raise Conflict(f"A user {email} exists already.", details={"field": "email"})
    user = User(email=email, name=name, password_hash=hash_password(password), is_admin=is_admin)
    ctx.session.add(user)
    ctx.session.flush()
    history.record(ctx, history.GLOBAL_STREAM, EventType.USER_CREATED, f"user:{user.id}",
                   {"email": email, "admin": is_admin})
    return user


def authenticate(ctx: Ctx, email: str, password: str) -> User:
    """The user whose password this is; the same error and timing for every failure."""
    user = ctx.session.scalars(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        verify_password(DUMMY_HASH, password)
        raise Unauthenticated("Unknown e-mail address or wrong password.")
    if not verify_password(user.password_hash, password):
        raise Unauthenticated("Unknown e-mail address or wrong password.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        ctx.commit()
    return user


def user_for_token(ctx: Ctx, token: str) -> User | None:
    """The owner of a valid (unrevoked) bearer token, in one query."""
    return ctx.session.scalars(select(User).join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))).first()


def _new_token(ctx: Ctx, user: User, name: str) -> str:
    token = new_token()
    ctx.session.add(ApiToken(user_id=user.id, name=name, token_hash=token_digest(token)))
    history.record(ctx, history.GLOBAL_STREAM, EventType.TOKEN_ISSUED, f"user:{user.id}",
                   {"name": name})
    return token


def issue_token(ctx: Ctx, name: str) -> str:
    """A new bearer token for the signed-in user; the token itself is shown once and never
    stored (only its digest)."""
    token = _new_token(ctx, ctx.require_user(), name)
    ctx.commit()
    return token


def create_account(ctx: Ctx, *, email: str, name: str, password: str, is_admin: bool = False,
                   token_name: str | None = None) -> tuple[User, str | None]:
    """Create an account (``accord user add``), with a bearer token when ``token_name`` is
    given; returns the account and the token, shown once."""
    user = new_user(ctx, email=email, name=name, password=password, is_admin=is_admin)
    token = _new_token(ctx, user, token_name) if token_name else None
    ctx.commit()
    return user, token


def revoke_token(ctx: Ctx, token: str) -> None:
    """Revoke one of the signed-in user's own tokens."""
    user = ctx.require_user()
    row = ctx.session.scalars(select(ApiToken).where(
        ApiToken.token_hash == token_digest(token))).first()
    if row is None or row.revoked_at is not None or row.user_id != user.id:
        raise NotFound("No such token.")
    row.revoked_at = ctx.now()
    history.record(ctx, history.GLOBAL_STREAM, EventType.TOKEN_REVOKED, f"user:{row.user_id}",
                   {"name": row.name})
    ctx.commit()
