"""The silence procedure: a text is adopted unless a delegation breaks silence in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from server.core.errors import Invalid


class SilenceState(StrEnum):
    """Running until the deadline; broken by any written objection; agreed when unbroken."""

    RUNNING = "running"
    BROKEN = "broken"
    AGREED = "agreed"


MIN_REASON_LENGTH = 10


@dataclass(frozen=True, slots=True)
class SilenceFacts:
    """What the state of a silence procedure is derived from."""

    deadline: datetime
    broken: bool


def state_at(facts: SilenceFacts, now: datetime) -> SilenceState:
    """The state at ``now``: broken wins; else agreed once the deadline has passed."""
    if facts.broken:
        return SilenceState.BROKEN
    return SilenceState.AGREED if now >= facts.deadline else SilenceState.RUNNING


def check_deadline(deadline: datetime, now: datetime, minimum: timedelta) -> None:
    """A deadline lies at least ``minimum`` after now (the GA used 72 hours)."""
    if deadline.tzinfo is None:
        raise Invalid("The deadline needs a time zone.", details={"field": "deadline"})
    if deadline - now < minimum:
        hours = minimum.total_seconds() / 3600
        raise Invalid(f"A silence procedure runs for at least {hours:g} hours.",
                      details={"field": "deadline", "minimum_hours": hours})


def check_break(facts: SilenceFacts, now: datetime, reason: str) -> None:
    """Silence can be broken only while it runs, and only in writing."""
    state = state_at(facts, now)
    if state is SilenceState.AGREED:
        raise Invalid("The deadline has passed: the text is agreed and silence can no longer "
                      "be broken.")
    if state is SilenceState.BROKEN:
        raise Invalid("Silence has already been broken.")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise Invalid("Breaking silence needs a written reason.", details={"field": "reason"})
