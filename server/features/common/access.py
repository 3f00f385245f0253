"""Loading a process and the acting participant, then asking the policy."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from server.core.errors import NotFound
from server.core.phases import Phase
from server.core.policy import (
    Action,
    Actor,
    ProcessSettings,
    Role,
    administrator_may,
    authorize,
    require_administrator,
)
from server.features.common.context import Ctx
from server.models import Participant, Process


def load_process(ctx: Ctx, process_id: int) -> Process:
    process = ctx.session.get(Process, process_id)
    if process is None:
        raise NotFound(f"No process {process_id}.")
    return process


def actor_in(ctx: Ctx, process: Process) -> Actor | None:
    """The signed-in user's role in ``process``, or None when they take no part in it."""
    user = ctx.require_user()
    row = ctx.session.scalars(select(Participant).where(
        Participant.process_id == process.id, Participant.user_id == user.id)).first()
    return _actor(user.id, row) if row is not None else None


def _actor(user_id: int, row: Participant) -> Actor:
    return Actor(user_id=user_id, role=Role(row.role), delegation_id=row.delegation_id,
                 focal_point=row.focal_point)


@dataclass(frozen=True)
class Viewer:
    """The person asking, in one process: what the rules need to say what they may do."""

    actor: Actor
    process: Process

    @property
    def phase(self) -> Phase:
        return phase_of(self.process)

    @property
    def settings(self) -> ProcessSettings:
        return settings_of(self.process)


def viewer_in(ctx: Ctx, process_id: int) -> Viewer:
    """The person asking, as a participant of ``process_id`` (NotFound for outsiders)."""
    process, actor = enter(ctx, process_id, Action.VIEW_PROCESS)
    return Viewer(actor, process)


def phase_of(process: Process) -> Phase:
    return Phase(process.phase)


def settings_of(process: Process) -> ProcessSettings:
    phases = frozenset(Phase(p) for p in process.observers_see_amendments_in)
    return ProcessSettings(observers_see_amendments_in=phases)


#: A process and someone's part in it (built once: building it cost more than running it).
_PART_IN = select(Process, Participant).outerjoin(Participant, (
    Participant.process_id == Process.id) & (Participant.user_id == bindparam("user_id"))
).where(Process.id == bindparam("process_id"))


def enter(ctx: Ctx, process_id: int, action: Action, *,
          subject: str | None = None) -> tuple[Process, Actor]:
    """Load the process, find the actor, authorise ``action`` in the current phase.

    Someone who takes no part in the process learns nothing about it: NotFound, worded as for
    an unknown ``subject`` (the thing asked for, e.g. "amendment 7") so ids do not leak.
    """
    user = ctx.require_user()
    # The process and the user's part in it, in one query (every request asks this).
    found = ctx.session.execute(_PART_IN, {"user_id": user.id,
                                           "process_id": process_id}).first()
    if found is None:
        raise NotFound(f"No process {process_id}.")
    process, row = found
    if row is None:
        raise NotFound(f"No {subject or f'process {process_id}'}.")
    ctx.hold(row)  # who acts, as the sentences of what they record name them
    actor = _actor(user.id, row)
    return process, authorize(actor, action, phase_of(process))


def enter_or_administer(ctx: Ctx, process_id: int,
                        action: Action) -> tuple[Process, Actor | None]:
    """As :func:`enter`, but an administrator without a role in the process may still take
    the actions the policy gives every administrator (``None`` as the actor then)."""
    if administrator_may(ctx.require_user().is_admin, action):
        process = load_process(ctx, process_id)
        actor = actor_in(ctx, process)
        if actor is None:
            return process, None
    return enter(ctx, process_id, action)


def actors_in(ctx: Ctx, process_id: int,
              user_ids: Collection[int]) -> tuple[Process | None, dict[int, Actor]]:
    """The process (None: there is none) and the part each of ``user_ids`` takes in it (those
    who take none are left out), in two queries: what the live layer asks of every connection
    following a process when access in it changes (authorise each with the policy)."""
    process = ctx.session.get(Process, process_id)
    if process is None or not user_ids:
        return process, {}
    rows = ctx.session.scalars(select(Participant).where(
        Participant.process_id == process_id, Participant.user_id.in_(list(user_ids))))
    return process, {row.user_id: _actor(row.user_id, row) for row in rows}


def require_admin(ctx: Ctx) -> None:
    require_administrator(ctx.require_user().is_admin)
