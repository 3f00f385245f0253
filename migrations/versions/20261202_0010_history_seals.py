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
    pass


def downgrade() -> None:
    pass
