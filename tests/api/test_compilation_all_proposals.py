"""One compilation: a revision's compilation holds every open amendment of the document the
viewer may see, wherever it was proposed, each with where it stands on that revision
(applies, conflicts, overtaken) and placed at its paragraph; conflicting ones are shown with
both texts, and those whose paragraph the revision does not have are listed as unplaced."""

from __future__ import annotations

from typing import Any

from tests.support.worlds import Pen, World

PP1 = "We, the Heads of State and Government, have gathered to affirm our resolve."
OP2 = "We further commit to review progress every four years."
OP2_REV1 = "We further commit to review progress every two years."


def standings(compiled: dict[str, Any]) -> dict[int, tuple[str, bool, int]]:
    return {s["amendment"]: (s["standing"], s["placed"], s["revision"])
            for s in compiled["data"]["standings"]}


def unit(compiled: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(u for u in compiled["data"]["units"] if u["key"] == key)
    return found


def negotiate(world: World) -> dict[str, int]:
    """Amendments on the zero draft, Rev.1 over them, amendments on Rev.1, then Rev.2."""
    ids = {
        "mex": world.propose("mex", unit="op1", text="We commit to cooperate on safe, orderly "
                             "and dignified return [and regional] frameworks.")["id"],
        "che": world.propose("che", unit="op2",
                             text="We further commit to review progress.")["id"],
        "nga": world.propose("nga", unit="pp1", kind="retain", text=None)["id"],
        "afg": world.propose("afg", unit="op1a", kind="delete_unit", text=None)["id"],
    }
    pen = Pen(world)
    pen.edit("pp1", text=PP1.replace("our resolve", "our shared resolve"))
    pen.edit("op2", text=OP2_REV1)
    pen.edit("op1", text="We commit to cooperate on safe and dignified return [and regional] "
                         "frameworks and programmes.")
    pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1", number="2 bis",
               text="We commit to reintegration.")
    rev1 = pen.publish()["revision"]["id"]
    for who, key, text in [("mex", "op1bis", "We commit to sustainable reintegration."),
                           ("che", "op2", OP2_REV1.replace("years.",
                                                           "years at the global level."))]:
        reply = world[who].post(f"{world.p}/amendments", {
            "revision_id": rev1, "unit": key, "kind": "change_words", "text": text,
            "submit": True})
        assert reply.status == 201, reply.body
        ids[f"{who}_rev1"] = reply.body["id"]
    pen.edit("op1", text="We commit to cooperate on safe and dignified return [and regional] "
                         "frameworks and programmes for all.")
    pen.publish()
    return ids


def test_the_compilation_of_rev2_lists_amendments_from_the_zero_draft_and_rev1(
        world: World) -> None:
    ids = negotiate(world)
    cofac = world["cofac"]
    compiled = cofac.ok("GET", f"{world.d}/revisions/2/compilation")
    assert compiled["label"] == "Rev.2"
    assert standings(compiled) == {
        ids["mex"]: ("applies", True, 2),  # re-anchored at each revision
        ids["che"]: ("conflicts", True, 0),  # Rev.1 changed the words it changes
        ids["nga"]: ("conflicts", True, 0),  # a retention of a paragraph Rev.1 edited
        ids["afg"]: ("applies", True, 0),  # its paragraph never changed
        ids["mex_rev1"]: ("applies", True, 1),
        ids["che_rev1"]: ("applies", True, 1),
    }
    assert compiled["data"]["amendments"] == sorted(ids.values())
    assert compiled["data"]["unplaced"] == []
    text = compiled["text"]
    assert "orderly - MEX]" in text
    assert "[AFRICAN_GROUP: delete]" in text
    assert "[sustainable - MEX]" in text
    assert "[at the global level - CHE]" in text
    # Conflicting amendments are shown with both texts, right after their paragraph.
    lines = text.splitlines()
    op2_line = next(i for i, line in enumerate(lines) if OP2_REV1.removesuffix(".") in line)
    assert lines[op2_line + 1] == (
        f'    [conflicts - CHE: "We further commit to review progress." proposed on "{OP2}"]')
    assert f'[conflicts - NGA: retain "{PP1}"]' in text
    (conflict,) = unit(compiled, "op2")["unsettled"]
    assert conflict["amendment"] == ids["che"] and conflict["outcome"] == "conflicts"
    assert (conflict["base_text"], conflict["text"]) == (
        OP2, "We further commit to review progress.")
    assert conflict["by"] == {"amendments": [ids["che"]], "proponents": ["CHE"]}
    assert [(c["old"], c["new"]) for c in conflict["revision_changes"]] == [("four", "two")]
    assert "".join(p["text"] for p in unit(compiled, "op2")["pieces"]) == OP2_REV1
    (retention,) = unit(compiled, "pp1")["unsettled"]
    assert (retention["kind"], retention["text"], retention["base_text"]) == (
        "retain", None, PP1)


def test_the_retention_carried_as_conflicts_stays_in_rev1(world: World) -> None:
    """The measured bug: the zero draft's compilation showed it, Rev.1's dropped it."""
    retain = world.propose("nga", unit="pp1", kind="retain", text=None)["id"]
    pen = Pen(world)
    pen.edit("pp1", text=PP1.replace("our resolve", "our shared resolve"))
    pen.publish()
    cofac = world["cofac"]
    assert cofac.ok("GET", f"/amendments/{retain}")["carried"]["outcome"] == "conflicts"
    for sequence in (0, 1):
        compiled = cofac.ok("GET", f"{world.d}/revisions/{sequence}/compilation")
        assert compiled["data"]["amendments"] == [retain]
        want = "applies" if sequence == 0 else "conflicts"
        assert standings(compiled) == {retain: (want, True, 0)}
    assert "[NGA: retain]" in cofac.ok("GET", f"{world.d}/revisions/0/compilation")["text"]


def test_an_older_revision_lists_later_amendments_as_unplaced(world: World) -> None:
    ids = negotiate(world)
    compiled = world["cofac"].ok("GET", f"{world.d}/revisions/0/compilation")
    found = standings(compiled)
    assert found[ids["mex_rev1"]] == ("overtaken", False, 1)
    assert compiled["data"]["unplaced"] == [{
        "amendment": ids["mex_rev1"], "unit": "op1bis", "unit_name": "OP2 bis",
        "reason": "its paragraph is not in this revision"}]
    # every other amendment is placed at its paragraph of the zero draft
    assert {a for a, (_, placed, _) in found.items() if placed} == set(ids.values()) - {
        ids["mex_rev1"]}
    assert "[CHE: delete]" not in compiled["text"]
    assert "review progress[ - CHE: delete]" not in compiled["text"]


def test_the_viewer_sees_only_what_the_policy_lets_them_see(world: World) -> None:
    negotiate(world)
    rev2 = world["cofac"].ok("GET", f"{world.d}/revisions/2")["id"]
    draft = world["mex"].ok("POST", f"{world.p}/amendments", {
        "revision_id": rev2, "unit": "op2", "kind": "change_words",
        "text": OP2_REV1.replace("two", "three")}, status=201)["id"]
    observer = world["obs"].ok("GET", f"{world.d}/revisions/2/compilation")
    assert observer["data"]["amendments"] == [] and observer["data"]["standings"] == []
    mex = world["mex"].get(f"{world.d}/revisions/2/compilation", state="draft")
    assert mex.status == 200
    assert [s["amendment"] for s in mex.body["data"]["standings"]] == [draft]
    che = world["che"].get(f"{world.d}/revisions/2/compilation", state="draft")
    assert che.body["data"]["standings"] == []


def test_filters_apply_to_every_revision(world: World) -> None:
    ids = negotiate(world)
    compiled = world["cofac"].get(f"{world.d}/revisions/2/compilation", delegation="CHE")
    assert compiled.status == 200
    assert sorted(s["amendment"] for s in compiled.body["data"]["standings"]) == sorted(
        [ids["che"], ids["che_rev1"]])
