"""Processes as the API shows them."""

from __future__ import annotations

from sqlalchemy import select

from server.core.phases import Phase, moves_from
from server.core.policy import Action, Actor, process_actions
from server.features.common.access import settings_of
from server.features.common.context import Ctx
from server.features.processes import schemas as s
from server.features.silence.service import running_procedure
from server.models import Cluster, Delegation, Process
from server.models.process import DEFAULT_TIME_ZONE


def process(ctx: Ctx, row: Process, actor: Actor | None) -> s.ProcessOut:
    """The process as ``actor`` sees it, with what they may do in it now."""
    session = ctx.session
    phase = Phase(row.phase)
    is_admin = ctx.require_user().is_admin
    actions = process_actions(actor, phase, settings=settings_of(row),
                              silence_running=running_procedure(ctx, row.id) is not None,
                              is_admin=is_admin)
    moves = [s.PhaseMoveOut(phase=target, needs_reason=back)
             for target, back in moves_from(phase)] if Action.CHANGE_PHASE in actions else []
    clusters = session.scalars(select(Cluster).where(Cluster.process_id == row.id)
                               .order_by(Cluster.position))
    delegation = None
    if actor is not None and actor.delegation_id is not None:
        found = session.get(Delegation, actor.delegation_id)
        delegation = found.code if found else None
    return s.ProcessOut(
        id=row.id, slug=row.slug, title=row.title, phase=row.phase,
        observers_see_amendments_in=row.observers_see_amendments_in,
        time_zone=row.time_zone or DEFAULT_TIME_ZONE,
        clusters=[s.ClusterOut(key=c.key, name=c.name) for c in clusters],
        your_role=actor.role if actor else None, your_delegation=delegation,
        your_focal_point=bool(actor and actor.focal_point), administrator=is_admin,
        actions=actions, phase_moves=moves)
