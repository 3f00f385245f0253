"""Lineage of units across revisions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.diff import apply_spans
from server.core.lineage import LineageEntry, LineageStatus, lineage, revision_diff
from server.core.text import UnitKind, UnitView
from tests.support.strategies import multiscript_sentence, multiscript_text

L = LineageStatus
P, SUB, SEC = UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH, UnitKind.SECTION


def para(key: str, number: str, text: str, parent: str | None = "s1") -> UnitView:
    return UnitView(key, P, parent, number, text)


RETURN = "We commit to cooperate on safe and dignified return and readmission."
IDENTITY = ("We commit to ensure that all migrants have proof of legal identity. We further "
            "commit to provide consular protection throughout the migration cycle.")
IDENTITY_1 = "We commit to ensure that all migrants have proof of legal identity."
IDENTITY_2 = "We further commit to provide consular protection throughout the migration cycle."
SKILLS = "We commit to invest in skills development and facilitate mutual recognition of skills."
DATA = "We resolve to strengthen international cooperation on data collection and analysis."
REMIT = "Remittances are an important source of income for many families in many countries."
TRAFFIC = "We commit to eradicate trafficking in persons in the context of international migration."
GONE = "A paragraph on something that the co-facilitators decided to drop altogether."
BORDER = "An entirely new paragraph about integrated border governance arrangements."

OLD = [
    UnitView("s1", SEC, None, "I", heading="Objectives and commitments"),
    para("p1", "1", RETURN),
    para("p2", "2", IDENTITY),
    para("p3", "3", SKILLS),
    para("p4", "4", DATA),
    para("p5", "5", REMIT),
    para("p6", "6", TRAFFIC),
    para("p7", "7", GONE),
    UnitView("p7a", SUB, "p7", "(a)", "Develop bilateral frameworks on labour mobility"),
]
NEW = [
    UnitView("s1", SEC, None, "I", heading="Objectives and commitments"),
    para("p0", "1", BORDER),
    para("p1", "2", RETURN),  # renumbered
    para("p2", "3", IDENTITY_1),  # split ...
    para("p2b", "4", IDENTITY_2),  # ... into two
    para("p3", "5", SKILLS.replace("skills.", "skills and qualifications.")),  # edited
    para("p6", "6", TRAFFIC),  # p4/p5 moved below it
    para("p4", "7", f"{DATA} {REMIT}"),  # p4 and p5 merged
    # p7 deleted; p7a moved under p6
    UnitView("p7a", SUB, "p6", "(a)", "Develop bilateral frameworks on labour mobility"),
]


def by_new(entries: list[LineageEntry]) -> dict[tuple[str, ...], LineageEntry]:
    return {e.new: e for e in entries if e.new}


def check_covers(entries: list[LineageEntry], old: list[UnitView], new: list[UnitView]
                 ) -> None:
    olds = [k for e in entries for k in e.old]
    news = [k for e in entries for k in e.new]
    assert sorted(olds) == sorted(u.key for u in old)
    assert sorted(news) == sorted(u.key for u in new)


def test_by_identity_all_statuses() -> None:
    entries = lineage(OLD, NEW)
    check_covers(entries, OLD, NEW)
    got = {(e.old, e.new): e.status for e in entries}
    assert got == {
        (("s1",), ("s1",)): L.UNCHANGED,
        ((), ("p0",)): L.NEW,
        (("p1",), ("p1",)): L.UNCHANGED,
        (("p2",), ("p2", "p2b")): L.SPLIT,
        (("p3",), ("p3",)): L.EDITED,
        (("p6",), ("p6",)): L.UNCHANGED,
        (("p4", "p5"), ("p4",)): L.MERGED,
        (("p7",), ()): L.DELETED,
        (("p7a",), ("p7a",)): L.MOVED,
    }
    entry = by_new(entries)
    assert entry[("p1",)].renumbered and entry[("p1",)].match == "key"
    assert not entry[("s1",)].renumbered
    assert 0.5 < entry[("p3",)].similarity < 1.0 and entry[("p3",)].edited
    # document order of the new revision; the deleted unit after the successor of p6
    assert [e.new or e.old for e in entries] == [
        ("s1",), ("p0",), ("p1",), ("p2", "p2b"), ("p3",), ("p6",), ("p7",), ("p4",),
        ("p7a",)]


def rekey(units: list[UnitView], prefix: str) -> list[UnitView]:
    return [replace(u, key=prefix + u.key,
                    parent=None if u.parent is None else prefix + u.parent) for u in units]


def test_by_similarity_when_keys_differ() -> None:
    new = rekey(NEW, "x")
    entries = lineage(OLD, new, by_identity=False)
    check_covers(entries, OLD, new)
    got = {(e.old, e.new): e.status for e in entries}
    assert got == {
        (("s1",), ("xs1",)): L.UNCHANGED,
        ((), ("xp0",)): L.NEW,
        (("p1",), ("xp1",)): L.UNCHANGED,
        (("p2",), ("xp2", "xp2b")): L.SPLIT,
        (("p3",), ("xp3",)): L.EDITED,
        (("p6",), ("xp6",)): L.UNCHANGED,
        (("p4", "p5"), ("xp4",)): L.MERGED,
        (("p7",), ()): L.DELETED,
        (("p7a",), ("xp7a",)): L.MOVED,
    }
    entry = by_new(entries)
    assert entry[("xp3",)].match == "similarity"
    assert entry[("xp1",)].match == "text"


def test_keys_ignored_without_identity() -> None:
    # the same key on a different unit does not match it when keys mean nothing
    old = [para("a", "1", RETURN, None), para("b", "2", SKILLS, None)]
    new = [para("b", "1", RETURN, None), para("a", "2", SKILLS, None)]
    entries = lineage(old, new, by_identity=False)
    assert [(e.old, e.new, e.status) for e in entries] == [
        (("a",), ("b",), L.UNCHANGED), (("b",), ("a",), L.UNCHANGED)]
    identity = lineage(old, new)  # same keys: two units whose texts swapped places
    assert [(e.old, e.new, e.status) for e in identity] == [
        (("b",), ("b",), L.EDITED), (("a",), ("a",), L.MOVED)]
    assert all(e.edited for e in identity)


def test_moved_in_order() -> None:
    old = [para(k, str(i), t, None) for i, (k, t) in
           enumerate([("a", RETURN), ("b", SKILLS), ("c", DATA), ("d", TRAFFIC)], 1)]
    new = [old[0], old[2], old[3], old[1]]
    entries = lineage(old, new)
    assert [(e.old, e.status) for e in entries] == [
        (("a",), L.UNCHANGED), (("c",), L.UNCHANGED), (("d",), L.UNCHANGED),
        (("b",), L.MOVED)]
    moved_edited = [old[0], old[2], old[3], replace(old[1], text=SKILLS + " More.")]
    last = lineage(old, moved_edited)[-1]
    assert last.status is L.MOVED and last.edited


def test_similarity_uses_number_and_heading_hints() -> None:
    old = [UnitView("s1", SEC, None, "I", heading="Vision"),
           UnitView("s2", SEC, None, "II", heading="Guiding principles")]
    new = [UnitView("n1", SEC, None, "I", heading="Vision and scope"),
           UnitView("n2", SEC, None, "II", heading="Guiding principles and values")]
    entries = lineage(old, new, by_identity=False)
    assert [(e.old, e.new, e.status) for e in entries] == [
        (("s1",), ("n1",), L.EDITED), (("s2",), ("n2",), L.EDITED)]
    empty_old = [UnitView("e", SEC, None, "III")]
    empty_new = [UnitView("f", SEC, None, "III")]
    (entry,) = lineage(empty_old, empty_new, by_identity=False)
    assert entry.status is L.UNCHANGED and entry.match == "text"


def test_all_new_and_all_deleted() -> None:
    assert [e.status for e in lineage([], OLD)] == [L.NEW] * len(OLD)
    assert [e.status for e in lineage(OLD, [])] == [L.DELETED] * len(OLD)
    assert lineage([], []) == []


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        lineage([para("a", "1", "x"), para("a", "2", "y")], [])


_units = st.lists(st.tuples(multiscript_sentence, st.sampled_from([None, "1", "2", "1 bis"])),
                  max_size=12)


@settings(max_examples=100, deadline=None)
@given(_units, st.booleans())
def test_lineage_of_a_revision_onto_itself_is_the_identity(
        items: list[tuple[str, str | None]], by_identity: bool) -> None:
    units = [UnitView(f"k{i}", P, None, number, text) for i, (text, number) in enumerate(items)]
    entries = lineage(units, units, by_identity=by_identity)
    assert [(e.old, e.new, e.status) for e in entries] == [
        ((u.key,), (u.key,), L.UNCHANGED) for u in units]
    assert all(e.similarity == 1.0 and not e.edited and not e.renumbered for e in entries)


@settings(max_examples=100, deadline=None)
@given(st.lists(multiscript_text, max_size=10), st.lists(multiscript_text, max_size=10),
       st.booleans())
def test_lineage_never_breaks_on_any_script(old_texts: list[str], new_texts: list[str],
                                            by_identity: bool) -> None:
    old = [para(f"o{i}", str(i), t, None) for i, t in enumerate(old_texts)]
    new = [para(f"o{i}" if i % 2 else f"n{i}", str(i), t, None) for i, t in enumerate(new_texts)]
    entries = lineage(old, new, by_identity=by_identity)
    check_covers(entries, old, new)


def test_revision_diff_only_changed_units() -> None:
    diffs = revision_diff(OLD, NEW)
    old_text = {u.key: u.text for u in OLD}
    new_text = {u.key: u.text for u in NEW}
    assert set(diffs) == {"p0", "p2", "p2b", "p3", "p4", "p5", "p7"}
    assert list(diffs)[:5] == ["p0", "p2", "p2b", "p3", "p4"]
    for key, spans in diffs.items():
        assert apply_spans(old_text.get(key, ""), spans) == new_text.get(key, "")
    assert revision_diff(OLD, OLD) == {}
