# ruff: noqa: RUF001  (French and Chinese punctuation, on purpose)
"""Language versions of a revision: a translated text file imported aligned to the source
(preview first, listing what it could not align), a paragraph entered by hand, the parallel
view, and out-of-date marks through an edit of the working copy and a publication (carried
forward where the source did not change). The texts are the project's own."""

from __future__ import annotations

import base64
from typing import Any

from tests.support.driver import assert_error
from tests.support.treaties import river_treaty
from tests.support.worlds import World

TREATY = river_treaty(listed=True)

FRENCH = """Traité sur le bassin

Article premier

1. Les Parties protègent le bassin fluvial commun.

2. Les Parties font rapport tous les deux ans :

a) sur la qualité de l’eau ;

b) sur les prélèvements.

Article 2

1. Il est créé une commission.
"""

CHINESE = """第一条

一、缔约方应保护共同的河流流域。

二、缔约方应每两年报告一次：

（一）水质；

（二）取水。

第二条

一、兹设立一个委员会。

二、委员会每年举行一次会议。
"""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _treaty(world: World) -> tuple[str, dict[str, Any]]:
    cofac = world["cofac"]
    draft = cofac.ok("POST", f"{world.p}/documents", {"title": "River treaty", "units": TREATY},
                     status=201)
    d = f"/documents/{draft['document_id']}"
    cofac.ok("POST", f"{d}/revisions", {"base_version": draft["version"]}, status=201)
    return d, draft


def _cells(view: dict[str, Any], language: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: next(c for c in row["cells"] if c["language"] == language)
            for row in view["rows"]}


def test_import_preview_lists_what_it_could_not_align_then_saves(world: World) -> None:
    d, _ = _treaty(world)
    sec = world["sec"]
    url = f"{d}/revisions/0/languages/fr/import"
    preview = sec.ok("POST", url, {"format": "text", "content_base64": _b64(FRENCH)})
    assert preview["saved"] is False
    assert (preview["articles"], preview["articles_aligned"]) == (2, 2)
    assert (preview["numbered"], preview["numbered_aligned"]) == (4, 3)
    assert preview["missing"] == ["Article 2.2"]
    # nothing saved by the preview
    view = sec.ok("GET", f"{d}/revisions/0/languages?langs=en,fr")
    assert all(c["status"] == "missing" for c in _cells(view, "fr").values())

    saved = sec.ok("POST", url, {"format": "text", "content_base64": _b64(FRENCH),
                                 "preview": False})
    assert saved["saved"] is True and saved["aligned"] == 7
    view = world["obs"].ok("GET", f"{d}/revisions/0/languages?langs=en,fr")
    fr = _cells(view, "fr")
    assert fr["a1p1"]["text"] == "Les Parties protègent le bassin fluvial commun."
    assert fr["a1p2b"]["text"] == "sur les prélèvements."
    assert fr["art1"] == {"language": "fr", "text": "Article premier", "status": "imported",
                          "out_of_date": False, "number": "Article premier",
                          "carried_from": None, "carried_from_label": None}
    assert fr["a2p2"]["status"] == "missing"
    assert view["counts"] == [{"language": "fr", "translated": 7, "out_of_date": 0,
                               "missing": 1}]
    assert view["actions"] == []  # an observer reads, no more
    assert sec.ok("GET", f"{d}/revisions/0/languages?langs=fr")["actions"] == ["edit"]


def test_chinese_is_aligned_by_its_own_numerals(world: World) -> None:
    d, _ = _treaty(world)
    found = world["sec"].ok("POST", f"{d}/revisions/0/languages/zh/import",
                            {"format": "text", "content_base64": _b64(CHINESE),
                             "preview": False})
    assert (found["numbered_aligned"], found["missing"]) == (4, [])
    zh = _cells(world["mex"].ok("GET", f"{d}/revisions/0/languages?langs=zh"), "zh")
    assert zh["a1p2a"]["text"] == "水质；"
    assert zh["art2"]["number"] == "第二条" and zh["a2p1"]["number"] == "一、"


def test_a_changed_paragraph_is_out_of_date_and_an_unchanged_one_carried(world: World) -> None:
    d, _ = _treaty(world)
    sec, cofac = world["sec"], world["cofac"]
    sec.ok("POST", f"{d}/revisions/0/languages/fr/import",
           {"format": "text", "content_base64": _b64(FRENCH), "preview": False})
    working = cofac.ok("GET", f"{d}/working-copy")
    edited = cofac.ok("PATCH", f"{d}/working-copy/units/a1p1", {
        "base_version": working["version"],
        "text": "Parties shall protect and restore the shared river basin."})
    # The working copy: a1p1 out of date at once, the others carried from revision 0.
    fr = _cells(cofac.ok("GET", f"{d}/working-copy/languages?langs=en,fr"), "fr")
    assert fr["a1p1"]["out_of_date"] is True
    assert fr["a1p2"]["status"] == "carried" and fr["a1p2"]["out_of_date"] is False
    assert (fr["a1p2"]["carried_from"], fr["a1p2"]["carried_from_label"]) == (0, "Zero draft")

    cofac.ok("POST", f"{d}/revisions", {"base_version": edited["version"]}, status=201)
    view = world["mex"].ok("GET", f"{d}/revisions/1/languages?langs=en,fr")
    fr = _cells(view, "fr")
    assert (fr["a1p1"]["out_of_date"], fr["a1p1"]["status"]) == (True, "imported")
    assert (fr["a1p2"]["status"], fr["a1p2"]["out_of_date"]) == ("carried", False)
    assert view["counts"][0]["out_of_date"] == 1
    stale = world["mex"].ok("GET", f"{d}/revisions/1/languages/fr/out-of-date")
    (item,) = stale["units"]
    assert item["key"] == "a1p1" and item["name"] == "Article 1.1"
    assert {"op": "insert", "text": "and restore "} in item["diff"] or any(
        s["op"] == "insert" and "restore" in s["text"] for s in item["diff"])
    assert item["carried_from"] == 0
    # Revision 0 itself is unchanged: its translation is current there.
    assert world["mex"].ok("GET", f"{d}/revisions/0/languages/fr/out-of-date")["units"] == []

    # Correcting the translation for revision 1 makes it current again.
    corrected = sec.ok("PUT", f"{d}/revisions/1/languages/fr/units/a1p1",
                       {"text": "Les Parties protègent et restaurent le bassin fluvial commun."})
    cell = _cells(corrected, "fr")["a1p1"]
    assert (cell["status"], cell["out_of_date"]) == ("entered", False)
    assert world["mex"].ok("GET", f"{d}/revisions/1/languages/fr/out-of-date")["units"] == []


def test_refusals_change_nothing(world: World) -> None:
    d, _ = _treaty(world)
    body = {"text": "Texte."}
    assert_error(world["mex"].call("PUT", f"{d}/revisions/0/languages/fr/units/a1p1", body),
                 403, "forbidden")
    assert_error(world["obs"].call("POST", f"{d}/revisions/0/languages/fr/import",
                                   {"format": "text", "content_base64": _b64(FRENCH),
                                    "preview": False}), 403, "forbidden")
    assert_error(world["sec"].call("PUT", f"{d}/revisions/0/languages/en/units/a1p1", body),
                 422, "invalid")  # the source language
    assert_error(world["sec"].call("PUT", f"{d}/revisions/0/languages/xx/units/a1p1", body),
                 422, "invalid")
    assert_error(world["sec"].call("PUT", f"{d}/revisions/0/languages/fr/units/nope", body),
                 404, "not_found")
    assert_error(world["sec"].call("GET", f"{d}/revisions/0/languages?langs=en,de"),
                 422, "invalid")
    assert_error(world["sec"].call("POST", f"{d}/revisions/0/languages/fr/import",
                                   {"format": "text", "content_base64": "%%%",
                                    "preview": False}), 422, "invalid")
    assert_error(world["outsider"].call("GET", f"{d}/revisions/0/languages"), 404,
                 "not_found")
    # Delegates do not see an unshared working copy, in any language.
    assert_error(world["mex"].call("GET", f"{d}/working-copy/languages?langs=fr"), 403,
                 "forbidden")
    view = world["sec"].ok("GET", f"{d}/revisions/0/languages?langs=fr")
    assert all(c["status"] == "missing" for c in _cells(view, "fr").values())


def test_the_source_language_is_set_carried_to_the_next_revision_and_told(world: World) -> None:
    d, _ = _treaty(world)
    sec, cofac = world["sec"], world["cofac"]
    sec.ok("POST", f"{d}/revisions/0/languages/fr/import",
           {"format": "text", "content_base64": _b64(FRENCH), "preview": False})
    # French holds translations of revision 0: it cannot be that revision's source too.
    assert_error(sec.call("PUT", f"{d}/revisions/0/languages/source", {"language": "fr"}),
                 422, "invalid")
    assert_error(world["mex"].call("PUT", f"{d}/revisions/0/languages/source",
                                   {"language": "es"}), 403, "forbidden")
    assert_error(sec.call("PUT", f"{d}/revisions/0/languages/source", {"language": "de"}),
                 422, "invalid")
    assert sec.ok("GET", f"{d}/revisions/0/languages")["source_language"] == "en"
    # The working copy is negotiated in Spanish from now on; a publication keeps it.
    view = cofac.ok("PUT", f"{d}/working-copy/languages/source", {"language": "es"})
    assert view["source_language"] == "es"
    assert [c["status"] for c in view["rows"][1]["cells"]] == ["source"]
    assert sec.ok("GET", f"{d}/revisions/0/languages")["source_language"] == "en"
    working = cofac.ok("GET", f"{d}/working-copy")
    edited = cofac.ok("PATCH", f"{d}/working-copy/units/a2p2", {
        "base_version": working["version"], "text": "La comisión se reúne una vez al año."})
    cofac.ok("POST", f"{d}/revisions", {"base_version": edited["version"]}, status=201)
    assert world["mex"].ok("GET", f"{d}/revisions/1/languages")["source_language"] == "es"
    sentences = [e.get("sentence") for e in cofac.get(f"{world.p}/log", limit=1000).body]
    assert any(s and s.endswith("set the source language of the working copy to Spanish.")
               for s in sentences), sentences


def test_two_revisions_compared_in_french(world: World) -> None:
    d, _ = _treaty(world)
    sec, cofac = world["sec"], world["cofac"]
    sec.ok("POST", f"{d}/revisions/0/languages/fr/import",
           {"format": "text", "content_base64": _b64(FRENCH), "preview": False})
    working = cofac.ok("GET", f"{d}/working-copy")
    edited = cofac.ok("PATCH", f"{d}/working-copy/units/a1p1", {
        "base_version": working["version"],
        "text": "Parties shall protect and restore the shared river basin."})
    cofac.ok("POST", f"{d}/revisions", {"base_version": edited["version"]}, status=201)
    sec.ok("PUT", f"{d}/revisions/1/languages/fr/units/a1p1",
           {"text": "Les Parties protègent et restaurent le bassin fluvial commun."})
    diff = world["mex"].ok("GET", f"{d}/diff?from=0&to=1&language=fr")
    by_key = {u["key"]: u for u in diff["units"]}
    assert by_key["a1p1"]["change"] == "edited"
    inserted = "".join(s["text"] for s in by_key["a1p1"]["spans"] if s["op"] == "insert")
    assert "restaurent" in inserted
    assert by_key["a1p2"]["change"] == "unchanged"  # carried forward, the same French
    # Untranslated in both: the export's words, not the English.
    assert "traduit" in "".join(s["text"] for s in by_key["a2p2"]["spans"])
    english = world["mex"].ok("GET", f"{d}/diff?from=0&to=1")
    assert "restore" in "".join(s["text"] for u in english["units"] for s in u["spans"])
    assert_error(world["mex"].call("GET", f"{d}/diff?from=0&to=1&language=de"), 422,
                 "invalid")


#: A compact numbered through (paragraphs 1..5 across the preamble and two objectives).
COMPACT = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    {"key": "p1", "kind": "paragraph", "parent": "pre", "number": "1",
     "text": "We, the Ministers, recognize that rivers cross borders."},
    {"key": "p2", "kind": "paragraph", "parent": "pre", "number": "2",
     "text": "This Compact rests on cooperation."},
    {"key": "o1", "kind": "section", "number": "1", "heading": "Objective 1: Collect data"},
    {"key": "p3", "kind": "paragraph", "parent": "o1", "number": "3",
     "text": "We commit to collect data:"},
    {"key": "p3a", "kind": "subparagraph", "parent": "p3", "number": "(a)",
     "text": "with a common method;"},
    {"key": "o2", "kind": "section", "number": "2", "heading": "Objective 2: Protect wetlands"},
    {"key": "p4", "kind": "paragraph", "parent": "o2", "number": "4",
     "text": "We commit to protect wetlands."},
]

COMPACT_FR = """Préambule

1. Nous, les ministres, reconnaissons que les fleuves traversent les frontières.

2. Le présent Pacte repose sur la coopération.

Objectif 1 : Collecter des données

3. Nous nous engageons à collecter des données :

a) selon une méthode commune ;

Objectif 2 : Protéger les zones humides

4. Nous nous engageons à protéger les zones humides.
"""


def test_a_compact_numbered_through_aligns_by_paragraph_number(world: World) -> None:
    cofac, sec = world["cofac"], world["sec"]
    draft = cofac.ok("POST", f"{world.p}/documents", {"title": "Compact", "units": COMPACT},
                     status=201)
    d = f"/documents/{draft['document_id']}"
    cofac.ok("POST", f"{d}/revisions", {"base_version": draft["version"]}, status=201)
    saved = sec.ok("POST", f"{d}/revisions/0/languages/fr/import",
                   {"format": "text", "content_base64": _b64(COMPACT_FR), "preview": False})
    assert saved["saved"] is True and saved["missing"] == [] and saved["extra"] == []
    assert (saved["aligned"], saved["total"]) == (8, 8)
    assert (saved["numbered"], saved["numbered_aligned"]) == (4, 4)
    fr = _cells(sec.ok("GET", f"{d}/revisions/0/languages?langs=en,fr"), "fr")
    assert fr["p3a"]["text"] == "selon une méthode commune ;"
    assert fr["o2"]["text"] == "Objectif 2 : Protéger les zones humides"
