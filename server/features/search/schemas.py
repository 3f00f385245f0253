"""Request and response models: searching a process, and amendment counts on a text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from server.web.schemas import Output, Query

HitKind = Literal["paragraph", "amendment", "input", "summary"]
SearchLanguage = Literal["ar", "zh", "en", "fr", "ru", "es"]


class SearchQueryIn(Query):
    #: Words (all must match), "quoted phrases", prefixes (migra*); case and accents ignored.
    q: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    #: One kind of hits only (needed to page with ``offset``).
    kind: HitKind | None = None
    #: Paragraphs of this published revision only (its sequence: 0 for the zero draft).
    revision: Annotated[int, Field(ge=0, le=10_000)] | None = None
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0
    limit: Annotated[int, Field(ge=1, le=50)] = 10
    #: Search the paragraphs as they read in this language (a revision's language version,
    #: the working copy's translations; a revision negotiated in it, its own text): paragraphs
    #: only, in any script (case, accents, Arabic harakat and tatweel ignored; an Arabic word
    #: found with or without its article and the conjunctions and prepositions written joined
    #: to it, كتاب finding والكتاب and للكتاب; Chinese matched inside words). Omitted: each
    #: text in its own language, every kind.
    language: SearchLanguage | None = None


class SnippetPartOut(Output):
    """A piece of the snippet; ``mark``: these words matched the search. Plain text, never
    HTML: the browser marks them with elements of its own."""

    text: str
    mark: bool


class SearchHitOut(Output):
    kind: HitKind
    #: The paragraph's row in its revision, the amendment's, the input's or the summary's id.
    id: int
    #: What it is, as people say it: "Rev.2, OP12 bis"; "Mexico: amendment to OP3 (Zero
    #: draft)"; an input's or a summary's title.
    title: str
    snippet: list[SnippetPartOut]
    #: Text was left out before / after the snippet.
    cut_before: bool
    cut_after: bool
    #: The browser's address of the place it is shown (the paragraph in its revision, the
    #: amendments of the paragraph, the consultation cluster).
    href: str
    document_id: int | None = None
    #: The revision's sequence (None: the working copy, or not a paragraph or amendment).
    revision: int | None = None
    revision_label: str | None = None
    #: The paragraph's key (never shown) and its name in that revision (PP4, OP12 bis).
    unit: str | None = None
    unit_name: str | None = None
    #: The proposing delegation (amendments), or the submitting one (inputs).
    delegation: str | None = None
    #: An amendment's state (draft, submitted...).
    state: str | None = None
    #: The thematic cluster's name (inputs, session summaries).
    cluster: str | None = None
    #: The language the paragraph was found in (searches with ``language`` only).
    language: SearchLanguage | None = None
    #: The translation found no longer matches the source text it was made from (searches
    #: with ``language`` only; false for a revision's own text).
    out_of_date: bool | None = None


class SearchGroupOut(Output):
    kind: HitKind
    #: Every hit of this kind the person may see.
    count: int
    offset: int
    #: Where the next page starts (ask again with kind and offset); None: no more.
    next_offset: int | None
    hits: list[SearchHitOut]


class SearchOut(Output):
    q: str
    #: The language searched in; None: each text in its own.
    language: SearchLanguage | None = None
    #: Hits of every kind.
    total: int
    #: One group per kind the person may see, in the order paragraph, amendment, input,
    #: summary.
    groups: list[SearchGroupOut]


class SearchLanguageOut(Output):
    code: SearchLanguage
    #: The language's name in itself (what a delegate picks it by).
    name: str
    direction: Literal["ltr", "rtl"]


class SearchLanguagesOut(Output):
    #: The languages the revisions you may see can be searched in (their source languages
    #: and their translations'), in the UN's order; empty: no revision to search.
    languages: list[SearchLanguageOut]


class AmendmentCountsQuery(Query):
    #: A published revision's sequence; omitted: the working copy.
    revision: Annotated[int, Field(ge=0, le=10_000)] | None = None


class UnitCountOut(Output):
    #: The paragraph's key.
    unit: str
    #: Amendments to it you may see, withdrawn ones left out.
    amendments: int
    #: Of those, drafts and submitted ones.
    open: int


class AmendmentCountsOut(Output):
    document_id: int
    revision: int | None
    #: Paragraphs with at least one amendment; the others carry none.
    units: list[UnitCountOut]
