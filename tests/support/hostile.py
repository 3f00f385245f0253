"""Hostile uploads, built in the test: each under every size limit, each once able to keep
the one serving process busy (or refused only by luck).

- :func:`huge_docx`: a DOCX of about 700 KB whose ``word/document.xml`` is 44 MB of ordinary
  paragraphs, compressed 60 times (under the zip-bomb ratio of 100 and the 50 MB unpacked
  limit); it took 49 s and 512 MB to read in the serving process.
- :func:`deep_docx`, :func:`deep_akn`: elements nested thousands deep.
- :func:`laughs_docx`, :func:`laughs_akn`: billion laughs (entities expanding to gigabytes).
- :func:`akn_huge_text`: an Akoma Ntoso paragraph of one 9 MB text node.
- :func:`markdown_line`: Markdown of one line of ``size`` characters.
- :func:`many_pages_pdf`: 160 KB of PDF, 1,000 pages sharing one content stream of 90 lines
  (about 50 s to read).
"""

from __future__ import annotations

import io
import random
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
          'org/package/2006/content-types"><Default Extension="xml" '
          'ContentType="application/xml"/></Types>')
_WORDS = ["the", "Parties", "shall", "enhance", "cooperation", "on", "return", "and",
          "[regional]", "frameworks"]
_SENTENCE = ("shall enhance cooperation on safe and dignified return and the frameworks we "
             "commit to ")


def _package(document: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", _TYPES)
        package.writestr("word/document.xml", document)
    return out.getvalue()


def huge_document_xml(megabytes: float = 44.0, seed: int = 1) -> bytes:
    """``megabytes`` of Word paragraphs, varied just enough to compress about 60 times."""
    rng = random.Random(seed)
    parts = [f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>']
    size, number = 0, 0
    while size < megabytes * 1_000_000:
        number += 1
        words = " ".join(rng.choice(_WORDS) for _ in range(3))
        paragraph = f"<w:p><w:r><w:t>{number}. {words} {_SENTENCE * 5}</w:t></w:r></w:p>"
        parts.append(paragraph)
        size += len(paragraph)
    parts.append("</w:body></w:document>")
    return "".join(parts).encode()


def huge_docx(megabytes: float = 44.0) -> bytes:
    return _package(huge_document_xml(megabytes))


def _deep(depth: int, open_tag: str, close_tag: str) -> str:
    return open_tag * depth + "x" + close_tag * depth


def deep_docx(depth: int = 5_000) -> bytes:
    inner = _deep(depth, "<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>")
    return _package(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>1. '
                    f'</w:t></w:r>{inner}</w:p></w:body></w:document>'.encode())


def deep_akn(depth: int = 5_000) -> bytes:
    inner = _deep(depth, "<span>", "</span>")
    return (f'<akomaNtoso xmlns="{AKN}"><doc name="x"><mainBody><paragraph eId="para_1">'
            f'<num>1.</num><content><p>{inner}</p></content></paragraph></mainBody></doc>'
            f'</akomaNtoso>').encode()


_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                     for i in range(1, 10))
           + "]>")


def laughs_akn() -> bytes:
    return (_LAUGHS + f'<akomaNtoso xmlns="{AKN}"><doc name="x"><mainBody><paragraph>'
            '<num>1.</num><content><p>&lol9;</p></content></paragraph></mainBody></doc>'
            '</akomaNtoso>').encode()


def laughs_docx() -> bytes:
    return _package((_LAUGHS + f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>1. &lol9;'
                     '</w:t></w:r></w:p></w:body></w:document>').encode())


def akn_huge_text(characters: int = 9_000_000) -> bytes:
    text = ("We commit to cooperate " * (characters // 23 + 1))[:characters]
    return (f'<akomaNtoso xmlns="{AKN}"><doc name="x"><mainBody><paragraph eId="para_1">'
            f'<num>1.</num><content><p>{text}</p></content></paragraph></mainBody></doc>'
            f'</akomaNtoso>').encode()


def markdown_line(size: int) -> bytes:
    return ("1. " + ("We commit to cooperate " * (size // 23 + 1))[:size - 3]).encode()


def many_pages_pdf(pages: int = 1_000, lines: int = 90) -> bytes:
    """A PDF of ``pages`` pages all drawing one shared content stream of ``lines`` numbered
    paragraphs: a few kilobytes that a PDF reader must lay out as 90,000 lines."""
    import zlib

    body = [b"BT /F1 7 Tf 8 TL 30 820 Td"]
    for line in range(1, lines + 1):
        body.append(b"(%d. We commit to cooperate on safe and dignified return and to review "
                    b"progress every four years.) '" % line)
    body.append(b"ET")
    stream = zlib.compress(b"\n".join(body), 9)
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
