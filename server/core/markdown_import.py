"""Reading Markdown with a CommonMark parser (markdown-it-py, mdit-py-plugins) into source
lines that carry their rich content, for :mod:`server.core.importing`.

The parser decides what Markdown means: emphasis (``*Recalling*`` is an italic run, not
text), escapes (``1\\.`` is not a number), code, links and images (their words are kept),
HTML blocks and inline HTML, footnote references and definitions (``[^5]``), front matter,
link reference definitions, thematic breaks and setext headings. What the numbering rules of
negotiated texts need is what it gives back: one :class:`SourceLine` per line of the source
that holds text, with its indentation, whether it starts a block, whether it is alone in its
block, an ATX/setext heading level, the list marker the parser consumed, and its content as
:class:`Rich` text (plain words, italic and bold runs, footnote references at their offset,
editorial notes taken out).

Editorial notes (:func:`take_notes`, also used for plain text): a placement note in braces
(``{Placement to be decided}``, ``*{insert the relevant phrase}*``) and a bracketed note of
the secretariat (``*[Note: ...]*``, ``[Note by the co-facilitators: ...]``) leave the text and
become notes anchored where they were. kramdown attribute lists (``{: .class}``, ``{:toc}``)
are furniture and dropped.

HTML: comments are dropped with a warning; styling tags (``<span style=...>``, ``<font>``,
``<u>``, ``<ins>``...) are dropped and their words kept; ``<br>`` is a space. Strike-through
(``<del>``, ``<s>``, ``<strike>``, ``~~...~~``) is text the drafter deleted: a negotiator
reading the transcription reads it as gone, so its words are dropped, and a warning with the
line quotes them so that nobody loses them silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from server.core.richtext import EditorialNote, Mark, Style, normalise_marks

__all__ = ["MarkdownDocument", "Rich", "SourceLine", "plain_line", "read_markdown",
           "take_notes"]


# --------------------------------------------------------------------------- rich text


@dataclass(frozen=True, slots=True)
class Rich:
    """Plain text with what rides on it: formatting runs, footnote references
    (``(mark, offset)``) and editorial notes, all with offsets into ``text``."""

    text: str
    marks: tuple[Mark, ...] = ()
    refs: tuple[tuple[str, int], ...] = ()
    notes: tuple[EditorialNote, ...] = ()

    def remap(self, keep: Sequence[bool], extra_notes: Iterable[EditorialNote] = ()) -> Rich:
        """The text with only the characters whose ``keep`` is True; offsets follow."""
        new_at = [0] * (len(self.text) + 1)
        out: list[str] = []
        for i, ch in enumerate(self.text):
            new_at[i] = len(out)
            if keep[i]:
                out.append(ch)
        new_at[len(self.text)] = len(out)
        text = "".join(out)
        marks = normalise_marks(
            [Mark(new_at[m.start], new_at[m.end], m.style) for m in self.marks
             if text[new_at[m.start]:new_at[m.end]].strip()], len(text))
        refs = tuple((mark, new_at[min(at, len(self.text))]) for mark, at in self.refs)
        notes = tuple(
            EditorialNote(n.text, None if n.offset is None else new_at[min(n.offset,
                                                                           len(self.text))])
            for n in (*self.notes, *extra_notes))
        return Rich(text, marks, refs, tuple(sorted(notes, key=_note_key)))

    def collapse(self) -> Rich:
        """Whitespace runs made one space, none at either end (``" ".join(s.split())``)."""
        if not _UNTIDY.search(self.text):
            return self
        keep = [True] * len(self.text)
        previous_space = True
        for i, ch in enumerate(self.text):
            space = ch.isspace()
            if space and previous_space:
                keep[i] = False
            previous_space = space
        for i in range(len(self.text) - 1, -1, -1):
            if not self.text[i].isspace():
                break
            keep[i] = False
        collapsed = self.remap(keep)
        if _ODD_SPACE.search(collapsed.text):
            collapsed = Rich(re.sub(r"\s", " ", collapsed.text), collapsed.marks,
                             collapsed.refs, collapsed.notes)
        return collapsed

    def cut(self, start: int, end: int | None = None) -> Rich:
        """``text[start:end]`` with what rides on it (references at the edges kept)."""
        end = len(self.text) if end is None else end
        if not self.marks and not self.refs and not self.notes:
            return Rich(self.text[start:end])
        keep = [start <= i < end for i in range(len(self.text))]
        return self.remap(keep)

    def wholly(self, style: Style) -> bool:
        """Whether every non-space character is in one run of ``style``."""
        if not self.marks:
            return False
        text = self.text
        first = len(text) - len(text.lstrip())
        last = len(text.rstrip())
        if first >= last:
            return False
        return any(m.style == style and m.start <= first and m.end >= last
                   for m in self.marks)

    def styled(self, start: int, end: int, style: Style) -> bool:
        """Whether ``text[start:end]`` (its non-space characters) lies in one run."""
        if not self.marks:
            return False
        return Rich(self.text[start:end], tuple(
            Mark(m.start - start, m.end - start, m.style) for m in self.marks
            if m.end > start and m.start < end)).wholly(style)


_UNTIDY: Final = re.compile(r"\s\s|^\s|\s$|[^\S ]")
_ODD_SPACE: Final = re.compile(r"[^\S ]")


def _note_key(note: EditorialNote) -> tuple[int, int]:
    return (-1 if note.offset is None else note.offset, 0)


def join(parts: Sequence[Rich], sep: str = " ") -> Rich:
    """The parts one after the other with ``sep`` between them."""
    if not any(p.marks or p.refs or p.notes for p in parts):
        return Rich(sep.join(p.text for p in parts))
    text: list[str] = []
    marks: list[Mark] = []
    refs: list[tuple[str, int]] = []
    notes: list[EditorialNote] = []
    at = 0
    for i, part in enumerate(parts):
        if i:
            text.append(sep)
            at += len(sep)
        text.append(part.text)
        marks.extend(Mark(m.start + at, m.end + at, m.style) for m in part.marks)
        refs.extend((mark, offset + at) for mark, offset in part.refs)
        notes.extend(EditorialNote(n.text, None if n.offset is None else n.offset + at)
                     for n in part.notes)
        at += len(part.text)
    joined = "".join(text)
    return Rich(joined, normalise_marks(marks, len(joined)) if marks else (), tuple(refs),
                tuple(notes))


# --------------------------------------------------------------------------- editorial notes

#: Stand-ins for braces the source escaped (``\\{``): literal braces, never a note.
_OPEN_BRACE: Final = "\ue000"
_CLOSE_BRACE: Final = "\ue001"
_NOTE_WORDS: Final = re.compile(
    r"^(?:notes?|n\.\s?b\.|editor(?:'|\u2019)?s?\s+note|editorial\s+note|secretariat|placement"
    r"|facilitator|co-?facilitator|chair|explanatory\s+note|reference|text\s+to\s+be"
    r"|to\s+be\s+(?:revised|inserted|placed|moved|decided|completed)|insert\b|pending\b"
    r"|footnote|drafting\s+note)",
    re.IGNORECASE,
)


def take_notes(rich: Rich) -> Rich:
    """Editorial notes taken out of the text (see the module docstring); never raises."""
    text = rich.text
    keep = [True] * len(text)
    notes: list[EditorialNote] = []
    # kramdown attribute lists and placement notes in braces
    for m in re.finditer(r"\{([^{}]*)\}", text):
        for i in range(m.start(), m.end()):
            keep[i] = False
        inner = " ".join(m.group(1).split())
        if inner and not inner.startswith(":"):
            notes.append(EditorialNote(inner, m.start()))
    # bracketed notes: [Note: ...] (any style), or a wholly italic bracket that reads as one
    for start, end in _bracket_spans(text):
        inner = " ".join(text[start + 1:end - 1].split())
        if not inner or not all(keep[start:end]):
            continue
        if _NOTE_WORDS.match(inner) or (
            rich.styled(start, end, "italic") and re.match(r"^[A-Z][a-z]+\b.*:", inner)
        ):
            for i in range(start, end):
                keep[i] = False
            notes.append(EditorialNote(inner, start))
    for i in range(1, len(text) if notes or not all(keep) else 0):
        # "[coordinate] [Note: ...]." leaves no space before the "."
        if not keep[i] and keep[i - 1] and text[i - 1] == " ":
            j = i
            while j < len(text) and not keep[j]:
                j += 1
            if j >= len(text) or text[j] in ",;.:)":
                keep[i - 1] = False
    cleaned = rich if all(keep) else rich.remap(keep, notes)
    if _OPEN_BRACE in cleaned.text or _CLOSE_BRACE in cleaned.text:
        cleaned = Rich(cleaned.text.replace(_OPEN_BRACE, "{").replace(_CLOSE_BRACE, "}"),
                       cleaned.marks, cleaned.refs, cleaned.notes)
    return cleaned


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    """Outermost balanced ``[...]`` spans of ``text`` (start, end past the ``]``)."""
    out: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch == "[":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def plain_line(text: str) -> Rich:
    """A line of plain text as rich text: its notes taken out, no formatting."""
    return take_notes(Rich(text))


# --------------------------------------------------------------------------- markdown

@dataclass(slots=True)
class SourceLine:
    """One line of the source that holds text, as the parser read it.

    ``raw``: the source line stripped; ``content``: its words as :class:`Rich` (a consumed
    list marker is put back in front: ``"1. "``, ``"- "``); ``block_start``: first line of a
    block; ``alone``: the block has this one line; ``heading``: an ATX or setext level.
    """

    line: int
    indent: int
    raw: str
    content: Rich
    block_start: bool
    alone: bool
    heading: int = 0


@dataclass(slots=True)
class MarkdownDocument:
    """What :func:`read_markdown` found: lines (blank lines as None), front-matter title,
    footnote texts by mark, the marks referenced, and warnings as ``(line, message)``."""

    lines: list[SourceLine | None]
    title: str | None = None
    footnotes: dict[str, str] = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)


_STRIKE_TAGS: Final = frozenset({"del", "s", "strike"})
_TAG: Final = re.compile(r"^<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/)?\s*>$", re.DOTALL)


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.use(front_matter_plugin).use(footnote_plugin)
    md.enable("strikethrough")
    return md


_MD: Final = _parser()


class _Inline:
    """Renders one inline token's children into rich lines (a line per source line)."""

    def __init__(self, doc: MarkdownDocument, line: int) -> None:
        self.doc = doc
        self.line = line
        self.lines: list[Rich] = []
        self.buf: list[str] = []
        self.at = 0
        self.marks: list[Mark] = []
        self.refs: list[tuple[str, int]] = []
        self.open: dict[Style, list[int]] = {"italic": [], "bold": []}
        self.deleting = 0
        self.deleted: list[str] = []
        self.after_delete = False

    def text(self, s: str) -> None:
        if self.deleting:
            self.deleted.append(s)
            return
        if self.after_delete and s[:1] in ",;.:)" and self.buf and self.buf[-1][-1:].isspace():
            # "the annex <del>and its appendix</del>;": no space left before the ";"
            self.buf[-1] = self.buf[-1].rstrip()
            self.at = sum(len(b) for b in self.buf)
        self.after_delete = False
        self.buf.append(s)
        self.at += len(s)

    def newline(self) -> None:
        text = "".join(self.buf)
        marks = [*self.marks]
        for style, starts in self.open.items():
            marks.extend(Mark(s, len(text), style) for s in starts)
            self.open[style] = [0 for _ in starts]
        self.lines.append(Rich(text, normalise_marks(marks, len(text)), tuple(self.refs)))
        self.buf, self.at, self.marks, self.refs = [], 0, [], []
        self.line += 1

    def close(self, style: Style) -> None:
        if self.open[style]:
            self.marks.append(Mark(self.open[style].pop(), self.at, style))

    def strike(self, opening: bool) -> None:
        if opening:
            self.deleting += 1
            return
        if self.deleting:
            self.deleting -= 1
            if not self.deleting:
                words = " ".join("".join(self.deleted).split())
                self.deleted = []
                self.after_delete = True
                if words:
                    self.doc.warnings.append((self.line, (
                        f"struck-through text dropped as deleted: \u201c{words[:80]}\u201d")))

    def html(self, content: str) -> None:
        if content.startswith("<!--"):
            self.doc.warnings.append((self.line, "an HTML comment was dropped"))
            return
        m = _TAG.match(content.strip())
        if m is None:
            self.text(content)
            return
        closing, name = m.group(1), m.group(2).lower()
        if name in _STRIKE_TAGS:
            self.strike(not closing)
        elif name in ("em", "i"):
            if closing:
                self.close("italic")
            else:
                self.open["italic"].append(self.at)
        elif name in ("strong", "b"):
            if closing:
                self.close("bold")
            else:
                self.open["bold"].append(self.at)
        elif name == "br":
            self.text(" ")

    def render(self, children: Sequence[Token]) -> list[Rich]:
        for tok in children:
            kind = tok.type
            if kind == "text":
                self.text(tok.content)
            elif kind in ("softbreak", "hardbreak"):
                if self.deleting:
                    self.deleted.append(" ")
                else:
                    self.newline()
            elif kind == "em_open":
                self.open["italic"].append(self.at)
            elif kind == "em_close":
                self.close("italic")
            elif kind == "strong_open":
                self.open["bold"].append(self.at)
            elif kind == "strong_close":
                self.close("bold")
            elif kind in ("s_open", "s_close"):
                self.strike(kind == "s_open")
            elif kind == "code_inline" or kind == "image":
                self.text(tok.content)
            elif kind == "footnote_ref":
                if not self.deleting:
                    self.refs.append((str((tok.meta or {}).get("label", "")), self.at))
            elif kind == "html_inline":
                self.html(tok.content)
            elif kind in ("link_open", "link_close"):
                continue
            elif tok.children:
                self.render(tok.children)
            elif tok.content:
                self.text(tok.content)
        return self.lines

    def finish(self) -> list[Rich]:
        self.newline()
        return self.lines


def _render_inline(doc: MarkdownDocument, tok: Token, line: int) -> list[Rich]:
    inline = _Inline(doc, line)
    inline.render(tok.children or [])
    return [take_notes(r) for r in inline.finish()]


def _inline_line(doc: MarkdownDocument, text: str, line: int) -> Rich:
    """One line read as inline Markdown."""
    tokens = _MD.parseInline(text)
    if not tokens:
        return Rich("")
    return join(_render_inline(doc, tokens[0], line))


def read_markdown(source: str) -> MarkdownDocument:
    """Parse ``source`` (lines split on ``\\n``) with CommonMark and the footnote and front
    matter plugins; never raises on any text."""
    raw_lines = source.split("\n")
    hidden = source.replace("\\{", _OPEN_BRACE).replace("\\}", _CLOSE_BRACE)
    doc = MarkdownDocument([None] * len(raw_lines))
    env: dict[str, object] = {}
    tokens = _MD.parse(hidden, env)
    footnote_env = env.get("footnotes")
    refs = footnote_env.get("refs", {}) if isinstance(footnote_env, dict) else {}
    for key, index in refs.items():
        if index == -1 and isinstance(key, str):
            label = key[1:]
            at = next((k + 1 for k, x in enumerate(raw_lines)
                       if x.lstrip().startswith(f"[^{label}]:")), 0)
            doc.warnings.append((at, f"footnote {label} is given but no text refers to it; "
                                     "it was dropped"))
    markers: list[str] = []  # list markers waiting for their item's first line
    in_footnote: str | None = None
    footnote_parts: list[str] = []
    heading = 0
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind == "front_matter":
            m = re.search(r"^title\s*:\s*(.*?)\s*$", tok.content, re.MULTILINE)
            if m and m.group(1).strip().strip("\"'"):
                doc.title = m.group(1).strip().strip("\"'")
        elif kind == "footnote_open":
            in_footnote = str((tok.meta or {}).get("label", ""))
            footnote_parts = []
        elif kind == "footnote_close":
            if in_footnote is not None:
                doc.footnotes[in_footnote] = " ".join(" ".join(footnote_parts).split())
            in_footnote = None
        elif kind == "list_item_open":
            if tok.markup in (".", ")"):
                markers.append(f"{tok.info}{tok.markup} ")
            else:
                markers.append("- ")
        elif kind == "heading_open":
            heading = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif kind == "heading_close":
            heading = 0
        elif kind == "inline":
            start = tok.map[0] if tok.map else 0
            rich = _render_inline(doc, tok, start + 1)
            if in_footnote is not None:
                footnote_parts.extend(r.text for r in rich)
                continue
            _place(doc, raw_lines, start, rich, markers, heading,
                   setext=bool(heading and tokens[i - 1].markup in ("=", "-")))
            markers = []
        elif kind == "html_block":
            if in_footnote is not None:
                continue
            start, end = tok.map or (0, 0)
            content = tok.content.strip()
            if content.startswith("<!--"):
                doc.warnings.append((start + 1, "an HTML comment was dropped"))
                continue
            text = re.sub(r"<[^>]*>", " ", tok.content)
            lines = [take_notes(Rich(x)) for x in text.split("\n")][: max(1, end - start)]
            lines = [r for r in lines if r.text.strip()]
            if lines:
                doc.warnings.append((start + 1, "an HTML block was read as text, its tags "
                                                "dropped"))
                _place(doc, raw_lines, start, lines, [], 0, setext=False, alone=False)
        elif kind in ("code_block", "fence"):
            if in_footnote is not None:
                continue
            start, _end = tok.map or (0, 0)
            offset = 1 if kind == "fence" else 0
            # negotiated texts hold no code: a block indented deep under its list item
            # (``        (i) text``) is text, read with its inline mark-up; a fence is literal
            lines = [_inline_line(doc, x, start + k + 1) if kind == "code_block"
                     else take_notes(Rich(x))
                     for k, x in enumerate(tok.content.rstrip("\n").split("\n"))]
            for k, r in enumerate(lines):
                at = start + offset + k
                if at < len(raw_lines) and r.text.strip():
                    raw = raw_lines[at].expandtabs(4)
                    doc.lines[at] = SourceLine(
                        at + 1, len(raw) - len(raw.lstrip(" ")), raw.strip(), r.collapse(),
                        block_start=k == 0 or not lines[k - 1].text.strip(),
                        alone=len(lines) == 1, heading=0)
    return doc


def _place(doc: MarkdownDocument, raw_lines: Sequence[str], start: int, rich: list[Rich],
           markers: list[str], heading: int, *, setext: bool, alone: bool | None = None) -> None:
    """Put the rendered lines of a block at their source lines."""
    if setext and rich:
        rich = [join([r.collapse() for r in rich])]
    count = len(rich)
    for k, r in enumerate(rich):
        at = min(start + k, len(raw_lines) - 1)
        if at < 0:
            continue
        raw = raw_lines[at].expandtabs(4)
        content = r.collapse()
        stripped = re.sub(r"^(?:>\s?)+", "", raw.strip())  # a block quote's markers
        if k == 0 and markers:
            prefix = "".join(markers)
            content = join([Rich(prefix.rstrip()), content])
        if not content.text and not content.notes:
            continue
        line = SourceLine(at + 1, len(raw) - len(raw.lstrip(" ")), stripped, content,
                          block_start=k == 0, alone=(count == 1) if alone is None else alone,
                          heading=heading)
        existing = doc.lines[at]
        if existing is not None:
            existing.content = join([existing.content, content])
        else:
            doc.lines[at] = line
