"""Language versions of a revision: importing a translated file aligned to the source,
entering or correcting a paragraph's translation, and reading them side by side.

Out of date is computed when read, never stored: a translation records the source text it
translates; it is current while the unit's text (a section's heading) is still that text. A
revision with no translation of its own for a unit reads the latest earlier one, carried
forward when the source did not change, out of date (with the diff) when it did.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy import select

import server.features.history.service as history
from server.core import alignment
from server.core.diff import Span, word_diff
from server.core.errors import Invalid, NotFound
from server.core.events import EventType
from server.core.languages import (
    DEFAULT_SOURCE,
    ENGLISH_NAMES,
    INFO,
    LANGUAGES,
    article_label,
    paragraph_label,
)
from server.core.naming import NameParts, english, unit_name_parts, unit_names
from server.core.policy import (
    Action,
    TranslationAction,
    authorize,
    require_working_copy_view,
    translation_actions,
)
from server.core.text import UnitKind, UnitView
from server.features.common.access import Viewer
from server.features.common.context import Ctx
from server.features.files import worker as import_worker
from server.features.files.worker import ImportLimits
from server.features.text.service import (
    load_document,
    revision_by_sequence,
    unit_ids,
    unit_views,
    working_revision,
)
from server.models import Document, Revision, RevisionLanguage, Translation

#: Largest translated text file read (the JSON body's limit allows about 1.1 MB decoded).
MAX_TEXT_BYTES = 2_000_000


@dataclass(frozen=True)
class Cell:
    """One unit in one language."""

    language: str
    text: str | None
    #: source | imported | entered | carried | missing
    status: str
    out_of_date: bool = False
    #: The number as this language prints it (第四条, 一、, Article premier).
    number: str | None = None
    #: The revision (sequence) the translation was made for, when not this one.
    carried_from: int | None = None


@dataclass(frozen=True)
class Row:
    key: str
    name: str
    kind: str
    number: str | None
    depth: int
    cells: dict[str, Cell]
    #: ``name`` as its parts, for the reader's language (core.naming.unit_name_parts).
    name_parts: NameParts | None = None


@dataclass(frozen=True)
class Counts:
    language: str
    translated: int
    out_of_date: int
    missing: int


@dataclass(frozen=True)
class Parallel:
    revision: Revision
    source_language: str
    languages: list[str]
    rows: list[Row]
    counts: list[Counts]
    actions: list[TranslationAction] = field(default_factory=list)


@dataclass(frozen=True)
class Stale:
    key: str
    name: str
    translated: str
    #: The source text's change since the translated version.
    diff: list[Span]
    carried_from: int | None


@dataclass(frozen=True)
class ImportReport:
    language: str
    aligned: int
    total: int
    articles: int
    articles_aligned: int
    numbered: int
    numbered_aligned: int
    #: Source units no paragraph of the file translates, by name.
    missing: list[str]
    #: Pieces of the file that match no source unit: (their number as printed, their text).
    extra: list[tuple[str, str]]
    saved: bool


# ---- loading -------------------------------------------------------------------------------


def _process_id(ctx: Ctx, document_id: int) -> int:
    document = ctx.session.get(Document, document_id)
    assert document is not None  # loaded by _revision already
    return document.process_id


def _revision(ctx: Ctx, document_id: int, sequence: int | None,
              action: Action) -> tuple[Revision, Viewer]:
    document, viewer = load_document(ctx, document_id, Action.VIEW_REVISIONS)
    if sequence is None:
        require_working_copy_view(viewer.actor, viewer.phase,
                                  shared=document.working_copy_shared)
        revision = working_revision(ctx, document_id)
    else:
        revision = revision_by_sequence(ctx, document_id, sequence)
    if action is not Action.VIEW_REVISIONS:
        authorize(viewer.actor, action, viewer.phase)
    return revision, viewer


def source_language(ctx: Ctx, revision: Revision) -> str:
    """The language ``revision`` was negotiated in: as set for it, else as set for the latest
    earlier revision of its document (a publication keeps the working copy's), else English."""
    found = ctx.session.scalars(
        select(RevisionLanguage.source_language)
        .join(Revision, Revision.id == RevisionLanguage.revision_id)
        .where(Revision.document_id == revision.document_id,
               Revision.sequence <= revision.sequence)
        .order_by(Revision.sequence.desc()).limit(1)).first()
    return found if found is not None else DEFAULT_SOURCE


def source_of(unit: UnitView) -> str:
    """The source text a translation of ``unit`` translates: a section's heading, else the
    unit's text."""
    return (unit.heading or "") if unit.kind is UnitKind.SECTION else unit.text


def _check_language(language: str, source: str) -> None:
    if language not in LANGUAGES:
        raise Invalid(f"The language is one of {', '.join(LANGUAGES)}.",
                      details={"field": "language"})
    if language == source:
        raise Invalid("That is the revision's source language: its text is the revision's.",
                      details={"field": "language"})


def _latest(ctx: Ctx, revision: Revision, languages: list[str]
            ) -> dict[tuple[int, str], tuple[Translation, int]]:
    """For each (unit id, language), the translation made for this revision or, failing that,
    for the latest earlier one, with that revision's sequence."""
    rows = ctx.session.execute(
        select(Translation, Revision.sequence)
        .join(Revision, Revision.id == Translation.revision_id)
        .where(Revision.document_id == revision.document_id,
               Revision.sequence <= revision.sequence,
               Translation.language.in_(languages))
        .order_by(Revision.sequence.desc()))
    found: dict[tuple[int, str], tuple[Translation, int]] = {}
    for translation, sequence in rows:
        found.setdefault((translation.unit_id, translation.language), (translation, sequence))
    return found


def _depths(units: list[UnitView]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for unit in units:
        depth[unit.key] = depth[unit.parent] + 1 if unit.parent in depth else 0
    return depth


def _number_in(language: str, unit: UnitView) -> str | None:
    number = unit.number
    if number and number.isdigit():
        if unit.kind is UnitKind.SECTION and (unit.heading or "").lower().startswith(
                ("article", "art")):
            return article_label(language, int(number))
        if unit.kind is UnitKind.PARAGRAPH:
            return paragraph_label(language, int(number))
    return number


def parallel(ctx: Ctx, document_id: int, sequence: int | None,
             languages: list[str]) -> Parallel:
    """The revision (``sequence``; None: the working copy) in ``languages`` side by side."""
    revision, viewer = _revision(ctx, document_id, sequence, Action.VIEW_REVISIONS)
    source = source_language(ctx, revision)
    wanted = list(dict.fromkeys(languages)) or [source]
    for language in wanted:
        if language not in LANGUAGES:
            raise Invalid(f"The languages are among {', '.join(LANGUAGES)}.",
                          details={"field": "langs"})
    units = unit_views(ctx, revision.id)
    ids = unit_ids(ctx, document_id)
    parts = unit_name_parts(units)
    depths = _depths(units)
    others = [lang for lang in wanted if lang != source]
    latest = _latest(ctx, revision, others)
    tally = {lang: [0, 0, 0] for lang in others}
    rows: list[Row] = []
    for unit in units:
        cells: dict[str, Cell] = {}
        current = source_of(unit)
        for language in wanted:
            number = _number_in(language, unit)
            if language == source:
                cells[language] = Cell(language, current, "source", number=_number_in(
                    language, unit))
                continue
            held = latest.get((ids[unit.key], language))
            if held is None:
                if current.strip():
                    tally[language][2] += 1
                cells[language] = Cell(language, None, "missing", number=number)
                continue
            translation, made_for = held
            stale = translation.source_text != current
            own = translation.revision_id == revision.id
            status = translation.status if own else ("carried" if not stale else
                                                     translation.status)
            tally[language][0] += 1
            if stale:
                tally[language][1] += 1
            cells[language] = Cell(language, translation.text, status, stale, number,
                                   None if own else made_for)
        rows.append(Row(unit.key, english(parts[unit.key]), unit.kind.value, unit.number,
                        depths[unit.key], cells, parts[unit.key]))
    return Parallel(revision, source, wanted, rows,
                    [Counts(lang, *tally[lang]) for lang in others],
                    translation_actions(viewer.actor, viewer.phase))


def out_of_date(ctx: Ctx, document_id: int, sequence: int | None, language: str) -> list[Stale]:
    """The units whose ``language`` translation no longer matches their source text, with
    the source's change since the translated version."""
    revision, _ = _revision(ctx, document_id, sequence, Action.VIEW_REVISIONS)
    _check_language(language, source_language(ctx, revision))
    units = unit_views(ctx, revision.id)
    ids = unit_ids(ctx, document_id)
    names = unit_names(units)
    latest = _latest(ctx, revision, [language])
    found: list[Stale] = []
    for unit in units:
        held = latest.get((ids[unit.key], language))
        if held is None or held[0].source_text == source_of(unit):
            continue
        translation, made_for = held
        found.append(Stale(unit.key, names.get(unit.key, ""), translation.text,
                           word_diff(translation.source_text, source_of(unit)),
                           None if translation.revision_id == revision.id else made_for))
    return found


# ---- writing -------------------------------------------------------------------------------


def _store(ctx: Ctx, revision: Revision, unit_id: int, language: str, text: str,
           source_text: str, status: str) -> None:
    row = ctx.session.scalars(select(Translation).where(
        Translation.revision_id == revision.id, Translation.unit_id == unit_id,
        Translation.language == language)).first()
    user = ctx.require_user()
    if row is None:
        ctx.session.add(Translation(revision_id=revision.id, unit_id=unit_id, language=language,
                                    text=text, source_text=source_text, status=status,
                                    updated_by_id=user.id, updated_at=ctx.now()))
    else:
        row.text, row.source_text, row.status = text, source_text, status
        row.updated_by_id, row.updated_at = user.id, ctx.now()


def enter(ctx: Ctx, document_id: int, sequence: int | None, language: str, key: str,
          text: str) -> Parallel:
    """Enter or correct the ``language`` translation of unit ``key``: it translates the
    unit's source text as it stands now."""
    revision, _ = _revision(ctx, document_id, sequence, Action.EDIT_TRANSLATIONS)
    source = source_language(ctx, revision)
    _check_language(language, source)
    units = unit_views(ctx, revision.id)
    unit = next((u for u in units if u.key == key), None)
    if unit is None:
        raise NotFound(f"No paragraph {key} in this revision.")
    _store(ctx, revision, unit_ids(ctx, document_id)[key], language, text, source_of(unit),
           "entered")
    history.record(ctx, history.process_stream(_process_id(ctx, document_id)),
                   EventType.TRANSLATION_ENTERED, f"unit:{document_id}:{key}",
                   {"document": document_id, "revision": revision.id, "language": language,
                    "unit": key, "paragraph": unit_names(units).get(key, key),
                    "text": text})
    ctx.session.flush()
    answer = parallel(ctx, document_id, sequence, [source, language])
    ctx.commit()
    return answer


def set_source_language(ctx: Ctx, document_id: int, sequence: int | None,
                        language: str) -> Parallel:
    """Set the language ``sequence`` (None: the working copy) was negotiated in. Refused
    while the revision holds translations into that language (they would be its text)."""
    revision, _ = _revision(ctx, document_id, sequence, Action.EDIT_TRANSLATIONS)
    if language not in LANGUAGES:
        raise Invalid(f"The language is one of {', '.join(LANGUAGES)}.",
                      details={"field": "language"})
    before = source_language(ctx, revision)
    if language != before:
        held = ctx.session.scalars(select(Translation.id).where(
            Translation.revision_id == revision.id, Translation.language == language)).first()
        if held is not None:
            raise Invalid("This revision has translations into that language: it cannot be "
                          "its source language too.", details={"field": "language"})
        row = ctx.session.get(RevisionLanguage, revision.id)
        if row is None:
            ctx.session.add(RevisionLanguage(revision_id=revision.id, source_language=language))
        else:
            row.source_language = language
        history.record(ctx, history.process_stream(_process_id(ctx, document_id)),
                       EventType.SOURCE_LANGUAGE_SET, f"document:{document_id}",
                       {"document": document_id, "revision": revision.id,
                        "label": revision.label if sequence is not None and revision.label
                        else ("the working copy" if sequence is None
                              else f"revision {sequence}"),
                        "language": language, "language_name": ENGLISH_NAMES[language],
                        "before": before})
        ctx.session.flush()
    answer = parallel(ctx, document_id, sequence, [language])
    ctx.commit()
    return answer


def _file_text(content: bytes, fmt: str, limits: ImportLimits | None) -> str:
    """The translated file's text, one block a line: a text file as it is; a PDF or DOCX read
    by the import worker (untrusted, within the limits), its units' numbers, headings and
    text written back as lines for the language-aware alignment to cut again."""
    if fmt == "text":
        if len(content) > MAX_TEXT_BYTES:
            raise Invalid("The text is too long.", details={"field": "content_base64"})
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Invalid("The text is not UTF-8.", details={"field": "content_base64"}) from None
    lines: list[str] = []
    # The import worker itself (as files.service.parse_file does), not files.service: that
    # imports the comparison, which imports this module for comparisons in a language.
    for unit in import_worker.parse(content, fmt, limits or ImportLimits()).units:
        if unit.heading:
            lines.append(unit.heading)
        text = unit.text
        if unit.number and unit.kind is not UnitKind.SECTION:
            marker = f"{unit.number}." if unit.number.isdigit() else f"{unit.number}"
            text = f"{marker} {text}"
        elif unit.number and unit.kind is UnitKind.SECTION and not unit.heading:
            lines.append(unit.number)
        lines.extend(text.splitlines())
    return "\n".join(lines)


def import_file(ctx: Ctx, document_id: int, sequence: int | None, language: str, *,
                content: bytes, fmt: str, preview: bool,
                limits: ImportLimits | None = None) -> ImportReport:
    """Align a translated file with the revision; save its aligned paragraphs unless
    ``preview``. The report lists every source unit it could not align."""
    revision, _ = _revision(ctx, document_id, sequence, Action.EDIT_TRANSLATIONS)
    _check_language(language, source_language(ctx, revision))
    units = unit_views(ctx, revision.id)
    found = alignment.align_text(units, _file_text(content, fmt, limits), language)
    names = unit_names(units)
    articles = alignment.articles(units)
    numbered = alignment.numbered_paragraphs(units)
    if not preview:
        if not found.aligned:
            raise Invalid("Nothing in the file could be aligned with the revision.",
                          details={"field": "content_base64"})
        ids = unit_ids(ctx, document_id)
        by_key = {u.key: u for u in units}
        for key, segment in found.aligned.items():
            _store(ctx, revision, ids[key], language, segment.text, source_of(by_key[key]),
                   "imported")
        history.record(ctx, history.process_stream(_process_id(ctx, document_id)),
                       EventType.TRANSLATION_IMPORTED, f"document:{document_id}",
                       {"document": document_id, "revision": revision.id,
                        "language": language, "paragraphs": len(found.aligned)})
        ctx.commit()
    return ImportReport(
        language, len(found.aligned), len(alignment.addresses_of(units)),
        len(articles), sum(k in found.aligned for k in articles),
        len(numbered), sum(k in found.aligned for k in numbered),
        [names.get(k, k) for k in found.missing],
        [(s.label, s.text[:200]) for s in found.extra], not preview)


#: What an export prints in place of a paragraph not yet translated (never the source text
#: silently), in the export's language.
NOT_TRANSLATED: dict[str, str] = {
    "ar": "[لم تُترجم هذه الفقرة بعد]",
    "zh": "[本段尚未翻译]",
    "en": "[This paragraph has not been translated yet]",
    "fr": "[Ce paragraphe n’a pas encore été traduit]",  # noqa: RUF001
    "ru": "[Этот пункт ещё не переведён]",
    "es": "[Este párrafo aún no se ha traducido]",
}


@dataclass(frozen=True)
class LanguageVersion:
    """A revision's units as they read in one language, for an export."""

    language: str
    units: list[UnitView]
    #: The units with no translation, by name (each printed as NOT_TRANSLATED).
    missing: list[str]
    #: The units whose translation no longer matches the source, by name.
    out_of_date: list[str]


def language_version(ctx: Ctx, revision: Revision, units: list[UnitView],
                     language: str) -> LanguageVersion:
    """``units`` of ``revision`` (already read by someone who may) in ``language``: each
    unit's translation (a section's heading), the source's marks and footnotes left out
    (they point into the source's words); a unit with no translation says so."""
    if language not in LANGUAGES:
        raise Invalid(f"The language is one of {', '.join(LANGUAGES)}.",
                      details={"field": "language"})
    if language == source_language(ctx, revision):
        return LanguageVersion(language, list(units), [], [])
    ids = unit_ids(ctx, revision.document_id)
    latest = _latest(ctx, revision, [language])
    names = unit_names(units)
    out: list[UnitView] = []
    missing: list[str] = []
    stale: list[str] = []
    for unit in units:
        source = source_of(unit)
        held = latest.get((ids[unit.key], language)) if unit.key in ids else None
        if not source.strip():
            out.append(replace(unit, marks=(), footnotes=(), notes=()))
            continue
        if held is None:
            text = NOT_TRANSLATED[language]
            missing.append(names.get(unit.key, unit.key))
        else:
            text = held[0].text
            if held[0].source_text != source:
                stale.append(names.get(unit.key, unit.key))
        if unit.kind is UnitKind.SECTION:
            out.append(replace(unit, heading=text, marks=(), footnotes=(), notes=()))
        else:
            out.append(replace(unit, text=text, marks=(), footnotes=(), notes=()))
    return LanguageVersion(language, out, missing, stale)


def language_names() -> dict[str, str]:
    return {code: INFO[code].name for code in LANGUAGES}
