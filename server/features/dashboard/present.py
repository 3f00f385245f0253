"""The dashboard's figures as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence

from server.features.dashboard import schemas as s
from server.features.dashboard.service import Dashboard


def _counts(rows: Sequence[tuple[str | None, str | None, int]]) -> list[s.CountOut]:
    return [s.CountOut(key=key, name=name, count=n) for key, name, n in rows]


def dashboard(figures: Dashboard) -> s.DashboardOut:
    return s.DashboardOut(
        amendments_total=figures.amendments_total,
        per_delegation=_counts(figures.per_delegation),
        per_cluster=_counts(figures.per_cluster),
        per_state=_counts(figures.per_state),
        revisions=[s.RevisionFiguresOut(**vars(r)) for r in figures.revisions])
