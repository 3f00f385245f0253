"""Language versions as the API shows them."""

from __future__ import annotations

from typing import Any

from server.core.languages import INFO, LANGUAGES
from server.core.text import revision_label
from server.features.translations import schemas as s
from server.features.translations.service import ImportReport, Parallel, Stale


def _language(code: str) -> s.LanguageOut:
    info = INFO[code]
    return s.LanguageOut(code=info.code, name=info.name, direction=info.direction)


def parallel(found: Parallel) -> s.ParallelOut:
    revision = found.revision
    working = revision.published_at is None
    return s.ParallelOut(
        document_id=revision.document_id, revision=None if working else revision.sequence,
        revision_label=revision.label, source_language=found.source_language,
        languages=[_language(code) for code in found.languages],
        available=[_language(code) for code in LANGUAGES],
        rows=[s.ParallelRowOut(key=row.key, name=row.name, name_parts=row.name_parts,
                               kind=row.kind,
                               number=row.number, depth=row.depth,
                               cells=[s.CellOut(**_cell(cell)) for cell in row.cells.values()])
              for row in found.rows],
        counts=[s.LanguageCountOut(language=c.language, translated=c.translated,
                                   out_of_date=c.out_of_date, missing=c.missing)
                for c in found.counts],
        actions=[a.value for a in found.actions])


def _cell(cell: Any) -> dict[str, Any]:
    return {"language": cell.language, "text": cell.text, "status": cell.status,
            "out_of_date": cell.out_of_date, "number": cell.number,
            "carried_from": cell.carried_from,
            "carried_from_label": _label(cell.carried_from)}


def _label(sequence: int | None) -> str | None:
    return None if sequence is None else revision_label(sequence)


def stale(language: str, found: list[Stale]) -> s.StaleListOut:
    return s.StaleListOut(language=language, units=[
        s.StaleOut(key=item.key, name=item.name, translated=item.translated,
                   diff=[s.DiffSpanOut(op=span.op.value, text=span.text)
                         for span in item.diff], carried_from=item.carried_from,
                   carried_from_label=_label(item.carried_from))
        for item in found])


def report(found: ImportReport) -> s.TranslationImportOut:
    return s.TranslationImportOut(
        language=found.language, aligned=found.aligned, total=found.total,
        articles=found.articles, articles_aligned=found.articles_aligned,
        numbered=found.numbered, numbered_aligned=found.numbered_aligned,
        missing=found.missing, extra=[s.ExtraOut(label=label, text=text)
                                      for label, text in found.extra], saved=found.saved)
