"""Consultation: written contributions, statements and summaries."""

from __future__ import annotations

from flask import Blueprint

import server.features.consultation.service as consultation
from server.features.consultation import present
from server.features.consultation import schemas as s
from server.features.processes.schemas import ClusterOut
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("consultation", __name__)
TAG = "Consultation"


@endpoint(bp, "/processes/<id:process_id>/inputs", "GET",
          summary="Consultation inputs, optionally of one cluster", tag=TAG,
          query=s.InputQuery, response=list[s.InputOut], errors=(403, 404))
def list_inputs(process_id: int, query: s.InputQuery) -> list[s.InputOut]:
    context = ctx()
    return present.inputs(context.session,
                        consultation.list_inputs(context, process_id, cluster=query.cluster))


@endpoint(bp, "/processes/<id:process_id>/inputs", "POST",
          summary="Submit a written contribution or statement", tag=TAG,
          body=s.InputIn, response=s.InputOut, status=201, errors=(403, 404))
def submit_input(process_id: int, body: s.InputIn) -> s.InputOut:
    context = ctx()
    row = consultation.submit_input(context, process_id, cluster=body.cluster, kind=body.kind,
                                    title=body.title, body=body.body)
    return present.inputs(context.session, [row])[0]


@endpoint(bp, "/processes/<id:process_id>/summaries", "GET",
          summary="Session and stocktaking summaries", tag=TAG,
          response=list[s.SummaryOut], errors=(403, 404))
def list_summaries(process_id: int) -> list[s.SummaryOut]:
    context = ctx()
    return present.summaries(context.session, consultation.list_summaries(context, process_id))


@endpoint(bp, "/processes/<id:process_id>/summaries", "POST",
          summary="Write a session or stocktaking summary", tag=TAG,
          body=s.SummaryIn, response=s.SummaryOut, status=201, errors=(403, 404))
def write_summary(process_id: int, body: s.SummaryIn) -> s.SummaryOut:
    context = ctx()
    row = consultation.write_summary(context, process_id, kind=body.kind, cluster=body.cluster,
                                     title=body.title, body=body.body)
    return present.summaries(context.session, [row])[0]


@endpoint(bp, "/processes/<id:process_id>/clusters", "POST",
          summary="Add a thematic cluster (co-facilitators)", tag=TAG, body=s.ClusterAddIn,
          response=ClusterOut, status=201, errors=(403, 404, 409))
def add_cluster(process_id: int, body: s.ClusterAddIn) -> ClusterOut:
    row = consultation.add_cluster(ctx(), process_id, name=body.name, key=body.key)
    return ClusterOut(key=row.key, name=row.name)


@endpoint(bp, "/processes/<id:process_id>/clusters/<key>", "PATCH",
          summary="Rename a thematic cluster (its key stays)", tag=TAG, body=s.ClusterRenameIn,
          response=ClusterOut, errors=(403, 404, 409, 422))
def rename_cluster(process_id: int, key: str, body: s.ClusterRenameIn) -> ClusterOut:
    row = consultation.rename_cluster(ctx(), process_id, key, name=body.name)
    return ClusterOut(key=row.key, name=row.name)
