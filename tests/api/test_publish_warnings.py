"""Publishing warns: an amendment decided reflected or merged since the last revision whose
words are not in the working copy is named, by delegation and paragraph, in the preview and
in the publication's answer; publishing goes ahead, never refusing silently."""

from __future__ import annotations

from typing import Any

from tests.support.driver import assert_error
from tests.support.worlds import Pen, World

OP1 = "We commit to cooperate on safe and dignified return [and regional] frameworks."
ORDERLY = "We commit to cooperate on safe, orderly and dignified return [and regional] frameworks."
PP1 = "We, the Heads of State and Government, have gathered to affirm our resolve."


def decide(world: World, amendment: dict[str, Any], decision: str = "reflected") -> None:
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": decision})


def preview(world: World) -> dict[str, Any]:
    answer: dict[str, Any] = world["cofac"].ok(
        "POST", f"{world.d}/revisions/preview", {"base_version": world.working_version()})
    return answer


def test_a_reflected_amendment_whose_words_are_missing_is_named(world: World) -> None:
    words = world.propose("mex", unit="op1", text=ORDERLY)
    decide(world, words)
    retain = world.propose("che", unit="pp1", kind="retain", text=None)
    decide(world, retain, "merged")
    gone = world.propose("afg", unit="op1a", kind="delete_unit", text=None)
    decide(world, gone)
    pen = Pen(world)
    pen.edit("pp1", text=PP1.replace("our resolve", "our shared resolve"))
    warnings = preview(world)["warnings"]
    assert [(w["amendment_id"], w["delegation"], w["paragraph"], w["decision"])
            for w in warnings] == [(words["id"], "MEX", "OP2", "reflected"),
                                   (retain["id"], "CHE", "PP1", "merged"),
                                   (gone["id"], "AFRICAN_GROUP", "OP2(a)", "reflected")]
    assert warnings[0] == {
        "code": "reflected_words_missing", "amendment_id": words["id"], "delegation": "MEX",
        "delegation_name": "Mexico", "unit": "op1", "paragraph": "OP2",
        "decision": "reflected",
        "message": "Mexico's amendment to OP2 is decided reflected, but its words are not in "
                   "the working copy: apply it, or edit the text."}
    # Publishing goes ahead, with the same warnings; the revision records what was decided.
    published = world["cofac"].ok("POST", f"{world.d}/revisions",
                                  {"base_version": pen.version}, status=201)
    assert published["warnings"] == warnings
    assert sorted(published["reflected"]) == sorted([words["id"], retain["id"], gone["id"]])
    entries = world["cofac"].get(f"{world.p}/log", limit=1000).body
    (entry,) = [e for e in entries if e["action"] == "revision.published"][-1:]
    assert entry["payload"]["warnings"] == [words["id"], retain["id"], gone["id"]]


def test_words_typed_in_or_applied_are_not_missing(world: World) -> None:
    typed = world.propose("mex", unit="op1", text=ORDERLY)
    decide(world, typed)
    applied = world.propose("che", unit="op2",
                            text="We further commit to review progress every two years.")
    decide(world, applied, "merged")
    added = world.propose("nga", unit="op2", kind="add_unit",
                          text="We commit to publish a report.")
    decide(world, added)
    pen = Pen(world)
    # The co-facilitators typed the Mexican words themselves (with a change elsewhere) ...
    pen.edit("op1", text=ORDERLY.replace("frameworks", "frameworks and programmes"))
    # ... and the Nigerian paragraph, under another number;
    pen.insert("op2", key="op2bis", kind="paragraph", parent="obj1", number="3 bis",
               text="We commit to   publish a report.")
    world["cofac"].ok("POST", f"{world.d}/working-copy/applications", {
        "base_version": world.working_version(), "amendments": [{"amendment": applied["id"]}]})
    assert preview(world)["warnings"] == []


def test_no_warning_without_decisions_and_refusals_say_why(world: World) -> None:
    world.propose("mex", unit="op1", text=ORDERLY)  # submitted, not decided: nothing to warn
    Pen(world).edit("op2", text="We further commit to review progress.")
    assert preview(world)["warnings"] == []
    world["cofac"].ok("POST", f"{world.d}/revisions",
                      {"base_version": world.working_version()}, status=201)
    # Publishing an unchanged working copy is refused, saying so.
    assert_error(world["cofac"].post(f"{world.d}/revisions",
                                     {"base_version": world.working_version()}),
                 422, "invalid", message="Nothing has changed since Rev.1")
