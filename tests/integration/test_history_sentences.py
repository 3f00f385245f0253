"""Every entry of the demo's history reads as a sentence naming who did what, never an
internal key ("amendment:6", "amendment.stance", a unit key, a template's {placeholder})."""

from __future__ import annotations

import re

from sqlalchemy import select

from server.demo.loader import load_demo
from server.features.common.context import Ctx
from server.features.history.sentences import sentences
from server.models import LogEntry, Process

#: What no person should read: a subject ("amendment:6", "unit:3:op12"), an event type
#: ("amendment.stance"), a unit key ("op12", "pp_3"), a template left unfilled.
INTERNAL = re.compile(r"\b[a-z_]+:\d|\b[a-z_]+\.[a-z_]+\b|\b(?:op|pp)_?\d+\b|[{}]|\bNone\b")


def test_no_history_sentence_of_the_demo_shows_an_internal_key(  # type: ignore[no-untyped-def]
        app, database_url: str) -> None:
    with app.extensions["accord"].sessions() as session:
        ctx = Ctx(session=session, user=None)
        assert load_demo(ctx, "demo-password-1") is True
        read = 0
        for process in session.scalars(select(Process)):
            entries = list(session.scalars(select(LogEntry).where(
                LogEntry.stream == f"process:{process.id}").order_by(LogEntry.seq)))
            for full in (None, lambda _entry: False):  # in full, and in general words
                said = sentences(ctx, process.id, entries, full)
                for entry in entries:
                    text = said[entry.seq]
                    assert not INTERNAL.search(text), (entry.action, entry.subject, text)
                    assert text[:1].isupper() and text.endswith("."), text
                    read += 1
            named = sentences(ctx, process.id, entries)
            stances = [named[e.seq] for e in entries if e.action == "amendment.stance"]
            assert all("a delegation supported or opposed" not in s.lower() for s in stances)
        assert read > 50
