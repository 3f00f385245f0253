"""Processes as the API shows them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.policy import Actor
from server.features.processes import schemas as s
from server.models import Cluster, Delegation, Process


def process(session: Session, row: Process, actor: Actor | None) -> s.ProcessOut:
    clusters = session.scalars(select(Cluster).where(Cluster.process_id == row.id)
                               .order_by(Cluster.position))
    delegation = None
    if actor is not None and actor.delegation_id is not None:
        found = session.get(Delegation, actor.delegation_id)
        delegation = found.code if found else None
    return s.ProcessOut(
        id=row.id, slug=row.slug, title=row.title, phase=row.phase,
        observers_see_amendments_in=row.observers_see_amendments_in,
        clusters=[s.ClusterOut(key=c.key, name=c.name) for c in clusters],
        your_role=actor.role if actor else None, your_delegation=delegation)
