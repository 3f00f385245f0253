"""Reading a Word file's tracked changes and comments (run by the import worker).

A delegation sends the draft back with Word's (or LibreOffice's) change tracking on: its
insertions (``w:ins``, ``w:moveTo``) and deletions (``w:del``, ``w:moveFrom``, the text in
``w:delText``), formatting changes (``w:rPrChange``: not a change of words, only counted), a
paragraph mark inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``: paragraphs added, removed,
split or joined), and comments (``word/comments.xml``, anchored by ``w:commentRangeStart`` /
``w:commentRangeEnd``, or at a point by ``w:commentReference``).

:func:`read_markup` gives, for every body paragraph in order, its style and its pieces: text
that stayed, was inserted or was deleted, with its role in an Accord export (the number, the
heading, the status label, or the text: the character styles of
:mod:`server.features.files.exports.docx`) and the comments covering it. It is JSON, written
by the worker on its standard output; :mod:`server.features.markup.proposals` turns it into
amendments. The file goes through the same defences as every DOCX import
(:class:`~server.features.files.importers.safety.SafeZip`, entity-free XML with depth and
element limits) and the worker's time and memory limits.

lxml reads the parts directly, as the DOCX importer does: python-docx offers no view of
tracked changes or comment ranges (its ``Paragraph.text`` skips ``w:ins`` and ``w:del``
alike), and it would parse the package again without the safety checks. The tests write
their files with python-docx.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from lxml import etree

from server.core.errors import Invalid
from server.features.files.importers.docx import main_part, w_val
from server.features.files.importers.safety import SafeZip, check_text_size, parse_xml

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Most comments one file may carry, and characters of one comment kept.
MAX_COMMENTS: Final = 5_000
MAX_COMMENT_CHARS: Final = 5_000

Op = Literal["equal", "insert", "delete"]
Role = Literal["number", "heading", "status", "text"]
_ROLES: Final[dict[str, Role]] = {"accord number": "number", "accord heading": "heading",
                                  "accord status": "status"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_INSERTED: Final = frozenset({_w("ins"), _w("moveTo")})
_DELETED: Final = frozenset({_w("del"), _w("moveFrom")})


@dataclass
class Piece:
    """A stretch of a paragraph's text: what happened to it, its role, the comments on it."""

    op: Op
    role: Role
    text: str
    comments: list[str] = field(default_factory=list)
    author: str = ""

    def to_json(self) -> list[Any]:
        return [self.op, self.role, self.text, self.comments, self.author]


@dataclass
class FileParagraph:
    """One body paragraph of the file (``index`` counts them from 1, as a reader would)."""

    index: int
    style: str
    pieces: list[Piece] = field(default_factory=list)
    #: "inserted" / "deleted" when the paragraph mark itself is a tracked change.
    mark: str | None = None
    #: Formatting changes (w:rPrChange, w:pPrChange) in it: not changes of words.
    formatting: int = 0
    #: Comments anchored at a point (no range) in it, after which piece (index).
    points: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "style": self.style, "mark": self.mark,
                "formatting": self.formatting,
                "points": [[c, i] for c, i in self.points],
                "pieces": [p.to_json() for p in self.pieces]}


def _style_names(package: SafeZip) -> dict[str, str]:
    data = package.read("word/styles.xml")
    names: dict[str, str] = {}
    if data is None:
        return names
    for style in parse_xml(data, "DOCX styles").iter(_w("style")):
        style_id = style.get(_w("styleId"))
        if style_id:
            names[style_id] = (w_val(style, "name") or style_id).lower()
    return names


def _text_of(paragraphs: etree._Element) -> str:
    """A comment's words: its paragraphs' text, one line each."""
    lines = []
    for p in paragraphs.iter(_w("p")):
        lines.append("".join(t.text or "" for t in p.iter(_w("t"))))
    return "\n".join(line for line in lines if line.strip())


def _comments(package: SafeZip) -> dict[str, dict[str, str]]:
    data = package.read("word/comments.xml")
    out: dict[str, dict[str, str]] = {}
    if data is None:
        return out
    for comment in parse_xml(data, "DOCX comments").iter(_w("comment")):
        if len(out) >= MAX_COMMENTS:
            raise Invalid("The Word file has too many comments; refused.",
                          details={"field": "content"})
        comment_id = comment.get(_w("id"))
        if comment_id is None:
            continue
        out[comment_id] = {"author": (comment.get(_w("author")) or "")[:200],
                           "text": _clean(_text_of(comment))[:MAX_COMMENT_CHARS]}
    return out


#: What typed text never holds: controls but tab and newline, lone surrogates (as the
#: importers clean text, server.features.files.importers.dispatch).
_NOT_TEXT: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", _NOT_TEXT.sub("", text))


def _run_text(run: etree._Element) -> str:
    parts: list[str] = []
    for child in run:
        if child.tag in (_w("t"), _w("delText")):
            parts.append(child.text or "")
        elif child.tag == _w("tab"):
            parts.append("\t")
        elif child.tag in (_w("br"), _w("cr")) and child.get(_w("type")) != "page":
            parts.append("\n")
        elif child.tag == _w("noBreakHyphen"):
            parts.append("\u2011")
    return _clean("".join(parts))


def _change_of(run: etree._Element, top: etree._Element) -> tuple[Op | None, str]:
    """Whether the run is inserted, deleted or neither (None: inserted, then deleted by
    someone else: in neither version), and by whom."""
    inserted = deleted = False
    author = ""
    for ancestor in run.iterancestors():
        if ancestor is top:
            break
        if ancestor.tag in _INSERTED:
            inserted = True
            author = author or ancestor.get(_w("author")) or ""
        elif ancestor.tag in _DELETED:
            deleted = True
            author = author or ancestor.get(_w("author")) or ""
    if inserted and deleted:
        return None, author
    return ("insert" if inserted else "delete" if deleted else "equal"), author


def _top_paragraph(element: etree._Element, body: etree._Element) -> etree._Element | None:
    """The body-level paragraph an element is in (None: in none, or in a nested one)."""
    found: etree._Element | None = None
    for ancestor in element.iterancestors():
        if ancestor is body:
            return found
        if ancestor.tag == _w("p"):
            if found is not None:
                return None  # a paragraph inside a paragraph (a text box): not the body's
            found = ancestor
        elif ancestor.tag == _w("txbxContent"):
            return None
    return None


def read_markup(data: bytes) -> dict[str, Any]:
    """The paragraphs of a marked-up Word file with their tracked changes and comments (see
    the module docstring), as JSON. Raises Invalid for a file that is not a Word document,
    is corrupt, or trips the safety limits."""
    package = SafeZip(data, "Word")
    document = package.read(main_part(package))
    if document is None:
        raise Invalid("This is not a Word document (no word/document.xml).",
                      details={"field": "content"})
    root = parse_xml(document, "Word document")
    body = root.find(_w("body"))
    if root.tag != _w("document") or body is None:
        raise Invalid("This is not a Word document.", details={"field": "content"})
    styles = _style_names(package)
    comments = _comments(package)
    paragraphs: list[FileParagraph] = []
    by_element: dict[etree._Element, FileParagraph] = {}
    active: list[str] = []
    ranged: set[str] = set()
    size = 0
    for element in body.iter():
        tag = element.tag
        if tag == _w("p"):
            if _top_paragraph(element, body) is not None or any(
                    a.tag == _w("txbxContent") for a in element.iterancestors()):
                continue
            ppr = element.find(_w("pPr"))
            style_id = w_val(ppr, "pStyle") or ""
            para = FileParagraph(len(paragraphs) + 1, styles.get(style_id, style_id.lower()))
            mark = ppr.find(_w("rPr")) if ppr is not None else None
            if mark is not None:
                if mark.find(_w("ins")) is not None or mark.find(_w("moveTo")) is not None:
                    para.mark = "inserted"
                elif mark.find(_w("del")) is not None or mark.find(_w("moveFrom")) is not None:
                    para.mark = "deleted"
            if ppr is not None and ppr.find(_w("pPrChange")) is not None:
                para.formatting += 1
            paragraphs.append(para)
            by_element[element] = para
        elif tag == _w("commentRangeStart"):
            comment_id = element.get(_w("id")) or ""
            active.append(comment_id)
            ranged.add(comment_id)
        elif tag == _w("commentRangeEnd"):
            comment_id = element.get(_w("id")) or ""
            if comment_id in active:
                active.remove(comment_id)
        elif tag == _w("r"):
            top = _top_paragraph(element, body)
            owner = by_element.get(top) if top is not None else None
            if owner is None or top is None:
                continue
            para = owner
            rpr = element.find(_w("rPr"))
            if rpr is not None and rpr.find(_w("rPrChange")) is not None:
                para.formatting += 1
            reference = element.find(_w("commentReference"))
            if reference is not None:
                comment_id = reference.get(_w("id")) or ""
                if comment_id not in ranged:
                    para.points.append((comment_id, len(para.pieces) - 1))
            text = _run_text(element)
            if not text:
                continue
            op, author = _change_of(element, top)
            if op is None:
                continue
            size += len(text)
            role = _ROLES.get(styles.get(w_val(rpr, "rStyle") or "", ""), "text")
            last = para.pieces[-1] if para.pieces else None
            if (last is not None and last.op == op and last.role == role
                    and last.comments == active and last.author == author):
                last.text += text
            else:
                para.pieces.append(Piece(op, role, text, list(active), author))
    check_text_size(size)
    accord = any(p.style.startswith("accord ") for p in paragraphs) or any(
        piece.role != "text" for p in paragraphs for piece in p.pieces)
    return {"accord": accord, "comments": comments,
            "paragraphs": [p.to_json() for p in paragraphs]}
