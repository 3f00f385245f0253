"""Search in one of the six languages: the paragraphs of the revisions a person may see as
they read in that language (a revision's language version, the working copy's translations),
found in any script.

A revision reads in a language as the translations service reads it: its own translation of
a paragraph or, failing that, the latest earlier revision's (carried forward, or out of date
when the source changed since). A revision negotiated in that language reads as its own text.

Translations are few enough per process (a few thousand paragraphs per language at most) to
be matched in Python, after one query that selects only that process's rows of that language:
no index covers six scripts well (Chinese has no spaces between words; Arabic carries harakat
and tatweel the indexes keep), and script_form() and ScriptMatcher do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select

from server.core.languages import LANGUAGES
from server.features.common.context import Ctx
from server.features.search.query import ScriptMatcher, script_form
from server.features.translations.service import source_language
from server.models import Document, Revision, RevisionUnit, Translation, Unit


@dataclass(frozen=True)
class LanguageMatch:
    """A paragraph of a revision whose text in the language holds every term."""

    revision: Revision
    #: The paragraph's row in its revision (a hit's id, as for the source text).
    row_id: int
    unit_key: str
    position: int
    #: The paragraph's text in the language (a section's heading).
    text: str
    #: False: the revision's own text; True: a translation.
    translated: bool
    #: The translation no longer matches the source text it was made from.
    out_of_date: bool


def _source_of(kind: str, heading: str | None, text: str) -> str:
    """What a translation of the unit translates (translations.service.source_of's rule)."""
    return (heading or "") if kind == "section" else text


def find(ctx: Ctx, process_id: int, shown: ColumnElement[bool], language: str,
         matcher: ScriptMatcher) -> list[LanguageMatch]:
    """The paragraphs of the revisions ``shown`` selects whose ``language`` text holds every
    term: the working copy first, then the newest revision, in document order."""
    revisions = list(ctx.session.scalars(select(Revision).where(shown)))
    sources = {r.id: source_language(ctx, r) for r in revisions}
    own = [r for r in revisions if sources[r.id] == language]
    translated = [r for r in revisions if sources[r.id] != language]
    formed: dict[str, str] = {}

    def holds(text: str) -> bool:
        if text not in formed:
            formed[text] = script_form(text)
        return matcher.matches(formed[text])

    found: list[LanguageMatch] = []
    by_id = {r.id: r for r in revisions}
    if own:
        for row_id, revision_id, key, position, heading, text in ctx.session.execute(
                select(RevisionUnit.id, RevisionUnit.revision_id, Unit.key,
                       RevisionUnit.position, RevisionUnit.heading, RevisionUnit.text)
                .join(Unit, Unit.id == RevisionUnit.unit_id)
                .where(RevisionUnit.revision_id.in_([r.id for r in own]))):
            matched = text if holds(text) else heading if heading and holds(heading) else None
            if matched is not None:
                found.append(LanguageMatch(by_id[revision_id], row_id, key, position, matched,
                                           translated=False, out_of_date=False))
    if translated:
        found += _translated(ctx, process_id, translated, language, holds)
    found.sort(key=lambda m: (m.revision.published_at is not None, -m.revision.sequence,
                              m.position, m.row_id))
    return found


def _translated(ctx: Ctx, process_id: int, revisions: list[Revision], language: str,
                holds: Callable[[str], bool]) -> list[LanguageMatch]:
    # The one query over translations: this process's rows in this language, each with the
    # revision (of which document, which sequence) it was made for.
    made: dict[tuple[int, int], list[tuple[int, int, str, str]]] = {}
    matched: set[int] = set()
    for tid, unit_id, text, source_text, document_id, sequence in ctx.session.execute(
            select(Translation.id, Translation.unit_id, Translation.text,
                   Translation.source_text, Revision.document_id, Revision.sequence)
            .join(Revision, Revision.id == Translation.revision_id)
            .join(Document, Document.id == Revision.document_id)
            .where(Document.process_id == process_id, Translation.language == language)):
        made.setdefault((document_id, unit_id), []).append((sequence, tid, text, source_text))
        if text and holds(text):
            matched.add(tid)
    if not matched:
        return []
    for held in made.values():
        held.sort(reverse=True)
    units = {unit_id for (_, unit_id), held in made.items()
             if any(tid in matched for _, tid, _, _ in held)}
    by_id = {r.id: r for r in revisions}
    found: list[LanguageMatch] = []
    for row_id, revision_id, unit_id, key, position, kind, heading, text in ctx.session.execute(
            select(RevisionUnit.id, RevisionUnit.revision_id, RevisionUnit.unit_id, Unit.key,
                   RevisionUnit.position, RevisionUnit.kind, RevisionUnit.heading,
                   RevisionUnit.text)
            .join(Unit, Unit.id == RevisionUnit.unit_id)
            .where(RevisionUnit.revision_id.in_(list(by_id)),
                   RevisionUnit.unit_id.in_(units))):
        revision = by_id[revision_id]
        # The translation this revision reads: its own, else the latest earlier one.
        latest = next((t for t in made.get((revision.document_id, unit_id), [])
                       if t[0] <= revision.sequence), None)
        if latest is None or latest[1] not in matched:
            continue
        _, _, translation, source_text = latest
        found.append(LanguageMatch(revision, row_id, key, position, translation,
                                   translated=True,
                                   out_of_date=source_text != _source_of(kind, heading, text)))
    return found


def available(ctx: Ctx, shown: ColumnElement[bool]) -> list[str]:
    """The languages the revisions ``shown`` selects can be read in, in the UN's order: their
    source languages and those they hold translations into (carried ones are an earlier
    shown revision's, so counted there)."""
    revisions = list(ctx.session.scalars(select(Revision).where(shown)))
    found = {source_language(ctx, r) for r in revisions}
    if revisions:
        found.update(ctx.session.scalars(select(Translation.language).distinct().where(
            Translation.revision_id.in_([r.id for r in revisions]))))
    return [code for code in LANGUAGES if code in found]
