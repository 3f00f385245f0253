"""Consultation inputs and summaries as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.features.consultation import schemas as s
from server.models import Cluster, Delegation, Input, Summary


def _codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Delegation.id, Delegation.code)).all())


def _cluster_keys(session: Session, process_id: int) -> dict[int, str]:
    return dict(session.execute(select(Cluster.id, Cluster.key).where(
        Cluster.process_id == process_id)).all())


def inputs(session: Session, rows: Sequence[Input]) -> list[s.InputOut]:
    if not rows:
        return []
    clusters, codes = _cluster_keys(session, rows[0].process_id), _codes(session)
    return [s.InputOut(id=r.id, cluster=clusters[r.cluster_id], kind=r.kind,
                       author_id=r.author_id,
                       delegation=codes.get(r.delegation_id) if r.delegation_id else None,
                       title=r.title, body=r.body, created_at=r.created_at) for r in rows]


def summaries(session: Session, rows: Sequence[Summary]) -> list[s.SummaryOut]:
    if not rows:
        return []
    clusters = _cluster_keys(session, rows[0].process_id)
    return [s.SummaryOut(id=r.id, kind=r.kind,
                         cluster=clusters.get(r.cluster_id) if r.cluster_id else None,
                         author_id=r.author_id, title=r.title, body=r.body,
                         created_at=r.created_at) for r in rows]
