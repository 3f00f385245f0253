"""Request and response models: the text engine: compilation, collisions, lineage, attribution."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from server.core.amendments import (
    AmendmentState,
)
from server.features.translations.schemas import Language, LanguageOut
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
    #: The language version to read the revision in (default: its source language): each
    #: paragraph's translation as the base text; the amendments as proposed.
    language: Language | None = None


class CompilationTranslationOut(Output):
    """A unit of the compilation in the language asked for."""

    #: The translation (a section's heading); null when there is none.
    text: str | None
    #: current: translates the source text as it stands (made for this revision);
    #: carried: the same, made for an earlier revision whose text did not change;
    #: out_of_date: the source changed since; missing: not translated. The last two show
    #: the source text.
    state: Literal["current", "carried", "out_of_date", "missing"]
    #: The number as this language prints it (第四条, Article premier, 一、).
    number: str | None
    #: The revision (sequence) the translation was made for, when an earlier one, and its name.
    carried_from: int | None
    carried_from_label: str | None


class CompilationOut(Output):
    revision_id: int
    sequence: int
    label: str | None
    #: The compilation as UN compilation texts print it.
    text: str
    #: The same, unit by unit, for the client (see server/core/compilation.py).
    data: dict[str, Any]
    #: The language the base text is read in (see ``translations``).
    language: Language
    #: The language the revision was negotiated in, which the amendments are written in.
    source_language: Language
    #: The language versions the revision has, to pick from: its source language first.
    languages: list[LanguageOut]
    #: Each unit's translation in ``language``, by unit key (empty in the source language).
    translations: dict[str, CompilationTranslationOut]


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
