"""mail sent after the answer, from an outbox

Revision ID: 20261202_mail_outbox
Revises: 20261202_write_path
Create Date: 2026-12-02 14:00:00

One new table, ``mail_outbox``: the history entries whose immediate mail is still to be
sent, written in the transaction that records them and claimed by one sender
(server/features/inbox/outbox.py). Nothing existing changes.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261202_mail_outbox'
down_revision: str | None = '20261202_write_path'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("mail_outbox")
