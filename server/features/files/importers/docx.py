"""Importing a Word document (DOCX) into units.

Documents exported by Accord (:mod:`server.features.files.exports.docx`) are read by their
styles, so a round trip gives back the same units, numbers, headings, texts and statuses.
Any other Word document is turned into lines (headings as Markdown headings, automatic
numbering from
``w:numPr`` rendered as the number Word would show: ``1.``, ``(a)``, ``i.``) and read by
:func:`server.core.importing.import_text`, which finds paragraphs, lettered sub-paragraphs,
sections and the preamble. Tracked changes are read as accepted (insertions kept, deletions
dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from server.core.errors import Invalid
from server.core.importing import import_text
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import LABEL_STATUS, strip_number
from server.features.files.importers.result import Parsed, from_import_result
from server.features.files.importers.safety import SafeZip, check_text_size, parse_xml

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC: Final = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                      "officeDocument")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: etree._Element | None, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(_w(tag))
    return None if child is None else child.get(_w("val"))


# --------------------------------------------------------------------------- the package


def _main_part(package: SafeZip) -> str:
    rels = package.read("_rels/.rels")
    if rels is not None:
        root = parse_xml(rels, "DOCX package")
        for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("Type") == _OFFICE_DOC:
                return (rel.get("Target") or "").lstrip("/")
    return "word/document.xml"


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)  # id -> lower-case name
    numbering: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (numId, ilvl)

    def name(self, style_id: str | None) -> str:
        if not style_id:
            return ""
        return self.names.get(style_id, style_id.lower())


def _styles(package: SafeZip) -> _Styles:
    out = _Styles()
    data = package.read("word/styles.xml")
    if data is None:
        return out
    for style in parse_xml(data, "DOCX styles").iter(_w("style")):
        style_id = style.get(_w("styleId"))
        if not style_id:
            continue
        name = _val(style, "name")
        out.names[style_id] = (name or style_id).lower()
        ppr = style.find(_w("pPr"))
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is not None and _val(numpr, "numId"):
            out.numbering[style_id] = (_val(numpr, "numId") or "", _val(numpr, "ilvl") or "0")
    return out


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


class _Numbering:
    """Word's automatic numbering: the label each numbered paragraph shows."""

    def __init__(self, package: SafeZip) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int]] = {}
        data = package.read("word/numbering.xml")
        if data is None:
            return
        root = parse_xml(data, "DOCX numbering")
        for abstract in root.iter(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(_w("lvl")):
                level = _Level()
                start = _val(lvl, "start")
                level.start = int(start) if start and start.isdigit() else 1
                level.fmt = _val(lvl, "numFmt") or "decimal"
                level.text = _val(lvl, "lvlText") or ""
                levels[_int(lvl.get(_w("ilvl")))] = level
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iter(_w("num")):
            num_id = num.get(_w("numId")) or ""
            self.nums[num_id] = _val(num, "abstractNumId") or ""
            for override in num.iter(_w("lvlOverride")):
                start = _val(override, "startOverride")
                if start and start.isdigit():
                    self.overrides[(num_id, _int(override.get(_w("ilvl"))))] = int(start)

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.abstract.get(self.nums.get(num_id, ""), {})
        if num_id == "0" or not levels:
            return ""
        ilvl = max(0, min(ilvl, 8))
        counters = self.counters.setdefault(num_id, [0] * 9)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        counters[ilvl] += 1

        def value(level: int) -> int:
            start = self.overrides.get((num_id, level), levels.get(level, _Level()).start)
            return start + max(counters[level], 1) - 1

        level = levels.get(ilvl, _Level())
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""
        return re.sub(r"%([1-9])",
                      lambda m: _format(value(int(m.group(1)) - 1),
                                        levels.get(int(m.group(1)) - 1, _Level()).fmt),
                      level.text)


def _int(s: str | None) -> int:
    return int(s) if s and s.isdigit() else 0


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        quotient, remainder = divmod(max(n, 1) - 1, 26)
        letter = chr(ord("a") + remainder) * (quotient + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(max(n, 1))
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


# --------------------------------------------------------------------------- paragraphs


@dataclass
class _Para:
    style: str  # lower-case style name
    runs: list[tuple[str, str]]  # (character style name, text)
    num: tuple[str, int] | None
    deleted_mark: bool = False

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.runs)


def _paragraphs(body: etree._Element, styles: _Styles) -> list[_Para]:
    out: list[_Para] = []
    for p in body.iter(_w("p")):
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle")
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        num: tuple[str, int] | None = None
        if numpr is not None and _val(numpr, "numId"):
            num = (_val(numpr, "numId") or "", _int(_val(numpr, "ilvl")))
        elif style_id in styles.numbering:
            num_id, ilvl = styles.numbering[style_id]
            num = (num_id, _int(ilvl))
        mark = ppr.find(_w("rPr")) if ppr is not None else None
        deleted_mark = mark is not None and mark.find(_w("del")) is not None
        runs: list[tuple[str, str]] = []
        for r in p.iter(_w("r")):
            if any(a.tag in (_w("del"), _w("moveFrom")) for a in r.iterancestors()):
                continue  # tracked deletions: read the text as accepted
            if r.getparent() is not None and any(
                    a.tag == _w("p") and a is not p for a in r.iterancestors()):
                continue  # a run of a nested paragraph (text box): read on its own
            char_style = styles.name(_val(r.find(_w("rPr")), "rStyle"))
            parts: list[str] = []
            for child in r:
                if child.tag == _w("t"):
                    parts.append(child.text or "")
                elif child.tag == _w("tab"):
                    parts.append("\t")
                elif child.tag in (_w("br"), _w("cr")) and child.get(_w("type")) != "page":
                    parts.append("\n")
                elif child.tag == _w("noBreakHyphen"):
                    parts.append("\u2011")
            if parts:
                runs.append((char_style, "".join(parts)))
        out.append(_Para(styles.name(style_id), runs, num, deleted_mark))
    return out


def _is_accord(paragraphs: list[_Para]) -> bool:
    return any(p.style.startswith("accord ") for p in paragraphs) or any(
        style == "accord number" for p in paragraphs for style, _ in p.runs)


_HEADING_STYLE: Final = re.compile(r"^heading (\d)$")


def _accord_units(paragraphs: list[_Para]) -> Parsed:
    title: str | None = None
    units: list[UnitView] = []
    containers: list[tuple[int, str]] = []  # (level, key) of open sections / the preamble
    items: list[str] = []  # open paragraph (index 0) and sub-paragraphs by level
    warnings: list[str] = []
    for para in paragraphs:
        if para.deleted_mark and not para.text.strip():
            continue
        if para.style == "title":
            title = " ".join(para.text.split()) or title
            continue
        if para.style == "subtitle" or not para.runs:
            continue
        number_parts: list[str] = []
        heading_parts: list[str] = []
        text_parts: list[str] = []
        status: UnitStatus = UnitStatus.OPEN
        for style, text in para.runs:
            if style == "accord number":
                number_parts.append(text)
            elif style == "accord heading":
                heading_parts.append(text)
            elif style == "accord status":
                status = LABEL_STATUS.get(text.strip(), status)
            else:
                text_parts.append(text)
        body = "".join(text_parts)
        heading = "".join(heading_parts) or None
        if heading and body.startswith("\n"):
            body = body[1:]
        if status is not UnitStatus.OPEN and body.endswith(" "):
            body = body[:-1]
        number = strip_number("".join(number_parts))
        key = f"i{len(units) + 1}"
        match = _HEADING_STYLE.match(para.style)
        if para.style == "accord preamble" or match:
            level = 1 if para.style == "accord preamble" else int(match.group(1)) if match else 1
            while containers and containers[-1][0] >= level:
                containers.pop()
            kind = UnitKind.PREAMBLE if para.style == "accord preamble" else UnitKind.SECTION
            parent = containers[-1][1] if containers else None
            if kind is UnitKind.PREAMBLE and parent is not None:
                kind = UnitKind.SECTION
            units.append(UnitView(key, kind, parent, number, body, heading, status))
            containers.append((level, key))
            items = []
            continue
        sub = re.match(r"^accord subparagraph (\d)$", para.style)
        if sub and items:
            level = min(int(sub.group(1)), len(items))
            del items[level:]
            units.append(UnitView(key, UnitKind.SUBPARAGRAPH, items[-1], number, body,
                                  heading, status))
            items.append(key)
            continue
        if sub:
            warnings.append(f"a sub-paragraph ({number or body[:30]}) outside any paragraph "
                            "was read as a paragraph")
        parent = containers[-1][1] if containers else None
        units.append(UnitView(key, UnitKind.PARAGRAPH, parent, number, body, heading, status))
        items = [key]
    return Parsed(title, units, warnings)


_MD_ESCAPE: Final = re.compile(r"([\\`*_{}<>#|])")


def _generic_units(paragraphs: list[_Para], numbering: _Numbering) -> Parsed:
    lines: list[str] = []
    titled = any(p.style == "title" and p.text.strip() for p in paragraphs)
    for para in paragraphs:
        if para.deleted_mark and not para.text.strip():
            continue
        text = " ".join(para.text.replace("\t", " ").split())
        label = numbering.label(*para.num) if para.num else ""
        if not text and not label:
            continue
        text = _MD_ESCAPE.sub(r"\\\1", text)
        match = _HEADING_STYLE.match(para.style)
        if para.style == "title":
            lines.append(f"# {text}")
        elif match:
            level = min(int(match.group(1)) + (1 if titled else 0), 6)
            lines.append("#" * level + " " + " ".join(x for x in (label, text) if x))
        elif label:
            indent = "    " * (para.num[1] if para.num else 0)
            lines.append(f"{indent}{label} {text}".rstrip())
        else:
            lines.append(text)
        lines.append("")
    source = "\n".join(lines)
    if not source.strip():
        raise Invalid("The Word document holds no text.", details={"field": "content"})
    return from_import_result(import_text(source, fmt="markdown"))


def parse_docx(data: bytes) -> Parsed:
    """Read a DOCX file into units (see the module docstring). Raises Invalid for a file
    that is not a Word document, is corrupt, or trips the safety limits."""
    package = SafeZip(data, "Word")
    document = package.read(_main_part(package))
    if document is None:
        raise Invalid("This is not a Word document (no word/document.xml).",
                      details={"field": "content"})
    root = parse_xml(document, "Word document")
    body = root.find(_w("body"))
    if root.tag != _w("document") or body is None:
        raise Invalid("This is not a Word document.", details={"field": "content"})
    styles = _styles(package)
    paragraphs = _paragraphs(body, styles)
    check_text_size(sum(len(p.text) for p in paragraphs))
    if _is_accord(paragraphs):
        parsed = _accord_units(paragraphs)
    else:
        parsed = _generic_units(paragraphs, _Numbering(package))
    if not parsed.units:
        raise Invalid("No numbered paragraphs or headings were found in the Word document.",
                      details={"field": "content"})
    return parsed
