"""unit reopenings: settled paragraphs of a published revision that the co-facilitators
reopened for proposals, with their reason

Revision ID: 20261201_reopenings
Revises: 20261201_applications
Create Date: 2026-12-01 18:02:54.594894
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.models.base  # noqa: F401  (custom column types)


revision: str = '20261201_reopenings'
down_revision: str | None = '20261201_applications'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('unit_reopenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=False),
    sa.Column('reopened_at', server.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['users.id'], name=op.f('fk_unit_reopenings_reopened_by_id_users')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_unit_reopenings_revision_id_revisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_unit_reopenings_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_reopenings')),
    sa.UniqueConstraint('revision_id', 'unit_id', name=op.f('uq_unit_reopenings_revision_id_unit_id'))
    )
    with op.batch_alter_table('unit_reopenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_reopenings_revision_id'), ['revision_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unit_reopenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_reopenings_revision_id'))

    op.drop_table('unit_reopenings')
