# ruff: noqa: RUF001  (French and Arabic punctuation, on purpose)
"""The compilation in a language: the revision's language version as the base text, each
paragraph's amendments as proposed (in the source language), paragraphs whose translation is
missing or out of date in the source text and marked so; the versions there are to pick
from; a language without a version refused in the one error shape; the read cache never
serving a translation that was corrected since. The texts are the project's own."""

from __future__ import annotations

from typing import Any

from flask import Flask

from server.web import cache
from tests.support.driver import As, assert_error
from tests.support.worlds import Pen, World

FRENCH = {
    "pp1": "Nous, chefs d’État et de gouvernement, sommes réunis pour affirmer notre volonté.",
    "obj1": "Objectif 1 : Coopérer en matière de retour",
    "op1": "Nous nous engageons à coopérer en vue d’un retour sûr et digne [et régional].",
}
ARABIC_OP2 = "ونلتزم كذلك باستعراض التقدم المحرز كل أربع سنوات."
MEX_OP1 = "We commit to cooperate on safe, orderly and dignified return [and regional] frameworks."


def _translate(world: World, language: str, texts: dict[str, str], sequence: int = 0) -> None:
    for key, text in texts.items():
        world["sec"].ok("PUT", f"{world.d}/revisions/{sequence}/languages/{language}/units/{key}",
                        {"text": text})


def _compilation(person: As, world: World, sequence: int = 0, **query: Any) -> dict[str, Any]:
    reply = person.get(f"{world.d}/revisions/{sequence}/compilation", **query)
    assert reply.status == 200, reply.body
    body: dict[str, Any] = reply.body
    return body


def _unit(compiled: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(u for u in compiled["data"]["units"] if u["key"] == key)
    return found


def test_the_french_compilation_reads_the_french_text_with_the_amendments_as_proposed(
        world: World) -> None:
    _translate(world, "fr", FRENCH)
    amendment = world.propose("mex", unit="op1", text=MEX_OP1)["id"]
    compiled = _compilation(world["cofac"], world, language="fr")
    assert (compiled["language"], compiled["source_language"]) == ("fr", "en")
    assert [lang["code"] for lang in compiled["languages"]] == ["en", "fr"]
    assert compiled["languages"][1] == {"code": "fr", "name": "Français", "direction": "ltr"}
    translations = compiled["translations"]
    assert translations["op1"] == {"text": FRENCH["op1"], "state": "current", "number": "2.",
                                   "carried_from": None, "carried_from_label": None}
    assert translations["obj1"]["text"] == FRENCH["obj1"]
    # Not translated: the source text, said so.
    assert (translations["op1a"]["state"], translations["op1a"]["text"]) == ("missing", None)
    assert translations["op2"]["state"] == "missing"
    assert "pre" not in translations  # the preamble's heading has no text to translate
    # The amendment is the English one, on the English text, as in the source compilation.
    op1 = _unit(compiled, "op1")
    assert "".join(p["text"] for p in op1["pieces"]) == world["cofac"].ok(
        "GET", f"{world.d}/revisions/0")["units"][3]["text"]
    assert any(r["by"]["amendments"] == [amendment] for p in op1["pieces"]
               for r in p["replacements"])
    english = _compilation(world["cofac"], world)
    assert english["data"] == compiled["data"]
    assert (english["language"], english["translations"]) == ("en", {})
    # The UN text: the French paragraph, then its amendment on the English text.
    lines = compiled["text"].split("\n")
    at = lines.index(f"    2. {FRENCH['op1']}")
    assert lines[at + 1] == ("        en: We commit to cooperate on [safe][safe, orderly - MEX] "
                             "and dignified return [and regional] frameworks.")
    assert "Objective 1: Cooperate on return" not in compiled["text"]
    assert FRENCH["obj1"] in lines  # a heading, unnumbered
    # Untranslated paragraphs print in English.
    assert "        (a) Develop bilateral frameworks for return;" in lines
    assert "    3. We further commit to review progress every four years." in lines


def test_out_of_date_and_carried_forward_translations_of_a_later_revision(world: World) -> None:
    _translate(world, "fr", FRENCH)
    pen = Pen(world)
    pen.edit("op1", text="We commit to cooperate on safe and dignified return frameworks.")
    pen.publish()
    compiled = _compilation(world["mex"], world, sequence=1, language="fr")
    translations = compiled["translations"]
    assert translations["op1"]["state"] == "out_of_date"
    assert translations["op1"]["text"] == FRENCH["op1"]  # what it was; the screen shows English
    assert translations["pp1"] == {"text": FRENCH["pp1"], "state": "carried", "number": "1.",
                                   "carried_from": 0, "carried_from_label": "Zero draft"}
    lines = compiled["text"].split("\n")
    assert f"    1. {FRENCH['pp1']}" in lines
    assert "    2. We commit to cooperate on safe and dignified return frameworks." in lines
    assert FRENCH["op1"] not in compiled["text"]


def test_arabic_reads_right_to_left_and_lists_among_the_versions(world: World) -> None:
    _translate(world, "fr", {"op2": "Nous nous engageons en outre à examiner les progrès."})
    _translate(world, "ar", {"op2": ARABIC_OP2})
    world.propose("che", unit="op2", text="We further commit to review progress every two years.")
    compiled = _compilation(world["che"], world, language="ar")
    assert compiled["language"] == "ar"
    # The UN's order after the source language: Arabic before French.
    assert [(lang["code"], lang["direction"]) for lang in compiled["languages"]] == [
        ("en", "ltr"), ("ar", "rtl"), ("fr", "ltr")]
    assert compiled["translations"]["op2"]["text"] == ARABIC_OP2
    lines = compiled["text"].split("\n")
    at = lines.index(f"    3. {ARABIC_OP2}")
    assert lines[at + 1] == ("        en: We further commit to review progress every "
                             "[four][two - CHE] years.")


def test_a_language_without_a_version_and_a_bad_code_are_refused(world: World) -> None:
    _translate(world, "fr", FRENCH)
    reply = world["mex"].get(f"{world.d}/revisions/0/compilation", language="ru")
    error = assert_error(reply, 404, "not_found",
                         details={"field": "language", "languages": ["en", "fr"]})
    assert "Russian" in error["message"] and "Zero draft" in error["message"]
    assert_error(world["mex"].get(f"{world.d}/revisions/0/compilation", language="xx"),
                 422, "invalid")
    # The source language itself is always there, translated or not.
    assert _compilation(world["mex"], world, language="en")["translations"] == {}


def test_each_audience_sees_its_amendments_in_the_language(world: World) -> None:
    _translate(world, "fr", FRENCH)
    submitted = world.propose("mex", unit="op1", text=MEX_OP1)["id"]
    draft = world.propose("che", unit="op1", submit=False,
                          text="We commit to cooperate on safe and dignified return.")["id"]
    states = ["draft", "submitted"]
    observer = _compilation(world["obs"], world, language="fr", state=states)
    che = _compilation(world["che"], world, language="fr", state=states)
    mex = _compilation(world["mex"], world, language="fr", state=states)
    assert observer["data"]["amendments"] == []  # observers do not see them in negotiation
    assert che["data"]["amendments"] == sorted([submitted, draft])
    assert mex["data"]["amendments"] == [submitted]  # another delegation's draft stays hidden
    # The French text is everyone's.
    assert observer["translations"] == che["translations"] == mex["translations"]
    assert f"    2. {FRENCH['op1']}" in observer["text"].split("\n")
    assert "MEX" not in observer["text"]


def test_a_corrected_translation_is_read_at_once_never_from_the_cache(
        world: World, app: Flask) -> None:
    _translate(world, "fr", FRENCH)
    with app.app_context():
        store = cache.cache()
    first = _compilation(world["mex"], world, language="fr")
    hits = store.hits
    assert _compilation(world["che"], world, language="fr") == first  # one answer, kept
    assert store.hits == hits + 1
    corrected = "Nous nous engageons à coopérer en vue d’un retour sûr, digne [et régional]."
    _translate(world, "fr", {"op1": corrected})
    again = _compilation(world["mex"], world, language="fr")
    assert again["translations"]["op1"]["text"] == corrected
    assert f"    2. {corrected}" in again["text"].split("\n")
    # A new language version shows among the versions at once too.
    _translate(world, "es", {"op1": "Nos comprometemos a cooperar."})
    assert [lang["code"] for lang in _compilation(world["mex"], world)["languages"]] == [
        "en", "fr", "es"]
    assert _compilation(world["mex"], world, language="es")["translations"]["op1"][
        "state"] == "current"


def test_a_revision_negotiated_in_french_lists_french_first(world: World) -> None:
    """The source language is the revision's, not always English: set to French, the text
    is French's, English a version among others, the amendments' lines marked "fr"."""
    assert [lang["code"] for lang in _compilation(world["mex"], world)["languages"]] == ["en"]
    world["sec"].ok("PUT", f"{world.d}/revisions/0/languages/source", {"language": "fr"})
    world.propose("mex", unit="op2", text="We further commit to review progress every year.")
    english = "We further commit to review progress every four years, in English."
    _translate(world, "en", {"op2": english})
    compiled = _compilation(world["mex"], world)  # read afresh: the source changed
    assert (compiled["language"], compiled["source_language"]) == ("fr", "fr")
    assert [lang["code"] for lang in compiled["languages"]] == ["fr", "en"]
    in_english = _compilation(world["mex"], world, language="en")
    assert in_english["translations"]["op2"]["state"] == "current"
    lines = in_english["text"].split("\n")
    at = lines.index(f"    3. {english}")
    assert lines[at + 1] == ("        fr: We further commit to review progress every "
                             "[four years][year - MEX].")
