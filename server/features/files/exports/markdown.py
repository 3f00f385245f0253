"""Markdown and plain-text renderings of a revision.

The Markdown reads back through :func:`server.core.importing.import_text` into the same
paragraphs and sub-paragraphs, numbers, headings and texts: the title is a level-1 heading,
the preamble and sections are headings nested by depth, a paragraph is ``2. text`` and a
sub-paragraph is indented under its parent (``    (a) text``); a paragraph's heading is a
bold line, and its further lines are indented blocks. Characters Markdown would read as
mark-up are escaped (brackets stay literal: a ``[`` that could open a footnote reference or a
link is escaped).

What a unit carries besides its words (:mod:`server.core.richtext`) is written as CommonMark
and its footnote extension read it: italic runs ``*...*``, bold ``**...**`` (whitespace kept
outside the delimiters, so that they open and close); a footnote ``[^5]`` where it is
anchored, its definition ``[^5]: text`` at the end of the document; an editorial note in
braces ``{Placement to be decided}`` where it is anchored (a note on the whole unit after its
text); an alternative of an option group is preceded by its label on a line of its own
(``Option 1:``), the "No text" one written ``Option 2: No text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from server.core.compilation import compile_text, render_compilation_text
from server.core.text import UnitKind, UnitView
from server.features.files.exports.common import (
    NO_TEXT,
    DocumentMeta,
    Inline,
    inline_pieces,
    number_prefix,
    option_label,
    option_starts,
    split_lines,
    sub_levels,
    unit_notes,
)

__all__ = ["revision_markdown", "revision_text"]

_ESCAPE: Final = re.compile(r"([\\`*_{}<>#|~&])")
#: A ``[`` that could open a footnote reference (``[^``) or a link (``[x](``, ``[x][y]``
#: is literal without a definition), and a line-leading ``[x]:`` definition.
_BRACKET: Final = re.compile(r"\[(?=\^)|\](?=\()")
_DEFINITION: Final = re.compile(r"^(\s*)\[(?=[^\]]*\]:)")
#: What a footnote label may hold in the footnote extension (no spaces, brackets, carets).
_LABEL_BAD: Final = re.compile(r"[\s\[\]^\\]")
_LEADING_ITEM: Final = re.compile(r"^(\d+[.)]|\([a-zA-Z]{1,6}\)|[a-zA-Z]{1,2}\)|[-+*]\s)")


def _escape(text: str) -> str:
    return _BRACKET.sub(lambda m: "\\" + m.group(), _ESCAPE.sub(r"\\\1", text))


def _escape_line(text: str) -> str:
    """Escape a line of unit text, and a leading marker that would make it an item."""
    escaped = _DEFINITION.sub(r"\1\\[", _escape(text))
    match = _LEADING_ITEM.match(escaped)
    if match:
        marker = match.group(1)
        at = 0 if marker[0] in "(-+" else len(marker.rstrip()) - 1
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


_DELIMITER: Final = {"italic": "*", "bold": "**"}


def _styles(piece: Inline) -> set[str]:
    return {name for name, on in (("bold", piece.bold), ("italic", piece.italic)) if on}


class _Writer:
    """Renders lines of inline pieces, collecting the footnotes' definitions."""

    def __init__(self) -> None:
        self.definitions: list[tuple[str, str]] = []
        self.labels: set[str] = set()

    def label(self, mark: str) -> str:
        base = _LABEL_BAD.sub("", mark) or str(len(self.definitions) + 1)
        label, n = base, 1
        while label in self.labels:
            n += 1
            label = f"{base}-{n}"
        self.labels.add(label)
        return label

    def line(self, pieces: Sequence[Inline]) -> str:
        """One line: styled runs opened and closed around their words (whitespace outside
        the delimiters), a run whose style ends inside another closed and reopened."""
        texts = [p for p in pieces if p.kind == "text" and p.text]
        out: list[str] = []
        stack: list[str] = []
        pending = ""  # whitespace waiting until the delimiters around it are known
        index = 0
        for piece in pieces:
            if piece.kind != "text" and stack:
                # an anchor where a run ends follows the run's closing delimiter
                following = next((t for t in texts[index:] if t.text.strip()), None)
                keep = _styles(following) if following is not None else set()
                while stack and not all(style in keep for style in stack):
                    out.append(_DELIMITER[stack.pop()])
            if piece.kind == "footnote":
                label = self.label(piece.mark)
                self.definitions.append((label, piece.text))
                out.append(pending + f"[^{label}]")
                pending = ""
                continue
            if piece.kind == "note":
                out.append(pending + "{" + _escape(" ".join(piece.text.split())) + "}")
                pending = ""
                continue
            if not piece.text:
                continue
            index += 1
            core = piece.text.strip()
            wanted = _styles(piece) if core else set(stack)
            lead = piece.text[: len(piece.text) - len(piece.text.lstrip())]
            trail = piece.text[len(piece.text.rstrip()):] if core else ""
            if not core:
                pending += piece.text
                continue
            if not all(style in wanted for style in stack) or wanted - set(stack):
                while stack and not all(style in wanted for style in stack):
                    out.append(_DELIMITER[stack.pop()])
                out.append(pending + lead)
                # the style that lasts longer opens first (outside)
                ahead = texts[index:]

                def lasts(style: str, ahead: list[Inline] = ahead) -> int:
                    n = 0
                    for later in ahead:
                        if style not in _styles(later) and later.text.strip():
                            break
                        n += 1
                    return n

                for style in sorted(wanted - set(stack), key=lasts, reverse=True):
                    out.append(_DELIMITER[style])
                    stack.append(style)
            else:
                out.append(pending + lead)
            out.append(_escape(core))
            pending = trail
        while stack:
            out.append(_DELIMITER[stack.pop()])
        out.append(pending)
        return "".join(out).rstrip()

    def first_line(self, pieces: Sequence[Inline]) -> str:
        """A unit's first line: a leading marker that would make it an item, or a ``[x]:``
        that would make it a definition, escaped."""
        rendered = self.line(pieces)
        if not pieces or pieces[0].kind != "text":
            return rendered
        escaped = _DEFINITION.sub(r"\1\\[", rendered)
        match = _LEADING_ITEM.match(escaped)
        if match:
            marker = match.group(1)
            at = 0 if marker[0] in "(-+" else len(marker.rstrip()) - 1
            escaped = escaped[:at] + "\\" + escaped[at:]
        return escaped

    def footer(self) -> list[str]:
        lines: list[str] = []
        for label, text in self.definitions:
            parts = [_escape(part) for part in text.split("\n")] or [""]
            lines.append(f"[^{label}]: {parts[0]}".rstrip())
            lines += [f"    {part}" if part else "" for part in parts[1:]]
        return lines


def _unit_lines(unit: UnitView, writer: _Writer) -> list[list[Inline]]:
    """A unit's text as lines of pieces, its notes on the whole unit after the last."""
    lines = split_lines(inline_pieces(unit)) if unit.text or unit.footnotes or unit.notes \
        else []
    notes = unit_notes(unit)
    if notes:
        if not lines:
            lines = [[]]
        for note in notes:
            if lines[-1]:
                lines[-1].append(Inline("text", " "))
            lines[-1].append(Inline("note", note))
    return [line for line in lines if line] if len(lines) > 1 else lines


def revision_markdown(meta: DocumentMeta, units: Sequence[UnitView]) -> str:
    """A revision as Markdown (see the module docstring). Statuses are left out, so that
    the text reads back unchanged; the revision label is in the title line's file name."""
    lines: list[str] = [f"# {_escape(meta.title)}", ""]
    if meta.history_hash:
        # Front matter: metadata to Markdown tools, dropped when the file is imported.
        lines = ["---", f"history_hash: {meta.history_hash}", "---", "", *lines]
    writer = _Writer()
    section_depth: dict[str, int] = {}
    starts = option_starts(units)
    for unit, sub, (_, alternative) in zip(units, sub_levels(units), starts, strict=True):
        indent = "    " * sub if unit.kind is UnitKind.SUBPARAGRAPH else ""
        empty = unit.option is not None and unit.option.no_text and not unit.text \
            and not unit.heading
        if alternative and unit.option is not None:
            label = _escape(option_label(unit)) + ":"
            lines += [f"{indent}{label} {NO_TEXT}" if unit.option.no_text else
                      f"{indent}{label}", ""]
        if empty and not unit.footnotes and not unit.notes:
            section_depth[unit.key] = section_depth.get(unit.parent or "", 1)
            continue
        blocks = _unit_lines(unit, writer)
        if unit.kind in (UnitKind.PREAMBLE, UnitKind.SECTION):
            depth = section_depth.get(unit.parent or "", 1) + 1
            section_depth[unit.key] = depth
            heading = unit.heading or ("Preamble" if unit.kind is UnitKind.PREAMBLE else "")
            title = " ".join(x for x in (number_prefix(unit.number).strip(), heading) if x)
            lines += ["#" * min(depth, 6) + " " + _escape(title or "Section"), ""]
            if blocks:
                lines += [writer.first_line(line) for line in blocks] + [""]
            continue
        section_depth[unit.key] = section_depth.get(unit.parent or "", 1)
        prefix = number_prefix(unit.number)
        first = ""
        if unit.heading:
            first = f"**{_escape(unit.heading)}**"
        elif blocks:
            first = writer.first_line(blocks.pop(0))
        lines.append(f"{indent}{prefix}{first}".rstrip())
        lines.append("")
        for block in blocks:
            lines += [f"{indent}    {writer.line(block)}" if prefix
                      else writer.first_line(block), ""]
    footer = writer.footer()
    if footer:
        lines += [*footer, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def revision_text(meta: DocumentMeta, units: Sequence[UnitView]) -> str:
    """A revision as plain text: the title, then one numbered, indented line per unit with
    its status mark (``[agreed ad ref]``), units separated by blank lines (so that
    :func:`server.core.importing.import_text` reads them back as units)."""
    body = render_compilation_text(compile_text(units, []))
    return meta.full_title + "\n\n" + "\n\n".join(body.split("\n")) + "\n"

