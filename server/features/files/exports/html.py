"""HTML print views: a self-contained page (inline CSS, no scripts, no external resources)
with print rules, for a revision or a comparison. All user text is escaped.

A revision prints what its units carry besides their words (:mod:`server.core.richtext`) as
a UN document does: italic and bold runs (``<em>``, ``<strong>``); each footnote's mark
superscript where it is anchored, linked to the footnote, the footnotes listed at the end of
their article (section) under a short rule, in the form LibreOffice reads as real footnotes
(``sdfootnote``), so the PDF made by LibreOffice prints them at the foot of the page; an
editorial note in italics between braces, set apart from the negotiated text (``class
"editorial-note"``); each alternative of an option group under its label ("Option 1",
"Option 2: No text"), the group's units marked with a rule on their left.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from server.core.diff import Op, Span, word_diff
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports.common import (
    NO_TEXT,
    STATUS_LABEL,
    ComparedUnit,
    DocumentMeta,
    Inline,
    has_rich,
    inline_pieces,
    number_prefix,
    option_label,
    option_starts,
    pieces_in,
    spaced_after,
    unit_notes,
    xml_text,
)

__all__ = ["comparison_html", "revision_html"]


def escape(text: str, quote: bool = True) -> str:
    """User text for HTML: escaped, without the characters no document may hold (NUL)."""
    return html.escape(xml_text(text), quote=quote)

_CSS: Final = """
:root { color-scheme: light; }
body { font-family: "Times New Roman", "Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC",
       "Noto Sans CJK SC", "DejaVu Serif", serif; font-size: 12pt; line-height: 1.45;
       max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 0.2em; }
p.label { text-align: center; font-style: italic; margin-top: 0; }
.unit { margin: 0.4em 0; white-space: pre-wrap; }
.unit.section, .unit.preamble { font-weight: bold; margin-top: 1.2em; }
.num { display: inline-block; min-width: 2.2em; }
.heading { font-weight: bold; }
.status { font-style: italic; color: #38761d; }
.status-agreed_informals { background: #fff2cc; }
.status-agreed_ad_ref { background: #d9ead3; }
.status-adopted { background: #b6d7a8; }
ins { color: #1155cc; text-decoration: underline; }
del { color: #990000; text-decoration: line-through; }
.unit.deleted { color: #990000; }
sup.fn-ref { font-size: 0.7em; line-height: 0; }
sup.fn-ref a, a.sdfootnotesym { color: inherit; text-decoration: none; }
.editorial-note { font-style: italic; color: #444; }
.footnotes { margin: 0.8em 0 1em; font-size: 10pt; border-top: 1px solid #555;
             width: 33%; padding-top: 0.3em; }
.footnotes div { width: 300%; margin: 0.15em 0; }
.footnotes p { margin: 0; }
a.sdfootnotesym { display: inline-block; min-width: 1.5em; vertical-align: super;
                  font-size: 0.75em; }
.option-label { font-weight: bold; font-style: italic; margin: 0.8em 0 0.2em; }
.unit.option { border-left: 2px solid #999; padding-left: 0.6em; }
footer { margin-top: 2em; font-size: 9pt; color: #555; text-align: center; }
@page { size: A4; margin: 2cm 2.2cm; }
@media print {
  body { margin: 0; max-width: none; }
  .unit { break-inside: avoid; }
  h1, .unit.section, .unit.preamble { break-after: avoid; }
  footer { position: fixed; bottom: 0; left: 0; right: 0; }
}
"""


def _direction(language: str) -> str:
    """The page's direction: right to left for an Arabic version, else the text's own."""
    return "rtl" if language == "ar" else "auto"


def _page(meta: DocumentMeta, body: list[str]) -> str:
    lang = escape(meta.language, quote=True)
    label = f'<p class="label">{escape(meta.label)}</p>' if meta.label else ""
    date = f" &middot; {meta.date.date().isoformat()}" if meta.date else ""
    # In the head for programs, in the footer for readers (and the PDF made from it).
    history = (f'<meta name="accord-history-hash" content="{escape(meta.history_hash)}">\n'
               if meta.history_hash else "")
    if meta.history_hash:
        date += f" &middot; History hash: {escape(meta.history_hash)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{_direction(meta.language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        f"<title>{escape(meta.full_title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{history}<style>{_CSS}</style>\n</head>\n<body>\n<h1>{escape(meta.title)}</h1>\n{label}\n"
        + "\n".join(body)
        + f"\n<footer>{escape(meta.full_title)}{date}</footer>\n</body>\n</html>\n")


def _indent(depth: int) -> str:
    return f' style="margin-left: {depth * 1.5:.1f}em"' if depth else ""


def _depth(unit: UnitView, depth: dict[str, int]) -> int:
    d = depth[unit.parent] + 1 if unit.parent in depth else 0
    depth[unit.key] = d
    return d


def _classes(unit: UnitView, *extra: str) -> str:
    classes = ["unit", unit.kind.value, *extra]
    if unit.status is not UnitStatus.OPEN:
        classes.append(f"status-{unit.status.value}")
    return " ".join(classes)


class _Footnotes:
    """The footnotes met so far in an article, numbered for their links."""

    def __init__(self) -> None:
        self.count = 0
        self.waiting: list[tuple[int, str, str]] = []

    def anchor(self, mark: str, text: str) -> str:
        self.count += 1
        n = self.count
        self.waiting.append((n, mark, text))
        return (f'<sup class="fn-ref"><a class="sdfootnoteanc" name="sdfootnote{n}anc" sdfixed '
                f'id="sdfootnote{n}anc" href="#sdfootnote{n}sym">{escape(mark)}</a></sup>')

    def flush(self) -> list[str]:
        """The waiting footnotes, as the block printed at the end of their article."""
        if not self.waiting:
            return []
        notes = [f'<div id="sdfootnote{n}"><p class="sdfootnote" dir="auto">'
                 f'<a class="sdfootnotesym" name="sdfootnote{n}sym" id="sdfootnote{n}sym" '
                 f'href="#sdfootnote{n}anc">{escape(mark)}</a>'
                 f'{escape(text).replace(chr(10), "<br>")}</p></div>'
                 for n, mark, text in self.waiting]
        self.waiting = []
        return ['<aside class="footnotes" aria-label="Footnotes">', *notes, "</aside>"]


def _note_html(text: str) -> str:
    return (f'<span class="editorial-note" title="Editorial note">'
            f'{{{escape(" ".join(text.split()))}}}</span>')


def _rich_html(pieces: list[Inline], footnotes: _Footnotes) -> str:
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if piece.kind == "footnote":
            out.append(footnotes.anchor(piece.mark, piece.text))
        elif piece.kind == "note":
            out.append(_note_html(piece.text) + (" " if spaced_after(pieces, index) else ""))
        else:
            text = escape(piece.text).replace("\n", "<br>")
            if piece.bold:
                text = f"<strong>{text}</strong>"
            if piece.italic:
                text = f"<em>{text}</em>"
            out.append(text)
    return "".join(out)


def _unit_html(unit: UnitView, depth: int, footnotes: _Footnotes | None = None) -> str:
    parts = []
    if unit.number:
        parts.append(f'<span class="num">{escape(number_prefix(unit.number).strip())}</span> ')
    if unit.heading:
        parts.append(f'<span class="heading">{escape(unit.heading)}</span>')
        if unit.text:
            parts.append("<br>")
    if footnotes is None:
        if unit.text:
            parts.append(f'<span dir="auto">{escape(unit.text)}</span>')
    else:
        if unit.text or unit.footnotes or unit.notes:
            body = _rich_html(inline_pieces(unit), footnotes)
            notes = " ".join(_note_html(n) for n in unit_notes(unit))
            parts.append(f'<span dir="auto">{body}{" " if body and notes else ""}{notes}'
                         "</span>")
    label = STATUS_LABEL.get(unit.status)
    if label:
        parts.append(f' <span class="status">{escape(label)}</span>')
    indent = depth if unit.kind in (UnitKind.SUBPARAGRAPH,) else 0
    extra = ("option",) if unit.option is not None and footnotes is not None else ()
    return (f'<div class="{_classes(unit, *extra)}" id="u-{escape(unit.key, quote=True)}"'
            f'{_indent(indent)}>{"".join(parts)}</div>')


def revision_html(meta: DocumentMeta, units: Sequence[UnitView]) -> str:
    """A revision as a printable, self-contained HTML page (see the module docstring)."""
    depth: dict[str, int] = {}
    footnotes = _Footnotes()
    body: list[str] = []
    for unit, (_, alternative) in zip(units, option_starts(units), strict=True):
        d = _depth(unit, depth)
        if unit.parent is None and unit.kind in (UnitKind.SECTION, UnitKind.PREAMBLE):
            body += footnotes.flush()  # an article's footnotes end it
        if alternative and unit.option is not None:
            label = escape(option_label(unit)) + (f": {NO_TEXT}" if unit.option.no_text
                                                  else "")
            indent = d if unit.kind is UnitKind.SUBPARAGRAPH else 0
            body.append(f'<div class="option-label"{_indent(indent)}>{label}</div>')
        if unit.option is not None and unit.option.no_text and not unit.text \
                and not unit.heading and not unit.footnotes and not unit.notes:
            continue
        body.append(_unit_html(unit, d, footnotes))
    body += footnotes.flush()
    return _page(meta, body)


def _diffed(old: str, new: str) -> str:
    out: list[str] = []
    for span in word_diff(old, new) if old != new else []:
        text = escape(span.text)
        out.append(text if span.op is Op.EQUAL else
                   f"<ins>{text}</ins>" if span.op is Op.INSERT else f"<del>{text}</del>")
    return "".join(out) if old != new else escape(new)


def _diffed_rich(before: UnitView, after: UnitView, footnotes: _Footnotes) -> str:
    """The word diff of two versions of a unit's text, each span in its version's styles,
    the newer version's footnotes and notes where they stand."""
    if not has_rich(before) and not has_rich(after):
        return _diffed(before.text, after.text)
    spans = word_diff(before.text, after.text) if before.text != after.text else (
        [Span(Op.EQUAL, after.text)] if after.text else [])
    out: list[str] = []
    old = new = 0
    for span in spans:
        n = len(span.text)
        if span.op is Op.DELETE:
            out.append(f"<del>{_rich_html(pieces_in(before, old, old + n, anchors=False), footnotes)}</del>")  # noqa: E501
            old += n
            continue
        last = new + n == len(after.text)
        shown = _rich_html(pieces_in(after, new, new + n, last=last), footnotes)
        out.append(shown if span.op is Op.EQUAL else f"<ins>{shown}</ins>")
        new += n
        if span.op is Op.EQUAL:
            old += n
    if not spans:
        out.append(_rich_html(pieces_in(after, 0, 0, last=True), footnotes))
    notes = " ".join(_note_html(n) for n in unit_notes(after))
    return "".join(out) + (" " if out and notes else "") + notes


def comparison_html(meta: DocumentMeta, items: Sequence[ComparedUnit]) -> str:
    """A comparison of two revisions (insertions underlined, deletions struck through),
    each text in its styles with the newer version's footnotes and notes."""
    depth: dict[str, int] = {}
    body: list[str] = []
    footnotes = _Footnotes()
    for item in items:
        unit = item.after or item.before
        if unit is None:
            continue
        d = _depth(unit, depth)
        if unit.parent is None and unit.kind in (UnitKind.SECTION, UnitKind.PREAMBLE):
            body += footnotes.flush()
        if item.before is None or item.after is None:
            tag = "del" if item.after is None else "ins"
            inner = _unit_html(unit, d, footnotes if item.after is not None else None)
            start = inner.index(">") + 1
            html = (inner[:start] + f"<{tag}>" + inner[start:-len("</div>")] + f"</{tag}></div>")
            body.append(html.replace('class="unit', 'class="unit ' +
                                     ("deleted" if tag == "del" else "new"), 1))
            continue
        before, after = item.before, item.after
        parts = []
        if before.number or after.number:
            parts.append(f'<span class="num">{_diffed(number_prefix(before.number).strip(), number_prefix(after.number).strip())}</span> ')  # noqa: E501
        if before.heading or after.heading:
            parts.append(f'<span class="heading">{_diffed(before.heading or "", after.heading or "")}</span>')  # noqa: E501
            if after.text or before.text:
                parts.append("<br>")
        parts.append(f'<span dir="auto">{_diffed_rich(before, after, footnotes)}</span>')
        old_label, new_label = STATUS_LABEL.get(before.status, ""), STATUS_LABEL.get(
            after.status, "")
        if old_label or new_label:
            parts.append(f' <span class="status">{_diffed(old_label, new_label)}</span>')
        indent = d if after.kind is UnitKind.SUBPARAGRAPH else 0
        body.append(f'<div class="{_classes(after)}" id="u-{escape(after.key, quote=True)}"'
                    f'{_indent(indent)}>{"".join(parts)}</div>')
    body += footnotes.flush()
    return _page(meta, body)


def text_html(meta: DocumentMeta, text: str) -> str:
    """Preformatted text (a compilation in its bracket notation) as a print page."""
    body = [f'<div class="unit" dir="auto">{escape(line)}</div>' for line in text.split("\n")]
    return _page(meta, body)
