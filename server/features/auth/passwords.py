"""Password hashing (argon2id); API tokens, session ids and link tokens (random, stored as
SHA-256)."""

from __future__ import annotations

import hashlib
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 "low memory" profile

#: Tokens carry this prefix so that secret scanners recognise them.
TOKEN_PREFIX = "acc_"
MIN_PASSWORD_LENGTH = 10


def use_fast_hashing_for_tests() -> None:
    """Minimal argon2 cost, for the test suite only (hundreds of accounts per run)."""
    global _hasher
    _hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _normal(password: str) -> str:
    # The same password typed on another keyboard may arrive composed differently.
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    return _hasher.hash(_normal(password))


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, _normal(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_secret() -> str:
    """256 random bits for a session cookie or a link sent by e-mail."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


#: A hash to verify against when the user does not exist, so timing does not reveal it.
DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
