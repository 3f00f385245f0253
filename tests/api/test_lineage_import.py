"""The next revision imported into the working copy: the preview lists each match (old
number -> new number, confidence) and what nothing continues; a co-facilitator corrects
matches before confirming, the server checks each correction (a rejected one changes
nothing); the revision diff pairs units by lineage, so text that moved reads as moved; files
of a few megabytes go up as multipart/form-data."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.support.data import SHARED_DATA, need_file
from tests.support.documents import b64, download
from tests.support.driver import As
from tests.support.worlds import World

MOVED = "We further commit to review progress every four years."
FIRST = "We commit to cooperate on safe and dignified return [and regional] frameworks."


def next_revision(world: World) -> str:
    """The zero draft as Markdown, its last paragraph moved under a new objective."""
    zero = download(world["cofac"], f"{world.d}/revisions/0/export", format="markdown")
    text = zero.data.decode()
    head, tail = text.split("3. " + MOVED)
    return head + "## Objective 2: Review and follow-up\n\n3. " + MOVED + tail


def preview(world: World, corrections: list[dict[str, Any]] | None = None) -> Any:
    body: dict[str, Any] = {"format": "markdown", "content_base64": b64(next_revision(world))}
    if corrections is not None:
        body["corrections"] = corrections
    return world["cofac"].ok("POST", f"{world.d}/working-copy/import", body)


def index_of(reply: Any, text: str) -> int:
    return next(k for k, u in enumerate(reply["units"]) if u["text"] == text)


def match_at(reply: Any, index: int) -> Any:
    return next(m for m in reply["lineage"] if m["index"] == index)


def test_the_preview_lists_each_match_with_names_and_confidence(world: World) -> None:
    reply = preview(world)
    assert [m["index"] for m in reply["lineage"]] == list(range(len(reply["units"])))
    moved = match_at(reply, index_of(reply, MOVED))
    assert moved["previous"] == "op2" and moved["status"] == "moved"
    assert moved["previous_name"] and moved["name"] and "op2" not in moved["name"]
    assert 0.0 <= moved["confidence"] <= 1.0 and moved["corrected"] is False
    section = next(m for m in reply["lineage"] if m["name"].startswith("Objective 2"))
    assert section["status"] == "new" and section["previous"] is None
    assert reply["unmatched"] == []
    assert {w["key"] for w in reply["working_units"]} == {
        "pre", "pp1", "obj1", "op1", "op1a", "op2"}
    assert all(w["name"] for w in reply["working_units"])


def test_a_corrected_match_is_previewed_then_saved(world: World) -> None:
    first = preview(world)
    a, b = index_of(first, FIRST), index_of(first, MOVED)
    swap = [{"index": a, "previous": "op2"}, {"index": b, "previous": "op1"}]
    shown = preview(world, swap)
    assert (match_at(shown, a)["previous"], match_at(shown, b)["previous"]) == ("op2", "op1")
    assert match_at(shown, a)["corrected"] and match_at(shown, b)["corrected"]
    assert shown["units"][a]["key"] == "op2" and shown["units"][b]["key"] == "op1"
    version = world.working_version()
    saved = world["cofac"].ok("POST", f"{world.d}/working-copy/import", {
        "format": "markdown", "content_base64": b64(next_revision(world)),
        "preview": False, "base_version": version, "corrections": swap})
    assert saved["saved"]
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    keys = {u["text"]: u["key"] for u in working["units"]}
    assert keys[FIRST] == "op2" and keys[MOVED] == "op1"
    assert working["version"] == version + 1


def test_a_unit_corrected_to_new_gets_a_new_key_and_leaves_its_predecessor(
        world: World) -> None:
    first = preview(world)
    b = index_of(first, MOVED)
    shown = preview(world, [{"index": b, "previous": None}])
    assert match_at(shown, b)["status"] == "new" and match_at(shown, b)["previous"] is None
    assert shown["units"][b]["key"] not in {"pre", "pp1", "obj1", "op1", "op1a", "op2"}
    assert [w["key"] for w in shown["unmatched"]] == ["op2"]


@pytest.mark.parametrize("corrections, field", [
    ([{"index": 99, "previous": "op1"}], "corrections.0"),
    ([{"index": 0, "previous": "nothere"}], "corrections.0"),
    ([{"index": 3, "previous": "op1"}, {"index": 4, "previous": "op1"}], "corrections.1"),
    ([{"index": 3, "previous": None}, {"index": 3, "previous": "op1"}], "corrections.1"),
])
def test_a_wrong_correction_is_refused_and_changes_nothing(
        world: World, corrections: list[dict[str, Any]], field: str) -> None:
    version = world.working_version()
    before = world["cofac"].ok("GET", f"{world.d}/working-copy")
    body = {"format": "markdown", "content_base64": b64(next_revision(world)),
            "preview": False, "base_version": version, "corrections": corrections}
    reply = world["cofac"].post(f"{world.d}/working-copy/import", body)
    assert reply.status == 422 and reply.error["code"] == "invalid", reply.body
    assert reply.error["details"] == {"field": field}
    assert world["cofac"].ok("GET", f"{world.d}/working-copy") == before


def test_a_section_cannot_continue_a_paragraph(world: World) -> None:
    first = preview(world)
    section = next(m["index"] for m in first["lineage"] if m["name"].startswith("Objective 2"))
    reply = world["cofac"].post(f"{world.d}/working-copy/import", {
        "format": "markdown", "content_base64": b64(next_revision(world)),
        "corrections": [{"index": section, "previous": "op2"}]})
    assert reply.status == 422 and "section continues a section" in reply.error["message"]
    malformed = world["cofac"].post(f"{world.d}/working-copy/import", {
        "format": "markdown", "content_base64": b64(next_revision(world)),
        "corrections": [{"index": -1, "previous": "op2"}]})
    assert malformed.status == 422


def test_the_diff_pairs_by_lineage_and_names_where_moved_text_was(world: World) -> None:
    version = world.working_version()
    world["cofac"].ok("POST", f"{world.d}/working-copy/import", {
        "format": "markdown", "content_base64": b64(next_revision(world)),
        "preview": False, "base_version": version})
    version = world.working_version()
    world["cofac"].ok("POST", f"{world.d}/revisions", {"base_version": version}, status=201)
    diff = world["obs"].ok("GET", f"{world.d}/diff?from=0&to=1")
    by_key = {u["key"]: u for u in diff["units"]}
    assert by_key["op2"]["change"] == "moved"
    assert by_key["op2"]["moved_from"] == "Objective 1: Cooperate on return, paragraph 3" \
        or "3" in by_key["op2"]["moved_from"]
    assert diff["counts"]["moved"] == 1 and diff["counts"]["deleted"] == 0
    assert sum(1 for u in diff["units"] if u["change"] == "new") == 1  # the new objective
    assert [u["key"] for u in diff["units"]].count("op2") == 1


# ---- multipart uploads ------------------------------------------------------------------


def upload(person: As, path: str, content: bytes, name: str, **fields: str) -> Any:
    headers = {"Authorization": f"Bearer {person.token}"} if person.token else {}
    values: dict[str, Any] = {**fields, "file": FileStorage(io.BytesIO(content), name)}
    # Encoded in memory (the test client would spool a large body to an unclosed file).
    boundary, body = encode_multipart(values)
    response = person.client.post("/api/v1" + path, data=body, headers=headers,
                                  content_type=f"multipart/form-data; boundary={boundary}")
    return response.status_code, response.get_json(silent=True)


def test_upload_as_multipart_previews_and_saves_with_corrections(world: World) -> None:
    cofac = world["cofac"]
    content = next_revision(world).encode()
    status, shown = upload(cofac, f"{world.d}/working-copy/upload", content, "rev1.md",
                           format="markdown")
    assert status == 200, shown
    b = index_of(shown, MOVED)
    assert shown["saved"] is False and match_at(shown, b)["previous"] == "op2"
    version = world.working_version()
    status, saved = upload(cofac, f"{world.d}/working-copy/upload", content, "rev1.md",
                           format="markdown", preview="false", base_version=str(version),
                           corrections=f'[{{"index": {b}, "previous": null}}]')
    assert status == 200, saved
    assert saved["saved"] and match_at(saved, b)["status"] == "new"
    keys = {u["text"]: u["key"] for u in cofac.ok("GET", f"{world.d}/working-copy")["units"]}
    assert keys[MOVED] != "op2"


def test_upload_refuses_bad_fields_with_the_one_error_shape(world: World) -> None:
    cofac = world["cofac"]
    path = f"{world.d}/working-copy/upload"
    status, body = upload(cofac, path, b"1. Text.", "a.txt", format="rtf")
    assert status == 422 and body["error"]["code"] == "invalid"
    status, body = upload(cofac, path, b"1. Text.", "a.txt", format="text",
                          corrections="not json")
    assert status == 422 and body["error"]["code"] == "invalid"
    status, body = upload(cofac, path, b"", "a.txt", format="text")
    assert status == 422 and body["error"]["details"] == {"field": "file"}
    as_json = cofac.post(path, {"format": "text"})
    assert as_json.status == 415
    assert upload(world["mex"], path, b"1. Text.", "a.txt", format="text")[0] in (403, 404)


def test_a_real_pdf_goes_up_as_multipart(world: World) -> None:
    pdf = need_file(SHARED_DATA / "plastics-inc-2023" /
                    "UNEP-PP-INC.4-3-revised-draft-2023-12-28.pdf", "The plastics revised draft")
    status, body = upload(world["cofac"], f"{world.p}/documents/upload", pdf.read_bytes(),
                          "revised.pdf", format="pdf")
    assert status == 200, body
    assert body["saved"] is False and len(body["units"]) > 500


def test_a_file_over_the_json_limit_goes_up_as_multipart(world: World) -> None:
    paragraph = ("We commit to cooperate on safe and dignified return, readmission and "
                 "sustainable reintegration, and to strengthen the capacities of countries of "
                 "origin, transit and destination in that regard, with full respect for human "
                 "rights. ")
    content = "\n\n".join(f"{k}. {paragraph}" for k in range(1, 4501)).encode()
    assert len(content) > world["cofac"].client.application.config["MAX_CONTENT_LENGTH"]
    as_json = world["cofac"].post(f"{world.p}/documents/import-file", {
        "format": "text", "content_base64": base64.b64encode(content).decode()})
    assert as_json.status == 413 and as_json.error["code"] == "too_large"
    status, body = upload(world["cofac"], f"{world.p}/documents/upload", content,
                          "long.txt", format="text")
    assert status == 200, body
    assert body["saved"] is False and len(body["units"]) == 4500


def test_an_upload_over_the_upload_limit_is_413_naming_it(world: World) -> None:
    app = world["cofac"].client.application
    limit = app.config["IMPORT_MAX_BODY_BYTES"]
    app.config["IMPORT_MAX_BODY_BYTES"] = 2_000
    try:
        status, body = upload(world["cofac"], f"{world.p}/documents/upload", b"1. x " * 1000,
                              "big.txt", format="text")
    finally:
        app.config["IMPORT_MAX_BODY_BYTES"] = limit
    assert status == 413 and body["error"]["code"] == "too_large"
    assert "2000 bytes" in body["error"]["message"]
