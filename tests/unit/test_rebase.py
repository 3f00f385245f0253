"""Carrying amendments onto a new revision, and collisions between amendments."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.core import rebase as rebase_module
from server.core.amendments import AmendmentKind, AmendmentState
from server.core.diff import Op, Span, word_diff
from server.core.rebase import (
    REWRITE_THRESHOLD,
    AmendmentView,
    Change,
    Collision,
    Edit,
    Outcome,
    apply_edits,
    carry_all,
    carry_forward,
    collisions,
    edits_touch,
    fast_tokenize,
    reason_code,
    split_chunks,
    surviving_share,
    text_edits,
    token_bounds,
)
from server.core.text import UnitKind, UnitView
from server.core.tokens import count_words, tokenize
from tests.support.strategies import WORDS, multiscript_sentence, multiscript_text

K = AmendmentKind
S = AmendmentState

BASE = ("We commit to cooperate on safe and dignified return and readmission, in full "
        "respect of international law and of the principle of non-refoulement.")


def amendment(text: str | None, *, id: int = 1, kind: AmendmentKind = K.CHANGE_WORDS,
              base: str = BASE, unit: str = "op1", state: AmendmentState = S.SUBMITTED,
              proponents: tuple[str, ...] = ("EU",)) -> AmendmentView:
    return AmendmentView(id=id, unit=unit, kind=kind, state=state, proponents=proponents,
                         base_text=base, text=text, revision=0)


def unit(key: str, text: str, number: str = "1") -> UnitView:
    return UnitView(key, UnitKind.PARAGRAPH, None, number, text)


# ---------------------------------------------------------------- patches


@settings(max_examples=300, deadline=None)
@given(st.one_of(multiscript_text, multiscript_sentence, st.text(max_size=100)))
def test_fast_tokenize_is_tokenize(text: str) -> None:
    assert fast_tokenize(text) == tokenize(text)
    chunks = split_chunks(text)
    assert "".join(chunks) == text and all(chunks)


def test_split_chunks_keeps_marks_after_spaces_with_their_cluster() -> None:
    text = "a \u0301b c\u200dd  e"
    assert fast_tokenize(text) == tokenize(text)
    assert split_chunks("We commit,  to\ncooperate") == ["We ", "commit,  ", "to\n",
                                                         "cooperate"]
    assert fast_tokenize("\ud800 x") == tokenize("\ud800 x")


def test_text_edits_single_change_in_token_offsets() -> None:
    new = BASE.replace("safe and dignified", "safe, dignified and sustainable")
    edits = text_edits(BASE, new)
    assert apply_edits(BASE, edits) == new
    assert len(edits) == 1
    bounds = set(token_bounds(BASE))
    assert edits[0].start in bounds and edits[0].end in bounds
    assert text_edits(BASE, BASE) == []


def test_apply_edits_rejects_bad_edits() -> None:
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(2, 3, "x"), Edit(0, 1, "y")])
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(2, 5, "x")])


def test_edits_touch_rules() -> None:
    assert edits_touch(Edit(2, 5, ""), Edit(4, 6, "x"))
    assert not edits_touch(Edit(2, 5, ""), Edit(5, 6, "x"))  # abut
    assert edits_touch(Edit(3, 3, "x"), Edit(2, 5, ""))  # insertion strictly inside
    assert not edits_touch(Edit(2, 2, "x"), Edit(2, 5, ""))  # insertion at the edge
    assert edits_touch(Edit(2, 2, "x"), Edit(2, 2, "y"))
    assert not edits_touch(Edit(2, 2, "x"), Edit(3, 3, "y"))


def test_surviving_share() -> None:
    assert surviving_share("", []) == 1.0
    assert surviving_share("a b c d", [Edit(0, 2, "")]) == 0.75
    assert surviving_share("a b", [Edit(0, 3, "x y")]) == 0.0


@settings(max_examples=200, deadline=None)
@given(multiscript_text, multiscript_text)
def test_text_edits_round_trip_any_text(old: str, new: str) -> None:
    edits = text_edits(old, new)
    assert apply_edits(old, edits) == new
    bounds = set(token_bounds(old))
    for a, b in itertools.pairwise(edits):
        assert a.end < b.start
    for e in edits:
        assert e.start in bounds and e.end in bounds
        assert e.start < e.end or e.insert


@settings(max_examples=200, deadline=None)
@given(multiscript_sentence, multiscript_sentence)
def test_text_edits_round_trip_sentences(old: str, new: str) -> None:
    assert apply_edits(old, text_edits(old, new)) == new


def edits_of(spans: list[Span]) -> list[Edit]:
    """Edits read off a word diff of the whole texts."""
    out: list[Edit] = []
    pos, start, insert = 0, -1, ""
    for span in spans:
        if span.op is Op.EQUAL:
            if start >= 0:
                out.append(Edit(start, pos, insert))
                start, insert = -1, ""
            pos += len(span.text)
            continue
        start = pos if start < 0 else start
        if span.op is Op.DELETE:
            pos += len(span.text)
        else:
            insert += span.text
    if start >= 0:
        out.append(Edit(start, pos, insert))
    return out


def single_edit(old: str, new: str) -> Edit | None:
    bounds = token_bounds(old)
    prefix = rebase_module._common_prefix(old, new)
    suffix = rebase_module._common_suffix(old, new, min(len(old), len(new)) - prefix)
    return rebase_module._single_edit(old, new, bounds, bisect_right(bounds, prefix) - 1,
                                      bisect_left(bounds, len(old) - suffix))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25),
       st.sampled_from(["insert", "delete", "replace"]), st.data())
def test_the_single_edit_shortcut_is_what_word_diff_finds(
        words: list[str], op: str, data: st.DataObject) -> None:
    seps = data.draw(st.lists(st.sampled_from([" ", " ", ", ", "\n", ""]),
                              min_size=len(words), max_size=len(words)))
    old_parts = [w + s for w, s in zip(words, seps, strict=True)]
    at = data.draw(st.integers(0, len(old_parts) - 1))
    new_parts = list(old_parts)
    word = data.draw(st.sampled_from(WORDS)) + data.draw(st.sampled_from([" ", ""]))
    if op == "insert":
        new_parts.insert(at, word)
    elif op == "delete":
        del new_parts[at]
    else:
        new_parts[at] = word
    old, new = "".join(old_parts), "".join(new_parts)
    if old == new:
        return
    single = single_edit(old, new)
    if single is not None:
        assert [single] == edits_of(word_diff(old, new))
    assert apply_edits(old, text_edits(old, new)) == new


@settings(max_examples=300, deadline=None)
@given(st.one_of(multiscript_text, multiscript_sentence), st.integers(0, 200),
       st.integers(0, 5), st.one_of(multiscript_text, st.sampled_from(WORDS)))
def test_the_single_edit_shortcut_on_any_script(old: str, at: int, length: int,
                                                inserted: str) -> None:
    at = min(at, len(old))
    new = old[:at] + inserted + old[at + length :]
    if old != new and (single := single_edit(old, new)) is not None:
        assert [single] == edits_of(word_diff(old, new))


def test_the_single_edit_shortcut_is_taken_for_a_plain_change() -> None:
    new = BASE.replace("international law", "applicable international law")
    assert single_edit(BASE, new) == Edit(BASE.index("international"),
                                          BASE.index("international"), "applicable ")
    # a repeated word lets the insertion slide: placed where word_diff places it
    for old, new in [("the cat sat", "the the cat sat"), ("a b c", "a b b c"),
                     ("a b c", "a c"), ("x y y y z", "x y y z"), ("a b", "a b b")]:
        assert single_edit(old, new) is not None
        assert text_edits(old, new) == edits_of(word_diff(old, new))
    assert single_edit("abc", "abd") is not None  # one token for another
    assert single_edit("safe and dignified", "safe, dignified and humane") is None
    assert single_edit(" ", "0 \u0300 ") is None  # a space cluster with a mark: not sure


# ---------------------------------------------------------------- carry_forward outcomes


def test_applies_reanchored_when_other_words_changed() -> None:
    a = amendment(BASE.replace("safe and dignified", "safe, dignified and sustainable"))
    new = BASE.replace("international law", "applicable international law")
    carried = carry_forward(a, new)
    assert carried.outcome is Outcome.APPLIES
    assert carried.base_text == new
    assert carried.proposed_text == (
        "We commit to cooperate on safe, dignified and sustainable return and readmission, "
        "in full respect of applicable international law and of the principle of "
        "non-refoulement.")
    assert not carried.redundant
    assert carried.amendment_changes == () and carried.revision_changes == ()


def test_applies_when_the_revision_inserts_just_before_the_amended_words() -> None:
    a = amendment(BASE.replace("return and readmission", "voluntary return"))
    new = BASE.replace("dignified return", "dignified and sustainable return")
    carried = carry_forward(a, new)
    assert carried.outcome is Outcome.APPLIES
    assert carried.proposed_text is not None
    assert "dignified and sustainable voluntary return," in carried.proposed_text


def test_conflicts_when_the_same_words_changed() -> None:
    a = amendment(BASE.replace("safe and dignified", "safe, dignified and sustainable"))
    new = BASE.replace("safe and dignified", "safe and humane")
    carried = carry_forward(a, new)
    assert carried.outcome is Outcome.CONFLICTS
    assert carried.proposed_text is None
    assert carried.base_text == new
    ours, theirs = carried.amendment_changes, carried.revision_changes
    assert ours and theirs
    assert "dignified" in ours[0].old and "sustainable" in ours[0].new
    assert theirs[0].old == "dignified" and theirs[0].new == "humane"
    tokens = tokenize(BASE)
    assert "".join(tokens[theirs[0].start : theirs[0].end]) == theirs[0].old


def test_same_change_made_by_the_revision_is_redundant_not_a_conflict() -> None:
    proposed = BASE.replace("international law", "applicable international law")
    carried = carry_forward(amendment(proposed), proposed)
    assert carried.outcome is Outcome.APPLIES
    assert carried.redundant
    assert carried.proposed_text == proposed


def test_overtaken_when_deleted_or_rewritten() -> None:
    a = amendment(BASE.replace("safe", "orderly"))
    deleted = carry_forward(a, None)
    assert deleted.outcome is Outcome.OVERTAKEN and deleted.base_text is None
    rewritten = carry_forward(a, "Return shall be voluntary, and readmission agreements "
                                 "shall be concluded by States.")
    assert rewritten.outcome is Outcome.OVERTAKEN
    assert rewritten.survival is not None and rewritten.survival < REWRITE_THRESHOLD
    assert "rewritten" in rewritten.reason


def test_unchanged_unit_changes_nothing() -> None:
    a = amendment(BASE.replace("safe", "orderly"))
    carried = carry_forward(a, BASE)
    assert carried.outcome is Outcome.UNCHANGED
    assert carried.proposed_text == a.text and carried.base_text == BASE


def test_retain_conflicts_with_an_edit() -> None:
    a = amendment(None, kind=K.RETAIN)
    assert carry_forward(a, BASE).outcome is Outcome.UNCHANGED
    edited = carry_forward(a, BASE.replace("safe", "orderly"))
    assert edited.outcome is Outcome.CONFLICTS
    assert edited.revision_changes == (Change(10, 11, "safe", "orderly"),)
    assert carry_forward(a, "Entirely new words here.").outcome is Outcome.OVERTAKEN
    assert carry_forward(a, None).outcome is Outcome.OVERTAKEN


@pytest.mark.parametrize("kind,text", [
    (K.DELETE_UNIT, None), (K.RESERVATION, None), (K.ALTERNATIVE, "An alternative text."),
    (K.ADD_UNIT, "A new paragraph after this one."),
])
def test_whole_unit_kinds_apply_while_the_unit_exists(kind: AmendmentKind,
                                                      text: str | None) -> None:
    a = amendment(text, kind=kind)
    for new in (BASE.replace("safe", "orderly"), "Rewritten completely, nothing left."):
        carried = carry_forward(a, new)
        assert carried.outcome is Outcome.APPLIES
        assert carried.proposed_text == text  # not re-anchored
    assert carry_forward(a, BASE).outcome is Outcome.UNCHANGED
    assert carry_forward(a, None).outcome is Outcome.OVERTAKEN


# one-word vocabulary (a change of one word never makes a 6-word unit "rewritten")
_vocab = st.sampled_from([w for w in WORDS if count_words(w) == 1])


@settings(max_examples=150, deadline=None)
@given(st.lists(_vocab, min_size=6, max_size=30), st.data())
def test_disjoint_changes_apply_both(words: list[str], data: st.DataObject) -> None:
    """An amendment changing word i and a revision changing word j (far apart) -> the
    re-anchored text is the base with both changes."""
    n = len(words)
    i = data.draw(st.integers(0, n - 1))
    j = data.draw(st.integers(0, n - 1).filter(lambda j: abs(j - i) >= 3))
    base = " ".join(words)
    ours = list(words)
    ours[i] = "AMENDED"
    theirs = list(words)
    theirs[j] = "REVISED"
    both = list(words)
    both[i], both[j] = "AMENDED", "REVISED"
    carried = carry_forward(amendment(" ".join(ours), base=base), " ".join(theirs))
    assert carried.outcome is Outcome.APPLIES
    assert carried.proposed_text == " ".join(both)


@settings(max_examples=150, deadline=None)
@given(multiscript_text, st.one_of(st.none(), multiscript_text),
       st.sampled_from(list(AmendmentKind)))
def test_carrying_onto_an_unchanged_unit_changes_nothing(base: str, text: str | None,
                                                         kind: AmendmentKind) -> None:
    a = amendment(text, kind=kind, base=base)
    carried = carry_forward(a, base)
    assert carried.outcome is Outcome.UNCHANGED
    assert carried.base_text == base
    if kind in (K.CHANGE_WORDS, K.ALTERNATIVE, K.ADD_UNIT):
        assert carried.proposed_text == text


@settings(max_examples=200, deadline=None)
@given(multiscript_sentence, multiscript_sentence, st.one_of(st.none(), multiscript_sentence),
       st.sampled_from(list(AmendmentKind)))
def test_carry_forward_never_breaks_on_any_script(base: str, proposed: str,
                                                  new: str | None,
                                                  kind: AmendmentKind) -> None:
    carried = carry_forward(amendment(proposed, kind=kind, base=base), new)
    assert carried.outcome in Outcome
    if carried.outcome is Outcome.APPLIES and kind is K.CHANGE_WORDS:
        assert carried.proposed_text is not None
        assert new is not None
    if carried.outcome is Outcome.CONFLICTS and kind is K.CHANGE_WORDS:
        assert carried.amendment_changes and carried.revision_changes


@settings(max_examples=200, deadline=None)
@given(multiscript_text, multiscript_text, st.one_of(st.none(), multiscript_text))
def test_carry_forward_never_breaks_on_random_text(base: str, proposed: str,
                                                   new: str | None) -> None:
    carried = carry_forward(amendment(proposed, base=base), new)
    assert carried.outcome in Outcome


# ---------------------------------------------------------------- carry_all


def test_carry_all_matches_carry_forward_and_skips_closed_amendments(
        monkeypatch: pytest.MonkeyPatch) -> None:
    old = [unit("op1", BASE), unit("op2", "We decide to review progress every four years."),
           unit("op3", "A paragraph that goes away.")]
    new = [unit("op1", BASE.replace("international law", "applicable international law")),
           old[1]]
    ams = [
        amendment(BASE.replace("safe", "orderly"), id=1),
        amendment(BASE.replace("readmission", "reintegration"), id=2),
        amendment("We decide to review progress every five years.", id=3, unit="op2",
                  base=old[1].text),
        amendment(None, id=4, unit="op3", base=old[2].text, kind=K.DELETE_UNIT),
        amendment(BASE.replace("safe", "secure"), id=5, state=S.WITHDRAWN),
        amendment(BASE.replace("safe", "secure"), id=6, state=S.DRAFT),
    ]
    calls: list[str] = []
    real = rebase_module._revision_change

    def counting(old_text: str, new_text: str) -> rebase_module._Revision:
        calls.append(old_text)
        return real(old_text, new_text)

    monkeypatch.setattr(rebase_module, "_revision_change", counting)
    result = carry_all(ams, old, new)
    assert [c.amendment_id for c in result] == [1, 2, 3, 4, 6]
    assert [c.outcome for c in result] == [Outcome.APPLIES, Outcome.APPLIES,
                                           Outcome.UNCHANGED, Outcome.OVERTAKEN,
                                           Outcome.APPLIES]
    assert calls == [BASE]  # op1's diff once for three amendments; op2 short-circuits
    monkeypatch.undo()
    texts = {u.key: u.text for u in new}
    for c, a in zip(result, [x for x in ams if x.state in (S.DRAFT, S.SUBMITTED)],
                    strict=True):
        assert c == carry_forward(a, texts.get(a.unit))


def test_carry_all_amendment_against_an_older_base() -> None:
    older = BASE.replace("international law", "law")
    a = amendment(older.replace("safe", "orderly"), base=older)
    new = [unit("op1", BASE.replace("readmission", "reintegration"))]
    (c,) = carry_all([a], [unit("op1", BASE)], new)
    assert c == carry_forward(a, new[0].text)
    assert c.outcome is Outcome.APPLIES
    assert c.proposed_text is not None and "orderly" in c.proposed_text
    assert "reintegration" in c.proposed_text


# ---------------------------------------------------------------- collisions


def test_collisions_on_overlapping_words() -> None:
    a1 = amendment(BASE.replace("safe and dignified", "safe, dignified and sustainable"), id=1)
    a2 = amendment(BASE.replace("safe and dignified", "orderly"), id=2, proponents=("G77",))
    a3 = amendment(BASE.replace("international law", "law"), id=3)
    a4 = amendment(a1.text, id=4, proponents=("US",))  # the same proposal as a1: agrees
    a5 = amendment(None, id=5, kind=K.DELETE_UNIT)
    a6 = amendment(None, id=6, kind=K.RETAIN)
    a7 = amendment(BASE.replace("safe", "secure"), id=7, state=S.WITHDRAWN)
    found = collisions([a1, a2, a3, a4, a5, a6, a7])
    pairs = {(c.first, c.second) for c in found}
    assert pairs == {(1, 2), (2, 4), (1, 5), (2, 5), (3, 5), (4, 5)}
    c12 = next(c for c in found if (c.first, c.second) == (1, 2))
    assert c12.unit == "op1"
    tokens = tokenize(BASE)
    (start, end), = c12.ranges
    assert "dignified" in "".join(tokens[start:end])
    assert collisions([a7, a4, a3, a2, a1, a6, a5]) == found


def test_collisions_insertions_at_the_same_place() -> None:
    a1 = amendment(BASE.replace("safe and", "safe, orderly and"), id=1)
    a2 = amendment(BASE.replace("safe and", "safe, regular and"), id=2)
    other_unit = amendment(BASE.replace("safe and", "safe, regular and"), id=3, unit="op2")
    other_base = amendment("x", id=4, base="y")
    assert collisions([a1, a2, other_unit, other_base]) == [
        Collision(1, 2, "op1", collisions([a1, a2])[0].ranges)]
    assert collisions([a1]) == []


@settings(max_examples=100, deadline=None)
@given(multiscript_sentence, st.lists(multiscript_sentence, max_size=5))
def test_collisions_never_break_and_are_symmetric(base: str, texts: list[str]) -> None:
    ams = [amendment(t, id=i + 1, base=base) for i, t in enumerate(texts)]
    found = collisions(ams)
    assert found == collisions(list(reversed(ams)))
    for c in found:
        assert c.first < c.second
        assert c.ranges


def test_amendment_view_is_frozen() -> None:
    a = amendment("x")
    with pytest.raises(AttributeError):
        a.id = 2  # type: ignore[misc]
    assert replace(a, id=2).id == 2


# ---------------------------------------------------------------- reasons, said as codes


def test_every_reason_carry_forward_gives_has_a_code_the_client_says() -> None:
    """The reasons are stored in English; reason_code gives the client a code (and the
    share of words kept) to say each in the reader's language."""
    changed = BASE.replace("safe and dignified", "safe, dignified and sustainable")
    cases = [
        (amendment(BASE.replace("cooperate", "work together")), None),  # deleted
        (amendment(BASE.replace("cooperate", "work together")), BASE),  # unchanged
        (amendment("Whole new text.", kind=K.ALTERNATIVE), changed),
        (amendment(None, kind=K.RETAIN), changed),
        (amendment(BASE.replace("safe and dignified", "voluntary")), changed),  # clash
        (amendment(BASE.replace("readmission", "reintegration")), changed),  # re-anchored
        (amendment(BASE.replace("readmission", "reintegration")), "Nothing is left here."),
    ]
    codes = set()
    for a, new_text in cases:
        carried = carry_forward(a, new_text)
        found = reason_code(carried.reason)
        assert found is not None, carried.reason
        codes.add(found[0])
    assert codes == {"unit_deleted", "unit_unchanged", "whole_unit", "retain", "clash",
                     "reanchored", "rewritten"}
    assert reason_code("unit rewritten: 7% of its words remain") == ("rewritten", {"percent": 7})
    assert reason_code("The new revision already makes this change.") == ("already_made", {})
    assert reason_code("an older reason in other words") is None
