"""What a unit's text carries besides its words (formatting runs, footnotes, editorial notes,
option groups) is kept through the working copy, an edit, publication and the next revision,
an amendment applied, the revision diff and the compilation; marks a pen-holder sets are
checked against the text."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.support.coedit_peer import Peer
from tests.support.driver import assert_error
from tests.support.worlds import World

PP1 = "Recognizing the role of migrants in development,"
NOTE = "Placement to be decided by the co-facilitators."
RICH_DRAFT: list[dict[str, Any]] = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    {"key": "pp1", "kind": "paragraph", "parent": "pre", "text": PP1,
     "marks": [[0, 11, "italic"]],
     "footnotes": [{"mark": "1", "offset": 32, "text": "See resolution 73/195."}]},
    {"key": "art4", "kind": "section", "number": "4", "heading": "Article 4"},
    {"key": "a4p1", "kind": "paragraph", "parent": "art4", "number": "1",
     "text": "Parties shall report every two years.",
     "notes": [{"text": NOTE}], "marks": [[0, 7, "bold"]]},
    {"key": "a4p2", "kind": "paragraph", "parent": "art4", "number": "2",
     "text": "Parties shall cooperate on finance.",
     "option": {"group": "g4", "label": "Option 1"}},
    {"key": "a4p3", "kind": "paragraph", "parent": "art4", "number": "2",
     "text": "", "option": {"group": "g4", "label": "Option 2", "no_text": True}},
]


def _create(world: World) -> tuple[str, dict[str, Any]]:
    draft = world["cofac"].ok("POST", f"{world.p}/documents",
                              {"title": "Rich text", "units": RICH_DRAFT}, status=201)
    return f"/documents/{draft['document_id']}", draft


def _units(revision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["key"]: u for u in revision["units"]}


def _rich(unit: dict[str, Any]) -> tuple[Any, ...]:
    return (unit["marks"], unit["footnotes"], unit["notes"], unit["option"])


def test_rich_text_is_kept_through_an_edit_publication_and_the_next_revision(
        world: World) -> None:
    cofac = world["cofac"]
    d, draft = _create(world)
    units = _units(draft)
    assert units["pp1"]["marks"] == [[0, 11, "italic"]]
    assert units["pp1"]["footnotes"] == [{"mark": "1", "offset": 32,
                                          "text": "See resolution 73/195."}]
    assert units["a4p1"]["notes"] == [{"text": NOTE, "offset": None}]
    assert units["a4p2"]["option"] == {"group": "g4", "label": "Option 1", "no_text": False}
    assert units["a4p3"]["option"] == {"group": "g4", "label": "Option 2", "no_text": True}
    assert _rich(units["pre"]) == ([], [], [], None)
    assert _units(cofac.ok("GET", f"{d}/working-copy")) == units

    # An edit of the words: the italics stay on "Recognizing", the footnote after "migrants".
    edited = cofac.ok("PATCH", f"{d}/working-copy/units/pp1", {
        "base_version": draft["version"],
        "text": "Recognizing also the important role of migrants in development,"})
    pp1 = _units(edited)["pp1"]
    assert pp1["marks"] == [[0, 11, "italic"]]
    (footnote,) = pp1["footnotes"]
    assert pp1["text"][:footnote["offset"]].endswith("of migrants")

    published = cofac.ok("POST", f"{d}/revisions", {"base_version": edited["version"]},
                         status=201)
    zero = cofac.ok("GET", f"{d}/revisions/0")
    for key in ("pp1", "a4p1", "a4p2", "a4p3"):
        assert _rich(_units(zero)[key]) == _rich(_units(edited)[key]), key
    working = cofac.ok("GET", f"{d}/working-copy")
    for key in ("pp1", "a4p1", "a4p2", "a4p3"):
        assert _rich(_units(working)[key]) == _rich(_units(zero)[key]), key
    assert published["revision"]["sequence"] == 0

    # The pen-holder sets formatting: bold over "Parties shall" instead of "Parties".
    bold = cofac.ok("PATCH", f"{d}/working-copy/units/a4p1", {
        "base_version": working["version"], "marks": [[0, 13, "bold"], [22, 27, "italic"]]})
    assert _units(bold)["a4p1"]["marks"] == [[0, 13, "bold"], [22, 27, "italic"]]
    assert _units(bold)["a4p1"]["text"] == "Parties shall report every two years."
    # A marks-only change is a change: it can be published, and the diff shows it edited.
    cofac.ok("POST", f"{d}/revisions", {"base_version": bold["version"]}, status=201)
    diff = world["obs"].get(f"{d}/diff", **{"from": 0, "to": 1}).body
    by_key = {u["key"]: u for u in diff["units"]}
    assert by_key["a4p1"]["change"] == "edited"
    assert by_key["a4p1"]["marks"] == [[0, 13, "bold"], [22, 27, "italic"]]
    assert by_key["a4p1"]["notes"] == [{"text": NOTE, "offset": None}]
    assert by_key["pp1"]["change"] == "unchanged"
    assert by_key["pp1"]["footnotes"] == pp1["footnotes"]
    assert by_key["a4p3"]["option"]["no_text"] is True


def test_marks_outside_the_text_or_of_unknown_style_are_refused_and_change_nothing(
        world: World) -> None:
    cofac = world["cofac"]
    d, draft = _create(world)
    path = f"{d}/working-copy/units/a4p1"
    for marks, where in [([[0, 500, "italic"]], "not within the text"),
                         ([[5, 5, "italic"]], "not within the text"),
                         ([[0, 5, "underline"]], None), ([[0, 5]], None),
                         ([[-1, 5, "bold"]], None)]:
        reply = cofac.patch(path, {"base_version": draft["version"], "marks": marks})
        assert_error(reply, 422, "invalid", message=where)
    # Marks with new text are checked against the new text.
    reply = cofac.patch(path, {"base_version": draft["version"], "text": "Short.",
                               "marks": [[0, 10, "bold"]]})
    assert_error(reply, 422, "invalid")
    # A document whose footnote is anchored past its text is refused.
    reply = cofac.post(f"{world.p}/documents", {"title": "Bad", "units": [
        {"key": "x", "kind": "paragraph", "text": "Short.",
         "footnotes": [{"mark": "1", "offset": 7, "text": "Too far."}]}]})
    assert_error(reply, 422, "invalid")
    after = cofac.ok("GET", f"{d}/working-copy")
    assert after["version"] == draft["version"]
    assert _units(after) == _units(draft)
    assert [doc["title"] for doc in cofac.ok("GET", f"{world.p}/documents")].count("Bad") == 0


def test_an_applied_amendment_carries_the_formatting_and_the_compilation_shows_it(
        world: World) -> None:
    cofac = world["cofac"]
    d, draft = _create(world)
    published = cofac.ok("POST", f"{d}/revisions", {"base_version": draft["version"]},
                         status=201)
    revision_id = published["revision"]["id"]
    proposal = world["mex"].ok("POST", f"{world.p}/amendments", {
        "revision_id": revision_id, "unit": "pp1", "kind": "change_words",
        "text": "Recognizing the vital role of all migrants in development,",
        "submit": True}, status=201)
    compilation = world["obs"].ok("GET", f"{d}/revisions/0/compilation")
    compiled = {u["key"]: u for u in compilation["data"]["units"]}
    assert compiled["pp1"]["marks"] == [[0, 11, "italic"]]
    assert compiled["pp1"]["footnotes"][0]["offset"] == 32
    assert "".join(p["text"] for p in compiled["pp1"]["pieces"]) == PP1
    assert compiled["a4p1"]["notes"] == [{"text": NOTE, "offset": None}]
    assert compiled["a4p3"]["option"] == {"group": "g4", "label": "Option 2", "no_text": True}

    working = cofac.ok("GET", f"{d}/working-copy")
    applied = cofac.ok("POST", f"{d}/working-copy/applications", {
        "base_version": working["version"], "amendments": [{"amendment": proposal["id"]}]})
    pp1 = _units(applied["working_copy"])["pp1"]
    assert pp1["text"] == "Recognizing the vital role of all migrants in development,"
    assert pp1["marks"] == [[0, 11, "italic"]]
    (footnote,) = pp1["footnotes"]
    assert pp1["text"][:footnote["offset"]].endswith("all migrants")
    cofac.ok("POST", f"{d}/revisions", {"base_version": applied["working_copy"]["version"]},
             status=201)
    rev1 = _units(cofac.ok("GET", f"{d}/revisions/1"))["pp1"]
    assert (rev1["text"], rev1["marks"], rev1["footnotes"]) == (
        pp1["text"], pp1["marks"], pp1["footnotes"])


def test_co_editing_carries_the_formatting_and_footnotes_as_the_pen_holder_types(
        world: World, app: Flask) -> None:
    _, draft = _create(world)
    pen = Peer(app, world["cofac"])
    assert pen.join(draft["document_id"])["ok"]
    pen.sync("pp1")
    assert str(pen.text("pp1")) == PP1
    typed = pen.type("pp1", len("Recognizing "), "also ")  # after the italic verb
    assert typed["ok"] and typed["changed"], typed
    inside = pen.type("pp1", len("Recog"), "XX")  # inside it: italic too
    assert inside["ok"] and inside["changed"], inside
    shown = _units(world["cofac"].ok("GET", f"/documents/{draft['document_id']}/working-copy"))
    pp1 = shown["pp1"]
    assert pp1["text"] == "RecogXXnizing also the role of migrants in development,"
    assert pp1["marks"] == [[0, 13, "italic"]]
    assert pp1["footnotes"][0]["offset"] == 32 + len("also XX")
    assert pp1["text"][:pp1["footnotes"][0]["offset"]].endswith("of migrants")
