"""Importing Akoma Ntoso documents (3.0, and 2.0 as in the UN samples) into units.

The first document element (``doc``, ``bill``, ``act``, ``statement``...) is read: its
``docTitle`` is the title; its ``preamble`` (or an ``hcontainer`` named ``preamble``) becomes
the preamble with one paragraph per block; the body's hierarchy becomes units: containers
(``section``, ``article``, ``chapter``, ``part``...) are sections, ``paragraph``, ``point``,
``clause``... are paragraphs (sub-paragraphs under another paragraph), ``list`` and
``blockList`` are transparent. ``num`` is the display number, ``heading`` the heading, the
``p``s of ``content``/``intro``/``wrapUp`` the text (authorial notes left out). A ``wId``
(Accord's stable key) becomes the unit's key, and a ``refersTo`` a status concept the status.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from server.core.errors import Invalid
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import strip_number
from server.features.files.importers.result import Parsed
from server.features.files.importers.safety import check_size, parse_xml

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


def _inline_text(element: etree._Element) -> str:
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        if _local(node) in _SKIP:
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if _local(child) in _SKIP:
                continue
            if child.tail:
                parts.append(child.tail)

    if element.text:
        parts.append(element.text)
    for child in element:
        visit(child)
        if child.tail and _local(child) not in _SKIP:
            parts.append(child.tail)
    return " ".join("".join(parts).split())


def _block_lines(element: etree._Element) -> list[str]:
    """The text of the blocks (p, and blocks nested in containers) under ``element``."""
    lines: list[str] = []
    for child in element:
        name = _local(child)
        if name in ("p", "block", "heading", "subheading", "num", "docTitle") or (
                name not in _CONTAINERS | _ITEMS | _TRANSPARENT and not len(child)):
            if name in ("heading", "subheading", "num"):
                continue
            text = _inline_text(child) if name != "p" or len(child) else \
                " ".join((child.text or "").split())
            if name == "p" and len(child):
                text = _inline_text(child)
            if text:
                lines.append(text)
        elif name in _SKIP:
            continue
        elif name not in _CONTAINERS | _ITEMS:
            lines.extend(_block_lines(child))
    return lines


class _Reader:
    def __init__(self) -> None:
        self.units: list[UnitView] = []
        self.keys: set[str] = set()
        self.warnings: list[str] = []

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
            text: str) -> str:
        num = element.find("{*}num")
        heading = element.find("{*}heading")
        number = strip_number(_inline_text(num)) if num is not None else None
        key = self._key(element)
        self.units.append(UnitView(
            key=key, kind=kind, parent=parent, number=number, text=text,
            heading=(_inline_text(heading) or None) if heading is not None else None,
            status=self._status(element)))
        return key

    def own_text(self, element: etree._Element) -> str:
        lines: list[str] = []
        for child in element:
            name = _local(child)
            if name in _TEXT_PARTS:
                lines.extend(_block_lines(child))
            elif name == "p":
                lines.append(_inline_text(child))
        return "\n".join(line for line in lines if line)

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
            for text in self._blocks_of(child):
                self.units.append(UnitView(self._key(None), UnitKind.PARAGRAPH,
                                           key, None, text))

    def _blocks_of(self, element: etree._Element) -> list[str]:
        name = _local(element)
        if name == "p":
            text = _inline_text(element)
            return [text] if text else []
        if name in _SKIP:
            return []
        if name in ("recital", "citation"):
            text = self.own_text(element) or "\n".join(_block_lines(element))
            num = element.find("{*}num")
            prefix = (_inline_text(num) + " ") if num is not None else ""
            return [prefix + text] if text else []
        return _block_lines(element) if len(element) else (
            [_inline_text(element)] if _inline_text(element) else [])

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
                    text = "\n".join(_block_lines(child) if _local(child) != "p"
                                     else self._blocks_of(child))
                    if text:
                        kind = UnitKind.PARAGRAPH if parent_kind in (
                            None, UnitKind.SECTION, UnitKind.PREAMBLE) else \
                            UnitKind.SUBPARAGRAPH
                        self.units.append(UnitView(self._key(None), kind,
                                                   parent, None, text))
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


def parse_akn(data: bytes) -> Parsed:
    """Read an Akoma Ntoso document into units (see the module docstring). Raises Invalid
    for anything that is not Akoma Ntoso, is not well-formed, or trips the safety limits."""
    check_size(data, "Akoma Ntoso")
    root = parse_xml(data, "Akoma Ntoso document")
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
    reader = _Reader()
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
