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

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session

from server.core.amendments import AmendmentState
from server.core.events import (
    FACTS,
    EventType,
    Fact,
    audience_of,
    placeholders,
)
from server.core.messages import LANGUAGES
from server.core.phases import Phase
from server.core.policy import Role, may_receive
from server.features.common.access import Viewer
from server.features.common.context import Ctx, held
from server.features.history.catalogue import EVENTS, render_sentence
from server.features.history.service import TO_DESCRIBE
from server.features.text.service import name_anywhere, revision_names
from server.models import Amendment, Delegation, LogEntry, Participant, Revision, Unit, User

#: Who acted, by role, as words of the catalogue (a delegate: their delegation's name).
ACTOR_WORDS: dict[Role, Fact] = {
    role: {"word": f"actor.{role.value}"}
    for role in (Role.CO_FACILITATOR, Role.SECRETARIAT, Role.OBSERVER)}
#: Where a carried amendment stands, read before the new revision's label.
OUTCOMES = frozenset({"applies", "conflicts", "overtaken"})
STANCES: dict[str | None, str] = {"support": "support", "oppose": "oppose", None: "none"}


def word(key: str, **facts: Fact) -> Fact:
    """Words of the catalogue (client/i18n/events, ``events.word.<key>``), with their facts."""
    return {"word": key, **facts}


@dataclass(frozen=True, slots=True)
class Described:
    """An entry as a person reads it: the English sentence and the facts it is made of (the
    browser and the mail fill the template of ``action`` in the reader's language)."""

    sentence: str
    facts: dict[str, Fact]


@dataclass(frozen=True)
class _Amendment:
    delegation_id: int
    document_id: int
    unit: str
    revision_id: int


@dataclass
class _Names:
    """Everything the batch's sentences name, read in a few queries."""

    actors: dict[int, Fact] = field(default_factory=dict)
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


# The names' statements, built once (every write's entries are read with them, and building
# a SELECT costs more CPU than running it).
_ACTORS = (select(Participant.user_id, Participant.role, Delegation.name)
           .outerjoin(Delegation, Delegation.id == Participant.delegation_id)
           .where(Participant.process_id == bindparam("process"),
                  Participant.user_id.in_(bindparam("users", expanding=True))))
_ADMINISTRATORS = select(User.id).where(User.id.in_(bindparam("users", expanding=True)),
                                        User.is_admin.is_(True))
_AMENDMENTS = (select(Amendment.id, Amendment.delegation_id, Amendment.document_id, Unit.key,
                      Amendment.revision_id).join(Unit, Unit.id == Amendment.unit_id)
               .where(Amendment.id.in_(bindparam("ids", expanding=True))))
_DELEGATIONS = select(Delegation.id, Delegation.code, Delegation.name).where(
    Delegation.process_id == bindparam("process"),
    Delegation.id.in_(bindparam("ids", expanding=True))
    | Delegation.code.in_(bindparam("codes", expanding=True)))
_LABELS = select(Revision.id, Revision.label).where(
    Revision.id.in_(bindparam("ids", expanding=True)))


@dataclass
class _Held:
    """The rows the session holds for its transaction (Ctx.hold: the write's own amendment,
    revision, unit, delegations and who acts), by what the sentences look them up by."""

    parts: dict[int, Participant] = field(default_factory=dict)
    amendments: dict[int, Amendment] = field(default_factory=dict)
    units: dict[int, Unit] = field(default_factory=dict)
    delegations: dict[int, Delegation] = field(default_factory=dict)
    revisions: dict[int, Revision] = field(default_factory=dict)


def _held(session: Session, process_id: int) -> _Held:
    found = _Held()
    rows = held(session)
    deleted = session.deleted if rows else ()
    for row in rows:
        if row in deleted or not inspect(row).persistent:
            continue  # removed in this transaction: the database no longer names it
        if isinstance(row, Participant):
            if row.process_id == process_id:
                found.parts[row.user_id] = row
        elif isinstance(row, Amendment):
            found.amendments[row.id] = row
        elif isinstance(row, Unit):
            found.units[row.id] = row
        elif isinstance(row, Delegation):
            if row.process_id == process_id:
                found.delegations[row.id] = row
        elif isinstance(row, Revision):
            found.revisions[row.id] = row
    return found


def _lookup(ctx: Ctx, process_id: int, entries: Sequence[LogEntry]) -> _Names:
    """The names ``entries`` use: from the rows the session holds for its transaction
    (Ctx.hold), and from the database for the rest (the same facts either way)."""
    names = _Names()
    session = ctx.session
    have = _held(session, process_id)
    actor_ids = {e.actor_id for e in entries if e.actor_id is not None}
    asked: set[int] = set()
    for user_id in actor_ids:
        part = have.parts.get(user_id)
        if part is None or (part.delegation_id is not None
                            and part.delegation_id not in have.delegations):
            asked.add(user_id)
            continue
        delegation_name = (have.delegations[part.delegation_id].name
                           if part.delegation_id is not None else None)
        if (actor := delegation_name or ACTOR_WORDS.get(Role(part.role))) is not None:
            names.actors[user_id] = actor
    if asked:
        for user_id, role, delegation_name in session.execute(
                _ACTORS, {"process": process_id, "users": sorted(asked)}):
            actor = delegation_name or ACTOR_WORDS.get(Role(role))
            if actor is not None:
                names.actors[user_id] = actor
    if rest := actor_ids - set(names.actors):
        for user_id in session.scalars(_ADMINISTRATORS, {"users": sorted(rest)}):
            names.actors[user_id] = word("actor.administrator")
    amendment_ids = {i for e in entries if (i := _subject_id(e, "amendment")) is not None}
    missing: list[int] = []
    for amendment_id in sorted(amendment_ids):
        row = have.amendments.get(amendment_id)
        unit = have.units.get(row.unit_id) if row is not None else None
        if row is None or unit is None:
            missing.append(amendment_id)
        else:
            names.amendments[amendment_id] = _Amendment(row.delegation_id, row.document_id,
                                                        unit.key, row.revision_id)
    if missing:
        for amendment_id, delegation_id, document_id, key, revision_id in session.execute(
                _AMENDMENTS, {"ids": missing}):
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
    for delegation_id in delegation_ids & have.delegations.keys():
        names.delegations[delegation_id] = have.delegations[delegation_id].name
    if (asked_ids := delegation_ids - have.delegations.keys()) or codes:
        for delegation_id, code, name in session.execute(
                _DELEGATIONS, {"process": process_id, "ids": sorted(asked_ids),
                               "codes": sorted(codes)}):
            names.delegations[delegation_id] = name
            names.codes[code] = name
    for revision_id in revision_ids & have.revisions.keys():
        if (label := have.revisions[revision_id].label) is not None:
            names.labels[revision_id] = label
    if asked_revisions := revision_ids - have.revisions.keys():
        names.labels.update({i: label for i, label in session.execute(
            _LABELS, {"ids": sorted(asked_revisions)}) if label is not None})
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


def _facts(ctx: Ctx, entry: LogEntry, names: _Names) -> dict[str, Fact]:
    """The names an entry's sentence may use (core.events.FACTS), as far as they are known."""
    payload: dict[str, Any] = entry.payload
    facts: dict[str, Fact] = {}
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
        of: dict[str, Fact] = {"delegation": names.delegations[amendment.delegation_id]}
        if "paragraph" in facts:
            of["paragraph"] = facts["paragraph"]
        facts["amendment"] = word("amendment", **of)
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
                         facts: dict[str, Fact]) -> None:
    """The facts particular to some events: phases, decisions, stances, roles..."""
    action = entry.action
    if action == EventType.PHASE_CHANGED and payload.get("to") in set(Phase):
        facts["phase"] = word(f"phase.{payload['to']}")
    if action == EventType.AMENDMENT_DECIDED and payload.get("decision") in set(AmendmentState):
        facts["decision"] = word(f"decision.{payload['decision']}")
    if action == EventType.AMENDMENT_STANCE:
        facts["stance"] = word(f"stance.{STANCES.get(payload.get('stance'), 'none')}")
    if action == EventType.AMENDMENT_CARRIED and payload.get("outcome") in OUTCOMES:
        facts["outcome"] = word(f"outcome.{payload['outcome']}")
    role = payload.get("to") if action == EventType.ROLE_CHANGED else payload.get("role")
    if role in set(Role):
        words = word(f"role.{role}")
        code = payload.get("delegation")
        if isinstance(code, str) and code in names.codes:
            words = word("roleOf", role=words, delegation=names.codes[code])
        facts["new_role" if action == EventType.ROLE_CHANGED else "role"] = words
    if action == EventType.WORKING_COPY_SHARED:
        facts["sharing"] = word("sharing.shared" if payload.get("shared") else "sharing.stopped")
    if action == EventType.DISCUSSION_MOVED:
        key, document = payload.get("unit"), payload.get("document")
        if not isinstance(key, str):
            facts["discussed"] = word("discussed.none")
        elif isinstance(document, int) and key in names.working.get(document, {}):
            facts["discussed"] = names.working[document][key]
    if action == EventType.SOURCE_LANGUAGE_SET:
        if payload.get("language") in LANGUAGES:
            facts["language"] = word(f"language.{payload['language']}")
        elif isinstance(payload.get("language_name"), str):
            facts["language"] = payload["language_name"]
    if action == EventType.DOCUMENT_CREATED and isinstance(payload.get("title"), str):
        facts["document"] = word("document", title=payload["title"])


def remember(ctx: Ctx, entries: Sequence[LogEntry]) -> None:
    """Read the facts of ``entries`` (process entries about to be committed in
    ``ctx.session``) and keep each entry's :class:`Described` with it (:func:`remembered`),
    so that the broadcast after the commit has them without another transaction."""
    by_stream: dict[str, list[LogEntry]] = {}
    for entry in entries:
        by_stream.setdefault(entry.stream, []).append(entry)
    for stream, batch in by_stream.items():
        process_id = int(stream.partition(":")[2])
        names = _lookup(ctx, process_id, batch)
        for entry in batch:
            facts = _facts(ctx, entry, names)
            inspect(entry).info[_REMEMBERED] = Described(render_sentence(entry.action, facts),
                                                         facts)


def remembered(entry: LogEntry) -> Described | None:
    """What :func:`remember` kept for ``entry`` (None: it was not recorded in this process)."""
    found = inspect(entry).info.get(_REMEMBERED)
    return found if isinstance(found, Described) else None


_REMEMBERED = "accord_described"


@event.listens_for(Session, "before_commit", insert=True)
def _describe_before_commit(session: Session) -> None:
    """Read the facts of the process entries a session recorded (history.record), before
    history's own before_commit step locks the head (``insert=True``: this one runs first),
    so the broadcast after the commit reads nothing."""
    to_describe = session.info.pop(TO_DESCRIBE, None)
    if to_describe:
        remember(Ctx(session=session, user=None), to_describe)


def described(ctx: Ctx, process_id: int, entries: Sequence[LogEntry],
              full: Callable[[LogEntry], bool] | None = None) -> dict[int, Described]:
    """Each entry's sentence and facts, by seq. ``full(entry)`` says whether the reader may
    see what the entry is about (default: yes); for one they may not, nothing is looked up
    and the sentence names nothing ("A delegation saved a draft amendment to a
    paragraph.")."""
    shown = [e for e in entries if full is None or full(e)]
    names = _lookup(ctx, process_id, shown) if shown else _Names()
    visible = {e.seq for e in shown}
    found: dict[int, Described] = {}
    for entry in entries:
        facts = _facts(ctx, entry, names) if entry.seq in visible else {}
        found[entry.seq] = Described(render_sentence(entry.action, facts), facts)
    return found


def sentences(ctx: Ctx, process_id: int, entries: Sequence[LogEntry],
              full: Callable[[LogEntry], bool] | None = None) -> dict[int, str]:
    """Each entry's English sentence, by seq (:func:`described`'s)."""
    return {seq: d.sentence for seq, d in described(ctx, process_id, entries, full).items()}


def for_reader(ctx: Ctx, viewer: Viewer, entries: Sequence[LogEntry]) -> dict[int, str]:
    """Each entry's sentence as ``viewer`` may read it (:func:`described_for`)."""
    return {seq: d.sentence for seq, d in described_for(ctx, viewer, entries).items()}


def described_for(ctx: Ctx, viewer: Viewer, entries: Sequence[LogEntry]
                  ) -> dict[int, Described]:
    """Each entry's sentence and facts as ``viewer`` may read them: in full where the
    catalogue's audience includes them, else in general words."""
    phase, settings = viewer.phase, viewer.settings

    def full(entry: LogEntry) -> bool:
        audience, delegation_id = audience_of(entry.action, entry.payload)
        return may_receive(viewer.actor, audience, delegation_id, phase, settings)

    return described(ctx, viewer.process.id, entries, full)


def words_sent() -> dict[str, list[str]]:
    """Every catalogue word a sentence's facts may use, with the facts inside it: what each
    language's catalogue (client/i18n/events) must say (client/i18n/events/events.test.js
    checks it against the fixture :func:`fixture` writes)."""
    found: dict[str, list[str]] = {f"actor.{r.value}": [] for r in ACTOR_WORDS}
    found["actor.administrator"] = []
    found |= {f"role.{r.value}": [] for r in Role}
    found["roleOf"] = ["delegation", "role"]
    found["amendment"] = ["delegation", "paragraph"]
    found |= {f"phase.{p.value}": [] for p in Phase}
    found |= {f"decision.{s.value}": [] for s in AmendmentState}
    found |= {f"stance.{s}": [] for s in STANCES.values()}
    found |= {f"outcome.{o}": [] for o in sorted(OUTCOMES)}
    found |= {"sharing.shared": [], "sharing.stopped": [], "discussed.none": [],
              "document": ["title"]}
    found |= {f"language.{code}": [] for code in LANGUAGES}
    return found


def fixture() -> dict[str, Any]:
    """The server's side of the event catalogue, for the client's test: every action with the
    facts its sentence names, every fact, every word."""
    return {"actions": {action.value: placeholders(EVENTS.template(f"events.{action.value}"))
                        for action in EventType},
            "facts": sorted(FACTS), "words": words_sent()}


FIXTURE = "client/i18n/events/server-catalogue.fixture.json"

if __name__ == "__main__":  # python -m server.features.history.sentences: writes FIXTURE
    import json
    from pathlib import Path

    Path(FIXTURE).write_text(json.dumps(fixture(), indent=1, sort_keys=True) + "\n")
