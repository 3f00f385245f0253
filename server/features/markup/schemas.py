"""Request and response models: a marked-up Word file as draft amendments."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from server.core.amendments import AmendmentKind
from server.features.amendments.schemas import AmendmentOut
from server.features.files.schemas import Base64
from server.features.text.schemas import DiffSpanOut
from server.web.schemas import Code, Id, Input, Output


class MarkupIn(Input):
    #: The DOCX, base64-encoded (standard alphabet, padding optional).
    content_base64: Base64
    #: The file's name, for the messages (optional).
    filename: Annotated[str, StringConstraints(max_length=255)] | None = None
    #: The revision the delegation marked up (optional): when it is no longer the latest
    #: published one, 409 with the current revision, nothing saved.
    revision_id: Id | None = None
    #: The delegation (code) the co-facilitators or the secretariat upload the file for, on
    #: its behalf; a delegate's file is its own delegation's (naming another is 403).
    delegation: Code | None = None


class ProposedAmendmentOut(Output):
    """One draft amendment the file proposes (nothing saved yet in a preview)."""

    unit: str
    #: The paragraph as the text numbers it: "OP12", "Article 4.2", "PP3".
    paragraph: str
    kind: AmendmentKind
    base_text: str
    text: str | None
    diff: list[DiffSpanOut]
    justification: str
    #: The file's paragraphs it comes from, counted from the top as a reader would.
    file_paragraphs: list[int]
    #: Who made the changes, as the file names them (Word's or LibreOffice's user name).
    change_authors: list[str]
    #: How many tracked insertions and deletions it gathers.
    changes: int
    #: How the file's paragraph was matched to the revision's: "number" (the number the
    #: export printed), "text" (identical words) or "similarity" (words, place, neighbours);
    #: "after" for a new paragraph, placed after the one before it.
    matched_by: str


class UnplacedOut(Output):
    """A change or comment the file holds that no amendment carries."""

    where: str
    reason: str


class MarkupOut(Output):
    revision_id: int
    revision_label: str
    #: The delegation whose draft amendments these are (code and name).
    delegation: str
    delegation_name: str
    proposals: list[ProposedAmendmentOut]
    unplaced: list[UnplacedOut]
    saved: bool
    #: The draft amendments created (confirm), in the order of ``proposals``.
    amendments: list[AmendmentOut]
    kind: Literal["markup"] = "markup"


class UploaderOut(Output):
    code: str
    name: str


class UploadersOut(Output):
    """The delegations whose draft amendments your marked-up file may become now (empty:
    you may not upload one in this phase)."""

    delegations: list[UploaderOut]
    #: True for the co-facilitators and the secretariat: they name the delegation they upload
    #: for (``delegation`` of the upload); a delegate's file is its own delegation's.
    on_behalf: bool
