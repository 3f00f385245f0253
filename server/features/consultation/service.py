"""Consultation and stocktaking: inputs by thematic cluster, and summaries."""

from __future__ import annotations

from sqlalchemy import select

import server.features.history.service as history
from server.core.errors import Invalid
from server.core.events import EventType
from server.core.policy import Action
from server.features.common.access import enter
from server.features.common.context import Ctx
from server.features.processes.service import cluster_by_key
from server.models import Cluster, Input, Summary

INPUT_KINDS = ("written_contribution", "statement")
SUMMARY_KINDS = ("session", "stocktaking")


def submit_input(ctx: Ctx, process_id: int, *, cluster: str, kind: str, title: str,
                 body: str) -> Input:
    """A delegation or an observer submits a written input or statement for a cluster."""
    process, actor = enter(ctx, process_id, Action.SUBMIT_INPUT)
    if kind not in INPUT_KINDS:
        raise Invalid(f"An input is one of: {', '.join(INPUT_KINDS)}.", details={"field": "kind"})
    row = Input(process_id=process.id, cluster_id=cluster_by_key(ctx, process.id, cluster).id,
                kind=kind, author_id=actor.user_id, delegation_id=actor.delegation_id,
                title=title, body=body)
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.INPUT_SUBMITTED,
                   f"input:{row.id}",
                   {"cluster": cluster, "kind": kind, "title": title})
    ctx.commit()
    return row


def list_inputs(ctx: Ctx, process_id: int, *, cluster: str | None = None) -> list[Input]:
    enter(ctx, process_id, Action.VIEW_INPUTS)
    query = select(Input).where(Input.process_id == process_id).order_by(Input.id)
    if cluster is not None:
        query = query.where(Input.cluster_id == cluster_by_key(ctx, process_id, cluster).id)
    return list(ctx.session.scalars(query))


def write_summary(ctx: Ctx, process_id: int, *, kind: str, cluster: str | None, title: str,
                  body: str) -> Summary:
    """Co-facilitators summarise a thematic session (one cluster) or the stocktaking."""
    process, actor = enter(ctx, process_id, Action.WRITE_SUMMARY)
    if kind not in SUMMARY_KINDS:
        raise Invalid(f"A summary is one of: {', '.join(SUMMARY_KINDS)}.",
                      details={"field": "kind"})
    cluster_row: Cluster | None = None
    if kind == "session":
        if cluster is None:
            raise Invalid("A session summary names its thematic cluster.",
                          details={"field": "cluster"})
        cluster_row = cluster_by_key(ctx, process.id, cluster)
    elif cluster is not None:
        raise Invalid("The stocktaking summary covers every cluster; name none.",
                      details={"field": "cluster"})
    row = Summary(process_id=process.id, kind=kind,
                  cluster_id=cluster_row.id if cluster_row else None, author_id=actor.user_id,
                  title=title, body=body)
    ctx.session.add(row)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.SUMMARY_WRITTEN,
                   f"summary:{row.id}", {"kind": kind, "cluster": cluster, "title": title})
    ctx.commit()
    return row


def list_summaries(ctx: Ctx, process_id: int) -> list[Summary]:
    enter(ctx, process_id, Action.VIEW_INPUTS)
    return list(ctx.session.scalars(
        select(Summary).where(Summary.process_id == process_id).order_by(Summary.id)))
