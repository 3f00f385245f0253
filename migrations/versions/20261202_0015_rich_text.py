"""rich text: formatting runs, footnotes, editorial notes and option groups on revision units

Revision ID: 20261202_rich_text
Revises: 20261201_process_time_zone
Create Date: 2026-12-02 01:40:00

Four nullable JSON columns on revision_units (server/core/richtext.py gives their forms):
``marks`` (formatting runs), ``footnotes``, ``notes`` (editorial notes) and ``option`` (the
unit's place in an option group). Existing rows keep NULL: no formatting, no footnotes, no
notes, in no option group, which is what they had. Plain ADD COLUMN on both databases (no
table copy on SQLite, so the search index's triggers on revision_units stay).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261202_rich_text'
down_revision: str | None = '20261201_process_time_zone'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = ("marks", "footnotes", "notes", "option")


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column("revision_units", sa.Column(name, sa.JSON(), nullable=True))


def downgrade() -> None:
    for name in reversed(COLUMNS):
        op.drop_column("revision_units", name)
