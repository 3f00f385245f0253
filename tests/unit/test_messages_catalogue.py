"""The catalogue the core is given: read from the client's files by the history feature (a broken
file stops the start-up), said in each language with its plurals, English where a language
lacks a key; and the mail's words in six languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from server.core.events import UnknownEvent, check_catalogue
from server.core.messages import LANGUAGES, Catalogue, MessageSyntaxError
from server.features.history.catalogue import EVENTS, EVENTS_DIR, read_catalogue, read_events, say
from server.features.inbox.service import deadline_sentence


def test_the_client_s_files_are_read_into_every_language() -> None:
    assert read_events() == EVENTS
    assert set(EVENTS.templates) == set(LANGUAGES)
    assert EVENTS.templates["en"] == read_catalogue(EVENTS_DIR / "en.js")


def test_a_missing_key_reads_in_english_with_english_plurals() -> None:
    words = Catalogue({"en": {"n": "{count, plural, one {# item} other {# items}}", "hi": "Hi"},
                       "ru": {"hi": "Привет"}})
    assert words.say("hi", lang="ru") == "Привет"
    assert words.say("n", {"count": 1}, "ru") == "1 item"
    assert words.say("n", {"count": 1}, "xx") == "1 item"
    assert "n" in words and "nothing" not in words
    with pytest.raises(KeyError):
        words.say("nothing")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "events"
    shutil.copytree(EVENTS_DIR, folder)
    return folder


def test_a_broken_file_stops_the_start_up(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "fr.js").write_text('module.exports = {"a": "b"};\n', encoding="utf-8")
    with pytest.raises(MessageSyntaxError):
        read_events(folder)
    (folder / "fr.js").write_text('export default {"a": "{count, plural, one {x}}"};\n',
                                  encoding="utf-8")
    with pytest.raises(MessageSyntaxError):  # no other branch
        read_events(folder)


def test_an_event_without_its_english_sentence_stops_the_start_up(tmp_path: Path) -> None:
    english = dict(EVENTS.templates["en"])
    del english["events.amendment.submitted.many"]
    with pytest.raises(UnknownEvent):
        check_catalogue(Catalogue({"en": english}))


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("en", 1, "Accord: 1 new item in your inbox"),
    ("en", 3, "Accord: 3 new items in your inbox"),
    ("fr", 1, "Accord : 1 nouvel élément dans votre boîte de réception"),
    ("fr", 4, "Accord : 4 nouveaux éléments dans votre boîte de réception"),
    ("es", 2, "Accord: 2 elementos nuevos en su bandeja de entrada"),
    ("ar", 1, "Accord: عنصر جديد واحد في صندوق الوارد"),
    ("ar", 2, "Accord: عنصران جديدان في صندوق الوارد"),
    ("ar", 3, "Accord: 3 عناصر جديدة في صندوق الوارد"),
    ("ar", 11, "Accord: 11 عنصرًا جديدًا في صندوق الوارد"),
    ("ar", 100, "Accord: 100 عنصر جديد في صندوق الوارد"),
    ("zh", 5, "Accord\uff1a收件箱中有 5 个新事项"),  # a full-width colon
    ("ru", 1, "Accord: 1 новый элемент во входящих"),
    ("ru", 3, "Accord: 3 новых элемента во входящих"),
    ("ru", 5, "Accord: 5 новых элементов во входящих"),
    ("ru", 21, "Accord: 21 новый элемент во входящих"),
])
def test_the_digest_s_subject_counts_with_each_language_s_plurals(lang: str, count: int,
                                                                  expected: str) -> None:
    assert say("events.mail.digest.subject", {"count": count}, lang) == expected


def test_every_word_of_the_mail_is_said_in_each_language() -> None:
    keys = [k for k in EVENTS.templates["en"] if k.startswith("events.mail.")]
    assert len(keys) >= 7
    for lang in LANGUAGES:
        said = {say(k, {"sentence": "S", "process": "P", "link": "L", "count": 2}, lang)
                for k in keys}
        assert len(said) == len(keys), lang  # no two words alike, none left in English
        if lang != "en":
            assert not said & {say(k, {"sentence": "S", "process": "P", "link": "L",
                                       "count": 2}) for k in keys
                               if k != "events.mail.item.subject"}, lang


@pytest.mark.parametrize(("lang", "facts", "expected"), [
    ("en", {"revision": "Rev.2", "hours": 1},
     "The silence procedure on Rev.2 ends in about 1 hour."),
    ("en", {"hours": 20}, "The silence procedure on a revision ends in about 20 hours."),
    ("fr", {"revision": "Rev.2", "hours": 2},
     "La procédure d\u2019accord tacite sur Rev.2 prend fin dans environ 2 heures."),
    ("ru", {"revision": "Rev.2", "hours": 21},
     "Процедура молчания по Rev.2 завершится примерно через 21 час."),
    ("ar", {"revision": "Rev.2", "hours": 2},
     "ينتهي إجراء الصمت بشأن Rev.2 في غضون ساعتين تقريبًا."),
])
def test_a_silence_ending_soon_in_each_language(lang: str, facts: dict[str, object],
                                                expected: str) -> None:
    assert deadline_sentence(facts, lang) == expected
