"""A delegation's marked-up Word file: preview its draft amendments, then create them."""

from __future__ import annotations

import base64
import binascii

from flask import Blueprint, current_app
from werkzeug.exceptions import ServiceUnavailable

import server.features.markup.service as markup
from server.core.errors import Invalid
from server.features.files import worker as import_worker
from server.features.files.worker import ImportLimits
from server.features.markup import present
from server.features.markup import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("markup", __name__)
TAG = "Amendments"
RULE = "/documents/<id:document_id>/markup"


def _decode(content: str) -> bytes:
    try:
        return base64.b64decode(content + "=" * (-len(content) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Invalid("content_base64 is not valid base64.",
                      details={"field": "content_base64"}) from None


def _busy(error: import_worker.ImportsBusy) -> ServiceUnavailable:
    return ServiceUnavailable(error.message, retry_after=60)


@endpoint(bp, "/processes/<id:process_id>/markup/delegations", "GET",
          summary="The delegations you may upload a marked-up Word file for", tag=TAG,
          response=s.UploadersOut, errors=(404,))
def delegations(process_id: int) -> s.UploadersOut:
    """A delegate: its own delegation, in the phase delegations propose in. The
    co-facilitators and the secretariat: every delegation of the process, on whose behalf
    they upload (``on_behalf``). Anyone else, or outside that phase: none."""
    found = markup.uploaders(ctx(), process_id)
    return s.UploadersOut(delegations=[s.UploaderOut(code=d.code, name=d.name)
                                       for d in found.delegations],
                          on_behalf=found.on_behalf)


@endpoint(bp, RULE + "/preview", "POST",
          summary="Preview the draft amendments a marked-up Word file proposes (nothing saved)",
          tag=TAG, body=s.MarkupIn, response=s.MarkupOut, errors=(403, 404, 409, 503))
def preview(document_id: int, body: s.MarkupIn) -> s.MarkupOut:
    """Each tracked insertion, deletion or replacement (Word's or LibreOffice's change
    tracking) becomes a draft amendment of your delegation (or, for the co-facilitators and
    the secretariat, of the ``delegation`` they upload it for) on the paragraph of the latest
    revision it falls in (several in one paragraph: one amendment), the comments on the
    changed words its justification; what cannot be placed is listed with where it is in the
    file. The file is read by an import worker within the import limits (422 beyond them, or
    for a file that is not a safe DOCX)."""
    try:
        return present.result(markup.preview(
            ctx(), document_id, content=_decode(body.content_base64),
            revision_id=body.revision_id, delegation=body.delegation,
            limits=ImportLimits.of(current_app.config)))
    except import_worker.ImportsBusy as error:
        raise _busy(error) from None


@endpoint(bp, RULE, "POST",
          summary="Create the draft amendments a marked-up Word file proposes", tag=TAG,
          body=s.MarkupIn, response=s.MarkupOut, status=201, errors=(403, 404, 409, 503))
def confirm(document_id: int, body: s.MarkupIn) -> s.MarkupOut:
    """The same file as the preview's: all its proposals become drafts of your delegation
    (you review and submit them), or none does when one is refused. Send an
    ``Idempotency-Key``: a retry gets the first answer instead of a second set of drafts."""
    try:
        return present.result(markup.confirm(
            ctx(), document_id, content=_decode(body.content_base64),
            revision_id=body.revision_id, delegation=body.delegation,
            limits=ImportLimits.of(current_app.config)))
    except import_worker.ImportsBusy as error:
        raise _busy(error) from None
