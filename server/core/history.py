"""The append-only history: a hash chain over every state change.

Each entry's hash covers its content and the previous entry's hash, so altering, removing or
reordering any entry breaks every hash after it; :func:`verify_chain` names the first one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class EntryContent:
    """The hashed part of a history entry."""

    stream: str
    seq: int
    at: str  # ISO 8601, UTC, microseconds: a string so every database hashes the same bytes
    actor_id: int | None
    action: str
    subject: str
    payload: dict[str, Any]


def canonical(content: EntryContent) -> bytes:
    """Canonical bytes of an entry: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        {
            "stream": content.stream, "seq": content.seq, "at": content.at,
            "actor": content.actor_id, "action": content.action, "subject": content.subject,
            "payload": content.payload,
        },
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    ).encode("utf-8")


def chain_hash(previous: str, content: EntryContent) -> str:
    """sha256(previous hash || canonical content), hex."""
    return hashlib.sha256(previous.encode("ascii") + canonical(content)).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry as read back from storage, with the hashes it claims."""

    content: EntryContent
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry whose stored hashes do not match the recomputed chain."""

    stream: str
    seq: int
    reason: str


def verify_chain(entries: Iterable[StoredEntry]) -> ChainBreak | None:
    """Recompute one stream's chain in sequence order; None when intact.

    Detects altered content, altered hashes, and missing or reordered entries.
    """
    previous = GENESIS
    expected_seq = 1
    for entry in entries:
        c = entry.content
        if c.seq != expected_seq:
            return ChainBreak(c.stream, c.seq, f"expected entry {expected_seq}, found {c.seq}")
        if entry.prev_hash != previous:
            return ChainBreak(c.stream, c.seq, "its link to the previous entry was altered")
        if chain_hash(previous, c) != entry.hash:
            return ChainBreak(c.stream, c.seq, "its content does not match its hash")
        previous = entry.hash
        expected_seq += 1
    return None
