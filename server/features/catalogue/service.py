"""The catalogue: every code the API answers with, and the words a person reads for it.

Pure assembly of the core's tables; the browser renders these words and never keeps its own
copy of a rule (which kinds carry text, which events exist, in which order phases come).
"""

from __future__ import annotations

from dataclasses import dataclass

from server.core.amendments import DECISIONS, KINDS_WITH_TEXT, AmendmentKind, AmendmentState
from server.core.events import CATALOGUE, Audience, EventSpec, EventType
from server.core.phases import PHASE_ORDER, Phase
from server.core.policy import Role
from server.core.rebase import Outcome
from server.core.text import UnitStatus
from server.features.consultation.service import INPUT_KINDS, SUMMARY_KINDS

PHASE_LABELS: dict[Phase, str] = {
    Phase.CONSULTATION: "Consultation", Phase.STOCKTAKING: "Stocktaking",
    Phase.NEGOTIATION: "Negotiation", Phase.CONCLUDED: "Concluded"}
STATUS_LABELS: dict[UnitStatus, str] = {
    UnitStatus.OPEN: "Open", UnitStatus.AGREED_INFORMALS: "Agreed in informals",
    UnitStatus.AGREED_AD_REF: "Agreed ad ref", UnitStatus.ADOPTED: "Adopted"}
STATE_LABELS: dict[AmendmentState, str] = {
    AmendmentState.DRAFT: "Draft", AmendmentState.SUBMITTED: "Submitted",
    AmendmentState.WITHDRAWN: "Withdrawn", AmendmentState.REFLECTED: "Reflected",
    AmendmentState.MERGED: "Merged", AmendmentState.NOT_REFLECTED: "Not reflected",
    AmendmentState.OVERTAKEN: "Overtaken"}
KIND_LABELS: dict[AmendmentKind, str] = {
    AmendmentKind.CHANGE_WORDS: "Change words", AmendmentKind.ADD_UNIT: "New paragraph (bis)",
    AmendmentKind.DELETE_UNIT: "Delete paragraph",
    AmendmentKind.ALTERNATIVE: "Alternative text (alt)", AmendmentKind.RETAIN: "Retain",
    AmendmentKind.RESERVATION: "Reservation"}
CARRIED_LABELS: dict[Outcome, str] = {
    Outcome.APPLIES: "still applies", Outcome.CONFLICTS: "conflicts with the new text",
    Outcome.OVERTAKEN: "overtaken"}
INPUT_KIND_LABELS: dict[str, str] = {
    "written_contribution": "Written contribution", "statement": "Statement"}
SUMMARY_KIND_LABELS: dict[str, str] = {"session": "Session summary",
                                       "stocktaking": "Stocktaking summary"}
ROLE_LABELS: dict[Role, str] = {
    Role.CO_FACILITATOR: "Co-facilitator", Role.SECRETARIAT: "Secretariat",
    Role.DELEGATE: "Delegate", Role.OBSERVER: "Observer"}


@dataclass(frozen=True)
class Catalogue:
    events: list[tuple[EventType, EventSpec]]
    phases: list[tuple[str, str]]
    unit_statuses: list[tuple[str, str]]
    amendment_states: list[tuple[str, str]]
    amendment_kinds: list[tuple[str, str, bool]]
    decisions: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    carried_outcomes: list[tuple[str, str]]
    input_kinds: list[tuple[str, str]]
    summary_kinds: list[tuple[str, str]]
    silence_minimum_hours: int


def catalogue(silence_minimum_hours: int) -> Catalogue:
    """Every code with its words, in the order a person meets them (phases in their order,
    decisions in the order they are offered), and the shortest silence procedure allowed."""
    return Catalogue(
        events=[(event, spec) for event, spec in CATALOGUE.items()
                if spec.audience is not Audience.NOBODY],
        phases=[(p.value, PHASE_LABELS[p]) for p in PHASE_ORDER],
        unit_statuses=[(s.value, STATUS_LABELS[s]) for s in UnitStatus],
        amendment_states=[(s.value, STATE_LABELS[s]) for s in AmendmentState],
        amendment_kinds=[(k.value, KIND_LABELS[k], k in KINDS_WITH_TEXT) for k in AmendmentKind],
        decisions=[(s.value, STATE_LABELS[s]) for s in AmendmentState if s in DECISIONS],
        roles=[(r.value, ROLE_LABELS[r]) for r in Role],
        carried_outcomes=[(o.value, CARRIED_LABELS[o]) for o in Outcome
                          if o is not Outcome.UNCHANGED],
        input_kinds=[(k, INPUT_KIND_LABELS[k]) for k in INPUT_KINDS],
        summary_kinds=[(k, SUMMARY_KIND_LABELS[k]) for k in SUMMARY_KINDS],
        silence_minimum_hours=silence_minimum_hours)
