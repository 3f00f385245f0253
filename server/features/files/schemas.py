"""Request and response models: exports and imports of files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from server.features.text.schemas import RevisionOut, UnitOut
from server.web.schemas import Input, Key, Name, Output, Version


class RevisionExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn", "markdown", "text", "html", "pdf"] = "docx"
    #: A language version (each paragraph's translation; one not translated says so);
    #: the revision's own text when absent; "all": the six in one Akoma Ntoso collection.
    language: Literal["ar", "zh", "en", "fr", "ru", "es", "all"] | None = None


class ComparisonExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    from_: Annotated[int, Field(alias="from", ge=0, le=2**31 - 1)]
    to: Annotated[int, Field(ge=0, le=2**31 - 1)]
    format: Literal["docx", "akn", "html", "pdf"] = "docx"


class CompilationExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn", "text", "html", "pdf"] = "docx"


class AmendmentsExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    revision: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


Base64 = Annotated[str, StringConstraints(min_length=1, max_length=1_500_000)]


class FileImportIn(Input):
    format: Literal["docx", "akn", "markdown", "text", "pdf"]
    #: The file, base64-encoded (standard alphabet, padding optional).
    content_base64: Base64
    title: Name | None = None
    #: Only parse and show the structure (and, for a new revision, the matching); save
    #: nothing.
    preview: bool = True


#: Most corrections one import may carry (a document has at most 5,000 units).
MAX_CORRECTIONS = 5_000


class MatchCorrectionIn(Input):
    """A co-facilitator's correction of one match in an import preview."""

    #: The imported unit, by its place in the preview's ``units`` (0 for the first).
    index: Annotated[int, Field(ge=0, le=MAX_CORRECTIONS)]
    #: The working-copy unit it continues, by key; null: it is a new unit.
    previous: Key | None


class RevisionImportIn(FileImportIn):
    #: The working copy's version being replaced (needed unless previewing).
    base_version: Version | None = None
    #: Matches corrected by hand: applied before anything else is matched (the preview
    #: shows them applied; confirming with the same list saves them). A correction naming
    #: no unit, a unit twice, or a section for a paragraph is refused (422), nothing saved.
    corrections: Annotated[list[MatchCorrectionIn], Field(max_length=MAX_CORRECTIONS,
                                                       default_factory=list)]


class UploadForm(Input):
    """The fields beside the file in a multipart upload (``file``), as form text."""

    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn", "markdown", "text", "pdf"]
    title: Name | None = None
    preview: bool = True
    base_version: Version | None = None
    #: A JSON array of corrections (see :class:`MatchCorrectionIn`).
    corrections: Annotated[str, StringConstraints(max_length=500_000)] = "[]"


class ImportedUnitMatchOut(Output):
    """How one imported unit was matched to the document's units (by lineage)."""

    key: str
    #: Its place in the preview's ``units``: what a correction names.
    index: int
    #: unchanged, edited, moved, split, merged, copied (the predecessor lives on elsewhere
    #: too) or new.
    status: str
    #: The working-copy unit it continues (its key), or null.
    previous: str | None
    #: As the texts number them: the imported unit and its predecessor ("Article 4.13").
    name: str
    previous_name: str | None
    #: How sure the match is, 0..1 (for a new unit: that nothing continues into it).
    confidence: float
    #: Set by a correction rather than found.
    corrected: bool = False


class WorkingUnitOut(Output):
    """A working-copy unit a correction may name."""

    key: str
    kind: str
    name: str


class FileImportOut(Output):
    title: str | None
    units: list[UnitOut]
    warnings: list[str]
    saved: bool
    document_id: int | None
    #: The working copy created or replaced when ``preview`` was false.
    revision: RevisionOut | None
    #: For a new revision: how each imported unit was matched to the document's units.
    lineage: list[ImportedUnitMatchOut]
    #: For a new revision: the working copy's units that nothing continues (deleted).
    unmatched: list[WorkingUnitOut] = Field(default_factory=list)
    #: For a new revision: every working-copy unit, the predecessors a correction may name.
    working_units: list[WorkingUnitOut] = Field(default_factory=list)


class AmendmentExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn"] = "docx"
