"""Figures for the browser client's dashboard charts."""

from __future__ import annotations

from flask import Blueprint

import server.features.dashboard.service as dashboard
from server.features.dashboard import present
from server.features.dashboard import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("dashboard", __name__)
TAG = "Dashboard"


@endpoint(bp, "/processes/<id:process_id>/dashboard", "GET",
          summary="Figures for charts: amendments per delegation, cluster and state; paragraphs "
                  "agreed and open brackets revision by revision", tag=TAG,
          response=s.DashboardOut, errors=(403, 404))
def process_dashboard(process_id: int) -> s.DashboardOut:
    return present.dashboard(dashboard.figures(ctx(), process_id))
