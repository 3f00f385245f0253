"""Throttling password attempts with the `limits` library: failures are counted per account
from one address (LOGIN_RATE), and per address whatever the account (LOGIN_ADDRESS_RATE).

A correct password typed from another address is never refused, however many failures an
attacker piled up on the account elsewhere: the account's own key is the pair (account,
address). Refusals answer 429 with Retry-After. Storage is Redis when REDIS_URL is set (shared
by every server process), memory otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

SIGN_IN = "sign-in"
PASSWORD_RESET = "password-reset"


def _limiter() -> tuple[MovingWindowRateLimiter, RateLimitItem, RateLimitItem]:
    state = current_app.extensions.get("accord.throttle")
    if state is None:
        uri = current_app.config.get("REDIS_URL") or "memory://"
        state = (MovingWindowRateLimiter(storage_from_string(uri)),
                 parse(current_app.config["LOGIN_RATE"]),
                 parse(current_app.config["LOGIN_ADDRESS_RATE"]))
        current_app.extensions["accord.throttle"] = state
    limiter, per_account, per_address = state
    return limiter, per_account, per_address


def _keys(account: str) -> list[tuple[bool, tuple[str, ...]]]:
    """(whether it is the address-wide key, the key) for this request and ``account``."""
    address = request.remote_addr or "unknown"
    return [(True, ("address", address)), (False, ("account", account.strip().lower(), address))]


def check(account: str, namespace: str = SIGN_IN) -> None:
    """Refuse (429, with Retry-After) when this account failed LOGIN_RATE times from this
    address, or this address LOGIN_ADDRESS_RATE times, within the window."""
    limiter, per_account, per_address = _limiter()
    waits = []
    for address_wide, key in _keys(account):
        item = per_address if address_wide else per_account
        if not limiter.test(item, namespace, *key):
            reset_at, _remaining = limiter.get_window_stats(item, namespace, *key)
            waits.append(max(1, math.ceil(reset_at - time.time())))
    if waits:
        raise TooManyRequests(f"Too many failed attempts; try again in {max(waits)} seconds.",
                              retry_after=max(waits))


def failed(account: str, namespace: str = SIGN_IN) -> None:
    """Count one failure for the address and for the account from it."""
    limiter, per_account, per_address = _limiter()
    for address_wide, key in _keys(account):
        limiter.hit(per_address if address_wide else per_account, namespace, *key)


def spend(account: str, namespace: str) -> None:
    """For requests that are limited whatever their outcome (a reset link sent by mail):
    refuse when over the limit, else count this one."""
    check(account, namespace)
    failed(account, namespace)


@contextmanager
def attempt(account: str, failure: type[Exception]) -> Iterator[None]:
    """Around one password check: refused when throttled; a ``failure`` raised inside counts."""
    check(account)
    try:
        yield
    except failure:
        failed(account)
        raise
