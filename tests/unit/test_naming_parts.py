"""A name's parts (core.naming.unit_name_parts): what the client says in the reader's language
(client/lib/names.js). Their English is the name sent today, and the client's fixture holds
every form the server sends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.core.naming import FORMS, english, unit_name_parts, unit_names
from server.features.text.naming_fixture import FIXTURE, TEXTS, fixture

ROOT = Path(__file__).resolve().parents[2]


def test_the_client_s_fixture_of_names_is_current() -> None:
    """client/lib/names.test.js renders every name of this fixture in six languages: it
    must say what the server sends (regenerate: python -m server.features.text.naming_fixture)."""
    assert json.loads((ROOT / FIXTURE).read_text()) == json.loads(json.dumps(fixture()))


def test_the_fixture_holds_every_form() -> None:
    assert fixture()["covered"] == sorted(FORMS)


@pytest.mark.parametrize("text", sorted(TEXTS))
def test_parts_say_in_english_the_names_sent_today(text: str) -> None:
    units = TEXTS[text]
    parts = unit_name_parts(units)
    assert {key: english(name) for key, name in parts.items()} == unit_names(units)


def test_a_chapeau_names_its_article_by_its_number() -> None:
    parts = unit_name_parts(TEXTS["treaty"])
    assert parts["c1"] == {"form": "chapeau_of", "of": {"form": "article", "number": "1"}}
    article1 = {"form": "dotted", "of": {"form": "article", "number": "1"}, "number": "1"}
    assert parts["a1p1"] == article1  # composed from the article: said in the reader's language
    assert parts["a1x"] == {"form": "paragraph_after", "of": article1}
    assert parts["a2"] == {"form": "article", "number": "2 bis"}
