"""each person's interface language (stub: filled in by the work that owns it)

Revision ID: 20261202_user_language
Revises: 20261202_language_versions
Create Date: 2026-12-02 06:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = '20261202_user_language'
down_revision: str | None = '20261202_language_versions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
