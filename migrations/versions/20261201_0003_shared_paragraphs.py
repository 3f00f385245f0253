"""shared paragraphs (co-editing) and per-paragraph versions

Existing rows get version 1 and an unshared working copy (server defaults, for the rows
already there; the models give the same defaults to new rows).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 17:42:08.098852
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.models.base  # noqa: F401  (custom column types)


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('shared_paragraphs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.LargeBinary(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('compacted_seq', sa.Integer(), nullable=False),
    sa.Column('recorded_at', server.models.base.UTCDateTime(), nullable=True),
    sa.Column('unrecorded', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_shared_paragraphs_revision_id_revisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_shared_paragraphs_unit_id_units'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_paragraphs')),
    sa.UniqueConstraint('revision_id', 'unit_id', name=op.f('uq_shared_paragraphs_revision_id_unit_id'))
    )
    with op.batch_alter_table('shared_paragraphs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shared_paragraphs_unit_id'), ['unit_id'], unique=False)

    op.create_table('shared_paragraph_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paragraph_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', server.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['paragraph_id'], ['shared_paragraphs.id'], name=op.f('fk_shared_paragraph_updates_paragraph_id_shared_paragraphs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_shared_paragraph_updates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_paragraph_updates')),
    sa.UniqueConstraint('paragraph_id', 'seq', name=op.f('uq_shared_paragraph_updates_paragraph_id_seq'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('working_copy_shared', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('under_discussion', sa.String(length=40), nullable=True))

    with op.batch_alter_table('revision_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))

    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('structure_version', sa.Integer(), nullable=False, server_default='1'))



def downgrade() -> None:
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('structure_version')

    with op.batch_alter_table('revision_units', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('under_discussion')
        batch_op.drop_column('working_copy_shared')

    op.drop_table('shared_paragraph_updates')
    with op.batch_alter_table('shared_paragraphs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shared_paragraphs_unit_id'))

    op.drop_table('shared_paragraphs')
