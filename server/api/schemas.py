"""Request and response models of the HTTP API (and of its OpenAPI document)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from server.core.amendments import (
    MAX_JUSTIFICATION_LENGTH,
    MAX_TEXT_LENGTH,
    AmendmentKind,
    AmendmentState,
    Stance,
)
from server.core.phases import Phase
from server.core.policy import Role
from server.core.text import UnitKind, UnitStatus

_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_text(value: str) -> str:
    """Text from users: valid Unicode (no lone surrogates), no control characters other than
    newline and tab, normalised to NFC so that diffs compare like with like."""
    for index, char in enumerate(value):
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError(f"contains an unpaired surrogate at position {index}")
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            if char == "\r":
                continue
            raise ValueError(f"contains the control character U+{ord(char):04X} at "
                             f"position {index}")
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = Annotated[str, AfterValidator(clean_text)]
# The maximum lengths are the columns' (server/models).
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
                 AfterValidator(clean_text), AfterValidator(_not_blank)]
PersonName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                              max_length=200),
                       AfterValidator(clean_text), AfterValidator(_not_blank)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                  AfterValidator(clean_text), AfterValidator(_not_blank)]
TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=100),
                      AfterValidator(clean_text), AfterValidator(_not_blank)]
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH),
                     AfterValidator(clean_text)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=50_000),
                 AfterValidator(clean_text), AfterValidator(_not_blank)]
Justification = Annotated[str, StringConstraints(max_length=MAX_JUSTIFICATION_LENGTH),
                          AfterValidator(clean_text)]
#: No white space or control characters anywhere (\s does not cover NUL).
Email = Annotated[str, StringConstraints(
    pattern=r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]{1,189}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]{2,40}$")]
Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40),
                   AfterValidator(clean_text)]
#: Ids and versions are 32-bit integers in the database (PostgreSQL's integer).
MAX_ID = 2**31 - 1
Version = Annotated[int, Field(ge=1, le=MAX_ID - 1)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Seq = Annotated[int, Field(ge=0, le=MAX_ID)]


def _no_controls(value: Any) -> Any:
    """Every string anywhere in a request is checked like text (NUL would crash PostgreSQL);
    it is returned unchanged (text fields normalise themselves)."""
    if isinstance(value, str):
        clean_text(value)
    elif isinstance(value, list):
        for item in value:
            _no_controls(item)
    return value


class Input(BaseModel):
    """Base of request models: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _clean_strings(cls, value: Any) -> Any:
        return _no_controls(value)


class Query(BaseModel):
    """Base of query-string models: values arrive as strings and are converted."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _clean_strings(cls, value: Any) -> Any:
        return _no_controls(value)


class Output(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- auth ---------------------------------------------------------------------------------

class LoginIn(Input):
    email: Annotated[str, StringConstraints(min_length=3, max_length=254),
                     AfterValidator(clean_text)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1000)]


class TokenIn(Input):
    name: TokenName


class TokenRevokeIn(Input):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TokenOut(Output):
    token: str
    name: str


class UserOut(Output):
    id: int
    email: str
    name: str
    is_admin: bool


class MembershipOut(Output):
    process_id: int
    role: Role
    delegation: str | None
    focal_point: bool


class MeOut(Output):
    user: UserOut
    memberships: list[MembershipOut]


# ---- processes ---------------------------------------------------------------------------

class ClusterIn(Input):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$")]
    name: Name


class ProcessIn(Input):
    slug: Slug
    title: Name
    clusters: Annotated[list[ClusterIn], Field(max_length=50)] = []
    observers_see_amendments_in: list[Phase] = []


class ClusterOut(Output):
    key: str
    name: str


class ProcessOut(Output):
    id: int
    slug: str
    title: str
    phase: Phase
    observers_see_amendments_in: list[Phase]
    clusters: list[ClusterOut]
    your_role: Role | None
    your_delegation: str | None


class ProcessConfigIn(Input):
    title: Name | None = None
    observers_see_amendments_in: list[Phase] | None = None


class PhaseChangeIn(Input):
    phase: Phase
    reason: Annotated[str, StringConstraints(max_length=2000), AfterValidator(clean_text)] | None \
        = None
    expected_phase: Phase | None = None


# ---- people ------------------------------------------------------------------------------

class DelegationIn(Input):
    code: Code
    name: PersonName
    kind: Literal["state", "group", "organisation"]
    members: Annotated[list[Code], Field(max_length=200)] = []


class DelegationOut(Output):
    id: int
    code: str
    name: str
    kind: str
    members: list[str]


class ParticipantIn(Input):
    email: Email
    name: PersonName
    role: Role
    delegation: Code | None = None
    focal_point: bool = False
    password: Annotated[str, StringConstraints(min_length=10, max_length=1000)] | None = None


class ParticipantOut(Output):
    id: int
    user_id: int
    #: Hidden from observers.
    email: str | None
    name: str
    role: Role
    delegation: str | None
    focal_point: bool
    #: Shown once, when the account was created by this request without a password.
    initial_password: str | None = None


# ---- consultation ------------------------------------------------------------------------

class InputIn(Input):
    cluster: Annotated[str, StringConstraints(max_length=60)]
    kind: Literal["written_contribution", "statement"]
    title: Name
    body: Body


class InputOut(Output):
    id: int
    cluster: str
    kind: str
    author_id: int
    delegation: str | None
    title: str
    body: str
    created_at: datetime


class InputQuery(Query):
    cluster: Annotated[str, StringConstraints(max_length=60)] | None = None


class SummaryIn(Input):
    kind: Literal["session", "stocktaking"]
    cluster: Annotated[str, StringConstraints(max_length=60)] | None = None
    title: Name
    body: Body


class SummaryOut(Output):
    id: int
    kind: str
    cluster: str | None
    author_id: int
    title: str
    body: str
    created_at: datetime


# ---- text --------------------------------------------------------------------------------

class UnitIn(Input):
    key: Key | None = None
    kind: UnitKind
    parent: Key | None = None
    number: Number | None = None
    heading: Annotated[str, StringConstraints(max_length=500),
                       AfterValidator(clean_text)] | None = None
    text: LongText = ""
    status: UnitStatus = UnitStatus.OPEN


class DocumentIn(Input):
    title: Name
    units: Annotated[list[UnitIn], Field(max_length=5000)]


class ImportIn(Input):
    format: Literal["markdown", "text"]
    source: Annotated[str, StringConstraints(min_length=1, max_length=900_000),
                      AfterValidator(clean_text)]
    title: Name | None = None
    #: Only parse and show the structure; save nothing.
    preview: bool = True


class UnitOut(Output):
    key: str
    kind: UnitKind
    parent: str | None
    number: str | None
    heading: str | None
    text: str
    status: UnitStatus


class RevisionSummaryOut(Output):
    id: int
    sequence: int
    label: str | None
    published_at: datetime | None
    version: int


class RevisionOut(RevisionSummaryOut):
    document_id: int
    units: list[UnitOut]


class DocumentOut(Output):
    id: int
    process_id: int
    title: str
    revisions: list[RevisionSummaryOut]


class ImportOut(Output):
    title: str | None
    units: list[UnitOut]
    warnings: list[str]
    #: The created working copy when ``preview`` was false.
    revision: RevisionOut | None


class UnitEditIn(Input):
    base_version: Version
    text: LongText | None = None
    heading: Annotated[str, StringConstraints(max_length=500),
                       AfterValidator(clean_text)] | None = None
    number: Number | None = None
    status: UnitStatus | None = None


class UnitInsertIn(Input):
    base_version: Version
    after: Key | None = None
    unit: UnitIn


class VersionIn(Input):
    base_version: Version


class PublishIn(Input):
    base_version: Version
    label: Label | None = None


class PublicationOut(Output):
    revision: RevisionSummaryOut
    #: Amendments decided reflected or merged that this revision records.
    reflected: list[int]
    #: Open amendments re-anchored onto the new text, in conflict with it, or overtaken.
    applies: list[int]
    conflicts: list[int]
    overtaken: list[int]


class DiffSpanOut(Output):
    op: Literal["equal", "insert", "delete"]
    text: str


class UnitDiffOut(Output):
    key: str
    #: The diff as escaped inline HTML (<ins>, <del>): safe to insert as markup.
    html: str
    change: Literal["unchanged", "edited", "new", "deleted"]
    number_before: str | None
    number_after: str | None
    status_before: UnitStatus | None
    status_after: UnitStatus | None
    spans: list[DiffSpanOut]


class RevisionDiffOut(Output):
    document_id: int
    from_sequence: int
    to_sequence: int
    units: list[UnitDiffOut]
    counts: dict[str, int]


class DiffQuery(Query):
    from_: Annotated[int, Field(alias="from", ge=0, le=MAX_ID)]
    to: Annotated[int, Field(ge=0, le=MAX_ID)]
    changed_only: bool = False


# ---- amendments --------------------------------------------------------------------------

class AmendmentIn(Input):
    revision_id: Id
    unit: Key
    kind: AmendmentKind
    text: LongText | None = None
    justification: Justification = ""
    co_proponents: Annotated[list[Code], Field(max_length=200)] = []
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
    co_proponents: Annotated[list[Code], Field(max_length=200)]


class StanceIn(Input):
    stance: Stance | None


class CarryOut(Output):
    """Where an open amendment stands after the last revision published over its unit."""

    revision_id: int
    outcome: Literal["applies", "conflicts", "overtaken"]
    reason: str
    base_text: str | None
    proposed_text: str | None
    details: dict[str, Any]


class AmendmentOut(Output):
    id: int
    process_id: int
    document_id: int
    revision_id: int
    revision_label: str | None
    unit: str
    delegation: str
    co_proponents: list[str]
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


class AmendmentQuery(Query):
    delegation: Code | None = None
    unit: Key | None = None
    state: AmendmentState | None = None
    kind: AmendmentKind | None = None
    document: Id | None = None
    limit: Annotated[int, Field(ge=1, le=1000)] = 200
    after_id: Seq = 0


# ---- silence and history -----------------------------------------------------------------

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
    delegation_id: int
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


class LogQuery(Query):
    after_seq: Seq = 0
    limit: Annotated[int, Field(ge=1, le=1000)] = 200


class LogEntryOut(Output):
    seq: int
    at: str
    actor_id: int | None
    action: str
    subject: str
    payload: dict[str, Any]
    hash: str
    prev_hash: str


# ---- the text engine -------------------------------------------------------------------------

class CompilationQuery(Query):
    delegation: Annotated[list[Code], Field(max_length=200)] | None = None
    cluster: Annotated[list[Annotated[str, StringConstraints(max_length=60)]],
                       Field(max_length=50)] | None = None
    state: list[AmendmentState] | None = None


class CompilationOut(Output):
    revision_id: int
    sequence: int
    label: str | None
    #: The compilation as UN compilation texts print it.
    text: str
    #: The same, unit by unit, for the client (see server/core/compilation.py).
    data: dict[str, Any]


class CollisionOut(Output):
    first: int
    second: int
    unit: str
    ranges: list[tuple[int, int]]


class LineageQuery(Query):
    from_: Annotated[int, Field(alias="from", ge=0, le=MAX_ID)]
    to: Annotated[int, Field(ge=0, le=MAX_ID)]
    by: Literal["identity", "similarity"] = "identity"


class LineageOut(Output):
    status: Literal["unchanged", "edited", "moved", "new", "deleted", "split", "merged"]
    old: list[str]
    new: list[str]
    old_numbers: list[str | None]
    new_numbers: list[str | None]
    match: str
    similarity: float
    edited: bool
    renumbered: bool


class AttributionQuery(Query):
    revision: Annotated[int, Field(ge=0, le=MAX_ID)] | None = None


class OriginOut(Output):
    kind: Literal["original", "amendment", "co_facilitators"]
    revision: int
    amendment_ids: list[int]
    proponents: list[str]


class AttributedSpanOut(Output):
    start: int
    end: int
    text: str
    origin: OriginOut


class AttributionOut(Output):
    unit: str
    sequence: int
    spans: list[AttributedSpanOut]
