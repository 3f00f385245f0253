"""Signing in and out (browser sessions), bearer tokens, passwords."""

from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy import select

import server.features.auth.service as auth
from server.core.errors import Unauthenticated
from server.core.policy import account_actions
from server.features.auth import mail, throttle
from server.features.auth import schemas as s
from server.models import Delegation, Participant
from server.web.context import (
    begin_browser_session,
    browser_session_secret,
    ctx,
    end_browser_session,
    lifetime,
)
from server.web.routing import endpoint

bp = Blueprint("auth", __name__)
TAG = "Sign-in"


@endpoint(bp, "/auth/login", "POST", summary="Sign in (sets the session cookie)", tag=TAG,
          body=s.LoginIn, response=s.MeOut, auth=False, errors=(401, 429))
def login(body: s.LoginIn) -> s.MeOut:
    """Failed attempts are counted per address and per account from that address: too many
    answer 429 with Retry-After, yet the right password from another address still works."""
    with throttle.attempt(body.email, Unauthenticated):
        signed = auth.sign_in(ctx(), body.email, body.password,
                              lifetime=lifetime("PERMANENT_SESSION_LIFETIME"),
                              address=request.remote_addr, agent=request.user_agent.string,
                              replacing=browser_session_secret())
    begin_browser_session(signed.user, signed.secret, signed.expires_at)
    ctx().user = signed.user
    return me()


@endpoint(bp, "/auth/logout", "POST", summary="Sign out (ends this browser session)", tag=TAG,
          auth=False)
def logout() -> None:
    auth.sign_out(ctx(), browser_session_secret())
    end_browser_session()


@endpoint(bp, "/auth/me", "GET", summary="Who am I, and in which processes", tag=TAG,
          response=s.MeOut)
def me() -> s.MeOut:
    context = ctx()
    user = context.require_user()
    rows = context.session.execute(
        select(Participant, Delegation.code)
        .outerjoin(Delegation, Delegation.id == Participant.delegation_id)
        .where(Participant.user_id == user.id).order_by(Participant.process_id))
    return s.MeOut(user=s.UserOut.model_validate(user), memberships=[
        s.MembershipOut(process_id=p.process_id, role=p.role, delegation=code,
                        focal_point=p.focal_point) for p, code in rows],
        actions=account_actions(user.is_admin))


@endpoint(bp, "/auth/me", "PATCH",
          summary="Change the name Accord shows for you, or your interface language", tag=TAG,
          body=s.ProfileIn, response=s.MeOut)
def change_profile(body: s.ProfileIn) -> s.MeOut:
    """Your own name and language only: nobody changes another person's name, e-mail or
    password. ``language`` is one of ar, zh, en, fr, ru, es, or null (not chosen)."""
    given = body.model_fields_set
    auth.change_own_profile(ctx(), name=body.name,
                            language=body.language if "language" in given else auth.UNCHANGED)
    return me()


@endpoint(bp, "/auth/sign-out-everywhere", "POST",
          summary="End every one of your sessions (this one too) and revoke your tokens",
          tag=TAG, response=s.SignedOutOut)
def sign_self_out_everywhere() -> s.SignedOutOut:
    done = auth.sign_self_out_everywhere(ctx())
    end_browser_session()
    return s.SignedOutOut(sessions_ended=done.sessions_ended, tokens_revoked=done.tokens_revoked)


@endpoint(bp, "/auth/sessions", "GET", summary="Your browser sessions that have not ended",
          tag=TAG, response=list[s.SessionOut])
def list_sessions() -> list[s.SessionOut]:
    return [s.SessionOut(id=row.id, created_at=row.created_at, expires_at=row.expires_at,
                         address=row.address, agent=row.agent, current=current)
            for row, current in auth.list_sessions(ctx(), browser_session_secret())]


@endpoint(bp, "/auth/sessions/<id:session_id>", "DELETE", summary="End one of your sessions",
          tag=TAG, errors=(404,))
def end_session(session_id: int) -> None:
    auth.end_session(ctx(), session_id)


@endpoint(bp, "/auth/tokens", "GET", summary="Your bearer tokens that still work", tag=TAG,
          response=list[s.TokenListedOut])
def list_tokens() -> list[s.TokenListedOut]:
    return [s.TokenListedOut.model_validate(row) for row in auth.list_tokens(ctx())]


@endpoint(bp, "/auth/tokens", "POST", summary="Issue a bearer token (shown once)", tag=TAG,
          body=s.TokenIn, response=s.TokenOut, status=201,
          remembered=False)  # the token is stored nowhere else
def issue_token(body: s.TokenIn) -> s.TokenOut:
    """The token expires after ACCORD_TOKEN_SECONDS."""
    issued = auth.issue_token(ctx(), body.name, lifetime=lifetime("TOKEN_SECONDS"))
    return s.TokenOut(id=issued.row.id, token=issued.token, name=issued.row.name,
                      expires_at=issued.row.expires_at)


@endpoint(bp, "/auth/tokens/<id:token_id>", "DELETE", summary="Revoke one of your tokens",
          tag=TAG, errors=(404,))
def revoke_token_by_id(token_id: int) -> None:
    auth.revoke_token_by_id(ctx(), token_id)


@endpoint(bp, "/auth/tokens/revoke", "POST", summary="Revoke one of your bearer tokens", tag=TAG,
          body=s.TokenRevokeIn, errors=(404,))
def revoke_token(body: s.TokenRevokeIn) -> None:
    auth.revoke_token(ctx(), body.token)


@endpoint(bp, "/auth/password", "POST", summary="Change your password", tag=TAG,
          body=s.PasswordChangeIn, errors=(429,))
def change_password(body: s.PasswordChangeIn) -> None:
    """Confirmed with the current password (wrong ones count like failed sign-ins); your other
    browser sessions end."""
    context = ctx()
    with throttle.attempt(context.require_user().email, auth.WrongPassword):
        auth.change_password(context, current=body.current_password, new=body.new_password,
                             keep_session=browser_session_secret())


@endpoint(bp, "/auth/password-reset", "POST", summary="Send a password reset link by e-mail",
          tag=TAG, body=s.PasswordResetIn, auth=False, errors=(429,))
def request_password_reset(body: s.PasswordResetIn) -> None:
    """The answer is the same whether or not the address has an account."""
    throttle.spend(body.email, throttle.PASSWORD_RESET)  # mail is not sent without limit
    letter = auth.request_password_reset(ctx(), body.email,
                                         lifetime=lifetime("PASSWORD_RESET_SECONDS"))
    if letter is not None:
        ctx().after_commit(lambda: mail.post(letter))  # the link, once it is stored


@endpoint(bp, "/auth/password-reset/complete", "POST",
          summary="Set a new password with the link's token", tag=TAG,
          body=s.PasswordResetCompleteIn, auth=False, errors=(404,))
def complete_password_reset(body: s.PasswordResetCompleteIn) -> None:
    """Every session of the person ends and every token is revoked; sign in again."""
    auth.complete_password_reset(ctx(), body.token, body.password)


@endpoint(bp, "/users/<id:user_id>/sign-out", "POST",
          summary="End every session and token of a person (administrators)", tag=TAG,
          response=s.SignedOutOut, errors=(403, 404))
def sign_out_everywhere(user_id: int) -> s.SignedOutOut:
    done = auth.sign_out_everywhere(ctx(), user_id)
    return s.SignedOutOut(sessions_ended=done.sessions_ended, tokens_revoked=done.tokens_revoked)
