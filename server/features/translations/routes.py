"""Language versions of a revision: the parallel view, out-of-date lists, imports, entry."""

from __future__ import annotations

import base64
import binascii

from flask import Blueprint, current_app

import server.features.translations.service as translations
from server.core.errors import Invalid
from server.features.files.worker import ImportLimits
from server.features.translations import present
from server.features.translations import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("translations", __name__)
TAG = "Translations"
DOC = "/documents/<id:document_id>"
REV = DOC + "/revisions/<id:sequence>/languages"
WORK = DOC + "/working-copy/languages"


def _langs(query: s.ParallelQuery) -> list[str]:
    return query.langs.split(",") if query.langs else []


def _decode(content: str) -> bytes:
    try:
        return base64.b64decode(content + "=" * (-len(content) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Invalid("content_base64 is not valid base64.",
                      details={"field": "content_base64"}) from None


@endpoint(bp, REV, "GET", summary="A revision in several languages side by side, per paragraph",
          tag=TAG, query=s.ParallelQuery, response=s.ParallelOut, errors=(403, 404, 422))
def revision_parallel(document_id: int, sequence: int, query: s.ParallelQuery) -> s.ParallelOut:
    return present.parallel(translations.parallel(ctx(), document_id, sequence, _langs(query)))


@endpoint(bp, WORK, "GET", summary="The working copy in several languages side by side",
          tag=TAG, query=s.ParallelQuery, response=s.ParallelOut, errors=(403, 404, 422))
def working_parallel(document_id: int, query: s.ParallelQuery) -> s.ParallelOut:
    return present.parallel(translations.parallel(ctx(), document_id, None, _langs(query)))


@endpoint(bp, REV + "/<language>/out-of-date", "GET",
          summary="The paragraphs whose translation no longer matches the source, with the "
          "source's change since", tag=TAG, response=s.StaleListOut, errors=(403, 404, 422))
def revision_out_of_date(document_id: int, sequence: int, language: str) -> s.StaleListOut:
    return present.stale(language, translations.out_of_date(ctx(), document_id, sequence,
                                                            language))


@endpoint(bp, WORK + "/<language>/out-of-date", "GET",
          summary="The working copy's paragraphs whose translation no longer matches",
          tag=TAG, response=s.StaleListOut, errors=(403, 404, 422))
def working_out_of_date(document_id: int, language: str) -> s.StaleListOut:
    return present.stale(language, translations.out_of_date(ctx(), document_id, None,
                                                            language))


@endpoint(bp, REV + "/<language>/units/<key>", "PUT",
          summary="Enter or correct one paragraph's translation", tag=TAG,
          body=s.TranslationIn, response=s.ParallelOut, errors=(403, 404, 422))
def revision_enter(document_id: int, sequence: int, language: str, key: str,
                   body: s.TranslationIn) -> s.ParallelOut:
    return present.parallel(translations.enter(ctx(), document_id, sequence, language, key,
                                               body.text))


@endpoint(bp, WORK + "/<language>/units/<key>", "PUT",
          summary="Enter or correct one working-copy paragraph's translation", tag=TAG,
          body=s.TranslationIn, response=s.ParallelOut, errors=(403, 404, 422))
def working_enter(document_id: int, language: str, key: str,
                  body: s.TranslationIn) -> s.ParallelOut:
    return present.parallel(translations.enter(ctx(), document_id, None, language, key,
                                               body.text))


@endpoint(bp, REV + "/<language>/import", "POST",
          summary="Import a translated file aligned to the revision (preview, or save)",
          tag=TAG, body=s.TranslationImportIn, response=s.TranslationImportOut,
          errors=(403, 404, 422, 503))
def revision_import(document_id: int, sequence: int, language: str,
                    body: s.TranslationImportIn) -> s.TranslationImportOut:
    """``preview: true`` (the default) saves nothing and lists every source paragraph the
    file could not be aligned with; then send it again with ``preview: false``."""
    return present.report(translations.import_file(
        ctx(), document_id, sequence, language, content=_decode(body.content_base64),
        fmt=body.format, preview=body.preview, limits=ImportLimits.of(current_app.config)))


@endpoint(bp, WORK + "/<language>/import", "POST",
          summary="Import a translated file aligned to the working copy (preview, or save)",
          tag=TAG, body=s.TranslationImportIn, response=s.TranslationImportOut,
          errors=(403, 404, 422, 503))
def working_import(document_id: int, language: str,
                   body: s.TranslationImportIn) -> s.TranslationImportOut:
    return present.report(translations.import_file(
        ctx(), document_id, None, language, content=_decode(body.content_base64),
        fmt=body.format, preview=body.preview, limits=ImportLimits.of(current_app.config)))


@endpoint(bp, REV + "/source", "PUT",
          summary="Set the language a revision was negotiated in (its source language)",
          tag=TAG, body=s.SourceLanguageIn, response=s.ParallelOut, errors=(403, 404, 422))
def revision_source(document_id: int, sequence: int,
                    body: s.SourceLanguageIn) -> s.ParallelOut:
    return present.parallel(translations.set_source_language(ctx(), document_id, sequence,
                                                             body.language))


@endpoint(bp, WORK + "/source", "PUT",
          summary="Set the language the working copy is negotiated in", tag=TAG,
          body=s.SourceLanguageIn, response=s.ParallelOut, errors=(403, 404, 422))
def working_source(document_id: int, body: s.SourceLanguageIn) -> s.ParallelOut:
    return present.parallel(translations.set_source_language(ctx(), document_id, None,
                                                             body.language))
