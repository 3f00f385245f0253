"""What every importer returns: the title, the units in document order, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.core.importing import ImportResult, to_unit_views
from server.core.text import UnitView


@dataclass(frozen=True)
class Parsed:
    title: str | None
    units: list[UnitView]
    warnings: list[str] = field(default_factory=list)


def from_import_result(result: ImportResult) -> Parsed:
    return Parsed(result.title, to_unit_views(result),
                  [f"line {w.line}: {w.message}" if w.line else w.message
                   for w in result.warnings])
