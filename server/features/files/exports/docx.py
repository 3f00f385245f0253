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

What a unit carries besides its words (:mod:`server.core.richtext`): italic and bold runs are
runs with ``w:i`` and ``w:b``; a footnote is a real Word footnote (the ``footnotes`` part,
built here with lxml since python-docx has no API for it and its forks that do are
unmaintained), its reference where it is anchored, its text in the paragraph style
``Footnote Text`` after a ``w:footnoteRef``. When the document's marks are 1, 2, 3... in
order, Word numbers them itself; otherwise (``*``, or a revision whose footnotes start at
5) each reference carries the document's own mark (``w:customMarkFollows``, the mark in
the reference's run), both in the character style ``Footnote Reference``; an editorial
note is ``{note}`` in the character style ``Accord Editorial Note`` (italic, grey), where it
is anchored or after the text; an alternative of an option group is preceded by a paragraph
in the style ``Accord Option`` with its label ("Option 1", "Option 2: No text").
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from lxml import etree

from server.core.compilation import Attribution, Compilation, Piece, unsettled_words
from server.core.diff import Op, Span, word_diff
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import (
    NO_TEXT,
    PROPERTY_CHARS,
    STATUS_LABEL,
    ComparedUnit,
    DocumentMeta,
    Inline,
    has_rich,
    inline_pieces,
    number_prefix,
    option_label,
    option_starts,
    pieces_in,
    section_levels,
    shorten,
    spaced_after,
    sub_levels,
    unit_notes,
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
    "note": "Accord Editorial Note",
    "option": "Accord Option",
    "footnote_text": "Footnote Text",
    "footnote_reference": "Footnote Reference",
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
    note = styles.add_style(STYLE["note"], WD_STYLE_TYPE.CHARACTER)
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    option = styles.add_style(STYLE["option"], WD_STYLE_TYPE.PARAGRAPH)
    option.base_style = paragraph
    option.font.bold = True
    option.font.italic = True
    option.paragraph_format.keep_with_next = True
    footnote_text = styles.add_style(STYLE["footnote_text"], WD_STYLE_TYPE.PARAGRAPH)
    footnote_text.base_style = normal
    footnote_text.font.size = Pt(10)
    footnote_text.paragraph_format.space_after = Pt(0)
    footnote_reference = styles.add_style(STYLE["footnote_reference"],
                                          WD_STYLE_TYPE.CHARACTER)
    footnote_reference.font.superscript = True
    core = doc.core_properties
    core.title = shorten(meta.full_title, PROPERTY_CHARS)
    core.author = "Accord"
    core.language = meta.language
    if meta.language == "ar":
        _right_to_left(doc)
    if meta.date is not None:
        core.created = meta.date.replace(tzinfo=None)
    if meta.history_hash:
        core.comments = f"History hash: {meta.history_hash}"
    doc.add_paragraph(xml_text(meta.title), style="Title")
    if meta.label:
        doc.add_paragraph(xml_text(meta.label), style="Subtitle")
    return doc


class _Footnotes:
    """The document's footnotes part, made on the first footnote (Word's separators
    first, ids -1 and 0)."""

    def __init__(self, doc: Any, units: Sequence[UnitView] = ()) -> None:
        self.doc = doc
        self.root: Any = None
        self.next_id = 1
        marks = [f.mark.strip() for u in units
                 for f in sorted(u.footnotes, key=lambda f: f.offset)]  # as printed
        #: Word's own numbering gives the marks the document prints
        self.automatic = marks == [str(n) for n in range(1, len(marks) + 1)]

    def _part_root(self) -> Any:
        if self.root is None:
            self.root = OxmlElement("w:footnotes")
            for fid, kind in (("-1", "separator"), ("0", "continuationSeparator")):
                footnote = OxmlElement("w:footnote")
                footnote.set(qn("w:type"), kind)
                footnote.set(qn("w:id"), fid)
                p = OxmlElement("w:p")
                ppr = OxmlElement("w:pPr")
                spacing = OxmlElement("w:spacing")
                spacing.set(qn("w:after"), "0")
                ppr.append(spacing)
                p.append(ppr)
                run = OxmlElement("w:r")
                run.append(OxmlElement(f"w:{kind}"))
                p.append(run)
                footnote.append(p)
                self.root.append(footnote)
        return self.root

    def reference(self, mark: str, text: str) -> Any:
        """A run referring to a new footnote ``text`` with the printed ``mark``."""
        root = self._part_root()
        fid = str(self.next_id)
        self.next_id += 1
        mark = " ".join(xml_text(mark).split()) or fid
        reference_style = _style_id(self.doc, STYLE["footnote_reference"])
        footnote = OxmlElement("w:footnote")
        footnote.set(qn("w:id"), fid)
        for index, line in enumerate(xml_text(text).split("\n") or [""]):
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            pstyle = OxmlElement("w:pStyle")
            pstyle.set(qn("w:val"), _style_id(self.doc, STYLE["footnote_text"]))
            ppr.append(pstyle)
            p.append(ppr)
            if index == 0:
                ref_run = _run("", style_id=reference_style)
                ref_run.append(OxmlElement("w:footnoteRef"))
                p.append(ref_run)
                p.append(_run(" "))
            if line:
                p.append(_run(line))
            footnote.append(p)
        root.append(footnote)
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), reference_style)
        rpr.append(rstyle)
        run.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        if not self.automatic:
            ref.set(qn("w:customMarkFollows"), "1")
        ref.set(qn("w:id"), fid)
        run.append(ref)
        if not self.automatic:
            t = OxmlElement("w:t")
            t.text = mark
            run.append(t)
        return run

    def attach(self) -> None:
        """Add the part to the package (once the document is written)."""
        if self.root is None:
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8",
                              standalone=True)
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob,
                    self.doc.part.package)
        self.doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.root = None


def _save(doc: Any, footnotes: _Footnotes | None = None) -> bytes:
    if footnotes is not None:
        footnotes.attach()
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
    """A style's id, looked up once per document (python-docx searches the styles part on
    every lookup: it was most of a long revision's export time)."""
    cache: dict[str, str] | None = getattr(doc, "_accord_style_ids", None)
    if cache is None:
        cache = {}
        doc._accord_style_ids = cache
    if name not in cache:
        cache[name] = str(doc.styles[name].style_id)
    return cache[name]


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
         strike: bool = False, bold: bool = False, italic: bool = False) -> Any:
    run = OxmlElement("w:r")
    if style_id or strike or bold or italic:
        rpr = OxmlElement("w:rPr")
        if style_id:
            rstyle = OxmlElement("w:rStyle")
            rstyle.set(qn("w:val"), style_id)
            rpr.append(rstyle)
        # CT_RPr's order: rStyle, ..., b, i, ..., strike
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
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
    p = doc.add_paragraph()._p
    pstyle = OxmlElement("w:pStyle")
    pstyle.set(qn("w:val"), _style_id(doc, _paragraph_style(unit, section_level, sub_level)))
    p.get_or_add_pPr().insert(0, pstyle)
    return p


# --------------------------------------------------------------------------- revision


def _pieces_runs(doc: Any, pieces: Sequence[Inline], footnotes: _Footnotes, *,
                 deleted: bool = False) -> list[Any]:
    runs: list[Any] = []
    note_style = _style_id(doc, STYLE["note"])
    for index, piece in enumerate(pieces):
        if piece.kind == "footnote":
            runs.append(footnotes.reference(piece.mark, piece.text))
        elif piece.kind == "note":
            space = " " if spaced_after(pieces, index) else ""
            runs.append(_run("{" + " ".join(piece.text.split()) + "}" + space,
                             style_id=note_style, deleted=deleted))
        elif piece.text:
            runs.append(_run(piece.text, bold=piece.bold, italic=piece.italic,
                             deleted=deleted))
    return runs


def _rich_runs(doc: Any, unit: UnitView, footnotes: _Footnotes) -> list[Any]:
    """The unit's text as runs: its styles, footnote references and editorial notes."""
    runs = _pieces_runs(doc, inline_pieces(unit), footnotes)
    note_style = _style_id(doc, STYLE["note"])
    for note in unit_notes(unit):
        # the space before a note on the whole unit is the note's, not the text's
        runs.append(_run((" " if runs else "") + "{" + " ".join(note.split()) + "}",
                         style_id=note_style))
    return runs


def _option_paragraph(doc: Any, unit: UnitView, sub_level: int) -> None:
    assert unit.option is not None
    label = option_label(unit) + (f": {NO_TEXT}" if unit.option.no_text else "")
    paragraph = doc.add_paragraph(style=STYLE["option"])
    if unit.kind is UnitKind.SUBPARAGRAPH:
        paragraph.paragraph_format.left_indent = Twips(567 * min(max(sub_level, 1),
                                                                 MAX_SUB_LEVEL))
    paragraph._p.append(_run(label))


def _right_to_left(doc: Any) -> None:
    """An Arabic version: every paragraph right to left and every run's complex script
    Arabic, set once in the document's defaults (styles.xml's docDefaults)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    for holder, inner in (("w:rPrDefault", "w:rPr"), ("w:pPrDefault", "w:pPr")):
        outer = defaults.find(qn(holder))
        if outer is None:
            outer = OxmlElement(holder)
            defaults.append(outer)
        props = outer.find(qn(inner))
        if props is None:
            props = OxmlElement(inner)
            outer.append(props)
        if inner == "w:pPr":
            if props.find(qn("w:bidi")) is None:
                props.insert(0, OxmlElement("w:bidi"))  # bidi precedes spacing and ind
            continue
        lang = props.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            props.append(lang)
        lang.set(qn("w:bidi"), "ar-SA")
        if props.find(qn("w:rtl")) is None:
            lang.addprevious(OxmlElement("w:rtl"))  # rtl comes right before cs and lang


def revision_docx(meta: DocumentMeta, units: Sequence[UnitView]) -> bytes:
    """A clean revision: one Word paragraph per unit, numbers as text, status marked (and
    the paragraph shaded: yellow agreed in informals, green agreed ad ref or adopted);
    italics, bold, footnotes, editorial notes and option labels as the module says."""
    doc = _new_document(meta)
    footnotes = _Footnotes(doc, units)
    for unit, sec, sub, (_, alternative) in zip(units, section_levels(units),
                                                sub_levels(units), option_starts(units),
                                                strict=True):
        if alternative and unit.option is not None:
            _option_paragraph(doc, unit, sub)
        if unit.option is not None and unit.option.no_text and not unit.text \
                and not unit.heading and not unit.footnotes and not unit.notes:
            continue
        p = _add_unit_paragraph(doc, unit, sec, sub)
        for role, text in _segments(unit):
            if role == "text":
                for run in _rich_runs(doc, unit, footnotes):
                    p.append(run)
            else:
                p.append(_run(text, style_id=_role_style(doc, role)))
        if not unit.text and (unit.footnotes or unit.notes):
            for run in _rich_runs(doc, unit, footnotes):
                p.append(run)
        _shade(p, unit.status)
    return _save(doc, footnotes)


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
    footnotes = _Footnotes(doc, [item.after for item in items if item.after is not None])
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
        before, after = item.before, item.after
        rich = has_rich(before) or has_rich(after)
        old_at = new_at = 0
        for role, span in _compared_spans(before, after):
            style_id = _role_style(doc, role)
            if role == "text" and rich:
                # each span in its version's styles, the newer one's footnotes and notes
                n = len(span.text)
                if span.op is Op.DELETE:
                    pieces = pieces_in(before, old_at, old_at + n, anchors=False)
                    old_at += n
                else:
                    pieces = pieces_in(after, new_at, new_at + n,
                                       last=new_at + n == len(after.text))
                    new_at += n
                    old_at += n if span.op is Op.EQUAL else 0
                runs = _pieces_runs(doc, pieces, footnotes, deleted=span.op is Op.DELETE)
                if span.op is Op.EQUAL:
                    for run in runs:
                        p.append(run)
                else:
                    wrapper = marks.wrap("w:del" if span.op is Op.DELETE else "w:ins", author)
                    for run in runs:
                        wrapper.append(run)
                    p.append(wrapper)
                continue
            if span.op is Op.EQUAL:
                p.append(_run(span.text, style_id=style_id))
            else:
                deleted = span.op is Op.DELETE
                wrapper = marks.wrap("w:del" if deleted else "w:ins", author)
                wrapper.append(_run(span.text, style_id=style_id, deleted=deleted))
                p.append(wrapper)
        if rich:
            for note in unit_notes(after):
                p.append(_run(" {" + " ".join(note.split()) + "}",
                              style_id=_style_id(doc, STYLE["note"])))
        _shade(p, item.after.status)
    return _save(doc, footnotes)


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
    footnotes = _Footnotes(doc, units)
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
        at = 0
        for piece in cu.pieces:
            end = at + len(piece.text)
            last = end == len(unit.text)
            if not piece.changed and has_rich(unit):
                runs = _pieces_runs(doc, pieces_in(unit, at, end, last=last), footnotes)
            else:
                runs = _piece_runs(doc, piece, names) + _pieces_runs(
                    doc, [x for x in pieces_in(unit, at, end, last=last) if x.kind != "text"],
                    footnotes)
            for run in runs:
                p.append(run)
            at = end
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
    return _save(doc, footnotes)
