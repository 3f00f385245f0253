"""Importing Akoma Ntoso documents (3.0, and 2.0 as in the UN samples) into units.

The first document element (``doc``, ``bill``, ``act``, ``statement``...) is read: its
``docTitle`` is the title; its ``preamble`` (or an ``hcontainer`` named ``preamble``) becomes
the preamble with one paragraph per block; the body's hierarchy becomes units: containers
(``section``, ``article``, ``chapter``, ``part``...) are sections, ``paragraph``, ``point``,
``clause``... are paragraphs (sub-paragraphs under another paragraph), ``list`` and
``blockList`` are transparent. ``num`` is the display number, ``heading`` the heading, the
``p``s of ``content``/``intro``/``wrapUp`` the text. A ``wId`` (Accord's stable key) becomes
the unit's key, and a ``refersTo`` a status concept the status.

What the text carries besides its words (:mod:`server.core.richtext`), as Accord's export
writes it and the UN samples have it: ``i`` and ``b`` are italic and bold runs; an
``authorialNote`` is a footnote anchored where it stands, numbered by its ``marker`` (its text
is not part of the paragraph's); a ``noteRef`` to a ``note`` of the metadata's ``notes`` is an
editorial note anchored there when the note's ``class`` is ``editorial`` (else a footnote),
and an editorial ``note`` whose ``placementBase`` names a unit's ``eId`` is a note on that
whole unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from server.core.errors import Invalid
from server.core.richtext import EditorialNote, Footnote, Mark, footnote_order, normalise_marks
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import strip_number
from server.features.files.importers.result import Parsed
from server.features.files.importers.safety import check_size, check_text_size, parse_xml

NAMESPACES: Final = (
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
    "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13",
    "http://www.akomantoso.org/2.0",
    "http://www.akomantoso.org/1.0",
)
_KEY: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_CONTAINERS: Final = {"section", "article", "chapter", "part", "title", "book", "tome",
                      "division", "subsection", "subpart", "subchapter", "subtitle",
                      "subdivision", "hcontainer", "transitional", "rule"}
_ITEMS: Final = {"paragraph", "subparagraph", "point", "clause", "subclause", "alinea",
                 "indent", "level", "proviso", "subrule", "item"}
_TRANSPARENT: Final = {"list", "sublist", "blockList", "blockContainer", "container",
                       "mainBody", "body"}
_SKIP: Final = {"authorialNote", "noteRef", "eol", "eop"}
_TEXT_PARTS: Final = {"content", "intro", "wrapUp"}
_STATUS: Final = {s.value: s for s in UnitStatus}


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


_ITALIC: Final = 1
_BOLD: Final = 2
_STYLE_OF: Final = {"i": _ITALIC, "b": _BOLD}


@dataclass(frozen=True, slots=True)
class _Line:
    """One block's text, whitespace collapsed, with what it carries (code-point offsets)."""

    text: str
    marks: tuple[Mark, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[EditorialNote, ...] = ()

    def shifted(self, by: int) -> _Line:
        return _Line(self.text, tuple(Mark(m.start + by, m.end + by, m.style)
                                      for m in self.marks),
                     tuple(Footnote(f.mark, f.offset + by, f.text) for f in self.footnotes),
                     tuple(EditorialNote(n.text, None if n.offset is None else n.offset + by)
                           for n in self.notes))

    def prefixed(self, prefix: str) -> _Line:
        moved = self.shifted(len(prefix))
        return _Line(prefix + moved.text, moved.marks, moved.footnotes, moved.notes)


def _joined(lines: list[_Line]) -> _Line:
    """The lines as one text, one per line ("\n" between them)."""
    text: list[str] = []
    marks: list[Mark] = []
    footnotes: list[Footnote] = []
    notes: list[EditorialNote] = []
    at = 0
    for line in (line for line in lines if line.text):
        if text:
            text.append("\n")
            at += 1
        moved = line.shifted(at)
        text.append(line.text)
        marks += moved.marks
        footnotes += moved.footnotes
        notes += moved.notes
        at += len(line.text)
    whole = "".join(text)
    return _Line(whole, normalise_marks(marks, len(whole)), footnote_order(footnotes),
                 tuple(notes))


@dataclass(slots=True)
class _Notes:
    """The document's notes: its metadata's ``notes`` by id, and the numbering of footnotes
    written without a marker."""

    by_id: dict[str, etree._Element] = field(default_factory=dict)
    #: Editorial notes on a whole unit, by the unit's eId (``placementBase``).
    on_unit: dict[str, list[str]] = field(default_factory=dict)
    counter: int = 0

    def marker(self, given: str | None) -> str:
        self.counter += 1
        return given.strip() if given and given.strip() else str(self.counter)


def _note_text(note: etree._Element) -> str:
    paragraphs = [_inline_text(p) for p in note.findall("{*}p")]
    return "\n".join(p for p in paragraphs if p) or _inline_text(note)


def _rich_inline(element: etree._Element, notes: _Notes | None = None) -> _Line:
    """The inline content of ``element`` as one line: whitespace runs collapsed to one space
    and trimmed (as before), ``i``/``b`` as marks, ``authorialNote`` and ``noteRef`` as
    footnotes and editorial notes anchored where they stand (their text left out of the
    line's)."""
    chars: list[tuple[str, int]] = []
    anchors: list[tuple[int, Footnote | EditorialNote]] = []  # raw position, what

    def add(text: str | None, flags: int) -> None:
        if text:
            chars.extend((ch, flags) for ch in text)

    def anchor(node: etree._Element, name: str) -> None:
        if notes is None:
            return
        if name == "authorialNote":
            anchors.append((len(chars), Footnote(notes.marker(node.get("marker")), 0,
                                                 _note_text(node))))
            return
        if name == "noteRef":
            target = notes.by_id.get((node.get("href") or "").lstrip("#"))
            if target is None:
                return
            if "editorial" in (target.get("class") or "").split() or \
                    "editorial" in (node.get("class") or "").split():
                anchors.append((len(chars), EditorialNote(_note_text(target), 0)))
            else:
                anchors.append((len(chars), Footnote(notes.marker(node.get("marker")), 0,
                                                     _note_text(target))))

    def visit(node: etree._Element, flags: int) -> None:
        name = _local(node)
        if name in _SKIP:
            anchor(node, name)
            return
        flags |= _STYLE_OF.get(name, 0)
        add(node.text, flags)
        for child in node:
            visit(child, flags)
            add(child.tail, flags)

    add(element.text, 0)
    for child in element:
        visit(child, 0)
        add(child.tail, 0)
    # Collapse whitespace as " ".join(text.split()) does, keeping where each character and
    # anchor lands; a space between two styled words keeps the style both have.
    out: list[str] = []
    styles: list[int] = []
    at_raw: list[int] = []  # raw position -> output offset (before any pending space)
    pending = False
    for ch, flags in chars:
        at_raw.append(len(out))
        if ch.isspace():
            pending = bool(out)
            continue
        if pending:
            out.append(" ")
            styles.append(styles[-1] & flags)
            pending = False
        out.append(ch)
        styles.append(flags)
    at_raw.append(len(out))
    text = "".join(out)
    marks: list[Mark] = []
    for bit, style in ((_ITALIC, "italic"), (_BOLD, "bold")):
        start: int | None = None
        for i, flags in enumerate([*styles, 0]):
            if flags & bit and start is None:
                start = i
            elif not flags & bit and start is not None:
                marks.append(Mark(start, i, style))  # type: ignore[arg-type]
                start = None
    footnotes: list[Footnote] = []
    found: list[EditorialNote] = []
    for raw, what in anchors:
        offset = at_raw[raw]
        # written after a space and before a word ("Parties <noteRef/>shall"): after the
        # space the output keeps; before a space ("1961<note/> as"): before it
        if offset > 0 and 0 < raw < len(chars) and chars[raw - 1][0].isspace() \
                and not chars[raw][0].isspace():
            offset += 1
        offset = min(offset, len(text))
        if isinstance(what, Footnote):
            footnotes.append(Footnote(what.mark, offset, what.text))
        else:
            found.append(EditorialNote(what.text, offset))
    return _Line(text, normalise_marks(marks, len(text)), footnote_order(footnotes),
                 tuple(found))


def _inline_text(element: etree._Element) -> str:
    return _rich_inline(element).text


def _block_lines(element: etree._Element, notes: _Notes | None = None) -> list[_Line]:
    """The text of the blocks (p, and blocks nested in containers) under ``element``."""
    lines: list[_Line] = []
    for child in element:
        name = _local(child)
        if name in ("p", "block", "heading", "subheading", "num", "docTitle") or (
                name not in _CONTAINERS | _ITEMS | _TRANSPARENT and not len(child)):
            if name in ("heading", "subheading", "num"):
                continue
            line = _rich_inline(child, notes)
            if line.text:
                lines.append(line)
        elif name in _SKIP:
            continue
        elif name not in _CONTAINERS | _ITEMS:
            lines.extend(_block_lines(child, notes))
    return lines


class _Reader:
    def __init__(self, notes: _Notes | None = None) -> None:
        self.units: list[UnitView] = []
        self.keys: set[str] = set()
        self.warnings: list[str] = []
        self.notes = notes or _Notes()

    def _unit(self, element: etree._Element | None, kind: UnitKind, parent: str | None,
              line: _Line, *, number: str | None = None, heading: str | None = None,
              status: UnitStatus = UnitStatus.OPEN) -> str:
        key = self._key(element)
        eid = (element.get("eId") or element.get("id") or "") if element is not None else ""
        whole = tuple(EditorialNote(text) for text in self.notes.on_unit.get(eid, []))
        self.units.append(UnitView(
            key=key, kind=kind, parent=parent, number=number, text=line.text, heading=heading,
            status=status, marks=line.marks, footnotes=line.footnotes,
            notes=line.notes + whole))
        return key

    def _key(self, element: etree._Element | None) -> str:
        wid = (element.get("wId") or "") if element is not None else ""
        if _KEY.match(wid) and wid not in self.keys:
            key = wid
        else:
            n = len(self.units) + 1
            key = f"i{n}"
            while key in self.keys:
                n += 1
                key = f"i{n}"
        self.keys.add(key)
        return key

    def _status(self, element: etree._Element) -> UnitStatus:
        for ref in (element.get("refersTo") or "").split():
            status = _STATUS.get(ref.lstrip("#"))
            if status is not None:
                return status
        return UnitStatus.OPEN

    def add(self, element: etree._Element, kind: UnitKind, parent: str | None,
            line: _Line) -> str:
        num = element.find("{*}num")
        heading = element.find("{*}heading")
        number = strip_number(_inline_text(num)) if num is not None else None
        return self._unit(element, kind, parent, line, number=number,
                          heading=(_inline_text(heading) or None) if heading is not None
                          else None, status=self._status(element))

    def own_text(self, element: etree._Element) -> _Line:
        lines: list[_Line] = []
        for child in element:
            name = _local(child)
            if name in _TEXT_PARTS:
                lines.extend(_block_lines(child, self.notes))
            elif name == "p":
                lines.append(_rich_inline(child, self.notes))
        return _joined(lines)

    def preamble(self, element: etree._Element, parent: str | None) -> None:
        heading = element.find("{*}heading")
        key = self._key(element)
        self.units.append(UnitView(key, UnitKind.PREAMBLE if parent is None
                                   else UnitKind.SECTION, parent, None, "",
                                   _inline_text(heading) if heading is not None else None,
                                   self._status(element)))
        for child in element:
            name = _local(child)
            if name in ("heading", "num"):
                continue
            if name in _CONTAINERS | _ITEMS:
                self.hier(child, key, UnitKind.PREAMBLE)
                continue
            for line in self._blocks_of(child):
                self._unit(child if _local(child) == "p" else None, UnitKind.PARAGRAPH, key,
                           line)

    def _blocks_of(self, element: etree._Element) -> list[_Line]:
        name = _local(element)
        if name == "p":
            line = _rich_inline(element, self.notes)
            return [line] if line.text else []
        if name in _SKIP:
            return []
        if name in ("recital", "citation"):
            own = self.own_text(element)
            line = own if own.text else _joined(_block_lines(element, self.notes))
            num = element.find("{*}num")
            prefix = (_inline_text(num) + " ") if num is not None else ""
            return [line.prefixed(prefix)] if line.text else []
        if len(element):
            return _block_lines(element, self.notes)
        line = _rich_inline(element, self.notes)
        return [line] if line.text else []

    def hier(self, element: etree._Element, parent: str | None,
             parent_kind: UnitKind | None) -> None:
        name = _local(element)
        if name in _SKIP:
            return
        if (name == "hcontainer" and element.get("name") == "preamble") or name == "preamble":
            self.preamble(element, parent)
            return
        if name == "hcontainer" and element.get("name") in ("optionGroup", "option"):
            # Accord's option groups (exports/akn.py): their units belong to the parent.
            for child in element:
                self.hier(child, parent, parent_kind)
            return
        if name in _TRANSPARENT:
            for child in element:
                if _local(child) in _TEXT_PARTS | {"p"}:
                    line = _joined(_block_lines(child, self.notes) if _local(child) != "p"
                                   else self._blocks_of(child))
                    if line.text:
                        kind = UnitKind.PARAGRAPH if parent_kind in (
                            None, UnitKind.SECTION, UnitKind.PREAMBLE) else \
                            UnitKind.SUBPARAGRAPH
                        self._unit(None, kind, parent, line)
                else:
                    self.hier(child, parent, parent_kind)
            return
        if name in _CONTAINERS:
            if parent_kind in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH):
                kind = UnitKind.SUBPARAGRAPH
            else:
                kind = UnitKind.SECTION
        elif name in _ITEMS:
            kind = UnitKind.PARAGRAPH if parent_kind in (
                None, UnitKind.SECTION, UnitKind.PREAMBLE) else UnitKind.SUBPARAGRAPH
        else:
            return
        key = self.add(element, kind, parent, self.own_text(element))
        for child in element:
            child_name = _local(child)
            if child_name in _TEXT_PARTS:
                for grandchild in child:
                    if _local(grandchild) in _CONTAINERS | _ITEMS | _TRANSPARENT - {"container"}:
                        self.hier(grandchild, key, kind)
            elif child_name in _CONTAINERS | _ITEMS | _TRANSPARENT:
                self.hier(child, key, kind)


def _document_notes(document: etree._Element) -> _Notes:
    """The notes of the metadata (``meta/notes/note``), by eId (3.0) or id (2.0)."""
    notes = _Notes()
    for note in document.findall("{*}meta/{*}notes/{*}note"):
        ident = note.get("eId") or note.get("id") or note.get("GUID")
        if ident:
            notes.by_id[ident] = note
        base = (note.get("placementBase") or "").lstrip("#")
        if base and "editorial" in (note.get("class") or "").split():
            notes.on_unit.setdefault(base, []).append(_note_text(note))
    return notes


def parse_akn(data: bytes) -> Parsed:
    """Read an Akoma Ntoso document into units (see the module docstring). Raises Invalid
    for anything that is not Akoma Ntoso, is not well-formed, or trips the safety limits."""
    check_size(data, "Akoma Ntoso")
    root = parse_xml(data, "Akoma Ntoso document")
    # Before reading runs and notes out of the text: a file under the size limit can hold
    # one text node too long for any negotiated text (and for the reader's memory).
    check_text_size(sum(len(text) for text in root.itertext()))
    namespace = root.tag.split("}", 1)[0].lstrip("{") if root.tag.startswith("{") else ""
    if _local(root) != "akomaNtoso" or namespace not in NAMESPACES:
        raise Invalid("This is not an Akoma Ntoso document (root akomaNtoso in the 2.0 or "
                      "3.0 namespace).", details={"field": "content"})
    document = next((child for child in root if isinstance(child.tag, str)), None)
    if document is None:
        raise Invalid("The Akoma Ntoso document is empty.", details={"field": "content"})
    title_el = document.find(".//{*}preface//{*}docTitle")
    if title_el is None:
        title_el = document.find(".//{*}docTitle")
    title = _inline_text(title_el) if title_el is not None else None
    if not title:
        frbr_name = document.find("{*}meta//{*}FRBRWork/{*}FRBRname")
        title = frbr_name.get("value") if frbr_name is not None else None
    reader = _Reader(_document_notes(document))
    for part in document:
        name = _local(part)
        if name == "preamble":
            reader.preamble(part, None)
        elif name in ("body", "mainBody", "mainContent", "judgmentBody", "debateBody"):
            reader.hier(part, None, None)
    if not reader.units:
        raise Invalid("No paragraphs or sections were found in the Akoma Ntoso document.",
                      details={"field": "content"})
    return Parsed(title or None, reader.units, reader.warnings)
