"""Consultation and stocktaking: inputs by thematic cluster, and summaries."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

import server.features.history.service as history
from server.core.errors import Conflict, Invalid
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


# ---- thematic clusters ------------------------------------------------------------------------


def _key_from(name: str, taken: set[str]) -> str:
    """A free key made of the name's letters ("Human rights" -> "human_rights")."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).encode(
        "ascii", "ignore").decode().lower())
    base = "_".join(words)[:50].strip("_") or "cluster"
    if base not in taken:
        return base
    return next(f"{base}_{n}" for n in range(2, len(taken) + 3) if f"{base}_{n}" not in taken)


def add_cluster(ctx: Ctx, process_id: int, *, name: str, key: str | None) -> Cluster:
    """Co-facilitators add a thematic cluster (inputs and session summaries are filed by
    cluster), after the others."""
    process, _ = enter(ctx, process_id, Action.CONFIGURE_PROCESS)
    rows = list(ctx.session.scalars(select(Cluster).where(Cluster.process_id == process.id)))
    if any(c.name == name for c in rows):
        raise Conflict(f"This process has a cluster called {name} already.",
                       details={"field": "name"})
    taken = {c.key for c in rows}
    if key is not None and key in taken:
        raise Conflict(f"This process has a cluster with the key {key} already.",
                       details={"field": "key"})
    position = (ctx.session.scalar(select(func.max(Cluster.position)).where(
        Cluster.process_id == process.id)) or 0) + (1 if rows else 0)
    cluster = Cluster(process_id=process.id, key=key or _key_from(name, taken), name=name,
                      position=position)
    ctx.session.add(cluster)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.PROCESS_CONFIGURED,
                   f"process:{process.id}", {"cluster_added": {"key": cluster.key,
                                                                "name": name}})
    ctx.commit()
    return cluster


def rename_cluster(ctx: Ctx, process_id: int, key: str, *, name: str) -> Cluster:
    """Co-facilitators rename a thematic cluster (its key, by which inputs refer to it, stays)."""
    process, _ = enter(ctx, process_id, Action.CONFIGURE_PROCESS)
    cluster = cluster_by_key(ctx, process.id, key)
    if cluster.name == name:
        raise Invalid(f"The cluster is called {name} already.", details={"field": "name"})
    if ctx.session.scalars(select(Cluster.id).where(
            Cluster.process_id == process.id, Cluster.name == name)).first():
        raise Conflict(f"This process has a cluster called {name} already.",
                       details={"field": "name"})
    previous, cluster.name = cluster.name, name
    history.record(ctx, history.process_stream(process.id), EventType.PROCESS_CONFIGURED,
                   f"process:{process.id}", {"cluster_renamed": {"key": key, "from": previous,
                                                                  "to": name}})
    ctx.commit()
    return cluster
