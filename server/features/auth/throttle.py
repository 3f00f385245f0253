"""Throttling sign-in attempts (per address and per account) with the `limits` library.

Storage is Redis when REDIS_URL is set (shared by every server process), memory otherwise.
"""

from __future__ import annotations

from flask import current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests


def _limiter() -> tuple[MovingWindowRateLimiter, RateLimitItem]:
    state = current_app.extensions.get("accord.throttle")
    if state is None:
        uri = current_app.config.get("REDIS_URL") or "memory://"
        state = (MovingWindowRateLimiter(storage_from_string(uri)),
                 parse(current_app.config["LOGIN_RATE"]))
        current_app.extensions["accord.throttle"] = state
    limiter, item = state
    return limiter, item


def check_sign_in(email: str) -> None:
    """Refuse (429) more than LOGIN_RATE attempts from one address or for one account."""
    limiter, item = _limiter()
    for key in (f"ip:{request.remote_addr}", f"account:{email.strip().lower()}"):
        if not limiter.hit(item, "sign-in", key):
            raise TooManyRequests("Too many sign-in attempts; wait a minute and try again.")
