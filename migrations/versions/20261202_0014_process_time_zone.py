"""process time zone: the IANA zone the room works in (deadlines are shown in it)

Existing processes work in New York time (the General Assembly's), as new ones do unless
their co-facilitators set another zone.

Revision ID: 20261201_process_time_zone
Revises: 20261201_inbox
Create Date: 2026-12-01 21:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261201_process_time_zone'
down_revision: str | None = '20261201_inbox'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=False,
                                      server_default='America/New_York'))


def downgrade() -> None:
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
