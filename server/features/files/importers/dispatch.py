"""The one table of import formats: each format's parser.

The import worker (:mod:`server.features.files.worker`) runs :func:`parse` in a process of
its own, with time and memory limits; the serving process never parses an upload. A new
format is one line in :data:`PARSERS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final, Literal

from server.core.errors import Invalid
from server.core.importing import import_text
from server.features.files.importers.akn import parse_akn
from server.features.files.importers.docx import parse_docx
from server.features.files.importers.pdf import parse_pdf
from server.features.files.importers.result import Parsed, from_import_result
from server.features.files.importers.safety import MAX_IMPORT_CHARS, check_text_size
from server.features.markup.tracked import read_markup

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
        # cleaned before reading, so that the cleaning after it moves no offset of the
        # units' formatting runs, footnotes and notes
        cleaned = _clean(source)
        try:
            result = import_text(cleaned, fmt=fmt)
        except ValueError as error:
            raise Invalid(str(error), details={"field": "content"}) from None
        parsed = from_import_result(result)
        if _NOT_TEXT.search(source.replace("\r", "")):
            parsed.warnings.append("control characters the text cannot hold were left out")
        return parsed

    return parse_lines


#: Each import format and its parser (bytes in, units out; raises Invalid).
PARSERS: Final[dict[str, Parser]] = {
    "docx": parse_docx,
    "akn": parse_akn,
    "markdown": _plain("markdown"),
    "text": _plain("text"),
    "pdf": parse_pdf,
}

#: Readers whose answer is not a text's units but plain JSON of their own (bytes in; raises
#: Invalid), run by the same worker within the same limits: a marked-up Word file's tracked
#: changes and comments.
READERS: Final[dict[str, Callable[[bytes], dict[str, Any]]]] = {
    "docx-markup": read_markup,
}


#: What typed text never holds: controls but tab and newline (NUL would stop PostgreSQL,
#: and no XML export can hold them), lone surrogates, non-characters.
_NOT_TEXT: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text as the API would accept it: line ends as newlines (a vertical tab or form feed
    is a line break Word copied), no controls, NFC."""
    text = text.replace("\r\n", "\n")
    text = _NOT_TEXT.sub(lambda m: "\n" if m.group() in "\r\x0b\x0c" else "", text)
    return unicodedata.normalize("NFC", text)


def _cleaned(parsed: Parsed) -> Parsed:
    units = [replace(u, text=_clean(u.text), heading=_clean(u.heading) if u.heading else
                     u.heading, number=_clean(u.number) if u.number else u.number)
             for u in parsed.units]
    warnings = list(parsed.warnings)
    if units != parsed.units:
        warnings.append("control characters the text cannot hold were left out")
    title = _clean(parsed.title) if parsed.title else parsed.title
    return Parsed(title, units, warnings)


def parse(content: bytes, fmt: str) -> Parsed:
    """Parse a file of format ``fmt`` into units (nothing saved: a pure step), their text
    cleaned as the API cleans typed text. Run it in the import worker, not in the serving
    process."""
    parser = PARSERS.get(fmt)
    if parser is None:
        raise Invalid(f"The format is one of {', '.join(PARSERS)}.",
                      details={"field": "format"})
    parsed = parser(content)
    if not parsed.units:
        raise Invalid("No numbered paragraphs or headings were found in the text.",
                      details={"field": "content"})
    check_text_size(sum(len(u.text) + len(u.heading or "") for u in parsed.units))
    return _cleaned(parsed)
