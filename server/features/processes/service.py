"""Processes, their clusters and phases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import select

import server.features.history.service as history
from server.core.errors import Conflict, Invalid
from server.core.events import EventType
from server.core.phases import Phase, check_phase_change
from server.core.policy import Action, sees_every_process
from server.features.common.access import enter, load_process, phase_of, require_admin
from server.features.common.context import Ctx
from server.models import Cluster, Participant, Process
from server.models.process import DEFAULT_TIME_ZONE


def slug_from(ctx: Ctx, title: str) -> str:
    """A free slug made of the title's letters and digits ("Plastics treaty" ->
    "plastics-treaty", then "plastics-treaty-2" when taken).

    Names in other scripts keep no ASCII letter: the slug is then "process-N"."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", title).encode(
        "ascii", "ignore").decode().lower())
    base = "-".join(words)[:60].strip("-")
    if len(base) < 2:
        base = "process"
    taken = set(ctx.session.scalars(select(Process.slug).where(
        Process.slug.startswith(base))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def create_process(ctx: Ctx, *, slug: str | None, title: str,
                   clusters: Sequence[tuple[str, str]],
                   observers_see_amendments_in: Sequence[Phase] = (),
                   time_zone: str = DEFAULT_TIME_ZONE,
                   phase: Phase = Phase.CONSULTATION) -> Process:
    """An administrator opens a process (in the consultation phase unless told otherwise)."""
    require_admin(ctx)
    if slug is None:
        slug = slug_from(ctx, title)
    elif ctx.session.scalars(select(Process.id).where(Process.slug == slug)).first():
        raise Conflict(f"A process with the slug {slug!r} exists already.",
                       details={"field": "slug"})
    keys = [key for key, _ in clusters]
    if len(set(keys)) != len(keys):
        raise Invalid("Cluster keys must be distinct.", details={"field": "clusters"})
    process = Process(slug=slug, title=title, phase=phase.value,
                      observers_see_amendments_in=[p.value for p in observers_see_amendments_in],
                      time_zone=time_zone)
    ctx.session.add(process)
    ctx.session.flush()
    for position, (key, name) in enumerate(clusters):
        ctx.session.add(Cluster(process_id=process.id, key=key, name=name, position=position))
    history.open_stream(ctx, history.process_stream(process.id))
    history.record(ctx, history.process_stream(process.id), EventType.PROCESS_CREATED,
                   f"process:{process.id}",
                   {"slug": slug, "title": title, "clusters": keys,
                    # A process opened past consultation says so (older entries never do).
                    **({"phase": phase.value} if phase is not Phase.CONSULTATION else {})})
    ctx.commit()
    return process


def list_processes(ctx: Ctx) -> list[Process]:
    """The processes the user takes part in (all of them for an administrator)."""
    user = ctx.require_user()
    query = select(Process).order_by(Process.id)
    if not sees_every_process(user.is_admin):
        query = query.join(Participant, Participant.process_id == Process.id).where(
            Participant.user_id == user.id)
    return list(ctx.session.scalars(query))


def get_process(ctx: Ctx, process_id: int) -> Process:
    """A participant's process; an administrator sees every process it can list."""
    if sees_every_process(ctx.require_user().is_admin):
        return load_process(ctx, process_id)
    process, _ = enter(ctx, process_id, Action.VIEW_PROCESS)
    return process


def clusters_of(ctx: Ctx, process_id: int) -> list[Cluster]:
    return list(ctx.session.scalars(
        select(Cluster).where(Cluster.process_id == process_id).order_by(Cluster.position)))


def cluster_by_key(ctx: Ctx, process_id: int, key: str) -> Cluster:
    cluster = ctx.session.scalars(select(Cluster).where(
        Cluster.process_id == process_id, Cluster.key == key)).first()
    if cluster is None:
        raise Invalid(f"No thematic cluster {key!r} in this process.",
                      details={"field": "cluster"})
    return cluster


def change_phase(ctx: Ctx, process_id: int, *, target: Phase, reason: str | None,
                 expected: Phase | None = None) -> Process:
    """Co-facilitators move the process forward one phase, or back with a written reason."""
    process, _ = enter(ctx, process_id, Action.CHANGE_PHASE)
    current = phase_of(process)
    if expected is not None and expected is not current:
        raise Conflict("The phase has changed since you loaded the process.",
                       details={"current": {"phase": current.value}})
    backwards = check_phase_change(current, target, reason)
    from server.features.silence.service import running_procedure

    running = running_procedure(ctx, process.id)
    if running is not None:
        # Delegations may break silence only in negotiation: the phase stays until it ends.
        raise Conflict("A silence procedure is running; the phase changes after its deadline.",
                       details={"current": {"silence_id": running.id,
                                            "deadline": running.deadline.isoformat()}})
    process.phase = target.value
    history.record(ctx, history.process_stream(process.id), EventType.PHASE_CHANGED,
                   f"process:{process.id}",
                   {"from": current.value, "to": target.value, "backwards": backwards,
                    "reason": reason or ""})
    ctx.commit()
    return process


def configure(ctx: Ctx, process_id: int, *, title: str | None,
              observers_see_amendments_in: Sequence[Phase] | None,
              time_zone: str | None = None) -> Process:
    """Co-facilitators retitle the process, change in which phases observers see
    attributed amendments (connected observers are told to subscribe again) or the time
    zone the room works in (an IANA name, checked by the schema)."""
    process, _ = enter(ctx, process_id, Action.CONFIGURE_PROCESS)
    changed: dict[str, object] = {}
    if title is not None and title != process.title:
        process.title = title
        changed["title"] = title
    if observers_see_amendments_in is not None:
        phases = sorted({p.value for p in observers_see_amendments_in},
                        key=[p.value for p in Phase].index)
        if phases != process.observers_see_amendments_in:
            process.observers_see_amendments_in = phases
            changed["observers_see_amendments_in"] = phases
    if time_zone is not None and time_zone != process.time_zone:
        process.time_zone = time_zone
        changed["time_zone"] = time_zone
    if not changed:
        raise Invalid("Nothing to change.")
    history.record(ctx, history.process_stream(process.id), EventType.PROCESS_CONFIGURED,
                   f"process:{process.id}", changed)
    ctx.commit()
    return process
