"""Issue 14, item 5: each person's interface language is kept in their profile. GET /auth/me
says it (null until chosen), PATCH /auth/me sets or clears it, only to one of the six UN
languages; a refusal changes nothing, and the name and the language change independently."""

from __future__ import annotations

from typing import get_args

from server.core.languages import LANGUAGES
from server.features.auth.schemas import InterfaceLanguage
from tests.support.driver import assert_error
from tests.support.worlds import World


def test_the_schema_offers_exactly_the_six_languages() -> None:
    assert set(get_args(InterfaceLanguage)) == set(LANGUAGES)


def test_a_person_chooses_their_language_and_it_stays_in_their_profile(world: World) -> None:
    mex = world["mex"]
    assert mex.ok("GET", "/auth/me")["user"]["language"] is None
    name = mex.ok("GET", "/auth/me")["user"]["name"]
    chosen = mex.ok("PATCH", "/auth/me", {"language": "fr"})
    assert chosen["user"]["language"] == "fr" and chosen["user"]["name"] == name
    assert mex.ok("GET", "/auth/me")["user"]["language"] == "fr"
    # Another person's profile is not touched.
    assert world["che"].ok("GET", "/auth/me")["user"]["language"] is None
    # The name changes alone; the language stays.
    renamed = mex.ok("PATCH", "/auth/me", {"name": "Delegate of Mexico (2)"})
    assert renamed["user"]["language"] == "fr"
    both = mex.ok("PATCH", "/auth/me", {"name": "Delegate of Mexico", "language": "ar"})
    assert both["user"]["language"] == "ar" and both["user"]["name"] == "Delegate of Mexico"
    cleared = mex.ok("PATCH", "/auth/me", {"language": None})
    assert cleared["user"]["language"] is None


def test_a_language_outside_the_six_or_a_bad_body_is_refused_and_changes_nothing(
        world: World) -> None:
    obs = world["obs"]
    obs.ok("PATCH", "/auth/me", {"language": "es"})
    before = obs.ok("GET", "/auth/me")
    for body in ({"language": "de"}, {"language": "FR"}, {"language": 3}, {},
                 {"name": None}, {"language": "fr", "name": "  "},
                 {"language": "fr", "email": "a@b.c"}):
        assert_error(obs.call("PATCH", "/auth/me", body), 422, "invalid")
    # The same name again is refused, and the language sent with it is not stored either.
    assert_error(obs.call("PATCH", "/auth/me", {"name": before["user"]["name"],
                                                "language": "zh"}), 422, "invalid")
    assert obs.ok("GET", "/auth/me") == before

