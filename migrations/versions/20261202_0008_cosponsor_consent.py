"""co-sponsorship by consent: a co-proponent is invited, accepts, declines or withdraws

Revision ID: 20261201_cosponsor_consent
Revises: 20261201_reopenings
Create Date: 2026-12-01 20:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.models.base  # noqa: F401  (custom column types)


revision: str = '20261201_cosponsor_consent'
down_revision: str | None = '20261201_reopenings'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Co-proponents named before this change were named without asking them; they stay
    # co-proponents (accepted), with no invitation on record. The server default fills the
    # existing rows and is then dropped: the application always says which status it writes.
    with op.batch_alter_table('amendment_co_proponents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False,
                                      server_default='accepted'))
        batch_op.add_column(sa.Column('invited_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('invited_at', server.models.base.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column('answered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', server.models.base.UTCDateTime(),
                                      nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_amendment_co_proponents_invited_by_id_users'), 'users',
            ['invited_by_id'], ['id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_amendment_co_proponents_answered_by_id_users'), 'users',
            ['answered_by_id'], ['id'])
        batch_op.create_index('ix_amendment_co_proponents_delegation_status',
                              ['delegation_id', 'status'], unique=False)
    with op.batch_alter_table('amendment_co_proponents', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=10),
                              existing_nullable=False, server_default=None)


def downgrade() -> None:
    # Only accepted co-proponents were co-proponents: the others' names were never theirs
    # to give, so they go with the status.
    op.execute("DELETE FROM amendment_co_proponents WHERE status <> 'accepted'")
    with op.batch_alter_table('amendment_co_proponents', schema=None) as batch_op:
        batch_op.drop_index('ix_amendment_co_proponents_delegation_status')
        batch_op.drop_constraint(
            batch_op.f('fk_amendment_co_proponents_answered_by_id_users'), type_='foreignkey')
        batch_op.drop_constraint(
            batch_op.f('fk_amendment_co_proponents_invited_by_id_users'), type_='foreignkey')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answered_by_id')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('invited_by_id')
        batch_op.drop_column('status')
