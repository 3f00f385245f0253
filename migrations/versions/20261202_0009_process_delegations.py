"""delegations, groups and members per process (existing data kept)

Revision ID: 20261201_process_delegations
Revises: 20261201_cosponsor_consent
Create Date: 2026-12-01 20:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import server.models.base  # noqa: F401  (custom column types)


revision: str = '20261201_process_delegations'
down_revision: str | None = '20261201_cosponsor_consent'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
