"""Response models: the dashboard's figures."""

from __future__ import annotations

from server.web.schemas import Output


class CountOut(Output):
    key: str | None
    name: str | None
    count: int


class RevisionFiguresOut(Output):
    document_id: int
    revision_id: int
    sequence: int
    label: str | None
    units: int
    units_agreed: int
    #: Balanced brackets over its paragraphs (footnote marks and links never count).
    open_brackets: int
    #: Places offering a choice ([shall][should], [shall] [should], [a / b]).
    alternatives: int = 0
    #: Option labels and alternatives of option groups, per paragraph.
    options: int = 0
    #: Brackets with no partner in their article.
    unbalanced: int = 0
    #: Paragraphs with brackets (what the text's "With brackets" filter keeps).
    units_with_brackets: int = 0


class DashboardOut(Output):
    amendments_total: int
    per_delegation: list[CountOut]
    per_cluster: list[CountOut]
    per_state: list[CountOut]
    revisions: list[RevisionFiguresOut]
