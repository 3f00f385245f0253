"""Search across a process, and the amendment counts the text view shows on paragraphs."""

from __future__ import annotations

from flask import Blueprint

import server.features.search.service as search
from server.features.search import present
from server.features.search import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("search", __name__)
TAG = "Search"


@endpoint(bp, "/processes/<id:process_id>/search", "GET",
          summary="Find words in revisions, amendments, inputs and summaries you may see",
          tag=TAG, query=s.SearchQueryIn, response=s.SearchOut, errors=(403, 404, 422))
def search_process(process_id: int, query: s.SearchQueryIn) -> s.SearchOut:
    return present.result(search.search(ctx(), process_id, query.q, kind=query.kind,
                                        revision=query.revision, offset=query.offset,
                                        limit=query.limit, language=query.language))


@endpoint(bp, "/processes/<id:process_id>/search/languages", "GET",
          summary="The languages you may search the revisions you see in", tag=TAG,
          response=s.SearchLanguagesOut, errors=(403, 404))
def search_languages(process_id: int) -> s.SearchLanguagesOut:
    return present.languages(search.search_languages(ctx(), process_id))


@endpoint(bp, "/documents/<id:document_id>/amendment-counts", "GET",
          summary="How many amendments you may see each paragraph of a revision carries",
          tag=TAG, query=s.AmendmentCountsQuery, response=s.AmendmentCountsOut,
          errors=(403, 404))
def amendment_counts(document_id: int, query: s.AmendmentCountsQuery) -> s.AmendmentCountsOut:
    return present.counts(search.amendment_counts(ctx(), document_id, query.revision))
