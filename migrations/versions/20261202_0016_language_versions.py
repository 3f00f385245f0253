"""language versions: translations of a revision's paragraphs, each with the source it translates

Revision ID: 20261202_language_versions
Revises: 20261202_rich_text
Create Date: 2026-12-02 02:10:00

Two new tables (plain CREATE TABLE on SQLite and PostgreSQL): ``revision_languages`` (a
revision's source language; none: English) and ``translations`` (one unit's text in one
language for one revision, with the source text it translates and how it came: imported or
entered). Whether a translation is out of date or carried forward is computed when read.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '20261202_language_versions'
down_revision: str | None = '20261202_rich_text'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "revision_languages",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("source_language", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE",
                                name=op.f("fk_revision_languages_revision_id_revisions")),
        sa.PrimaryKeyConstraint("revision_id", name=op.f("pk_revision_languages")),
    )
    op.create_table(
        "translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"], ondelete="CASCADE",
                                name=op.f("fk_translations_revision_id_revisions")),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], ondelete="CASCADE",
                                name=op.f("fk_translations_unit_id_units")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"],
                                name=op.f("fk_translations_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_translations")),
        sa.UniqueConstraint("revision_id", "unit_id", "language",
                            name=op.f("uq_translations_revision_id_unit_id_language")),
    )
    op.create_index(op.f("ix_translations_revision_id"), "translations", ["revision_id"])
    op.create_index("ix_translations_unit_language", "translations", ["unit_id", "language"])


def downgrade() -> None:
    op.drop_index("ix_translations_unit_language", table_name="translations")
    op.drop_index(op.f("ix_translations_revision_id"), table_name="translations")
    op.drop_table("translations")
    op.drop_table("revision_languages")
