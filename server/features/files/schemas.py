"""Request and response models: exports and imports of files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from server.features.text.schemas import RevisionOut, UnitOut
from server.web.schemas import Input, Name, Output, Version


class RevisionExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn", "markdown", "text", "html", "pdf"] = "docx"


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


class RevisionImportIn(FileImportIn):
    #: The working copy's version being replaced (needed unless previewing).
    base_version: Version | None = None


class ImportedUnitMatchOut(Output):
    """How one imported unit was matched to the document's units (by content)."""

    key: str
    status: str
    previous: str | None


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


class AmendmentExportQuery(Input):
    model_config = Input.model_config | {"strict": False}
    format: Literal["docx", "akn"] = "docx"
