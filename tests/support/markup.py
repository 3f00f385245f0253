"""Marking up a Word file as a delegation does: tracked changes and comments written with
python-docx (w:ins / w:del around split runs, comments through its comments part), and the
same file passed through LibreOffice (``soffice --headless --convert-to docx``)."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

DATE = "2026-11-30T10:00:00Z"


@dataclass(frozen=True)
class Edit:
    """In the paragraph holding ``where``, replace ``old`` (its first occurrence) with
    ``new`` as tracked changes ("" for a pure insertion before ``old`` when ``insert_before``,
    or a pure deletion when ``new`` is ""), with ``comment`` on the changed words."""

    where: str
    old: str
    new: str
    comment: str | None = None
    insert_before: bool = False


class _Ids:
    def __init__(self) -> None:
        self.next = 100

    def __call__(self) -> str:
        self.next += 1
        return str(self.next)


def _wrapper(tag: str, author: str, ids: _Ids) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:id"), ids())
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), DATE)
    return element


def _with_text(run: Any, text: str, *, deleted: bool = False) -> Any:
    clone = copy.deepcopy(run)
    for child in list(clone):
        if child.tag != qn("w:rPr"):
            clone.remove(child)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    clone.append(t)
    return clone


def _run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def mark_up(data: bytes, edits: list[Edit], *, author: str = "Mexico",
            delete_paragraph: str | None = None, add_after: str | None = None,
            added: str = "", format_paragraph: str | None = None) -> bytes:
    """``data`` (a DOCX) with ``edits`` as tracked changes by ``author``; optionally a whole
    paragraph deleted (the one holding ``delete_paragraph``), one added after the paragraph
    holding ``add_after`` (its words ``added``), and a formatting-only change (bold) in the
    paragraph holding ``format_paragraph``."""
    doc = Document(io.BytesIO(data))
    ids = _Ids()
    for edit in edits:
        paragraph = _paragraph(doc, edit.where)
        run = next(r for r in paragraph._p.iter(qn("w:r")) if edit.old in _run_text(r))
        text = _run_text(run)
        at = text.index(edit.old)
        before, after = text[:at], text[at + len(edit.old):]
        pieces: list[Any] = []
        changed: list[Any] = []
        if before:
            pieces.append(_with_text(run, before))
        if edit.insert_before:
            ins = _wrapper("w:ins", author, ids)
            ins.append(_with_text(run, edit.new))
            changed.append(ins)
            after = edit.old + after
        else:
            deletion = _wrapper("w:del", author, ids)
            deletion.append(_with_text(run, edit.old, deleted=True))
            changed.append(deletion)
            if edit.new:
                ins = _wrapper("w:ins", author, ids)
                ins.append(_with_text(run, edit.new))
                changed.append(ins)
        if edit.comment:
            comment = doc.comments.add_comment(text=edit.comment, author=author)
            start = OxmlElement("w:commentRangeStart")
            start.set(qn("w:id"), str(comment.comment_id))
            end = OxmlElement("w:commentRangeEnd")
            end.set(qn("w:id"), str(comment.comment_id))
            reference_run = OxmlElement("w:r")
            reference = OxmlElement("w:commentReference")
            reference.set(qn("w:id"), str(comment.comment_id))
            reference_run.append(reference)
            changed = [start, *changed, end, reference_run]
        pieces.extend(changed)
        if after:
            pieces.append(_with_text(run, after))
        for piece in pieces:
            run.addprevious(piece)
        run.getparent().remove(run)
    if delete_paragraph is not None:
        paragraph = _paragraph(doc, delete_paragraph)
        for run in list(paragraph._p.iter(qn("w:r"))):
            deletion = _wrapper("w:del", author, ids)
            run.addprevious(deletion)
            for t in run.iter(qn("w:t")):
                t.tag = qn("w:delText")
            deletion.append(run)
        _mark(paragraph._p, _wrapper("w:del", author, ids))
    if add_after is not None:
        anchor = _paragraph(doc, add_after)
        new_p = copy.deepcopy(anchor._p)
        for child in list(new_p):
            if child.tag != qn("w:pPr"):
                new_p.remove(child)
        ppr = new_p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:rPr")) is not None:
            ppr.remove(ppr.find(qn("w:rPr")))
        ins = _wrapper("w:ins", author, ids)
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = added
        run.append(t)
        ins.append(run)
        new_p.append(ins)
        _mark(new_p, _wrapper("w:ins", author, ids))
        anchor._p.addnext(new_p)
    if format_paragraph is not None:
        paragraph = _paragraph(doc, format_paragraph)
        run = list(paragraph._p.iter(qn("w:r")))[-1]
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            run.insert(0, rpr)
        change = _wrapper("w:rPrChange", author, ids)
        change.append(OxmlElement("w:rPr"))
        rpr.append(OxmlElement("w:b"))
        rpr.append(change)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _paragraph(doc: Any, words: str) -> Any:
    """The paragraph whose visible words (insertions included) hold ``words``."""
    return next(p for p in doc.paragraphs if words in _run_text(p._p))


def _mark(p: Any, mark: Any) -> None:
    ppr = p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(mark)


def soffice() -> str:
    """LibreOffice's command, or skip the test with the reason."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    return found


def through_libreoffice(data: bytes) -> bytes:
    """``data`` opened and saved again by LibreOffice Writer, headless (its own DOCX
    writer: change tracking, comments and styles as LibreOffice writes them)."""
    command = soffice()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        source = folder / "in" / "marked.docx"
        source.parent.mkdir()
        source.write_bytes(data)
        out = folder / "out"
        profile = (folder / "profile").as_uri()
        subprocess.run([command, f"-env:UserInstallation={profile}", "--headless",
                        "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                        "--outdir", str(out), str(source)],
                       check=True, capture_output=True, timeout=120)
        return (out / "marked.docx").read_bytes()
