"""Importing a Word document (DOCX) into units.

Documents exported by Accord (:mod:`server.features.files.exports.docx`) are read by their
styles, so a round trip gives back the same units, numbers, headings, texts and statuses, and
what they carry: italic and bold runs, footnotes at their references, editorial notes
(``{...}`` in ``Accord Editorial Note``, anchored or on the whole unit) and option groups (an
``Accord Option`` paragraph labels the alternative starting with the next unit; "Option 2: No
text" is an empty no-text alternative; labels in a row form one group).
Any other Word document is turned into lines (headings as Markdown headings, automatic
numbering from ``w:numPr``, direct or through the paragraph's style and the styles it is
based on, rendered as the number Word would show: ``1.``, ``(a)``, ``i.``, ``Part II``) and
read by :func:`server.core.importing.import_text`, which finds paragraphs, lettered
sub-paragraphs, sections, the preamble and options; each unit then gets the italic and bold
runs and footnotes of the Word paragraph its text comes from.

Word's numbering as Word computes it: counters per abstract list (``w:num`` instances of one
list continue each other), ``w:start``, ``w:startOverride`` restarts, ``w:lvlRestart``,
formats decimal, decimalZero, lower/upperLetter, lower/upperRoman, bullet and none, and
``w:lvlText`` such as ``%1.``, ``(%2)`` or ``%1.%2``. Italic and bold: the run's own
properties, else its character style, else the paragraph's style (each through the styles it
is based on), else the document defaults. Footnotes (``word/footnotes.xml``) are numbered as
Word numbers them, 1, 2, 3... in the order of their references, or by the mark a reference
prints itself (``w:customMarkFollows``). Comments are ignored. Tracked changes are read as
accepted (insertions kept, deletions dropped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Final

from lxml import etree

from server.core.errors import Invalid
from server.core.importing import import_text
from server.core.richtext import EditorialNote, Footnote, Mark, OptionRef, normalise_marks
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


def w_val(element: etree._Element | None, tag: str) -> str | None:
    """The ``w:val`` of ``element``'s child ``w:<tag>`` (None when either is missing)."""
    if element is None:
        return None
    child = element.find(_w(tag))
    return None if child is None else child.get(_w("val"))


# --------------------------------------------------------------------------- the package


def main_part(package: SafeZip) -> str:
    """The path of the package's main document part (from its relationships)."""
    rels = package.read("_rels/.rels")
    if rels is not None:
        root = parse_xml(rels, "DOCX package")
        for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("Type") == _OFFICE_DOC:
                return (rel.get("Target") or "").lstrip("/")
    return "word/document.xml"


def _toggle(rpr: etree._Element | None, tag: str) -> bool | None:
    """A run property's toggle (``w:b``, ``w:i``): True, False, or None when not set."""
    if rpr is None:
        return None
    element = rpr.find(_w(tag))
    if element is None:
        return None
    return element.get(_w("val"), "true").lower() not in ("0", "false", "off", "none")


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)  # id -> lower-case name
    numbering: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (numId, ilvl)
    based_on: dict[str, str] = field(default_factory=dict)
    #: italic / bold set by each style itself (None: not set, inherited)
    own: dict[str, tuple[bool | None, bool | None]] = field(default_factory=dict)
    default: tuple[bool, bool] = (False, False)

    def name(self, style_id: str | None) -> str:
        if not style_id:
            return ""
        return self.names.get(style_id, style_id.lower())

    def _chain(self, style_id: str | None) -> list[str]:
        chain: list[str] = []
        while style_id and style_id not in chain and len(chain) < 20:
            chain.append(style_id)
            style_id = self.based_on.get(style_id)
        return chain

    def numbered(self, style_id: str | None) -> tuple[str, str] | None:
        """The numbering a paragraph style gives (its own or a style it is based on)."""
        for sid in self._chain(style_id):
            if sid in self.numbering:
                return self.numbering[sid]
        return None

    def formatting(self, style_id: str | None) -> tuple[bool | None, bool | None]:
        """Italic and bold as a style sets them, through the styles it is based on."""
        italic: bool | None = None
        bold: bool | None = None
        for sid in self._chain(style_id):
            own_italic, own_bold = self.own.get(sid, (None, None))
            italic = own_italic if italic is None else italic
            bold = own_bold if bold is None else bold
        return italic, bold


def _styles(package: SafeZip) -> _Styles:
    out = _Styles()
    data = package.read("word/styles.xml")
    if data is None:
        return out
    root = parse_xml(data, "DOCX styles")
    defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    out.default = (bool(_toggle(defaults, "i")), bool(_toggle(defaults, "b")))
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"))
        if not style_id:
            continue
        name = w_val(style, "name")
        out.names[style_id] = (name or style_id).lower()
        based = w_val(style, "basedOn")
        if based:
            out.based_on[style_id] = based
        rpr = style.find(_w("rPr"))
        out.own[style_id] = (_toggle(rpr, "i"), _toggle(rpr, "b"))
        ppr = style.find(_w("pPr"))
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is not None and w_val(numpr, "numId"):
            out.numbering[style_id] = (w_val(numpr, "numId") or "", w_val(numpr, "ilvl") or "0")
    return out


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    #: ``w:lvlRestart``: restart after a use of this level (1-based) or above; 0 never;
    #: None (Word's default) after a use of any level above
    restart: int | None = None


class _Numbering:
    """Word's automatic numbering: the label each numbered paragraph shows.

    Counters belong to the abstract list (``w:abstractNum``), so the ``w:num`` instances of
    one list continue each other's numbers, as Word shows them; a ``w:num`` whose level has
    a ``w:startOverride`` restarts that level there (how Word writes "Restart at 1"). A
    level counts from its ``w:start``; using a level resets the levels below it, unless
    their ``w:lvlRestart`` says otherwise (0: Articles numbered on across Parts)."""

    def __init__(self, package: SafeZip) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[tuple[str, int], int] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.restarted: set[tuple[str, int]] = set()
        data = package.read("word/numbering.xml")
        if data is None:
            return
        root = parse_xml(data, "DOCX numbering")
        for abstract in root.iter(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(_w("lvl")):
                level = _Level()
                start = w_val(lvl, "start")
                level.start = int(start) if start and start.isdigit() else 1
                level.fmt = w_val(lvl, "numFmt") or "decimal"
                level.text = w_val(lvl, "lvlText") or ""
                restart = w_val(lvl, "lvlRestart")
                level.restart = int(restart) if restart and restart.isdigit() else None
                levels[_int(lvl.get(_w("ilvl")))] = level
            self.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iter(_w("num")):
            num_id = num.get(_w("numId")) or ""
            self.nums[num_id] = w_val(num, "abstractNumId") or ""
            for override in num.iter(_w("lvlOverride")):
                start = w_val(override, "startOverride")
                if start and start.isdigit():
                    self.overrides[(num_id, _int(override.get(_w("ilvl"))))] = int(start)

    def label(self, num_id: str, ilvl: int) -> str:
        abstract = self.nums.get(num_id, "")
        levels = self.abstract.get(abstract, {})
        if num_id == "0" or not levels:
            return ""
        ilvl = max(0, min(ilvl, 8))
        counters = self.counters.setdefault(abstract, [None] * 9)
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, _Level()).restart
            if restart is None or ilvl < restart:
                counters[deeper] = None
        override = self.overrides.get((num_id, ilvl))
        current = counters[ilvl]
        if override is not None and (num_id, ilvl) not in self.restarted:
            self.restarted.add((num_id, ilvl))
            counters[ilvl] = override
        elif current is None:
            counters[ilvl] = levels.get(ilvl, _Level()).start
        else:
            counters[ilvl] = current + 1

        def value(level: int) -> int:
            shown = counters[level]
            return shown if shown is not None else levels.get(level, _Level()).start

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
    if fmt == "decimalZero":
        return f"{n:02d}"
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
class _Run:
    style: str  # its character style's name, lower-case
    text: str
    italic: bool = False
    bold: bool = False
    #: a footnote reference: the footnote's id and, when the run prints its own mark
    #: (``w:customMarkFollows``), that mark
    footnote: str | None = None
    custom_mark: bool = False


@dataclass
class _Para:
    style: str  # lower-case style name
    runs: list[_Run]
    num: tuple[str, int] | None
    deleted_mark: bool = False

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _paragraphs(body: etree._Element, styles: _Styles) -> list[_Para]:
    out: list[_Para] = []
    for p in body.iter(_w("p")):
        ppr = p.find(_w("pPr"))
        style_id = w_val(ppr, "pStyle")
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        num: tuple[str, int] | None = None
        if numpr is not None and w_val(numpr, "numId"):
            num = (w_val(numpr, "numId") or "", _int(w_val(numpr, "ilvl")))
        else:
            by_style = styles.numbered(style_id or "Normal")
            if by_style is not None:
                num = (by_style[0], _int(by_style[1]))
        mark = ppr.find(_w("rPr")) if ppr is not None else None
        deleted_mark = mark is not None and mark.find(_w("del")) is not None
        para_italic, para_bold = styles.formatting(style_id or "Normal")
        runs: list[_Run] = []
        for r in p.iter(_w("r")):
            if any(a.tag in (_w("del"), _w("moveFrom")) for a in r.iterancestors()):
                continue  # tracked deletions: read the text as accepted
            if r.getparent() is not None and any(
                    a.tag == _w("p") and a is not p for a in r.iterancestors()):
                continue  # a run of a nested paragraph (text box): read on its own
            rpr = r.find(_w("rPr"))
            char_id = w_val(rpr, "rStyle")
            char_italic, char_bold = styles.formatting(char_id)
            italic = _first(_toggle(rpr, "i"), char_italic, para_italic, styles.default[0])
            bold = _first(_toggle(rpr, "b"), char_bold, para_bold, styles.default[1])
            char_style = styles.name(char_id)
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
                elif child.tag == _w("footnoteReference") and child.get(_w("id")):
                    if parts:
                        runs.append(_Run(char_style, "".join(parts), italic, bold))
                        parts = []
                    custom = (child.get(_w("customMarkFollows")) or "").lower() in (
                        "1", "true", "on")
                    runs.append(_Run(char_style, "", italic, bold, child.get(_w("id")),
                                     custom))
            if parts:
                runs.append(_Run(char_style, "".join(parts), italic, bold))
        out.append(_Para(styles.name(style_id), _mark_runs(runs), num, deleted_mark))
    return out


def _first(*values: bool | None) -> bool:
    return next((v for v in values if v is not None), False)


def _mark_runs(runs: list[_Run]) -> list[_Run]:
    """A footnote reference with its own mark takes the run after it (the mark) as its mark
    (kept in the reference's ``style``: the text of the run is no text of the paragraph)."""
    out: list[_Run] = []
    waiting: _Run | None = None
    for run in runs:
        if waiting is not None and run.footnote is None and run.text:
            waiting.style = "\x00mark:" + run.text.strip()
            waiting = None
            continue
        waiting = run if run.footnote is not None and run.custom_mark else None
        out.append(run)
    return out


class _Notes:
    """The document's footnotes (``word/footnotes.xml``) by id, and how Word numbers them:
    automatically 1, 2, 3... in the order of their references, unless a reference prints
    its own mark."""

    def __init__(self, package: SafeZip) -> None:
        self.texts: dict[str, str] = {}
        self.count = 0
        data = package.read("word/footnotes.xml")
        if data is None:
            return
        for note in parse_xml(data, "DOCX footnotes").iter(_w("footnote")):
            if note.get(_w("type")) in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            paragraphs: list[str] = []
            for p in note.iter(_w("p")):
                text = "".join(t.text or "" for t in p.iter(_w("t")))
                if text.strip():
                    paragraphs.append(" ".join(text.split()))
            self.texts[note.get(_w("id")) or ""] = "\n".join(paragraphs)

    def footnote(self, run: _Run, offset: int) -> Footnote:
        if run.style.startswith("\x00mark:"):
            mark = run.style[len("\x00mark:"):]
        else:
            self.count += 1
            mark = str(self.count)
        return Footnote(mark, offset, self.texts.get(run.footnote or "", ""))


@dataclass
class _Rich:
    """A paragraph's text as the importer reads it, and what it carries beside its words."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)


def _rich(runs: list[_Run], notes: _Notes) -> _Rich:
    """Runs as one text (tabs and line breaks as spaces, spaces collapsed) with their italic
    and bold runs and footnotes at their offsets in it."""
    out = ""
    marks: list[Mark] = []
    footnotes: list[Footnote] = []
    for run in runs:
        if run.footnote is not None:
            footnotes.append(notes.footnote(run, len(out.rstrip(" "))))
            continue
        text = run.text.replace("\t", " ").replace("\n", " ")
        text = re.sub(r"\s+", " ", text)
        if out.endswith(" ") or not out:
            text = text.lstrip(" ")
        start = len(out)
        out += text
        for flag, style in ((run.italic, "italic"), (run.bold, "bold")):
            if flag and len(out) > start:
                marks.append(Mark(start, len(out), style))  # type: ignore[arg-type]
    stripped = out.rstrip(" ")
    return _Rich(stripped, list(normalise_marks(_words_only(marks, stripped), len(stripped))),
                 [Footnote(f.mark, min(f.offset, len(stripped)), f.text) for f in footnotes])


def _words_only(marks: list[Mark], text: str) -> list[Mark]:
    """Runs without the spaces at their edges."""
    out: list[Mark] = []
    for m in marks:
        start, end = m.start, min(m.end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Mark(start, end, m.style))
    return out


def _is_accord(paragraphs: list[_Para]) -> bool:
    return any(p.style.startswith("accord ") for p in paragraphs) or any(
        run.style == "accord number" for p in paragraphs for run in p.runs)


_HEADING_STYLE: Final = re.compile(r"^heading (\d)$")
#: An option's label as the export prints it: "Option 2", "Option 2: No text".
_OPTION_LABEL: Final = re.compile(r"^(?P<label>.+?)(?::\s*(?P<none>No text)\.?)?$")


@dataclass
class _Body:
    """A unit's text from an Accord paragraph's runs, with what it carries."""

    text: str
    marks: list[Mark]
    footnotes: list[Footnote]
    notes: list[EditorialNote]


def _accord_body(runs: list[_Run], notes: _Notes
                 ) -> tuple[str | None, str | None, str, UnitStatus, _Body]:
    """(number, heading, raw text, status, body) of an Accord paragraph."""
    number_parts: list[str] = []
    heading_parts: list[str] = []
    status: UnitStatus = UnitStatus.OPEN
    text = ""
    marks: list[Mark] = []
    footnotes: list[Footnote] = []
    editorial: list[EditorialNote] = []
    for run in runs:
        if run.style == "accord number":
            number_parts.append(run.text)
        elif run.style == "accord heading":
            heading_parts.append(run.text)
        elif run.style == "accord status":
            status = LABEL_STATUS.get(run.text.strip(), status)
        elif run.footnote is not None:
            footnotes.append(notes.footnote(run, len(text)))
        elif run.style == "accord editorial note":
            note = run.text.strip()
            if note.startswith("{") and note.endswith("}"):
                note = note[1:-1]
            # a note on the whole unit follows the text after a space (exports/docx.py)
            spaced = run.text.startswith(" ") or text.endswith(" ")
            editorial.append(EditorialNote(note, -1 if spaced else len(text)))
        elif run.style == "footnote reference" or run.style.startswith("\x00mark:"):
            continue
        else:
            start = len(text)
            text += run.text
            for flag, style in ((run.italic, "italic"), (run.bold, "bold")):
                if flag and run.text:
                    marks.append(Mark(start, len(text), style))  # type: ignore[arg-type]
    heading = "".join(heading_parts) or None
    shift = 0
    if heading and text.startswith("\n"):
        text, shift = text[1:], 1
    if status is not UnitStatus.OPEN and text.endswith(" "):
        text = text[:-1]
    # notes on the whole unit come after the text and a space (exports/docx.py)
    if editorial and editorial[-1].offset == -1 and text.endswith(" "):
        text = text[:-1]
    length = len(text)
    notes_out = [EditorialNote(n.text, None if n.offset == -1
                               else min(max((n.offset or 0) - shift, 0), length))
                 for n in editorial]
    body = _Body(text,
                 list(normalise_marks([Mark(m.start - shift, m.end - shift, m.style)
                                       for m in marks], length)),
                 [Footnote(f.mark, min(max(f.offset - shift, 0), length), f.text)
                  for f in footnotes], notes_out)
    return strip_number("".join(number_parts)), heading, text, status, body


def _accord_units(paragraphs: list[_Para], notes: _Notes) -> Parsed:
    title: str | None = None
    units: list[UnitView] = []
    containers: list[tuple[int, str]] = []  # (level, key) of open sections / the preamble
    items: list[str] = []  # open paragraph (index 0) and sub-paragraphs by level
    warnings: list[str] = []
    option: OptionRef | None = None  # the alternative a label opened, for its first unit
    group = 0
    last_label: tuple[str | None, str] | None = None  # (parent, group) of the last option

    def add(unit: UnitView) -> None:
        nonlocal option
        if option is not None:
            unit = replace(unit, option=option)
            option = None
        units.append(unit)

    for para in paragraphs:
        if para.deleted_mark and not para.text.strip():
            continue
        if para.style == "title":
            title = " ".join(para.text.split()) or title
            continue
        if para.style == "accord option":
            # the label of the alternative that starts with the next unit
            m = _OPTION_LABEL.match(" ".join(para.text.split()))
            if not m:
                continue
            parent = containers[-1][1] if containers else None
            previous = units[-1] if units else None
            continues = previous is not None and previous.option is not None \
                and last_label is not None and previous.option.group == last_label[1]
            if not continues:
                group += 1
            name = f"g{group}"
            last_label = (parent, name)
            if m["none"]:
                # the "No text" alternative: an empty unit beside the others
                kind = previous.kind if continues and previous is not None \
                    else UnitKind.PARAGRAPH
                at = previous.parent if continues and previous is not None else parent
                units.append(UnitView(f"i{len(units) + 1}", kind, at, None, "",
                                      option=OptionRef(name, m["label"], True)))
                option = None
            else:
                option = OptionRef(name, m["label"])
            continue
        if para.style == "subtitle" or not para.runs:
            continue
        number, heading, _, status, body = _accord_body(para.runs, notes)

        def rich(unit: UnitView, body: _Body = body) -> UnitView:
            return replace(unit, marks=tuple(body.marks), footnotes=tuple(body.footnotes),
                           notes=tuple(body.notes))

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
            add(rich(UnitView(key, kind, parent, number, body.text, heading, status)))
            containers.append((level, key))
            items = []
            continue
        sub = re.match(r"^accord subparagraph (\d)$", para.style)
        if sub and items:
            level = min(int(sub.group(1)), len(items))
            del items[level:]
            add(rich(UnitView(key, UnitKind.SUBPARAGRAPH, items[-1], number, body.text,
                              heading, status)))
            items.append(key)
            continue
        if sub:
            warnings.append(f"a sub-paragraph ({number or body.text[:30]}) outside any "
                            "paragraph was read as a paragraph")
        parent = containers[-1][1] if containers else None
        add(rich(UnitView(key, UnitKind.PARAGRAPH, parent, number, body.text, heading,
                          status)))
        items = [key]
    return Parsed(title, units, warnings)


_MD_ESCAPE: Final = re.compile(r"([\\`*_{}<>#|])")


def _generic_units(paragraphs: list[_Para], numbering: _Numbering, notes: _Notes) -> Parsed:
    lines: list[str] = []
    read: list[_Rich] = []  # each paragraph given to the text importer, with its formatting
    titled = any(p.style == "title" and p.text.strip() for p in paragraphs)
    for para in paragraphs:
        if para.deleted_mark and not para.text.strip():
            continue
        rich = _rich(para.runs, notes)
        text = rich.text
        label = numbering.label(*para.num) if para.num else ""
        if not text and not label:
            continue
        read.append(rich)
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
    parsed = from_import_result(import_text(source, fmt="markdown"))
    return Parsed(parsed.title, _carry(parsed.units, read), parsed.warnings)


def _carry(units: list[UnitView], read: list[_Rich]) -> list[UnitView]:
    """The units the text importer made, each with the italics, bold and footnotes of the
    Word paragraph its text comes from (found in document order: the unit's text is the
    paragraph's, its number and label taken off the front)."""
    out: list[UnitView] = []
    at = 0
    for unit in units:
        found = None
        if unit.text:
            for k in range(at, min(at + 6, len(read))):
                start = read[k].text.find(unit.text)
                if start >= 0:
                    found = (k, start)
                    break
        if found is None:
            out.append(unit)
            continue
        k, start = found
        at = k + 1
        rich, end = read[k], start + len(unit.text)
        if not rich.marks and not rich.footnotes:
            out.append(unit)
            continue
        marks = [Mark(max(m.start, start) - start, min(m.end, end) - start, m.style)
                 for m in rich.marks if m.end > start and m.start < end]
        footnotes = [Footnote(f.mark, min(max(f.offset - start, 0), len(unit.text)), f.text)
                     for f in rich.footnotes]
        out.append(replace(unit, marks=normalise_marks([*unit.marks, *marks], len(unit.text)),
                           footnotes=(*unit.footnotes, *footnotes)))
    return out


def parse_docx(data: bytes) -> Parsed:
    """Read a DOCX file into units (see the module docstring). Raises Invalid for a file
    that is not a Word document, is corrupt, or trips the safety limits."""
    package = SafeZip(data, "Word")
    document = package.read(main_part(package))
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
        parsed = _accord_units(paragraphs, _Notes(package))
    else:
        parsed = _generic_units(paragraphs, _Numbering(package), _Notes(package))
    if not parsed.units:
        raise Invalid("No numbered paragraphs or headings were found in the Word document.",
                      details={"field": "content"})
    return parsed
