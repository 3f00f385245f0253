"""DOCX (Word) renderings: a clean revision, a comparison as real tracked changes, and a
compilation text with its attributions.

Each unit is one Word paragraph; its display number is literal text (never Word's automatic
numbering, so `12 bis` survives) in the character style ``Accord Number``. Sections are
``Heading 1..9``, the preamble's heading ``Accord Preamble``, paragraphs ``Accord Paragraph``
and sub-paragraphs ``Accord Subparagraph 1..6`` (by depth). A unit's heading is in the
character style ``Accord Heading``, its status in ``Accord Status``; a line break separates
a heading from the text. :mod:`server.features.files.importers.docx` reads these styles back.

Comparisons use Word's revision mark-up: ``w:ins`` and ``w:del`` (deleted text in
``w:delText``) with ``w:author`` and ``w:date``; a paragraph added or removed as a whole has
its paragraph mark marked too, so Word's "accept all" gives the newer revision and "reject
all" the older one.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from server.core.compilation import Attribution, Compilation, Piece, unsettled_words
from server.core.diff import Op, Span, word_diff
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import (
    PROPERTY_CHARS,
    STATUS_LABEL,
    ComparedUnit,
    DocumentMeta,
    number_prefix,
    section_levels,
    shorten,
    sub_levels,
    xml_text,
)

__all__ = ["STYLE", "comparison_docx", "compilation_docx", "revision_docx"]

#: Style names (python-docx derives the style id by removing the spaces).
STYLE = {
    "preamble": "Accord Preamble",
    "paragraph": "Accord Paragraph",
    "subparagraph": "Accord Subparagraph",
    "number": "Accord Number",
    "heading": "Accord Heading",
    "status": "Accord Status",
    "proposal": "Accord Proposal",
    "attribution": "Accord Attribution",
}
MAX_SUB_LEVEL = 6
_MARKER_VERB = {"delete_unit": "delete", "retain": "retain", "reservation": "reserve"}
_SHADE = {UnitStatus.AGREED_INFORMALS: "FFF2CC", UnitStatus.AGREED_AD_REF: "D9EAD3",
          UnitStatus.ADOPTED: "B6D7A8"}

# --------------------------------------------------------------------------- the document


def _new_document(meta: DocumentMeta) -> Any:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    preamble = styles.add_style(STYLE["preamble"], WD_STYLE_TYPE.PARAGRAPH)
    preamble.base_style = styles["Heading 1"]
    paragraph = styles.add_style(STYLE["paragraph"], WD_STYLE_TYPE.PARAGRAPH)
    paragraph.base_style = normal
    paragraph.paragraph_format.space_after = Pt(6)
    for level in range(1, MAX_SUB_LEVEL + 1):
        sub = styles.add_style(f"{STYLE['subparagraph']} {level}", WD_STYLE_TYPE.PARAGRAPH)
        sub.base_style = paragraph
        sub.paragraph_format.left_indent = Twips(567 * level)
    number = styles.add_style(STYLE["number"], WD_STYLE_TYPE.CHARACTER)
    number.font.bold = False
    heading = styles.add_style(STYLE["heading"], WD_STYLE_TYPE.CHARACTER)
    heading.font.bold = True
    status = styles.add_style(STYLE["status"], WD_STYLE_TYPE.CHARACTER)
    status.font.italic = True
    status.font.color.rgb = RGBColor(0x38, 0x76, 0x1D)
    proposal = styles.add_style(STYLE["proposal"], WD_STYLE_TYPE.CHARACTER)
    proposal.font.bold = True
    proposal.font.underline = True
    attribution = styles.add_style(STYLE["attribution"], WD_STYLE_TYPE.CHARACTER)
    attribution.font.italic = True
    attribution.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    core = doc.core_properties
    core.title = shorten(meta.full_title, PROPERTY_CHARS)
    core.author = "Accord"
    core.language = meta.language
    if meta.date is not None:
        core.created = meta.date.replace(tzinfo=None)
    if meta.history_hash:
        core.comments = f"History hash: {meta.history_hash}"
    doc.add_paragraph(xml_text(meta.title), style="Title")
    if meta.label:
        doc.add_paragraph(xml_text(meta.label), style="Subtitle")
    return doc


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _paragraph_style(unit: UnitView, section_level: int, sub_level: int) -> str:
    if unit.kind is UnitKind.PREAMBLE:
        return STYLE["preamble"]
    if unit.kind is UnitKind.SECTION:
        return f"Heading {min(max(section_level, 1), 9)}"
    if unit.kind is UnitKind.SUBPARAGRAPH:
        return f"{STYLE['subparagraph']} {min(max(sub_level, 1), MAX_SUB_LEVEL)}"
    return STYLE["paragraph"]


def _style_id(doc: Any, name: str) -> str:
    return str(doc.styles[name].style_id)


# --------------------------------------------------------------------------- runs


class _Marks:
    """Revision mark-up for one document: unique ids, one author and date per change."""

    def __init__(self, date: datetime | None) -> None:
        self.next_id = 1
        stamp = (date or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.date = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def wrap(self, tag: str, author: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), shorten(author, PROPERTY_CHARS))
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _run(text: str, *, style_id: str | None = None, deleted: bool = False,
         strike: bool = False) -> Any:
    run = OxmlElement("w:r")
    if style_id or strike:
        rpr = OxmlElement("w:rPr")
        if style_id:
            rstyle = OxmlElement("w:rStyle")
            rstyle.set(qn("w:val"), style_id)
            rpr.append(rstyle)
        if strike:
            rpr.append(OxmlElement("w:strike"))
        run.append(rpr)
    for index, line in enumerate(xml_text(text).split("\n")):
        if index:
            run.append(OxmlElement("w:br"))
        if line:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = line
            run.append(t)
    return run


def _set_paragraph_mark(p: Any, mark: Any) -> None:
    """Mark the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
    ppr = p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(mark)


def _shade(p: Any, status: UnitStatus) -> None:
    fill = _SHADE.get(status)
    if fill is None:
        return
    ppr = p.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # w:shd comes after w:pStyle..w:ind in CT_PPr; before w:jc/w:rPr is schema order.
    anchor = ppr.find(qn("w:rPr"))
    if anchor is not None:
        anchor.addprevious(shd)
    else:
        ppr.append(shd)


def _segments(unit: UnitView) -> list[tuple[str, str]]:
    """A unit's visible parts in order: (role, text); roles number, heading, br, text,
    space, status."""
    out: list[tuple[str, str]] = []
    prefix = number_prefix(unit.number)
    if prefix:
        out.append(("number", prefix))
    if unit.heading:
        out.append(("heading", unit.heading))
    if unit.heading and unit.text:
        out.append(("br", "\n"))
    if unit.text:
        out.append(("text", unit.text))
    label = STATUS_LABEL.get(unit.status)
    if label:
        out.append(("space", " "))
        out.append(("status", label))
    return out


def _role_style(doc: Any, role: str) -> str | None:
    return {"number": _style_id(doc, STYLE["number"]),
            "heading": _style_id(doc, STYLE["heading"]),
            "status": _style_id(doc, STYLE["status"])}.get(role)


def _add_unit_paragraph(doc: Any, unit: UnitView, section_level: int, sub_level: int) -> Any:
    paragraph = doc.add_paragraph(style=_paragraph_style(unit, section_level, sub_level))
    return paragraph._p


# --------------------------------------------------------------------------- revision


def revision_docx(meta: DocumentMeta, units: Sequence[UnitView]) -> bytes:
    """A clean revision: one Word paragraph per unit, numbers as text, status marked (and
    the paragraph shaded: yellow agreed in informals, green agreed ad ref or adopted)."""
    doc = _new_document(meta)
    for unit, sec, sub in zip(units, section_levels(units), sub_levels(units), strict=True):
        p = _add_unit_paragraph(doc, unit, sec, sub)
        for role, text in _segments(unit):
            p.append(_run(text, style_id=_role_style(doc, role)))
        _shade(p, unit.status)
    return _save(doc)


# --------------------------------------------------------------------------- comparison


def _field_spans(old: str, new: str) -> list[Span]:
    if old == new:
        return [Span(Op.EQUAL, old)] if old else []
    if not old:
        return [Span(Op.INSERT, new)]
    if not new:
        return [Span(Op.DELETE, old)]
    return word_diff(old, new)


def _compared_spans(before: UnitView, after: UnitView) -> list[tuple[str, Span]]:
    """The segments of two versions of a unit, role by role, as equal/insert/delete spans."""
    old = dict(_segments(before))
    new = dict(_segments(after))
    out: list[tuple[str, Span]] = []
    for role in ("number", "heading", "br", "text", "space", "status"):
        a, b = old.get(role, ""), new.get(role, "")
        if role in ("number", "status", "br", "space") and a != b:
            if a:
                out.append((role, Span(Op.DELETE, a)))
            if b:
                out.append((role, Span(Op.INSERT, b)))
            continue
        out.extend((role, span) for span in _field_spans(a, b))
    return out


def comparison_docx(meta: DocumentMeta, items: Sequence[ComparedUnit], *, author: str,
                    date: datetime | None = None) -> bytes:
    """The newer revision with the changes from the older one as Word tracked changes by
    ``author`` (the co-facilitators, or a delegation), dated ``date``."""
    doc = _new_document(meta)
    marks = _Marks(date or meta.date)
    shown = [item.after or item.before for item in items]
    views = [u for u in shown if u is not None]
    levels = list(zip(section_levels(views), sub_levels(views), strict=True))
    for item, unit, (sec, sub) in zip(items, views, levels, strict=True):
        p = _add_unit_paragraph(doc, unit, sec, sub)
        if item.before is None or item.after is None:
            deleted = item.after is None
            tag = "w:del" if deleted else "w:ins"
            wrapper = marks.wrap(tag, author)
            for role, text in _segments(unit):
                wrapper.append(_run(text, style_id=_role_style(doc, role), deleted=deleted))
            if len(wrapper):
                p.append(wrapper)
            _set_paragraph_mark(p, marks.wrap(tag, author))
            continue
        for role, span in _compared_spans(item.before, item.after):
            style_id = _role_style(doc, role)
            if span.op is Op.EQUAL:
                p.append(_run(span.text, style_id=style_id))
            else:
                deleted = span.op is Op.DELETE
                wrapper = marks.wrap("w:del" if deleted else "w:ins", author)
                wrapper.append(_run(span.text, style_id=style_id, deleted=deleted))
                p.append(wrapper)
        _shade(p, item.after.status)
    return _save(doc)


# --------------------------------------------------------------------------- compilation


def _who(by: Attribution, names: Mapping[str, str]) -> str:
    return ", ".join(names.get(code, code) for code in by.proponents)


def _piece_runs(doc: Any, piece: Piece, names: Mapping[str, str]) -> list[Any]:
    if not piece.changed:
        return [_run(piece.text)] if piece.text else []
    proposal, attribution = _style_id(doc, STYLE["proposal"]), _style_id(doc, STYLE["attribution"])
    runs: list[Any] = []
    core = piece.text.strip()
    lead = piece.text[: len(piece.text) - len(piece.text.lstrip())]
    trail = piece.text[len(piece.text.rstrip()):] if core else ""
    if lead:
        runs.append(_run(lead))
    if core:
        runs.append(_run("["))
        runs.append(_run(core, strike=piece.deleted_by is not None))
        if piece.deleted_by is not None:
            runs.append(_run(f" - {_who(piece.deleted_by, names)}: delete",
                             style_id=attribution))
        runs.append(_run("]"))
    elif piece.deleted_by is not None:
        runs.append(_run(f"[{_who(piece.deleted_by, names)}: delete space]",
                         style_id=attribution))
    for replacement in piece.replacements:
        runs.append(_run("["))
        runs.append(_run(replacement.text.strip() or replacement.text, style_id=proposal))
        runs.append(_run(f" - {_who(replacement.by, names)}", style_id=attribution))
        runs.append(_run("]"))
    if trail:
        runs.append(_run(trail))
    return runs


def compilation_docx(meta: DocumentMeta, compilation: Compilation, *,
                     names: Mapping[str, str] | None = None) -> bytes:
    """The compilation text: the revision with every proposal inlined in brackets and
    attributed (proposed words bold and underlined, words proposed for deletion struck
    through, proponents in italics), whole-unit proposals after the unit, and amendments in
    conflict with the unit's text after it with both texts."""
    names = names or {}
    doc = _new_document(meta)
    units = [cu.unit for cu in compilation.units]
    attribution = _style_id(doc, STYLE["attribution"])
    proposal = _style_id(doc, STYLE["proposal"])
    pending: list[tuple[int, list[tuple[UnitView, int, int, str, str, str]]]] = []

    def proposed(entry: tuple[UnitView, int, int, str, str, str]) -> None:
        unit, sec, sub, number, label, text = entry
        p = _add_unit_paragraph(doc, unit, sec, sub)
        if number:
            p.append(_run(number_prefix(number), style_id=_style_id(doc, STYLE["number"])))
        p.append(_run("["))
        p.append(_run(label, style_id=attribution))
        p.append(_run(text, style_id=proposal))
        p.append(_run("]"))

    for cu, sec, sub in zip(compilation.units, section_levels(units), sub_levels(units),
                            strict=True):
        while pending and pending[-1][0] >= cu.depth:
            for entry in pending.pop()[1]:
                proposed(entry)
        unit = cu.unit
        p = _add_unit_paragraph(doc, unit, sec, sub)
        if unit.number:
            p.append(_run(number_prefix(unit.number), style_id=_style_id(doc, STYLE["number"])))
        if unit.heading:
            p.append(_run(unit.heading, style_id=_style_id(doc, STYLE["heading"])))
            if unit.text:
                p.append(_run("\n"))
        for piece in cu.pieces:
            for run in _piece_runs(doc, piece, names):
                p.append(run)
        for marker in cu.markers:
            verb = _MARKER_VERB.get(marker.kind.value, marker.kind.value)
            p.append(_run(f" [{_who(marker.by, names)}: {verb}]",
                          style_id=attribution))
        label = STATUS_LABEL.get(unit.status)
        if label:
            p.append(_run(" "))
            p.append(_run(label, style_id=_style_id(doc, STYLE["status"])))
        _shade(p, unit.status)
        for alt in cu.alternatives:
            proposed((unit, sec, sub, alt.number or "", f"alt - {_who(alt.by, names)}: ",
                      alt.text.strip()))
        for item in cu.unsettled:
            proposed((unit, sec, sub, "", f"{item.outcome.value} - {_who(item.by, names)}: ",
                      unsettled_words(item)))
        if cu.additions:
            pending.append((cu.depth, [
                (unit, sec, sub, add.number or "", f"new - {_who(add.by, names)}: ",
                 add.text.strip()) for add in cu.additions]))
    while pending:
        for entry in pending.pop()[1]:
            proposed(entry)
    return _save(doc)
