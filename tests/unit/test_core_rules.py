"""The domain core's rules, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from server.core.amendments import (
    FINAL_STATES,
    TRANSITIONS,
    AmendmentKind,
    AmendmentState,
    Proposal,
    check_transition,
    check_version,
)
from server.core.errors import Invalid, StaleState
from server.core.history import GENESIS, EntryContent, StoredEntry, chain_hash, verify_chain
from server.core.phases import Phase, check_phase_change, next_phase
from server.core.silence import SilenceFacts, SilenceState, check_break, check_deadline, state_at
from server.core.text import (
    UnitKind,
    UnitView,
    alternative_number,
    document_order,
    inserted_number,
    letter,
    renumber,
    revision_label,
)

# ---- phases -----------------------------------------------------------------------------


def test_phases_advance_one_at_a_time() -> None:
    assert next_phase(Phase.CONSULTATION) is Phase.STOCKTAKING
    assert check_phase_change(Phase.STOCKTAKING, Phase.NEGOTIATION, None) is False
    with pytest.raises(Invalid) as jump:
        check_phase_change(Phase.CONSULTATION, Phase.NEGOTIATION, None)
    assert jump.value.details["next"] == "stocktaking"
    with pytest.raises(Invalid):
        check_phase_change(Phase.NEGOTIATION, Phase.NEGOTIATION, "a good reason")
    with pytest.raises(Invalid):
        next_phase(Phase.CONCLUDED)


def test_moving_back_needs_a_reason() -> None:
    with pytest.raises(Invalid) as missing:
        check_phase_change(Phase.NEGOTIATION, Phase.STOCKTAKING, None)
    assert missing.value.details["field"] == "reason"
    with pytest.raises(Invalid):
        check_phase_change(Phase.NEGOTIATION, Phase.STOCKTAKING, "   short   ")
    assert (
        check_phase_change(
            Phase.CONCLUDED, Phase.CONSULTATION, "Consultations reopened by the General Assembly."
        )
        is True
    )


# ---- amendments -------------------------------------------------------------------------


def test_every_state_has_transitions_and_final_states_are_final() -> None:
    assert set(TRANSITIONS) == set(AmendmentState)
    for state in FINAL_STATES:
        for target in AmendmentState:
            with pytest.raises(Invalid):
                check_transition(state, target)
    check_transition(AmendmentState.DRAFT, AmendmentState.SUBMITTED)
    check_transition(AmendmentState.SUBMITTED, AmendmentState.REFLECTED)
    with pytest.raises(Invalid):
        check_transition(AmendmentState.DRAFT, AmendmentState.REFLECTED)  # decide a draft


@pytest.mark.parametrize(
    "kind", [AmendmentKind.CHANGE_WORDS, AmendmentKind.ADD_UNIT, AmendmentKind.ALTERNATIVE]
)
def test_kinds_with_text_need_it(kind: AmendmentKind) -> None:
    with pytest.raises(Invalid):
        Proposal(kind, None, "")
    with pytest.raises(Invalid):
        Proposal(kind, "   ", "")
    assert Proposal(kind, "New words", "").text == "New words"


def test_kinds_without_text_refuse_it_and_reservations_need_a_reason() -> None:
    with pytest.raises(Invalid):
        Proposal(AmendmentKind.RETAIN, "text", "")
    assert Proposal(AmendmentKind.DELETE_UNIT, None, "").text is None
    with pytest.raises(Invalid):
        Proposal(AmendmentKind.RESERVATION, None, " ")
    Proposal(AmendmentKind.RESERVATION, None, "Our national law does not allow this.")


def test_stale_version_carries_the_current_state() -> None:
    check_version(3, 3, {"id": 1})
    with pytest.raises(StaleState) as stale:
        check_version(2, 3, {"id": 1})
    assert stale.value.details == {"expected_version": 2, "current": {"id": 1}}


# ---- silence ----------------------------------------------------------------------------

NOW = datetime(2026, 5, 4, 12, tzinfo=UTC)


def test_silence_state_is_derived_from_deadline_and_breaks() -> None:
    facts = SilenceFacts(deadline=NOW + timedelta(hours=72), broken=False)
    assert state_at(facts, NOW) is SilenceState.RUNNING
    assert state_at(facts, NOW + timedelta(hours=72)) is SilenceState.AGREED
    assert state_at(replace(facts, broken=True), NOW + timedelta(days=9)) is SilenceState.BROKEN


def test_silence_deadline_and_breaking_rules() -> None:
    check_deadline(NOW + timedelta(hours=72), NOW, timedelta(hours=72))
    with pytest.raises(Invalid):
        check_deadline(NOW + timedelta(hours=71), NOW, timedelta(hours=72))
    with pytest.raises(Invalid):
        check_deadline(datetime(2026, 6, 1), NOW, timedelta(hours=72))  # naive
    facts = SilenceFacts(deadline=NOW + timedelta(hours=72), broken=False)
    check_break(facts, NOW, "We cannot join consensus on paragraph 12.")
    with pytest.raises(Invalid):
        check_break(facts, NOW, "no")
    with pytest.raises(Invalid):
        check_break(facts, NOW + timedelta(hours=73), "We cannot join consensus.")
    with pytest.raises(Invalid):
        check_break(replace(facts, broken=True), NOW, "We cannot join consensus.")


# ---- history ----------------------------------------------------------------------------


def _chain(n: int) -> list[StoredEntry]:
    entries, previous = [], GENESIS
    for seq in range(1, n + 1):
        content = EntryContent(
            "process:1",
            seq,
            f"2026-01-01T00:00:{seq:02d}.000000+00:00",
            7,
            "amendment.submitted",
            f"amendment:{seq}",
            {"text": "مرحبا 😀"},
        )
        digest = chain_hash(previous, content)
        entries.append(StoredEntry(content, previous, digest))
        previous = digest
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain(_chain(5)) is None
    assert verify_chain([]) is None


def test_altered_content_is_named_at_its_entry() -> None:
    chain = _chain(5)
    chain[2] = replace(chain[2], content=replace(chain[2].content, payload={"text": "x"}))
    found = verify_chain(chain)
    assert found is not None and found.seq == 3 and "content" in found.reason


def test_removed_or_reordered_entries_are_detected() -> None:
    chain = _chain(5)
    found = verify_chain(chain[:2] + chain[3:])
    assert found is not None and found.seq == 4
    found = verify_chain([chain[1], chain[0]])
    assert found is not None


def test_rehashing_an_entry_breaks_the_next_link() -> None:
    chain = _chain(4)
    forged = replace(chain[1].content, action="amendment.withdrawn")
    chain[1] = StoredEntry(forged, chain[1].prev_hash, chain_hash(chain[1].prev_hash, forged))
    found = verify_chain(chain)
    assert found is not None and found.seq == 3 and "link" in found.reason


# ---- text ---------------------------------------------------------------------------------


def test_numbers_labels_and_letters() -> None:
    assert revision_label(0) == "Zero draft" and revision_label(2) == "Rev.2"
    assert inserted_number("12", {"12"}) == "12 bis"
    assert inserted_number("12 bis", {"12", "12 bis"}) == "12 ter"
    assert alternative_number("12 bis") == "12 alt"
    assert [letter(i) for i in (0, 1, 25, 26, 27)] == ["(a)", "(b)", "(z)", "(aa)", "(bb)"]


def _units() -> list[UnitView]:
    return [
        UnitView("pre", UnitKind.PREAMBLE, None, None, heading="Preamble"),
        UnitView("p1", UnitKind.PARAGRAPH, "pre", "1", "A"),
        UnitView("s1", UnitKind.SECTION, None, None, heading="Objective 1"),
        UnitView("p2", UnitKind.PARAGRAPH, "s1", "2", "B"),
        UnitView("p2bis", UnitKind.PARAGRAPH, "s1", "2 bis", "B bis"),
        UnitView("p2a", UnitKind.SUBPARAGRAPH, "p2bis", "(c)", "b a"),
        UnitView("p2b", UnitKind.SUBPARAGRAPH, "p2bis", "(a)", "b b"),
        UnitView("p3", UnitKind.PARAGRAPH, "s1", "3 alt", "C"),
    ]


def test_renumber_is_continuous_and_idempotent_and_keeps_identity() -> None:
    renumbered = renumber(_units())
    assert [u.number for u in renumbered] == [None, "1", None, "2", "3", "(a)", "(b)", "4"]
    assert [u.key for u in renumbered] == [u.key for u in _units()]
    assert renumber(renumbered) == renumbered


def test_document_order_checks_parents() -> None:
    assert document_order(_units()) == _units()
    units = _units()
    with pytest.raises(Invalid):
        document_order([units[1], units[0]])  # child before parent
    with pytest.raises(Invalid):
        document_order([units[0], units[0]])  # twice
    with pytest.raises(Invalid):
        document_order([UnitView("x", UnitKind.SUBPARAGRAPH, None, "(a)", "t")])  # at top
