"""The history's states and seals, without a database: states are hashed only when present
(entries written before keep their hashes), differences are named in words, a seal verifies
only under the key that made it, and the key file is made once, readable by its owner only."""

from __future__ import annotations

import hashlib
import json
import stat
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.core.history import (
    GENESIS,
    EntryContent,
    chain_hash,
    first_difference,
    seal_message,
)
from server.features.history.seals import (
    HistoryKey,
    load_or_create,
    parse_public_key,
    public_hex,
    signed_by,
)
from server.models import HistorySeal

ENTRY = EntryContent("process:1", 1, "2026-01-01T00:00:00.000000+00:00", 7,
                     "amendment.submitted", "amendment:3", {"kind": "retain"})


def test_an_entry_without_a_state_hashes_as_it_always_did() -> None:
    before = json.dumps({"stream": "process:1", "seq": 1, "at": ENTRY.at, "actor": 7,
                         "action": "amendment.submitted", "subject": "amendment:3",
                         "payload": {"kind": "retain"}},
                        sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert chain_hash(GENESIS, ENTRY) == hashlib.sha256(
        GENESIS.encode() + before.encode()).hexdigest()


def test_the_state_is_hashed_with_the_entry() -> None:
    with_state = replace(ENTRY, state={"state": "submitted", "text": "Retain."})
    altered = replace(ENTRY, state={"state": "submitted", "text": "Delete."})
    assert len({chain_hash(GENESIS, e) for e in (ENTRY, with_state, altered)}) == 3


def test_differences_are_named_in_words() -> None:
    recorded = {"state": "submitted", "delegation": 4, "text": "a"}
    assert first_difference(recorded, dict(recorded)) is None
    assert first_difference(recorded, {**recorded, "text": "b"}) == \
        "its text in the table differs from the history's"
    assert first_difference(recorded, {**recorded, "delegation": 5}) == \
        "its delegation in the table differs from the history's"
    assert first_difference(recorded, None) == "the table no longer holds it"
    assert first_difference({"exists": False}, None) is None
    assert first_difference({"exists": False}, recorded) == \
        "the history removed it, but the table still holds it"


def _seal(key: Ed25519PrivateKey, seq: int = 3, head: str = "ab" * 32) -> HistorySeal:
    at = "2026-01-01T00:00:00.000000+00:00"
    return HistorySeal(stream="process:1", seq=seq, head_hash=head, sealed_at=at,
                       reason="publication", public_key=public_hex(key.public_key()),
                       signature=key.sign(seal_message("process:1", seq, head, at)).hex())


def test_a_seal_verifies_only_under_its_key_and_for_what_it_says() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    seal = _seal(key)
    assert signed_by(seal, key.public_key())
    assert not signed_by(seal, other.public_key())
    moved = _seal(key)
    moved.seq = 2  # moved back to a shorter history: the signature no longer matches
    assert not signed_by(moved, key.public_key())
    garbled = _seal(key)
    garbled.signature = "zz"
    assert not signed_by(garbled, key.public_key())


def test_the_key_file_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "history-signing-key.pem"
    made = load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = HistoryKey(path)
    assert again.public_hex() == public_hex(made.public_key())
    assert public_hex(parse_public_key(again.public_hex())) == again.public_hex()
    assert HistoryKey(None).public_hex() != again.public_hex()  # in memory: a key of its own
