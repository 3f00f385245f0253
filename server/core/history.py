"""The append-only history: a hash chain over every state change.

Each entry's hash covers its content and the previous entry's hash, so altering, removing or
reordering any entry breaks every hash after it; :func:`verify_chain` names the first one.

A chain recomputed from scratch verifies again, so the chain alone proves nothing against
someone who can write to the database. Three things anchor it outside the database's reach:

- each entry may carry the *state* its subject was left in (an amendment's words and
  standing, a participant's role, the digests of a published revision's paragraphs), so
  replaying the history and comparing with the tables finds a row changed directly
  (:func:`first_difference`);
- the head is sealed (signed with a key kept outside the database) at every publication and
  on demand; :func:`seal_message` is the exact bytes signed;
- every published revision carries the chain head at its publication (its history hash),
  printed in its exports and feed, so a copy held by anyone shows where the chain passed.
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
    #: What the subject was left in after this entry (see :func:`first_difference`); None in
    #: entries written before states were recorded, and for subjects that have none.
    state: dict[str, Any] | None = None


def canonical(content: EntryContent) -> bytes:
    """Canonical bytes of an entry: sorted keys, no spaces, UTF-8.

    ``state`` is hashed only when present, so entries written before it existed keep their
    hashes.
    """
    fields: dict[str, Any] = {
        "stream": content.stream, "seq": content.seq, "at": content.at,
        "actor": content.actor_id, "action": content.action, "subject": content.subject,
        "payload": content.payload,
    }
    if content.state is not None:
        fields["state"] = content.state
    return json.dumps(fields, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


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


def digest(text: str) -> str:
    """sha256 of ``text`` (UTF-8), hex: how a state records words it need not repeat.

    >>> digest("")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_message(stream: str, seq: int, head_hash: str, sealed_at: str) -> bytes:
    """The exact bytes a seal signs: which chain, how far, its head, and when.

    >>> seal_message("process:1", 3, "ab", "2026-01-01T00:00:00.000000+00:00")
    b'accord-history-seal:v1:{"at":"2026-01-01T00:00:00.000000+00:00","hash":"ab","seq":3,"stream":"process:1"}'
    """
    body = json.dumps({"stream": stream, "seq": seq, "hash": head_hash, "at": sealed_at},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return b"accord-history-seal:v1:" + body.encode("utf-8")


#: The words a state's fields are named by when they differ ("its text", "its stance").
FIELD_WORDS: dict[str, str] = {
    "state": "its state", "delegation": "its delegation", "unit": "its paragraph",
    "revision": "the revision it was made on", "kind": "its kind", "text": "its text",
    "justification": "its justification", "stances": "the stances taken on it",
    "co_sponsors": "its co-sponsors",
    "user": "its person", "role": "its role", "label": "its label",
    "sequence": "its place among the revisions", "units": "its paragraphs",
    "exists": "its existence",
}


def first_difference(recorded: dict[str, Any], current: dict[str, Any] | None) -> str | None:
    """The first field (in ``recorded``'s order) whose value in the tables (``current``)
    differs from the history's, in words; None when they agree. ``current`` None: the row is
    gone. A recorded state ``{"exists": False}`` says the history removed it.

    >>> first_difference({"state": "submitted", "text": "a"}, {"state": "submitted", "text": "b"})
    'its text in the table differs from the history\'s'
    >>> first_difference({"exists": False}, {"exists": True, "role": "delegate"})
    'the history removed it, but the table still holds it'
    >>> first_difference({"role": "delegate"}, None)
    'the table no longer holds it'
    """
    if recorded.get("exists") is False:
        return None if current is None else "the history removed it, but the table still holds it"
    if current is None:
        return "the table no longer holds it"
    for name, value in recorded.items():
        if current.get(name) != value:
            words = FIELD_WORDS.get(name, f"its {name}")
            return f"{words} in the table differs from the history's"
    return None
