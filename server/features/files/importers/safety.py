"""Defences for parsing uploads: size limits, zip-bomb checks, entity-free XML."""

from __future__ import annotations

import io
import zipfile
from typing import Final

from lxml import etree

from server.core.errors import Invalid

#: Largest upload any importer reads (bytes, before decompression).
MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
#: Largest total uncompressed size of a DOCX, and of any one part read from it.
MAX_UNCOMPRESSED_BYTES: Final = 50 * 1024 * 1024
#: Largest compression ratio of any member above 1 MB uncompressed (zip bombs reach 1000s).
MAX_RATIO: Final = 100
MAX_MEMBERS: Final = 2_000
#: Deepest XML element nesting accepted (lxml's own hard limit is 256 without huge_tree).
MAX_XML_DEPTH: Final = 100
MAX_XML_ELEMENTS: Final = 1_000_000
#: Most characters of text (paragraphs and headings) one import may hold, whatever the
#: format: a file under every size limit can still unpack to a text nobody negotiates.
MAX_IMPORT_CHARS: Final = 2_000_000


def check_text_size(size: int) -> None:
    if size > MAX_IMPORT_CHARS:
        raise Invalid(f"The text is too long to import ({size:,} characters; at most "
                      f"{MAX_IMPORT_CHARS:,}).", details={"field": "content"})


def check_size(data: bytes, what: str) -> None:
    if not data:
        raise Invalid(f"The {what} file is empty.", details={"field": "content"})
    if len(data) > MAX_UPLOAD_BYTES:
        raise Invalid(f"The {what} file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
                      details={"field": "content"})


class SafeZip:
    """A zip archive opened only after its directory passed the bomb checks."""

    def __init__(self, data: bytes, what: str) -> None:
        check_size(data, what)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            members = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise Invalid(f"This is not a {what} file (not a valid zip archive).",
                          details={"field": "content"}) from None
        if len(members) > MAX_MEMBERS:
            raise Invalid(f"The {what} file has too many parts.", details={"field": "content"})
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > 1024 * 1024 and (
                    member.compress_size == 0
                    or member.file_size / member.compress_size > MAX_RATIO):
                raise Invalid(f"The {what} file is compressed suspiciously well "
                              "(a zip bomb?); refused.", details={"field": "content"})
        if total > MAX_UNCOMPRESSED_BYTES:
            raise Invalid(f"The {what} file would unpack to more than "
                          f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB; refused.",
                          details={"field": "content"})
        self.names = {m.filename for m in members}
        self.what = what

    def read(self, name: str) -> bytes | None:
        """A member's bytes (None when absent), never more than the limit, whatever the
        directory claimed."""
        if name not in self.names:
            return None
        try:
            with self.zip.open(name) as handle:
                data = handle.read(MAX_UNCOMPRESSED_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            raise Invalid(f"The {self.what} file is corrupt ({name}).",
                          details={"field": "content"}) from None
        if len(data) > MAX_UNCOMPRESSED_BYTES:
            raise Invalid(f"A part of the {self.what} file is too large; refused.",
                          details={"field": "content"})
        return data


def parse_xml(data: bytes, what: str) -> etree._Element:
    """Parse XML without DTDs, entities or network access; refuse documents declaring a
    DOCTYPE (entity tricks such as billion laughs or external entities need one), nested
    deeper than :data:`MAX_XML_DEPTH` or with too many elements."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise Invalid(f"The {what} declares a DTD or entities; refused.",
                      details={"field": "content"})
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_pis=True,
                             remove_comments=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        if "memory" in (error.msg or "").lower() or error.msg == "unknown error":
            # libxml2 failed to allocate (lxml says "unknown error"): the import worker's
            # memory limit, not a fault of the file's syntax.
            raise MemoryError(error.msg) from None
        raise Invalid(f"The {what} is not well-formed XML: {error.msg}",
                      details={"field": "content"}) from None
    tree = root.getroottree()
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise Invalid(f"The {what} declares a DTD or entities; refused.",
                      details={"field": "content"})
    count = 0
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_XML_DEPTH:
            raise Invalid(f"The {what} is nested too deeply; refused.",
                          details={"field": "content"})
        if count > MAX_XML_ELEMENTS:
            raise Invalid(f"The {what} has too many elements; refused.",
                          details={"field": "content"})
        if isinstance(element.tag, str):
            stack.extend((child, depth + 1) for child in element)
        elif isinstance(element, etree._Entity):
            raise Invalid(f"The {what} uses entities; refused.", details={"field": "content"})
    return root
