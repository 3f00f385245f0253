"""Files in and out: exports of revisions, comparisons, compilations and amendments, the
Atom feed of published revisions, and imports of DOCX, Akoma Ntoso, Markdown and text.

Downloads are plain Flask views (the answer is a file, not JSON) declared through
:func:`file_endpoint`, which authenticates, validates the query string like ``@endpoint``
and records the operation in the OpenAPI document; errors keep the JSON error shape.
Uploads are JSON (``content_base64``, within the JSON bodies' limit) or, for files of a few
megabytes such as real PDFs, multipart/form-data (the ``upload`` routes, within
``ACCORD_IMPORT_MAX_BODY_BYTES``); both validate and fail through the one error path.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, get_args
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState
from pydantic import BaseModel, TypeAdapter, ValidationError
from werkzeug.exceptions import ServiceUnavailable, UnsupportedMediaType

import server.features.files.service as documents_io
from server.core.errors import Invalid
from server.features.files import schemas as s
from server.features.files import worker as import_worker
from server.features.files.exports.pdf import PdfUnavailable
from server.features.files.service import ExportFile
from server.features.files.worker import ImportLimits
from server.features.text import present
from server.features.text import schemas as text_schemas
from server.web import routing
from server.web.context import ctx
from server.web.routing import RequestInvalid, endpoint

bp = Blueprint("files", __name__)
TAG = "Files"
DOC = "/documents/<id:document_id>"
F = TypeVar("F", bound=Callable[..., Any])


@bp.record_once
def _start_import_workers(state: BlueprintSetupState) -> None:
    """In the serving process (``accord serve``), start the import workers ahead: the first
    upload then waits for none (command-line tools and tests start them when they import)."""
    import config

    if config.gevent_patch_requested():
        import_worker.workers(ImportLimits.of(state.app.config)).warm_up()


def _download(file: ExportFile, *, inline: bool = False) -> Response:
    response = Response(file.data, content_type=file.mimetype)
    disposition = "inline" if inline else "attachment"
    # RFC 6266: an ASCII name for old clients, the document's own (Arabic, Chinese...)
    # percent-encoded in UTF-8 for the others.
    names = f'filename="{file.filename}"'
    if file.display_name:
        names += f"; filename*=UTF-8''{quote(file.display_name, safe='')}"
    response.headers["Content-Disposition"] = f"{disposition}; {names}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if file.fmt == "html":
        # The print view is self-contained: no scripts, no external resources.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            "frame-ancestors 'none'")
    return response


def file_endpoint(rule: str, *, summary: str, query: type[BaseModel] | None = None,
                  formats: tuple[str, ...] | None = None,
                  errors: tuple[int, ...] = (403, 404)) -> Callable[[F], F]:
    """A file download of this feature, in the formats its query's ``format`` allows (or
    ``formats``); a PDF that cannot be made now is a 503."""
    if formats is None:
        field = query.model_fields.get("format") if query is not None else None
        formats = get_args(field.annotation) if field is not None else ()
    media_types = tuple(dict.fromkeys(documents_io.MIMETYPES[f] for f in formats))

    def decorate(handler: F) -> F:
        pdf = "pdf" in (handler.__doc__ or "").lower()

        @functools.wraps(handler)
        def answer(**kwargs: Any) -> Response:
            try:
                result: Response = handler(**kwargs)
            except PdfUnavailable as error:
                raise ServiceUnavailable(error.message) from None
            return result

        routing.file_endpoint(bp, rule, summary=summary, tag=TAG, query=query,
                              media_types=media_types,
                              errors=(*errors, 503) if pdf else errors)(answer)
        return handler

    return decorate


@contextlib.contextmanager
def _reading() -> Iterator[None]:
    """Every import worker stayed busy: 503, try again in a minute."""
    try:
        yield
    except import_worker.ImportsBusy as error:
        raise ServiceUnavailable(error.message, retry_after=60) from None


def _decode(content: str) -> bytes:
    try:
        return base64.b64decode(content + "=" * (-len(content) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Invalid("content_base64 is not valid base64.",
                      details={"field": "content_base64"}) from None


def _out(outcome: documents_io.ImportOutcome) -> s.FileImportOut:
    return s.FileImportOut(
        title=outcome.title, units=present.units(outcome.units),
        warnings=outcome.warnings, saved=outcome.saved, document_id=outcome.document_id,
        revision=present.revision(outcome.revision) if outcome.revision else None,
        lineage=[s.ImportedUnitMatchOut(
            key=m.key, index=m.index, status=m.status, previous=m.previous, name=m.name,
            previous_name=m.previous_name, confidence=m.confidence, corrected=m.corrected)
            for m in outcome.lineage],
        unmatched=[s.WorkingUnitOut(key=w.key, kind=w.kind, name=w.name)
                   for w in outcome.unmatched],
        working_units=[s.WorkingUnitOut(key=w.key, kind=w.kind, name=w.name)
                       for w in outcome.working_units])


def _corrections(items: list[s.MatchCorrectionIn]) -> list[documents_io.Correction]:
    return [documents_io.Correction(c.index, c.previous) for c in items]


def _upload() -> tuple[bytes, s.UploadForm, list[s.MatchCorrectionIn]]:
    """A multipart/form-data upload: the file in ``file``, the other fields as text
    (validated like a JSON body: 422 naming the field)."""
    if request.mimetype != "multipart/form-data":
        raise UnsupportedMediaType("Send the file as multipart/form-data, in the field "
                                   "'file' (or as JSON to the import-file route).")
    sent = request.files.get("file")
    if sent is None:
        raise Invalid("Attach the file in the field 'file'.", details={"field": "file"})
    try:
        content = sent.read()
    finally:  # a large upload is spooled to a temporary file: let it go now
        for upload in request.files.values():
            upload.close()
    if not content:
        raise Invalid("The file is empty.", details={"field": "file"})
    fields = {k: v for k, v in request.form.items() if k != "file"}
    try:
        form = s.UploadForm.model_validate(fields)
        corrections = _CORRECTIONS.validate_json(form.corrections)
    except ValidationError as error:
        raise RequestInvalid("The request body is not valid.",
                             details=routing.validation_details(error)) from None
    return content, form, corrections


_CORRECTIONS = TypeAdapter(list[s.MatchCorrectionIn])


# ---- exports --------------------------------------------------------------------------------


@file_endpoint(DOC + "/revisions/<id:sequence>/export", summary="A published revision as a "
               "file: DOCX, Akoma Ntoso 3.0, Markdown, text, HTML print view or PDF",
               query=s.RevisionExportQuery)
def export_revision(document_id: int, sequence: int, query: s.RevisionExportQuery) -> Response:
    """Unit numbers are kept as text; DOCX and HTML mark each unit's status; the PDF is
    made from the HTML print view (503 when no converter is installed)."""
    file = documents_io.export_revision(ctx(), document_id, sequence, query.format,
                                        query.language)
    return _download(file, inline=query.format in ("html", "pdf"))


@file_endpoint(DOC + "/working-copy/export", summary="The working copy as a file",
               query=s.RevisionExportQuery)
def export_working_copy(document_id: int, query: s.RevisionExportQuery) -> Response:
    """Same formats as a revision (pdf: 503 when no converter is installed)."""
    return _download(documents_io.export_working_copy(ctx(), document_id, query.format,
                                                      query.language))


@file_endpoint(DOC + "/diff/export", summary="Two revisions compared: DOCX with Word "
               "tracked changes, or HTML / PDF", query=s.ComparisonExportQuery)
def export_comparison(document_id: int, query: s.ComparisonExportQuery) -> Response:
    """The DOCX holds real revision marks (w:ins / w:del by the co-facilitators, dated at
    publication): Word's accept all gives the newer revision, reject all the older
    (pdf: 503 when no converter is installed)."""
    file = documents_io.export_comparison(ctx(), document_id, query.from_, query.to,
                                          query.format)
    return _download(file, inline=query.format in ("html", "pdf"))


@file_endpoint(DOC + "/revisions/<id:sequence>/compilation/export",
               summary="The compilation text: the revision with the proposals inlined and "
               "attributed", query=s.CompilationExportQuery)
def export_compilation(document_id: int, sequence: int,
                       query: s.CompilationExportQuery) -> Response:
    """The proposals the reader may see (pdf: 503 when no converter is installed)."""
    file = documents_io.export_compilation(ctx(), document_id, sequence, query.format)
    return _download(file, inline=query.format in ("html", "pdf"))


@file_endpoint(DOC + "/amendments/export", summary="Amendments to a document as an Akoma "
               "Ntoso 3.0 amendmentList", query=s.AmendmentsExportQuery,
               formats=("akn",))
def export_amendments(document_id: int, query: s.AmendmentsExportQuery) -> Response:
    """Each amendment with its docProponents and a textualMod (insertion, substitution,
    repeal) pointing to the old and new quotedText; ``revision`` keeps those made against
    that revision."""
    return _download(documents_io.export_amendments_akn(ctx(), document_id, query.revision))




@file_endpoint("/amendments/<id:amendment_id>/export", summary="One amendment: DOCX with "
               "tracked changes by its proponents, or Akoma Ntoso", query=s.AmendmentExportQuery)
def export_amendment(amendment_id: int, query: s.AmendmentExportQuery) -> Response:
    """The DOCX shows the proposal as Word revision marks whose author is the proponent
    delegations, so a delegation's proposal can be accepted or rejected in Word."""
    return _download(documents_io.export_amendment(ctx(), amendment_id, query.format))


@file_endpoint("/processes/<id:process_id>/revisions.atom",
               summary="Atom feed of the revisions published in a process", formats=("atom",))
def revisions_feed(process_id: int) -> Response:
    """For observers' feed readers; authenticate with a bearer token or the session."""
    file = documents_io.revisions_feed(ctx(), process_id, base_url=request.host_url)
    response = _download(file, inline=True)
    response.headers.pop("Content-Disposition")
    return response


# ---- imports --------------------------------------------------------------------------------


@endpoint(bp, "/processes/<id:process_id>/documents/import", "POST",
          summary="Import a draft from Markdown or plain text (preview, or create the document)",
          tag=TAG, body=text_schemas.ImportIn, response=text_schemas.ImportOut,
          errors=(403, 404, 503))
def import_typed(process_id: int, body: text_schemas.ImportIn) -> text_schemas.ImportOut:
    """Numbered paragraphs (`12`, `12 bis`), lettered sub-paragraphs, headings as sections and
    the preamble are recognised; `preview: true` (the default) saves nothing. The text is read
    by an import worker, as an uploaded file is."""
    with _reading():
        outcome = documents_io.import_document(
            ctx(), process_id, content=body.source.encode(), fmt=body.format,
            title=body.title, preview=body.preview, limits=ImportLimits.of(current_app.config))
    return text_schemas.ImportOut(
        title=outcome.title, units=present.units(outcome.units), warnings=outcome.warnings,
        revision=present.revision(outcome.revision) if outcome.revision else None)


@endpoint(bp, "/processes/<id:process_id>/documents/import-file", "POST",
          summary="Import a DOCX, Akoma Ntoso, Markdown or text file as a new document "
          "(preview, or create it)", tag=TAG, body=s.FileImportIn, response=s.FileImportOut,
          errors=(403, 404, 503))
def import_file(process_id: int, body: s.FileImportIn) -> s.FileImportOut:
    """The file is base64-encoded in ``content_base64``; ``preview: true`` (the default)
    saves nothing. A corrupt or unsupported file, a zip bomb or an XML document declaring
    entities is refused with 422, and so is a file that takes more than the import limits
    (``ACCORD_IMPORT_SECONDS``, ``ACCORD_IMPORT_MEMORY_MB``) to read: files are read by a
    worker process, never by the one serving everyone; when as many are being read as the
    server reads at once for the whole import time, 503 with Retry-After."""
    with _reading():
        return _out(documents_io.import_document(
            ctx(), process_id, content=_decode(body.content_base64), fmt=body.format,
            title=body.title, preview=body.preview,
            limits=ImportLimits.of(current_app.config)))


@endpoint(bp, DOC + "/working-copy/import", "POST",
          summary="Import a file as the next revision: units matched by lineage replace the "
          "working copy", tag=TAG, body=s.RevisionImportIn, response=s.FileImportOut,
          errors=(403, 404, 409, 503))
def import_revision(document_id: int, body: s.RevisionImportIn) -> s.FileImportOut:
    """Each imported unit keeps the stable key of the unit it continues (matched by content,
    so renumbering does not matter); new units get new keys. ``preview: true`` shows the
    matching without saving; otherwise ``base_version`` must be the working copy's."""
    with _reading():
        return _out(documents_io.import_revision(
            ctx(), document_id, content=_decode(body.content_base64), fmt=body.format,
            expected_version=body.base_version, preview=body.preview,
            limits=ImportLimits.of(current_app.config),
            corrections=_corrections(body.corrections)))


# Uploads as multipart/form-data: a real PDF of a few megabytes, without base64's third more
# and within ACCORD_IMPORT_MAX_BODY_BYTES rather than the JSON bodies' limit.


@endpoint(bp, "/processes/<id:process_id>/documents/upload", "POST",
          summary="Upload a DOCX, Akoma Ntoso, PDF, Markdown or text file as a new document "
          "(multipart/form-data: file, format, title, preview)", tag=TAG,
          response=s.FileImportOut, errors=(403, 404, 413, 415, 503), form=s.UploadForm)
def upload_file(process_id: int) -> s.FileImportOut:
    """The same import as ``import-file``, the file sent as a form field ``file`` (up to
    ``ACCORD_IMPORT_MAX_BODY_BYTES``); ``preview`` defaults to true (nothing saved)."""
    content, form, _ = _upload()
    with _reading():
        return _out(documents_io.import_document(
            ctx(), process_id, content=content, fmt=form.format, title=form.title,
            preview=form.preview, limits=ImportLimits.of(current_app.config)))


@endpoint(bp, DOC + "/working-copy/upload", "POST",
          summary="Upload a file as the next revision (multipart/form-data: file, format, "
          "preview, base_version, corrections as JSON)", tag=TAG, response=s.FileImportOut,
          errors=(403, 404, 409, 413, 415, 503), form=s.UploadForm)
def upload_revision(document_id: int) -> s.FileImportOut:
    """The same import as ``working-copy/import``, the file sent as a form field ``file``
    (up to ``ACCORD_IMPORT_MAX_BODY_BYTES``); ``corrections`` is a JSON array of
    ``{"index": n, "previous": key | null}``."""
    content, form, corrections = _upload()
    with _reading():
        return _out(documents_io.import_revision(
            ctx(), document_id, content=content, fmt=form.format,
            expected_version=form.base_version, preview=form.preview,
            limits=ImportLimits.of(current_app.config),
            corrections=_corrections(corrections)))


routing.LARGE_BODIES.update({f"api.{bp.name}.{view.__name__}"
                             for view in (upload_file, upload_revision)})
