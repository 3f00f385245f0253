"""rich text: formatting runs, footnotes, editorial notes and option groups on revision units

Revision ID: 20261202_rich_text
Revises: 20261201_process_time_zone
Create Date: 2026-12-02 01:40:00
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = '20261202_rich_text'
down_revision: str | None = '20261201_process_time_zone'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Stub: the rich-text helper writes it (columns on revision_units)."""


def downgrade() -> None:
    """Stub."""
