"""What every importer returns: the title, the units in document order, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.core import richtext as rt
from server.core.importing import ImportResult, to_unit_views
from server.core.text import UnitKind, UnitStatus, UnitView


@dataclass(frozen=True)
class Parsed:
    title: str | None
    units: list[UnitView]
    warnings: list[str] = field(default_factory=list)


def from_import_result(result: ImportResult) -> Parsed:
    return Parsed(result.title, to_unit_views(result),
                  [f"line {w.line}: {w.message}" if w.line else w.message
                   for w in result.warnings])


def to_json(parsed: Parsed) -> dict[str, Any]:
    """A parse result as plain JSON (what the import worker writes on its standard output)."""
    return {"title": parsed.title, "warnings": list(parsed.warnings),
            "units": [{"key": u.key, "kind": u.kind.value, "parent": u.parent,
                       "number": u.number, "text": u.text, "heading": u.heading,
                       "status": u.status.value, "marks": rt.marks_to_json(u.marks),
                       "footnotes": rt.footnotes_to_json(u.footnotes),
                       "notes": rt.notes_to_json(u.notes),
                       "option": rt.option_to_json(u.option)} for u in parsed.units]}


def from_json(data: dict[str, Any]) -> Parsed:
    """The inverse of :func:`to_json` (what the server reads back from the worker)."""
    return Parsed(data["title"], [
        UnitView(key=u["key"], kind=UnitKind(u["kind"]), parent=u["parent"],
                 number=u["number"], text=u["text"], heading=u["heading"],
                 status=UnitStatus(u["status"]), marks=rt.marks_from_json(u.get("marks")),
                 footnotes=rt.footnotes_from_json(u.get("footnotes")),
                 notes=rt.notes_from_json(u.get("notes")),
                 option=rt.option_from_json(u.get("option"))) for u in data["units"]],
        list(data["warnings"]))
