"""Agreed text is guarded: proposing on a settled paragraph (agreed in informals, agreed ad
ref, adopted) needs the co-facilitators to reopen it first, with a reason, and the API says
so; marking a paragraph agreed while it has open brackets needs a confirmation, recorded."""

from __future__ import annotations

from typing import Any

from tests.support.driver import assert_error
from tests.support.worlds import Pen, World, snapshot

OP2 = "We further commit to review progress every four years."
REASON = "Switzerland asked to revisit the review cycle; the room agreed to reopen OP3."


def agreed_rev1(world: World) -> dict[str, Any]:
    """Rev.1 with OP3 (op2) agreed ad ref and PP1 agreed in informals."""
    pen = Pen(world)
    pen.edit("op2", status="agreed_ad_ref")
    pen.edit("pp1", status="agreed_informals")
    published: dict[str, Any] = pen.publish()
    return published


def actions(world: World, who: str, sequence: int = 1) -> dict[str, list[str]]:
    revision = world[who].ok("GET", f"{world.d}/revisions/{sequence}")
    return {u["key"]: u["actions"] for u in revision["units"]}


def propose(world: World, revision_id: int, unit: str = "op2") -> Any:
    return world["che"].post(f"{world.p}/amendments", {
        "revision_id": revision_id, "unit": unit, "kind": "change_words",
        "text": OP2.replace("four", "five"), "submit": True})


def test_proposing_on_agreed_text_needs_the_co_facilitators_to_reopen_it(
        world: World) -> None:
    rev1 = agreed_rev1(world)["revision"]["id"]
    # The server tells the browser: no proposal form on settled paragraphs.
    seen = actions(world, "che")
    assert seen["op2"] == [] and seen["pp1"] == [] and seen["op1"] == ["propose"]
    assert actions(world, "cofac")["op2"] == ["reopen"]
    assert actions(world, "cofac")["op1"] == []
    before = snapshot(world)
    error = assert_error(propose(world, rev1), 422, "invalid")
    assert error["message"] == (
        "OP3 is agreed ad ref: amendments to it can be proposed only once the "
        "co-facilitators reopen it (ask them to, giving your reason).")
    assert error["details"] == {"field": "unit", "paragraph": "OP3", "status": "agreed_ad_ref",
                                "reopened": False, "needs": "reopening"}
    assert "agreed in informals" in assert_error(propose(world, rev1, "pp1"), 422,
                                                 "invalid")["message"]
    assert snapshot(world) == before

    # Only co-facilitators reopen, with a reason.
    path = f"{world.d}/revisions/1/units/op2/reopen"
    assert_error(world["che"].post(path, {"reason": REASON}), 403, "forbidden")
    assert_error(world["sec"].post(path, {"reason": REASON}), 403, "forbidden")
    assert_error(world["cofac"].post(path, {"reason": "  "}), 422, "invalid")
    reopened = world["cofac"].ok("POST", path, {"reason": REASON})
    assert next(u for u in reopened["units"] if u["key"] == "op2")["actions"] == []
    entries = world["cofac"].get(f"{world.p}/log", limit=1000).body
    (entry,) = [e for e in entries if e["action"] == "unit.reopened"]
    assert entry["subject"] == f"unit:{world.document_id}:op2"
    assert entry["payload"]["reason"] == REASON and entry["payload"]["paragraph"] == "OP3"
    assert entry["payload"]["status"] == "agreed_ad_ref"
    assert actions(world, "che")["op2"] == ["propose"]
    assert actions(world, "che")["pp1"] == []  # only the paragraph reopened
    made = propose(world, rev1)
    assert made.status == 201, made.body
    # Twice, or an open paragraph, or an older revision: refused, saying why.
    assert "reopened already" in assert_error(
        world["cofac"].post(path, {"reason": REASON}), 422, "invalid")["message"]
    assert "nothing to reopen" in assert_error(
        world["cofac"].post(f"{world.d}/revisions/1/units/op1/reopen", {"reason": REASON}),
        422, "invalid")["message"]
    assert_error(world["cofac"].post(f"{world.d}/revisions/0/units/op2/reopen",
                                     {"reason": REASON}), 409, "stale")
    assert_error(world["cofac"].post(f"{world.d}/revisions/1/units/nope/reopen",
                                     {"reason": REASON}), 404, "not_found")


def test_the_next_revision_guards_its_own_agreed_text(world: World) -> None:
    agreed_rev1(world)
    world["cofac"].ok("POST", f"{world.d}/revisions/1/units/op2/reopen", {"reason": REASON})
    # Rev.2 keeps OP3 agreed ad ref (the working copy says so): reopened in Rev.1 only.
    Pen(world).edit("op1", text="We commit to cooperate on safe and dignified return.")
    rev2 = world["cofac"].ok("POST", f"{world.d}/revisions",
                             {"base_version": world.working_version()}, status=201)
    assert actions(world, "che", 2)["op2"] == []
    assert_error(propose(world, rev2["revision"]["id"]), 422, "invalid")


def test_marking_agreed_with_open_brackets_asks_for_confirmation(world: World) -> None:
    cofac = world["cofac"]
    version = world.working_version()
    before = snapshot(world)
    error = assert_error(cofac.patch(f"{world.d}/working-copy/units/op1", {
        "base_version": version, "status": "agreed_ad_ref"}), 422, "invalid")
    assert error["details"] == {"field": "confirm_open_brackets", "open_brackets": 1,
                                "status": "agreed_ad_ref"}
    assert "1 open bracket" in error["message"]
    # The count is of the text it will have: removing the brackets at the same time is fine.
    assert snapshot(world) == before
    marked = cofac.ok("PATCH", f"{world.d}/working-copy/units/op1", {
        "base_version": version, "status": "agreed_ad_ref", "confirm_open_brackets": True})
    assert next(u for u in marked["units"] if u["key"] == "op1")["status"] == "agreed_ad_ref"
    entries = cofac.get(f"{world.p}/log", limit=1000).body
    edited = [e for e in entries if e["action"] == "working_copy.unit_edited"]
    assert edited[-1]["payload"]["confirmed_open_brackets"] == 1
    assert edited[-1]["payload"]["changed"] == {"status": "agreed_ad_ref"}
    # Without brackets (or back to open) nothing needs confirming, and nothing is recorded.
    unbracketed = cofac.ok("PATCH", f"{world.d}/working-copy/units/op1a", {
        "base_version": world.working_version(), "status": "adopted"})
    assert next(u for u in unbracketed["units"] if u["key"] == "op1a")["status"] == "adopted"
    cleaned = cofac.ok("PATCH", f"{world.d}/working-copy/units/op2", {
        "base_version": world.working_version(), "status": "agreed_informals",
        "text": "We further commit to review progress [every four years]".replace(
            "[every four years]", "every four years.")})
    assert next(u for u in cleaned["units"] if u["key"] == "op2")["status"] == \
        "agreed_informals"
    reopened_text = cofac.patch(f"{world.d}/working-copy/units/op2", {
        "base_version": world.working_version(), "status": "agreed_ad_ref",
        "text": "We further commit to review progress [every four years]."})
    assert_error(reopened_text, 422, "invalid")
    entries = cofac.get(f"{world.p}/log", limit=1000).body
    edited = [e for e in entries if e["action"] == "working_copy.unit_edited"]
    assert all("confirmed_open_brackets" not in e["payload"] for e in edited[-2:])
