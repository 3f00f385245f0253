"""Live events read as sentences, with names, for those who may see them; a placeholder
carries no sentence (nothing of another delegation's draft), live or replayed."""

from __future__ import annotations

import json

import pytest

from tests.support.live import Live, open_client, submit
from tests.support.liveclient import LiveClient

pytestmark = pytest.mark.slow


def test_an_event_carries_its_sentence_and_a_placeholder_none(
        live: Live, clients: list[LiveClient]) -> None:
    base = live.server.base
    head = live.head()
    own = open_client(clients, base, token=live.token(0), name="own")
    other = open_client(clients, base, token=live.token(1), name="other")
    cofac = open_client(clients, base, token=live.negotiation.cofac_token, name="cofac")
    for watcher in (own, other, cofac):
        watcher.subscribe(live.pid, last_seq=head)
    [made] = submit(live, 0, 1, seed=7)
    [draft] = submit(live, 0, 1, seed=8, draft=True)
    who = made["delegation_name"]
    assert who == f"Delegation {live.code(0)}"
    submitted = f"{who} submitted an amendment to {made['unit_name']}."
    drafted = f"{who} saved a draft amendment to {draft['unit_name']}."
    for watcher in (own, other, cofac):
        watcher.wait_seq(live.pid, head + 2)
    [first, second] = own.delivered(live.pid)
    assert first["sentence"] == submitted and second["sentence"] == drafted
    # With the facts the browser says it with in the reader's language (client/i18n/events).
    assert first["facts"]["delegation"] == who
    assert first["facts"]["paragraph"] == made["unit_name"]
    assert second["facts"]["paragraph"] == draft["unit_name"]
    assert made["unit_name"].startswith("OP")
    for watcher in (other, cofac):
        [first, placeholder] = watcher.delivered(live.pid)
        assert first["sentence"] == submitted and first["facts"]["delegation"] == who
        assert placeholder == {"process_id": live.pid, "seq": head + 2, "type": "hidden"}
        assert who not in json.dumps([e for e in watcher.raw if e["seq"] == head + 2])
    # Replayed, each reads the same.
    late_own = open_client(clients, base, token=live.token(0), name="late own")
    late_other = open_client(clients, base, token=live.token(1), name="late other")
    late_own.subscribe(live.pid, last_seq=head)
    late_other.subscribe(live.pid, last_seq=head)
    late_own.wait_seq(live.pid, head + 2)
    late_other.wait_seq(live.pid, head + 2)
    assert [e["sentence"] for e in late_own.delivered(live.pid)] == [submitted, drafted]
    # and with the same facts, so a late reader reads it in their language too.
    assert [e["facts"] for e in late_own.delivered(live.pid)] == [first["facts"], second["facts"]]
    replayed = late_other.delivered(live.pid)
    assert replayed[0]["sentence"] == submitted
    assert replayed[1] == {"process_id": live.pid, "seq": head + 2, "type": "hidden",
                           "replay": True}
