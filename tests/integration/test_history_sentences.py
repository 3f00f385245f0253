"""Every entry of the demo's history reads as a sentence naming who did what, never an
internal key ("amendment:6", "amendment.stance", a unit key, a template's {placeholder})."""

from __future__ import annotations

import re

from sqlalchemy import event, select

from server.core.events import EventType
from server.core.messages import LANGUAGES
from server.demo.loader import load_demo
from server.features.common.context import Ctx
from server.features.history.catalogue import render_sentence
from server.features.history.sentences import described, remembered, sentences
from server.features.history.service import record
from server.live.broadcaster import Broadcaster
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


#: A sentence in any of the six languages: no template left unfilled, no catalogue key.
UNFILLED = re.compile(r"[{}]|\bevents\.|\bword\.|\bNone\b")


def test_the_demo_history_reads_in_six_languages(  # type: ignore[no-untyped-def]
        app, database_url: str) -> None:
    with app.extensions["accord"].sessions() as session:
        ctx = Ctx(session=session, user=None)
        assert load_demo(ctx, "demo-password-1") is True
        seen: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        for process in session.scalars(select(Process)):
            entries = list(session.scalars(select(LogEntry).where(
                LogEntry.stream == f"process:{process.id}").order_by(LogEntry.seq)))
            said = described(ctx, process.id, entries)
            for entry in entries:
                facts = said[entry.seq].facts
                assert render_sentence(entry.action, facts) == said[entry.seq].sentence
                for lang in LANGUAGES:
                    text = render_sentence(entry.action, facts, lang)
                    assert not UNFILLED.search(text), (lang, entry.action, text)
                    seen[lang].add(text)
        # Each language says them in its own words: no two languages share a sentence
        # (proper names and labels alone never make a whole sentence).
        for lang in LANGUAGES:
            assert len(seen[lang]) > 20, lang
            for other in LANGUAGES:
                if other != lang:
                    assert not seen[lang] & seen[other], (lang, other, seen[lang] & seen[other])
        assert any("a soumis un amendement" in s for s in seen["fr"])


def test_a_write_s_sentences_are_read_before_its_commit_and_not_after(  # type: ignore[no-untyped-def]
        app, database_url: str) -> None:
    """The facts of a process's entries are read in the transaction that records them; the
    broadcaster, after the commit, sends them without a single statement."""
    accord = app.extensions["accord"]
    with app.app_context():
        session = accord.sessions()
        try:
            ctx = Ctx(session=session, user=None)
            assert load_demo(ctx, "demo-password-1") is True
            process = session.scalars(select(Process)).first()
            assert process is not None
            entry = record(ctx, f"process:{process.id}", EventType.SILENCE_AGREED,
                           f"process:{process.id}", {"label": "Rev.9"})
            statements: list[str] = []
            engine = session.get_bind()

            def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
                statements.append(statement)

            ctx.pending = []
            session.commit()
            found = remembered(entry)
            assert found is not None and found.sentence == "Rev.9 was agreed under silence."
            assert found.facts["revision"] == "Rev.9"
            event.listen(engine, "before_cursor_execute", count)
            try:
                said = Broadcaster._sentences([entry])
            finally:
                event.remove(engine, "before_cursor_execute", count)
            assert said[entry.stream][entry.seq] is found
            assert statements == []
            # The same as a reader of the stored history reads it.
            again = described(ctx, process.id, [entry])[entry.seq]
            assert again == found
        finally:
            session.close()
