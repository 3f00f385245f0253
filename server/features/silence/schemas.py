"""Request and response models: silence procedures."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from server.core.policy import SilenceAction
from server.web.schemas import (
    Id,
    Input,
    Output,
    clean_text,
)


def _aware_and_plausible(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("needs a time zone, e.g. 2026-05-04T18:00:00+02:00")
    if not 2000 <= value.year <= 2999:
        raise ValueError("is not a plausible deadline")
    return value


class SilenceIn(Input):
    revision_id: Id
    deadline: Annotated[datetime, AfterValidator(_aware_and_plausible)]


class SilenceBreakIn(Input):
    reason: Annotated[str, StringConstraints(min_length=1, max_length=5000),
                      AfterValidator(clean_text)]


class SilenceBreakOut(Output):
    #: Who broke silence, for whom the catalogue's audience of "silence.broken" includes
    #: (core.policy.may_receive); None for anyone else.
    delegation_id: int | None
    #: That delegation's name ("Mexico"), shown with when it broke silence.
    delegation: str | None = None
    reason: str
    at: datetime


class SilenceOut(Output):
    id: int
    revision_id: int
    revision_label: str | None
    deadline: datetime
    state: Literal["running", "broken", "agreed"]
    started_at: datetime
    breaks: list[SilenceBreakOut]
    #: The IANA time zone the process works in: the deadline is shown in it, named.
    time_zone: str = "America/New_York"
    #: What you may do to it now (core.policy.silence_actions).
    actions: list[SilenceAction] = Field(default_factory=list)
