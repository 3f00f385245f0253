"""Processes: open, list, read, configure, move between phases."""

from __future__ import annotations

from flask import Blueprint

import server.features.common.access as access
import server.features.processes.service as processes
import server.features.text.service as documents
from server.features.processes import present
from server.features.processes import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("processes", __name__)
TAG = "Processes"


@endpoint(bp, "/processes", "GET", summary="The processes you take part in", tag=TAG,
          response=list[s.ProcessOut])
def list_processes() -> list[s.ProcessOut]:
    context = ctx()
    return [present.process(context, p, access.actor_in(context, p))
            for p in processes.list_processes(context)]


@endpoint(bp, "/processes", "POST", summary="Open a process (administrators)", tag=TAG,
          body=s.ProcessIn, response=s.ProcessOut, status=201, errors=(403, 409))
def create_process(body: s.ProcessIn) -> s.ProcessOut:
    context = ctx()
    process = processes.create_process(
        context, slug=body.slug, title=body.title, phase=body.phase,
        clusters=[(c.key, c.name) for c in body.clusters],
        observers_see_amendments_in=body.observers_see_amendments_in,
        time_zone=body.time_zone)
    return present.process(context, process, None)


@endpoint(bp, "/processes/<id:process_id>", "GET", summary="A process and your role in it",
          tag=TAG, response=s.ProcessOut, errors=(404,))
def get_process(process_id: int) -> s.ProcessOut:
    context = ctx()
    process = processes.get_process(context, process_id)
    return present.process(context, process, access.actor_in(context, process))


@endpoint(bp, "/processes/<id:process_id>", "PATCH",
          summary="Retitle the process or set in which phases observers see attributed "
                  "amendments", tag=TAG, body=s.ProcessConfigIn, response=s.ProcessOut,
          errors=(403, 404))
def configure_process(process_id: int, body: s.ProcessConfigIn) -> s.ProcessOut:
    context = ctx()
    process = processes.configure(context, process_id, title=body.title,
                                  observers_see_amendments_in=body.observers_see_amendments_in,
                                  time_zone=body.time_zone)
    return present.process(context, process, access.actor_in(context, process))


@endpoint(bp, "/processes/<id:process_id>/phase", "POST",
          summary="Move the process to another phase (back only with a reason)", tag=TAG,
          body=s.PhaseChangeIn, response=s.ProcessOut, errors=(403, 404, 409))
def change_phase(process_id: int, body: s.PhaseChangeIn) -> s.ProcessOut:
    context = ctx()
    process = processes.change_phase(context, process_id, target=body.phase,
                                     reason=body.reason, expected=body.expected_phase)
    return present.process(context, process, access.actor_in(context, process))


@endpoint(bp, "/documents/<id:document_id>/working-copy/renumber/preview", "GET",
          summary="What renumbering the working copy would change (old and new numbers)",
          tag="Text", response=s.RenumberPreviewOut, errors=(403, 404))
def renumber_preview(document_id: int) -> s.RenumberPreviewOut:
    """Nothing is saved. Renumber with POST .../working-copy/renumber and this version, which
    is refused (409) if the working copy changed meanwhile."""
    found = documents.renumber_preview(ctx(), document_id)
    return s.RenumberPreviewOut(
        version=found.version, units=found.units,
        changes=[s.RenumberChangeOut(key=key, before=before, after=after)
                 for key, before, after in found.changes])
