"""language versions: translations of a revision's paragraphs, each recording the source it translates

Revision ID: 20261202_language_versions
Revises: 20261202_rich_text
Create Date: 2026-12-02 02:10:00
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = '20261202_language_versions'
down_revision: str | None = '20261202_rich_text'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Stub: the language-versions work fills it."""


def downgrade() -> None:
    """Stub."""
