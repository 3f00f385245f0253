"""The UN compilation text around brackets and punctuation: a place where proposals apply
never holds half of a bracketed passage, and a full stop after a replaced word stays outside
the brackets. Examples first, then properties over generated bracketed texts."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import example, given, settings
from hypothesis import strategies as st

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.brackets import bracket_partners, unit_brackets
from server.core.compilation import balance_edits, compile_text, render_compilation_text
from server.core.rebase import AmendmentView, Edit, apply_edits, text_edits
from server.core.text import UnitKind, UnitView

CONCERNS = "Ensure that the concerns of migrants are [duly taken into account][addressed] " \
           "in all policies."


def line(base: str, *proposals: str) -> str:
    """The compilation line of paragraph 5 with ``base`` and one amendment per proposal
    (by G77, then EU, then AU)."""
    unit = UnitView("p5", UnitKind.PARAGRAPH, None, "5", base)
    who = ["G77", "EU", "AU"]
    amendments = [AmendmentView(n, "p5", AmendmentKind.CHANGE_WORDS, AmendmentState.SUBMITTED,
                                (who[n - 1],), base, text, 0)
                  for n, text in enumerate(proposals, start=1)]
    return render_compilation_text(compile_text([unit], amendments))


# ---- examples -----------------------------------------------------------------------------

def test_deleting_one_of_two_alternatives() -> None:
    assert line(CONCERNS, CONCERNS.replace("[duly taken into account]", "")) == (
        "5. Ensure that the concerns of migrants are [[duly taken into account] - G77: delete]"
        "[addressed] in all policies.")


def test_choosing_an_alternative_and_lifting_its_brackets() -> None:
    # Was: "[[duly taken into account][ - G77: delete]addressed[] - G77: delete] in all ..."
    chosen = CONCERNS.replace("[duly taken into account][addressed]", "addressed")
    assert line(CONCERNS, chosen) == (
        "5. Ensure that the concerns of migrants are [[duly taken into account][addressed]]"
        "[addressed - G77] in all policies.")


def test_lifting_brackets_is_one_place() -> None:
    assert line("We commit to [safe] return.", "We commit to safe return.") == (
        "5. We commit to [[safe]][safe - G77] return.")


def test_a_replacement_spanning_nested_brackets() -> None:
    assert line("We [commit to [safe] return] now.", "We commit to return now.") == (
        "5. We [[commit to [safe] return]][commit to return - G77] now.")


def test_a_bracketed_insertion() -> None:
    assert line("We commit to return.", "We commit to [safe] return.") == (
        "5. We commit to [[safe] - G77] return.")


def test_the_full_stop_after_a_replaced_word_stays_outside() -> None:
    assert line("We commit to safe return.", "We commit to safe reintegration.") == (
        "5. We commit to safe [return][reintegration - G77].")
    assert line("We commit to return [now].", "We commit to return later.") == (
        "5. We commit to return [[now]][later - G77].")
    # ... and so do a comma and a semicolon; words joined by a mark are one written word.
    assert line("Develop frameworks, and cooperate with all States;",
                "Develop plans, and cooperate with all States;") == (
        "5. Develop [frameworks][plans - G77], and cooperate with all States;")
    assert line("Develop frameworks, and cooperate with all States;",
                "Develop frameworks, and cooperate with all partners;") == (
        "5. Develop frameworks, and cooperate with all [States][partners - G77];")
    assert line("Support and/or assist.", "Support and/nor assist.") == (
        "5. Support [and/or][and/nor - G77] assist.")


def test_punctuation_itself_changed() -> None:
    assert line("We commit to return.", "We commit to return;") == (
        "5. We commit to [return.][return; - G77]")


def test_two_proposals_on_the_same_alternatives() -> None:
    chosen = CONCERNS.replace("[duly taken into account][addressed]", "addressed")
    other = CONCERNS.replace("[duly taken into account][addressed]", "duly taken into account")
    assert line(CONCERNS, chosen, other) == (
        "5. Ensure that the concerns of migrants are [[duly taken into account][addressed]]"
        "[addressed - G77][duly taken into account - EU] in all policies.")


def test_balance_edits_examples() -> None:
    text = "are [taken][addressed] now"
    assert balance_edits(text, [Edit(4, 12, ""), Edit(21, 22, "")]) == [
        Edit(4, 22, "addressed")]
    assert balance_edits("no brackets here", [Edit(3, 11, "")]) == [Edit(3, 11, "")]
    # an edit already holding whole bracket pairs is left as it is
    assert balance_edits("a [b] c", [Edit(2, 5, "d")]) == [Edit(2, 5, "d")]


# ---- properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(["safe", "orderly", "return", "migrants", "rights", "all", "regional",
                         "and", "dignified", "cooperate", "ensure", "l'Accord", "post-2020",
                         "права", "المهاجرين", "移民"])


def _groups(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    """A bracketed passage, or two or three alternatives side by side."""
    one = children.map(lambda inner: ["[", *inner, "]"])
    return st.one_of(one, st.lists(one, min_size=2, max_size=3).map(
        lambda alts: [token for alt in alts for token in alt]))


#: Balanced bracketed texts, as lists of pieces (words and brackets) to be spaced.
PIECES = st.recursive(st.lists(WORDS, min_size=1, max_size=3),
                      lambda inner: st.lists(st.one_of(WORDS.map(lambda w: [w]),
                                                       _groups(inner)),
                                             min_size=1, max_size=4).map(
                          lambda parts: [t for p in parts for t in p]),
                      max_leaves=12)


def spaced(pieces: list[str], end: str) -> str:
    out = ""
    for piece in pieces:
        if piece == "]" or (out.endswith("[")) or not out:
            out += piece
        elif piece == "[" and out.endswith("]"):
            out += piece  # alternatives side by side: [A][B]
        else:
            out += " " + piece
    return out + end


@st.composite
def bracketed_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A balanced text and a balanced proposal made from it by a few moves on its pieces:
    words replaced, deleted or inserted, bracketed passages removed, unbracketed or added."""
    pieces = draw(PIECES)
    end = draw(st.sampled_from([".", ";", "", " now."]))
    proposal = list(pieces)
    for _ in range(draw(st.integers(1, 3))):
        move = draw(st.sampled_from(["replace", "delete", "insert", "unbracket", "drop",
                                     "bracket"]))
        words = [i for i, p in enumerate(proposal) if p not in "[]"]
        partners = {}
        stack: list[int] = []
        for i, p in enumerate(proposal):
            if p == "[":
                stack.append(i)
            elif p == "]":
                j = stack.pop()
                partners[j] = i
        if move == "replace" and words:
            proposal[draw(st.sampled_from(words))] = draw(WORDS)
        elif move == "delete" and len(words) > 1:
            del proposal[draw(st.sampled_from(words))]
        elif move == "insert":
            proposal.insert(draw(st.integers(0, len(proposal))), draw(WORDS))
        elif move in ("unbracket", "drop") and partners:
            start = draw(st.sampled_from(sorted(partners)))
            stop = partners[start]
            if move == "unbracket":
                proposal = proposal[:start] + proposal[start + 1:stop] + proposal[stop + 1:]
            elif any(p not in "[]" for p in proposal[:start] + proposal[stop + 1:]):
                proposal = proposal[:start] + proposal[stop + 1:]
        elif move == "bracket" and words:
            at = draw(st.sampled_from(words))
            proposal = [*proposal[:at], "[", proposal[at], "]", *proposal[at + 1:]]
    return spaced(pieces, end), spaced(proposal, draw(st.sampled_from([end, end, "."])))


def balanced(text: str) -> bool:
    return not unit_brackets(text).unbalanced


@settings(max_examples=300, deadline=None)
@given(bracketed_pair())
@example(("We [commit to [safe] return] now.", "We commit to return now."))
@example((CONCERNS, CONCERNS.replace("[duly taken into account][addressed]", "addressed")))
def test_places_never_hold_half_a_bracketed_passage(pair: tuple[str, str]) -> None:
    base, proposal = pair
    assert balanced(base) and balanced(proposal)
    unit = UnitView("p5", UnitKind.PARAGRAPH, None, "5", base)
    amendment = AmendmentView(1, "p5", AmendmentKind.CHANGE_WORDS, AmendmentState.SUBMITTED,
                              ("G77",), base, proposal, 0)
    compiled = compile_text([unit], [amendment]).units[0]
    assert "".join(p.text for p in compiled.pieces) == base
    rebuilt = ""
    for piece in compiled.pieces:
        if piece.changed:
            assert balanced(piece.text), piece
            for replacement in piece.replacements:
                assert balanced(replacement.text), piece
        rebuilt += piece.replacements[0].text if piece.replacements else \
            "" if piece.deleted_by else piece.text
    assert rebuilt == proposal
    rendered = render_compilation_text(compile_text([unit], [amendment]))
    assert balanced(rendered), rendered
    # a mark that ends both texts is never inside the compilation's brackets
    if base[-1:] in ".;" and proposal[-1:] == base[-1:] and base[-2:-1] != "]" and \
            proposal[-2:-1] != "]":
        assert rendered.endswith(base[-1]) and not rendered.endswith(f"{base[-1]}]")


@settings(max_examples=150, deadline=None)
@given(bracketed_pair(), st.lists(bracketed_pair(), min_size=1, max_size=2))
def test_several_proposals_keep_the_brackets_balanced(
        first: tuple[str, str], others: list[tuple[str, str]]) -> None:
    base = first[0]
    proposals = [first[1], *(o[1] for o in others if o[0] == base)]
    rendered = line(base, *proposals)
    assert balanced(rendered), rendered


@settings(max_examples=300, deadline=None)
@given(bracketed_pair())
def test_balance_edits_makes_the_same_text(pair: tuple[str, str]) -> None:
    base, proposal = pair
    edits = balance_edits(base, text_edits(base, proposal))
    assert apply_edits(base, edits) == proposal
    partners = bracket_partners(base)
    for edit in edits:
        for position in range(edit.start, edit.end):
            if position in partners:
                assert edit.start <= partners[position] < edit.end
    assert all(a.end <= b.start for a, b in pairwise(edits))
