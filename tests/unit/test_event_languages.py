"""The event sentences in six languages, from the client's catalogue (one source): the
server reads client/i18n/events at start-up and renders each language as the browser does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.core import messages
from server.core.events import EventType
from server.features.history.catalogue import EVENTS, render_many, render_sentence
from server.features.history.sentences import FIXTURE, fixture

ROOT = Path(__file__).resolve().parents[2]


def test_the_client_s_fixture_of_the_server_catalogue_is_current() -> None:
    """client/i18n/events/events.test.js checks the catalogues against this fixture: it must
    say what the server sends (regenerate: python -m server.features.history.sentences)."""
    assert json.loads((ROOT / FIXTURE).read_text()) == json.loads(json.dumps(fixture()))


def test_every_language_has_every_action_with_english_s_placeholders() -> None:
    english = EVENTS.templates["en"]
    for lang in messages.LANGUAGES:
        found = EVENTS.templates[lang]
        assert set(found) == set(english), lang
        for key, template in found.items():
            assert messages.placeholders(template) == messages.placeholders(english[key]), (
                lang, key)
    for action in EventType:
        assert f"events.{action.value}" in english


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Mexico submitted an amendment to OP12 bis."),
    ("fr", "Mexico a soumis un amendement à OP12 bis."),
    ("es", "Mexico presentó una enmienda a OP12 bis."),
    ("ar", "Mexico: تقديم تعديل على OP12 bis."),
    ("zh", "Mexico提交了对OP12 bis的修正案。"),
    ("ru", "Mexico: представлена поправка к OP12 bis."),
])
def test_a_sentence_in_each_language(lang: str, expected: str) -> None:
    facts = {"delegation": "Mexico", "paragraph": "OP12 bis"}
    assert render_sentence("amendment.submitted", facts, lang) == expected


def test_words_and_withheld_facts_in_the_reader_s_language() -> None:
    facts = {"actor": {"word": "actor.co_facilitator"},
             "amendment": {"word": "amendment", "delegation": "Chile", "paragraph": "PP4"},
             "decision": {"word": "decision.reflected"}}
    assert render_sentence("amendment.decided", facts) == (
        "The co-facilitators marked Chile's amendment to PP4 as reflected.")
    assert render_sentence("amendment.decided", facts, "es") == (
        "El equipo de cofacilitación marcó la enmienda de Chile a PP4 como recogida.")
    assert render_sentence("amendment.drafted", {}, "fr") == (
        "Une délégation a enregistré un projet d\u2019amendement à un paragraphe.")
    # A word's own fact withheld reads in general words too.
    assert render_sentence("amendment.decided", {"amendment": {"word": "amendment"}}, "en") == (
        "Someone marked a delegation's amendment to a paragraph as decided.")


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("en", 3, "3 amendments were submitted."),
    ("fr", 2, "2 amendements ont été soumis."),
    ("ru", 2, "Представлено 2 поправки."),
    ("ru", 5, "Представлено 5 поправок."),
    ("ru", 21, "Представлена 21 поправка."),
    ("ar", 2, "قُدّم تعديلان."),
    ("ar", 7, "قُدّمت 7 تعديلات."),
    ("ar", 11, "قُدّم 11 تعديلاً."),
    ("zh", 4, "提交了 4 份修正案。"),
])
def test_several_at_once_with_plurals(lang: str, count: int, expected: str) -> None:
    assert render_many("amendment.submitted", count, lang) == expected


def test_the_formatter_matches_the_client_s_syntax() -> None:
    assert messages.format_message("{n, select, a {A} other {B {x}}}", {"n": "z", "x": "1"}) == (
        "B 1")
    assert messages.format_message("{c, plural, =0 {none} one {# one} other {# many}}",
                                   {"c": 0}) == "none"
    with pytest.raises(messages.MessageSyntaxError):
        messages.parse("{broken")
    with pytest.raises(messages.MessageSyntaxError):
        messages.parse("{n, plural, one {x}}")  # no other branch
