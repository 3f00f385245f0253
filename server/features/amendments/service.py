"""Amendments: propose, submit, withdraw, co-proponents, support or oppose, decide.

Co-sponsorship is by consent: naming a delegation as co-proponent invites it (when the
amendment is submitted, for one named on a draft), and it becomes a co-proponent only when it
accepts; it may decline, or withdraw later. Nothing one delegation does removes another's
support or opposition: accepting to co-sponsor replaces the accepting delegation's own stance,
by its own act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, CursorResult, bindparam, delete, func, select, update
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

import server.features.history.service as history
from server.core.amendments import (
    DECISIONS,
    AmendmentKind,
    AmendmentState,
    CoProponentChange,
    CoSponsorship,
    Proposal,
    Stance,
    change_co_proponents,
    check_co_sponsor_answer,
    check_transition,
    check_version,
)
from server.core.diff import spans_to_json, word_diff
from server.core.errors import Conflict, Invalid, NotFound, StaleState
from server.core.events import EventType
from server.core.naming import NameParts
from server.core.policy import (
    CO_SPONSOR_ANSWER_OF,
    Action,
    Actor,
    AmendmentAction,
    AmendmentFacts,
    amendment_actions,
    check_amendment_state,
    may_view_amendments,
    may_view_draft,
    open_for_proposals,
    proposer_for,
    require_amendment_permission,
    require_delegation,
    require_open_for_proposals,
)
from server.core.rebase import AmendmentView, Outcome
from server.core.text import UnitStatus
from server.features.common.access import Viewer, enter, phase_of, settings_of, viewer_in
from server.features.common.context import Ctx
from server.features.inbox.outbox import mail_wanted_in, note_mail_wanted
from server.features.people.service import delegation_by_code, require_participating
from server.features.processes.service import cluster_by_key
from server.features.text.service import (
    latest_published,
    no_paragraph,
    reopened_keys,
    revision_naming,
)
from server.models import (
    Amendment,
    AmendmentApplication,
    AmendmentCarry,
    AmendmentStance,
    Cluster,
    CoProponent,
    Delegation,
    Document,
    Process,
    Revision,
    RevisionUnit,
    Unit,
)


@dataclass(frozen=True)
class AmendmentFilter:
    delegation: str | None = None
    unit: str | None = None
    state: AmendmentState | None = None
    kind: AmendmentKind | None = None
    document_id: int | None = None
    limit: int = 200
    after_id: int = 0
    #: Only those this delegation (a code) is invited to co-sponsor and has not answered.
    invited: str | None = None


@dataclass(frozen=True)
class CoSponsorRecord:
    """A delegation the proposer named, and where it stands."""

    code: str
    name: str
    status: CoSponsorship


@dataclass
class AmendmentRecord:
    """An amendment with what is shown beside it."""

    amendment: Amendment
    #: The proposing delegation's code, and its name.
    delegation: str
    delegation_name: str
    unit_key: str
    #: Its paragraph's name in the revision it was proposed on (OP12 bis: core.naming).
    unit_name: str
    revision_label: str | None
    #: The co-proponents: delegations that accepted to co-sponsor it (codes).
    co_proponents: list[str] = field(default_factory=list)
    #: Every delegation the proposer named (invited, accepted, declined, withdrawn).
    co_sponsors: list[CoSponsorRecord] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    opposers: list[str] = field(default_factory=list)
    #: Where it stands after the last revision published over its unit.
    carried: AmendmentCarry | None = None
    #: The thematic cluster's key, when the amendment names one.
    cluster: str | None = None
    #: What the person asking may do to it now (core.policy.amendment_actions).
    actions: list[AmendmentAction] = field(default_factory=list)
    #: Applied to its document's current working copy (not yet published).
    applied: bool = False
    #: ``unit_name`` as its parts, for the reader's language (core.naming.unit_name_parts).
    unit_name_parts: NameParts | None = None


# ---- reading ------------------------------------------------------------------------------


def latest_carries(ctx: Ctx, amendment_ids: Sequence[int]) -> dict[int, AmendmentCarry]:
    """Each amendment's most recent carry (where it stands now), if it was ever carried."""
    found: dict[int, AmendmentCarry] = {}
    if not amendment_ids:
        return found
    rows = ctx.session.scalars(select(AmendmentCarry).where(
        AmendmentCarry.amendment_id.in_(amendment_ids)).order_by(AmendmentCarry.id))
    for row in rows:
        found[row.amendment_id] = row
    return found


def applied_now(ctx: Ctx, amendment_ids: Sequence[int]) -> set[int]:
    """The amendments applied to their document's current working copy."""
    if not amendment_ids:
        return set()
    return set(ctx.session.scalars(
        select(AmendmentApplication.amendment_id)
        .join(Revision, Revision.id == AmendmentApplication.revision_id)
        .where(AmendmentApplication.amendment_id.in_(amendment_ids),
               Revision.published_at.is_(None))))


def _records(ctx: Ctx, amendments: Sequence[Amendment], viewer: Viewer
             ) -> list[AmendmentRecord]:
    if not amendments:
        return []
    ids = [a.id for a in amendments]
    named = co_sponsorship(ctx, ids)
    co_rows = [(a, d) for a, found in named.items() for d in found]
    stance_rows = ctx.session.execute(
        select(AmendmentStance.amendment_id, AmendmentStance.delegation_id,
               AmendmentStance.stance).where(AmendmentStance.amendment_id.in_(ids))).all()
    involved = {a.delegation_id for a in amendments} | {d for _, d in co_rows} | {
        d for _, d, _ in stance_rows}
    codes: dict[int, str] = {}
    names: dict[int, str] = {}
    for delegation_id, code, name in ctx.session.execute(
            select(Delegation.id, Delegation.code, Delegation.name).where(
                Delegation.id.in_(involved))):
        codes[delegation_id], names[delegation_id] = code, name
    unit_keys = dict(ctx.session.execute(
        select(Unit.id, Unit.key).where(Unit.id.in_({a.unit_id for a in amendments})))
        .all())
    labels = dict(ctx.session.execute(
        select(Revision.id, Revision.label).where(
            Revision.id.in_({a.revision_id for a in amendments}))).all())
    unit_names_in = {revision_id: revision_naming(ctx, revision_id) for revision_id in labels}
    records = {a.id: AmendmentRecord(
        a, codes[a.delegation_id], names[a.delegation_id], unit_keys[a.unit_id],
        unit_names_in[a.revision_id][0].get(unit_keys[a.unit_id], "a paragraph"),
        labels.get(a.revision_id),
        unit_name_parts=unit_names_in[a.revision_id][1].get(unit_keys[a.unit_id]))
        for a in amendments}
    for amendment_id, found in named.items():
        record = records[amendment_id]
        for delegation_id, status in found.items():
            if status is CoSponsorship.ACCEPTED:
                record.co_proponents.append(codes[delegation_id])
            record.co_sponsors.append(CoSponsorRecord(codes[delegation_id],
                                                      names[delegation_id], status))
    for amendment_id, delegation_id, stance in stance_rows:
        target = records[amendment_id]
        (target.supporters if stance == Stance.SUPPORT else target.opposers).append(
            codes[delegation_id])
    for amendment_id, carry in latest_carries(ctx, ids).items():
        records[amendment_id].carried = carry
    cluster_ids = {a.cluster_id for a in amendments if a.cluster_id is not None}
    if cluster_ids:
        keys = dict(ctx.session.execute(select(Cluster.id, Cluster.key).where(
            Cluster.id.in_(cluster_ids))).all())
        for a in amendments:
            if a.cluster_id is not None:
                records[a.id].cluster = keys[a.cluster_id]
    applied = applied_now(ctx, ids)
    for record in records.values():
        record.co_proponents.sort()
        record.co_sponsors.sort(key=lambda c: c.code)
        record.supporters.sort()
        record.opposers.sort()
        a = record.amendment
        record.applied = a.id in applied
        found = named.get(a.id, {})
        record.actions = amendment_actions(viewer.actor, viewer.phase, AmendmentFacts(
            AmendmentState(a.state), a.delegation_id, AmendmentFacts.accepted(found),
            AmendmentKind(a.kind), record.applied, found))
    return [records[a.id] for a in amendments]


def record_of(ctx: Ctx, amendment: Amendment, viewer: Viewer | None = None
              ) -> AmendmentRecord:
    """The amendment with what is shown beside it, for ``viewer`` (by default the person
    asking, in the amendment's process)."""
    if viewer is None:
        viewer = viewer_in(ctx, amendment.process_id)
    return _records(ctx, [amendment], viewer)[0]


def is_private(amendment: Amendment) -> bool:
    """Never submitted: a draft, or a draft later withdrawn or overtaken, stays its
    delegation's own for ever."""
    return amendment.submitted_at is None


def _visible(actor: Actor, process: Process, amendment: Amendment) -> bool:
    if is_private(amendment):
        return may_view_draft(actor, amendment.delegation_id)
    return may_view_amendments(actor, phase_of(process), settings_of(process)) or (
        actor.delegation_id == amendment.delegation_id)


def _load(ctx: Ctx, amendment_id: int,
          action: AmendmentAction | None = None) -> tuple[Amendment, Viewer]:
    """Load an amendment the actor may see (others get NotFound), then check that the actor
    may take ``action`` on it (role, phase, delegation: Forbidden); the life cycle is
    checked by the caller, after the version."""
    amendment = ctx.session.get(Amendment, amendment_id)
    if amendment is None:
        raise NotFound(f"No amendment {amendment_id}.")
    process, actor = enter(ctx, amendment.process_id, Action.VIEW_PROCESS,
                           subject=f"amendment {amendment_id}")
    if not _visible(actor, process, amendment):
        raise NotFound(f"No amendment {amendment_id}.")
    viewer = Viewer(actor, process)
    if action is not None:
        require_amendment_permission(actor, viewer.phase, _facts(ctx, amendment), action)
    return amendment, viewer


def co_sponsorship(ctx: Ctx, amendment_ids: Sequence[int]
                   ) -> dict[int, dict[int, CoSponsorship]]:
    """For each amendment, the delegations its proposer named and where each stands."""
    found: dict[int, dict[int, CoSponsorship]] = {}
    if not amendment_ids:
        return found
    for amendment_id, delegation_id, status in ctx.session.execute(
            select(CoProponent.amendment_id, CoProponent.delegation_id, CoProponent.status)
            .where(CoProponent.amendment_id.in_(amendment_ids))
            .order_by(CoProponent.amendment_id, CoProponent.delegation_id)):
        found.setdefault(amendment_id, {})[delegation_id] = CoSponsorship(status)
    return found


def _facts(ctx: Ctx, amendment: Amendment) -> AmendmentFacts:
    named = co_sponsorship(ctx, [amendment.id]).get(amendment.id, {})
    return AmendmentFacts(AmendmentState(amendment.state), amendment.delegation_id,
                          AmendmentFacts.accepted(named), AmendmentKind(amendment.kind),
                          amendment.id in applied_now(ctx, [amendment.id]), named)


def all_visible(ctx: Ctx, process_id: int, *, document_id: int | None = None
                ) -> list[AmendmentRecord]:
    """Every amendment of the process (or document) the actor may see, page by page."""
    records: list[AmendmentRecord] = []
    after = 0
    while True:
        page = list_amendments(ctx, process_id, AmendmentFilter(
            document_id=document_id, after_id=after, limit=1000))
        records.extend(page)
        if len(page) < 1000:
            return records
        after = page[-1].amendment.id


def get_amendment(ctx: Ctx, amendment_id: int) -> AmendmentRecord:
    amendment, viewer = _load(ctx, amendment_id)
    return record_of(ctx, amendment, viewer)


def visible_to(actor: Actor, process: Process) -> ColumnElement[bool]:
    """The SQL form of the visibility rules (policy.may_view_draft, may_view_amendments):
    a delegation sees its own amendments, drafts included; others' only once submitted and
    only where the policy lets the actor see attributed amendments."""
    own = Amendment.delegation_id == (actor.delegation_id if actor.delegation_id is not None
                                      else -1)
    if may_view_amendments(actor, phase_of(process), settings_of(process)):
        return Amendment.submitted_at.is_not(None) | own
    return own


def list_amendments(ctx: Ctx, process_id: int, filters: AmendmentFilter) -> list[AmendmentRecord]:
    """Amendments the actor may see, filtered, in creation order, paginated by id."""
    process, actor = enter(ctx, process_id, Action.VIEW_PROCESS)
    query = select(Amendment).where(Amendment.process_id == process.id,
                                    Amendment.id > filters.after_id, visible_to(actor, process))
    if filters.delegation is not None:
        delegation = delegation_by_code(ctx, process.id, filters.delegation)
        if delegation is None:
            return []
        co_sponsored = select(CoProponent.amendment_id).where(
            CoProponent.delegation_id == delegation.id,
            CoProponent.status == CoSponsorship.ACCEPTED.value)
        query = query.where((Amendment.delegation_id == delegation.id)
                            | Amendment.id.in_(co_sponsored))
    if filters.invited is not None:
        invitee = delegation_by_code(ctx, process.id, filters.invited)
        if invitee is None:
            return []
        query = query.where(Amendment.submitted_at.is_not(None), Amendment.id.in_(
            select(CoProponent.amendment_id).where(
                CoProponent.delegation_id == invitee.id,
                CoProponent.status == CoSponsorship.INVITED.value)))
    if filters.document_id is not None:
        query = query.where(Amendment.document_id == filters.document_id)
    if filters.unit is not None:
        query = query.where(Amendment.unit_id.in_(select(Unit.id).join(
            Document, Document.id == Unit.document_id).where(
            Document.process_id == process.id, Unit.key == filters.unit)))
    if filters.state is not None:
        query = query.where(Amendment.state == filters.state.value)
    if filters.kind is not None:
        query = query.where(Amendment.kind == filters.kind.value)
    rows = ctx.session.scalars(query.order_by(Amendment.id).limit(filters.limit)).all()
    return _records(ctx, rows, Viewer(actor, process))


# ---- proposing ----------------------------------------------------------------------------


def _flush(ctx: Ctx, amendment: Amendment) -> None:
    """Flush; if another request changed the amendment meanwhile, answer 409 with its state."""
    try:
        ctx.session.flush()
    except StaleDataError:
        ctx.session.rollback()
        fresh = ctx.session.get(Amendment, amendment.id, populate_existing=True)
        raise StaleState("This amendment was changed by someone else at the same moment.",
                         details={"current": fresh}) from None


def _guard_version(amendment: Amendment, expected: int) -> None:
    """The client's version must be the current one; the 409 carries the amendment."""
    check_version(expected, amendment.version, amendment)


_NEWER = aliased(Revision)
#: A published revision of the process, its document, the latest published sequence of that
#: document, the unit as it stands in the revision (None, None, None: it is not in it) and
#: the proposing delegation, and whether anyone in the process wants immediate mail (the
#: outbox's question at the COMMIT, answered here): everything a proposal reads, in one
#: statement.
_PROPOSED_ON = (
    select(Revision, Document, select(func.max(_NEWER.sequence)).where(
        _NEWER.document_id == Revision.document_id, _NEWER.published_at.is_not(None))
        .scalar_subquery(), Unit, RevisionUnit.text, RevisionUnit.status, Delegation,
        mail_wanted_in(bindparam("process_id")))
    .join(Document, Document.id == Revision.document_id)
    .outerjoin(Unit, (Unit.document_id == Revision.document_id)
               & (Unit.key == bindparam("key")))
    .outerjoin(RevisionUnit, (RevisionUnit.unit_id == Unit.id)
               & (RevisionUnit.revision_id == Revision.id))
    .outerjoin(Delegation, Delegation.id == bindparam("delegation_id"))
    .where(Revision.id == bindparam("revision_id"),
           Document.process_id == bindparam("process_id"),
           Revision.published_at.is_not(None)))
#: Delegations (their codes and names).
_NAMED = select(Delegation).where(Delegation.id.in_(bindparam("ids", expanding=True)))


def propose(ctx: Ctx, process_id: int, *, revision_id: int, unit_key: str,
            kind: AmendmentKind, text: str | None, justification: str,
            co_proponents: Sequence[str] = (), cluster: str | None = None,
            submit: bool = False, on_behalf_of: int | None = None) -> AmendmentRecord:
    """A delegation proposes an amendment to a unit of the latest published revision.

    It starts as a draft seen only by the delegation, or submitted at once. A proposal based
    on a revision that is no longer the latest is stale: 409 with the current revision.
    ``on_behalf_of``: the delegation (id, of this process) whose draft it is, when the
    co-facilitators or the secretariat enter it for it (:func:`policy.proposer_for`).
    """
    if on_behalf_of is None:
        process, actor = enter(ctx, process_id, Action.PROPOSE_AMENDMENT)
        delegation_id = require_delegation(actor)
    else:
        process, actor = enter(ctx, process_id, Action.VIEW_PROCESS)
        delegation_id = proposer_for(actor, phase_of(process), on_behalf_of)
    proposal = Proposal(kind=kind, text=text, justification=justification)
    # This is the hot path of a negotiation: one query for the revision, its document,
    # whether it is the latest, the unit as it stands in that revision and the proposer
    # (a statement built once: building one costs more than running it).
    found = ctx.session.execute(_PROPOSED_ON, {
        "revision_id": revision_id, "process_id": process.id, "key": unit_key,
        "delegation_id": delegation_id}).first()
    if found is None:
        raise NotFound(f"No published revision {revision_id} in this process.")
    revision, document, latest_sequence, unit, base_text, status, proposer, mail = found
    note_mail_wanted(ctx.session, process.id, mail)
    if latest_sequence != revision.sequence:
        latest = latest_published(ctx, document.id)
        assert latest is not None
        raise StaleState(f"{revision.label} has been superseded by {latest.label}.",
                         details={"current": {"revision_id": latest.id,
                                              "sequence": latest.sequence,
                                              "label": latest.label}})
    if unit is None or status is None:
        raise no_paragraph(ctx, document.id, unit_key, revision.label or "this revision")
    names_in, parts_in = revision_naming(ctx, revision.id)
    paragraph = names_in[unit_key]
    if not open_for_proposals(UnitStatus(status), reopened=False):
        # Settled text: only the co-facilitators' reopening lets proposals in (rare: the
        # reopening is looked up only then).
        require_open_for_proposals(
            UnitStatus(status), reopened=unit_key in reopened_keys(ctx, revision.id),
            paragraph=paragraph)
    co_ids = _co_proponent_ids(ctx, process.id, co_proponents, delegation_id)
    cluster_id = cluster_by_key(ctx, process.id, cluster).id if cluster else None
    if kind is AmendmentKind.CHANGE_WORDS and text == base_text:
        raise Invalid("The proposed text is the same as the current text.",
                      details={"field": "text"})
    diff = None
    if proposal.text is not None:
        # A new unit (bis) has no base: its diff is all insertion.
        old = "" if kind is AmendmentKind.ADD_UNIT else base_text
        diff = spans_to_json(word_diff(old, proposal.text))
    now = ctx.now()
    state = AmendmentState.SUBMITTED if submit else AmendmentState.DRAFT
    amendment = Amendment(
        process_id=process.id, document_id=document.id, revision_id=revision.id,
        unit_id=unit.id, delegation_id=delegation_id, author_id=actor.user_id,
        cluster_id=cluster_id, kind=kind.value, state=state.value, base_text=base_text,
        text=proposal.text, diff=diff, justification=justification,
        submitted_at=now if submit else None, created_at=now)
    # Everything the answer shows is read before the commit: nothing can fail after it.
    named = [proposer, *ctx.session.scalars(_NAMED, {"ids": co_ids})] if co_ids else [proposer]
    found_names = {d.id: (d.code, d.name) for d in named}
    ctx.session.add(amendment)
    ctx.session.flush()
    # The entry's sentence names them: its facts are read from these rows, not again.
    ctx.hold(amendment, revision, unit, *named)
    # The delegations named are invited: none is a co-proponent before it accepts.
    for co_id in co_ids:
        ctx.session.add(CoProponent(amendment_id=amendment.id, delegation_id=co_id,
                                    status=CoSponsorship.INVITED.value,
                                    invited_by_id=actor.user_id, invited_at=now))
    # The state states.amendment_state would read back: nobody can have taken a stance on an
    # amendment that did not exist before this transaction, and its co-sponsors are those
    # just invited (tests/api/test_write_path.py compares the two).
    created = {"state": amendment.state, "delegation": amendment.delegation_id,
               "unit": amendment.unit_id, "revision": amendment.revision_id,
               "kind": amendment.kind, "text": amendment.text,
               "justification": amendment.justification, "stances": {},
               "co_sponsors": {str(co_id): CoSponsorship.INVITED.value
                               for co_id in sorted(co_ids)}}
    # Chained last, at the commit: the process's history head is locked for the least time.
    _record(ctx, amendment,
            EventType.AMENDMENT_SUBMITTED if submit else EventType.AMENDMENT_DRAFTED,
            {"kind": kind.value, "unit": unit_key, "revision": revision.id},
            state=created, at_commit=True)
    if submit:
        _invitations_go_out(ctx, amendment, co_ids)
    invited = {co_id: CoSponsorship.INVITED for co_id in co_ids}
    actions = amendment_actions(actor, phase_of(process), AmendmentFacts(
        state, delegation_id, frozenset(), kind, co_sponsorship=invited))
    record = AmendmentRecord(
        amendment, *found_names[delegation_id], unit_key, paragraph, revision.label,
        co_sponsors=sorted((CoSponsorRecord(*found_names[i], CoSponsorship.INVITED)
                            for i in co_ids), key=lambda c: c.code),
        cluster=cluster, actions=actions, unit_name_parts=parts_in.get(unit_key))
    ctx.commit()
    return record


def _co_proponent_ids(ctx: Ctx, process_id: int, codes: Sequence[str],
                      proposer_id: int) -> list[int]:
    if not codes:
        return []
    ids: list[int] = []
    for code in dict.fromkeys(codes):
        delegation = delegation_by_code(ctx, process_id, code)
        if delegation is None:
            raise Invalid(f"No delegation {code}.", details={"field": "co_proponents"})
        if delegation.id == proposer_id:
            raise Invalid("The proposer is not its own co-proponent.",
                          details={"field": "co_proponents"})
        ids.append(delegation.id)
    require_participating(ctx, process_id, ids)
    return ids


def _invitations_go_out(ctx: Ctx, amendment: Amendment, delegation_ids: Sequence[int]) -> None:
    """Record an invitation to co-sponsor for each delegation (the submitted amendment's
    readers see it, the invited delegation among them, live)."""
    for delegation_id in delegation_ids:
        _record(ctx, amendment, EventType.CO_SPONSOR_INVITED, {"co_sponsor": delegation_id})


def _pending_invitations(ctx: Ctx, amendment: Amendment) -> list[int]:
    return list(ctx.session.scalars(select(CoProponent.delegation_id).where(
        CoProponent.amendment_id == amendment.id,
        CoProponent.status == CoSponsorship.INVITED.value).order_by(CoProponent.delegation_id)))


def _record(ctx: Ctx, amendment: Amendment, action: EventType,
            payload: dict[str, object], *, state: Any = history.READ_STATE,
            at_commit: bool = False) -> None:
    """Log a change; a draft's changes are logged without their content (only its delegation
    may see a draft, and the log is read by the co-facilitators). ``state`` and
    ``at_commit``: as history.record's."""
    data = dict(payload)
    data.update({"state": amendment.state, "delegation": amendment.delegation_id,
                 "version": amendment.version})
    if is_private(amendment):
        data = {"state": amendment.state, "delegation": amendment.delegation_id,
                "restricted": True}
    history.record(ctx, history.process_stream(amendment.process_id), action,
                   f"amendment:{amendment.id}", data, state=state, at_commit=at_commit)


def revise_draft(ctx: Ctx, amendment_id: int, *, expected_version: int, text: str | None,
                 justification: str | None) -> AmendmentRecord:
    """The proposing delegation rewrites its draft before submitting it."""
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.REVISE)
    _guard_version(amendment, expected_version)
    check_amendment_state(AmendmentState(amendment.state), AmendmentAction.REVISE)
    kind = AmendmentKind(amendment.kind)
    new_text = text if text is not None else amendment.text
    new_justification = justification if justification is not None else amendment.justification
    proposal = Proposal(kind=kind, text=new_text, justification=new_justification)
    amendment.text = proposal.text
    amendment.justification = new_justification
    if proposal.text is not None:
        old = "" if kind is AmendmentKind.ADD_UNIT else amendment.base_text
        amendment.diff = spans_to_json(word_diff(old, proposal.text))
    _flush(ctx, amendment)
    _record(ctx, amendment, EventType.AMENDMENT_REVISED, {}, at_commit=True)
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


def _move(ctx: Ctx, amendment: Amendment, target: AmendmentState, expected_version: int) -> None:
    _guard_version(amendment, expected_version)
    check_transition(AmendmentState(amendment.state), target)
    amendment.state = target.value


def submit(ctx: Ctx, amendment_id: int, *, expected_version: int) -> AmendmentRecord:
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.SUBMIT)
    _move(ctx, amendment, AmendmentState.SUBMITTED, expected_version)
    amendment.submitted_at = ctx.now()
    _flush(ctx, amendment)
    _record(ctx, amendment, EventType.AMENDMENT_SUBMITTED, {"kind": amendment.kind},
            at_commit=True)
    # Those named on the draft learn of it only now: the draft was its delegation's own.
    _invitations_go_out(ctx, amendment, _pending_invitations(ctx, amendment))
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


def withdraw(ctx: Ctx, amendment_id: int, *, expected_version: int) -> AmendmentRecord:
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.WITHDRAW)
    _move(ctx, amendment, AmendmentState.WITHDRAWN, expected_version)
    _flush(ctx, amendment)
    _record(ctx, amendment, EventType.AMENDMENT_WITHDRAWN, {}, at_commit=True)
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


def decide(ctx: Ctx, amendment_id: int, *, expected_version: int, decision: AmendmentState,
           note: str = "") -> AmendmentRecord:
    """The co-facilitators decide: reflected, merged with others, or not reflected.

    Of two co-facilitators deciding from the same version at once, exactly one wins; the
    other gets 409 with the decision that was taken.
    """
    if decision not in DECISIONS:
        raise Invalid("A decision is reflected, merged or not_reflected.",
                      details={"field": "decision"})
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.DECIDE)
    _guard_version(amendment, expected_version)
    settle_decision(ctx, amendment, decision, note, decided_by=viewer.actor.user_id)
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


def settle_decision(ctx: Ctx, amendment: Amendment, decision: AmendmentState, note: str, *,
                    decided_by: int, **recorded: object) -> None:
    """Record the co-facilitators' decision on ``amendment`` and log it (with ``recorded``
    besides). The caller has checked who may decide; the life cycle is checked here (Invalid),
    and a concurrent change of the amendment is a 409. Never commits."""
    check_transition(AmendmentState(amendment.state), decision)
    amendment.state = decision.value
    amendment.decided_at = ctx.now()
    amendment.decided_by_id = decided_by
    amendment.decision_note = note
    _flush(ctx, amendment)
    _record(ctx, amendment, EventType.AMENDMENT_DECIDED,
            {"decision": decision.value, "note": note, **recorded})


def set_co_proponents(ctx: Ctx, amendment_id: int, *, expected_version: int,
                      co_proponents: Sequence[str]) -> AmendmentRecord:
    """The proposing delegation names whom it invites to co-sponsor, while the amendment is
    open (core.amendments.change_co_proponents): a delegation named for the first time is
    invited, one left out that has not accepted has its invitation taken back, and one that
    accepted cannot be left out (409: it withdraws itself). Nobody's support or opposition is
    touched: an invited delegation keeps its stance until it accepts."""
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.SET_CO_PROPONENTS)
    _guard_version(amendment, expected_version)
    check_amendment_state(AmendmentState(amendment.state), AmendmentAction.SET_CO_PROPONENTS)
    ids = _co_proponent_ids(ctx, viewer.process.id, co_proponents, amendment.delegation_id)
    current = co_sponsorship(ctx, [amendment.id]).get(amendment.id, {})
    # The rule works on codes, so that a refusal names delegations as people know them.
    code_of = dict(ctx.session.execute(select(Delegation.id, Delegation.code).where(
        Delegation.id.in_([*current, *ids]))).all())
    id_of = {code: delegation_id for delegation_id, code in code_of.items()}
    by_code = change_co_proponents({code_of[d]: answer for d, answer in current.items()},
                                   [code_of[d] for d in ids])
    change = CoProponentChange(invited=tuple(id_of[c] for c in by_code.invited),
                               cancelled=tuple(id_of[c] for c in by_code.cancelled))
    if change.cancelled:
        # Conditional: a delegation accepting at this moment keeps its co-sponsorship.
        removed = ctx.session.execute(delete(CoProponent).where(
            CoProponent.amendment_id == amendment.id,
            CoProponent.delegation_id.in_(change.cancelled),
            CoProponent.status != CoSponsorship.ACCEPTED.value))
        assert isinstance(removed, CursorResult)
        if removed.rowcount != len(change.cancelled):
            raise Conflict("A delegation answered this invitation at the same moment.",
                           details={"field": "co_proponents"})
    now = ctx.now()
    for co_id in change.invited:
        ctx.session.add(CoProponent(amendment_id=amendment.id, delegation_id=co_id,
                                    status=CoSponsorship.INVITED.value,
                                    invited_by_id=viewer.actor.user_id, invited_at=now))
    _bump(ctx, amendment)
    if is_private(amendment):
        _record(ctx, amendment, EventType.AMENDMENT_CO_PROPONENTS, {})
    else:
        _invitations_go_out(ctx, amendment, change.invited)
        for co_id in change.cancelled:
            _record(ctx, amendment, EventType.CO_SPONSOR_INVITATION_WITHDRAWN,
                    {"co_sponsor": co_id, "was": current[co_id].value})
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


def answer_co_sponsorship(ctx: Ctx, amendment_id: int, answer: CoSponsorship
                          ) -> AmendmentRecord:
    """A delegation the proposer named answers for itself: it accepts (and is a co-proponent
    from then on), declines, or withdraws the co-sponsorship it gave.

    Accepting replaces the delegation's own support or opposition, if it took one (a
    proponent takes no stance on its own amendment); no other delegation's stance changes.
    Only a submitted, undecided amendment is answered; its version does not change (as for a
    stance), so nobody else's pending write is made stale by it.
    """
    action = next((a for a, given in CO_SPONSOR_ANSWER_OF.items() if given is answer), None)
    if action is None:
        raise Invalid("A delegation accepts, declines or withdraws its co-sponsorship.",
                      details={"field": "status"})
    amendment, viewer = _load(ctx, amendment_id, action)
    delegation_id = require_delegation(viewer.actor)
    check_amendment_state(AmendmentState(amendment.state), action)
    current = co_sponsorship(ctx, [amendment.id]).get(amendment.id, {}).get(delegation_id)
    check_co_sponsor_answer(current, answer)
    assert current is not None
    now = ctx.now()
    moved = ctx.session.execute(update(CoProponent).where(
        CoProponent.amendment_id == amendment.id, CoProponent.delegation_id == delegation_id,
        CoProponent.status == current.value).values(
        status=answer.value, answered_by_id=viewer.actor.user_id, answered_at=now))
    assert isinstance(moved, CursorResult)
    if moved.rowcount != 1:
        raise Conflict("The invitation changed at the same moment; load the amendment again.",
                       details={"field": "status"})
    replaced = None
    if answer is CoSponsorship.ACCEPTED:
        own = ctx.session.get(AmendmentStance, (amendment.id, delegation_id))
        if own is not None:
            replaced = own.stance
            ctx.session.delete(own)
    ctx.session.flush()
    payload: dict[str, object] = {"co_sponsor": delegation_id, "was": current.value}
    if replaced is not None:
        payload["replaced_stance"] = replaced
    _record(ctx, amendment,
            EventType.CO_SPONSOR_ACCEPTED if answer is CoSponsorship.ACCEPTED
            else EventType.CO_SPONSOR_DECLINED if answer is CoSponsorship.DECLINED
            else EventType.CO_SPONSORSHIP_WITHDRAWN, payload)
    record = record_of(ctx, amendment, viewer)
    ctx.commit()
    return record


def _bump(ctx: Ctx, amendment: Amendment) -> None:
    """Force a version bump when only child rows changed."""
    flag_modified(amendment, "justification")
    _flush(ctx, amendment)


def take_stance(ctx: Ctx, amendment_id: int, stance: Stance | None) -> AmendmentRecord:
    """A delegation supports or opposes another's submitted amendment, or withdraws its stance."""
    amendment, viewer = _load(ctx, amendment_id, AmendmentAction.TAKE_STANCE)
    actor = viewer.actor
    delegation_id = require_delegation(actor)
    check_amendment_state(AmendmentState(amendment.state), AmendmentAction.TAKE_STANCE)
    existing = ctx.session.get(AmendmentStance, (amendment.id, delegation_id))
    if stance is None:
        if existing is None:
            raise NotFound("Your delegation has taken no stance on this amendment.")
        ctx.session.delete(existing)
    elif existing is None:
        ctx.session.add(AmendmentStance(amendment_id=amendment.id, delegation_id=delegation_id,
                                        stance=stance.value, user_id=actor.user_id,
                                        at=ctx.now()))
    else:
        existing.stance = stance.value
        existing.user_id = actor.user_id
        existing.at = ctx.now()
    ctx.session.flush()
    history.record(ctx, history.process_stream(amendment.process_id), EventType.AMENDMENT_STANCE,
                   f"amendment:{amendment.id}",
                   {"delegation": delegation_id, "stance": stance.value if stance else None},
                   at_commit=True)
    answer = record_of(ctx, amendment, viewer)
    ctx.commit()
    return answer


# ---- amendments as the text engine sees them ---------------------------------------------


def _applying_carries(ctx: Ctx, amendment_ids: Sequence[int], as_of: int
                      ) -> dict[int, AmendmentCarry]:
    """Each amendment's last re-anchoring (an ``applies`` carry) onto a revision of sequence
    ``as_of`` or earlier."""
    found: dict[int, AmendmentCarry] = {}
    rows = ctx.session.scalars(
        select(AmendmentCarry).join(Revision, Revision.id == AmendmentCarry.revision_id)
        .where(AmendmentCarry.amendment_id.in_(amendment_ids),
               AmendmentCarry.outcome == Outcome.APPLIES.value, Revision.sequence <= as_of)
        .order_by(Revision.sequence))
    for row in rows:
        found[row.amendment_id] = row
    return found


def amendment_views(ctx: Ctx, amendments: Sequence[Amendment], *,
                    anchored: bool = True, as_of: int | None = None
                    ) -> tuple[list[AmendmentView], dict[int, int]]:
    """AmendmentViews (anchored on their latest carry when asked), and the revision id each
    is anchored on now.

    With ``as_of`` (a revision's sequence), each is anchored instead on the text it was
    last known to apply to at that revision: its last re-anchoring onto that revision or an
    earlier one, else the text it was made on. Carrying such a view onto the revision's
    text (core.rebase.carry_forward) tells where it stands there.
    """
    if not amendments:
        return [], {}
    ids = [a.id for a in amendments]
    keys = dict(ctx.session.execute(select(Unit.id, Unit.key).where(
        Unit.id.in_({a.unit_id for a in amendments}))).all())
    clusters = dict(ctx.session.execute(select(Cluster.id, Cluster.key).where(
        Cluster.id.in_({a.cluster_id for a in amendments if a.cluster_id}))).all())
    if as_of is not None:
        carries = _applying_carries(ctx, ids, as_of)
    else:
        carries = latest_carries(ctx, ids) if anchored else {}
    # Only co-proponents that accepted are attributed (the compilation, exports, lineage).
    co_rows = ctx.session.execute(
        select(CoProponent.amendment_id, CoProponent.delegation_id)
        .where(CoProponent.amendment_id.in_(ids),
               CoProponent.status == CoSponsorship.ACCEPTED.value)
        .order_by(CoProponent.delegation_id)).all()
    codes = dict(ctx.session.execute(select(Delegation.id, Delegation.code).where(
        Delegation.id.in_({a.delegation_id for a in amendments} | {d for _, d in co_rows})))
        .all())
    sequences = dict(ctx.session.execute(select(Revision.id, Revision.sequence).where(
        Revision.id.in_({a.revision_id for a in amendments}
                        | {c.revision_id for c in carries.values()}))).all())
    co: dict[int, list[str]] = {}
    for amendment_id, delegation_id in co_rows:
        co.setdefault(amendment_id, []).append(codes[delegation_id])
    views: list[AmendmentView] = []
    anchors: dict[int, int] = {}
    for a in amendments:
        carry = carries.get(a.id)
        base, text, revision_id = a.base_text, a.text, a.revision_id
        if carry is not None and carry.outcome == Outcome.APPLIES and carry.base_text is not None:
            base, text, revision_id = carry.base_text, carry.proposed_text, carry.revision_id
        anchors[a.id] = revision_id
        views.append(AmendmentView(
            id=a.id, unit=keys[a.unit_id], kind=AmendmentKind(a.kind),
            state=AmendmentState(a.state),
            proponents=(codes[a.delegation_id], *co.get(a.id, [])), base_text=base,
            text=text, revision=sequences[revision_id],
            cluster=clusters.get(a.cluster_id) if a.cluster_id else None,
            justification=a.justification))
    return views, anchors
