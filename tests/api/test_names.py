"""Negotiators' words in the API: units carry their names (PP1, OP2(a)), amendments their
paragraph's and delegation's names, the compilation names its paragraphs, the history reads
as sentences (a draft's in general words for anyone but its delegation), and errors name a
paragraph as the text does."""

from __future__ import annotations

import re
from typing import Any

from tests.support.driver import assert_error
from tests.support.worlds import Pen, World, publish_rev1

KEY = re.compile(r"\b(?:u[0-9a-f]{8}|op1a?|op2|pp1|obj1|amendment:\d+)\b")


def names(revision: dict[str, Any]) -> dict[str, str]:
    return {u["key"]: u["name"] for u in revision["units"]}


def log(world: World) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = world["cofac"].ok("GET", f"{world.p}/log", None)
    return entries


def test_units_carry_the_names_the_text_gives_them(world: World) -> None:
    zero = world["obs"].ok("GET", f"{world.d}/revisions/0")
    assert names(zero) == {"pre": "Preamble", "pp1": "PP1", "obj1": "Objective 1",
                           "op1": "OP2", "op1a": "OP2(a)", "op2": "OP3"}
    rev1 = publish_rev1(world)["revision"]
    assert names(world["obs"].ok("GET", f"{world.d}/revisions/{rev1['sequence']}")) == {
        "pre": "Preamble", "pp1": "PP1", "obj1": "Objective 1", "op1": "OP2",
        "op1bis": "OP2 bis", "op2": "OP4"}
    # The working copy and an import's preview are named too.
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert names(working)["op1bis"] == "OP2 bis"


def test_amendments_name_their_delegation_and_paragraph(world: World) -> None:
    made = world.propose("mex", unit="op1a", text="Develop regional frameworks for return;")
    assert (made["delegation"], made["delegation_name"]) == ("MEX", "Mexico")
    assert (made["unit"], made["unit_name"]) == ("op1a", "OP2(a)")
    listed = world["cofac"].ok("GET", f"{world.p}/amendments", None)
    assert [(a["delegation_name"], a["unit_name"]) for a in listed] == [("Mexico", "OP2(a)")]
    # Still named as the revision it was proposed on numbers it, after a renumbering.
    publish_rev1(world)
    again = world["cofac"].ok("GET", f"/amendments/{made['id']}")
    assert again["unit_name"] == "OP2(a)" and again["revision_label"] == "Zero draft"


def test_the_compilation_names_its_paragraphs(world: World) -> None:
    made = world.propose("che", unit="op2", text="We further commit to review progress "
                                                 "every five years.")
    compiled = world["cofac"].ok("GET", f"{world.d}/revisions/0/compilation")["data"]
    assert [u["name"] for u in compiled["units"]] == [
        "Preamble", "PP1", "Objective 1", "OP2", "OP2(a)", "OP3"]
    [standing] = compiled["standings"]
    assert (standing["amendment"], standing["unit_name"]) == (made["id"], "OP3")


def test_the_history_reads_as_sentences(world: World) -> None:
    made = world.propose("mex", unit="op1")
    world["che"].ok("PUT", f"/amendments/{made['id']}/stance", {"stance": "support"})
    world["cofac"].ok("POST", f"/amendments/{made['id']}/decision",
                      {"base_version": made["version"], "decision": "reflected", "note": ""})
    Pen(world).edit("op2", text="We further commit to review progress every two years.")
    said = [e["sentence"] for e in log(world)]
    assert "The co-facilitators moved the process to the negotiation phase." in said
    assert "The co-facilitators published Zero draft." in said
    assert said[-4:] == [
        "Mexico submitted an amendment to OP2.",
        "Switzerland supported Mexico's amendment to OP2.",
        "The co-facilitators marked Mexico's amendment to OP2 as reflected.",
        "The co-facilitators edited OP3 in the working copy."]
    for sentence in said:
        assert not KEY.search(sentence), sentence
        assert sentence[0].isupper() and sentence.endswith("."), sentence


def test_a_draft_is_read_in_general_words_outside_its_delegation(world: World) -> None:
    world.propose("mex", unit="op1a", submit=False, text="Develop regional frameworks;")
    [entry] = [e for e in log(world) if e["action"] == "amendment.drafted"]
    assert entry["sentence"] == "A delegation saved a draft amendment to a paragraph."
    assert entry["facts"] == {}  # nothing for the browser to name either


def test_each_entry_carries_the_facts_its_sentence_is_made_of(world: World) -> None:
    made = world.propose("mex", unit="op1")
    world["che"].ok("PUT", f"/amendments/{made['id']}/stance", {"stance": "support"})
    [*_, submitted, stance] = log(world)
    assert submitted["action"] == "amendment.submitted"
    assert submitted["facts"]["delegation"] == "Mexico"
    assert submitted["facts"]["paragraph"] == "OP2"
    assert stance["facts"]["stance"] == {"word": "stance.support"}
    assert stance["facts"]["amendment"] == {"word": "amendment", "delegation": "Mexico",
                                            "paragraph": "OP2"}
    assert stance["facts"]["delegation"] == "Switzerland"


def test_the_catalogue_has_general_words_and_the_plural(world: World) -> None:
    events = {e["type"]: e for e in world["obs"].ok("GET", "/catalogue")["events"]}
    submitted = events["amendment.submitted"]
    assert submitted["sentence"] == "A delegation submitted an amendment to a paragraph."
    assert submitted["many"] == "{count} amendments were submitted."


def test_errors_name_a_paragraph_as_the_text_does(world: World) -> None:
    pen = Pen(world)
    pen.delete("op2")
    reply = world["cofac"].patch(f"{world.d}/working-copy/units/op2",
                                 {"base_version": pen.version, "text": "Back."})
    assert_error(reply, 404, "not_found", message="No paragraph OP3 in the working copy.")
    pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1", number="2 bis",
               text="We commit to reintegration.")
    reply = world["mex"].post(f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op1bis", "kind": "retain"})
    assert_error(reply, 404, "not_found", message="No paragraph OP2 bis in Zero draft.")
    reply = world["mex"].post(f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "nosuch", "kind": "retain"})
    assert_error(reply, 404, "not_found", message="No such paragraph in Zero draft.")
