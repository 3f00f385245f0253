"""Importing a draft through the API: preview saves nothing; the Paris drafts import whole."""

from __future__ import annotations

import pytest

from tests.support.data import PARIS, need_file
from tests.support.views import without_actions
from tests.support.worlds import World

DRAFT = """# Compact on Human Mobility

## Preamble

1. We, the Heads of State, have met to affirm our resolve.

## Objective 1: Cooperate on return

2. We commit to cooperate on safe and dignified [return][readmission].

    (a) Develop bilateral frameworks;

2 bis. We further commit to review progress.
"""


def test_preview_then_create(world: World) -> None:
    world.set_phase("stocktaking")
    cofac = world["cofac"]
    before = cofac.ok("GET", f"{world.p}/documents")
    preview = cofac.ok("POST", f"{world.p}/documents/import",
                       {"format": "markdown", "source": DRAFT})
    assert preview["revision"] is None
    assert cofac.ok("GET", f"{world.p}/documents") == before
    numbers = [u["number"] for u in preview["units"] if u["kind"] != "section"]
    assert "2 bis" in numbers and "(a)" in numbers
    created = cofac.ok("POST", f"{world.p}/documents/import",
                       {"format": "markdown", "source": DRAFT, "preview": False,
                        "title": "Imported compact"})
    assert without_actions(created["revision"]["units"]) == without_actions(created["units"])
    documents = cofac.ok("GET", f"{world.p}/documents")
    assert len(documents) == len(before) + 1


def test_import_is_refused_to_delegates_and_outside_its_phase(world: World) -> None:
    reply = world["mex"].post(f"{world.p}/documents/import",
                              {"format": "markdown", "source": DRAFT})
    assert reply.status == 403
    world.set_phase("consultation")
    reply = world["cofac"].post(f"{world.p}/documents/import",
                                {"format": "markdown", "source": DRAFT})
    assert reply.status == 403


def test_text_without_structure_is_a_clear_error(world: World) -> None:
    reply = world["cofac"].post(f"{world.p}/documents/import",
                                {"format": "text", "source": "   \n\n  "})
    assert reply.status == 422 and reply.error["code"] == "invalid"


@pytest.mark.parametrize("name, articles, numbered", [("9-dec-2015.md", 29, 120),
                                                      ("12-dec-2015.md", 29, 100)])
def test_paris_drafts_import_with_every_article(world: World, name: str, articles: int,
                                                numbered: int) -> None:
    path = need_file(PARIS / name, "The Paris Agreement draft")
    reply = world["cofac"].ok("POST", f"{world.p}/documents/import",
                              {"format": "markdown", "source": path.read_text(),
                               "preview": False})
    units = reply["revision"]["units"]
    sections = [u for u in units if u["kind"] == "section" and "Article" in (u["heading"] or "")]
    assert len(sections) >= articles
    assert sum(1 for u in units if u["kind"] == "paragraph" and u["number"]) >= numbered
    article2 = next(s for s in sections if s["heading"].startswith("Article 2"))
    first = next(u for u in units if u["parent"] == article2["key"])
    assert first["number"] == "1"
    assert [u["number"] for u in units if u["parent"] == first["key"]][:3] == \
        ["(1)", "(2)", "(3)"] or name.startswith("9")
    # What was imported is what the revision shows: the working copy holds the same units.
    working = world["cofac"].ok("GET", f"/documents/{reply['revision']['document_id']}"
                                       "/working-copy")
    assert working["units"] == units
