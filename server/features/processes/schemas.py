"""Request and response models: processes, their clusters, configuration and phases."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from server.core.phases import Phase
from server.core.policy import Action, Role
from server.web.schemas import (
    Input,
    Name,
    Output,
    Slug,
    clean_text,
)


def _iana_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("is not an IANA time zone, e.g. America/New_York or Europe/Geneva")\
            from None
    return value


#: An IANA time zone name ("America/New_York", "Africa/Nairobi").
TimeZone = Annotated[str, StringConstraints(min_length=1, max_length=64,
                                            pattern=r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*$"),
                     AfterValidator(_iana_zone)]


class ClusterIn(Input):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")]
    name: Name


class ProcessIn(Input):
    #: Its short name in addresses; made from the title when not given.
    slug: Slug | None = None
    title: Name
    #: The phase it opens in (consultation unless the talks have begun elsewhere).
    phase: Phase = Phase.CONSULTATION
    clusters: Annotated[list[ClusterIn], Field(max_length=50)] = Field(default_factory=list)
    observers_see_amendments_in: list[Phase] = Field(default_factory=list)
    #: Where the room works: every deadline is shown in this zone, named.
    time_zone: TimeZone = "America/New_York"


class ClusterOut(Output):
    key: str
    name: str


class PhaseMoveOut(Output):
    phase: Phase
    needs_reason: bool


class ProcessOut(Output):
    id: int
    slug: str
    title: str
    phase: Phase
    observers_see_amendments_in: list[Phase]
    #: The IANA time zone the room works in; deadlines are shown in it, named.
    time_zone: str
    clusters: list[ClusterOut]
    your_role: Role | None
    your_delegation: str | None
    #: You are your delegation's focal point (you invite its delegates).
    your_focal_point: bool = False
    #: You administer Accord: you see and manage the people of every process, with or
    #: without a role in it (your_role is then None).
    administrator: bool = False
    #: What you may do in the process now (core.policy's actions, e.g. "amendment.propose").
    actions: list[Action] = Field(default_factory=list)
    #: The phases you may move the process to now (empty when you may not, or while a
    #: silence procedure runs); going back needs a reason.
    phase_moves: list[PhaseMoveOut] = Field(default_factory=list)


class ProcessConfigIn(Input):
    title: Name | None = None
    observers_see_amendments_in: list[Phase] | None = None
    time_zone: TimeZone | None = None


class PhaseChangeIn(Input):
    phase: Phase
    reason: Annotated[str, StringConstraints(max_length=2000), AfterValidator(clean_text)] | None \
        = None
    expected_phase: Phase | None = None


class RenumberChangeOut(Output):
    """One unit renumbering would change, by the names negotiators use."""

    key: str
    #: Its name now ("OP12 bis").
    before: str
    #: Its name once renumbered ("OP13").
    after: str


class RenumberPreviewOut(Output):
    """What renumbering the working copy would do; confirm with POST .../renumber and this
    version."""

    version: int
    units: int
    changes: list[RenumberChangeOut]
