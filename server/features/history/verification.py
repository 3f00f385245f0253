"""``accord verify``: the history proves itself, and the tables agree with it.

For every chain (a process's, and the global one):

1. the hash chain is recomputed (core.history.verify_chain) and its head must be its last
   entry;
2. every seal must be signed by the history key and the chain must still pass through the
   head it sealed (a chain cut short, rewritten and re-hashed, or wiped does not);
3. every published revision's history hash must be in the chain, covered by a seal;
4. the history is replayed: the state each subject was left in by its last entry
   (states.py) must be the one the tables hold now, and every amendment, participant and
   published revision in the tables must have a history at all.

Each difference is named in words: "Amendment 12 to OP4 (Mexico): its text in the table
differs from the history's, entry #345."
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select

from server.core.history import GENESIS, StoredEntry, first_difference, verify_chain
from server.core.naming import possessive
from server.features.common.context import Ctx
from server.features.history.seals import existing_public_key, key_of, public_hex, signed_by
from server.features.history.service import GLOBAL_STREAM, process_stream, stored
from server.features.history.states import state_of, subject_of
from server.features.text.service import revision_names
from server.models import (
    Amendment,
    Delegation,
    Document,
    HistorySeal,
    LogEntry,
    LogStream,
    Participant,
    Process,
    Revision,
    Unit,
    User,
)

#: How many findings are told one by one; beyond that, how many more there are.
SHOWN = 50


@dataclass(frozen=True)
class Finding:
    """One thing the history and the tables disagree on, in words."""

    stream: str
    #: The entry it concerns (0: no entry, e.g. a row the history never recorded).
    seq: int
    message: str


@dataclass
class Verification:
    chains: int = 0
    findings: list[Finding] = field(default_factory=list)
    #: Seals found valid, and the key they were checked against (hex), if any.
    seals: int = 0
    public_key: str | None = None
    #: The last valid seal of each chain: (entry, head hash).
    sealed: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: Subjects whose state was replayed against the tables.
    replayed: int = 0


@dataclass
class _Chain:
    """What one pass over a chain's entries collects."""

    hash_at: dict[int, str] = field(default_factory=dict)
    seq_of: dict[str, int] = field(default_factory=dict)
    #: The entry that published each revision: "revision:12" -> its seq.
    published_at: dict[str, int] = field(default_factory=dict)
    #: subject -> (seq of its last entry with a state, that state)
    states: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    last_seq: int = 0
    last_hash: str = GENESIS


def short(digest: str) -> str:
    """The first hex digits of a hash, as people quote it: "3f2a9c1d…"."""
    return f"{digest[:8]}…"


def expected_key(ctx: Ctx, given: Ed25519PublicKey | None) -> Ed25519PublicKey | None:
    """The key seals must be signed by: the one given (``--public-key``), else the public
    half of the configured key file (never made here), else an in-memory key's."""
    if given is not None:
        return given
    key = key_of(ctx.session)
    if key is None:
        return None
    if key.path is None:
        return key.private().public_key()
    return existing_public_key(Path(key.path))


def verify_all(ctx: Ctx, public_key: Ed25519PublicKey | None = None) -> Verification:
    """Check every chain, its seals, the revisions' history hashes, and replay it against
    the tables. Reads only."""
    result = Verification()
    key = expected_key(ctx, public_key)
    result.public_key = public_hex(key) if key is not None else None
    heads = {h.key: h for h in ctx.session.scalars(select(LogStream).order_by(LogStream.key))}
    result.chains = len(heads)
    for process_id, title in ctx.session.execute(select(Process.id, Process.title)
                                                 .order_by(Process.id)):
        if process_stream(process_id) not in heads:
            result.findings.append(Finding(process_stream(process_id), 0,
                                           f"The process «{title}» has no history at all."))
    for stream, head in heads.items():
        chain = _Chain()
        entries = _collect(ctx, stream, chain)
        found = verify_chain(entries)
        for _ in entries:  # finish collecting past a break
            pass
        if found is not None:
            result.findings.append(Finding(stream, found.seq,
                                           f"entry #{found.seq}: {found.reason}."))
        elif (chain.last_hash, chain.last_seq) != (head.head_hash, head.seq):
            result.findings.append(Finding(
                stream, head.seq, f"entries after #{chain.last_seq} are missing (the chain's "
                                  f"head says it reaches #{head.seq})."))
        _check_seals(ctx, stream, chain, key, result)
        if stream.startswith("process:") and stream.partition(":")[2].isdigit():
            process_id = int(stream.partition(":")[2])
            _check_revisions(ctx, process_id, stream, chain, result)
            _replay(ctx, stream, chain, result)
            _unrecorded(ctx, process_id, stream, chain, result)
        elif stream == GLOBAL_STREAM:
            _replay(ctx, stream, chain, result)
    return result


def _collect(ctx: Ctx, stream: str, chain: _Chain) -> Iterator[StoredEntry]:
    rows = ctx.session.scalars(
        select(LogEntry).where(LogEntry.stream == stream).order_by(LogEntry.seq)
        .execution_options(yield_per=1000))
    for row in rows:
        chain.hash_at[row.seq] = row.hash
        chain.seq_of.setdefault(row.hash, row.seq)
        chain.seen.add(row.subject)
        if row.action == "revision.published":
            chain.published_at[row.subject] = row.seq
        if row.state is not None:
            chain.states[row.subject] = (row.seq, row.state)
        chain.last_seq, chain.last_hash = row.seq, row.hash
        yield stored(row)


def _check_seals(ctx: Ctx, stream: str, chain: _Chain, key: Ed25519PublicKey | None,
                 result: Verification) -> None:
    seals = ctx.session.scalars(select(HistorySeal).where(HistorySeal.stream == stream)
                                .order_by(HistorySeal.seq, HistorySeal.id)).all()
    for seal in seals:
        when = seal.sealed_at[:19].replace("T", " ") + " UTC"
        if key is None:
            result.findings.append(Finding(stream, seal.seq, (
                f"the seal of {when} (entry #{seal.seq}) cannot be checked: there is no "
                "history key here; give its public key with --public-key.")))
        elif not signed_by(seal, key):
            result.findings.append(Finding(stream, seal.seq, (
                f"the seal of {when} (entry #{seal.seq}) is not signed by the history key "
                f"{short(public_hex(key))}: it is forged, or the key was replaced.")))
        elif seal.seq not in chain.hash_at:
            result.findings.append(Finding(stream, seal.seq, (
                f"entry #{seal.seq}, sealed on {when}, is no longer in the history: the "
                "history was cut short or wiped.")))
        elif chain.hash_at[seal.seq] != seal.head_hash:
            result.findings.append(Finding(stream, seal.seq, (
                f"entry #{seal.seq} no longer has the hash sealed on {when} "
                f"({short(seal.head_hash)}): the history before it was rewritten.")))
        else:
            result.seals += 1
            if seal.seq >= result.sealed.get(stream, (0, ""))[0]:
                result.sealed[stream] = (seal.seq, seal.head_hash)


def _revision_words(label: str | None, title: str) -> str:
    return f"{label or 'A revision'} of «{title}»"


def _check_revisions(ctx: Ctx, process_id: int, stream: str, chain: _Chain,
                     result: Verification) -> None:
    sealed_to = result.sealed.get(stream, (0, ""))[0]
    for revision, title in ctx.session.execute(
            select(Revision, Document.title).join(Document, Document.id == Revision.document_id)
            .where(Document.process_id == process_id, Revision.published_at.is_not(None))
            .order_by(Revision.document_id, Revision.sequence)).all():
        words = _revision_words(revision.label, title)
        if revision.history_hash is None:
            result.findings.append(Finding(stream, 0, f"{words}: it carries no history hash."))
            continue
        seq = chain.seq_of.get(revision.history_hash)
        own = chain.published_at.get(f"revision:{revision.id}")
        if seq is None:
            result.findings.append(Finding(stream, 0, (
                f"{words}: the history no longer passes through its history hash "
                f"{short(revision.history_hash)}.")))
        elif own is not None and seq != own:
            result.findings.append(Finding(stream, seq, (
                f"{words}: its history hash is entry #{seq}'s, not that of its publication "
                f"(entry #{own}).")))
        elif seq > sealed_to:
            result.findings.append(Finding(stream, seq, (
                f"{words}: no seal covers its publication (entry #{seq}); "
                "run `accord history seal` once after upgrading.")))


# ---- replaying the states ---------------------------------------------------------------------


def _replay(ctx: Ctx, stream: str, chain: _Chain, result: Verification) -> None:
    for subject, (seq, recorded) in chain.states.items():
        current = state_of(ctx.session, subject)
        result.replayed += 1
        kind = subject_of(subject)
        if kind is None:
            continue
        if kind[0] == "revision":
            difference = _revision_difference(ctx, kind[1], recorded, current)
        else:
            difference = _difference(ctx, recorded, current)
        if difference is not None:
            name = _name(ctx, kind[0], kind[1], recorded)
            result.findings.append(Finding(stream, seq, f"{name}: {difference}, entry #{seq}."))


#: A delegation's part in an amendment, by the state's field: how a difference names it.
PER_DELEGATION = {"stances": "stance on it", "co_sponsors": "co-sponsorship"}


def _difference(ctx: Ctx, recorded: dict[str, Any], current: dict[str, Any] | None
                ) -> str | None:
    both = (current is not None and current.get("exists") is not False
            and recorded.get("exists") is not False)
    for field_name, words in PER_DELEGATION.items():
        if not both or field_name not in recorded:
            continue
        assert current is not None
        was, now = recorded[field_name], current.get(field_name) or {}
        for delegation in sorted(set(was) | set(now), key=lambda d: int(d)):
            if was.get(delegation) != now.get(delegation):
                name = _delegation_name(ctx, int(delegation))
                if delegation not in now:
                    return f"{possessive(name)} {words} is no longer in the table"
                if delegation not in was:
                    return f"{possessive(name)} {words} in the table is not in the history"
                return f"{possessive(name)} {words} in the table differs from the history's"
    if current is not None and current.get("exists") is False:
        current = None
    return first_difference(recorded, current)


def _revision_difference(ctx: Ctx, revision_id: int, recorded: dict[str, Any],
                         current: dict[str, Any] | None) -> str | None:
    if current is None or current.get("exists") is False or "units" not in recorded:
        return first_difference(recorded, None if current is None or
                                current.get("exists") is False else current)
    for name in ("label", "sequence"):
        if recorded.get(name) != current.get(name):
            return first_difference({name: recorded.get(name)}, current)
    names = revision_names(ctx, revision_id)
    was, now = recorded["units"], current["units"]
    for key in [*was, *(k for k in now if k not in was)]:
        paragraph = names.get(key) or key
        if key not in now:
            return f"its paragraph {paragraph} is no longer in the table"
        if key not in was:
            return f"its paragraph {paragraph} in the table is not in the history"
        for field_name, words in (("text", "text"), ("number", "number"),
                                  ("status", "status")):
            if was[key].get(field_name) != now[key].get(field_name):
                return f"the {words} of {paragraph} in the table differs from the history's"
    return None


def _delegation_name(ctx: Ctx, delegation_id: int | None) -> str:
    if delegation_id is None:
        return "no delegation"
    name = ctx.session.scalars(select(Delegation.name).where(
        Delegation.id == delegation_id)).first()
    return name or f"delegation {delegation_id}"


def _name(ctx: Ctx, kind: str, ident: int, recorded: dict[str, Any]) -> str:
    """How a person names the subject: "Amendment 12 to OP4 (Mexico)"; from the history's
    state where it says, so a changed row does not rename what changed."""
    if kind == "amendment":
        row = ctx.session.get(Amendment, ident)
        unit_id = recorded.get("unit", row.unit_id if row else None)
        revision_id = recorded.get("revision", row.revision_id if row else None)
        delegation_id = recorded.get("delegation", row.delegation_id if row else None)
        paragraph = None
        key = ctx.session.scalars(select(Unit.key).where(Unit.id == unit_id)).first() \
            if unit_id is not None else None
        if key is not None and revision_id is not None:
            paragraph = revision_names(ctx, revision_id).get(key)
        where = f" to {paragraph}" if paragraph else ""
        return f"Amendment {ident}{where} ({_delegation_name(ctx, delegation_id)})"
    if kind == "participant":
        row_p = ctx.session.get(Participant, ident)
        user_id = recorded.get("user", row_p.user_id if row_p else None)
        role = recorded.get("role", row_p.role if row_p else None)
        delegation_id = recorded.get("delegation", row_p.delegation_id if row_p else None)
        person = ctx.session.scalars(select(User.name).where(User.id == user_id)).first()
        as_what = (role or "participant").replace("_", "-")
        if delegation_id is not None:
            as_what += f" of {_delegation_name(ctx, delegation_id)}"
        return f"The participant {person or f'#{ident}'} ({as_what})"
    row_r = ctx.session.get(Revision, ident)
    title = ctx.session.scalars(select(Document.title).where(
        Document.id == row_r.document_id)).first() if row_r else None
    return _revision_words(recorded.get("label") or (row_r.label if row_r else None),
                           title or "its document")


def _unrecorded(ctx: Ctx, process_id: int, stream: str, chain: _Chain,
                result: Verification) -> None:
    """Rows the history never mentions: made directly in the tables, or their history was
    cut off or wiped."""
    if f"process:{process_id}" not in chain.seen:
        title = ctx.session.scalars(select(Process.title).where(
            Process.id == process_id)).first()
        if title is not None:
            result.findings.append(Finding(stream, 0, (
                f"The process «{title}»: the history does not record its opening.")))
    rows: list[tuple[str, int]] = []
    rows += [("amendment", i) for i in ctx.session.scalars(
        select(Amendment.id).where(Amendment.process_id == process_id).order_by(Amendment.id))]
    rows += [("participant", i) for i in ctx.session.scalars(
        select(Participant.id).where(Participant.process_id == process_id)
        .order_by(Participant.id))]
    rows += [("revision", i) for i in ctx.session.scalars(
        select(Revision.id).join(Document, Document.id == Revision.document_id)
        .where(Document.process_id == process_id, Revision.published_at.is_not(None))
        .order_by(Revision.id))]
    for kind, ident in rows:
        if f"{kind}:{ident}" not in chain.seen:
            recorded = state_of(ctx.session, f"{kind}:{ident}") or {}
            result.findings.append(Finding(stream, 0, (
                f"{_name(ctx, kind, ident, recorded)}: the table holds it, but the history "
                "never recorded it.")))
