"""What the text engine tells about a document: its compilation, collisions, lineage and
attribution. Read only: carrying amendments at publication is server/features/text/publication.

The amendments shown are always those the viewer may see (drafts only to their delegation,
attributed amendments only where the policy lets the viewer see them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.attribution import AttributedSpan, attribute, inserted_words
from server.core.compilation import Compilation, compile_text
from server.core.errors import NotFound
from server.core.languages import ENGLISH_NAMES, LANGUAGES
from server.core.lineage import LineageEntry, lineage
from server.core.policy import Action, Actor, may_view_amendments
from server.core.rebase import (
    AmendmentView,
    Collision,
    collisions,
)
from server.features.amendments.service import amendment_views, visible_to
from server.features.common.access import phase_of, settings_of
from server.features.common.context import Ctx
from server.features.text.service import (
    load_document,
    name_anywhere,
    no_paragraph,
    published_revisions,
    revision_by_sequence,
    revision_names,
    unit_views,
)
from server.features.translations.service import Cell, parallel, source_language
from server.models import (
    Amendment,
    AmendmentApplication,
    Document,
    Process,
    Revision,
    Translation,
    Unit,
)


def _visible_open(ctx: Ctx, process: Process, actor: Actor,
                  document_id: int) -> list[Amendment]:
    """The document's amendments the actor may see (see amendments.visible_to)."""
    return list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id, visible_to(actor, process))
        .order_by(Amendment.id)))


def _actor(ctx: Ctx, document_id: int) -> tuple[Document, Process, Actor]:
    document, viewer = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    return document, viewer.process, viewer.actor


def compilation(ctx: Ctx, document_id: int, sequence: int, *, delegations: set[str] | None,
                clusters: set[str] | None, states: set[AmendmentState] | None
                ) -> tuple[Revision, Compilation]:
    """The revision with every amendment of the document the viewer may see (filtered),
    wherever it was proposed: each anchored on the text it last applied to as of this
    revision, then inlined where it applies, shown with both texts where it conflicts or
    was overtaken, and unplaced when its paragraph is not in the revision."""
    _, process, actor = _actor(ctx, document_id)
    revision = revision_by_sequence(ctx, document_id, sequence)
    units = unit_views(ctx, revision.id)
    views, _ = amendment_views(ctx, _visible_open(ctx, process, actor, document_id),
                               as_of=sequence)
    return revision, compile_text(units, views, delegations=delegations,
                                  clusters=clusters, states=states)


@dataclass(frozen=True)
class CompilationLanguage:
    """The language a compilation is read in: its base text is the revision's version in
    ``language``; the amendments stay in the revision's ``source`` language, as proposed."""

    language: str
    source: str
    #: The languages the revision reads in: its source language first, then each language
    #: with a translated paragraph (made for it or carried forward), in the UN's order.
    available: list[str]
    #: Each unit's translation, by key (none when reading in the source language, nor for
    #: a unit without source text): text, status, out of date, carried from.
    cells: dict[str, Cell]


def compilation_language(ctx: Ctx, revision: Revision,
                         language: str | None) -> CompilationLanguage:
    """``revision``'s language versions (read by someone who may), and its units in
    ``language`` (None: the source language). NotFound, naming the versions there are, when
    the revision has no version in ``language``. A version is a language with a translation
    made for this revision or an earlier one (one query: the parallel view is read only for
    a language other than the source)."""
    source = source_language(ctx, revision)
    held = set(ctx.session.scalars(
        select(Translation.language).distinct()
        .join(Revision, Revision.id == Translation.revision_id)
        .where(Revision.document_id == revision.document_id,
               Revision.sequence <= revision.sequence)))
    available = [source, *(code for code in LANGUAGES if code in held and code != source)]
    wanted = language or source
    if wanted not in available:
        label = revision.label or f"revision {revision.sequence}"
        raise NotFound(f"{label} has no {ENGLISH_NAMES.get(wanted, wanted)} version yet: "
                       f"it reads in {', '.join(ENGLISH_NAMES[c] for c in available)}.",
                       details={"field": "language", "languages": available})
    cells: dict[str, Cell] = {}
    if wanted != source:
        view = parallel(ctx, revision.document_id, revision.sequence, [source, wanted])
        for row in view.rows:
            if (row.cells[source].text or "").strip():
                cells[row.key] = row.cells[wanted]
    return CompilationLanguage(wanted, source, available, cells)


def paragraph_names(ctx: Ctx, document_id: int, revision_id: int,
                    compiled: Compilation) -> dict[str, str]:
    """The names of the paragraphs a compilation lists: as the compiled revision numbers
    them, and for an amendment whose paragraph is not in it, as the latest revision that
    holds the paragraph does."""
    names = revision_names(ctx, revision_id)
    for key in {x.unit for x in compiled.unplaced} - set(names):
        name = name_anywhere(ctx, document_id, key)
        if name is not None:
            names[key] = name
    return names


def document_collisions(ctx: Ctx, document_id: int) -> list[Collision]:
    """Pairs of open amendments (that the viewer may see) touching the same words."""
    _, process, actor = _actor(ctx, document_id)
    views, _ = amendment_views(ctx, _visible_open(ctx, process, actor, document_id))
    return collisions(views)


def revision_lineage(ctx: Ctx, document_id: int, from_sequence: int, to_sequence: int, *,
                     by_identity: bool) -> list[LineageEntry]:
    _actor(ctx, document_id)
    old = unit_views(ctx, revision_by_sequence(ctx, document_id, from_sequence).id)
    new = unit_views(ctx, revision_by_sequence(ctx, document_id, to_sequence).id)
    return lineage(old, new, by_identity=by_identity)


def _reflected_words(ctx: Ctx, document_id: int, sequence_of: dict[int, int]
                     ) -> dict[int, list[AmendmentView]]:
    """For each published revision (by sequence), the amendments it reflects as attribution
    reads them: an amendment applied to the working copy that became the revision by the
    words its application inserted (exact), any other reflected or merged one by its text."""
    applications = list(ctx.session.execute(
        select(AmendmentApplication, Unit.key)
        .join(Unit, Unit.id == AmendmentApplication.unit_id)
        .where(AmendmentApplication.revision_id.in_(list(sequence_of)))
        .order_by(AmendmentApplication.id)))
    applied_ids = {a.amendment_id for a, _ in applications}
    rows = list(ctx.session.scalars(select(Amendment).where(
        Amendment.document_id == document_id,
        (Amendment.id.in_(applied_ids)) | (
            Amendment.state.in_([AmendmentState.REFLECTED.value, AmendmentState.MERGED.value])
            & Amendment.settled_in_revision_id.is_not(None)))))
    views, _ = amendment_views(ctx, rows, anchored=False)
    view_of = {v.id: v for v in views}
    reflected: dict[int, list[AmendmentView]] = {}
    for application, unit_key in applications:
        view = view_of[application.amendment_id]
        for words in inserted_words(application.text_before, application.text_after):
            reflected.setdefault(sequence_of[application.revision_id], []).append(replace(
                view, unit=unit_key, kind=AmendmentKind.CHANGE_WORDS,
                state=AmendmentState.REFLECTED, text=words))
    for row in rows:
        settled = sequence_of.get(row.settled_in_revision_id or -1)
        if settled is not None and row.id not in applied_ids and row.state in (
                AmendmentState.REFLECTED.value, AmendmentState.MERGED.value):
            reflected.setdefault(settled, []).append(view_of[row.id])
    return reflected


def unit_attribution(ctx: Ctx, document_id: int, key: str,
                     sequence: int | None) -> tuple[int, list[AttributedSpan], bool]:
    """Who put each word of unit ``key`` there, as of revision ``sequence`` (default: the
    latest). The third value says whether amendments and proponents may be shown."""
    _, process, actor = _actor(ctx, document_id)
    revisions = published_revisions(ctx, document_id)
    if sequence is not None:
        revisions = [r for r in revisions if r.sequence <= sequence]
    if not revisions or (sequence is not None and revisions[-1].sequence != sequence):
        raise NotFound(f"No published revision {sequence} of document {document_id}.")
    texts: list[tuple[int, str | None]] = []
    for revision in revisions:
        unit = next((u for u in unit_views(ctx, revision.id) if u.key == key), None)
        texts.append((revision.sequence, unit.text if unit else None))
    if texts[-1][1] is None:
        raise no_paragraph(ctx, document_id, key, revisions[-1].label or "this revision")
    sequence_of = {r.id: r.sequence for r in revisions}
    reflected = _reflected_words(ctx, document_id, sequence_of)
    spans = attribute(texts, reflected, unit=key)
    return revisions[-1].sequence, spans, may_view_amendments(
        actor, phase_of(process), settings_of(process))
