"""Markdown and plain-text renderings of a revision.

The Markdown reads back through :func:`server.core.importing.import_text` into the same
paragraphs and sub-paragraphs, numbers, headings and texts: the title is a level-1 heading,
the preamble and sections are headings nested by depth, a paragraph is ``2. text`` and a
sub-paragraph is indented under its parent (``    (a) text``); a paragraph's heading is a
bold line, and its further lines are indented blocks. Characters Markdown would read as
mark-up are escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from server.core.compilation import compile_text, render_compilation_text
from server.core.text import UnitKind, UnitView
from server.features.files.exports.common import DocumentMeta, number_prefix, sub_levels

__all__ = ["revision_markdown", "revision_text"]

_ESCAPE: Final = re.compile(r"([\\`*_{}<>#|])")
_LEADING_ITEM: Final = re.compile(r"^(\d+[.)]|\([a-zA-Z]{1,6}\)|[a-zA-Z]{1,2}\)|[-+*]\s)")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _escape_line(text: str) -> str:
    """Escape a line of unit text, and a leading marker that would make it an item."""
    escaped = _escape(text)
    match = _LEADING_ITEM.match(escaped)
    if match:
        marker = match.group(1)
        at = 0 if marker[0] in "(-+" else len(marker.rstrip()) - 1
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def revision_markdown(meta: DocumentMeta, units: Sequence[UnitView]) -> str:
    """A revision as Markdown (see the module docstring). Statuses are left out, so that
    the text reads back unchanged; the revision label is in the title line's file name."""
    lines: list[str] = [f"# {_escape(meta.title)}", ""]
    if meta.history_hash:
        # Front matter: metadata to Markdown tools, dropped when the file is imported.
        lines = ["---", f"history_hash: {meta.history_hash}", "---", "", *lines]
    section_depth: dict[str, int] = {}
    for unit, sub in zip(units, sub_levels(units), strict=True):
        if unit.kind in (UnitKind.PREAMBLE, UnitKind.SECTION):
            depth = section_depth.get(unit.parent or "", 1) + 1
            section_depth[unit.key] = depth
            heading = unit.heading or ("Preamble" if unit.kind is UnitKind.PREAMBLE else "")
            title = " ".join(x for x in (number_prefix(unit.number).strip(), heading) if x)
            lines += ["#" * min(depth, 6) + " " + _escape(title or "Section"), ""]
            if unit.text:
                lines += [_escape_line(line) for line in unit.text.split("\n")] + [""]
            continue
        section_depth[unit.key] = section_depth.get(unit.parent or "", 1)
        indent = "    " * sub
        prefix = number_prefix(unit.number)
        blocks = unit.text.split("\n") if unit.text else []
        first: list[str] = []
        if unit.heading:
            first = [f"**{_escape(unit.heading)}**"]
        elif blocks:
            first = [_escape_line(blocks.pop(0))]
        lines.append(f"{indent}{prefix}{first[0] if first else ''}".rstrip())
        lines.append("")
        for block in blocks:
            lines += [f"{indent}    {_escape(block)}" if prefix else _escape_line(block), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def revision_text(meta: DocumentMeta, units: Sequence[UnitView]) -> str:
    """A revision as plain text: the title, then one numbered, indented line per unit with
    its status mark (``[agreed ad ref]``), units separated by blank lines (so that
    :func:`server.core.importing.import_text` reads them back as units)."""
    body = render_compilation_text(compile_text(units, []))
    return meta.full_title + "\n\n" + "\n\n".join(body.split("\n")) + "\n"

