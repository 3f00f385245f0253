"""mail sent after the answer, from an outbox (stub: filled in by the work that owns it)

Revision ID: 20261202_mail_outbox
Revises: 20261202_write_path
Create Date: 2026-12-02 14:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = '20261202_mail_outbox'
down_revision: str | None = '20261202_write_path'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
