"""Signing in and out (browser sessions) and bearer tokens for scripts."""

from __future__ import annotations

from flask import Blueprint, session
from sqlalchemy import select

import server.features.auth.service as auth
from server.features.auth import schemas as s
from server.features.auth.throttle import check_sign_in
from server.models import Delegation, Participant
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("auth", __name__)
TAG = "Sign-in"


@endpoint(bp, "/auth/login", "POST", summary="Sign in (sets the session cookie)", tag=TAG,
          body=s.LoginIn, response=s.MeOut, auth=False, errors=(401, 429))
def login(body: s.LoginIn) -> s.MeOut:
    check_sign_in(body.email)
    user = auth.authenticate(ctx(), body.email, body.password)
    session.clear()
    session["user_id"] = user.id
    session.permanent = True
    ctx().user = user
    return me()


@endpoint(bp, "/auth/logout", "POST", summary="Sign out", tag=TAG, auth=False)
def logout() -> None:
    session.clear()


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
                        focal_point=p.focal_point) for p, code in rows])


@endpoint(bp, "/auth/tokens", "POST", summary="Issue a bearer token (shown once)", tag=TAG,
          body=s.TokenIn, response=s.TokenOut, status=201)
def issue_token(body: s.TokenIn) -> s.TokenOut:
    return s.TokenOut(token=auth.issue_token(ctx(), body.name), name=body.name)


@endpoint(bp, "/auth/tokens/revoke", "POST", summary="Revoke one of your bearer tokens", tag=TAG,
          body=s.TokenRevokeIn, errors=(404,))
def revoke_token(body: s.TokenRevokeIn) -> None:
    auth.revoke_token(ctx(), body.token)
