"""Lineage by evidence: articles through their paragraphs, paragraphs by words, place and
structure; confidence; corrections; diffs paired by lineage with moved text marked."""

from __future__ import annotations

import doctest
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import server.core.lineage as lineage_module
from server.core.diff import Op, apply_spans
from server.core.lineage import LineageStatus, lineage, revision_changes, revision_diff
from server.core.text import UnitKind, UnitView
from tests.support.strategies import multiscript_sentence

L = LineageStatus
P, SUB, SEC, PRE = (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH, UnitKind.SECTION,
                    UnitKind.PREAMBLE)

RETURN = "We commit to cooperate on safe and dignified return and readmission of migrants."
IDENTITY = "We commit to ensure that all migrants have proof of legal identity and documents."
SKILLS = "We commit to invest in skills development and facilitate recognition of skills."
DATA = "We resolve to strengthen international cooperation on data collection and analysis."
REMIT = "Remittances are an important source of income for many families in many countries."
TRAFFIC = "We commit to eradicate trafficking in persons in the context of migration."
BORDER = "A wholly fresh paragraph about integrated border governance arrangements."
DETENTION = "We commit to use immigration detention only as a measure of last resort."


def article(key: str, number: str) -> UnitView:
    return UnitView(key, SEC, None, number, heading=f"Article {number}")


def para(key: str, parent: str, number: str | None, text: str) -> UnitView:
    return UnitView(key, P, parent, number, text)


OLD = [
    article("a1", "1"), para("p1", "a1", "1", RETURN), para("p2", "a1", "2", IDENTITY),
    article("a2", "2"), para("p3", "a2", "1", SKILLS), para("p4", "a2", "2", DATA),
    article("a3", "3"), para("p5", "a3", None, REMIT),
]
# A new Article 1 in front: every article renumbered, its paragraphs keep their numbers.
NEW = [
    article("b0", "1"), para("q0", "b0", None, BORDER),
    article("b1", "2"), para("q1", "b1", "1", RETURN),
    para("q2", "b1", "2", IDENTITY.replace("and documents", "and adequate documentation")),
    article("b2", "3"), para("q3", "b2", "1", SKILLS), para("q4", "b2", "2", DATA),
    article("b3", "4"), para("q5", "b3", None, REMIT),
]


def pairs(entries: list[lineage_module.LineageEntry]) -> dict[tuple[str, ...], tuple[str, ...]]:
    return {e.old: e.new for e in entries}


def test_renumbered_articles_follow_their_paragraphs() -> None:
    entries = lineage(OLD, NEW, by_identity=False)
    got = pairs(entries)
    assert got[("a1",)] == ("b1",) and got[("a2",)] == ("b2",) and got[("a3",)] == ("b3",)
    status = {e.new: e.status for e in entries}
    assert status[("b0",)] is L.NEW and status[("q0",)] is L.NEW
    # in its renumbered article, in order: not moved
    assert status[("q1",)] is L.UNCHANGED and status[("q2",)] is L.EDITED
    assert status[("q3",)] is L.UNCHANGED and status[("q5",)] is L.UNCHANGED
    article_entry = next(e for e in entries if e.old == ("a1",))
    assert article_entry.match == "paragraphs" and article_entry.renumbered
    assert not any(e.status is L.MOVED for e in entries)


def test_an_article_that_lost_its_paragraphs_takes_its_place() -> None:
    old = [*OLD[:6], article("a3", "3"), para("p5", "a3", None, DETENTION),
           article("a4", "4"), para("p6", "a4", None, REMIT)]
    new = [*NEW[2:8], article("b3", "3"), para("q5", "b3", None, BORDER),
           article("b4", "4"), para("q6", "b4", None, REMIT)]
    entries = lineage(old, new, by_identity=False)
    got = pairs(entries)
    assert got[("a3",)] == ("b3",)  # between Article 2 (-> 2) and Article 4 (-> 4)
    assert next(e for e in entries if e.old == ("a3",)).match == "position"
    assert got[("p5",)] == () and got[("a4",)] == ("b4",)
    assert ((), ("q5",)) in [(e.old, e.new) for e in entries]


def test_a_rewritten_paragraph_is_found_by_its_place() -> None:
    rewritten = ("We commit to cooperate on the return of migrants in safety and dignity, "
                 "and on their readmission.")
    old = [article("a1", "1"), para("p1", "a1", "1", SKILLS), para("p2", "a1", "2", RETURN),
           para("p3", "a1", "3", DATA)]
    new = [article("b1", "1"), para("q1", "b1", "1", SKILLS),
           para("q2", "b1", "2", rewritten), para("q3", "b1", "3", DATA)]
    entry = next(e for e in lineage(old, new, by_identity=False) if e.old == ("p2",))
    assert entry.new == ("q2",) and entry.status is L.EDITED and entry.match == "similarity"
    # with nothing around it to go by, a paragraph replaced by another is deleted and new
    replaced = [*new[:2], para("q2", "b1", "2", BORDER), new[3]]
    entries = lineage(old, replaced, by_identity=False)
    assert {(e.old, e.new, e.status) for e in entries if "p2" in e.old or "q2" in e.new} == {
        (("p2",), (), L.DELETED), ((), ("q2",), L.NEW)}


def test_confidence() -> None:
    entries = lineage(OLD, NEW, by_identity=False)
    by_new = {e.new: e for e in entries}
    assert by_new[("q1",)].confidence == 1.0  # identical and unique
    assert 0.5 < by_new[("q2",)].confidence <= 1.0
    assert by_new[("q0",)].confidence > 0.8  # nothing like it before
    assert all(0.0 <= e.confidence <= 1.0 for e in entries)
    twice = [para("p1", "s", None, SKILLS), para("p2", "s", None, SKILLS)]
    dup = lineage(twice, [replace(u, key="n" + u.key) for u in twice], by_identity=False)
    assert [e.new for e in dup] == [("np1",), ("np2",)]
    assert all(e.confidence < 1.0 for e in dup)


def test_a_pinned_pair_overrides_the_evidence() -> None:
    entries = lineage(OLD, NEW, by_identity=False, pinned={"p5": "q0"})
    got = pairs(entries)
    assert got[("p5",)] == ("q0",)
    assert next(e for e in entries if e.old == ("p5",)).match == "pinned"
    assert next(e for e in entries if e.new == ("q5",)).status is L.NEW
    assert got[("a3",)] == ("b0",)  # the article follows its only paragraph
    with pytest.raises(ValueError):
        lineage(OLD, NEW, pinned={"nope": "q0"})
    with pytest.raises(ValueError):
        lineage(OLD, NEW, pinned={"p5": "q0", "p4": "q0"})


def test_revision_diff_pairs_units_by_lineage() -> None:
    # By identity: a unit given a fresh key (a re-import, say) is diffed against the unit
    # it continues, not against nothing; its old key is not reported deleted.
    old = [para("p1", "s", "1", SKILLS), para("p2", "s", "2", DATA)]
    new = [para("p1", "s", "1", SKILLS), para("x9", "s", "2", DATA + " More.")]
    diffs = revision_diff(old, new)
    assert list(diffs) == ["x9"]
    assert apply_spans(DATA, diffs["x9"]) == DATA + " More."
    assert [s.op for s in diffs["x9"]] == [Op.EQUAL, Op.INSERT]
    assert revision_diff(new, new) == {}


def test_moved_text_is_marked_on_both_units() -> None:
    sentence = "We will also share good practices with every interested partner country."
    old = [para("p1", "s", "1", f"{SKILLS} {sentence}"), para("p2", "s", "2", DATA)]
    new = [para("p1", "s", "1", SKILLS), para("p2", "s", "2", f"{DATA} {sentence}")]
    changes = {c.old: c for c in revision_changes(old, new)}
    out, into = changes["p1"], changes["p2"]
    (m_out,) = out.moved
    assert out.spans[m_out.span].op is Op.DELETE
    assert out.spans[m_out.span].text[m_out.start:m_out.end] == sentence.rstrip(".")
    assert (m_out.other_old, m_out.other_new) == ("p2", "p2")
    (m_in,) = into.moved
    assert into.spans[m_in.span].op is Op.INSERT
    assert into.spans[m_in.span].text[m_in.start:m_in.end] == sentence.rstrip(".")
    # a split: the part carried under a new key comes from the old unit
    split = revision_changes([para("p1", "s", "1", f"{SKILLS} {REMIT}")],
                             [para("p1", "s", "1", SKILLS), para("p1b", "s", "2", REMIT)])
    part = next(c for c in split if c.new == "p1b")
    assert part.status is L.SPLIT and part.old is None
    assert [(m.other_old, m.other_new) for m in part.moved] == [("p1", "p1")]


def test_the_module_examples_hold() -> None:
    result = doctest.testmod(lineage_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


# ---- properties -------------------------------------------------------------------------

_tree = st.lists(st.tuples(st.sampled_from(["Article", "Part", ""]),
                           st.lists(st.tuples(multiscript_sentence,
                                              st.lists(multiscript_sentence, max_size=2)),
                                    max_size=4)),
                 max_size=5)


def build(tree: list[tuple[str, list[tuple[str, list[str]]]]], prefix: str,
          preamble: bool) -> list[UnitView]:
    units: list[UnitView] = []
    if preamble:
        units.append(UnitView(f"{prefix}pre", PRE, None, None, heading="Preamble"))
        units.append(UnitView(f"{prefix}pp", P, f"{prefix}pre", None, "Recalling"))
    for a, (label, paragraphs) in enumerate(tree):
        key = f"{prefix}a{a}"
        units.append(UnitView(key, SEC, None, str(a + 1), heading=f"{label} {a + 1}".strip()))
        for p, (text, items) in enumerate(paragraphs):
            pkey = f"{key}p{p}"
            units.append(UnitView(pkey, P, key, str(p + 1), text))
            for s, item in enumerate(items):
                units.append(UnitView(f"{pkey}s{s}", SUB, pkey, f"({s + 1})", item))
    return units


@settings(max_examples=80, deadline=None)
@given(_tree, st.booleans())
def test_lineage_of_a_tree_onto_its_copy_is_the_identity(
        tree: list[tuple[str, list[tuple[str, list[str]]]]], preamble: bool) -> None:
    old = build(tree, "o", preamble)
    new = build(tree, "n", preamble)
    for by_identity in (True, False):
        same = lineage(old, old, by_identity=by_identity)
        assert [(e.old, e.new, e.status) for e in same] == [
            ((u.key,), (u.key,), L.UNCHANGED) for u in old]
    copied = lineage(old, new, by_identity=False)
    assert [(e.old, e.new, e.status) for e in copied] == [
        ((o.key,), (n.key,), L.UNCHANGED) for o, n in zip(old, new, strict=True)]
    assert revision_diff(old, old) == {} and revision_changes(old, old) == []


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(multiscript_sentence, st.integers(-1, 12),
                          st.sampled_from(list(UnitKind))), max_size=12),
       st.lists(st.tuples(multiscript_sentence, st.integers(-1, 12),
                          st.sampled_from(list(UnitKind))), max_size=12))
def test_any_trees_give_a_complete_report_and_exact_diffs(
        old_items: list[tuple[str, int, UnitKind]],
        new_items: list[tuple[str, int, UnitKind]]) -> None:
    # parents may point anywhere, even forward or nowhere: odd trees must not break it
    old = [UnitView(f"o{i}", kind, None if p < 0 else f"o{p}", str(i), text)
           for i, (text, p, kind) in enumerate(old_items)]
    new = [UnitView(f"n{i}", kind, None if p < 0 else f"n{p}", str(i), text)
           for i, (text, p, kind) in enumerate(new_items)]
    entries = lineage(old, new, by_identity=False)
    assert sorted(k for e in entries for k in e.old) == sorted(u.key for u in old)
    assert sorted(k for e in entries for k in e.new) == sorted(u.key for u in new)
    text_old = {u.key: u.text for u in old}
    text_new = {u.key: u.text for u in new}
    for change in revision_changes(old, new, entries=entries):
        before = text_old[change.old] if change.old else ""
        after = text_new[change.new] if change.new else ""
        assert apply_spans(before, change.spans) == after
        for mark in change.moved:
            assert 0 <= mark.start < mark.end <= len(change.spans[mark.span].text)


# A compilation text: paragraph 1 negotiated in place (brackets), and a delegation's
# alternative "OP1 Alt 2" that repeats most of its words.
CONTROL = ("Each Party shall control the production, sale, distribution, import and export of "
           "the plastic products listed in the annex by the dates set out therein.")
BRACKETED = ("Each Party shall [control][regulate] the [production][manufacture], sale, "
             "distribution, [import and export][trade] of [the] plastic products [and "
             "chemicals] listed in [the] annex [by the dates set out therein][gradually].")
ALTERNATIVE = ("Each Party must control the production, sale, distribution, import and export "
               "of the plastic products listed in the annex by the dates set out therein.")
REVIEW = "The governing body shall review the annex at its regular sessions."


def test_the_paragraph_that_kept_its_number_continues_it_not_a_proposal_labelled_after_it(
) -> None:
    old = [article("a", "1"), para("p1", "a", "1", CONTROL), para("p2", "a", "2", REVIEW)]
    new = [article("b", "1"), para("q1", "b", "1", BRACKETED),
           para("qa", "b", "OP1 Alt 2", ALTERNATIVE), para("q2", "b", "2", REVIEW)]
    by_old = pairs(lineage(old, new, by_identity=False))
    assert by_old[("p1",)] == ("q1",)
    assert by_old[()] == ("qa",)
    # with no paragraph numbered 1 left, the alternative is the closest successor
    without = [article("b", "1"), para("qa", "b", "OP1 Alt 2", ALTERNATIVE),
               para("q2", "b", "2", REVIEW)]
    assert pairs(lineage(old, without, by_identity=False))[("p1",)] == ("qa",)


ENSURE = ("Parties, in implementing the above provision, shall ensure that alternative "
          "products are safe, environmentally sound and sustainable over their life cycle.")
ENSURE_NEGOTIATED = ("[Parties, in implementing the above provision, [shall][should endeavour "
                     "to] ensure that alternative products are [safe][safer], environmentally "
                     "sound and sustainable [over their life cycle].]")
DEVELOP = ("Parties should encourage the development and use of safe, environmentally sound "
           "and sustainable alternative products through research and innovation.")
DEVELOP_NEGOTIATED = ("[Subject to their national plans,] Parties [should][shall] encourage "
                      "the development and use of safe, environmentally sound and sustainable "
                      "alternative products through research and innovation.")
CRITERIA = ("Parties shall ensure that alternative products meet criteria for safety adopted "
            "by the governing body at its first session.")
CRITERIA_NEGOTIATED = ("[Parties shall ensure that [']alternative products['] meet [the] "
                       "criteria for safety adopted by the governing body [at its first "
                       "session].]")


def option(key: str, parent: str, number: str) -> UnitView:
    return UnitView(key, SEC, parent, number, heading=f"Option {number}")


def test_a_proposal_repeating_an_old_paragraph_word_for_word_does_not_take_its_place() -> None:
    # the old Option 2 paragraph 2 is negotiated in place in the new Option 2, and proposed
    # again verbatim as "OP1 bis" in the new Option 1: identical words alone would take the
    # proposal for it, and Option 1 and Option 2 for each other
    old = [article("a", "5"), option("a1", "a", "1"), para("p11", "a1", "1", CRITERIA),
           option("a2", "a", "2"), para("p21", "a2", "1", DEVELOP),
           para("p22", "a2", "2", ENSURE)]
    new = [article("b", "5"), option("b1", "b", "1"), para("q11", "b1", "1", CRITERIA_NEGOTIATED),
           para("q1b", "b1", "OP1 bis", ENSURE),
           option("b2", "b", "2"), para("q21", "b2", "1", DEVELOP_NEGOTIATED),
           para("q22", "b2", "2", ENSURE_NEGOTIATED)]
    by_old = pairs(lineage(old, new, by_identity=False))
    assert by_old[("p22",)] == ("q22",)
    assert by_old[("p11",)] == ("q11",)
    assert by_old[("a1",)] == ("b1",) and by_old[("a2",)] == ("b2",)
    assert by_old[()] == ("q1b",)


def sub(key: str, parent: str, number: str, text: str) -> UnitView:
    return UnitView(key, SUB, parent, number, text)


def test_a_chapeau_rewritten_past_recognition_follows_its_list() -> None:
    old = [article("a", "13"), para("p1", "a", "1", "Each Party shall:"),
           sub("pa", "p1", "(a)", RETURN), sub("pb", "p1", "(b)", IDENTITY),
           sub("pc", "p1", "(c)", SKILLS), para("p2", "a", "2", DATA)]
    new = [article("b", "13"),
           para("q1", "b", "1", "In order to end pollution, and according to national "
                "circumstances, the following measures are to be taken, inter alia:"),
           sub("qa", "q1", "(a)", RETURN.replace("cooperate", "[cooperate][work]")),
           sub("qb", "q1", "(b)", IDENTITY), sub("qc", "q1", "(c)", SKILLS),
           para("q2", "b", "2", DATA)]
    entries = {e.old: e for e in lineage(old, new, by_identity=False)}
    assert entries[("p1",)].new == ("q1",) and entries[("p1",)].match == "items"
    # a list that went under two new paragraphs, neither with most of it, decides nothing
    split = [article("b", "13"), para("q1", "b", "1", "Parties may agree to act together."),
             sub("qa", "q1", "(a)", RETURN), para("q3", "b", "1 bis", "Together:"),
             sub("qb", "q3", "(a)", IDENTITY), para("q2", "b", "2", DATA)]
    entries = {e.old: e for e in lineage(old, split, by_identity=False)}
    assert entries[("pa",)].new == ("qa",) and entries[("pb",)].new == ("qb",)
    assert entries[("p1",)].new == ()
