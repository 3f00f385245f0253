"""Renumbering keeps the way a text numbers itself: paragraphs per Article in a treaty,
running on in a compact; Articles 1..n with their headings; option groups numbered alike;
sub-paragraphs in their own style."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.core.richtext import OptionRef
from server.core.text import UnitKind, UnitView, renumber
from server.features.files.importers.pdf import parse_pdf

S, P, ITEM = UnitKind.SECTION, UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH


def unit(key: str, kind: UnitKind, parent: str | None, number: str | None,
         heading: str | None = None, option: OptionRef | None = None) -> UnitView:
    return UnitView(key, kind, parent, number, "" if kind is not S else None,
                    heading=heading, option=option)


TREATY = [
    unit("a1", S, None, "1", "Article 1 (Definitions)"),
    unit("a1p1", P, "a1", "1"),
    unit("a1p2", P, "a1", "2"),
    unit("a2", S, None, "2", "Article 2"),
    unit("a2p1", P, "a2", "1"),
    unit("a2p1b", P, "a2", "1 bis"),
    unit("a2p2", P, "a2", "2"),
    unit("a2p2i", ITEM, "a2p2", "(i)"),
    unit("a2p2ii", ITEM, "a2p2", "(iii)"),
    unit("a2b", S, None, "2 bis", "Article 2bis (Adaptation)"),
    unit("a2bp1", P, "a2b", "1"),
    unit("a3", S, None, "3", "Article 3"),
    unit("a3p1", P, "a3", "1"),
    unit("a3p1a", ITEM, "a3p1", "(a)"),
    unit("a3p1c", ITEM, "a3p1", "(c)"),
]


def numbers(units: list[UnitView]) -> dict[str, str | None]:
    return {u.key: u.number for u in units}


def test_a_treatys_paragraphs_start_again_in_each_article_and_articles_follow() -> None:
    done = renumber(TREATY)
    got = numbers(done)
    assert [got[k] for k in ("a1", "a2", "a2b", "a3")] == ["1", "2", "3", "4"]
    assert [got[k] for k in ("a1p1", "a1p2", "a2p1", "a2p1b", "a2p2", "a2bp1", "a3p1")] == \
        ["1", "2", "1", "2", "3", "1", "1"]
    assert [got[k] for k in ("a2p2i", "a2p2ii", "a3p1a", "a3p1c")] == \
        ["(i)", "(ii)", "(a)", "(b)"]
    headings = {u.key: u.heading for u in done if u.kind is S}
    assert headings == {"a1": "Article 1 (Definitions)", "a2": "Article 2",
                        "a2b": "Article 3 (Adaptation)", "a3": "Article 4"}
    assert renumber(done) == done
    assert [u.key for u in done] == [u.key for u in TREATY]


def test_a_compacts_paragraphs_run_on_through_its_objectives() -> None:
    compact = [unit("o1", S, None, None, "Objective 1"), unit("p1", P, "o1", "1"),
               unit("p2", P, "o1", "2"), unit("o2", S, None, None, "Objective 2"),
               unit("p2b", P, "o2", "2 bis"), unit("p3", P, "o2", "3")]
    assert [n for n in numbers(renumber(compact)).values()] == [None, "1", "2", None, "3", "4"]


def test_the_options_of_a_group_are_numbered_alike_and_the_text_goes_on_after_them() -> None:
    one, two = OptionRef("g", "Option 1"), OptionRef("g", "Option 2")
    text = [unit("a", S, None, "1", "Article 1"), unit("p1", P, "a", "1"),
            unit("o1a", P, "a", "2", option=one), unit("o1b", P, "a", "3", option=one),
            unit("o2a", P, "a", "2", option=two),
            unit("o3", P, "a", None, option=OptionRef("g", "Option 3", no_text=True)),
            unit("p4", P, "a", "4")]
    got = numbers(renumber(text))
    assert [got[k] for k in ("p1", "o1a", "o1b", "o2a", "o3", "p4")] == \
        ["1", "2", "3", "2", None, "4"]


def test_parts_numbered_in_roman_keep_their_numbers_and_provisions_start_again() -> None:
    text = [unit("pI", S, None, "I", "Part I"), unit("s1", S, "pI", "1", "1. Objective"),
            unit("s1p", P, "s1", "1"), unit("pII", S, None, "II", "Part II"),
            unit("t1", S, "pII", "1", "1. Plastic polymers"), unit("t1bis", S, "pII", "1 bis"),
            unit("t2", S, "pII", "2", "2. Chemicals"), unit("t2p", P, "t2", "1")]
    got = numbers(renumber(text))
    assert [got[k] for k in ("pI", "s1", "pII", "t1", "t1bis", "t2")] == \
        ["I", "1", "II", "1", "2", "3"]


PLASTICS = Path(__file__).resolve().parents[3] / "shared" / "data" / "plastics-inc-2023" / \
    "UNEP-PP-INC.3-4-zero-draft-2023-09-04.pdf"


@pytest.mark.skipif(not PLASTICS.exists(), reason="the plastics zero draft is not in "
                    "../shared/data (the project's real documents)")
def test_renumbering_the_plastics_zero_draft_keeps_its_parts_and_provisions() -> None:
    """The zero draft as published is numbered consistently: renumbering it changes nothing
    (it used to flatten every Part's provisions into OP1..n: 285 of 399 units)."""
    units = parse_pdf(PLASTICS.read_bytes()).units
    done = renumber(units)
    changed = [(a.number, b.number) for a, b in zip(units, done, strict=True)
               if a.number != b.number]
    assert changed == [], changed[:20]
    assert renumber(done) == done
