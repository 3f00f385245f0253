"""language versions for exports (stub: filled in by the work that owns it)

Revision ID: 20261202_language_exports
Revises: 20261202_user_language
Create Date: 2026-12-02 06:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = '20261202_language_exports'
down_revision: str | None = '20261202_user_language'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
