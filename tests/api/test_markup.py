"""A delegation's marked-up Word file through the API: the preview lists its draft
amendments and what it could not place, saving nothing; confirm creates them as the
delegation's drafts, once (Idempotency-Key), or none when the request is refused."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.support.driver import As
from tests.support.hostile import deep_docx, huge_docx, laughs_docx
from tests.support.markup import Edit, mark_up
from tests.support.worlds import World, publish_rev1

#: What Mexico does to the zero draft it exported: a replacement and a deletion in OP2
#: (one amendment, the comment its justification), OP3 deleted, a new paragraph after
#: OP2(a), and bold on PP1 (formatting: no amendment).
EDITS = [Edit("safe and dignified", "dignified", "dignified, voluntary",
              comment="Return must be voluntary."),
         Edit("safe and", "[and regional] ", "")]


def exported(person: As, world: World, sequence: int = 0) -> bytes:
    """The revision as its DOCX export (what the delegation downloads and marks up)."""
    response = person.client.get(
        f"/api/v1{world.d}/revisions/{sequence}/export", query_string={"format": "docx"},
        headers={"Authorization": f"Bearer {person.token}"})
    assert response.status_code == 200
    data: bytes = response.data
    return data


def marked(world: World, who: str = "mex") -> bytes:
    return mark_up(exported(world[who], world), EDITS, author="Mexico",
                   delete_paragraph="review progress", add_after="bilateral frameworks",
                   added="Support the reintegration of returnees.",
                   format_paragraph="Heads of State")


def body(data: bytes, **extra: Any) -> dict[str, Any]:
    return {"content_base64": base64.b64encode(data).decode(), "filename": "marked.docx",
            **extra}


def test_preview_lists_the_amendments_and_saves_nothing(world: World) -> None:
    before = world["mex"].ok("GET", f"{world.p}/amendments")
    preview = world["mex"].ok("POST", f"{world.d}/markup/preview", body(marked(world)))
    assert preview["saved"] is False and preview["amendments"] == []
    assert preview["delegation"] == "MEX" and preview["revision_label"]
    by_paragraph = {p["paragraph"]: p for p in preview["proposals"]}
    assert set(by_paragraph) == {"OP2", "OP2(a)", "OP3"}
    op2 = by_paragraph["OP2"]
    assert op2["kind"] == "change_words" and op2["changes"] == 2
    assert op2["text"] == ("We commit to cooperate on safe and dignified, voluntary return "
                           "frameworks.")
    assert op2["justification"] == "Return must be voluntary."
    assert op2["matched_by"] == "number" and op2["change_authors"] == ["Mexico"]
    assert {"op": "insert", "text": ", voluntary"} in op2["diff"] or any(
        s["op"] == "insert" and "voluntary" in s["text"] for s in op2["diff"])
    assert by_paragraph["OP3"]["kind"] == "delete_unit"
    assert by_paragraph["OP2(a)"]["kind"] == "add_unit"
    assert by_paragraph["OP2(a)"]["text"] == "Support the reintegration of returnees."
    assert [u["where"] for u in preview["unplaced"]] == ["the whole file"]
    assert "formatting" in preview["unplaced"][0]["reason"]
    assert world["mex"].ok("GET", f"{world.p}/amendments") == before


def test_confirm_creates_the_delegations_drafts_once(world: World) -> None:
    key = {"Idempotency-Key": "markup-1"}
    data = body(marked(world))
    first = world["mex"].call("POST", f"{world.d}/markup", data, headers=key)
    assert first.status == 201, first.body
    created = first.body["amendments"]
    assert [a["unit_name"] for a in created] == [p["paragraph"]
                                                for p in first.body["proposals"]]
    assert all(a["state"] == "draft" and a["delegation"] == "MEX" for a in created)
    op2 = next(a for a in created if a["unit_name"] == "OP2")
    assert op2["justification"] == "Return must be voluntary."
    again = world["mex"].call("POST", f"{world.d}/markup", data, headers=key)
    assert again.status == 201 and again.body == first.body
    mine = world["mex"].ok("GET", f"{world.p}/amendments", None)
    assert len([a for a in mine if a["state"] == "draft"]) == len(created) == 3
    # Drafts: the delegation reviews and submits them; nobody else sees them yet.
    assert all(a["id"] not in {c["id"] for c in created}
               for a in world["che"].ok("GET", f"{world.p}/amendments"))
    submitted = world["mex"].ok("POST", f"/amendments/{op2['id']}/submit",
                                {"base_version": op2["version"]})
    assert submitted["state"] == "submitted"


@pytest.mark.parametrize("who, extra, status", [
    ("obs", {}, 403), ("obs", {"delegation": "MEX"}, 403), ("outsider", {}, 404),
    ("mex", {"delegation": "CHE"}, 403), ("cofac", {}, 422), ("sec", {"delegation": "XYZ"}, 422)])
def test_who_may_upload_for_whom(world: World, who: str, extra: dict[str, str],
                                 status: int) -> None:
    """A delegate for its own delegation; the co-facilitators and the secretariat for the
    delegation they name; nobody else."""
    reply = world[who].post(f"{world.d}/markup/preview", body(marked(world), **extra))
    assert reply.status == status, reply.body


def test_the_secretariat_uploads_on_a_delegations_behalf(world: World) -> None:
    data = body(marked(world), delegation="MEX")
    preview = world["sec"].ok("POST", f"{world.d}/markup/preview", data)
    assert preview["delegation_name"] == "Mexico" and len(preview["proposals"]) == 3
    created = world["sec"].ok("POST", f"{world.d}/markup", data, status=201)["amendments"]
    assert {a["delegation"] for a in created} == {"MEX"}
    # Mexico's drafts: Mexico sees them and submits them; Switzerland does not see them.
    drafts = {a["id"]: a for a in world["mex"].ok("GET", f"{world.p}/amendments")
              if a["state"] == "draft"}
    assert {a["id"] for a in created} <= set(drafts)
    assert not {a["id"] for a in created} & {
        a["id"] for a in world["che"].ok("GET", f"{world.p}/amendments")}
    first = drafts[created[0]["id"]]
    assert "submit" in first["actions"]
    world.set_phase("concluded")
    reply = world["sec"].post(f"{world.d}/markup", data)
    assert reply.status == 403


def test_a_stale_revision_is_refused_and_nothing_is_saved(world: World) -> None:
    data = marked(world)
    publish_rev1(world)
    before = world["mex"].ok("GET", f"{world.p}/amendments")
    reply = world["mex"].post(f"{world.d}/markup", body(data, revision_id=world.revision_id))
    assert reply.status == 409 and reply.error["code"] == "stale", reply.body
    assert world["mex"].ok("GET", f"{world.p}/amendments") == before


def test_outside_negotiation_is_refused(world: World) -> None:
    data = marked(world)
    world.set_phase("concluded")
    reply = world["mex"].post(f"{world.d}/markup", body(data))
    assert reply.status == 403


@pytest.mark.parametrize("make", [huge_docx, deep_docx, laughs_docx],
                         ids=["zip-bomb", "deep", "entities"])
def test_hostile_files_are_refused_like_other_imports(world: World, make: Any) -> None:
    before = world["mex"].ok("GET", f"{world.p}/amendments")
    reply = world["mex"].post(f"{world.d}/markup", body(make()))
    assert reply.status == 422 and reply.error["code"] == "invalid", reply.body
    assert world["mex"].ok("GET", f"{world.p}/amendments") == before


def test_a_file_without_changes_creates_nothing(world: World) -> None:
    clean = exported(world["mex"], world)
    preview = world["mex"].ok("POST", f"{world.d}/markup/preview", body(clean))
    assert preview["proposals"] == [] and preview["unplaced"] == []
    reply = world["mex"].post(f"{world.d}/markup", body(clean))
    assert reply.status == 422 and "no tracked change" in reply.error["message"]


def test_not_base64_and_unknown_fields_are_refused(world: World) -> None:
    reply = world["mex"].post(f"{world.d}/markup/preview", {"content_base64": "%%%"})
    assert reply.status == 422
    reply = world["mex"].post(f"{world.d}/markup/preview",
                              {**body(b"x"), "proponent": "CHE"})
    assert reply.status == 422


def test_an_agreed_paragraph_is_shown_as_not_placed(world: World) -> None:
    """Rev.1 agrees OP2 ad ref: the preview says so with the policy's reason, and confirm
    creates the amendment to OP4 only."""
    publish_rev1(world)
    data = mark_up(exported(world["mex"], world, 1),
                   [Edit("sustainable return", "sustainable", "lasting"),
                    Edit("review progress", "two", "three", comment="Less reporting.")])
    preview = world["mex"].ok("POST", f"{world.d}/markup/preview", body(data))
    assert [p["paragraph"] for p in preview["proposals"]] == ["OP4"]
    assert preview["unplaced"][0]["reason"].startswith("OP2 is agreed ad ref")
    assert preview["unplaced"][0]["where"].startswith("Paragraph ")
    created = world["mex"].ok("POST", f"{world.d}/markup", body(data), status=201)
    assert [a["unit_name"] for a in created["amendments"]] == ["OP4"]
    assert created["amendments"][0]["justification"] == "Less reporting."


def test_the_server_says_whom_each_person_may_upload_for(world: World) -> None:
    """The markup page's delegation picker is the server's list (policy.markup_delegations):
    a delegate its own delegation, the pen-holders every delegation on its behalf, an
    observer none; outside the phase delegations propose in, nobody; an outsider learns
    nothing of the process."""
    path = f"{world.p}/markup/delegations"
    everyone = {d["code"] for d in world["sec"].ok("GET", f"{world.p}/delegations")}
    for who in ("sec", "cofac"):
        answer = world[who].ok("GET", path)
        assert answer["on_behalf"] is True
        assert {d["code"] for d in answer["delegations"]} == everyone
        assert {"code": "MEX", "name": "Mexico"} in answer["delegations"]
    assert world["mex"].ok("GET", path) == {
        "delegations": [{"code": "MEX", "name": "Mexico"}], "on_behalf": False}
    assert world["obs"].ok("GET", path) == {"delegations": [], "on_behalf": False}
    assert world["outsider"].get(path).status == 404
    # each one listed is one the upload takes: the secretariat's preview for the first
    first = world["sec"].ok("GET", path)["delegations"][0]["code"]
    preview = world["sec"].ok("POST", f"{world.d}/markup/preview",
                              body(marked(world), delegation=first))
    assert preview["delegation"] == first
    world.set_phase("concluded")
    for who in ("sec", "mex"):
        assert world[who].ok("GET", path)["delegations"] == []
