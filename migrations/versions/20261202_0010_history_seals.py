"""signed history heads and the history hash each published revision carries

Revision ID: 20261201_history_seals
Revises: 20261201_process_delegations
Create Date: 2026-12-01 20:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import server.models.base  # noqa: F401  (custom column types)


revision: str = '20261201_history_seals'
down_revision: str | None = '20261201_process_delegations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('history_seals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stream', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('sealed_at', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history_seals'))
    )
    with op.batch_alter_table('history_seals', schema=None) as batch_op:
        batch_op.create_index('ix_history_seals_stream_seq', ['stream', 'seq'], unique=False)
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.JSON(), nullable=True))
        batch_op.create_index('ix_log_entries_hash', ['hash'], unique=False)
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('history_hash', sa.String(length=64), nullable=True))
    # Revisions published before: their history hash is their publication entry's, which
    # the chain holds already (nothing is sealed retroactively: `accord history seal` does).
    op.execute(
        "UPDATE revisions SET history_hash = (SELECT e.hash FROM log_entries e "
        "WHERE e.action = 'revision.published' AND e.subject = 'revision:' || revisions.id "
        "ORDER BY e.seq DESC LIMIT 1) WHERE published_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_column('history_hash')
    with op.batch_alter_table('log_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_log_entries_hash')
        batch_op.drop_column('state')
    with op.batch_alter_table('history_seals', schema=None) as batch_op:
        batch_op.drop_index('ix_history_seals_stream_seq')
    op.drop_table('history_seals')
