"""Migration 0015 on SQLite and PostgreSQL: paragraphs written before it keep their text and
read as carrying nothing (NULL); afterwards the columns hold what core.richtext writes; the
downgrade gives the table back as it was."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, inspect, text

from server.core.richtext import (
    Footnote,
    Mark,
    OptionRef,
    footnotes_from_json,
    footnotes_to_json,
    marks_from_json,
    marks_to_json,
    option_from_json,
    option_to_json,
)
from tests.support.databases import Database, alembic_config

BEFORE = "20261201_process_time_zone"
AT = "2026-01-01 00:00:00"
COLUMNS = {"marks", "footnotes", "notes", "option"}


def test_units_written_before_keep_their_text_and_carry_nothing_then_hold_rich_text(
        database: Database) -> None:
    config = alembic_config(database.url)
    command.upgrade(config, BEFORE)
    engine = create_engine(database.url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO processes (id, slug, title, phase, observers_see_amendments_in, "
                "created_at) VALUES (1, 'pacto', 'Pacto', 'negotiation', '[]', :at)"),
                {"at": AT})
            connection.execute(text(
                "INSERT INTO documents (id, process_id, title, created_at, "
                "working_copy_shared) VALUES (1, 1, 'Pacto', :at, false)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO revisions (id, document_id, sequence, label, published_at, "
                "version, structure_version, created_at) "
                "VALUES (1, 1, 0, 'Zero draft', :at, 1, 1, :at)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO units (id, document_id, key, created_at) "
                "VALUES (1, 1, 'pp1', :at)"), {"at": AT})
            connection.execute(text(
                "INSERT INTO revision_units (id, revision_id, unit_id, position, kind, number, "
                "text, status, version) VALUES "
                "(1, 1, 1, 0, 'paragraph', NULL, 'Recognizing the role of migrants,', "
                "'open', 1)"))
        command.upgrade(config, "head")
        assert {c["name"] for c in inspect(engine).get_columns("revision_units")} >= COLUMNS
        with engine.begin() as connection:
            row = connection.execute(text(
                "SELECT text, marks, footnotes, notes, option FROM revision_units "
                "WHERE id = 1")).one()
            assert row[0] == "Recognizing the role of migrants,"
            assert tuple(row[1:]) == (None, None, None, None)
        # Written and read through the model, as the application does.
        from sqlalchemy.orm import Session

        from server.models import RevisionUnit

        with Session(engine) as session:
            unit = session.get(RevisionUnit, 1)
            assert unit is not None and unit.marks is None
            unit.marks = marks_to_json([Mark(0, 11, "italic")])
            unit.footnotes = footnotes_to_json([Footnote("1", 32, "See 73/195.")])
            unit.option = option_to_json(OptionRef("g1", "Option 1"))
            session.commit()
        with Session(engine) as session:
            unit = session.get(RevisionUnit, 1)
            assert unit is not None
            assert marks_from_json(unit.marks) == (Mark(0, 11, "italic"),)
            assert footnotes_from_json(unit.footnotes) == (Footnote("1", 32, "See 73/195."),)
            assert option_from_json(unit.option) == OptionRef("g1", "Option 1")
            assert unit.notes is None
        command.downgrade(config, BEFORE)
        assert not COLUMNS & {c["name"] for c in inspect(engine).get_columns("revision_units")}
        with engine.begin() as connection:
            assert connection.execute(text(
                "SELECT text FROM revision_units WHERE id = 1")).scalar_one() == \
                "Recognizing the role of migrants,"
    finally:
        engine.dispose()
