"""Request and response models: the text engine: compilation, collisions, lineage, attribution."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from server.core.amendments import (
    AmendmentState,
)
from server.web.schemas import (
    MAX_ID,
    Code,
    Output,
    Query,
)


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
    #: How sure the pair is, 0..1 (for new and deleted units: that there is no pair).
    confidence: float


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
