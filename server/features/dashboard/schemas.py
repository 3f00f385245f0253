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
    open_brackets: int


class DashboardOut(Output):
    amendments_total: int
    per_delegation: list[CountOut]
    per_cluster: list[CountOut]
    per_state: list[CountOut]
    revisions: list[RevisionFiguresOut]
