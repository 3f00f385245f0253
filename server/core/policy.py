"""Who may do what, in which phase: the one place every entry point asks.

``RULES`` is the role x action x phase table. HTTP handlers and socket events both go through
:func:`authorize` (or :func:`can`) before they act; object-level rules (a delegation acts only on
its own amendments, drafts are seen only by their delegation, observers see attributed
proposals only where the process says so) are the functions below the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from server.core.amendments import (
    APPLICABLE_KINDS,
    DECISIONS,
    OPEN_STATES,
    TRANSITIONS,
    AmendmentKind,
    AmendmentState,
    CoSponsorship,
    check_co_sponsor_answer,
    check_transition,
)
from server.core.errors import Forbidden, Invalid, NotFound
from server.core.events import Audience
from server.core.phases import Phase
from server.core.text import UnitStatus


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
    MANAGE_DELEGATIONS = "delegations.manage"
    ADD_OWN_DELEGATE = "participants.add_own_delegate"
    VIEW_PARTICIPANTS = "participants.view"
    SUBMIT_INPUT = "input.submit"
    VIEW_INPUTS = "input.view"
    WRITE_SUMMARY = "summary.write"
    CREATE_DOCUMENT = "document.create"
    VIEW_WORKING_COPY = "working_copy.view"
    EDIT_WORKING_COPY = "working_copy.edit"
    SHARE_WORKING_COPY = "working_copy.share"
    SET_DISCUSSION = "discussion.set"
    SET_UNIT_STATUS = "unit.set_status"
    PUBLISH_REVISION = "revision.publish"
    VIEW_REVISIONS = "revision.view"
    PROPOSE_AMENDMENT = "amendment.propose"
    WITHDRAW_AMENDMENT = "amendment.withdraw"
    RESPOND_TO_AMENDMENT = "amendment.respond"
    CO_SPONSOR_AMENDMENT = "amendment.co_sponsor"
    VIEW_AMENDMENTS = "amendment.view"
    DECIDE_AMENDMENT = "amendment.decide"
    APPLY_AMENDMENT = "amendment.apply"
    START_SILENCE = "silence.start"
    BREAK_SILENCE = "silence.break"
    VIEW_LOG = "log.view"
    EDIT_TRANSLATIONS = "translation.edit"


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
    # Which delegations and groups take part, and who a group's members are, is the
    # co-facilitators' call (administrators too, see authorize_delegation_management).
    Action.MANAGE_DELEGATIONS: {CF: ALL},
    Action.ADD_OWN_DELEGATE: {DEL: frozenset({C, S, N})},
    Action.VIEW_PARTICIPANTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.SUBMIT_INPUT: {DEL: frozenset({C, S}), OBS: frozenset({C, S})},
    Action.VIEW_INPUTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    # Summaries are published as written, and only the co-facilitators publish.
    Action.WRITE_SUMMARY: {CF: frozenset({C, S})},
    Action.CREATE_DOCUMENT: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    Action.VIEW_WORKING_COPY: {CF: ALL, SEC: ALL},
    Action.EDIT_WORKING_COPY: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    # Showing the working copy to delegations and observers (and the room screen) is the
    # co-facilitators' call; the pen-holders move the paragraph under discussion.
    Action.SHARE_WORKING_COPY: {CF: ALL},
    Action.SET_DISCUSSION: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    Action.SET_UNIT_STATUS: {CF: frozenset({N, X})},
    Action.PUBLISH_REVISION: {CF: frozenset({S, N, X})},
    Action.VIEW_REVISIONS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.PROPOSE_AMENDMENT: {DEL: frozenset({N})},
    Action.WITHDRAW_AMENDMENT: {DEL: frozenset({N})},
    Action.RESPOND_TO_AMENDMENT: {DEL: frozenset({N})},
    # Accepting, declining or withdrawing a co-sponsorship the proposer invited: any delegate
    # of the invited delegation (its focal point among them), as for supporting or opposing.
    Action.CO_SPONSOR_AMENDMENT: {DEL: frozenset({N})},
    Action.VIEW_AMENDMENTS: {CF: ALL, SEC: ALL, DEL: ALL, OBS: ALL},
    Action.DECIDE_AMENDMENT: {CF: frozenset({N})},
    # Applying an amendment edits the working copy: the pen-holders' (deciding it is not).
    Action.APPLY_AMENDMENT: {CF: frozenset({S, N}), SEC: frozenset({S, N})},
    Action.START_SILENCE: {CF: frozenset({N})},
    Action.BREAK_SILENCE: {DEL: frozenset({N})},
    Action.VIEW_LOG: {CF: ALL, SEC: ALL},
    # Language versions (importing a translated file, entering or correcting a paragraph's
    # translation) are the secretariat's and the co-facilitators', in any phase: a concluded
    # text is still issued in six languages. Whoever may read a revision reads them.
    Action.EDIT_TRANSLATIONS: {CF: ALL, SEC: ALL},
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


def may_see_contact_details(actor: Actor | None, *, is_admin: bool = False) -> bool:
    """E-mail addresses of participants are for those who negotiate, not for observers
    (the press and civil society among them); administrators, who invite, see them."""
    return is_admin or (actor is not None and actor.role is not Role.OBSERVER)


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


#: What an administrator may do in every process, with or without a role in it: see the
#: process and its people, and manage its participants, delegations and groups (opening a
#: process and appointing its first co-facilitators is theirs).
ADMINISTRATOR_ACTIONS: frozenset[Action] = frozenset({
    Action.VIEW_PROCESS, Action.MANAGE_PARTICIPANTS, Action.MANAGE_DELEGATIONS,
    Action.VIEW_PARTICIPANTS})


def administrator_may(is_admin: bool, action: Action) -> bool:
    """Whether being an administrator alone allows ``action`` in any process.

    >>> administrator_may(True, Action.VIEW_PARTICIPANTS), administrator_may(True,
    ...                                                                     Action.VIEW_LOG)
    (True, False)
    """
    return is_admin and action in ADMINISTRATOR_ACTIONS


def require_administrator(is_admin: bool) -> None:
    """Opening a process (and appointing its first co-facilitators) is an administrator's."""
    if not is_admin:
        raise Forbidden("Only an administrator may do this.")


def authorize_people_management(actor: Actor | None, phase: Phase, *, is_admin: bool,
                                subject: str) -> None:
    """Who may open a process's people to manage them (the appointment itself is then
    :func:`authorize_appointment`'s): an administrator, with or without a role in the process
    (that is how a process gets its first co-facilitators); otherwise a participant whose role
    manages participants, or a delegate while delegations add their own delegates.

    Someone with no role who is not an administrator gets NotFound, worded as for an unknown
    ``subject`` ("process 3"): they learn nothing about the process. A role that manages
    nobody gets Forbidden before anything about the person asked for is looked at.
    """
    if is_admin:
        return
    if actor is None:
        raise NotFound(f"No {subject}.")
    authorize(actor, Action.ADD_OWN_DELEGATE if actor.role is Role.DELEGATE
              else Action.MANAGE_PARTICIPANTS, phase)


def authorize_delegation_management(actor: Actor | None, phase: Phase, *, is_admin: bool,
                                    subject: str) -> None:
    """Who may add a process's delegations and groups and change a group's members: the
    co-facilitators of that process (``actor`` is the person's role in it, never in another
    process) and administrators, with or without a role in it.

    Someone with no role who is not an administrator gets NotFound, worded as for an unknown
    ``subject``; any other role gets Forbidden.

    >>> authorize_delegation_management(None, Phase.NEGOTIATION, is_admin=True, subject="p")
    >>> authorize_delegation_management(Actor(1, Role.SECRETARIAT), Phase.NEGOTIATION,
    ...                                 is_admin=False, subject="p")
    Traceback (most recent call last):
    server.core.errors.Forbidden: A secretariat may not do this in the negotiation phase.
    """
    if is_admin:
        return
    if actor is None:
        raise NotFound(f"No {subject}.")
    authorize(actor, Action.MANAGE_DELEGATIONS, phase)


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


def authorize_removal(actor: Actor | None, phase: Phase, *, is_admin: bool,
                      target: Actor) -> None:
    """Who may take a role away: whoever may give that role (see
    :func:`authorize_appointment`). So only co-facilitators remove co-facilitators, and a focal
    point removes the delegates of its own delegation but not itself. Raises Forbidden."""
    authorize_appointment(actor, phase, is_admin=is_admin, role=target.role,
                          delegation_id=target.delegation_id, focal_point=target.focal_point)


def authorize_role_change(actor: Actor | None, phase: Phase, *, is_admin: bool, target: Actor,
                          role: Role) -> None:
    """Changing a person's role is taking the old one away and giving the new one: both must
    be allowed (Forbidden otherwise). Nobody is made to speak for a delegation this way: a
    person joins a delegation only by accepting an invitation to it (Invalid)."""
    authorize_removal(actor, phase, is_admin=is_admin, target=target)
    authorize_appointment(actor, phase, is_admin=is_admin, role=role, delegation_id=None,
                          focal_point=False)
    if role is Role.DELEGATE:
        raise Invalid("A person speaks for a delegation only by accepting an invitation to it.",
                      details={"field": "role"})
    if role is target.role:
        raise Invalid(f"This person is a {role.value.replace('_', '-')} already.",
                      details={"field": "role"})


def require_co_facilitator_remains(remaining: int) -> None:
    """A process always keeps a co-facilitator: someone must hold the pen (an administrator
    appoints another first)."""
    if remaining < 1:
        raise Invalid("A process keeps at least one co-facilitator: appoint another first.",
                      details={"field": "role"})


def authorize_focal_point_transfer(actor: Actor | None, phase: Phase, *, is_admin: bool,
                                   target: Actor) -> None:
    """Who makes a delegate its delegation's focal point (the previous one becomes a plain
    delegate): those who manage participants, or the delegation's current focal point while
    delegations may add their delegates. Raises Forbidden; Invalid when the target does not
    speak for a delegation."""
    if not is_admin:
        if actor is None:
            raise Forbidden("You are not a participant in this process.")
        if actor.role is Role.DELEGATE:
            authorize(actor, Action.ADD_OWN_DELEGATE, phase)
            if target.delegation_id is None or not actor.focal_point or (
                    actor.delegation_id != target.delegation_id):
                raise Forbidden("Only the delegation's focal point hands that role on.")
        else:
            authorize(actor, Action.MANAGE_PARTICIPANTS, phase)
    if target.role is not Role.DELEGATE or target.delegation_id is None:
        raise Invalid("Only a delegate becomes the focal point of their delegation.",
                      details={"field": "participant"})
    if target.focal_point:
        raise Invalid("This delegate is the focal point already.",
                      details={"field": "participant"})


class ParticipantAction(StrEnum):
    """What can be done to one participant."""

    REMOVE = "remove"
    CHANGE_ROLE = "change_role"
    MAKE_FOCAL_POINT = "make_focal_point"


def participant_actions(actor: Actor | None, phase: Phase, *, is_admin: bool,
                        target: Actor) -> list[ParticipantAction]:
    """What the actor may do to ``target`` now: the same checks the people service runs
    (which also refuses to remove the last co-facilitator, counting them).

    >>> focal = Actor(1, Role.DELEGATE, delegation_id=4, focal_point=True)
    >>> [a.value for a in participant_actions(focal, Phase.NEGOTIATION, is_admin=False,
    ...                                       target=Actor(2, Role.DELEGATE, delegation_id=4))]
    ['remove', 'make_focal_point']
    """
    if actor is None and not is_admin:
        return []

    def remove() -> None:
        authorize_removal(actor, phase, is_admin=is_admin, target=target)

    def change_role() -> None:
        # Whoever may change a role may at least make the person an observer.
        remove()
        authorize_appointment(actor, phase, is_admin=is_admin, role=Role.OBSERVER,
                              delegation_id=None, focal_point=False)

    def make_focal_point() -> None:
        authorize_focal_point_transfer(actor, phase, is_admin=is_admin, target=target)

    found: list[ParticipantAction] = []
    for action, check in ((ParticipantAction.REMOVE, remove),
                          (ParticipantAction.CHANGE_ROLE, change_role),
                          (ParticipantAction.MAKE_FOCAL_POINT, make_focal_point)):
        try:
            check()
        except (Forbidden, Invalid):
            continue
        found.append(action)
    return found


class InvitationAction(StrEnum):
    """What can be done to an invitation not yet answered."""

    RESEND = "resend"  # a fresh link (the old one stops working)
    REVOKE = "revoke"  # the link stops working


def invitation_actions(actor: Actor | None, phase: Phase, *, is_admin: bool, role: Role,
                       delegation_id: int | None,
                       focal_point: bool) -> list[InvitationAction]:
    """Whoever may give the role an invitation offers (see :func:`authorize_appointment`) sees
    it while it is pending, sends it again or revokes it; nobody else sees it. So a focal point
    sees and manages the invitations to its own delegation only.

    >>> focal = Actor(1, Role.DELEGATE, delegation_id=4, focal_point=True)
    >>> [a.value for a in invitation_actions(focal, Phase.NEGOTIATION, is_admin=False,
    ...      role=Role.DELEGATE, delegation_id=4, focal_point=False)]
    ['resend', 'revoke']
    >>> invitation_actions(focal, Phase.NEGOTIATION, is_admin=False, role=Role.DELEGATE,
    ...                    delegation_id=5, focal_point=False)
    []
    """
    try:
        authorize_appointment(actor, phase, is_admin=is_admin, role=role,
                              delegation_id=delegation_id, focal_point=focal_point)
    except Forbidden:
        return []
    return list(InvitationAction)


class DelegationAction(StrEnum):
    """What can be done to one delegation (or group) of a process."""

    RENAME = "rename"
    REMOVE = "remove"  # only while nothing was done in its name
    CHANGE_MEMBERS = "change_members"  # a group's or organisation's


def delegation_actions(actor: Actor | None, phase: Phase, *, is_admin: bool, kind: str,
                       in_use: bool) -> list[DelegationAction]:
    """What the actor may do to a delegation: those who manage the process's delegations
    (:func:`authorize_delegation_management`) rename it, change a group's members, and remove
    it while nobody takes part for it and nothing was done in its name (``in_use``).

    >>> [a.value for a in delegation_actions(None, Phase.NEGOTIATION, is_admin=True,
    ...                                      kind="group", in_use=True)]
    ['rename', 'change_members']
    """
    try:
        authorize_delegation_management(actor, phase, is_admin=is_admin, subject="process")
    except (Forbidden, NotFound):
        return []
    found = [DelegationAction.RENAME]
    if not in_use:
        found.append(DelegationAction.REMOVE)
    if kind != "state":
        found.append(DelegationAction.CHANGE_MEMBERS)
    return found


def require_delegation_unused(name: str, in_use: bool) -> None:
    """A delegation in whose name something was done (people take part for it, it proposed,
    supported, opposed, submitted an input or broke silence) stays in the process: the
    history names it."""
    if in_use:
        raise Invalid(f"{name} cannot be removed: people take part for it or it acted in the "
                      "process, and the history names it. Rename it instead.",
                      details={"field": "delegation"})


class AccountAction(StrEnum):
    """What a person may do outside any process."""

    OPEN_PROCESS = "process.open"  # open a new process (and appoint its first co-facilitators)


def account_actions(is_admin: bool) -> list[AccountAction]:
    """What a signed-in person may do outside any process, as the browser is told it.

    >>> [a.value for a in account_actions(True)], account_actions(False)
    (['process.open'], [])
    """
    return [AccountAction.OPEN_PROCESS] if is_admin else []


def require_delegation(actor: Actor) -> int:
    """Return the actor's delegation; a delegate without one cannot act for a State."""
    if actor.delegation_id is None:
        raise Forbidden("This action is taken on behalf of a delegation.")
    return actor.delegation_id


def proposer_for(actor: Actor, phase: Phase, delegation_id: int | None) -> int:
    """Whose amendment a proposal is: a delegate's own delegation (the amendments' rule), or,
    for the pen-holders (co-facilitators, secretariat), the delegation they name, when they
    enter its marked-up file on its behalf in the phase delegations propose in. The drafts
    are the delegation's: it reviews and submits them.

    >>> proposer_for(Actor(1, Role.DELEGATE, 7), Phase.NEGOTIATION, None)
    7
    >>> proposer_for(Actor(2, Role.SECRETARIAT), Phase.NEGOTIATION, 7)
    7
    """
    if actor.role is Role.DELEGATE:
        authorize(actor, Action.PROPOSE_AMENDMENT, phase)
        own = require_delegation(actor)
        if delegation_id is not None and delegation_id != own:
            raise Forbidden("A delegate proposes amendments for its own delegation only.")
        return own
    if not proposes_on_behalf(actor):
        raise Forbidden("Only a delegation, or the co-facilitators and the secretariat on "
                        "its behalf, propose amendments.")
    if not can(Role.DELEGATE, Action.PROPOSE_AMENDMENT, phase):
        raise Forbidden(f"Amendments are not proposed in the {phase.value} phase.",
                        details={"action": Action.PROPOSE_AMENDMENT.value,
                                 "phase": phase.value})
    if delegation_id is None:
        raise Invalid("Name the delegation whose amendments these are.",
                      details={"field": "delegation"})
    return delegation_id


def markup_delegations(actor: Actor, phase: Phase, delegation_ids: Sequence[int]) -> list[int]:
    """The delegations (of ``delegation_ids``, the process's) whose draft amendments a
    marked-up file this person uploads may become now: exactly those :func:`proposer_for`
    accepts (a delegate its own; the pen-holders any, on its behalf; only in the phase
    delegations propose in).

    >>> markup_delegations(Actor(1, Role.DELEGATE, 7), Phase.NEGOTIATION, [5, 7])
    [7]
    >>> markup_delegations(Actor(2, Role.SECRETARIAT), Phase.NEGOTIATION, [5, 7])
    [5, 7]
    >>> markup_delegations(Actor(2, Role.SECRETARIAT), Phase.CONCLUDED, [5, 7])
    []
    >>> markup_delegations(Actor(3, Role.OBSERVER, 5), Phase.NEGOTIATION, [5, 7])
    []
    """
    allowed: list[int] = []
    for delegation_id in delegation_ids:
        try:
            if proposer_for(actor, phase, delegation_id) == delegation_id:
                allowed.append(delegation_id)
        except (Forbidden, Invalid):
            continue
    return allowed


def proposes_on_behalf(actor: Actor) -> bool:
    """Whether the person enters a delegation's amendments on its behalf (the pen-holders:
    co-facilitators and secretariat), rather than its own delegation's.

    >>> [proposes_on_behalf(a) for a in (Actor(2, Role.SECRETARIAT), Actor(1, Role.DELEGATE, 7))]
    [True, False]
    """
    return actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)


# ---- who receives which live event ----------------------------------------------------------


def may_receive(actor: Actor | None, audience: Audience, delegation_id: int | None,
                phase: Phase, settings: ProcessSettings) -> bool:
    """Whether the actor may see an event meant for ``audience`` in ``phase``."""
    if actor is None or audience is Audience.NOBODY:
        return False
    if audience is Audience.EVERYONE:
        return True
    if audience is Audience.STAFF:
        return actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)
    if audience is Audience.AMENDMENTS:
        return may_view_amendments(actor, phase, settings)
    return delegation_id is not None and actor.delegation_id == delegation_id


def live_audiences(actor: Actor | None, phase: Phase, settings: ProcessSettings, *,
                   is_admin: bool = False) -> frozenset[Audience]:
    """The audiences whose live events of one process a subscriber receives in full (for the
    others' entries, a placeholder with the sequence number only): the rooms the live
    namespace puts the connection in.

    A participant receives what :func:`may_receive` lets them (their own delegation's entries
    included). An administrator without a role in the process manages its people, so they
    follow what every participant hears, and nothing meant for the staff, for those who see
    amendments or for one delegation. Anyone else receives nothing.

    >>> observer = Actor(user_id=1, role=Role.OBSERVER)
    >>> sorted(live_audiences(observer, Phase.NEGOTIATION, ProcessSettings()))
    [<Audience.EVERYONE: 'everyone'>]
    >>> sorted(live_audiences(None, Phase.NEGOTIATION, ProcessSettings(), is_admin=True))
    [<Audience.EVERYONE: 'everyone'>]
    >>> live_audiences(None, Phase.NEGOTIATION, ProcessSettings())
    frozenset()
    """
    if actor is None:
        return frozenset({Audience.EVERYONE}) if is_admin else frozenset()
    heard = {audience for audience in (Audience.EVERYONE, Audience.STAFF, Audience.AMENDMENTS)
             if may_receive(actor, audience, None, phase, settings)}
    if actor.delegation_id is not None:
        heard.add(Audience.DELEGATION)
    return frozenset(heard)


def may_view_working_copy(actor: Actor | None, phase: Phase, *, shared: bool) -> bool:
    """The pen-holders always see the working copy; delegations and observers only while the
    co-facilitators share it (a setting of the document)."""
    if actor is None:
        return False
    if can(actor.role, Action.VIEW_WORKING_COPY, phase):
        return True
    return shared and can(actor.role, Action.VIEW_REVISIONS, phase)


def require_working_copy_view(actor: Actor, phase: Phase, *, shared: bool) -> None:
    """Raise Forbidden (as the table words it) unless :func:`may_view_working_copy`."""
    if not may_view_working_copy(actor, phase, shared=shared):
        authorize(actor, Action.VIEW_WORKING_COPY, phase)


def may_see_presence(actor: Actor | None) -> bool:
    """Who is connected, per delegation, is shown to the co-facilitators and secretariat."""
    return actor is not None and actor.role in (Role.CO_FACILITATOR, Role.SECRETARIAT)


# ---- what a person may do now, as the server tells the browser --------------------------------


def process_actions(actor: Actor | None, phase: Phase, *,
                    settings: ProcessSettings | None = None,
                    silence_running: bool = False, is_admin: bool = False) -> list[Action]:
    """The table's actions the actor may take in the process now, in the table's order.

    While a silence procedure runs the phase stays as it is (delegations may break silence
    only in negotiation), so nobody may change it then. Seeing attributed amendments is
    further narrowed by the process's settings (:func:`may_view_amendments`).

    An administrator also may what :data:`ADMINISTRATOR_ACTIONS` lists, with or without a role.

    >>> [a.value for a in process_actions(Actor(1, Role.OBSERVER), Phase.CONSULTATION)][:3]
    ['process.view', 'participants.view', 'input.submit']
    >>> [a.value for a in process_actions(None, Phase.NEGOTIATION, is_admin=True)]
    ['process.view', 'participants.manage', 'delegations.manage', 'participants.view']
    """
    if actor is None:
        return [action for action in Action if administrator_may(is_admin, action)]
    settings = settings or ProcessSettings()
    return [action for action in Action if (can(actor.role, action, phase)
                                            or administrator_may(is_admin, action))
            and not (silence_running and action is Action.CHANGE_PHASE)
            and not (action is Action.VIEW_AMENDMENTS
                     and not may_view_amendments(actor, phase, settings))]


class AmendmentAction(StrEnum):
    """What can be done to one amendment."""

    REVISE = "revise"  # rewrite a draft
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    SET_CO_PROPONENTS = "set_co_proponents"  # invite co-proponents, or take invitations back
    ACCEPT_CO_SPONSORSHIP = "accept_co_sponsorship"  # the invited delegation's own answers
    DECLINE_CO_SPONSORSHIP = "decline_co_sponsorship"
    WITHDRAW_CO_SPONSORSHIP = "withdraw_co_sponsorship"
    TAKE_STANCE = "take_stance"  # support, oppose, or take the stance back
    DECIDE = "decide"
    APPLY = "apply"  # to the working copy, as proposed or with changes


#: The table action each amendment action needs.
AMENDMENT_ACTION_NEEDS: dict[AmendmentAction, Action] = {
    AmendmentAction.REVISE: Action.PROPOSE_AMENDMENT,
    AmendmentAction.SUBMIT: Action.PROPOSE_AMENDMENT,
    AmendmentAction.WITHDRAW: Action.WITHDRAW_AMENDMENT,
    AmendmentAction.SET_CO_PROPONENTS: Action.PROPOSE_AMENDMENT,
    AmendmentAction.TAKE_STANCE: Action.RESPOND_TO_AMENDMENT,
    AmendmentAction.ACCEPT_CO_SPONSORSHIP: Action.CO_SPONSOR_AMENDMENT,
    AmendmentAction.DECLINE_CO_SPONSORSHIP: Action.CO_SPONSOR_AMENDMENT,
    AmendmentAction.WITHDRAW_CO_SPONSORSHIP: Action.CO_SPONSOR_AMENDMENT,
    AmendmentAction.DECIDE: Action.DECIDE_AMENDMENT,
    AmendmentAction.APPLY: Action.APPLY_AMENDMENT,
}

#: The answer each co-sponsorship action gives.
CO_SPONSOR_ANSWER_OF: dict[AmendmentAction, CoSponsorship] = {
    AmendmentAction.ACCEPT_CO_SPONSORSHIP: CoSponsorship.ACCEPTED,
    AmendmentAction.DECLINE_CO_SPONSORSHIP: CoSponsorship.DECLINED,
    AmendmentAction.WITHDRAW_CO_SPONSORSHIP: CoSponsorship.WITHDRAWN,
}

#: Amendments that can be applied to the working copy: submitted ones, and those decided
#: reflected or merged whose words are not in it yet.
APPLICABLE_STATES = frozenset({AmendmentState.SUBMITTED, AmendmentState.REFLECTED,
                               AmendmentState.MERGED})


@dataclass(frozen=True, slots=True)
class AmendmentFacts:
    """What the rules need to know of an amendment."""

    state: AmendmentState
    proposer_id: int
    #: The co-proponents: the delegations that accepted to co-sponsor it.
    co_proponent_ids: frozenset[int] = frozenset()
    #: Its kind (what applying it would do), when known.
    kind: AmendmentKind | None = None
    #: Already applied to the current working copy.
    applied: bool = False
    #: Every delegation the proposer named, and where it stands (invited, accepted...).
    co_sponsorship: Mapping[int, CoSponsorship] = field(default_factory=dict)

    @staticmethod
    def accepted(co_sponsorship: Mapping[int, CoSponsorship]) -> frozenset[int]:
        """The co-proponents among the delegations named: those that accepted."""
        return frozenset(d for d, answer in co_sponsorship.items()
                         if answer is CoSponsorship.ACCEPTED)


def require_amendment_permission(actor: Actor, phase: Phase, facts: AmendmentFacts,
                                 action: AmendmentAction) -> None:
    """Raise Forbidden unless the actor's role, phase and delegation allow ``action``.

    Only the proposing delegation revises, submits, withdraws or names co-proponents; a
    delegation other than the proponents takes a stance (an invited one too, until it
    accepts); only a delegation the proposer named answers for itself (accepts, declines,
    withdraws its co-sponsorship); the co-facilitators decide; the pen-holders apply.
    """
    authorize(actor, AMENDMENT_ACTION_NEEDS[action], phase)
    if action is AmendmentAction.TAKE_STANCE:
        require_delegation(actor)
        require_not_proponent(actor, facts.co_proponent_ids | {facts.proposer_id})
    elif action in CO_SPONSOR_ANSWER_OF:
        require_named_co_sponsor(actor, facts)
    elif action not in (AmendmentAction.DECIDE, AmendmentAction.APPLY):
        require_own_delegation(actor, facts.proposer_id)


def require_named_co_sponsor(actor: Actor, facts: AmendmentFacts) -> None:
    """Only a delegation the proposer named answers an invitation to co-sponsor, and only for
    itself: nobody accepts or declines in another delegation's name."""
    delegation_id = require_delegation(actor)
    if delegation_id not in facts.co_sponsorship:
        raise Forbidden("Only a delegation invited to co-sponsor this amendment answers the "
                        "invitation, for itself.")


def co_sponsor_answer_allows(facts: AmendmentFacts, delegation_id: int | None,
                             action: AmendmentAction) -> bool:
    """Whether the delegation, standing where it does, may take a co-sponsorship action on a
    submitted amendment (a draft is seen by its own delegation only).

    >>> facts = AmendmentFacts(AmendmentState.SUBMITTED, 1,
    ...                        co_sponsorship={2: CoSponsorship.INVITED})
    >>> co_sponsor_answer_allows(facts, 2, AmendmentAction.WITHDRAW_CO_SPONSORSHIP)
    False
    """
    if not amendment_state_allows(facts.state, action) or delegation_id is None:
        return False
    try:
        check_co_sponsor_answer(facts.co_sponsorship.get(delegation_id),
                                CO_SPONSOR_ANSWER_OF[action])
    except Invalid:
        return False
    return True


def check_applicable(facts: AmendmentFacts) -> None:
    """Raise Invalid unless the amendment can be applied to the working copy now: it is
    submitted (or decided reflected or merged), of a kind that changes the text, and not
    applied to this working copy already."""
    details = {"state": facts.state.value, "action": AmendmentAction.APPLY.value}
    if facts.state not in APPLICABLE_STATES:
        raise Invalid(f"An amendment that is {facts.state.value.replace('_', ' ')} cannot be "
                      "applied to the working copy.", details=details)
    if facts.kind is not None and facts.kind not in APPLICABLE_KINDS:
        raise Invalid(f"A {facts.kind.value} changes no text: there is nothing to apply.",
                      details={**details, "kind": facts.kind.value})
    if facts.applied:
        raise Invalid("This amendment is applied to the working copy already.",
                      details=details)


def amendment_state_allows(state: AmendmentState, action: AmendmentAction) -> bool:
    """Whether an amendment in ``state`` can undergo ``action`` (the life cycle's side).

    >>> amendment_state_allows(AmendmentState.SUBMITTED, AmendmentAction.REVISE)
    False
    """
    if action is AmendmentAction.REVISE:
        return state is AmendmentState.DRAFT
    if action is AmendmentAction.SUBMIT:
        return AmendmentState.SUBMITTED in TRANSITIONS[state]
    if action is AmendmentAction.WITHDRAW:
        return AmendmentState.WITHDRAWN in TRANSITIONS[state]
    if action is AmendmentAction.SET_CO_PROPONENTS:
        return state in OPEN_STATES
    if action is AmendmentAction.TAKE_STANCE or action in CO_SPONSOR_ANSWER_OF:
        return state is AmendmentState.SUBMITTED
    if action is AmendmentAction.APPLY:
        return state in APPLICABLE_STATES
    return bool(DECISIONS & TRANSITIONS[state])


_STATE_REFUSALS: dict[AmendmentAction, str] = {
    AmendmentAction.REVISE: "Only a draft can be rewritten; a submitted amendment is withdrawn "
                            "and proposed again.",
    AmendmentAction.SET_CO_PROPONENTS: "Co-proponents change only while the amendment is open.",
    AmendmentAction.TAKE_STANCE: "Only a submitted amendment can be supported or opposed.",
    **{action: "Co-sponsorship is answered while the amendment is submitted and not yet "
               "decided." for action in CO_SPONSOR_ANSWER_OF},
}


def check_amendment_state(state: AmendmentState, action: AmendmentAction) -> None:
    """Raise Invalid when the life cycle does not allow ``action`` now (see
    :func:`amendment_state_allows`); moves between states say which move was refused."""
    if amendment_state_allows(state, action):
        return
    refusal = _STATE_REFUSALS.get(action)
    if refusal is not None:
        raise Invalid(refusal, details={"state": state.value, "action": action.value})
    target = {AmendmentAction.SUBMIT: AmendmentState.SUBMITTED,
              AmendmentAction.WITHDRAW: AmendmentState.WITHDRAWN}.get(
        action, AmendmentState.REFLECTED)
    check_transition(state, target)


def amendment_actions(actor: Actor | None, phase: Phase,
                      facts: AmendmentFacts) -> list[AmendmentAction]:
    """Everything the actor may do to this amendment now: exactly the actions the server
    would accept (permission and life cycle), in a fixed order."""
    if actor is None:
        return []
    allowed = []
    for action in AmendmentAction:
        try:
            require_amendment_permission(actor, phase, facts, action)
            if action is AmendmentAction.APPLY:
                check_applicable(facts)
        except (Forbidden, Invalid):
            continue
        if action in CO_SPONSOR_ANSWER_OF:
            if co_sponsor_answer_allows(facts, actor.delegation_id, action):
                allowed.append(action)
        elif amendment_state_allows(facts.state, action):
            allowed.append(action)
    return allowed


#: Statuses at which a paragraph is settled (with the words for them): proposing on it needs
#: the co-facilitators to reopen it first, and marking it so while it still has open
#: brackets needs a confirmation.
SETTLED_STATUSES: dict[UnitStatus, str] = {
    UnitStatus.AGREED_INFORMALS: "agreed in informals",
    UnitStatus.AGREED_AD_REF: "agreed ad ref",
    UnitStatus.ADOPTED: "adopted",
}


def open_for_proposals(status: UnitStatus, *, reopened: bool) -> bool:
    """Whether delegations may propose on a paragraph of the latest revision: it is not
    settled, or the co-facilitators reopened it.

    >>> open_for_proposals(UnitStatus.AGREED_AD_REF, reopened=False)
    False
    """
    return status not in SETTLED_STATUSES or reopened


def require_open_for_proposals(status: UnitStatus, *, reopened: bool, paragraph: str) -> None:
    """Raise Invalid (naming the paragraph and saying what to do) unless
    :func:`open_for_proposals`."""
    if not open_for_proposals(status, reopened=reopened):
        raise Invalid(
            f"{paragraph} is {SETTLED_STATUSES[status]}: amendments to it can be proposed only "
            "once the co-facilitators reopen it (ask them to, giving your reason).",
            details={"field": "unit", "paragraph": paragraph, "status": status.value,
                     "reopened": False, "needs": "reopening"})


def require_brackets_confirmed(status: UnitStatus, open_brackets: int, *,
                               confirmed: bool) -> None:
    """Marking a paragraph settled while its text still has open brackets needs an explicit
    confirmation: raise Invalid with their number otherwise.

    >>> require_brackets_confirmed(UnitStatus.AGREED_AD_REF, 0, confirmed=False)
    """
    if status in SETTLED_STATUSES and open_brackets and not confirmed:
        raise Invalid(
            f"The paragraph still has {open_brackets} open bracket"
            f"{'s' if open_brackets != 1 else ''}: confirm (confirm_open_brackets) to mark it "
            f"{SETTLED_STATUSES[status]} anyway.",
            details={"field": "confirm_open_brackets", "open_brackets": open_brackets,
                     "status": status.value})


class UnitAction(StrEnum):
    """What can be done at one paragraph of a revision or of the working copy."""

    PROPOSE = "propose"  # propose an amendment (on the latest published revision)
    REOPEN = "reopen"  # a settled paragraph of the latest revision, for proposals
    EDIT = "edit"  # the working copy's text, heading and number
    SET_STATUS = "set_status"
    INSERT_AFTER = "insert_after"
    DELETE = "delete"


def unit_actions(actor: Actor | None, phase: Phase, *, working_copy: bool,
                 latest: bool, status: UnitStatus = UnitStatus.OPEN,
                 reopened: bool = False) -> list[UnitAction]:
    """What the actor may do at a unit: on the latest published revision a delegation
    proposes, unless the paragraph is settled and not reopened (:func:`open_for_proposals`),
    and the co-facilitators reopen a settled one; in the working copy the pen-holders edit
    and co-facilitators set statuses."""
    if actor is None:
        return []
    if not working_copy:
        found_here: list[UnitAction] = []
        if latest and can(actor.role, Action.PROPOSE_AMENDMENT, phase) and (
                actor.delegation_id is not None) and open_for_proposals(status,
                                                                      reopened=reopened):
            found_here.append(UnitAction.PROPOSE)
        if latest and can(actor.role, Action.SET_UNIT_STATUS, phase) and (
                status in SETTLED_STATUSES and not reopened):
            found_here.append(UnitAction.REOPEN)
        return found_here
    found: list[UnitAction] = []
    if can(actor.role, Action.EDIT_WORKING_COPY, phase):
        found += [UnitAction.EDIT, UnitAction.INSERT_AFTER, UnitAction.DELETE]
    if can(actor.role, Action.SET_UNIT_STATUS, phase):
        found.append(UnitAction.SET_STATUS)
    return sorted(found, key=list(UnitAction).index)


class SilenceAction(StrEnum):
    """What can be done to a silence procedure."""

    BREAK = "break"


def silence_actions(actor: Actor | None, phase: Phase, *, running: bool
                    ) -> list[SilenceAction]:
    """A delegation breaks a running silence procedure (one break ends it)."""
    if actor is None or not running or not can(actor.role, Action.BREAK_SILENCE, phase):
        return []
    if actor.delegation_id is None:
        return []
    return [SilenceAction.BREAK]


class RevisionAction(StrEnum):
    """What can be done with a revision, or with the working copy as a whole."""

    EDIT = "edit"  # the working copy: edit, insert, delete, renumber, import into it
    PUBLISH = "publish"  # the working copy as the next revision
    PROPOSE = "propose"  # amendments to the latest published revision
    START_SILENCE = "start_silence"  # on the latest published revision
    VIEW_COMPILATION = "view_compilation"  # the revision with the proposals on it


def revision_actions(actor: Actor | None, phase: Phase, settings: ProcessSettings, *,
                     working_copy: bool, latest: bool) -> list[RevisionAction]:
    """What the actor may do with a revision (``working_copy``: the one being drafted;
    ``latest``: the latest published one) now."""
    if actor is None:
        return []
    found: list[RevisionAction] = []
    if working_copy:
        if can(actor.role, Action.EDIT_WORKING_COPY, phase):
            found.append(RevisionAction.EDIT)
        if can(actor.role, Action.PUBLISH_REVISION, phase):
            found.append(RevisionAction.PUBLISH)
        return found
    if latest and UnitAction.PROPOSE in unit_actions(actor, phase, working_copy=False,
                                                     latest=True):
        found.append(RevisionAction.PROPOSE)
    if latest and can(actor.role, Action.START_SILENCE, phase):
        found.append(RevisionAction.START_SILENCE)
    if may_view_amendments(actor, phase, settings):
        found.append(RevisionAction.VIEW_COMPILATION)
    return found


class RoomAction(StrEnum):
    """What can be done with a document's room: its shared working copy and the room screen."""

    EDIT = "edit"  # co-edit the working copy's paragraphs live
    SHARE = "share"  # show the working copy to delegations and observers, or stop
    SET_DISCUSSION = "set_discussion"  # move the paragraph under discussion


def room_actions(actor: Actor | None, phase: Phase) -> list[RoomAction]:
    """What the actor may do in the room now.

    >>> [a.value for a in room_actions(Actor(1, Role.SECRETARIAT), Phase.NEGOTIATION)]
    ['edit', 'set_discussion']
    """
    if actor is None:
        return []
    needs = {RoomAction.EDIT: Action.EDIT_WORKING_COPY, RoomAction.SHARE: Action.SHARE_WORKING_COPY,
             RoomAction.SET_DISCUSSION: Action.SET_DISCUSSION}
    return [action for action in RoomAction if can(actor.role, needs[action], phase)]


class TranslationAction(StrEnum):
    """What can be done with a revision's language versions."""

    EDIT = "edit"  # import a translated file, enter or correct a paragraph's translation


def translation_actions(actor: Actor | None, phase: Phase) -> list[TranslationAction]:
    """What the actor may do with language versions now.

    >>> [a.value for a in translation_actions(Actor(1, Role.SECRETARIAT), Phase.CONCLUDED)]
    ['edit']
    >>> translation_actions(Actor(2, Role.DELEGATE, 5), Phase.NEGOTIATION)
    []
    """
    if actor is None or not can(actor.role, Action.EDIT_TRANSLATIONS, phase):
        return []
    return [TranslationAction.EDIT]
