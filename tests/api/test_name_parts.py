"""Names as parts (core.naming.unit_name_parts) beside the English names: every unit of a
revision, of the working copy and of an import's preview, and every amendment, carries its
name's parts for the client to say in the reader's language (client/lib/names.js), while
``name`` and ``unit_name`` stay the English API clients read."""

from __future__ import annotations

from typing import Any

from server.core.naming import english
from tests.support.treaties import river_treaty
from tests.support.worlds import World

ARTICLE_1 = {"form": "article", "number": "1"}
CHAPEAU = {"form": "chapeau_of", "of": ARTICLE_1}


def _treaty_with_a_chapeau() -> list[dict[str, Any]]:
    """The river treaty, its Article 1 opened by an unnumbered paragraph (its chapeau)."""
    units = river_treaty()
    units.insert(1, {"key": "a1c", "kind": "paragraph", "parent": "art1",
                     "text": "Recognizing the river as a shared resource, the Parties agree:"})
    return units


def _published(world: World) -> tuple[str, dict[str, Any]]:
    cofac = world["cofac"]
    draft = cofac.ok("POST", f"{world.p}/documents",
                     {"title": "River treaty", "units": _treaty_with_a_chapeau()}, status=201)
    d = f"/documents/{draft['document_id']}"
    published = cofac.ok("POST", f"{d}/revisions", {"base_version": draft["version"]},
                         status=201)
    return d, published["revision"]


def test_units_carry_their_name_s_parts(world: World) -> None:
    d, _ = _published(world)
    units = {u["key"]: u for u in world["obs"].ok("GET", f"{d}/revisions/0")["units"]}
    assert {k: (u["name"], u["name_parts"]) for k, u in units.items()} == {
        "art1": ("Article 1", ARTICLE_1),
        "a1c": ("the chapeau of Article 1", CHAPEAU),
        "a1p1": ("Article 1.1", {"form": "dotted", "of": ARTICLE_1, "number": "1"}),
        "a1p2": ("Article 1.2", {"form": "dotted", "of": ARTICLE_1, "number": "2"}),
        "art2": ("Article 2", {"form": "article", "number": "2"}),
        "a2p1": ("Article 2.1", {"form": "dotted", "of": {"form": "article", "number": "2"},
                                 "number": "1"}),
        "a2p2": ("Article 2.2", {"form": "dotted", "of": {"form": "article", "number": "2"},
                                 "number": "2"}),
    }
    # The working copy's too; a label as the text numbers it is a string (the GCM world's).
    working = world["cofac"].ok("GET", f"{d}/working-copy")
    assert all(english(u["name_parts"]) == u["name"] for u in working["units"])
    gcm = world["obs"].ok("GET", f"{world.d}/revisions/0")["units"]
    assert [(u["name"], u["name_parts"]) for u in gcm][:2] == [("Preamble", "Preamble"),
                                                               ("PP1", "PP1")]


def test_amendments_carry_their_paragraph_s_name_parts(world: World) -> None:
    _, revision = _published(world)
    made = world["mex"].post(f"{world.p}/amendments", {
        "revision_id": revision["id"], "unit": "a1c", "kind": "change_words",
        "text": "Recognizing the river as a common heritage, the Parties agree:",
        "submit": True})
    assert made.status == 201, made.body
    assert (made.body["unit_name"], made.body["unit_name_parts"]) == (
        "the chapeau of Article 1", CHAPEAU)
    listed = world["cofac"].ok("GET", f"{world.p}/amendments", None)
    assert [(a["unit_name"], a["unit_name_parts"]) for a in listed] == [
        ("the chapeau of Article 1", CHAPEAU)]
    one = world["cofac"].ok("GET", f"/amendments/{made.body['id']}")
    assert one["unit_name_parts"] == CHAPEAU
    # The GCM world's paragraphs are the text's own labels: their parts are the label.
    gcm = world.propose("mex", unit="op1a", text="Develop regional frameworks for return;")
    assert (gcm["unit_name"], gcm["unit_name_parts"]) == ("OP2(a)", "OP2(a)")
