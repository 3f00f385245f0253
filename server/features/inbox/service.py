"""A person's inbox across their processes: the history entries that concern them
(server.core.inbox, within what the policy lets them receive), silence procedures about to
end, what they have read, and how they want to be mailed.

Items are derived on reading, never stored: an item is read when it is marked read, or when it
arrived before the person last marked everything read. Each process contributes its latest
:data:`WINDOW` candidate entries (older ones are history: the timeline has them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select

from server.core.errors import NotFound
from server.core.events import audience_of
from server.core.inbox import (
    CANDIDATES,
    Concern,
    EntryFacts,
    concern_of,
    named_in,
    silence_ending_soon,
)
from server.core.policy import Actor, Role, may_receive
from server.features.common.access import Viewer, phase_of, settings_of
from server.features.common.context import Ctx
from server.features.history import sentences
from server.features.history.catalogue import say
from server.models import (
    Amendment,
    Delegation,
    InboxRead,
    InboxSettings,
    Input,
    LogEntry,
    Participant,
    Process,
    Revision,
    SilenceProcedure,
    User,
)

#: How many candidate entries of each process are read, newest first.
WINDOW = 500
MAIL_CHOICES = ("none", "immediate", "daily")


@dataclass(frozen=True)
class Item:
    key: str
    process_id: int
    process_title: str
    at: datetime
    concern: Concern
    sentence: str
    #: Where it happened, as the browser's address ("#/p/3/amendments?...").
    link: str
    read: bool = False
    #: A history entry's action and the facts its sentence is made of (history.sentences:
    #: the browser and the mail say it in the reader's language). A deadline has no action;
    #: its facts are those of :func:`deadline_sentence`.
    action: str | None = None
    facts: dict[str, Any] | None = None


def _parse(at: str) -> datetime:
    return datetime.fromisoformat(at)


def memberships(ctx: Ctx, user_id: int) -> list[tuple[Process, Actor]]:
    rows = ctx.session.execute(select(Process, Participant).join(
        Participant, Participant.process_id == Process.id).where(Participant.user_id == user_id)
        .order_by(Process.id))
    return [(process, Actor(user_id=user_id, role=Role(row.role),
                            delegation_id=row.delegation_id, focal_point=row.focal_point))
            for process, row in rows]


def _kind_id(subject: str, kind: str) -> int | None:
    found, _, ident = subject.partition(":")
    return int(ident) if found == kind and ident.isdigit() else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Lookup:
    """What the rule and the links need of a batch of entries of one process."""

    def __init__(self, ctx: Ctx, process_id: int, entries: Sequence[LogEntry]) -> None:
        session = ctx.session
        amendment_ids = {i for e in entries if (i := _kind_id(e.subject, "amendment"))}
        input_ids = {i for e in entries if (i := _kind_id(e.subject, "input"))}
        self.amendments: dict[int, tuple[int, str]] = {}
        self.codes: dict[int, str] = {}
        names: dict[int, Iterable[str]] = {}
        for ident, code, name in session.execute(select(
                Delegation.id, Delegation.code, Delegation.name).where(
                Delegation.process_id == process_id)):
            self.codes[ident] = code
            names[ident] = [name, code]
        self.by_code = {code: ident for ident, code in self.codes.items()}
        self.named: dict[str, frozenset[int]] = {}
        if amendment_ids:
            for ident, delegation_id, text, why in session.execute(select(
                    Amendment.id, Amendment.delegation_id, Amendment.text,
                    Amendment.justification).where(Amendment.id.in_(amendment_ids))):
                self.amendments[ident] = (delegation_id, text or "")
                self.named[f"amendment:{ident}"] = named_in(f"{text or ''}\n{why}", names)
        if input_ids:
            for ident, title, body in session.execute(select(
                    Input.id, Input.title, Input.body).where(Input.id.in_(input_ids))):
                self.named[f"input:{ident}"] = named_in(f"{title}\n{body}", names)
        revision_ids = {i for e in entries if (i := _kind_id(e.subject, "revision"))}
        revision_ids |= {i for e in entries if (i := _int(e.payload.get("revision")))}
        self.revisions: dict[int, tuple[int, int]] = {
            ident: (document_id, sequence) for ident, document_id, sequence in session.execute(
                select(Revision.id, Revision.document_id, Revision.sequence)
                .where(Revision.id.in_(revision_ids)))} if revision_ids else {}

    def facts(self, entry: LogEntry) -> EntryFacts:
        amendment = _kind_id(entry.subject, "amendment")
        proposer = self.amendments[amendment][0] if amendment in self.amendments else None
        about = _kind_id(entry.subject, "delegation")
        delegation = entry.payload.get("delegation")
        if about is None:
            about = _int(delegation) if _int(delegation) is not None else (
                self.by_code.get(delegation) if isinstance(delegation, str) else None)
        return EntryFacts(action=entry.action, actor_id=entry.actor_id, proposer=proposer,
                          co_sponsor=_int(entry.payload.get("co_sponsor")), about=about,
                          named=self.named.get(entry.subject, frozenset()))

    def link(self, process_id: int, entry: LogEntry) -> str:
        base = f"#/p/{process_id}"
        amendment = _kind_id(entry.subject, "amendment")
        if amendment is not None:
            code = self.codes.get(self.amendments.get(amendment, (0, ""))[0], "")
            return f"{base}/amendments?delegation={code}&amendment={amendment}"
        revision = _kind_id(entry.subject, "revision") or _int(entry.payload.get("revision"))
        if revision in self.revisions and entry.action == "revision.published":
            document, sequence = self.revisions[revision]
            return f"{base}/text/{document}/{sequence}"
        if _kind_id(entry.subject, "input") is not None:
            return f"{base}/consultation"
        if _kind_id(entry.subject, "delegation") is not None:
            return f"{base}/delegations"
        return base


def _read_state(ctx: Ctx, user_id: int) -> tuple[set[str], datetime | None]:
    keys = set(ctx.session.scalars(select(InboxRead.key).where(InboxRead.user_id == user_id)))
    settings = ctx.session.get(InboxSettings, user_id)
    return keys, settings.read_all_at if settings is not None else None


def _entries_of(ctx: Ctx, process: Process, actor: Actor, *,
                since: datetime | None = None) -> list[Item]:
    query = select(LogEntry).where(LogEntry.stream == f"process:{process.id}",
                                   LogEntry.action.in_(sorted(CANDIDATES)))
    if since is not None:
        query = query.where(LogEntry.at > since.astimezone(UTC).isoformat(
            timespec="microseconds"))
    rows = list(ctx.session.scalars(query.order_by(LogEntry.seq.desc()).limit(WINDOW)))
    return items_of(ctx, process, actor, rows)


def items_of(ctx: Ctx, process: Process, actor: Actor, rows: Sequence[LogEntry]) -> list[Item]:
    """The items ``rows`` (entries of ``process``) make in ``actor``'s inbox: those the policy
    lets them receive and that concern them (server.core.inbox)."""
    phase, settings = phase_of(process), settings_of(process)
    visible = [e for e in rows if e.action in CANDIDATES
               and may_receive(actor, *audience_of(e.action, e.payload), phase, settings)]
    if not visible:
        return []
    lookup = _Lookup(ctx, process.id, visible)
    concerned = [(e, c) for e in visible if (c := concern_of(lookup.facts(e), actor))]
    said = sentences.described_for(ctx, Viewer(actor, process), [e for e, _ in concerned])
    return [Item(key=f"entry:{e.id}", process_id=process.id, process_title=process.title,
                 at=_parse(e.at), concern=c, sentence=said[e.seq].sentence,
                 link=lookup.link(process.id, e), action=e.action, facts=said[e.seq].facts)
            for e, c in concerned]


def deadline_sentence(facts: Mapping[str, Any], lang: str = "en") -> str:
    """A silence procedure about to end, in ``lang``: the catalogue's
    ``events.inbox.silence_ending`` filled with ``facts`` (``revision``: its label, absent
    when it has none; ``hours``: how many are left, at least 1)."""
    revision = facts.get("revision")
    return say("events.inbox.silence_ending", {
        "revision": revision if isinstance(revision, str)
        else say("events.unknown.revision", {}, lang),
        "hours": facts.get("hours")}, lang)


def _ending(ctx: Ctx, process: Process, within: timedelta) -> list[Item]:
    now = ctx.now()
    found = []
    for procedure, label in ctx.session.execute(
            select(SilenceProcedure, Revision.label)
            .join(Revision, Revision.id == SilenceProcedure.revision_id)
            .where(SilenceProcedure.process_id == process.id,
                   SilenceProcedure.outcome.is_(None))):
        if not silence_ending_soon(procedure.deadline, now, within):
            continue
        hours = max(1, round((procedure.deadline - now).total_seconds() / 3600))
        facts: dict[str, Any] = {"hours": hours} | ({"revision": label} if label else {})
        found.append(Item(
            key=f"silence:{procedure.id}:ending", process_id=process.id,
            process_title=process.title, at=procedure.deadline - within,
            concern=Concern.SILENCE_ENDING, sentence=deadline_sentence(facts),
            link=f"#/p/{process.id}", facts=facts))
    return found


def within_hours() -> timedelta:
    return timedelta(hours=float(current_app.config.get("INBOX_SILENCE_HOURS", 24)))


def items_for(ctx: Ctx, user: User, *, since: datetime | None = None) -> list[Item]:
    """Every item of ``user``'s inbox, newest first, each marked read or not (``since``: only
    what arrived after it)."""
    keys, read_all = _read_state(ctx, user.id)
    within = within_hours()
    found: list[Item] = []
    for process, actor in memberships(ctx, user.id):
        found += _entries_of(ctx, process, actor, since=since)
        found += [i for i in _ending(ctx, process, within) if since is None or i.at > since]
    found.sort(key=lambda i: (i.at, i.key), reverse=True)
    return [Item(**{**i.__dict__, "read": i.key in keys or (
        read_all is not None and i.at <= read_all)}) for i in found]


def listing(ctx: Ctx, *, order: str, unread_only: bool, offset: int, limit: int
            ) -> tuple[list[Item], int, int]:
    """A page of the signed-in person's inbox, the number of items and of unread ones."""
    every = items_for(ctx, ctx.require_user())
    unread = sum(1 for i in every if not i.read)
    chosen = [i for i in every if not i.read] if unread_only else every
    if order == "unread":
        chosen = sorted(chosen, key=lambda i: i.read)  # stable: newest first within each
    return chosen[offset:offset + limit], len(chosen), unread


def unread_count(ctx: Ctx) -> int:
    return sum(1 for i in items_for(ctx, ctx.require_user()) if not i.read)


def _settings(ctx: Ctx, user_id: int) -> InboxSettings:
    row = ctx.session.get(InboxSettings, user_id)
    if row is None:
        row = InboxSettings(user_id=user_id, mail="none")
        ctx.session.add(row)
    return row


def mark_read(ctx: Ctx, keys: Iterable[str]) -> int:
    """Mark items read (each must be in the person's inbox: another's key is not found);
    returns the unread count after."""
    user = ctx.require_user()
    every = {i.key: i for i in items_for(ctx, user)}
    wanted = list(dict.fromkeys(keys))
    for key in wanted:
        if key not in every:
            raise NotFound(f"No inbox item {key}.")
    already = set(ctx.session.scalars(select(InboxRead.key).where(
        InboxRead.user_id == user.id, InboxRead.key.in_(wanted))))
    for key in wanted:
        if key not in already:
            ctx.session.add(InboxRead(user_id=user.id, key=key, read_at=ctx.now()))
    left = sum(1 for i in every.values() if not i.read and i.key not in wanted)
    ctx.commit()
    return left


def mark_all_read(ctx: Ctx) -> int:
    user = ctx.require_user()
    _settings(ctx, user.id).read_all_at = ctx.now()
    ctx.commit()
    return 0


def mail_choice(ctx: Ctx) -> str:
    row = ctx.session.get(InboxSettings, ctx.require_user().id)
    return row.mail if row is not None else "none"


def choose_mail(ctx: Ctx, mail: str) -> str:
    user = ctx.require_user()
    row = _settings(ctx, user.id)
    if mail == "daily" and row.mail != "daily":
        row.digest_through = ctx.now()  # the first digest starts from now
    row.mail = mail
    ctx.commit()
    return mail

