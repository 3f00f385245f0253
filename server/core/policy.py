"""Who may do what, in which phase: the one place every entry point asks.

``RULES`` is the role x action x phase table. HTTP handlers and socket events both go through
:func:`authorize` (or :func:`can`) before they act; object-level rules (a delegation acts only on
its own amendments, drafts are seen only by their delegation, observers see attributed
proposals only where the process says so) are the functions below the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from server.core.errors import Forbidden
from server.core.phases import Phase


class Role(StrEnum):
    """A person's role in one process."""

    CO_FACILITATOR = "co_facilitator"
    SECRETARIAT = "secretariat"
    DELEGATE = "delegate"
    OBSERVER = "observer"


class Action(StrEnum):
    """Everything a participant can ask Accord to do or show."""

    VIEW_PROCESS = "process.view"
    CHANGE_PHASE = "phase.change"
    CONFIGURE_PROCESS = "process.configure"
    MANAGE_PARTICIPANTS = "participants.manage"
    ADD_OWN_DELEGATE = "participants.add_own_delegate"
    VIEW_PARTICIPANTS = "participants.view"
    SUBMIT_INPUT = "input.submit"
    VIEW_INPUTS = "input.view"
    WRITE_SUMMARY = "summary.write"
    CREATE_DOCUMENT = "document.create"
    VIEW_WORKING_COPY = "working_copy.view"
    EDIT_WORKING_COPY = "working_copy.edit"
    SET_UNIT_STATUS = "unit.set_status"
    PUBLISH_REVISION = "revision.publish"
    VIEW_REVISIONS = "revision.view"
    PROPOSE_AMENDMENT = "amendment.propose"
    WITHDRAW_AMENDMENT = "amendment.withdraw"
    RESPOND_TO_AMENDMENT = "amendment.respond"
    VIEW_AMENDMENTS = "amendment.view"
    DECIDE_AMENDMENT = "amendment.decide"
    START_SILENCE = "silence.start"
    BREAK_SILENCE = "silence.break"
    VIEW_LOG = "log.view"


ALL = frozenset(Phase)
C, S, N, X = Phase.CONSULTATION, Phase.STOCKTAKING, Phase.NEGOTIATION, Phase.CONCLUDED
CF, SEC, DEL, OBS = Role.CO_FACILITATOR, Role.SECRETARIAT, Role.DELEGATE, Role.OBSERVER

#: The table: for each action, the roles that may do it and in which phases.
#: Observers' sight of attributed amendments is further narrowed by the process setting
#: ``observers_see_amendments_in`` (see :func:`may_view_amendments`).
RULES: dict[Action, dict[Role, frozenset[Phase]]] = {
    Action.VIEW_PROCESS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.CHANGE_PHASE: {CF: ALL},
    Action.CONFIGURE_PROCESS: {CF: ALL},
    Action.MANAGE_PARTICIPANTS: {CF: ALL, SEC: ALL},
    Action.ADD_OWN_DELEGATE: {DEL: frozenset({C, S, N})},
    Action.VIEW_PARTICIPANTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.SUBMIT_INPUT: {DEL: frozenset({C, S}), OBS: frozenset({C, S})},
    Action.VIEW_INPUTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    # Summaries are published as written, and only the co-facilitators publish.
    Action.WRITE_SUMMARY: {CF: frozenset({C, S})},
    Action.CREATE_DOCUMENT: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    Action.VIEW_WORKING_COPY: {CF: ALL, SEC: ALL},
    Action.EDIT_WORKING_COPY: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    Action.SET_UNIT_STATUS: {CF: frozenset({N, X})},
    Action.PUBLISH_REVISION: {CF: frozenset({S, N, X})},
    Action.VIEW_REVISIONS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.PROPOSE_AMENDMENT: {DEL: frozenset({N})},
    Action.WITHDRAW_AMENDMENT: {DEL: frozenset({N})},
    Action.RESPOND_TO_AMENDMENT: {DEL: frozenset({N})},
    Action.VIEW_AMENDMENTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.DECIDE_AMENDMENT: {CF: frozenset({N})},
    Action.START_SILENCE: {CF: frozenset({N})},
    Action.BREAK_SILENCE: {DEL: frozenset({N})},
    Action.VIEW_LOG: {CF: ALL, SEC: ALL},
}


@dataclass(frozen=True, slots=True)
class Actor:
    """A signed-in person acting in one process."""

    user_id: int
    role: Role
    delegation_id: int | None = None
    focal_point: bool = False


@dataclass(frozen=True, slots=True)
class ProcessSettings:
    """Per-process visibility settings (DOMAIN: visibility differs by process and phase)."""

    observers_see_amendments_in: frozenset[Phase] = frozenset()


def can(role: Role, action: Action, phase: Phase) -> bool:
    """True when the table lets ``role`` do ``action`` in ``phase``."""
    return phase in RULES[action].get(role, frozenset())


def authorize(actor: Actor | None, action: Action, phase: Phase) -> Actor:
    """Return the actor when the table allows the action; otherwise raise Forbidden.

    ``None`` (not a participant of the process) is always refused.
    """
    if actor is None:
        raise Forbidden("You are not a participant in this process.")
    if not can(actor.role, action, phase):
        raise Forbidden(
            f"A {actor.role.value.replace('_', '-')} may not do this "
            f"in the {phase.value} phase.",
            details={"action": action.value, "role": actor.role.value, "phase": phase.value},
        )
    return actor


def roles_allowed(action: Action, phase: Phase) -> frozenset[Role]:
    """The roles that may do ``action`` in ``phase`` (for documentation and tests)."""
    return frozenset(role for role, phases in RULES[action].items() if phase in phases)


# ---- object-level rules -------------------------------------------------------------------


def may_view_amendments(actor: Actor | None, phase: Phase, settings: ProcessSettings) -> bool:
    """Whether the actor may see submitted (attributed) amendments in this phase."""
    if actor is None or not can(actor.role, Action.VIEW_AMENDMENTS, phase):
        return False
    if actor.role is Role.OBSERVER:
        return phase in settings.observers_see_amendments_in
    return True


def may_see_contact_details(actor: Actor | None) -> bool:
    """E-mail addresses of participants are for those who negotiate, not for observers
    (the press and civil society among them)."""
    return actor is not None and actor.role is not Role.OBSERVER


def may_view_draft(actor: Actor | None, proposer_delegation_id: int) -> bool:
    """A draft amendment is seen only by the delegation that drafts it."""
    return actor is not None and actor.delegation_id == proposer_delegation_id


def require_own_delegation(actor: Actor, proposer_delegation_id: int) -> None:
    """Only the proposing delegation edits, submits, withdraws or names co-proponents."""
    if actor.delegation_id != proposer_delegation_id:
        raise Forbidden("Only the proposing delegation may change this amendment.")


def require_not_proponent(actor: Actor, proponent_ids: Iterable[int]) -> None:
    """A proponent cannot support or oppose its own proposal."""
    if actor.delegation_id in set(proponent_ids):
        raise Forbidden("A proponent cannot support or oppose its own amendment.")


def require_focal_point_of(actor: Actor, delegation_id: int) -> None:
    """A delegation's focal point may add delegates to that delegation only."""
    if actor.role is Role.DELEGATE and (
        not actor.focal_point or actor.delegation_id != delegation_id
    ):
        raise Forbidden("Only the delegation's focal point may add its delegates.")


def sees_every_process(is_admin: bool) -> bool:
    """An administrator lists and reads every process (without a role in it)."""
    return is_admin


def require_administrator(is_admin: bool) -> None:
    """Opening a process (and appointing its first co-facilitators) is an administrator's."""
    if not is_admin:
        raise Forbidden("Only an administrator may do this.")


def authorize_appointment(actor: Actor | None, phase: Phase, *, is_admin: bool, role: Role,
                          delegation_id: int | None, focal_point: bool) -> None:
    """Who may give a person a role in a process.

    An administrator may appoint anyone (that is how a process gets its first
    co-facilitators); co-facilitators and the secretariat add participants, but only
    co-facilitators appoint co-facilitators; a delegation's focal point adds delegates (not
    focal points) to its own delegation. Raises Forbidden otherwise.
    """
    if is_admin:
        return
    if actor is None:
        raise Forbidden("You are not a participant in this process.")
    if actor.role is Role.DELEGATE:
        authorize(actor, Action.ADD_OWN_DELEGATE, phase)
        if role is not Role.DELEGATE or focal_point or delegation_id is None:
            raise Forbidden("A focal point adds delegates of its own delegation only.")
        require_focal_point_of(actor, delegation_id)
        return
    authorize(actor, Action.MANAGE_PARTICIPANTS, phase)
    if role is Role.CO_FACILITATOR and actor.role is not Role.CO_FACILITATOR:
        raise Forbidden("Only co-facilitators appoint co-facilitators.")


def require_delegation(actor: Actor) -> int:
    """Return the actor's delegation; a delegate without one cannot act for a State."""
    if actor.delegation_id is None:
        raise Forbidden("This action is taken on behalf of a delegation.")
    return actor.delegation_id


# ---- who receives which live event ----------------------------------------------------------


class Audience(StrEnum):
    """Who may see a recorded change as it happens (and when catching up on it)."""

    EVERYONE = "everyone"  # every participant of the process
    STAFF = "staff"  # co-facilitators and secretariat (the working copy, documents in making)
    AMENDMENTS = "amendments"  # those who may see attributed amendments in this phase
    DELEGATION = "delegation"  # one delegation only (its drafts)


def audience_of(action: str, payload: dict[str, object]) -> tuple[Audience, int | None]:
    """The audience of a history entry of a process, and the delegation for DELEGATION."""
    if payload.get("restricted"):
        delegation = payload.get("delegation")
        return Audience.DELEGATION, delegation if isinstance(delegation, int) else None
    if action.startswith("working_copy.") or action == "document.created":
        return Audience.STAFF, None
    if action.startswith("amendment."):
        return Audience.AMENDMENTS, None
    return Audience.EVERYONE, None


def may_receive(actor: Actor | None, audience: Audience, delegation_id: int | None,
                phase: Phase, settings: ProcessSettings) -> bool:
    """Whether the actor may see an event meant for ``audience`` in ``phase``."""
    if actor is None:
        return False
    if audience is Audience.EVERYONE:
        return True
    if audience is Audience.STAFF:
        return actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)
    if audience is Audience.AMENDMENTS:
        return may_view_amendments(actor, phase, settings)
    return delegation_id is not None and actor.delegation_id == delegation_id


def may_see_presence(actor: Actor | None) -> bool:
    """Who is connected, per delegation, is shown to the co-facilitators and secretariat."""
    return actor is not None and actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)
