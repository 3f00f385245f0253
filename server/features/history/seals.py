"""Sealing the history: the chain's head signed with an Ed25519 key kept outside the database.

The key lives in a file (ACCORD_SIGNING_KEY_FILE, by default
``instance/history-signing-key.pem``,
made with mode 0600 on first use, like SECRET_KEY); anyone with its public key
(``accord history public-key``) can check a seal. Whoever can write to the database but not
read that file can delete seals, but cannot make one: so a history cut short, rewritten and
re-hashed, or wiped no longer passes through the heads sealed before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from server.core.history import seal_message
from server.features.common.context import Ctx
from server.models import HistorySeal, LogEntry, LogStream

#: Where a session finds the history key (sessionmaker ``info``, set by :func:`install`).
SESSION_KEY = "accord_history_key"


@dataclass
class HistoryKey:
    """The signing key, read (or made) on first use. ``path`` None: a key in memory only, for
    an app that lives as long as its tests."""

    path: Path | None
    _private: Ed25519PrivateKey | None = field(default=None, repr=False)

    def private(self) -> Ed25519PrivateKey:
        if self._private is None:
            self._private = (Ed25519PrivateKey.generate() if self.path is None
                             else load_or_create(self.path))
        return self._private

    def public_hex(self) -> str:
        return public_hex(self.private().public_key())


def load_or_create(path: Path) -> Ed25519PrivateKey:
    """The key in ``path`` (PKCS#8 PEM); a new one written there with mode 0600 when the
    file does not exist yet."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key.")
    return loaded


def existing_public_key(path: Path) -> Ed25519PublicKey | None:
    """The public half of the key in ``path``, or None when there is no such file (checking
    never makes a key)."""
    if not path.exists():
        return None
    return load_or_create(path).public_key()


def public_hex(key: Ed25519PublicKey) -> str:
    """The raw 32-byte public key, hex: how seals, the README and ``--public-key`` write it."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def parse_public_key(text: str) -> Ed25519PublicKey:
    """A public key given as 64 hex digits, or as a PEM (SubjectPublicKeyInfo) block."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        loaded = serialization.load_pem_public_key(text.encode("ascii"))
        if not isinstance(loaded, Ed25519PublicKey):
            raise ValueError("Not an Ed25519 public key.")
        return loaded
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(text))


def install(sessions: sessionmaker[Session], key_file: str) -> None:
    """Give every session of the app the history key (``key_file`` empty: one in memory)."""
    sessions.configure(info={SESSION_KEY: HistoryKey(Path(key_file) if key_file else None)})


def key_of(session: Session) -> HistoryKey | None:
    found: Any = session.info.get(SESSION_KEY)
    return found if isinstance(found, HistoryKey) else None


def seal_head(ctx: Ctx, stream: str, reason: str) -> HistorySeal | None:
    """Sign ``stream``'s current head (in the current transaction; never commits). None
    when the session has no key (a bare session outside the app) or the chain is empty."""
    key = key_of(ctx.session)
    head = ctx.session.scalars(select(LogStream).where(LogStream.key == stream)).one()
    if key is None or head.seq == 0:
        return None
    at = ctx.now().isoformat(timespec="microseconds")
    private = key.private()
    signature = private.sign(seal_message(stream, head.seq, head.head_hash, at))
    seal = HistorySeal(stream=stream, seq=head.seq, head_hash=head.head_hash, sealed_at=at,
                       reason=reason, public_key=public_hex(private.public_key()),
                       signature=signature.hex())
    ctx.session.add(seal)
    return seal


def seal_unsealed(ctx: Ctx) -> list[HistorySeal]:
    """Seal every stream whose head moved since its last seal (``accord history seal``);
    commits."""
    sealed: list[HistorySeal] = []
    for head in ctx.session.scalars(select(LogStream).order_by(LogStream.key)).all():
        last = ctx.session.scalars(select(HistorySeal.seq).where(
            HistorySeal.stream == head.key).order_by(HistorySeal.seq.desc()).limit(1)).first()
        if head.seq > 0 and (last is None or last < head.seq):
            seal = seal_head(ctx, head.key, "on demand")
            if seal is not None:
                sealed.append(seal)
    ctx.commit()
    return sealed


def signed_by(seal: HistorySeal, key: Ed25519PublicKey) -> bool:
    """Whether ``key`` signed this seal's stream, seq, head and time."""
    try:
        key.verify(bytes.fromhex(seal.signature),
                   seal_message(seal.stream, seal.seq, seal.head_hash, seal.sealed_at))
    except (InvalidSignature, ValueError):
        return False
    return True


def covers(session: Session, stream: str, head_hash: str | None) -> bool:
    """Whether a seal signed by this app's key covers the entry whose hash is ``head_hash``
    (sealed at that entry or at a later one of the same chain). Without a key: False."""
    key = key_of(session)
    if head_hash is None or key is None:
        return False
    seq = session.scalars(select(LogEntry.seq).where(
        LogEntry.stream == stream, LogEntry.hash == head_hash)).first()
    if seq is None:
        return False
    public = key.private().public_key()
    return any(signed_by(seal, public) for seal in session.scalars(
        select(HistorySeal).where(HistorySeal.stream == stream, HistorySeal.seq >= seq)
        .order_by(HistorySeal.seq).limit(3)))
