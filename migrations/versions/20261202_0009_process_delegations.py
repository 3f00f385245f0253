"""delegations, groups and members per process (existing data kept)

Revision ID: 20261201_process_delegations
Revises: 20261201_cosponsor_consent
Create Date: 2026-12-01 20:30:00

Until now a delegation was one row shared by every process that listed it (through
``process_delegations``), so a group's members changed in one process changed in all. Now each
delegation belongs to one process. Each existing delegation stays with the first process that
uses it (the lowest id); every other process that uses it gets a copy (same code, name, kind
and date), and everything of that process that named the delegation is re-pointed to its
copy: participants, invitations, inputs, amendments (proposer, co-proponents, stances), silence
breaks, group memberships, and the history entries that name it by id (whose chain is then
hashed again from the first entry that changed, so ``accord verify`` still holds).

A group membership is kept in each process that uses both the group and the member; one whose
member takes no part in any process using the group could only have been made from another
process, and is dropped. A delegation no process uses is dropped (nothing could show it).
From now on the database itself holds a group's members and a delegate's delegation to the
same process (composite foreign keys on (process_id, id)).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import server.models.base

revision: str = '20261201_process_delegations'
down_revision: str | None = '20261201_cosponsor_consent'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64

#: For every table that references delegations.id: the SQL giving each row's process, with
#: the row's key columns (to update it) and the referencing column.
_PROCESS_OF: dict[tuple[str, str], str] = {
    ("process_delegations", "delegation_id"):
        "SELECT t.process_id FROM process_delegations t WHERE t.delegation_id = :d",
    ("participants", "delegation_id"):
        "SELECT t.process_id FROM participants t WHERE t.delegation_id = :d",
    ("invitations", "delegation_id"):
        "SELECT t.process_id FROM invitations t WHERE t.delegation_id = :d "
        "AND t.process_id IS NOT NULL",
    ("inputs", "delegation_id"):
        "SELECT t.process_id FROM inputs t WHERE t.delegation_id = :d",
    ("amendments", "delegation_id"):
        "SELECT t.process_id FROM amendments t WHERE t.delegation_id = :d",
    ("amendment_co_proponents", "delegation_id"):
        "SELECT a.process_id FROM amendment_co_proponents t "
        "JOIN amendments a ON a.id = t.amendment_id WHERE t.delegation_id = :d",
    ("amendment_stances", "delegation_id"):
        "SELECT a.process_id FROM amendment_stances t "
        "JOIN amendments a ON a.id = t.amendment_id WHERE t.delegation_id = :d",
    ("silence_breaks", "delegation_id"):
        "SELECT p.process_id FROM silence_breaks t "
        "JOIN silence_procedures p ON p.id = t.procedure_id WHERE t.delegation_id = :d",
}

#: Re-pointing one process's rows from a delegation to its copy.
_REPOINT: dict[tuple[str, str], str] = {
    ("participants", "delegation_id"):
        "UPDATE participants SET delegation_id = :new WHERE delegation_id = :old "
        "AND process_id = :p",
    ("invitations", "delegation_id"):
        "UPDATE invitations SET delegation_id = :new WHERE delegation_id = :old "
        "AND process_id = :p",
    ("inputs", "delegation_id"):
        "UPDATE inputs SET delegation_id = :new WHERE delegation_id = :old AND process_id = :p",
    ("amendments", "delegation_id"):
        "UPDATE amendments SET delegation_id = :new WHERE delegation_id = :old "
        "AND process_id = :p",
    ("amendment_co_proponents", "delegation_id"):
        "UPDATE amendment_co_proponents SET delegation_id = :new WHERE delegation_id = :old "
        "AND amendment_id IN (SELECT id FROM amendments WHERE process_id = :p)",
    ("amendment_stances", "delegation_id"):
        "UPDATE amendment_stances SET delegation_id = :new WHERE delegation_id = :old "
        "AND amendment_id IN (SELECT id FROM amendments WHERE process_id = :p)",
    ("silence_breaks", "delegation_id"):
        "UPDATE silence_breaks SET delegation_id = :new WHERE delegation_id = :old "
        "AND procedure_id IN (SELECT id FROM silence_procedures WHERE process_id = :p)",
}

_GROUP_MEMBERS = {("group_members", "group_id"), ("group_members", "member_id")}


def _canonical(entry: dict[str, Any]) -> bytes:
    """The history's canonical bytes as they were when this migration was written (before
    entries carried states): frozen here so later changes to the core do not alter it."""
    return json.dumps(
        {"stream": entry["stream"], "seq": entry["seq"], "at": entry["at"],
         "actor": entry["actor_id"], "action": entry["action"], "subject": entry["subject"],
         "payload": entry["payload"]},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _chain_hash(previous: str, entry: dict[str, Any]) -> str:
    return hashlib.sha256(previous.encode("ascii") + _canonical(entry)).hexdigest()


def _check_every_reference_is_known(connection: sa.Connection) -> None:
    inspector = sa.inspect(connection)
    found = {(table, fk["constrained_columns"][0])
             for table in inspector.get_table_names()
             for fk in inspector.get_foreign_keys(table)
             if fk["referred_table"] == "delegations"}
    unknown = found - set(_PROCESS_OF) - _GROUP_MEMBERS
    if unknown:
        raise RuntimeError(f"Tables reference delegations that this migration does not "
                           f"re-point: {sorted(unknown)}")


def _processes_using(connection: sa.Connection, delegation_id: int,
                     in_history: dict[int, set[int]]) -> list[int]:
    used: set[int] = set(in_history.get(delegation_id, set()))
    for query in _PROCESS_OF.values():
        used |= {row[0] for row in connection.execute(sa.text(query), {"d": delegation_id})}
    return sorted(used)


def _history_mentions(entries: list[dict[str, Any]]) -> dict[int, set[int]]:
    """Delegation id -> the processes whose history names it by id."""
    mentions: dict[int, set[int]] = {}
    for entry in entries:
        process_id = _process_of_stream(entry["stream"])
        if process_id is None:
            continue
        for delegation_id in _named(entry):
            mentions.setdefault(delegation_id, set()).add(process_id)
    return mentions


def _process_of_stream(stream: str) -> int | None:
    kind, _, ident = stream.partition(":")
    return int(ident) if kind == "process" and ident.isdigit() else None


def _named(entry: dict[str, Any]) -> set[int]:
    """The delegation ids an entry names: the payload's "delegation" and a
    "delegation:<id>" subject (codes name no row and need no change)."""
    named: set[int] = set()
    payload = entry["payload"] or {}
    value = payload.get("delegation")
    if isinstance(value, int) and not isinstance(value, bool):
        named.add(value)
    kind, _, ident = entry["subject"].partition(":")
    if kind == "delegation" and ident.isdigit():
        named.add(int(ident))
    return named


def _repoint_entry(entry: dict[str, Any], copies: dict[int, int]) -> bool:
    changed = False
    payload = dict(entry["payload"] or {})
    value = payload.get("delegation")
    if isinstance(value, int) and not isinstance(value, bool) and value in copies:
        payload["delegation"] = copies[value]
        entry["payload"] = payload
        changed = True
    kind, _, ident = entry["subject"].partition(":")
    if kind == "delegation" and ident.isdigit() and int(ident) in copies:
        entry["subject"] = f"delegation:{copies[int(ident)]}"
        changed = True
    return changed


def _rewrite_history(connection: sa.Connection, entries: list[dict[str, Any]],
                     copies: dict[int, dict[int, int]]) -> None:
    """Re-point each process's history entries to its copies; an intact chain is hashed
    again from the first entry that changed (one already broken is left broken: hashing it
    again would hide whatever broke it)."""
    log = sa.table("log_entries", sa.column("id", sa.Integer), sa.column("subject", sa.String),
                   sa.column("payload", sa.JSON), sa.column("prev_hash", sa.String),
                   sa.column("hash", sa.String))
    streams: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        streams.setdefault(entry["stream"], []).append(entry)
    for stream, chain in streams.items():
        process_id = _process_of_stream(stream)
        if process_id is None or not copies.get(process_id):
            continue
        chain.sort(key=lambda e: e["seq"])
        intact, previous = True, GENESIS
        for entry in chain:
            if entry["prev_hash"] != previous or _chain_hash(previous, entry) != entry["hash"]:
                intact = False
                break
            previous = entry["hash"]
        rehash, previous = False, GENESIS
        for entry in chain:
            changed = _repoint_entry(entry, copies[process_id])
            rehash = rehash or (changed and intact)
            values: dict[str, Any] = {}
            if changed:
                values.update(subject=entry["subject"], payload=entry["payload"])
            if rehash:
                values.update(prev_hash=previous, hash=_chain_hash(previous, entry))
                entry["prev_hash"], entry["hash"] = values["prev_hash"], values["hash"]
            if values:
                connection.execute(log.update().where(log.c.id == entry["id"]).values(values))
            previous = entry["hash"]
        if rehash:
            connection.execute(sa.text("UPDATE log_streams SET head_hash = :h WHERE key = :k"),
                               {"h": chain[-1]["hash"], "k": stream})


def _split(connection: sa.Connection) -> None:
    _check_every_reference_is_known(connection)
    delegations = sa.table("delegations", sa.column("id", sa.Integer),
                           sa.column("process_id", sa.Integer), sa.column("code", sa.String),
                           sa.column("name", sa.String), sa.column("kind", sa.String),
                           sa.column("created_at", server.models.base.UTCDateTime()))
    log = sa.table("log_entries", sa.column("id", sa.Integer), sa.column("stream", sa.String),
                   sa.column("seq", sa.Integer), sa.column("at", sa.String),
                   sa.column("actor_id", sa.Integer), sa.column("action", sa.String),
                   sa.column("subject", sa.String), sa.column("payload", sa.JSON),
                   sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
    entries = [dict(row._mapping) for row in connection.execute(
        sa.select(log).order_by(log.c.stream, log.c.seq))]
    in_history = _history_mentions(entries)
    rows = list(connection.execute(sa.select(delegations).order_by(delegations.c.id)))
    #: process -> {original delegation id: the process's own delegation id}
    own: dict[int, dict[int, int]] = {}
    copies: dict[int, dict[int, int]] = {}
    orphans: list[int] = []
    for row in rows:
        using = _processes_using(connection, row.id, in_history)
        if not using:
            orphans.append(row.id)
            continue
        first, *others = using
        connection.execute(delegations.update().where(delegations.c.id == row.id)
                           .values(process_id=first))
        own.setdefault(first, {})[row.id] = row.id
        for process_id in others:
            new_id = connection.execute(delegations.insert().values(
                process_id=process_id, code=row.code, name=row.name, kind=row.kind,
                created_at=row.created_at).returning(delegations.c.id)).scalar_one()
            own.setdefault(process_id, {})[row.id] = new_id
            copies.setdefault(process_id, {})[row.id] = new_id
            for (_table, _column), update in _REPOINT.items():
                connection.execute(sa.text(update), {"new": new_id, "old": row.id,
                                                     "p": process_id})
    memberships = list(connection.execute(sa.text(
        "SELECT group_id, member_id FROM group_members")))
    connection.execute(sa.text("DELETE FROM group_members"))
    kept: set[tuple[int, int, int]] = set()
    for group_id, member_id in memberships:
        for process_id, mapping in own.items():
            if group_id in mapping and member_id in mapping:
                kept.add((mapping[group_id], mapping[member_id], process_id))
    for group_id, member_id, process_id in sorted(kept):
        connection.execute(sa.text("INSERT INTO group_members (group_id, member_id, process_id) "
                                   "VALUES (:g, :m, :p)"),
                           {"g": group_id, "m": member_id, "p": process_id})
    for orphan in orphans:
        connection.execute(delegations.delete().where(delegations.c.id == orphan))
    _rewrite_history(connection, entries, copies)


def upgrade() -> None:
    bind = op.get_bind()
    # The copies repeat their original's code: the old uniqueness goes first.
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_delegations_code'), type_='unique')
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_id', sa.Integer(), nullable=True))
    _split(bind)
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.alter_column('process_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_delegations_process_id_code'),
                                          ['process_id', 'code'])
        batch_op.create_index(batch_op.f('ix_delegations_process_id'), ['process_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_delegations_process_id_processes'),
                                    'processes', ['process_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint(batch_op.f('uq_delegations_process_id_id'),
                                          ['process_id', 'id'])
    # The database holds group members and delegates to delegations of their own process.
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.alter_column('process_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('fk_group_members_group_id_delegations', type_='foreignkey')
        batch_op.drop_constraint('fk_group_members_member_id_delegations', type_='foreignkey')
        batch_op.create_index(batch_op.f('ix_group_members_process_id'), ['process_id'],
                              unique=False)
        batch_op.create_foreign_key('fk_group_members_group_of_process', 'delegations',
                                    ['process_id', 'group_id'], ['process_id', 'id'],
                                    ondelete='CASCADE')
        batch_op.create_foreign_key('fk_group_members_member_of_process', 'delegations',
                                    ['process_id', 'member_id'], ['process_id', 'id'],
                                    ondelete='CASCADE')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participants_delegation_id_delegations',
                                 type_='foreignkey')
        batch_op.create_foreign_key('fk_participants_delegation_of_process', 'delegations',
                                    ['process_id', 'delegation_id'], ['process_id', 'id'])
    op.drop_table('process_delegations')


def downgrade() -> None:
    """Delegations become shared again only where that loses nothing: the copies made by the
    upgrade cannot be merged back without choosing between their processes' changes, so a
    code used by several processes refuses the downgrade."""
    bind = op.get_bind()
    shared = bind.execute(sa.text(
        "SELECT code FROM delegations GROUP BY code HAVING count(*) > 1")).scalars().all()
    if shared:
        raise RuntimeError("Delegations of the same code exist in several processes "
                           f"({', '.join(sorted(shared))}); they cannot be shared again.")
    op.create_table(
        'process_delegations',
        sa.Column('process_id', sa.Integer(), nullable=False),
        sa.Column('delegation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['delegation_id'], ['delegations.id'],
            name=op.f('fk_process_delegations_delegation_id_delegations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(
            ['process_id'], ['processes.id'],
            name=op.f('fk_process_delegations_process_id_processes'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('process_id', 'delegation_id',
                                name=op.f('pk_process_delegations')))
    op.execute("INSERT INTO process_delegations (process_id, delegation_id) "
               "SELECT process_id, id FROM delegations")
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint('fk_participants_delegation_of_process', type_='foreignkey')
        batch_op.create_foreign_key('fk_participants_delegation_id_delegations', 'delegations',
                                    ['delegation_id'], ['id'])
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_constraint('fk_group_members_member_of_process', type_='foreignkey')
        batch_op.drop_constraint('fk_group_members_group_of_process', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_group_members_process_id'))
        batch_op.drop_column('process_id')
        batch_op.create_foreign_key('fk_group_members_group_id_delegations', 'delegations',
                                    ['group_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key('fk_group_members_member_id_delegations', 'delegations',
                                    ['member_id'], ['id'], ondelete='CASCADE')
    with op.batch_alter_table('delegations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_delegations_process_id_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_delegations_process_id_processes'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_delegations_process_id'))
        batch_op.drop_constraint(batch_op.f('uq_delegations_process_id_code'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_delegations_code'), ['code'])
        batch_op.drop_column('process_id')
