"""Migration 0015 on SQLite and PostgreSQL: paragraphs written before it keep their text and
read as carrying nothing (NULL); afterwards the columns hold what core.richtext writes; the
downgrade gives the table back as it was."""

from __future__ import annotations

from sqlalchemy import inspect, text

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
from tests.support.databases import Database
from tests.support.migrations import insert_process, insert_zero_draft, migrated_to

BEFORE = "20261201_process_time_zone"
COLUMNS = {"marks", "footnotes", "notes", "option"}


def test_units_written_before_keep_their_text_and_carry_nothing_then_hold_rich_text(
        database: Database) -> None:
    with migrated_to(database.url, BEFORE) as db:
        engine = db.engine
        with engine.begin() as connection:
            insert_process(connection)
            insert_zero_draft(connection, [("pp1", None, "Recognizing the role of migrants,")])
        db.upgrade()
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
        db.downgrade(BEFORE)
        assert not COLUMNS & {c["name"] for c in inspect(engine).get_columns("revision_units")}
        with engine.begin() as connection:
            assert connection.execute(text(
                "SELECT text FROM revision_units WHERE id = 1")).scalar_one() == \
                "Recognizing the role of migrants,"
