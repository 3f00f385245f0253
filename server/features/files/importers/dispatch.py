"""The one table of import formats: each format's parser.

The import worker (:mod:`server.features.files.worker`) runs :func:`parse` in a process of
its own, with time and memory limits; the serving process never parses an upload. A new
format is one line in :data:`PARSERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Literal

from server.core.errors import Invalid
from server.core.importing import import_text
from server.features.files.importers.akn import parse_akn
from server.features.files.importers.docx import parse_docx
from server.features.files.importers.pdf import parse_pdf
from server.features.files.importers.result import Parsed, from_import_result
from server.features.files.importers.safety import MAX_IMPORT_CHARS, check_text_size

Parser = Callable[[bytes], Parsed]


def _plain(fmt: Literal["markdown", "text"]) -> Parser:
    def parse_lines(content: bytes) -> Parsed:
        if len(content) > MAX_IMPORT_CHARS * 4:
            raise Invalid("The text is too long to import.", details={"field": "content"})
        try:
            source = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Invalid("The text is not UTF-8.", details={"field": "content"}) from None
        if len(source) > MAX_IMPORT_CHARS:
            raise Invalid("The text is too long to import.", details={"field": "content"})
        try:
            result = import_text(source, fmt=fmt)
        except ValueError as error:
            raise Invalid(str(error), details={"field": "content"}) from None
        return from_import_result(result)

    return parse_lines


#: Each import format and its parser (bytes in, units out; raises Invalid).
PARSERS: Final[dict[str, Parser]] = {
    "docx": parse_docx,
    "akn": parse_akn,
    "markdown": _plain("markdown"),
    "text": _plain("text"),
    "pdf": parse_pdf,
}


def parse(content: bytes, fmt: str) -> Parsed:
    """Parse a file of format ``fmt`` into units (nothing saved: a pure step). Run it in
    the import worker, not in the serving process."""
    parser = PARSERS.get(fmt)
    if parser is None:
        raise Invalid(f"The format is one of {', '.join(PARSERS)}.",
                      details={"field": "format"})
    parsed = parser(content)
    if not parsed.units:
        raise Invalid("No numbered paragraphs or headings were found in the text.",
                      details={"field": "content"})
    check_text_size(sum(len(u.text) + len(u.heading or "") for u in parsed.units))
    return parsed
