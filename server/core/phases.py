"""The phases of a negotiation process and the rules for moving between them."""

from __future__ import annotations

from enum import StrEnum

from server.core.errors import Invalid


class Phase(StrEnum):
    """Phases in their fixed order (GCM modalities resolution, plus conclusion)."""

    CONSULTATION = "consultation"
    STOCKTAKING = "stocktaking"
    NEGOTIATION = "negotiation"
    CONCLUDED = "concluded"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)

#: Below this many characters a reason for going back is not a reason.
MIN_REASON_LENGTH = 10


def next_phase(current: Phase) -> Phase:
    """The phase after ``current``; raises Invalid when the process has concluded."""
    index = PHASE_ORDER.index(current)
    if index + 1 >= len(PHASE_ORDER):
        raise Invalid("The process has concluded; there is no later phase.")
    return PHASE_ORDER[index + 1]


def moves_from(current: Phase) -> list[tuple[Phase, bool]]:
    """Every phase a process in ``current`` may move to, with True for a move back (which
    needs a reason), in phase order.

    >>> [(p.value, back) for p, back in moves_from(Phase.STOCKTAKING)]
    [('consultation', True), ('negotiation', False)]
    """
    here = PHASE_ORDER.index(current)
    moves = [(phase, True) for phase in PHASE_ORDER[:here]]
    if here + 1 < len(PHASE_ORDER):
        moves.append((PHASE_ORDER[here + 1], False))
    return moves


def check_phase_change(current: Phase, target: Phase, reason: str | None) -> bool:
    """Validate a move from ``current`` to ``target``; return True when it moves back.

    Forward moves go one phase at a time. Moving back (any number of phases) needs a
    written reason, which the caller records. Staying put is refused.
    """
    here, there = PHASE_ORDER.index(current), PHASE_ORDER.index(target)
    if there == here:
        raise Invalid(f"The process is already in the {current.value} phase.")
    if there > here:
        if there != here + 1:
            raise Invalid(
                f"Phases advance one at a time: from {current.value} the next is "
                f"{PHASE_ORDER[here + 1].value}.",
                details={"next": PHASE_ORDER[here + 1].value},
            )
        return False
    if reason is None or len(reason.strip()) < MIN_REASON_LENGTH:
        raise Invalid(
            "Moving a process back to an earlier phase needs a written reason "
            f"of at least {MIN_REASON_LENGTH} characters.",
            details={"field": "reason"},
        )
    return True
