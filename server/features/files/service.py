"""Exporting revisions, comparisons, compilations and amendments to files, importing files
as documents or as a new working copy, and the Atom feed of published revisions.

Every use case loads and authorises through the documents and access services, then calls a
pure renderer (:mod:`server.features.files.exports`) or parser
(:mod:`server.features.files.importers`).

The DOCX, Akoma Ntoso and Atom renderers are imported by the use cases that call them: they
load python-docx and lxml (about 8 MB), which a serving process that never exports would
carry for nothing beside thousands of live connections (issue 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final, Literal, get_args

from sqlalchemy import select

import server.features.amendments.service as amendment_service
import server.features.engine.service as engine
import server.features.history.service as history
import server.features.text.comparison as comparison
import server.features.text.service as documents
from server.core.amendments import AmendmentKind
from server.core.errors import Invalid
from server.core.events import EventType
from server.core.lineage import LineageStatus, lineage
from server.core.naming import unit_names
from server.core.policy import Action
from server.core.text import UnitView, document_order
from server.features.common.access import enter
from server.features.common.context import Ctx
from server.features.files import worker as import_worker
from server.features.files.exports import html as html_export
from server.features.files.exports import markdown as markdown_export
from server.features.files.exports import pdf as pdf_export
from server.features.files.exports.common import (
    ComparedUnit,
    DocumentMeta,
    display_filename,
    names_within,
    safe_filename,
)
from server.features.files.importers.result import Parsed
from server.features.files.worker import ImportLimits
from server.models import Delegation, Document, Revision

RevisionFormat = Literal["docx", "akn", "markdown", "text", "html", "pdf"]
ComparisonFormat = Literal["docx", "html", "pdf"]
CompilationFormat = Literal["docx", "text", "html", "pdf"]
ImportFormat = Literal["docx", "akn", "markdown", "text", "pdf"]

REVISION_FORMATS: Final = ("docx", "akn", "markdown", "text", "html", "pdf")
COMPARISON_FORMATS: Final = ("docx", "akn", "html", "pdf")
COMPILATION_FORMATS: Final = ("docx", "akn", "text", "html", "pdf")
#: The formats of :data:`importers.dispatch.PARSERS`, in its order (tests/live/test_memory.py),
#: named here: the serving process never parses a file, so it does not import the parsers.
IMPORT_FORMATS: Final = get_args(ImportFormat)

MIMETYPES: Final = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "akn": "application/akn+xml",
    "markdown": "text/markdown; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "atom": "application/atom+xml; charset=utf-8",
}
EXTENSIONS: Final = {"docx": "docx", "akn": "xml", "markdown": "md", "text": "txt",
                     "html": "html", "pdf": "pdf", "atom": "atom"}
COFACILITATORS: Final = "Co-facilitators"


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    fmt: str
    #: ASCII, for ``filename=``.
    filename: str
    #: In the document's own script, for ``filename*`` (RFC 6266).
    display_name: str = ""

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.fmt]


@dataclass(frozen=True)
class Stem:
    """What a file is named after: the document's title, then what it holds ("Rev.1",
    "amendment-12"), which a long title never pushes out."""

    title: str
    suffix: str = ""


def _file(data: bytes | str, fmt: str, stem: Stem) -> ExportFile:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    extension = EXTENSIONS[fmt]
    return ExportFile(raw, fmt, safe_filename(stem.title, extension, stem.suffix),
                      display_filename(stem.title, extension, stem.suffix))


def _meta(document: Document, revision: Revision | None, label: str | None = None,
          date: datetime | None = None) -> DocumentMeta:
    return DocumentMeta(
        title=document.title, label=label if label is not None else
        (revision.label or "") if revision is not None else "",
        date=date or (revision.published_at if revision is not None else None),
        document_id=document.id,
        sequence=revision.sequence if revision is not None else None,
        history_hash=(revision.history_hash or "") if revision is not None else "")


def _check(fmt: str, allowed: Sequence[str], field_name: str = "format") -> None:
    if fmt not in allowed:
        raise Invalid(f"The format is one of {', '.join(allowed)}.",
                      details={"field": field_name})


def _stem(document: Document, *parts: str) -> Stem:
    return Stem(document.title, "-".join(p for p in parts if p))


# ---- revisions --------------------------------------------------------------------------


def _in_language(ctx: Ctx, revision: Revision, units: list[UnitView], meta: DocumentMeta,
                 stem: Stem, language: str | None
                 ) -> tuple[list[UnitView], DocumentMeta, Stem]:
    """The units, metadata and file name of a language version (issue 14): each unit's
    translation, an untranslated one saying so in the text (translations.language_version)."""
    if language is None:
        return units, meta, stem
    from server.core.languages import INFO
    from server.features.translations.service import language_version

    version = language_version(ctx, revision, units, language)
    name = INFO[language].name
    label = f"{meta.label} ({name})" if meta.label else name
    return (version.units, replace(meta, language=language, label=label),
            Stem(stem.title, "-".join(p for p in (stem.suffix, language) if p)))


def export_revision(ctx: Ctx, document_id: int, sequence: int, fmt: str,
                    language: str | None = None) -> ExportFile:
    """A published revision as a file (DOCX, Akoma Ntoso, Markdown, text, HTML or PDF), in
    its source language or, with ``language``, in that language version."""
    _check(fmt, REVISION_FORMATS)
    text = documents.get_revision(ctx, document_id, sequence)
    document = ctx.session.get(Document, document_id)
    assert document is not None
    meta = _meta(document, text.revision)
    stem = _stem(document, text.revision.label or str(sequence))
    if language == "all":
        return _all_languages(ctx, text.revision, text.units, meta, stem, fmt)
    units, meta, stem = _in_language(ctx, text.revision, text.units, meta, stem, language)
    return _render_units(meta, units, fmt, stem)


def _all_languages(ctx: Ctx, revision: Revision, units: list[UnitView], meta: DocumentMeta,
                   stem: Stem, fmt: str) -> ExportFile:
    """The revision in the six languages in one Akoma Ntoso documentCollection."""
    from server.core.languages import LANGUAGES
    from server.features.files.exports import akn as akn_export

    if fmt != "akn":
        raise Invalid("All languages in one file is an Akoma Ntoso export (format=akn).",
                      details={"field": "language"})
    versions = []
    for code in LANGUAGES:
        translated, version_meta, _ = _in_language(ctx, revision, units, meta, stem, code)
        versions.append((version_meta, translated))
    return _file(akn_export.multilingual_akn(meta, versions), fmt,
                 Stem(stem.title, "-".join(p for p in (stem.suffix, "languages") if p)))


def export_working_copy(ctx: Ctx, document_id: int, fmt: str,
                        language: str | None = None) -> ExportFile:
    """The working copy (for those who may see it) as a file."""
    _check(fmt, REVISION_FORMATS)
    text = documents.get_working_copy(ctx, document_id)
    document = ctx.session.get(Document, document_id)
    assert document is not None
    meta = _meta(document, None, label="Working copy")
    if language == "all":
        return _all_languages(ctx, text.revision, text.units, meta,
                              _stem(document, "working-copy"), fmt)
    units, meta, stem = _in_language(ctx, text.revision, text.units, meta,
                                     _stem(document, "working-copy"), language)
    return _render_units(meta, units, fmt, stem)


def _render_units(meta: DocumentMeta, units: list[UnitView], fmt: str, stem: Stem
                  ) -> ExportFile:
    from server.features.files.exports import akn as akn_export
    from server.features.files.exports import docx as docx_export

    if fmt == "docx":
        return _file(docx_export.revision_docx(meta, units), fmt, stem)
    if fmt == "akn":
        return _file(akn_export.revision_akn(meta, units), fmt, stem)
    if fmt == "markdown":
        return _file(markdown_export.revision_markdown(meta, units), fmt, stem)
    if fmt == "text":
        return _file(markdown_export.revision_text(meta, units), fmt, stem)
    page = html_export.revision_html(meta, units)
    if fmt == "html":
        return _file(page, fmt, stem)
    return _file(pdf_export.html_to_pdf(page), "pdf", stem)


# ---- comparisons --------------------------------------------------------------------------


def export_comparison(ctx: Ctx, document_id: int, from_sequence: int, to_sequence: int,
                      fmt: str) -> ExportFile:
    """Two published revisions compared: DOCX with Word tracked changes by the
    co-facilitators (dated when the newer revision was published), or HTML / PDF."""
    from server.features.files.exports import docx as docx_export

    _check(fmt, COMPARISON_FORMATS)
    result = comparison.compare(ctx, document_id, from_sequence, to_sequence)
    document = ctx.session.get(Document, document_id)
    assert document is not None
    old = documents.revision_by_sequence(ctx, document_id, from_sequence)
    new = documents.revision_by_sequence(ctx, document_id, to_sequence)
    label = f"{old.label} to {new.label}"
    meta = _meta(document, new, label=label)
    items = [ComparedUnit(c.before, c.after) for c in result]
    stem = _stem(document, f"{old.label}-to-{new.label}")
    if fmt == "docx":
        return _file(docx_export.comparison_docx(meta, items, author=COFACILITATORS,
                                                 date=new.published_at), fmt, stem)
    if fmt == "akn":
        return _file(_comparison_akn(meta, result), "akn", stem)
    page = html_export.comparison_html(meta, items)
    if fmt == "html":
        return _file(page, fmt, stem)
    return _file(pdf_export.html_to_pdf(page), "pdf", stem)


def _comparison_akn(meta: DocumentMeta, result: Sequence[comparison.UnitComparison]
                    ) -> bytes:
    """The changes from one revision to the next as an Akoma Ntoso ``amendmentList``: one
    co-facilitators' amendment per changed unit, a ``textualMod`` (substitution, insertion
    or repeal) with the old and new text."""
    from server.features.files.exports import akn as akn_export

    before = [c.before for c in result if c.before is not None]
    eids = akn_export.unit_eids(before)
    # Named as the earlier revision numbers them (a new unit as the later one does).
    named = {**unit_names([c.after for c in result if c.after is not None]),
             **unit_names(before)}
    changes: list[akn_export.AmendmentExport] = []
    previous: str | None = None
    for position, item in enumerate(result, start=1):
        change = item.change
        if change == "moved":  # its words, if they changed, where it now stands
            change = "edited" if item.before and item.after and \
                item.before.text != item.after.text else "unchanged"
        kind = {"edited": "change_words", "new": "add_unit", "deleted": "delete_unit"}.get(
            change)
        anchor = item.key if item.change != "new" else (previous or item.key)
        if kind is not None:
            changes.append(akn_export.AmendmentExport(
                id=position, kind=kind, state="reflected", unit_key=anchor,
                paragraph=named.get(anchor, "a paragraph"),
                proponents=(("COFACILITATORS", COFACILITATORS),),
                old=item.before.text if item.before else "",
                new=item.after.text if item.after else None))
        if item.before is not None:
            previous = item.key
    return akn_export.amendments_akn(meta, changes, eids=eids)


# ---- amendments and compilations ------------------------------------------------------------


def _names(ctx: Ctx, process_id: int) -> dict[str, str]:
    """The process's delegations' names by code (codes are unique within a process only)."""
    return {code: name for code, name in ctx.session.execute(
        select(Delegation.code, Delegation.name).where(Delegation.process_id == process_id))}


def export_compilation(ctx: Ctx, document_id: int, sequence: int, fmt: str) -> ExportFile:
    """The compilation text of a revision: every proposal the reader may see (submitted
    ones), inlined and attributed, as DOCX, text, HTML or PDF."""
    from server.features.files.exports import docx as docx_export

    _check(fmt, COMPILATION_FORMATS)
    if fmt == "akn":
        # In Akoma Ntoso a compilation is the amendmentList of the amendments on a revision.
        return export_amendments_akn(ctx, document_id, sequence)
    # The same compilation as the API's: the amendments anchored on this revision.
    document, _ = documents.load_document(ctx, document_id, Action.VIEW_REVISIONS)
    revision, compiled = engine.compilation(ctx, document_id, sequence, delegations=None,
                                            clusters=None, states=None)
    names = _names(ctx, document.process_id)
    meta = _meta(document, revision, label=f"Compilation on {revision.label}")
    stem = _stem(document, f"compilation-{revision.label}")
    if fmt == "docx":
        return _file(docx_export.compilation_docx(meta, compiled, names=names), fmt, stem)
    from server.core.compilation import render_compilation_text

    body = render_compilation_text(compiled, names=names)
    if fmt == "text":
        return _file(f"{meta.full_title}\n\n{body}\n", fmt, stem)
    page = html_export.text_html(meta, body)
    if fmt == "html":
        return _file(page, fmt, stem)
    return _file(pdf_export.html_to_pdf(page), "pdf", stem)


def export_amendments_akn(ctx: Ctx, document_id: int, sequence: int | None = None
                          ) -> ExportFile:
    """The amendments to a document the reader may see (submitted ones, and their own
    delegation's drafts), as an Akoma Ntoso ``amendmentList``; ``sequence`` keeps those made
    against that revision."""
    from server.features.files.exports import akn as akn_export

    document, viewer = documents.load_document(ctx, document_id, Action.VIEW_REVISIONS)
    process = viewer.process
    revision = (documents.revision_by_sequence(ctx, document_id, sequence)
                if sequence is not None else documents.latest_published(ctx, document_id))
    records = amendment_service.all_visible(ctx, process.id, document_id=document_id)
    if sequence is not None and revision is not None:
        records = [r for r in records if r.amendment.revision_id == revision.id]
    names = _names(ctx, process.id)
    units = documents.unit_views(ctx, revision.id) if revision is not None else []
    exported = [akn_export.AmendmentExport(
        id=r.amendment.id, kind=r.amendment.kind, state=r.amendment.state,
        unit_key=r.unit_key, paragraph=r.unit_name,
        proponents=tuple((code, names.get(code, code))
                         for code in (r.delegation, *r.co_proponents)),
        old=r.amendment.base_text, new=r.amendment.text,
        justification=r.amendment.justification) for r in records]
    meta = _meta(document, revision)
    data = akn_export.amendments_akn(meta, exported, eids=akn_export.unit_eids(units))
    return _file(data, "akn", _stem(document, "amendments"))


AMENDMENT_FORMATS: Final = ("docx", "akn")


def export_amendment(ctx: Ctx, amendment_id: int, fmt: str) -> ExportFile:
    """One amendment the reader may see: DOCX with the change as Word tracked changes whose
    author is the proponent delegations (dated when it was submitted), or Akoma Ntoso."""
    from server.features.files.exports import akn as akn_export
    from server.features.files.exports import docx as docx_export

    _check(fmt, AMENDMENT_FORMATS)
    record = amendment_service.get_amendment(ctx, amendment_id)
    amendment = record.amendment
    document = ctx.session.get(Document, amendment.document_id)
    revision = ctx.session.get(Revision, amendment.revision_id)
    assert document is not None and revision is not None
    enter(ctx, document.process_id, Action.VIEW_REVISIONS)
    units = documents.unit_views(ctx, revision.id)
    names = _names(ctx, document.process_id)
    proponents = (record.delegation, *record.co_proponents)
    # Word holds 255 characters in an author: seven delegations' names can be more.
    author = names_within([names.get(code, code) for code in proponents])
    stem = _stem(document, f"amendment-{amendment.id}")
    meta = _meta(document, revision, label=f"Amendment {amendment.id} by {author} "
                                           f"to {revision.label}")
    if fmt == "akn":
        exported = akn_export.AmendmentExport(
            id=amendment.id, kind=amendment.kind, state=amendment.state,
            unit_key=record.unit_key, paragraph=record.unit_name,
            proponents=tuple((code, names.get(code, code)) for code in proponents),
            old=amendment.base_text, new=amendment.text,
            justification=amendment.justification)
        return _file(akn_export.amendments_akn(meta, [exported],
                                               eids=akn_export.unit_eids(units)), fmt, stem)
    target = next((u for u in units if u.key == record.unit_key), None)
    if target is None:
        raise Invalid("The amendment's unit is not in its revision.")
    base = replace(target, text=amendment.base_text)
    items: list[ComparedUnit] = []
    kind = AmendmentKind(amendment.kind)
    if kind is AmendmentKind.CHANGE_WORDS:
        items.append(ComparedUnit(base, replace(base, text=amendment.text or "")))
    elif kind is AmendmentKind.DELETE_UNIT:
        items.append(ComparedUnit(base, None))
    elif kind in (AmendmentKind.ADD_UNIT, AmendmentKind.ALTERNATIVE):
        suffix = "bis" if kind is AmendmentKind.ADD_UNIT else "alt"
        number = f"{(target.number or '').split(' ')[0]} {suffix}".strip()
        items += [ComparedUnit(base, base), ComparedUnit(None, replace(
            base, key=base.key + "-proposed", number=number, text=amendment.text or "",
            heading=None))]
    else:  # retain, reservation: the unit as it stands, nothing changed
        items.append(ComparedUnit(base, base))
    date = amendment.submitted_at or amendment.created_at
    return _file(docx_export.comparison_docx(meta, items, author=author, date=date),
                 fmt, stem)


# ---- the Atom feed -----------------------------------------------------------------------


def revisions_feed(ctx: Ctx, process_id: int, *, base_url: str) -> ExportFile:
    """The revisions published in a process, newest first, as an Atom feed."""
    from server.features.files.exports import feed as feed_export

    process, _ = enter(ctx, process_id, Action.VIEW_REVISIONS)
    rows = ctx.session.execute(
        select(Revision, Document).join(Document, Document.id == Revision.document_id)
        .where(Document.process_id == process.id, Revision.published_at.is_not(None))
        .order_by(Revision.published_at.desc(), Revision.id.desc()).limit(200)).all()
    base = base_url.rstrip("/")
    entries = []
    for revision, document in rows:
        assert revision.published_at is not None
        entries.append(feed_export.FeedEntry(
            id=f"{base}/api/v1/documents/{document.id}/revisions/{revision.sequence}",
            title=f"{document.title}: {revision.label}",
            link=f"{base}/api/v1/documents/{document.id}/revisions/{revision.sequence}",
            published=revision.published_at,
            summary=f"{revision.label} of {document.title} was published in {process.title}.",
            history_hash=revision.history_hash or ""))
    data = feed_export.atom_feed(
        feed_id=f"{base}/api/v1/processes/{process.id}/revisions.atom",
        title=f"{process.title}: published revisions",
        self_link=f"{base}/api/v1/processes/{process.id}/revisions.atom",
        alternate=f"{base}/api/v1/processes/{process.id}", entries=entries,
        updated=process.created_at if not entries else None)
    return _file(data, "atom", Stem(process.slug, "revisions"))


# ---- imports ---------------------------------------------------------------------------


def parse_file(content: bytes, fmt: str, limits: ImportLimits | None = None) -> Parsed:
    """Parse an uploaded file into units (nothing saved, nobody authorised: a pure step), in
    an import worker process within ``limits`` (time, memory), never in this one; the
    formats and their parsers are :data:`importers.dispatch.PARSERS`."""
    _check(fmt, IMPORT_FORMATS)
    return import_worker.parse(content, fmt, limits or ImportLimits())


def _parse_outside_transaction(ctx: Ctx, content: bytes, fmt: str,
                               limits: ImportLimits | None) -> Parsed:
    """Authorised already: end the transaction (nothing was written) while the worker reads
    the file, so that no database lock (SQLite's one writer) is held for its seconds; the
    next statement begins a new one."""
    assert not ctx.pending
    ctx.discard()
    return parse_file(content, fmt, limits)


@dataclass(frozen=True)
class Matched:
    """How an imported unit maps onto the document (a new revision by lineage): ``index``
    its place among the imported units, ``name`` / ``previous_name`` as the texts number
    them, ``confidence`` 0..1, ``corrected`` when a co-facilitator's correction set it."""

    key: str
    status: str
    previous: str | None
    index: int = 0
    name: str = ""
    previous_name: str | None = None
    confidence: float = 1.0
    corrected: bool = False


@dataclass(frozen=True)
class Correction:
    """A co-facilitator's correction: imported unit ``index`` continues working-copy unit
    ``previous`` (None: it is new)."""

    index: int
    previous: str | None


@dataclass(frozen=True)
class WorkingUnit:
    key: str
    kind: str
    name: str


@dataclass(frozen=True)
class ImportOutcome:
    title: str | None
    units: list[UnitView]
    warnings: list[str]
    saved: bool = False
    document_id: int | None = None
    revision: documents.RevisionText | None = None
    lineage: list[Matched] = field(default_factory=list)
    #: working-copy units nothing continues, and every working-copy unit (a new revision)
    unmatched: list[WorkingUnit] = field(default_factory=list)
    working_units: list[WorkingUnit] = field(default_factory=list)


def _checked(parsed: Parsed) -> list[UnitView]:
    if not parsed.units:
        raise Invalid("No numbered paragraphs or headings were found in the text.",
                      details={"field": "content"})
    if len(parsed.units) > documents.MAX_UNITS:
        raise Invalid(f"A document has at most {documents.MAX_UNITS} units.",
                      details={"field": "content"})
    try:
        return document_order(parsed.units)
    except Invalid as error:
        raise Invalid(f"The imported structure is not valid: {error.message}",
                      details={"field": "content"}) from None


def import_document(ctx: Ctx, process_id: int, *, content: bytes, fmt: str,
                    title: str | None = None, preview: bool = True,
                    limits: ImportLimits | None = None) -> ImportOutcome:
    """Import a file as a new document (its working copy the zero draft in preparation);
    ``preview`` parses and shows the structure without saving anything. The file is read
    by an import worker within ``limits``."""
    enter(ctx, process_id, Action.CREATE_DOCUMENT)
    parsed = _parse_outside_transaction(ctx, content, fmt, limits)
    units = _checked(parsed)
    if preview:
        return ImportOutcome(parsed.title, units, parsed.warnings)
    created = documents.create_document(
        ctx, process_id, title=(title or parsed.title or "Imported draft")[:300], units=units)
    return ImportOutcome(parsed.title, units, parsed.warnings, saved=True,
                         document_id=created.revision.document_id, revision=created)


_SECTIONS: Final = frozenset({"section", "preamble"})


def _pins(old: list[UnitView], new: list[UnitView], corrections: Sequence[Correction]
          ) -> tuple[dict[str, str], set[str]]:
    """Check the corrections against both sides (422 naming the first wrong one, nothing
    changed): the pairs to pin (old key -> imported key) and the imported keys to keep new."""
    by_key = {u.key: u for u in old}
    pinned: dict[str, str] = {}
    fresh: set[str] = set()
    seen: set[int] = set()
    for k, correction in enumerate(corrections):
        where = {"field": f"corrections.{k}"}
        if correction.index >= len(new):
            raise Invalid(f"Correction {k + 1} names unit {correction.index + 1}, but the "
                          f"file has {len(new)} units.", details=where)
        if correction.index in seen:
            raise Invalid(f"Correction {k + 1} corrects a unit corrected already.",
                          details=where)
        seen.add(correction.index)
        unit = new[correction.index]
        if correction.previous is None:
            fresh.add(unit.key)
            continue
        before = by_key.get(correction.previous)
        if before is None:
            raise Invalid(f"Correction {k + 1} names a unit the working copy does not have.",
                          details=where)
        if correction.previous in pinned:
            raise Invalid(f"Correction {k + 1} gives a predecessor to two units.",
                          details=where)
        if (before.kind.value in _SECTIONS or unit.kind.value in _SECTIONS) and \
                before.kind is not unit.kind:
            raise Invalid(f"Correction {k + 1} pairs a {unit.kind.value} with a "
                          f"{before.kind.value}: a section continues a section, a paragraph "
                          "a paragraph.", details=where)
        pinned[correction.previous] = unit.key
    return pinned, fresh


def _map_keys(old: list[UnitView], new: list[UnitView], taken: set[str],
              corrections: Sequence[Correction] = ()
              ) -> tuple[list[UnitView], list[Matched], list[str]]:
    """Give the imported units the keys of the units they continue (lineage by content,
    the corrections pinned first), fresh keys to the others. Also the report, in the
    imported units' order, and the keys of the old units nothing continues."""
    pinned, fresh = _pins(old, new, corrections)
    corrected = set(pinned.values()) | fresh
    entries = lineage(old, new, by_identity=False, pinned=pinned, copies=True)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    found: dict[str, tuple[str, str | None, float]] = {}  # imported key -> status, previous
    for entry in entries:
        if entry.status is LineageStatus.DELETED:
            continue
        for index, new_key in enumerate(entry.new):
            previous = entry.old[0] if entry.old and (
                entry.status is not LineageStatus.SPLIT or index == 0) else None
            if new_key in fresh:
                found[new_key] = ("new", None, 1.0)
                continue
            if previous is not None and previous not in used and \
                    entry.status is not LineageStatus.COPIED:
                mapping[new_key] = previous
                used.add(previous)
            found[new_key] = (entry.status.value, previous, entry.confidence)
    all_taken = set(taken) | used
    for unit in new:
        if unit.key not in mapping:
            key = documents.new_key(all_taken)
            all_taken.add(key)
            mapping[unit.key] = key
    units = [replace(u, key=mapping[u.key],
                     parent=mapping[u.parent] if u.parent is not None else None) for u in new]
    new_names, old_names = unit_names(units), unit_names(old)
    report: list[Matched] = []
    for index, unit in enumerate(new):
        status, previous, confidence = found.get(unit.key, ("new", None, 1.0))
        report.append(Matched(
            mapping[unit.key], status, previous, index, new_names[mapping[unit.key]],
            old_names.get(previous) if previous else None, round(confidence, 4),
            unit.key in corrected))
    continued = {m.previous for m in report if m.previous}
    return units, report, [u.key for u in old if u.key not in continued]


def import_revision(ctx: Ctx, document_id: int, *, content: bytes, fmt: str,
                    expected_version: int | None = None, preview: bool = True,
                    limits: ImportLimits | None = None,
                    corrections: Sequence[Correction] = ()) -> ImportOutcome:
    """Import a file as the next revision of a document: its units are matched to the
    working copy's by lineage (content, not keys), keep their stable keys, and replace the
    working copy (``expected_version`` must be the working copy's version unless
    previewing). ``preview`` shows the structure and the matching without saving. The
    file is read by an import worker within ``limits``; the document is loaded and
    authorised again afterwards, in the transaction that saves."""
    documents.load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    parsed = _parse_outside_transaction(ctx, content, fmt, limits)
    imported = _checked(parsed)
    document, viewer = documents.load_document(ctx, document_id, Action.EDIT_WORKING_COPY)
    process = viewer.process
    revision = documents.working_revision(ctx, document.id)
    current = documents.unit_views(ctx, revision.id)
    units, report, gone = _map_keys(current, imported,
                                    set(documents.unit_ids(ctx, document.id)), corrections)
    names = unit_names(current)
    working = [WorkingUnit(u.key, u.kind.value, names[u.key]) for u in current]
    by_key = {w.key: w for w in working}
    unmatched = [by_key[k] for k in gone]
    if preview:
        return ImportOutcome(parsed.title, units, parsed.warnings, document_id=document.id,
                             lineage=report, unmatched=unmatched, working_units=working)
    if expected_version is None:
        raise Invalid("Give base_version, the working copy's version you replace.",
                      details={"field": "base_version"})
    documents.claim_working_copy(ctx, revision, expected_version)
    documents.replace_units(ctx, document, revision, units)
    history.record(ctx, history.process_stream(process.id), EventType.WORKING_COPY_IMPORTED,
                   f"document:{document.id}",
                   {"document": document.id, "version": revision.version, "format": fmt,
                    "units": len(units), "corrections": len(corrections)})
    answer = ImportOutcome(parsed.title, units, parsed.warnings, saved=True,
                           document_id=document.id,
                           revision=documents.revision_text(ctx, viewer, revision, units),
                           lineage=report, unmatched=unmatched, working_units=working)
    ctx.commit()
    return answer

