"""Hostile uploads, built in the test: each under every size limit, each once able to keep
the one serving process busy (or refused only by luck).

- :func:`huge_docx`: a DOCX of about 700 KB whose ``word/document.xml`` is 44 MB of ordinary
  paragraphs, compressed 60 times (under the zip-bomb ratio of 100 and the 50 MB unpacked
  limit); it took 49 s and 512 MB to read in the serving process.
- :func:`deep_docx`, :func:`deep_akn`: elements nested thousands deep.
- :func:`laughs_docx`, :func:`laughs_akn`: billion laughs (entities expanding to gigabytes).
- :func:`akn_huge_text`: an Akoma Ntoso paragraph of one 9 MB text node.
- :func:`markdown_line`: Markdown of one line of ``size`` characters.
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
