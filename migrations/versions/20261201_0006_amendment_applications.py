"""amendment applications: amendments applied to a working copy (the paragraph's text
before and after, by whom, when), read by publication and attribution

Revision ID: 20261201_applications
Revises: 20261201_invitations
Create Date: 2026-12-01 17:48:41.038313
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.models.base  # noqa: F401  (custom column types)


revision: str = '20261201_applications'
down_revision: str | None = '20261201_invitations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('amendment_applications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text_before', sa.Text(), nullable=True),
    sa.Column('text_after', sa.Text(), nullable=True),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=False),
    sa.Column('applied_at', server.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_amendment_applications_amendment_id_amendments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_amendment_applications_applied_by_id_users')),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_amendment_applications_revision_id_revisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_amendment_applications_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment_applications')),
    sa.UniqueConstraint('amendment_id', 'revision_id', name=op.f('uq_amendment_applications_amendment_id_revision_id'))
    )
    with op.batch_alter_table('amendment_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_applications_amendment_id'), ['amendment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_applications_revision_id'), ['revision_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('amendment_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendment_applications_revision_id'))
        batch_op.drop_index(batch_op.f('ix_amendment_applications_amendment_id'))

    op.drop_table('amendment_applications')
