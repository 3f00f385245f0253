"""each person's interface language

Revision ID: 20261202_user_language
Revises: 20261202_language_versions
Create Date: 2026-12-02 06:00:00

One nullable column on users: ``language``, the code of the UN language the person reads the
interface in ("ar", "zh", "en", "fr", "ru", "es"; server/core/languages.py). NULL, what every
existing account gets, means "not chosen": the browser's languages decide, else English.
Plain ADD COLUMN on both databases.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261202_user_language'
down_revision: str | None = '20261202_language_versions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "language")
