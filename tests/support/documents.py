"""What the document tests share: downloads, base64 uploads, the XML of a DOCX and Word's
"accept / reject all changes", and the converters (LibreOffice, a PDF converter) they need."""

from __future__ import annotations

import base64
import io
import shutil
import zipfile
from typing import Any

from lxml import etree

from tests.support.driver import As
from tests.support.services import missing

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def need_office() -> str:
    """The LibreOffice binary, or skip (fail when services are required)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    missing("LibreOffice (soffice) is not installed: apt-get install "
            "libreoffice-writer-nogui")


def need_pdf_converter() -> None:
    from server.features.files.exports import pdf

    if pdf.available():
        return
    missing("no PDF converter (LibreOffice or Chromium) is installed")


class Download:
    def __init__(self, status: int, headers: Any, data: bytes) -> None:
        self.status, self.headers, self.data = status, headers, data

    @property
    def json(self) -> Any:
        import json

        return json.loads(self.data)


def download(person: As, path: str, **query: Any) -> Download:
    headers = {"Authorization": f"Bearer {person.token}"} if person.token else {}
    response = person.client.get("/api/v1" + path, query_string=query or None,
                                 headers=headers)
    return Download(response.status_code, response.headers, response.data)


def b64(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


# ---- DOCX -----------------------------------------------------------------------------------


def document_xml(docx: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read("word/document.xml"))


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}br"):
        parts.append("\n" if node.tag == f"{{{W}}}br" else node.text or "")
    return "".join(parts)


def paragraphs(root: etree._Element) -> list[str]:
    body = root.find("w:body", NS)
    assert body is not None
    return [_paragraph_text(p) for p in body.findall("w:p", NS)]


def accept_all(root: etree._Element) -> etree._Element:
    """Word's "accept all changes", on the XML: drop deletions, unwrap insertions, remove
    paragraphs whose mark was deleted."""
    root = etree.fromstring(etree.tostring(root))
    for p in root.iterfind(".//w:p", NS):
        if p.find("w:pPr/w:rPr/w:del", NS) is not None:
            p.getparent().remove(p)
    for element in root.findall(".//w:del", NS):
        element.getparent().remove(element)
    for element in root.findall(".//w:ins", NS):
        _unwrap(element)
    return root


def reject_all(root: etree._Element) -> etree._Element:
    """Word's "reject all changes": drop insertions (and inserted paragraphs), turn
    deletions back into text."""
    root = etree.fromstring(etree.tostring(root))
    for p in root.iterfind(".//w:p", NS):
        if p.find("w:pPr/w:rPr/w:ins", NS) is not None:
            p.getparent().remove(p)
    for element in root.findall(".//w:ins", NS):
        element.getparent().remove(element)
    for text in root.findall(".//w:delText", NS):
        text.tag = f"{{{W}}}t"
    for element in root.findall(".//w:del", NS):
        _unwrap(element)
    return root


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)
