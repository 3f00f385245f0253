"""The revision diff pairs units by lineage (server/features/text/comparison.pair_units): keys
first, then near-certain evidence; text that changed place is ``moved`` and says where it
was, as the older revision numbers it."""

from __future__ import annotations

from server.core.text import UnitKind, UnitView
from server.features.text.comparison import pair_units

S, P = UnitKind.SECTION, UnitKind.PARAGRAPH


def section(key: str, number: str) -> UnitView:
    return UnitView(key, S, None, number, heading=f"Article {number}")


def para(key: str, parent: str, number: str, text: str) -> UnitView:
    return UnitView(key, P, parent, number, text)


OLD = [section("a1", "1"),
       para("p1", "a1", "1", "Parties shall cooperate on the prevention of plastic pollution."),
       para("p2", "a1", "2", "Each Party shall report on its measures every two years."),
       section("a2", "2"),
       para("p3", "a2", "1", "A committee to facilitate implementation is hereby established.")]


def test_a_paragraph_moved_to_another_article_is_moved_from_its_old_number() -> None:
    new = [section("a1", "1"), OLD[1], section("a2", "2"),
           para("p3", "a2", "1", OLD[4].text), para("p2", "a2", "2", OLD[2].text)]
    result = {c.key: c for c in pair_units(OLD, new)}
    assert result["p2"].change == "moved"
    assert result["p2"].moved_from == "Article 1.2"
    assert result["p2"].before == OLD[2]
    assert {c.change for k, c in result.items() if k != "p2"} == {"unchanged"}


def test_renumbered_text_under_new_keys_is_paired_not_deleted_and_new() -> None:
    """The same text with other keys (a revision whose keys were lost): identical content
    is near-certain evidence."""
    new = [section("x1", "1"), para("x2", "x1", "1", OLD[1].text),
           para("x3", "x1", "2", OLD[2].text), section("x4", "2"),
           para("x5", "x4", "1", OLD[4].text)]
    result = pair_units(OLD, new)
    assert [c.change for c in result] == ["unchanged"] * 5
    assert [c.before.key if c.before else None for c in result] == ["a1", "p1", "p2", "a2", "p3"]


def test_weak_evidence_does_not_overrule_the_keys() -> None:
    """A paragraph rewritten under a new key (a co-facilitator said it is new) stays new."""
    new = [section("a1", "1"),
           para("q1", "a1", "1", "Parties shall, within their capacities, work together "
                                 "against litter in rivers and seas."),
           OLD[2], section("a2", "2"), OLD[4]]
    result = pair_units(OLD, new)
    assert [(c.key, c.change) for c in result] == [
        ("a1", "unchanged"), ("p1", "deleted"), ("q1", "new"), ("p2", "unchanged"),
        ("a2", "unchanged"), ("p3", "unchanged")]
