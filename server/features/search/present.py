"""Search hits and amendment counts as the API shows them."""

from __future__ import annotations

from server.core.languages import INFO
from server.features.search import schemas as s
from server.features.search.service import AmendmentCounts, Hit, SearchResult


def hit(found: Hit) -> s.SearchHitOut:
    return s.SearchHitOut(
        kind=found.kind,
        id=found.id, title=found.title,
        snippet=[s.SnippetPartOut(text=p.text, mark=p.mark) for p in found.snippet],
        cut_before=found.cut_before, cut_after=found.cut_after, href=found.href,
        document_id=found.document_id, revision=found.revision,
        revision_label=found.revision_label, unit=found.unit, unit_name=found.unit_name,
        delegation=found.delegation, state=found.state, cluster=found.cluster,
        language=found.language,
        out_of_date=found.out_of_date)


def result(found: SearchResult) -> s.SearchOut:
    return s.SearchOut(q=found.q, language=found.language,
                       total=found.total, groups=[
        s.SearchGroupOut(kind=g.kind,
                         count=g.count, offset=g.offset, next_offset=g.next_offset,
                         hits=[hit(h) for h in g.hits]) for g in found.groups])


def counts(found: AmendmentCounts) -> s.AmendmentCountsOut:
    return s.AmendmentCountsOut(document_id=found.document_id, revision=found.revision,
                                units=[s.UnitCountOut(unit=u.unit, amendments=u.amendments,
                                                      open=u.open) for u in found.units])


def languages(codes: list[str]) -> s.SearchLanguagesOut:
    return s.SearchLanguagesOut(languages=[s.SearchLanguageOut(
        code=code, name=INFO[code].name,
        direction=INFO[code].direction) for code in codes])
