"""The sentence a person reads for each history entry: the catalogue's template
(core.events.render_sentence) filled with the names of who did what to which paragraph.

Names are looked up for a batch of entries at once, as each entry's own revision gives them:
an amendment's paragraph is named as the revision it was proposed on numbers it; a change of
the working copy carries the paragraph's name of the moment in its payload ("paragraph").
A reader who may not see what an entry is about (another delegation's draft) reads it in the
catalogue's general words: "A delegation saved a draft amendment to a paragraph."
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from server.core.amendments import AmendmentState
from server.core.events import EventType, audience_of, render_sentence
from server.core.naming import possessive
from server.core.phases import Phase
from server.core.policy import Role, may_receive
from server.features.catalogue.service import PHASE_LABELS, STATE_LABELS
from server.features.common.access import Viewer
from server.features.common.context import Ctx
from server.features.text.service import name_anywhere, revision_names
from server.models import Amendment, Delegation, LogEntry, Participant, Revision, Unit, User

#: How a history sentence names who acted, by role (a delegate: their delegation's name).
ACTOR_WORDS: dict[Role, str] = {
    Role.CO_FACILITATOR: "the co-facilitators", Role.SECRETARIAT: "the secretariat",
    Role.OBSERVER: "an observer"}
#: A person in a role, as a sentence names them ("a delegate" of some delegation).
ROLE_WORDS: dict[Role, str] = {
    Role.CO_FACILITATOR: "a co-facilitator", Role.SECRETARIAT: "a member of the secretariat",
    Role.DELEGATE: "a delegate", Role.OBSERVER: "an observer"}
#: Where a carried amendment stands, read before the new revision's label.
OUTCOME_WORDS: dict[str, str] = {
    "applies": "still applies to", "conflicts": "conflicts with the text of",
    "overtaken": "was overtaken by"}
STANCE_WORDS: dict[str | None, str] = {
    "support": "supported", "oppose": "opposed", None: "took back its stance on"}


@dataclass(frozen=True)
class _Amendment:
    delegation_id: int
    document_id: int
    unit: str
    revision_id: int


@dataclass
class _Names:
    """Everything the batch's sentences name, read in a few queries."""

    actors: dict[int, str] = field(default_factory=dict)
    amendments: dict[int, _Amendment] = field(default_factory=dict)
    delegations: dict[int, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    #: Unit names per revision id; the working copy's under (document, None).
    paragraphs: dict[int, dict[str, str]] = field(default_factory=dict)
    working: dict[int, dict[str, str]] = field(default_factory=dict)


def _subject_id(entry: LogEntry, kind: str) -> int | None:
    found, _, ident = entry.subject.partition(":")
    return int(ident) if found == kind and ident.isdigit() else None


def _unit_subject(entry: LogEntry) -> tuple[int, str] | None:
    """(document id, unit key) of an entry about a unit ("unit:3:op12")."""
    kind, _, rest = entry.subject.partition(":")
    document, _, key = rest.partition(":")
    return (int(document), key) if kind == "unit" and document.isdigit() and key else None


def _lookup(ctx: Ctx, process_id: int, entries: Sequence[LogEntry]) -> _Names:
    names = _Names()
    session = ctx.session
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    if actor_ids:
        for user_id, role, delegation_name in session.execute(
                select(Participant.user_id, Participant.role, Delegation.name)
                .outerjoin(Delegation, Delegation.id == Participant.delegation_id)
                .where(Participant.process_id == process_id,
                       Participant.user_id.in_(actor_ids))):
            names.actors[user_id] = delegation_name or ACTOR_WORDS.get(Role(role), "someone")
        for user_id in session.scalars(select(User.id).where(
                User.id.in_(actor_ids - set(names.actors)), User.is_admin.is_(True))):
            names.actors[user_id] = "an administrator"
    amendment_ids = {i for e in entries if (i := _subject_id(e, "amendment")) is not None}
    if amendment_ids:
        for amendment_id, delegation_id, document_id, key, revision_id in session.execute(
                select(Amendment.id, Amendment.delegation_id, Amendment.document_id, Unit.key,
                       Amendment.revision_id).join(Unit, Unit.id == Amendment.unit_id)
                .where(Amendment.id.in_(amendment_ids))):
            names.amendments[amendment_id] = _Amendment(delegation_id, document_id, key,
                                                        revision_id)
    delegation_ids = {a.delegation_id for a in names.amendments.values()}
    codes: set[str] = set()
    revision_ids = {a.revision_id for a in names.amendments.values()}
    for entry in entries:
        delegation = entry.payload.get("delegation")
        if isinstance(delegation, int) and not isinstance(delegation, bool):
            delegation_ids.add(delegation)
        elif isinstance(delegation, str):
            codes.add(delegation)
        if (joined := _subject_id(entry, "delegation")) is not None:
            delegation_ids.add(joined)
        co_sponsor = entry.payload.get("co_sponsor")
        if isinstance(co_sponsor, int) and not isinstance(co_sponsor, bool):
            delegation_ids.add(co_sponsor)
        revision = entry.payload.get("revision")
        if isinstance(revision, int) and not isinstance(revision, bool):
            revision_ids.add(revision)
    if delegation_ids or codes:
        for delegation_id, code, name in session.execute(
                select(Delegation.id, Delegation.code, Delegation.name).where(
                    Delegation.process_id == process_id,
                    Delegation.id.in_(delegation_ids) | Delegation.code.in_(codes))):
            names.delegations[delegation_id] = name
            names.codes[code] = name
    if revision_ids:
        names.labels = {i: label for i, label in session.execute(
            select(Revision.id, Revision.label).where(Revision.id.in_(revision_ids)))
            if label is not None}
    for revision_id in {a.revision_id for a in names.amendments.values()}:
        names.paragraphs[revision_id] = revision_names(ctx, revision_id)
    documents = {document for e in entries
                 if (found := _unit_subject(e)) is not None and (document := found[0])}
    documents |= {d for e in entries if e.action == EventType.DISCUSSION_MOVED
                  and isinstance(d := e.payload.get("document"), int)}
    for document_id in documents:
        working = session.scalars(select(Revision.id).where(
            Revision.document_id == document_id, Revision.published_at.is_(None))).first()
        names.working[document_id] = revision_names(ctx, working) if working else {}
    return names


def _facts(ctx: Ctx, entry: LogEntry, names: _Names) -> dict[str, str]:
    """The names an entry's sentence may use (core.events.FACTS), as far as they are known."""
    payload: dict[str, Any] = entry.payload
    facts: dict[str, str] = {}
    if entry.actor_id is not None and entry.actor_id in names.actors:
        facts["actor"] = names.actors[entry.actor_id]
    amendment_id = _subject_id(entry, "amendment")
    amendment = names.amendments.get(amendment_id) if amendment_id is not None else None
    # The delegation the change concerns: the payload's (a stance, a broken silence, a
    # participant), else the amendment's proposer, else the delegation that joined.
    delegation = payload.get("delegation")
    if isinstance(delegation, str) and delegation in names.codes:
        facts["delegation"] = names.codes[delegation]
    elif isinstance(delegation, int) and delegation in names.delegations:
        facts["delegation"] = names.delegations[delegation]
    elif amendment is not None:
        facts["delegation"] = names.delegations[amendment.delegation_id]
    elif (joined := _subject_id(entry, "delegation")) in names.delegations:
        facts["delegation"] = names.delegations[joined]
    co_sponsor = payload.get("co_sponsor")
    if isinstance(co_sponsor, int) and co_sponsor in names.delegations:
        facts["co_sponsor"] = names.delegations[co_sponsor]
    paragraph = payload.get("paragraph")
    unit = _unit_subject(entry)
    if isinstance(paragraph, str) and paragraph:
        facts["paragraph"] = paragraph
    elif amendment is not None:
        found = names.paragraphs.get(amendment.revision_id, {}).get(amendment.unit)
        if found is not None:
            facts["paragraph"] = found
    elif unit is not None:
        document, key = unit
        found = names.working.get(document, {}).get(key) or name_anywhere(ctx, document, key)
        if found is not None:
            facts["paragraph"] = found
    if amendment is not None:
        facts["amendment"] = (f"{possessive(names.delegations[amendment.delegation_id])} "
                              f"amendment to {facts.get('paragraph', 'a paragraph')}")
    label = payload.get("label")
    revision = payload.get("revision")
    if isinstance(label, str) and label:
        facts["revision"] = label
    elif isinstance(revision, int) and revision in names.labels:
        facts["revision"] = names.labels[revision]
    elif amendment is not None and amendment.revision_id in names.labels:
        facts["revision"] = names.labels[amendment.revision_id]
    _words_of_the_change(entry, payload, names, facts)
    return facts


def _words_of_the_change(entry: LogEntry, payload: dict[str, Any], names: _Names,
                         facts: dict[str, str]) -> None:
    """The facts particular to some events: phases, decisions, stances, roles..."""
    action = entry.action
    if action == EventType.PHASE_CHANGED and payload.get("to") in set(Phase):
        facts["phase"] = f"the {PHASE_LABELS[Phase(payload['to'])].lower()} phase"
    if action == EventType.AMENDMENT_DECIDED and payload.get("decision") in set(AmendmentState):
        facts["decision"] = STATE_LABELS[AmendmentState(payload["decision"])].lower()
    if action == EventType.AMENDMENT_STANCE:
        facts["stance"] = STANCE_WORDS.get(payload.get("stance"), STANCE_WORDS[None])
    if action == EventType.AMENDMENT_CARRIED and payload.get("outcome") in OUTCOME_WORDS:
        facts["outcome"] = OUTCOME_WORDS[payload["outcome"]]
    role = payload.get("to") if action == EventType.ROLE_CHANGED else payload.get("role")
    if role in set(Role):
        words = ROLE_WORDS[Role(role)]
        code = payload.get("delegation")
        if isinstance(code, str) and code in names.codes:
            words = f"{words} of {names.codes[code]}"
        facts["new_role" if action == EventType.ROLE_CHANGED else "role"] = words
    if action == EventType.WORKING_COPY_SHARED:
        facts["sharing"] = "shared" if payload.get("shared") else "stopped sharing"
    if action == EventType.DISCUSSION_MOVED:
        key, document = payload.get("unit"), payload.get("document")
        if not isinstance(key, str):
            facts["discussed"] = "none"
        elif isinstance(document, int) and key in names.working.get(document, {}):
            facts["discussed"] = names.working[document][key]
    if action == EventType.SOURCE_LANGUAGE_SET and isinstance(payload.get("language_name"), str):
        facts["language"] = payload["language_name"]
    if action == EventType.DOCUMENT_CREATED and isinstance(payload.get("title"), str):
        facts["document"] = f"the document \u201c{payload['title']}\u201d"


def sentences(ctx: Ctx, process_id: int, entries: Sequence[LogEntry],
              full: Callable[[LogEntry], bool] | None = None) -> dict[int, str]:
    """Each entry's sentence, by seq. ``full(entry)`` says whether the reader may see what
    the entry is about (default: yes); for one they may not, nothing is looked up and the
    sentence names nothing ("A delegation saved a draft amendment to a paragraph.")."""
    shown = [e for e in entries if full is None or full(e)]
    names = _lookup(ctx, process_id, shown) if shown else _Names()
    visible = {e.seq for e in shown}
    return {e.seq: render_sentence(e.action, _facts(ctx, e, names) if e.seq in visible
                                   else None) for e in entries}


def for_reader(ctx: Ctx, viewer: Viewer, entries: Sequence[LogEntry]) -> dict[int, str]:
    """Each entry's sentence as ``viewer`` may read it: in full where the catalogue's
    audience includes them, else in general words."""
    phase, settings = viewer.phase, viewer.settings

    def full(entry: LogEntry) -> bool:
        audience, delegation_id = audience_of(entry.action, entry.payload)
        return may_receive(viewer.actor, audience, delegation_id, phase, settings)

    return sentences(ctx, viewer.process.id, entries, full)
