"""Brackets through the API: every unit of a revision, the working copy and an import's
preview carries ``brackets`` (open, alternatives, options, unbalanced, spans to highlight),
each article its totals, and ``open_brackets`` stays for older clients."""

from __future__ import annotations

from typing import Any

from tests.support.driver import assert_error
from tests.support.worlds import Pen, World, snapshot

ARTICLE = [
    {"key": "art4", "kind": "section", "heading": "Article 4"},
    # the chapeau opens a bracket that its last sub-item closes: one bracket, not two
    # unbalanced ones; [shall] [should] is one alternative; [^3] is a footnote mark
    {"key": "a4p1", "kind": "paragraph", "parent": "art4", "number": "1",
     "text": "Each Party [shall] [should][^3] [take measures to:"},
    {"key": "a4p1a", "kind": "subparagraph", "parent": "a4p1", "number": "(a)",
     "text": "reduce [single-use] plastics; see [the annex](https://example.org/annex)"},
    {"key": "a4p1b", "kind": "subparagraph", "parent": "a4p1", "number": "(b)",
     "text": "report on progress.]"},
    {"key": "a4p2", "kind": "paragraph", "parent": "art4", "number": "2",
     "text": "Option 1: Parties ] cooperate."},
]


def by_key(revision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["key"]: u for u in revision["units"]}


def test_units_and_articles_carry_their_brackets(world: World) -> None:
    pen = Pen(world)
    after = "op2"
    for unit in ARTICLE:
        pen.insert(after, **unit)
        after = unit["key"]
    working = by_key(world["cofac"].ok("GET", f"{world.d}/working-copy"))
    chapeau = working["a4p1"]
    text = chapeau["text"]
    assert chapeau["brackets"]["open"] == 3 and chapeau["open_brackets"] == 3
    assert chapeau["brackets"]["alternatives"] == 1
    assert chapeau["brackets"]["unbalanced"] == 0
    spans = [(text[s["start"]:s["end"]], s["kind"], s["continued"])
             for s in chapeau["brackets"]["spans"]]
    assert spans == [("[shall]", "alternative", False), ("[should]", "alternative", False),
                     ("[take measures to:", "open", True)]
    first = working["a4p1a"]["brackets"]
    assert first["open"] == 1 and first["any"]  # [single-use]; the link is not a bracket
    assert [s["kind"] for s in first["spans"]] == ["open", "open"]
    last = working["a4p1b"]["brackets"]
    assert last == {"open": 0, "alternatives": 0, "options": 0, "unbalanced": 0, "any": True,
                    "spans": [{"start": 0, "end": 20, "kind": "open", "depth": 1,
                               "continued": True}]}
    second = working["a4p2"]["brackets"]
    assert second["options"] == 1 and second["unbalanced"] == 1 and second["open"] == 0
    assert [s["kind"] for s in second["spans"]] == ["option", "unbalanced"]
    assert working["a4p2"]["text"][second["spans"][1]["start"]] == "]"
    assert working["art4"]["subtree_brackets"] == {
        "units": 5, "units_with_brackets": 4, "open": 4, "alternatives": 1, "options": 1,
        "unbalanced": 1}
    assert working["op1"]["subtree_brackets"] is None  # a paragraph, not an article
    assert working["obj1"]["subtree_brackets"]["open"] == 1  # [and regional]
    assert working["op2"]["brackets"]["any"] is False

    pen.publish("Rev.1")
    rev1 = world["obs"].ok("GET", f"{world.d}/revisions/1")
    assert by_key(rev1)["a4p1"]["brackets"] == chapeau["brackets"]
    assert rev1["brackets"] == {"units": 11, "units_with_brackets": 5, "open": 5,
                                "alternatives": 1, "options": 1, "unbalanced": 1}
    # the compilation's units carry the same
    compiled = world["obs"].ok("GET", f"{world.d}/revisions/1/compilation")["data"]
    in_compilation = {u["key"]: u for u in compiled["units"]}
    assert in_compilation["a4p1"]["brackets"] == chapeau["brackets"]
    assert in_compilation["art4"]["subtree_brackets"] == working["art4"]["subtree_brackets"]
    assert compiled["brackets"] == rev1["brackets"]
    # the dashboard counts the same, revision by revision, over the paragraphs
    figures = world["cofac"].ok("GET", f"{world.p}/dashboard")["revisions"]
    latest = next(f for f in figures if f["label"] == "Rev.1")
    assert {k: latest[k] for k in ("open_brackets", "alternatives", "options", "unbalanced",
                                   "units_with_brackets")} == {
        "open_brackets": 5, "alternatives": 1, "options": 1, "unbalanced": 1,
        "units_with_brackets": 5}


def test_the_import_preview_counts_brackets_over_its_articles(world: World) -> None:
    source = ("# Article 1\n\n1. Parties [shall][should] act as follows [to:\n\n"
              "    (a) reduce;\n\n    (b) reuse.]\n")
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import",
                                {"format": "markdown", "source": source})
    units = preview["units"]
    assert [u["brackets"]["unbalanced"] for u in units] == [0] * len(units)
    article = next(u for u in units if u["kind"] == "section")
    assert article["subtree_brackets"]["open"] == 3
    assert article["subtree_brackets"]["alternatives"] == 1


def test_marking_agreed_counts_brackets_as_the_page_does(world: World) -> None:
    pen = Pen(world)
    # a footnote mark and a link are not brackets: nothing to confirm
    pen.edit("op2", text="We further commit to review progress[^1] (see [the annex](#annex)).")
    pen.edit("op2", status="agreed_ad_ref")
    # a sub-item closing its chapeau's bracket is still bracketed: confirm first
    pen.edit("op1a", text="Develop bilateral frameworks for return.]")
    before = snapshot(world)
    refused = world["cofac"].call("PATCH", f"{world.d}/working-copy/units/op1a",
                                  {"base_version": pen.version, "status": "agreed_ad_ref"})
    assert assert_error(refused, 422, "invalid")["details"]["open_brackets"] == 1
    assert snapshot(world) == before
    pen.edit("op1a", status="agreed_ad_ref", confirm_open_brackets=True)
