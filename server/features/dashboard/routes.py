"""Figures for the browser client's dashboard charts."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint
from pydantic import BaseModel

import server.features.dashboard.service as dashboard
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("dashboard", __name__)
TAG = "Dashboard"


class CountOut(BaseModel):
    key: str | None
    name: str | None
    count: int


class RevisionFiguresOut(BaseModel):
    document_id: int
    revision_id: int
    sequence: int
    label: str | None
    units: int
    units_agreed: int
    open_brackets: int


class DashboardOut(BaseModel):
    amendments_total: int
    per_delegation: list[CountOut]
    per_cluster: list[CountOut]
    per_state: list[CountOut]
    revisions: list[RevisionFiguresOut]


def _counts(rows: Sequence[tuple[str | None, str | None, int]]) -> list[CountOut]:
    return [CountOut(key=key, name=name, count=n) for key, name, n in rows]


@endpoint(bp, "/processes/<id:process_id>/dashboard", "GET",
          summary="Figures for charts: amendments per delegation, cluster and state; paragraphs "
                  "agreed and open brackets revision by revision", tag=TAG,
          response=DashboardOut, errors=(403, 404))
def process_dashboard(process_id: int) -> DashboardOut:
    figures = dashboard.figures(ctx(), process_id)
    return DashboardOut(
        amendments_total=figures.amendments_total,
        per_delegation=_counts(figures.per_delegation),
        per_cluster=_counts(figures.per_cluster),
        per_state=_counts(figures.per_state),
        revisions=[RevisionFiguresOut(**vars(r)) for r in figures.revisions])
