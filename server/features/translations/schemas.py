"""Request and response models: language versions of a revision and the parallel view."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from server.features.text.schemas import DiffSpanOut as DiffSpanOut
from server.features.text.schemas import NameParts
from server.web.schemas import Input, Output, Query

Language = Literal["ar", "zh", "en", "fr", "ru", "es"]
#: Languages as the query string gives them: "en,fr,ar".
_CODE = "(ar|zh|en|fr|ru|es)"
LanguageList = Annotated[str, StringConstraints(pattern=rf"^{_CODE}(,{_CODE}){{0,5}}$")]
TranslationText = Annotated[str, StringConstraints(max_length=20_000)]
Base64 = Annotated[str, StringConstraints(min_length=1, max_length=1_500_000)]


class ParallelQuery(Query):
    #: The languages to show side by side, comma-separated (the source language if none).
    langs: LanguageList | None = None


class CellOut(Output):
    language: Language
    #: The unit's text in this language (null: no translation yet).
    text: str | None
    status: Literal["source", "imported", "entered", "carried", "missing"]
    #: The source text changed since this translation was made.
    out_of_date: bool
    #: The number as this language's text prints it (第四条, Article premier, 一、).
    number: str | None
    #: The revision (sequence) this translation was made for, when an earlier one.
    carried_from: int | None
    #: That revision as people name it ("Zero draft", "Rev.1").
    carried_from_label: str | None = None


class ParallelRowOut(Output):
    key: str
    #: The unit's name in the source language's numbering (Article 4.2, PP3).
    name: str
    #: ``name`` as its parts, for the reader's language (text.schemas.NameParts).
    name_parts: NameParts | None = None
    kind: Literal["preamble", "section", "paragraph", "subparagraph"]
    number: str | None
    depth: int
    cells: list[CellOut]


class LanguageCountOut(Output):
    language: Language
    translated: int
    out_of_date: int
    missing: int


class LanguageOut(Output):
    code: Language
    #: The language's name in itself.
    name: str
    direction: Literal["ltr", "rtl"]


class ParallelOut(Output):
    document_id: int
    #: The revision's sequence; null for the working copy.
    revision: int | None
    revision_label: str | None
    source_language: Language
    languages: list[LanguageOut]
    #: Every language a revision may have (to pick from).
    available: list[LanguageOut]
    rows: list[ParallelRowOut]
    counts: list[LanguageCountOut]
    actions: list[Literal["edit"]]


class StaleOut(Output):
    key: str
    name: str
    translated: str
    #: The source's change since the translated version.
    diff: list[DiffSpanOut]
    carried_from: int | None
    carried_from_label: str | None = None


class StaleListOut(Output):
    language: Language
    units: list[StaleOut]


class TranslationIn(Input):
    text: TranslationText


class SourceLanguageIn(Input):
    language: Language


class TranslationImportIn(Input):
    format: Literal["text", "pdf", "docx"]
    #: The file, base64-encoded (standard alphabet, padding optional).
    content_base64: Base64
    #: Only align and show what could not be aligned; save nothing.
    preview: bool = True


class ExtraOut(Output):
    #: Its number as the file prints it ("" when none).
    label: str
    text: str


class TranslationImportOut(Output):
    language: Language
    aligned: int
    total: int
    articles: int
    articles_aligned: int
    numbered: int
    numbered_aligned: int
    #: Every source unit no part of the file translates, by name.
    missing: list[str]
    #: Parts of the file that match no unit of the revision.
    extra: list[ExtraOut]
    saved: bool
