"""Co-editing the working copy (in-process): per-paragraph versions over HTTP, the room
(sharing, the paragraph under discussion), and the /live co-editing messages with pycrdt as the
client peer, checked against what HTTP then shows."""

from __future__ import annotations

from typing import Any

import pycrdt
import pytest
from flask import Flask

from server.features.coedit import paragraphs
from tests.support.coedit_peer import NS, Peer, b64, unb64  # noqa: F401
from tests.support.driver import assert_error
from tests.support.worlds import World


def working(world: World, who: str = "cofac") -> dict[str, Any]:
    result: dict[str, Any] = world[who].ok("GET", f"{world.d}/working-copy")
    return result


def unit_of(revision: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(u for u in revision["units"] if u["key"] == key)
    return found


# ---- per-paragraph versions over HTTP -------------------------------------------------------


def test_saving_one_paragraph_leaves_an_edit_of_another_from_the_same_copy_valid(
        world: World) -> None:
    cofac, sec = world["cofac"], world["sec"]
    loaded = working(world)
    version = loaded["version"]
    assert loaded["unit_versions"]["op1"] == loaded["unit_versions"]["op2"] == 1
    saved = sec.ok("PATCH", f"{world.d}/working-copy/units/op1",
                   {"base_version": version, "text": "We commit to cooperate on return."})
    assert saved["unit_versions"]["op1"] == version + 1
    # The co-facilitator worked from the same copy, on another paragraph: accepted.
    mine = cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
                    {"base_version": version, "text": "We review progress every two years."})
    assert unit_of(mine, "op1")["text"] == "We commit to cooperate on return."
    assert mine["unit_versions"]["op2"] == version + 2
    # The same paragraph from the old copy: 409 with the paragraph as it stands.
    stale = cofac.patch(f"{world.d}/working-copy/units/op1",
                        {"base_version": version, "text": "From the old copy."})
    error = assert_error(stale, 409, "stale")
    assert error["details"]["current"]["unit"] == {
        "key": "op1", "version": version + 1, "text": "We commit to cooperate on return.",
        "heading": None, "number": unit_of(loaded, "op1")["number"], "status": "open"}
    # ... and with the paragraph's own version (or the copy's) it goes through.
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op1",
             {"base_version": version + 1, "text": "Cooperate on return."})
    # Text edits do not make insertions stale: only changes of structure do.
    cofac.ok("POST", f"{world.d}/working-copy/units",
             {"base_version": version, "after": "op2",
              "unit": {"kind": "paragraph", "parent": "obj1", "text": "New."}}, status=201)
    assert_error(cofac.post(f"{world.d}/working-copy/renumber", {"base_version": version}),
                 409, "stale")


# ---- the room -----------------------------------------------------------------------------


def test_the_working_copy_is_seen_by_delegations_only_while_shared(world: World) -> None:
    cofac, mex, obs, sec = world["cofac"], world["mex"], world["obs"], world["sec"]
    room = f"{world.d}/room"
    assert mex.ok("GET", room) == {
        "document_id": world.document_id, "shared": False, "under_discussion": None,
        "under_discussion_number": None, "working_copy_visible": False, "actions": []}
    assert cofac.ok("GET", room)["actions"] == ["edit", "share", "set_discussion"]
    assert_error(mex.get(f"{world.d}/working-copy"), 403, "forbidden")
    assert_error(sec.put(f"{room}/sharing", {"shared": True}), 403, "forbidden")
    assert_error(mex.put(f"{room}/discussion", {"unit": "op1"}), 403, "forbidden")
    shared = cofac.ok("PUT", f"{room}/sharing", {"shared": True})
    assert shared["shared"] and shared["working_copy_visible"]
    assert mex.ok("GET", room)["working_copy_visible"]
    assert [u["key"] for u in working(world, "obs")["units"]] == \
        [u["key"] for u in working(world)["units"]]
    moved = sec.ok("PUT", f"{room}/discussion", {"unit": "op2"})
    assert (moved["under_discussion"], moved["under_discussion_number"]) == ("op2", "3")
    assert obs.ok("GET", room)["under_discussion"] == "op2"
    assert_error(sec.put(f"{room}/discussion", {"unit": "nosuch"}), 404, "not_found")
    assert sec.ok("PUT", f"{room}/discussion", {"unit": None})["under_discussion"] is None
    cofac.ok("PUT", f"{room}/sharing", {"shared": False})
    assert_error(obs.get(f"{world.d}/working-copy"), 403, "forbidden")
    log = cofac.ok("GET", f"{world.p}/log")
    actions = [e["action"] for e in (log["entries"] if isinstance(log, dict) else log)]
    assert actions.count("working_copy.shared") == 2
    assert actions.count("discussion.moved") == 2


# ---- co-editing over /live ------------------------------------------------------------------


def test_two_pen_holders_type_into_one_paragraph_and_both_texts_survive(
        world: World, app: Flask) -> None:
    cofac, sec = Peer(app, world["cofac"]), Peer(app, world["sec"])
    joined = cofac.join(world.document_id)
    assert joined["ok"], joined
    assert [u["key"] for u in joined["units"]][:2] == ["pre", "pp1"]
    assert sec.join(world.document_id)["ok"]
    start = cofac.sync("op1")
    sec.sync("op1")
    original = str(cofac.text("op1"))
    assert original == unit_of(working(world), "op1")["text"]
    assert start["version"] == 1
    # Both type at once: each from the same state, before seeing the other's keystroke.
    first = cofac.type("op1", 0, "[Alt A] ")
    second = sec.type("op1", len(original.encode()), " [Alt B]")
    assert first["ok"] and first["changed"] and second["ok"], (first, second)
    cofac.receive()
    sec.receive()
    merged = str(cofac.text("op1"))
    assert merged == str(sec.text("op1"))
    assert merged == f"[Alt A] {original} [Alt B]"
    # The working copy's text follows the shared document, with the paragraph's version.
    shown = working(world)
    assert unit_of(shown, "op1")["text"] == merged
    assert shown["unit_versions"]["op1"] == second["version"]
    # The same update again (after a reconnection) changes nothing and is not stored twice.
    again = sec.send("op1", sec.docs["op1"].get_update())
    assert again["ok"] and not again["changed"]


def test_an_http_edit_reaches_co_editors_and_merges_with_their_typing(
        world: World, app: Flask) -> None:
    cofac = Peer(app, world["cofac"])
    cofac.join(world.document_id)
    cofac.sync("op2")
    before = str(cofac.text("op2"))
    cofac.type("op2", 0, "Typed: ")
    cofac.receive()
    # The secretariat edits the same paragraph over HTTP from the paragraph's version.
    version = working(world)["unit_versions"]["op2"]
    world["sec"].ok("PATCH", f"{world.d}/working-copy/units/op2",
                    {"base_version": version, "text": "Typed: " + before + " Saved."})
    told = [m for m in cofac.receive() if m["name"] == "coedit.resync"]
    assert told and told[0]["args"][0] == {"document_id": world.document_id, "unit": "op2"}
    cofac.sync("op2")
    assert str(cofac.text("op2")) == "Typed: " + before + " Saved."


def test_coedit_messages_are_authorised_and_validated(world: World, app: Flask) -> None:
    mex, obs = Peer(app, world["mex"]), Peer(app, world["obs"])
    refused = mex.join(world.document_id)
    assert not refused["ok"] and refused["error"]["code"] == "forbidden", refused
    world["cofac"].ok("PUT", f"{world.d}/room/sharing", {"shared": True})
    assert mex.join(world.document_id)["ok"]
    mex.sync("op1")
    assert obs.join(world.document_id)["ok"]
    # Watching is not editing.
    typed = mex.type("op1", 0, "Mexico was here ")
    assert typed["error"]["code"] == "forbidden", typed
    caret = mex.call("coedit.caret", {"document_id": world.document_id, "unit": "op1",
                                      "anchor": None, "head": None})
    assert caret["error"]["code"] == "forbidden"
    pen = Peer(app, world["cofac"])
    pen.join(world.document_id)
    pen.sync("op1")
    for body, code in (
            ({"document_id": world.document_id, "unit": "op1", "update": "%%%"}, "invalid"),
            ({"document_id": world.document_id, "unit": "op1", "update": b64(b"\x05junk")},
             "invalid"),
            ({"document_id": world.document_id, "unit": "nosuch", "update": b64(b"\x00\x00")},
             "not_found"),
            ({"document_id": world.document_id, "unit": 7, "update": ""}, "invalid"),
            ({"document_id": 999, "unit": "op1", "update": b64(b"\x00\x00")}, "not_found")):
        answer = pen.call("coedit.update", body)
        assert answer["error"]["code"] == code, (body, answer)
    # An update for a working copy that was published meanwhile: stale, never merged.
    stale = pen.call("coedit.update", {"document_id": world.document_id, "unit": "op1",
                                       "update": b64(b"\x00\x00"), "revision_id": 1})
    assert stale["error"]["code"] == "stale", stale
    assert stale["error"]["details"]["current"]["revision_id"] != 1
    # An update that builds on what the server never saw: sync first.
    other = pycrdt.Doc()
    text = other.get("text", type=pycrdt.Text)
    text += "unseen"
    made: list[bytes] = []
    subscription = other.observe(lambda event: made.append(event.update))
    text.insert(0, "x")
    other.unobserve(subscription)
    answer = pen.send("op1", made[0])
    assert answer["error"]["code"] == "out_of_sync", answer
    # A caret of a pen-holder reaches the others (watchers too), with who it is.
    mex.receive()
    shown = pen.call("coedit.caret", {"document_id": world.document_id, "unit": "op1",
                                      "anchor": b64(b"\x01"), "head": b64(b"\x01")})
    assert shown["ok"]
    carets = [m["args"][0] for m in mex.receive() if m["name"] == "coedit.caret"]
    assert carets and carets[0]["name"] == "cofac" and carets[0]["unit"] == "op1"
    # Unsharing takes the watchers out of the room.
    world["cofac"].ok("PUT", f"{world.d}/room/sharing", {"shared": False})
    assert "coedit.reset" in [m["name"] for m in mex.receive()]
    pen.sync("op1")
    pen.type("op1", 0, "After: ")
    assert not [m for m in mex.receive() if m["name"] == "coedit.update"]
    assert mex.join(world.document_id)["error"]["code"] == "forbidden"


def test_updates_are_compacted_into_one_state(world: World, app: Flask,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paragraphs, "COMPACT_AFTER", 20)
    pen = Peer(app, world["cofac"])
    pen.join(world.document_id)
    pen.sync("op1")
    for index in range(45):
        assert pen.type("op1", 0, chr(ord("a") + index % 26))["ok"]
    expected = str(pen.text("op1"))
    assert unit_of(working(world), "op1")["text"] == expected
    with app.app_context():
        from sqlalchemy import select

        from server.models import SharedParagraph, SharedParagraphUpdate
        session = app.extensions["accord"].sessions()
        row = session.scalars(select(SharedParagraph)).one()
        left = session.scalars(select(SharedParagraphUpdate.seq).where(
            SharedParagraphUpdate.paragraph_id == row.id)).all()
        assert row.seq == 45 and row.compacted_seq == 40 and sorted(left) == [41, 42, 43, 44, 45]
        session.close()
    # A new process (no document held) rebuilds the same text from the state and the rest.
    paragraphs.DOCUMENTS.clear()
    fresh = Peer(app, world["sec"])
    fresh.join(world.document_id)
    fresh.sync("op1")
    assert str(fresh.text("op1")) == expected


def test_an_amendment_applied_while_a_pen_holder_types_reaches_the_shared_paragraph(
        world: World, app: Flask) -> None:
    orderly = ("We commit to cooperate on safe, orderly and dignified return [and regional] "
               "frameworks.")
    amendment = world.propose("mex", unit="op1", text=orderly)
    pen = Peer(app, world["sec"])
    pen.join(world.document_id)
    pen.sync("op1")
    pen.receive()
    applied = world["cofac"].post(f"{world.d}/working-copy/applications", {
        "base_version": world.working_version(), "amendments": [{"amendment": amendment["id"]}]})
    assert applied.status == 200, applied.body
    # Told to load the working copy again; its sync then brings the amendment's words.
    assert "coedit.reset" in [m["name"] for m in pen.receive()]
    pen.sync("op1")
    assert str(pen.text("op1")) == orderly
    # And typing on from there merges with them.
    assert pen.type("op1", len(orderly.encode()), " Typed.")["ok"]
    assert unit_of(working(world), "op1")["text"] == orderly + " Typed."


def test_an_import_over_a_co_edited_paragraph_leaves_no_stale_version_behind(
        world: World, app: Flask) -> None:
    """The shared document follows an import in the import's own transaction: the next
    co-editor to open the paragraph does not move the working copy's version on (which
    would make every pen-holder's next change a 409 for nothing)."""
    from tests.support.documents import b64, download

    cofac = Peer(app, world["cofac"])
    cofac.join(world.document_id)
    cofac.sync("op2")
    cofac.type("op2", 0, "Typed: ")
    markdown = download(world["cofac"], f"{world.d}/working-copy/export",
                        format="markdown").data.decode()
    assert "Typed: " in markdown
    world["cofac"].ok("POST", f"{world.d}/working-copy/import", {
        "format": "markdown", "content_base64": b64(markdown.replace("Typed: ", "Imported: ")),
        "preview": False, "base_version": world.working_version()})
    version = world.working_version()
    latecomer = Peer(app, world["sec"])
    latecomer.join(world.document_id)
    latecomer.sync("op2")
    assert str(latecomer.text("op2")).startswith("Imported: ")
    assert world.working_version() == version
