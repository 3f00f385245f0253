"""inbox: what each person has read, and how they want to be mailed of new items

Revision ID: 20261201_inbox
Revises: 20261201_search
Create Date: 2026-12-01 21:45:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import server.models.base

revision: str = '20261201_inbox'
down_revision: str | None = '20261201_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # New tables only: existing data is untouched (everyone starts with mail "none").
    op.create_table('inbox_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('mail', sa.String(length=10), nullable=False),
    sa.Column('read_all_at', server.models.base.UTCDateTime(), nullable=True),
    sa.Column('digest_through', server.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_inbox_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_inbox_settings'))
    )
    op.create_table('inbox_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('read_at', server.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_inbox_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'key', name=op.f('pk_inbox_reads'))
    )


def downgrade() -> None:
    op.drop_table('inbox_reads')
    op.drop_table('inbox_settings')
