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
from server.core.text import UnitStatus

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


def catalogue() -> Catalogue:
    """Every code with its words, in the order a person meets them (phases in their order,
    decisions in the order they are offered)."""
    return Catalogue(
        events=[(event, spec) for event, spec in CATALOGUE.items()
                if spec.audience is not Audience.NOBODY],
        phases=[(p.value, PHASE_LABELS[p]) for p in PHASE_ORDER],
        unit_statuses=[(s.value, STATUS_LABELS[s]) for s in UnitStatus],
        amendment_states=[(s.value, STATE_LABELS[s]) for s in AmendmentState],
        amendment_kinds=[(k.value, KIND_LABELS[k], k in KINDS_WITH_TEXT) for k in AmendmentKind],
        decisions=[(s.value, STATE_LABELS[s]) for s in AmendmentState if s in DECISIONS],
        roles=[(r.value, ROLE_LABELS[r]) for r in Role])
