"""Documents, the working copy, publishing, revisions and their comparison."""

from __future__ import annotations

from flask import Blueprint, Response
from pydantic import TypeAdapter

import server.features.text.comparison as comparison
import server.features.text.publication as publication
import server.features.text.service as documents
from server.core.diff import render_html
from server.core.policy import Action
from server.core.richtext import (
    EditorialNote,
    Footnote,
    Mark,
    OptionRef,
    check_anchors,
    check_marks,
    footnote_order,
)
from server.core.text import UnitView
from server.features.text import present
from server.features.text import schemas as s
from server.web import cache
from server.web.context import ctx
from server.web.routing import endpoint
from server.web.schemas import VersionIn

bp = Blueprint("text", __name__)
TAG = "Text"
DOC = "/documents/<id:document_id>"
REVISION_OUT: TypeAdapter[s.RevisionOut] = TypeAdapter(s.RevisionOut)


def _marks(marks: list[s.MarkIO]) -> tuple[Mark, ...]:
    return tuple(Mark(start, end, style) for start, end, style in marks)


def _unit_view(unit: s.UnitIn, key: str) -> UnitView:
    """The unit as given, its formatting, footnotes and notes checked against its text."""
    footnotes = footnote_order(Footnote(f.mark, f.offset, f.text) for f in unit.footnotes)
    notes = tuple(EditorialNote(n.text, n.offset) for n in unit.notes)
    check_anchors(footnotes, notes, len(unit.text))
    option = (OptionRef(unit.option.group, unit.option.label, unit.option.no_text)
              if unit.option else None)
    return UnitView(key=key, kind=unit.kind, parent=unit.parent, number=unit.number,
                    text=unit.text, heading=unit.heading, status=unit.status,
                    marks=check_marks(_marks(unit.marks), len(unit.text)),
                    footnotes=footnotes, notes=notes, option=option)


@endpoint(bp, "/processes/<id:process_id>/documents", "GET", summary="Documents of a process",
          tag=TAG, response=list[s.DocumentOut], errors=(403, 404))
def list_documents(process_id: int) -> list[s.DocumentOut]:
    context = ctx()
    return [s.DocumentOut(id=d.id, process_id=d.process_id, title=d.title,
                          revisions=[present.revision_summary(r) for r in
                                     documents.published_revisions(context, d.id)])
            for d in documents.list_documents(context, process_id)]


@endpoint(bp, "/processes/<id:process_id>/documents", "POST",
          summary="Create a document; its working copy becomes the zero draft when published",
          tag=TAG, body=s.DocumentIn, response=s.RevisionOut, status=201, errors=(403, 404))
def create_document(process_id: int, body: s.DocumentIn) -> s.RevisionOut:
    units = [_unit_view(unit, unit.key or "") for unit in body.units]
    return present.revision(documents.create_document(ctx(), process_id, title=body.title,
                                                    units=units))


@endpoint(bp, DOC, "GET", summary="A document and its published revisions", tag=TAG,
          response=s.DocumentOut, errors=(403, 404))
def get_document(document_id: int) -> s.DocumentOut:
    document, revisions = documents.get_document(ctx(), document_id)
    return s.DocumentOut(id=document.id, process_id=document.process_id, title=document.title,
                         revisions=[present.revision_summary(r) for r in revisions])


@endpoint(bp, DOC + "/working-copy", "GET", summary="The co-facilitators' working copy",
          tag=TAG, response=s.RevisionOut, errors=(403, 404))
def get_working_copy(document_id: int) -> s.RevisionOut:
    return present.revision(documents.get_working_copy(ctx(), document_id))


@endpoint(bp, DOC + "/working-copy/units/<key>", "PATCH",
          summary="Edit a unit's text, heading, number or status in the working copy",
          tag=TAG, body=s.UnitEditIn, response=s.RevisionOut, errors=(403, 404, 409))
def edit_unit(document_id: int, key: str, body: s.UnitEditIn) -> s.RevisionOut:
    edit = documents.UnitEdit(text=body.text, heading=body.heading, number=body.number,
                              status=body.status,
                              confirm_open_brackets=body.confirm_open_brackets,
                              marks=None if body.marks is None else _marks(body.marks))
    return present.revision(documents.edit_unit(ctx(), document_id, key,
                                              expected_version=body.base_version, edit=edit))


@endpoint(bp, DOC + "/working-copy/units", "POST",
          summary="Insert a unit (for example a bis paragraph) into the working copy",
          tag=TAG, body=s.UnitInsertIn, response=s.RevisionOut, status=201,
          errors=(403, 404, 409))
def insert_unit(document_id: int, body: s.UnitInsertIn) -> s.RevisionOut:
    context = ctx()
    key = body.unit.key or documents.fresh_key(context, document_id)
    return present.revision(documents.insert_unit(
        context, document_id, expected_version=body.base_version,
        unit=_unit_view(body.unit, key), after=body.after))


@endpoint(bp, DOC + "/working-copy/units/<key>/delete", "POST",
          summary="Remove a unit and what is under it from the working copy", tag=TAG,
          body=VersionIn, response=s.RevisionOut, errors=(403, 404, 409))
def delete_unit(document_id: int, key: str, body: VersionIn) -> s.RevisionOut:
    return present.revision(documents.delete_unit(ctx(), document_id, key,
                                                expected_version=body.base_version))


@endpoint(bp, DOC + "/working-copy/renumber", "POST",
          summary="Renumber paragraphs continuously and re-letter sub-paragraphs", tag=TAG,
          body=VersionIn, response=s.RevisionOut, errors=(403, 404, 409))
def renumber(document_id: int, body: VersionIn) -> s.RevisionOut:
    return present.revision(documents.renumber_working_copy(
        ctx(), document_id, expected_version=body.base_version))


@endpoint(bp, DOC + "/revisions", "POST",
          summary="Publish the working copy as the next revision (Zero draft, Rev.1, ...)",
          tag=TAG, body=s.PublishIn, response=s.PublicationOut, status=201,
          errors=(403, 404, 409))
def publish(document_id: int, body: s.PublishIn) -> s.PublicationOut:
    return present.publication(publication.publish(
        ctx(), document_id, expected_version=body.base_version, label=body.label))


@endpoint(bp, DOC + "/revisions/preview", "POST",
          summary="What publishing now would do (a dry run: nothing is saved)", tag=TAG,
          body=s.PublishIn, response=s.PublicationOut, errors=(403, 404, 409))
def preview_publication(document_id: int, body: s.PublishIn) -> s.PublicationOut:
    """Runs the publication and rolls it back: the amendments it would record as reflected,
    and those it would carry (applies, conflicts) or overtake, exactly."""
    return present.publication(publication.publish(
        ctx(), document_id, expected_version=body.base_version, label=body.label,
        dry_run=True))


@endpoint(bp, DOC + "/revisions", "GET", summary="The published revisions", tag=TAG,
          response=list[s.RevisionSummaryOut], errors=(403, 404))
def list_revisions(document_id: int) -> list[s.RevisionSummaryOut]:
    _, revisions = documents.get_document(ctx(), document_id)
    return [present.revision_summary(r) for r in revisions]


@endpoint(bp, DOC + "/revisions/<id:sequence>", "GET",
          summary="A published revision: units with numbers and status", tag=TAG,
          response=s.RevisionOut, errors=(403, 404), cached=True)
def get_revision(document_id: int, sequence: int) -> Response:
    """Computed once per change of the process for each audience (server/web/cache.py)."""
    reader = cache.reader_of_document(document_id, Action.VIEW_REVISIONS)
    return cache.cached_read(
        ("revision", document_id, sequence), reader, cache.text_audience(reader),
        compute=lambda: present.revision(documents.get_revision(ctx(), document_id,
                                                                sequence)),
        adapter=REVISION_OUT)


@endpoint(bp, DOC + "/revisions/<id:sequence>/units/<key>/reopen", "POST",
          summary="Reopen a settled paragraph of the latest revision for proposals "
                  "(co-facilitators, with a reason)", tag=TAG, body=s.ReopenIn,
          response=s.RevisionOut, errors=(403, 404, 409))
def reopen_unit(document_id: int, sequence: int, key: str, body: s.ReopenIn) -> s.RevisionOut:
    """A paragraph agreed in informals, agreed ad ref or adopted takes no amendments until
    the co-facilitators reopen it; the reason is recorded in the history. The answer is the
    revision, its paragraphs saying what you may now do at them."""
    return present.revision(documents.reopen_unit(ctx(), document_id, sequence, key,
                                                  reason=body.reason))


@endpoint(bp, DOC + "/diff", "GET",
          summary="Word diff between two published revisions, unit by unit", tag=TAG,
          query=s.DiffQuery, response=s.RevisionDiffOut, errors=(403, 404))
def diff(document_id: int, query: s.DiffQuery) -> s.RevisionDiffOut:
    result = comparison.compare(ctx(), document_id, query.from_, query.to,
                                changed_only=query.changed_only, language=query.language)
    return s.RevisionDiffOut(
        document_id=document_id, from_sequence=query.from_, to_sequence=query.to,
        counts=comparison.counts(result),
        units=[s.UnitDiffOut(
            key=c.key, change=c.change, moved_from=c.moved_from, html=render_html(c.spans),
            **present.rich(c.after or c.before),
            number_before=c.before.number if c.before else None,
            number_after=c.after.number if c.after else None,
            status_before=comparison.status_of(c.before),
            status_after=comparison.status_of(c.after),
            spans=[s.DiffSpanOut(op=span.op.value, text=span.text) for span in c.spans],
            marks_before=comparison.marks_before(c))
            for c in result])
