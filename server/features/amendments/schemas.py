"""Request and response models: amendments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from server.core.amendments import (
    AmendmentKind,
    AmendmentState,
    CoSponsorship,
    Stance,
)
from server.core.policy import AmendmentAction
from server.features.text.schemas import DiffSpanOut, NameParts, RevisionOut
from server.web.schemas import (
    Code,
    Id,
    Input,
    Justification,
    Key,
    LongText,
    Output,
    Query,
    Seq,
    Version,
)


class AmendmentIn(Input):
    revision_id: Id
    unit: Key
    kind: AmendmentKind
    text: LongText | None = None
    justification: Justification = ""
    #: Delegations invited to co-sponsor (codes): each becomes a co-proponent only when it
    #: accepts; those named on a draft are invited when it is submitted.
    co_proponents: Annotated[list[Code], Field(max_length=200)] = Field(default_factory=list)
    cluster: Annotated[str, StringConstraints(max_length=60)] | None = None
    submit: bool = False


class AmendmentReviseIn(Input):
    base_version: Version
    text: LongText | None = None
    justification: Justification | None = None


class DecisionIn(Input):
    base_version: Version
    decision: Literal["reflected", "merged", "not_reflected"]
    note: Justification = ""


class CoProponentsIn(Input):
    base_version: Version
    #: Every delegation you invite or that co-sponsors (codes). New names are invited; names
    #: left out lose their invitation; one that accepted cannot be left out (409).
    co_proponents: Annotated[list[Code], Field(max_length=200)]


class CoSponsorshipIn(Input):
    """Your delegation's answer to the invitation to co-sponsor."""

    status: Literal["accepted", "declined", "withdrawn"]


class CoSponsorOut(Output):
    """A delegation the proposer named as co-proponent, and where it stands: only an
    ``accepted`` one is a co-proponent."""

    delegation: str
    delegation_name: str
    status: CoSponsorship


class StanceIn(Input):
    stance: Stance | None


class CarryOut(Output):
    """Where an open amendment stands after the last revision published over its unit."""

    revision_id: int
    outcome: Literal["applies", "conflicts", "overtaken"]
    reason: str  # in English, as stored; the client says it by reason_code
    reason_code: str | None  # rebase.REASONS' codes or "rewritten"; None: other words
    reason_facts: dict[str, int]  # "percent" (of words kept) for "rewritten"
    base_text: str | None
    proposed_text: str | None
    details: dict[str, Any]


class AmendmentOut(Output):
    id: int
    process_id: int
    document_id: int
    revision_id: int
    revision_label: str | None
    #: The unit's key (its identity), and its name in the revision it was proposed on, as
    #: people call it (OP12 bis: core.naming).
    unit: str
    unit_name: str
    #: ``unit_name`` as its parts, for the client to say in the reader's language
    #: (``unit_name`` stays English, for API clients).
    unit_name_parts: NameParts | None = None
    #: The proposing delegation's code, and its name ("Mexico").
    delegation: str
    delegation_name: str
    #: The co-proponents: delegations that accepted to co-sponsor it (codes).
    co_proponents: list[str]
    #: Every delegation the proposer named: invited, accepted, declined or withdrawn.
    co_sponsors: list[CoSponsorOut] = Field(default_factory=list)
    #: The thematic cluster's key, when the proposer named one.
    cluster: str | None = None
    kind: AmendmentKind
    state: AmendmentState
    base_text: str
    text: str | None
    diff: list[DiffSpanOut] | None
    justification: str
    supporters: list[str]
    opposers: list[str]
    version: int
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_note: str
    settled_in_revision_id: int | None
    carried: CarryOut | None = None
    #: Applied to its document's current working copy (not yet published).
    applied: bool = False
    #: What you may do to it now (core.policy.amendment_actions).
    actions: list[AmendmentAction] = Field(default_factory=list)


class AmendmentQuery(Query):
    delegation: Code | None = None
    unit: Key | None = None
    state: AmendmentState | None = None
    kind: AmendmentKind | None = None
    document: Id | None = None
    limit: Annotated[int, Field(ge=1, le=1000)] = 200
    after_id: Seq = 0
    #: Only submitted amendments this delegation is invited to co-sponsor and has not
    #: answered yet.
    invited: Code | None = None


class ApplicationItemIn(Input):
    """One amendment to apply to the working copy."""

    amendment: Id
    #: With changes: the amendment's text as you reword it (the paragraph's whole text for
    #: change_words, the new paragraph's for add_unit, the alternative's for alternative).
    #: Leave it out to apply the amendment as proposed.
    text: LongText | None = None
    #: Decide it at the same time (you may also decide it before or after).
    decision: Literal["reflected", "merged"] | None = None
    note: Justification = ""
    #: The amendment's version you saw (checked when given).
    base_version: Version | None = None


class ApplicationsIn(Input):
    #: The working copy's version you edited from.
    base_version: Version
    amendments: Annotated[list[ApplicationItemIn], Field(min_length=1, max_length=100)]


class ApplicationOut(Output):
    """An amendment applied to the working copy, and what it did to the paragraph."""

    id: int
    amendment_id: int
    #: The working copy it was applied to (the revision it becomes).
    revision_id: int
    #: The paragraph it edited or removed (for add_unit: the new paragraph).
    unit: str
    kind: AmendmentKind
    #: The paragraph's text before (null: a new paragraph) and after (null: removed).
    text_before: str | None
    text_after: str | None
    #: Applied with changes (reworded).
    edited: bool
    applied_by_id: int
    applied_at: datetime


class ApplicationsOut(Output):
    working_copy: RevisionOut
    applications: list[ApplicationOut]
    #: The amendments as they are now (decided, when you decided them).
    amendments: list[AmendmentOut]
