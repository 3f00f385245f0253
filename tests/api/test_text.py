"""Working-copy semantics: immutable revisions, subtrees, renumbering, publishing, diffs and the
stable identity of units."""

from __future__ import annotations

from typing import Any

from tests.support.driver import assert_error
from tests.support.views import without_actions
from tests.support.worlds import ZERO_DRAFT, Pen, World


def units(revision: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(key, parent, number) in document order."""
    return [(u["key"], u["parent"], u["number"]) for u in revision["units"]]


def keys(revision: dict[str, Any]) -> list[str]:
    return [u["key"] for u in revision["units"]]


def test_published_revisions_never_change(world: World) -> None:
    zero = world["obs"].ok("GET", f"{world.d}/revisions/0")
    assert [(u["key"], u["text"]) for u in zero["units"]] == [
        (u["key"], u.get("text", "")) for u in ZERO_DRAFT]

    def unchanged() -> None:
        assert without_actions(world["obs"].ok("GET", f"{world.d}/revisions/0")) == \
            without_actions(zero)
        assert without_actions(world["mex"].ok("GET", f"{world.d}/revisions/0")) == \
            without_actions(zero)

    pen = Pen(world)
    pen.edit("op1", text="We commit to cooperate on return.", status="agreed_ad_ref")
    unchanged()
    pen.edit("obj1", heading="Objective 1: Return")
    pen.edit("op2", number="3 alt")
    unchanged()
    pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1", number="2 bis",
               text="We commit to reintegration.")
    unchanged()
    pen.delete("op1a")
    unchanged()
    pen.renumber()
    unchanged()
    at_publication = world["cofac"].ok("GET", f"{world.d}/working-copy")
    rev1 = pen.publish()
    unchanged()
    published = world["obs"].ok("GET", f"{world.d}/revisions/1")
    assert without_actions(published["units"]) == without_actions(at_publication["units"])
    assert published["id"] == rev1["revision"]["id"]
    # Editing the next working copy touches neither revision.
    pen.edit("op1", text="We commit to cooperate fully on return.", status="open")
    pen.delete("op1bis")
    unchanged()
    assert world["obs"].ok("GET", f"{world.d}/revisions/1") == published
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert [u["text"] for u in working["units"] if u["key"] == "op1"] == [
        "We commit to cooperate fully on return."]
    assert "op1bis" not in keys(working)
    listing = world["mex"].ok("GET", f"{world.d}/revisions")
    assert [(r["sequence"], r["label"]) for r in listing] == [(0, "Zero draft"), (1, "Rev.1")]


def test_insert_goes_after_the_subtree_and_delete_removes_it(world: World) -> None:
    pen = Pen(world)
    # After op1 (which has the sub-paragraph op1a), as a sibling: after op1's subtree.
    result = pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1",
                        number="2 bis", text="We commit to reintegration.")
    assert keys(result) == ["pre", "pp1", "obj1", "op1", "op1a", "op1bis", "op2"]
    # After op1, as its child: right under op1, before its existing sub-paragraph.
    result = pen.insert("op1", key="op1first", kind="subparagraph", parent="op1",
                        number="(a) bis", text="First sub-paragraph;")
    assert keys(result) == ["pre", "pp1", "obj1", "op1", "op1first", "op1a", "op1bis", "op2"]
    # A sub-sub-paragraph under op1a, then a sibling after op1a goes after that subtree too.
    pen.insert("op1a", key="op1a_i", kind="subparagraph", parent="op1a", number="(i)",
               text="In particular;")
    result = pen.insert("op1a", key="op1b", kind="subparagraph", parent="op1",
                        number="(b)", text="Second sub-paragraph;")
    assert keys(result) == ["pre", "pp1", "obj1", "op1", "op1first", "op1a", "op1a_i", "op1b",
                            "op1bis", "op2"]
    # After the whole section, at the top level.
    result = pen.insert("obj1", key="obj2", kind="section", heading="Objective 2: Review")
    assert keys(result)[-1] == "obj2"
    assert next(u for u in result["units"] if u["key"] == "obj2")["parent"] is None
    # With no anchor: first in the document.
    result = pen.insert(None, key="title", kind="section", heading="Title")
    assert keys(result)[0] == "title"
    assert world["cofac"].ok("GET", f"{world.d}/working-copy") == result

    # Deleting op1 removes everything under it, at every depth.
    result = pen.delete("op1")
    assert keys(result) == ["title", "pre", "pp1", "obj1", "op1bis", "op2", "obj2"]
    entry = world["cofac"].ok("GET", f"{world.p}/log")[-1]
    assert entry["action"] == "working_copy.unit_deleted"
    assert entry["payload"]["removed"] == sorted(["op1", "op1first", "op1a", "op1a_i", "op1b"])
    result = pen.delete("obj1")
    assert keys(result) == ["title", "pre", "pp1", "obj2"]
    result = pen.delete("pp1")
    assert keys(result) == ["title", "pre", "obj2"]
    assert world["cofac"].ok("GET", f"{world.d}/working-copy")["units"] == result["units"]
    # A deleted unit's key stays taken in the document: identity is never reused.
    reused = world["cofac"].post(f"{world.d}/working-copy/units", {
        "base_version": pen.version, "after": "obj2",
        "unit": {"key": "op1", "kind": "paragraph", "parent": "obj2", "text": "Reused."}})
    assert_error(reused, 422, "invalid", details={"field": "key"})
    assert world.working_version() == pen.version
    # The zero draft still holds all of it.
    assert keys(world["obs"].ok("GET", f"{world.d}/revisions/0")) == [
        u["key"] for u in ZERO_DRAFT]


def test_renumber_numbers_paragraphs_and_letters_sub_paragraphs(world: World) -> None:
    pen = Pen(world)
    pen.insert("op1", key="op1bis", kind="paragraph", parent="obj1", number="2 bis",
               text="We commit to reintegration.")
    pen.insert("op1a", key="op1b", kind="subparagraph", parent="op1", number="(a) bis",
               text="Assist returnees;")
    pen.insert("op1bis", key="op1bis_a", kind="subparagraph", parent="op1bis", number="(z)",
               text="Through local programmes;")
    pen.insert("op2", key="op2alt", kind="paragraph", parent="obj1", number="3 alt",
               text="We review progress every two years.")
    pen.edit("pp1", number="PP1")
    before = world["cofac"].ok("GET", f"{world.d}/working-copy")
    result = pen.renumber()
    assert units(result) == [
        ("pre", None, None), ("pp1", "pre", "1"), ("obj1", None, None),
        ("op1", "obj1", "2"), ("op1a", "op1", "(a)"), ("op1b", "op1", "(b)"),
        ("op1bis", "obj1", "3"), ("op1bis_a", "op1bis", "(a)"),
        ("op2", "obj1", "4"), ("op2alt", "obj1", "5")]
    # Only numbers change: keys, order, texts, headings and statuses stay.
    for old, new in zip(before["units"], result["units"], strict=True):
        assert {k: v for k, v in old.items() if k not in ("number", "name", "name_parts")} == \
            {k: v for k, v in new.items() if k not in ("number", "name", "name_parts")}
    again = pen.renumber()
    assert again["units"] == result["units"]
    # Unit identity survives renumbering: an amendment to op2 (number 3 in the zero draft)
    # targets op2, now number 4, in Rev.1.
    rev1 = pen.publish()
    amendment = world["mex"].ok("POST", f"{world.p}/amendments", {
        "revision_id": rev1["revision"]["id"], "unit": "op2", "kind": "change_words",
        "text": "We further commit to review progress every three years.", "submit": True},
        status=201)
    assert amendment["unit"] == "op2"
    assert amendment["base_text"] == "We further commit to review progress every four years."
    diff = world["obs"].get(f"{world.d}/diff", **{"from": 0, "to": 1}).body
    op2 = next(u for u in diff["units"] if u["key"] == "op2")
    assert (op2["number_before"], op2["number_after"]) == ("3", "4")
    assert op2["spans"] == [{"op": "equal",
                             "text": "We further commit to review progress every four years."}]
    assert [u["key"] for u in diff["units"] if u["change"] == "new"] == [
        "op1b", "op1bis", "op1bis_a", "op2alt"]
    assert diff["counts"]["deleted"] == 0


def test_publish_labels_and_refusing_an_unchanged_text(world: World) -> None:
    pen = Pen(world)
    log_before = world["cofac"].ok("GET", f"{world.p}/log")
    refused = world["cofac"].post(f"{world.d}/revisions", {"base_version": pen.version})
    assert_error(refused, 422, "invalid", message="Nothing has changed since Zero draft")
    assert world["cofac"].ok("GET", f"{world.p}/log") == log_before
    assert world.working_version() == pen.version
    # An edit undone is no change either.
    pen.edit("op2", text="Changed for a moment.")
    pen.edit("op2", text="We further commit to review progress every four years.")
    assert_error(world["cofac"].post(f"{world.d}/revisions", {"base_version": pen.version}),
                 422, "invalid")

    pen.edit("op2", text="We further commit to review progress every two years.")
    rev1 = pen.publish()
    assert (rev1["revision"]["sequence"], rev1["revision"]["label"]) == (1, "Rev.1")
    entry = world["cofac"].ok("GET", f"{world.p}/log")[-1]
    assert entry["action"] == "revision.published"
    assert entry["payload"]["label"] == "Rev.1" and entry["payload"]["sequence"] == 1
    assert_error(world["cofac"].post(f"{world.d}/revisions", {"base_version": 1}), 422,
                 "invalid", message="Rev.1")

    # A status change alone is a change worth a revision; a custom label is kept.
    pen.edit("op2", status="agreed_ad_ref")
    plus = pen.publish("Rev.1 plus")
    assert (plus["revision"]["sequence"], plus["revision"]["label"]) == (2, "Rev.1 plus")
    pen.edit("pp1", status="agreed_informals")
    rev3 = pen.publish()
    assert (rev3["revision"]["sequence"], rev3["revision"]["label"]) == (3, "Rev.3")
    listing = world["mex"].ok("GET", f"{world.d}/revisions")
    assert [(r["sequence"], r["label"]) for r in listing] == [
        (0, "Zero draft"), (1, "Rev.1"), (2, "Rev.1 plus"), (3, "Rev.3")]
    assert [r["id"] for r in listing[1:]] == [rev1["revision"]["id"], plus["revision"]["id"],
                                              rev3["revision"]["id"]]
    document = world["obs"].ok("GET", world.d)
    assert document["revisions"] == listing
    statuses = {u["key"]: u["status"] for u in
                world["obs"].ok("GET", f"{world.d}/revisions/3")["units"]}
    assert (statuses["op2"], statuses["pp1"], statuses["op1"]) == (
        "agreed_ad_ref", "agreed_informals", "open")
    status_diff = world["obs"].get(f"{world.d}/diff", **{"from": 1, "to": 2}).body
    op2 = next(u for u in status_diff["units"] if u["key"] == "op2")
    assert (op2["status_before"], op2["status_after"]) == ("open", "agreed_ad_ref")


def test_diff_of_a_revision_with_itself_shows_every_unit_unchanged(world: World) -> None:
    for sequence in (0,):
        diff = world["obs"].get(f"{world.d}/diff", **{"from": sequence, "to": sequence})
        assert diff.status == 200
        body = diff.body
        assert body["counts"] == {"unchanged": 6, "edited": 0, "moved": 0, "new": 0, "deleted": 0}
        assert [u["key"] for u in body["units"]] == [u["key"] for u in ZERO_DRAFT]
        for unit, source in zip(body["units"], ZERO_DRAFT, strict=True):
            shown = source.get("text") or source.get("heading")
            assert unit["change"] == "unchanged"
            assert unit["spans"] == [{"op": "equal", "text": shown}]
            assert unit["number_before"] == unit["number_after"] == source.get("number")
            assert unit["status_before"] == unit["status_after"] == "open"
        only = world["obs"].get(f"{world.d}/diff", **{"from": 0, "to": 0,
                                                      "changed_only": "true"}).body
        assert only["units"] == []
        assert only["counts"] == {"unchanged": 0, "edited": 0, "moved": 0, "new": 0, "deleted": 0}

    # Backwards, from a later revision to an earlier one, the changes read the other way.
    pen = Pen(world)
    pen.edit("op2", text="We further commit to review progress every two years.")
    pen.delete("op1a")
    pen.publish()
    backwards = world["obs"].get(f"{world.d}/diff", **{"from": 1, "to": 0}).body
    assert backwards["counts"] == {"unchanged": 4, "edited": 1, "moved": 0, "new": 1, "deleted": 0}
    op1a = next(u for u in backwards["units"] if u["key"] == "op1a")
    assert op1a["change"] == "new"
    assert op1a["spans"] == [{"op": "insert", "text": "Develop bilateral frameworks for return;"}]



def contiguous_subtrees(revision: dict[str, Any]) -> bool:
    """Every unit's descendants follow it directly, before any unit outside its subtree."""
    order = [(u["key"], u["parent"]) for u in revision["units"]]
    for index, (key, _) in enumerate(order):
        inside = {key}
        position = index + 1
        while position < len(order) and order[position][1] in inside:
            inside.add(order[position][0])
            position += 1
        if any(parent in inside for _, parent in order[position:]):
            return False
    return True


def test_an_insertion_outside_its_parent_keeps_the_tree_whole(world: World) -> None:
    """A sub-paragraph of op1 placed "after op2" would sit outside op1's subtree (op2 is not
    under op1): the working copy must refuse it (422) or keep op1's subtree in one piece."""
    start = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert contiguous_subtrees(start)
    version = start["version"]
    reply = world["cofac"].post(f"{world.d}/working-copy/units", {
        "base_version": version, "after": "op2",
        "unit": {"key": "stray", "kind": "subparagraph", "parent": "op1",
                 "text": "A sub-paragraph of op1 placed after op2;"}})
    if reply.status == 422:
        assert reply.body["error"]["code"] == "invalid"
        assert world.working_version() == version
        return
    assert reply.status == 201, reply.body
    assert contiguous_subtrees(reply.body), units(reply.body)
    assert contiguous_subtrees(world["cofac"].ok("GET", f"{world.d}/working-copy"))
