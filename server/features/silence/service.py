"""Silence procedures: put a published revision under silence; break it; settle it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update

import server.features.history.service as history
from server.core.errors import Conflict, NotFound
from server.core.events import EventType, audience_of
from server.core.policy import (
    Action,
    SilenceAction,
    may_receive,
    require_delegation,
    silence_actions,
)
from server.core.silence import SilenceFacts, SilenceState, check_break, check_deadline, state_at
from server.features.common.access import Viewer, enter
from server.features.common.context import Ctx
from server.models import (
    Delegation,
    Document,
    Process,
    Revision,
    SilenceBreak,
    SilenceProcedure,
)
from server.models.process import DEFAULT_TIME_ZONE


@dataclass(frozen=True)
class BreakRecord:
    """A break as the person asking may read it: who broke silence only where the policy
    lets them receive the "silence.broken" event (core.policy.may_receive)."""

    delegation_id: int
    #: The delegation's name, or None when the person may not know who broke silence.
    delegation: str | None
    reason: str
    at: datetime


@dataclass(frozen=True)
class SilenceRecord:
    procedure: SilenceProcedure
    state: SilenceState
    breaks: list[BreakRecord]
    revision_label: str | None
    #: What the person asking may do to it now (core.policy.silence_actions).
    actions: list[SilenceAction] = field(default_factory=list)
    #: The process's IANA time zone (deadlines are shown in it).
    time_zone: str = DEFAULT_TIME_ZONE


def _record(ctx: Ctx, procedure: SilenceProcedure,
            viewer: Viewer | None = None) -> SilenceRecord:
    rows = list(ctx.session.execute(
        select(SilenceBreak, Delegation.name)
        .outerjoin(Delegation, Delegation.id == SilenceBreak.delegation_id)
        .where(SilenceBreak.procedure_id == procedure.id).order_by(SilenceBreak.id)))
    breaks = []
    for row, name in rows:
        audience, about = audience_of(EventType.SILENCE_BROKEN, {"delegation": row.delegation_id})
        named = viewer is None or may_receive(viewer.actor, audience, about, viewer.phase,
                                              viewer.settings)
        breaks.append(BreakRecord(row.delegation_id, name if named else None, row.reason,
                                  row.at))
    state = state_at(SilenceFacts(procedure.deadline, bool(breaks)), ctx.now())
    revision = ctx.session.get(Revision, procedure.revision_id)
    actions = silence_actions(viewer.actor, viewer.phase,
                              running=state is SilenceState.RUNNING) if viewer else []
    process = viewer.process if viewer else ctx.session.get(Process, procedure.process_id)
    return SilenceRecord(procedure, state, breaks, revision.label if revision else None,
                         actions, (process.time_zone if process else None) or DEFAULT_TIME_ZONE)


def running_procedure(ctx: Ctx, process_id: int) -> SilenceProcedure | None:
    """The procedure of the process still running now, if any."""
    for procedure in ctx.session.scalars(select(SilenceProcedure).where(
            SilenceProcedure.process_id == process_id, SilenceProcedure.outcome.is_(None))):
        if _record(ctx, procedure).state is SilenceState.RUNNING:
            return procedure
    return None


def start(ctx: Ctx, process_id: int, *, revision_id: int, deadline: datetime) -> SilenceRecord:
    """Put a published revision under silence until ``deadline``.

    One procedure runs at a time in a process.
    """
    process, actor = enter(ctx, process_id, Action.START_SILENCE)
    revision = ctx.session.get(Revision, revision_id)
    document = ctx.session.get(Document, revision.document_id) if revision else None
    if revision is None or document is None or document.process_id != process.id \
            or revision.published_at is None:
        raise NotFound(f"No published revision {revision_id} in this process.")
    now = ctx.now()
    check_deadline(deadline, now, ctx.silence_minimum)
    running = running_procedure(ctx, process.id)
    if running is not None:
        raise Conflict("A silence procedure is already running in this process.",
                       details={"current": {"silence_id": running.id}})
    procedure = SilenceProcedure(process_id=process.id, revision_id=revision.id,
                                 deadline=deadline, started_by_id=actor.user_id, started_at=now)
    ctx.session.add(procedure)
    ctx.session.flush()
    history.record(ctx, history.process_stream(process.id), EventType.SILENCE_STARTED,
                   f"silence:{procedure.id}",
                   {"revision": revision.id, "deadline": deadline.isoformat()})
    answer = _record(ctx, procedure, Viewer(actor, process))
    ctx.commit()
    return answer


def _load(ctx: Ctx, silence_id: int, action: Action) -> tuple[SilenceProcedure, Viewer]:
    """The procedure, once the person asking is found allowed ``action`` (others: 404/403)."""
    procedure = ctx.session.get(SilenceProcedure, silence_id)
    if procedure is None:
        raise NotFound(f"No silence procedure {silence_id}.")
    process, actor = enter(ctx, procedure.process_id, action,
                           subject=f"silence procedure {silence_id}")
    return procedure, Viewer(actor, process)


def break_silence(ctx: Ctx, silence_id: int, *, reason: str) -> SilenceRecord:
    """A delegation breaks silence in writing before the deadline."""
    procedure, viewer = _load(ctx, silence_id, Action.BREAK_SILENCE)
    actor = viewer.actor
    delegation_id = require_delegation(actor)
    current = _record(ctx, procedure)
    check_break(SilenceFacts(procedure.deadline, bool(current.breaks)), ctx.now(), reason)
    now = ctx.now()
    ctx.session.add(SilenceBreak(procedure_id=procedure.id, delegation_id=delegation_id,
                                 user_id=actor.user_id, reason=reason, at=now))
    procedure.outcome = SilenceState.BROKEN.value
    procedure.settled_at = now
    history.record(ctx, history.process_stream(procedure.process_id), EventType.SILENCE_BROKEN,
                   f"silence:{procedure.id}", {"delegation": delegation_id, "reason": reason})
    answer = _record(ctx, procedure, viewer)
    ctx.commit()
    return answer


def settle_due(ctx: Ctx) -> list[int]:
    """Record as agreed every procedure whose deadline passed unbroken, in every process.

    The state is derived from the deadline on every read; this writes the outcome into the
    history (and so the live "silence.agreed" event). Run by the server every
    ACCORD_SETTLE_SECONDS and by `accord silence settle`; safe to run from several processes
    at once: the outcome is claimed with a conditional update, so each is recorded once.
    """
    settled: list[int] = []
    due = ctx.session.scalars(select(SilenceProcedure).where(
        SilenceProcedure.outcome.is_(None), SilenceProcedure.deadline <= ctx.now())
        .order_by(SilenceProcedure.id)).all()
    for procedure in due:
        if _record(ctx, procedure).state is not SilenceState.AGREED:
            continue
        claimed = ctx.session.execute(
            update(SilenceProcedure).where(SilenceProcedure.id == procedure.id,
                                           SilenceProcedure.outcome.is_(None))
            .values(outcome=SilenceState.AGREED.value, settled_at=ctx.now())
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue
        history.record(ctx, history.process_stream(procedure.process_id), EventType.SILENCE_AGREED,
                       f"silence:{procedure.id}", {"revision": procedure.revision_id})
        settled.append(procedure.id)
    if settled:
        ctx.commit()
    else:
        ctx.session.rollback()
    return settled


def get(ctx: Ctx, silence_id: int) -> SilenceRecord:
    procedure, viewer = _load(ctx, silence_id, Action.VIEW_REVISIONS)
    return _record(ctx, procedure, viewer)


def list_for(ctx: Ctx, process_id: int) -> list[SilenceRecord]:
    process, actor = enter(ctx, process_id, Action.VIEW_REVISIONS)
    viewer = Viewer(actor, process)
    return [_record(ctx, p, viewer) for p in ctx.session.scalars(select(SilenceProcedure).where(
        SilenceProcedure.process_id == process_id).order_by(SilenceProcedure.id))]
