"""What the text engine knows: compilation text, collisions, lineage, attribution."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response
from pydantic import TypeAdapter

import server.features.engine.service as engine
from server.core.brackets import text_brackets
from server.core.compilation import compilation_to_json, render_compilation_text
from server.core.languages import INFO
from server.core.policy import Action
from server.core.text import revision_label
from server.features.engine import schemas as s
from server.features.text.present import bracket_totals_out, brackets_out
from server.features.translations.schemas import LanguageOut
from server.features.translations.service import Cell
from server.web import cache
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("engine", __name__)
TAG = "Text engine"
DOC = "/documents/<id:document_id>"
COMPILATION_OUT: TypeAdapter[s.CompilationOut] = TypeAdapter(s.CompilationOut)


@endpoint(bp, DOC + "/revisions/<id:sequence>/compilation", "GET",
          summary="The compilation text: the revision with its open amendments inlined and "
                  "attributed", tag=TAG, query=s.CompilationQuery, response=s.CompilationOut,
          errors=(403, 404), cached=True)
def compilation(document_id: int, sequence: int, query: s.CompilationQuery) -> Response:
    """Filter by delegation, cluster and amendment state (each may repeat). Only the
    amendments you may see are compiled."""
    reader = cache.reader_of_document(document_id, Action.VIEW_REVISIONS, own=True)
    # Computed once per change of the process for each audience (server/web/cache.py).
    return cache.cached_read(
        ("compilation", document_id, sequence, query.model_dump_json()),
        reader, cache.compilation_audience(reader),
        compute=lambda: _compilation(document_id, sequence, query),
        adapter=COMPILATION_OUT)


def _compilation(document_id: int, sequence: int, query: s.CompilationQuery
                 ) -> s.CompilationOut:
    revision, compiled = engine.compilation(
        ctx(), document_id, sequence,
        delegations=set(query.delegation) if query.delegation else None,
        clusters=set(query.cluster) if query.cluster else None,
        states=set(query.state) if query.state else None)
    language = engine.compilation_language(ctx(), revision, query.language)
    names = engine.paragraph_names(ctx(), document_id, revision.id, compiled)
    data = compilation_to_json(compiled, names)
    # Each unit's brackets in the revision's text, as the text endpoints give them.
    counted = text_brackets([cu.unit for cu in compiled.units])
    for entry in data["units"]:
        entry["brackets"] = brackets_out(counted.units[entry["key"]]).model_dump()
        subtree = counted.sections.get(entry["key"])
        entry["subtree_brackets"] = bracket_totals_out(subtree).model_dump() if subtree \
            else None
    data["brackets"] = bracket_totals_out(counted.total).model_dump()
    translations = {key: _translation_out(cell) for key, cell in language.cells.items()}
    # The UN text prints a paragraph's translation only where it translates the text as it
    # stands; the others print the source text, as the inline view shows them.
    current = {key: t.text for key, t in translations.items()
               if t.state in ("current", "carried") and t.text is not None}
    return s.CompilationOut(revision_id=revision.id, sequence=revision.sequence,
                            label=revision.label, text=render_compilation_text(
                                compiled, translated=current,
                                source_language=language.source),
                            data=data, language=language.language,
                            source_language=language.source,
                            languages=[_language_out(c) for c in language.available],
                            translations=translations)


def _language_out(code: str) -> LanguageOut:
    info = INFO[code]
    return LanguageOut(code=info.code, name=info.name, direction=info.direction)


def _translation_out(cell: Cell) -> s.CompilationTranslationOut:
    state = ("missing" if cell.status == "missing" or cell.text is None
             else "out_of_date" if cell.out_of_date
             else "carried" if cell.carried_from is not None else "current")
    return s.CompilationTranslationOut(
        text=cell.text, state=state, number=cell.number, carried_from=cell.carried_from,
        carried_from_label=None if cell.carried_from is None
        else revision_label(cell.carried_from))


@endpoint(bp, DOC + "/collisions", "GET",
          summary="Open amendments that touch the same words of the same text", tag=TAG,
          response=list[s.CollisionOut], errors=(403, 404))
def collisions(document_id: int) -> list[s.CollisionOut]:
    return [s.CollisionOut(first=c.first, second=c.second, unit=c.unit, ranges=list(c.ranges))
            for c in engine.document_collisions(ctx(), document_id)]


@endpoint(bp, DOC + "/lineage", "GET",
          summary="Each unit matched to its predecessor: unchanged, edited, moved, new, "
                  "deleted, split or merged", tag=TAG, query=s.LineageQuery,
          response=list[s.LineageOut], errors=(403, 404))
def lineage(document_id: int, query: s.LineageQuery) -> list[s.LineageOut]:
    entries = engine.revision_lineage(ctx(), document_id, query.from_, query.to,
                                      by_identity=query.by == "identity")
    return [s.LineageOut.model_validate(asdict(e)) for e in entries]


@endpoint(bp, DOC + "/units/<key>/attribution", "GET",
          summary="Who put each word of a unit there, across the whole history", tag=TAG,
          query=s.AttributionQuery, response=s.AttributionOut, errors=(403, 404))
def attribution(document_id: int, key: str, query: s.AttributionQuery) -> s.AttributionOut:
    """Where you may not see attributed amendments, their ids and proponents are left out."""
    sequence, spans, attributed = engine.unit_attribution(ctx(), document_id, key,
                                                          query.revision)
    return s.AttributionOut(unit=key, sequence=sequence, spans=[
        s.AttributedSpanOut(start=span.start, end=span.end, text=span.text, origin=s.OriginOut(
            kind=span.origin.kind.value, revision=span.origin.revision,
            amendment_ids=list(span.origin.amendment_ids) if attributed else [],
            proponents=list(span.origin.proponents) if attributed else []))
        for span in spans])
