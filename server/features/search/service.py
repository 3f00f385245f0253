"""Finding words across a process: its revisions' paragraphs (every revision, and the working
copy where the person may see it), amendments, consultation inputs and summaries, ranked, with
what the person may see only; and how many amendments each paragraph of a revision carries.

The indexes are migration 0012's: FTS5 tables on SQLite (bm25 ranks), GIN expression indexes
on PostgreSQL (ts_rank). Visibility is the other features' own: amendments through
``amendments.service.visible_to``, the working copy through ``policy.may_view_working_copy``,
revisions and inputs through the policy's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import quote

from sqlalchemy import (
    ColumnElement,
    Select,
    case,
    column,
    false,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError

from server.core.amendments import OPEN_STATES, AmendmentState
from server.core.errors import Invalid, NotFound
from server.core.languages import LANGUAGES
from server.core.policy import Action, can, may_view_working_copy
from server.core.text import revision_label
from server.features.amendments.service import visible_to
from server.features.common.access import Viewer, viewer_in
from server.features.common.context import Ctx
from server.features.search import languages as in_language
from server.features.search.query import (
    SearchQuery,
    SnippetPart,
    matched_ranges,
    parse,
    script_matcher,
    snippet,
)
from server.features.text.service import (
    latest_published,
    load_document,
    revision_by_sequence,
    revision_names,
)
from server.features.translations.service import source_language
from server.models import (
    Amendment,
    Cluster,
    Delegation,
    Document,
    Input,
    Revision,
    RevisionUnit,
    Summary,
    Unit,
)

#: The kinds of hits, in the order they are listed.
KINDS: Final = ("paragraph", "amendment", "input", "summary")

#: What each kind searches, as migration 0012 indexed it: (table, FTS5 table, PostgreSQL
#: document expression). The PostgreSQL expressions are the indexes' own, column for column.
_INDEXED: Final = {
    "paragraph": ("revision_units", "coalesce(revision_units.heading, '') || ' ' || "
                                    "revision_units.text"),
    "amendment": ("amendments", "coalesce(amendments.text, '') || ' ' || "
                                "amendments.justification"),
    "input": ("inputs", "inputs.title || ' ' || inputs.body"),
    "summary": ("summaries", "summaries.title || ' ' || summaries.body"),
}
#: How many of a search's paragraphs in their own language the index ranks at most.
_RANKED: Final = 10_000
_ID: Final = {"paragraph": RevisionUnit.id, "amendment": Amendment.id, "input": Input.id,
              "summary": Summary.id}


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    snippet: list[SnippetPart]
    cut_before: bool
    cut_after: bool
    #: Where the browser shows it (a screen of client/app.js).
    href: str
    document_id: int | None = None
    revision: int | None = None
    revision_label: str | None = None
    unit: str | None = None
    unit_name: str | None = None
    delegation: str | None = None
    state: str | None = None
    cluster: str | None = None
    #: The language searched in (None: the text's own).
    language: str | None = None
    #: The translation found no longer matches its source text.
    out_of_date: bool | None = None


@dataclass(frozen=True)
class HitGroup:
    kind: str
    count: int
    offset: int
    hits: list[Hit]

    @property
    def next_offset(self) -> int | None:
        after = self.offset + len(self.hits)
        return after if after < self.count else None


@dataclass(frozen=True)
class SearchResult:
    q: str
    groups: list[HitGroup] = field(default_factory=list)
    #: The language searched in (None: the texts' own).
    language: str | None = None

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)


def search(ctx: Ctx, process_id: int, q: str, *, kind: str | None = None,
           revision: int | None = None, offset: int = 0, limit: int = 10,
           language: str | None = None) -> SearchResult:
    """The hits for ``q`` the person may see, grouped by kind, best first; each group
    paginated by ``offset``/``limit`` (``offset`` only with one ``kind``). ``revision`` keeps
    paragraphs of that published revision (by sequence) only. ``language`` searches the
    paragraphs as they read in that language instead (:func:`search_in_language`)."""
    viewer = viewer_in(ctx, process_id)
    if language is not None:
        return search_in_language(ctx, viewer, q, language, kind=kind, revision=revision,
                                  offset=offset, limit=limit)
    query = parse(q)
    if offset and kind is None:
        raise Invalid("Name the kind of hits to page through (kind=paragraph...).",
                      details={"field": "offset"})
    result = SearchResult(q)
    for each in KINDS if kind is None else (kind,):
        scope = _scope(ctx, viewer, each, revision)
        if scope is None:
            continue
        count, rows = _matches(ctx, each, query, scope, offset, limit)
        result.groups.append(HitGroup(each, count, offset,
                                      _hits(ctx, viewer, each, query, rows)))
    return result


def search_in_language(ctx: Ctx, viewer: Viewer, q: str, language: str, *,
                       kind: str | None, revision: int | None, offset: int, limit: int
                       ) -> SearchResult:
    """The paragraphs, in the revisions the person may see (as :func:`search` decides),
    whose text in ``language`` holds every term, in any script (fold_script, ScriptMatcher):
    those in their revision's own language ranked as :func:`search` ranks them, then the
    working copy first, the newest revision, in document order. Amendments, inputs and
    summaries have no language versions: only paragraphs are listed."""
    if language not in LANGUAGES:
        raise Invalid(f"The language is one of {', '.join(LANGUAGES)}.",
                      details={"field": "language"})
    if kind not in (None, "paragraph"):
        raise Invalid("Only paragraphs have language versions: search them (kind=paragraph) "
                      "or search without a language.", details={"field": "kind"})
    matcher = script_matcher(q)
    result = SearchResult(q, language=language)
    shown = shown_revisions(ctx, viewer, revision)
    if shown is None:
        return result
    found = _ranked_as_indexed(ctx, q, in_language.find(ctx, viewer.process.id, shown,
                                                        language, matcher))
    page = found[offset:offset + limit]
    names: dict[int, dict[str, str]] = {}
    sources: dict[int, str] = {}
    hits = []
    pid = viewer.process.id
    for match in page:
        revision_row = match.revision
        if revision_row.id not in names:
            names[revision_row.id] = revision_names(ctx, revision_row.id)
            sources[revision_row.id] = source_language(ctx, revision_row)
        name = names[revision_row.id].get(match.unit_key, "a paragraph")
        label = _label(revision_row)
        parts, before, after = snippet(match.text, None, ranges=matcher.ranges(match.text))
        working = revision_row.published_at is None
        doc = revision_row.document_id
        source = sources[revision_row.id]
        if not match.translated:
            href = (f"#/p/{pid}/working/{doc}" if working else
                    f"#/p/{pid}/text/{doc}/{revision_row.sequence}?unit={match.unit_key}")
        else:
            href = (f"#/p/{pid}/translations/{doc}/working?lang={language}" if working else
                    f"#/p/{pid}/parallel/{doc}/{revision_row.sequence}"
                    f"?langs={source},{language}&unit={quote(match.unit_key, safe='')}")
        hits.append(Hit("paragraph", match.row_id, f"{label}, {name}", parts, before, after,
                        href, document_id=doc,
                        revision=None if working else revision_row.sequence,
                        revision_label=label, unit=match.unit_key, unit_name=name,
                        language=language, out_of_date=match.out_of_date))
    result.groups.append(HitGroup("paragraph", len(found), offset, hits))
    return result


def _ranked_as_indexed(ctx: Ctx, q: str, found: list[in_language.LanguageMatch]
                       ) -> list[in_language.LanguageMatch]:
    """``found`` with the paragraphs found in their revision's own text (the language searched
    is the text's own) in the order the search without a language lists them (the index's
    rank, then the newest revision, then document order), first; the others (found only as
    the language matches words, harakat or proclitics, and translations) after them, as
    in_language.find ordered them."""
    own = {m.revision.id for m in found if not m.translated}
    if not own:
        return found
    scope = select(RevisionUnit.id).where(RevisionUnit.revision_id.in_(own))
    try:
        _, ranked = _matches(ctx, "paragraph", parse(q), scope, 0, _RANKED)
    except Invalid:
        return found  # the index cannot read it: find's order stands
    place = {row_id: at for at, row_id in enumerate(ranked)}
    return sorted(found, key=lambda m: place.get(m.row_id, len(place)) if not m.translated
                  else len(place))


def search_languages(ctx: Ctx, process_id: int) -> list[str]:
    """The languages the person can search the revisions they may see in (their source
    languages and those they hold translations into), in the UN's order."""
    viewer = viewer_in(ctx, process_id)
    shown = shown_revisions(ctx, viewer, None)
    return [] if shown is None else in_language.available(ctx, shown)


def _scope(ctx: Ctx, viewer: Viewer, kind: str, revision: int | None
           ) -> Select[Any] | None:
    """The rows of ``kind`` the person may see in this process (None: none at all)."""
    actor, process = viewer.actor, viewer.process
    if kind == "paragraph":
        shown = shown_revisions(ctx, viewer, revision)
        if shown is None:
            return None
        return select(RevisionUnit.id).join(Revision, Revision.id == RevisionUnit.revision_id)\
            .where(shown)
    if kind == "amendment":
        return select(Amendment.id).where(Amendment.process_id == process.id,
                                          visible_to(actor, process))
    if not can(actor.role, Action.VIEW_INPUTS, viewer.phase):
        return None
    model = Input if kind == "input" else Summary
    return select(model.id).where(model.process_id == process.id)


def shown_revisions(ctx: Ctx, viewer: Viewer, revision: int | None
                    ) -> ColumnElement[bool] | None:
    """The revisions of this process whose paragraphs (and language versions) the person may
    see: every published one, the working copy where policy lets them see it; ``revision``
    keeps that published one only. None: no revision at all."""
    actor, process = viewer.actor, viewer.process
    if not can(actor.role, Action.VIEW_REVISIONS, viewer.phase):
        return None
    documents = list(ctx.session.scalars(select(Document).where(
        Document.process_id == process.id)))
    working_visible = [d.id for d in documents if may_view_working_copy(
        actor, viewer.phase, shared=d.working_copy_shared)]
    shown: ColumnElement[bool] = Revision.published_at.is_not(None)
    if working_visible and revision is None:
        shown = shown | Revision.document_id.in_(working_visible)
    shown = (Revision.document_id.in_([d.id for d in documents]) if documents
             else false()) & shown
    if revision is not None:
        shown = shown & (Revision.sequence == revision)
    return shown


def _matches(ctx: Ctx, kind: str, query: SearchQuery, scope: Select[Any], offset: int,
             limit: int) -> tuple[int, list[int]]:
    """How many rows of ``scope`` match, and the ids of the page asked for, best first."""
    name, document = _INDEXED[kind]
    row_id = _ID[kind]
    if ctx.session.get_bind().dialect.name == "sqlite":
        fts = table(f"{name}_fts", column("rowid"), column("rank"))
        matched = select(fts.c.rowid.label("id"), fts.c.rank.label("rank")).where(
            sql_text(f"{name}_fts MATCH :match").bindparams(match=query.fts5())).subquery()
        order: list[Any] = [matched.c.rank]
    else:
        config: ColumnElement[Any] = literal_column("'accord_search'::regconfig")
        vector = func.to_tsvector(config, literal_column(document))
        tsquery: ColumnElement[Any] | None = None
        for words, typed in query.tsquery_terms():
            term: ColumnElement[Any] = func.to_tsquery(config, words)
            if typed is not None:
                term = term.op("||")(func.phraseto_tsquery(config, typed))
            tsquery = term if tsquery is None else tsquery.op("&&")(term)
        assert tsquery is not None  # parse() never answers without a term
        matched = select(row_id.label("id"), func.ts_rank(vector, tsquery).label("rank"))\
            .where(vector.op("@@")(tsquery)).subquery()
        order = [matched.c.rank.desc()]
    visible = scope.subquery()
    ranked = select(matched.c.id).join(visible, visible.c.id == matched.c.id)
    if kind == "paragraph":
        # The same words in several revisions: the newest first.
        ranked = ranked.join(RevisionUnit, RevisionUnit.id == matched.c.id).join(
            Revision, Revision.id == RevisionUnit.revision_id)
        order += [Revision.published_at.is_(None).desc(), Revision.sequence.desc(),
                  RevisionUnit.position]
    order.append(matched.c.id)
    try:
        count = ctx.session.scalar(select(func.count()).select_from(ranked.subquery())) or 0
        ids = list(ctx.session.scalars(ranked.order_by(*order).offset(offset).limit(limit)))
    except DBAPIError as error:
        # The query is built from quoted words only; a database that still refuses it says
        # so as a 422, never a 500.
        raise Invalid("This search cannot be run; search for words, \"phrases\" or "
                      "prefixes (migra*).", details={"field": "q"}) from error
    return count, ids


def _hits(ctx: Ctx, viewer: Viewer, kind: str, query: SearchQuery,
          ids: Sequence[int]) -> list[Hit]:
    if not ids:
        return []
    pid = viewer.process.id
    if kind == "paragraph":
        return _paragraph_hits(ctx, pid, query, ids)
    if kind == "amendment":
        return _amendment_hits(ctx, pid, query, ids)
    return _consultation_hits(ctx, pid, kind, query, ids)


def _label(revision: Revision) -> str:
    if revision.published_at is None:
        return "Working copy"
    return revision.label or revision_label(revision.sequence)


def _paragraph_hits(ctx: Ctx, pid: int, query: SearchQuery, ids: Sequence[int]) -> list[Hit]:
    rows = {row.id: (row, revision, key) for row, revision, key in ctx.session.execute(
        select(RevisionUnit, Revision, Unit.key)
        .join(Revision, Revision.id == RevisionUnit.revision_id)
        .join(Unit, Unit.id == RevisionUnit.unit_id).where(RevisionUnit.id.in_(ids)))}
    names: dict[int, dict[str, str]] = {}
    hits = []
    for row_id in ids:
        row, revision, key = rows[row_id]
        if revision.id not in names:
            names[revision.id] = revision_names(ctx, revision.id)
        name = names[revision.id].get(key, "a paragraph")
        label = _label(revision)
        text = row.text if matched_ranges(row.text, query) or not row.heading else row.heading
        parts, before, after = snippet(text, query)
        working = revision.published_at is None
        href = (f"#/p/{pid}/working/{revision.document_id}" if working else
                f"#/p/{pid}/text/{revision.document_id}/{revision.sequence}?unit={key}")
        hits.append(Hit("paragraph", row_id, f"{label}, {name}", parts, before, after, href,
                        document_id=revision.document_id,
                        revision=None if working else revision.sequence,
                        revision_label=label, unit=key, unit_name=name))
    return hits


def _amendment_hits(ctx: Ctx, pid: int, query: SearchQuery, ids: Sequence[int]) -> list[Hit]:
    rows = {a.id: (a, revision, key, delegation) for a, revision, key, delegation in
            ctx.session.execute(
                select(Amendment, Revision, Unit.key, Delegation.name)
                .join(Revision, Revision.id == Amendment.revision_id)
                .join(Unit, Unit.id == Amendment.unit_id)
                .join(Delegation, Delegation.id == Amendment.delegation_id)
                .where(Amendment.id.in_(ids)))}
    names: dict[int, dict[str, str]] = {}
    hits = []
    for amendment_id, (amendment, revision, key, delegation) in (
            (i, rows[i]) for i in ids):
        if revision.id not in names:
            names[revision.id] = revision_names(ctx, revision.id)
        name = names[revision.id].get(key, "a paragraph")
        label = _label(revision)
        proposed = amendment.text or ""
        text = proposed if matched_ranges(proposed, query) or not amendment.justification \
            else amendment.justification
        parts, before, after = snippet(text, query)
        hits.append(Hit(
            "amendment", amendment_id, f"{delegation}: {_what(amendment.kind, name)} ({label})",
            parts,
            before, after,
            f"#/p/{pid}/text/{revision.document_id}/{revision.sequence}?unit={key}",
            document_id=revision.document_id, revision=revision.sequence,
            revision_label=label, unit=key, unit_name=name, delegation=delegation,
            state=amendment.state))
    return hits


def _what(kind: str, name: str) -> str:
    """An amendment as the room names it: a new paragraph is proposed after the one it
    follows; every other kind changes (or retains, or reserves on) its paragraph."""
    return f"new paragraph after {name}" if kind == "add_unit" else f"amendment to {name}"


def _consultation_hits(ctx: Ctx, pid: int, kind: str, query: SearchQuery,
                       ids: Sequence[int]) -> list[Hit]:
    clusters = {cid: (key, name) for cid, key, name in ctx.session.execute(
        select(Cluster.id, Cluster.key, Cluster.name).where(Cluster.process_id == pid))}
    delegations = dict(ctx.session.execute(select(Delegation.id, Delegation.name).where(
        Delegation.process_id == pid)).all())
    rows: dict[int, Input | Summary] = {}
    if kind == "input":
        rows.update((r.id, r) for r in ctx.session.scalars(select(Input).where(
            Input.id.in_(ids))))
    else:
        rows.update((r.id, r) for r in ctx.session.scalars(select(Summary).where(
            Summary.id.in_(ids))))
    hits = []
    for row_id in ids:
        row = rows[row_id]
        cluster = clusters.get(row.cluster_id) if row.cluster_id is not None else None
        text = row.body if matched_ranges(row.body, query) else row.title
        parts, before, after = snippet(text, query)
        delegation = None
        if isinstance(row, Input) and row.delegation_id is not None:
            delegation = delegations.get(row.delegation_id)
        href = f"#/p/{pid}/consultation" + (f"?cluster={cluster[0]}" if cluster else "")
        hits.append(Hit(kind, row_id, row.title, parts, before, after, href,
                        delegation=delegation, cluster=cluster[1] if cluster else None))
    return hits


# ---- amendment counts on a text -------------------------------------------------------------


@dataclass(frozen=True)
class UnitCount:
    unit: str
    #: Amendments to it the person may see, withdrawn ones left out.
    amendments: int
    #: Of those, the ones still open (drafts and submitted).
    open: int


@dataclass(frozen=True)
class AmendmentCounts:
    document_id: int
    #: The published revision counted (by sequence); None: the working copy.
    revision: int | None
    units: list[UnitCount]


def amendment_counts(ctx: Ctx, document_id: int, revision: int | None) -> AmendmentCounts:
    """How many amendments each paragraph carries, as the person may see them: for a
    published revision, those made against it; for the working copy (``revision`` None),
    those made against the latest published revision, which it will replace."""
    document, viewer = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    if revision is not None:
        against = revision_by_sequence(ctx, document.id, revision)
    else:
        found = latest_published(ctx, document.id)
        if found is None:
            raise NotFound(f"Document {document_id} has no published revision yet.")
        against = found
    withdrawn = AmendmentState.WITHDRAWN.value
    open_states = [s.value for s in OPEN_STATES]
    rows = ctx.session.execute(
        select(Unit.key, func.count(),
               func.sum(case((Amendment.state.in_(open_states), 1), else_=0)))
        .join(Unit, Unit.id == Amendment.unit_id)
        .where(Amendment.document_id == document.id, Amendment.revision_id == against.id,
               Amendment.state != withdrawn, visible_to(viewer.actor, viewer.process))
        .group_by(Unit.key).order_by(Unit.key))
    return AmendmentCounts(document.id, revision, [
        UnitCount(key, total, int(open_ or 0)) for key, total, open_ in rows])
