"""Request and response models: documents, revisions, the working copy, publication and diffs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import AfterValidator, Field, StringConstraints

from server.core.policy import RevisionAction, UnitAction
from server.core.text import UnitKind, UnitStatus
from server.web.schemas import (
    MAX_ID,
    Body,
    Input,
    Key,
    Label,
    LongText,
    Name,
    Number,
    Output,
    Query,
    Version,
    clean_text,
)

# ---- what a unit's text carries besides its words (core.richtext) --------------------------

_Offset = Annotated[int, Field(ge=0, le=MAX_ID)]
#: A formatting run: ``[start, end, style]``, code points into the unit's text.
MarkIO = tuple[_Offset, _Offset, Literal["italic", "bold"]]
Marks = Annotated[list[MarkIO], Field(max_length=2000)]
_Short = Annotated[str, StringConstraints(min_length=1, max_length=40),
                   AfterValidator(clean_text)]


class FootnoteIn(Input):
    #: As the document prints it: "5", "*".
    mark: Annotated[str, StringConstraints(min_length=1, max_length=10),
                    AfterValidator(clean_text)]
    #: Where the mark stands in the text (code points; the mark is not in the text).
    offset: _Offset
    text: LongText


class FootnoteOut(Output):
    mark: str
    offset: int
    text: str


class NoteIn(Input):
    """An editorial note (the secretariat's or co-facilitators'): never negotiated text."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=5000),
                    AfterValidator(clean_text)]
    #: Where it stands in the text; None: on the whole unit.
    offset: _Offset | None = None


class NoteOut(Output):
    text: str
    offset: int | None


class OptionIn(Input):
    """The unit is (part of) one alternative of an option group: "Option 1", "No text"."""

    #: Shared by the units of one group (unique within the revision).
    group: _Short
    label: Annotated[str, StringConstraints(min_length=1, max_length=80),
                     AfterValidator(clean_text)]
    no_text: bool = False


class OptionOut(Output):
    group: str
    label: str
    no_text: bool = False


class RichOut(Output):
    """Formatting runs, footnotes, editorial notes and option group of a unit's text."""

    #: ``[[start, end, "italic" | "bold"], ...]`` over ``text`` (code points), sorted.
    marks: list[tuple[int, int, Literal["italic", "bold"]]] = Field(default_factory=list)
    footnotes: list[FootnoteOut] = Field(default_factory=list)
    notes: list[NoteOut] = Field(default_factory=list)
    option: OptionOut | None = None


class UnitIn(Input):
    key: Key | None = None
    kind: UnitKind
    parent: Key | None = None
    number: Number | None = None
    heading: Annotated[str, StringConstraints(max_length=500),
                       AfterValidator(clean_text)] | None = None
    text: LongText = ""
    status: UnitStatus = UnitStatus.OPEN
    #: What its text carries besides its words (offsets within ``text``).
    marks: Marks = Field(default_factory=list)
    footnotes: Annotated[list[FootnoteIn], Field(max_length=500)] = Field(default_factory=list)
    notes: Annotated[list[NoteIn], Field(max_length=100)] = Field(default_factory=list)
    option: OptionIn | None = None


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


# ---- brackets people can see (core.brackets) ------------------------------------------------


class BracketSpanOut(Output):
    """A span of the unit's text to highlight: ``text[start:end]`` in code points."""

    start: int
    end: int
    #: ``open``: a balanced bracket; ``alternative``: one choice of ``[shall][should]``;
    #: ``unbalanced``: a ``[`` or ``]`` with no partner in its article; ``option``: an
    #: ``Option 1:`` label.
    kind: Literal["open", "alternative", "unbalanced", "option"]
    #: 1 for an outermost bracket, 2 for one inside it...
    depth: int = 1
    #: A piece of a bracket that opens or closes in another paragraph of its article.
    continued: bool = False


class BracketsOut(Output):
    """A unit's brackets: footnote marks and link syntax never count."""

    #: Balanced brackets opening here, nested ones included.
    open: int = 0
    #: Places offering a choice: ``[a][b]``, ``[shall] [should]``, ``[a / b]``.
    alternatives: int = 0
    #: ``Option N:`` labels in its text, and 1 when it is an alternative of an option group.
    options: int = 0
    #: Brackets with no partner in its article (``spans`` has where).
    unbalanced: int = 0
    #: What "paragraphs with brackets" keeps (a bracket, one continued here, or an option).
    any: bool = False
    spans: list[BracketSpanOut] = Field(default_factory=list)


class BracketTotalsOut(Output):
    """The same over an article or section (its subtree) or a whole revision."""

    units: int = 0
    units_with_brackets: int = 0
    open: int = 0
    alternatives: int = 0
    options: int = 0
    unbalanced: int = 0


#: A unit's name as its parts (core.naming.unit_name_parts), for the client to say in the
#: reader's language (client/lib/names.js): a label as the text numbers it ("OP12 bis"), or a
#: form with its parts, its referent ``of`` a name again
#: (``{"form": "chapeau_of", "of": {"form": "article", "number": "1"}}``).
NameParts: TypeAlias = str | dict[str, Any]


class UnitOut(RichOut):
    #: Its identity across revisions (never shown to people).
    key: str
    #: What people call it in this revision, from the text's numbering and structure: PP4,
    #: OP12 bis, OP10(b), Article 4.2, Objective 1 (core.naming), in English.
    name: str
    #: The same name as its parts, for the reader's language.
    name_parts: NameParts | None = None
    kind: UnitKind
    parent: str | None
    number: str | None
    heading: str | None
    text: str
    status: UnitStatus
    #: Balanced bracketed spans still open in its text: ``brackets.open``, kept for older
    #: clients.
    open_brackets: int = 0
    #: Its brackets, alternatives, options and unbalanced positions, with spans to highlight.
    brackets: BracketsOut = Field(default_factory=BracketsOut)
    #: On a section (an article) or the preamble: the totals over it and what is under it.
    subtree_brackets: BracketTotalsOut | None = None
    #: Settled (agreed or adopted) in the latest revision, and reopened for proposals by the
    #: co-facilitators.
    reopened: bool = False
    #: What you may do at it now (core.policy.unit_actions).
    actions: list[UnitAction] = Field(default_factory=list)


class RevisionSummaryOut(Output):
    id: int
    sequence: int
    label: str | None
    published_at: datetime | None
    version: int
    #: The history chain's head when it was published (hex sha256; None for the working
    #: copy): the same hash its exports and feed print, checked by ``accord verify``.
    history_hash: str | None = None


class RevisionOut(RevisionSummaryOut):
    document_id: int
    #: A seal signed with the history key covers its history hash.
    history_sealed: bool = False
    units: list[UnitOut]
    #: Brackets over the whole revision.
    brackets: BracketTotalsOut = Field(default_factory=BracketTotalsOut)
    #: What you may do with it now (core.policy.revision_actions).
    actions: list[RevisionAction] = Field(default_factory=list)
    #: The working copy's paragraphs' own versions, by key: the working copy's ``version``
    #: when each last changed. An edit sent with it (or with ``version``) is stale only if
    #: that paragraph changed since. Empty for a published revision.
    unit_versions: dict[str, int] = Field(default_factory=dict)


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
    #: The version the edit was made from: the unit's own, or the working copy's.
    base_version: Version
    text: LongText | None = None
    heading: Annotated[str, StringConstraints(max_length=500),
                       AfterValidator(clean_text)] | None = None
    number: Number | None = None
    status: UnitStatus | None = None
    #: Marking it agreed (or adopted) while its text still has open brackets needs this.
    confirm_open_brackets: bool = False
    #: Its formatting runs over its new text (``[[start, end, style]]``, within it); left
    #: out, the runs it has are carried through the change of text.
    marks: Marks | None = None


class UnitInsertIn(Input):
    base_version: Version
    after: Key | None = None
    unit: UnitIn




class ReopenIn(Input):
    #: Why the co-facilitators reopen the paragraph (recorded in the history).
    reason: Body


class PublishIn(Input):
    base_version: Version
    label: Label | None = None


class PublicationWarningOut(Output):
    """Something to know before the revision goes out; publishing goes ahead regardless.
    ``reflected_words_missing``: an amendment decided reflected or merged since the last
    revision whose words are not in the working copy (not applied, and not otherwise
    there)."""

    code: Literal["reflected_words_missing"]
    #: For people: "Mexico's amendment to OP2 is decided reflected, but ..."
    message: str
    amendment_id: int
    #: The proposing delegation's code and name.
    delegation: str
    delegation_name: str
    #: The paragraph's key, and its name as the text numbers it (PP1, OP2, OP2(a)).
    unit: str
    paragraph: str
    decision: Literal["reflected", "merged"]


class PublicationOut(Output):
    revision: RevisionSummaryOut
    #: Amendments decided reflected or merged that this revision records.
    reflected: list[int]
    #: Open amendments re-anchored onto the new text, in conflict with it, or overtaken.
    applies: list[int]
    conflicts: list[int]
    overtaken: list[int]
    #: True for a preview: nothing was published.
    dry_run: bool = False
    #: What the co-facilitators should know (never a refusal).
    warnings: list[PublicationWarningOut] = Field(default_factory=list)


class DiffSpanOut(Output):
    op: Literal["equal", "insert", "delete"]
    text: str


class UnitDiffOut(RichOut):
    """Its ``marks``, ``footnotes``, ``notes`` and ``option`` are the newer revision's (the
    older one's for a deleted unit)."""

    key: str
    #: The diff as escaped inline HTML (<ins>, <del>): safe to insert as markup.
    html: str
    #: Paired by lineage: ``moved`` when its place changed (see ``moved_from``).
    change: Literal["unchanged", "edited", "moved", "new", "deleted"]
    #: For a moved unit: where it was, as the older revision numbers it ("Article 4.13").
    moved_from: str | None = None
    number_before: str | None
    number_after: str | None
    status_before: UnitStatus | None
    status_after: UnitStatus | None
    spans: list[DiffSpanOut]
    #: The older revision's formatting runs (over the older text, which the ``equal`` and
    #: ``delete`` spans make up): deleted words are shown with what they carried.
    marks_before: list[tuple[int, int, Literal["italic", "bold"]]] = Field(default_factory=list)


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
    #: Compare the two revisions' language versions (each paragraph's translation; one not
    #: translated reads so) instead of their own text.
    language: Literal["ar", "zh", "en", "fr", "ru", "es"] | None = None
