"""From a marked-up file's tracked changes to one proposal per paragraph (pure: no I/O).

The reader (:mod:`server.features.markup.tracked`) gives the file's paragraphs with their
pieces. Each paragraph's *original* (what the file held before the delegation's changes: the
text kept and deleted) is matched to a unit of the current revision: for a file made by
Accord's own export, by the number the export printed (the name the text gives it, such as
``OP12`` or ``Article 4.2``, when it is unique on both sides), the rest by the lineage
matcher (:func:`server.core.lineage.lineage`: content, place, parent, neighbours). Each matched
paragraph with changes becomes one proposal: its words with every change applied (several
changes in one paragraph are one amendment), justified by the comments on its changed
pieces. A paragraph inserted as a whole is a new paragraph after the one before it; one
deleted as a whole is the deletion of its unit. What cannot be placed is listed with where
it is in the file, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from server.core.amendments import MAX_JUSTIFICATION_LENGTH, AmendmentKind
from server.core.lineage import LineageStatus, lineage
from server.core.naming import unit_names
from server.core.text import UnitKind, UnitView
from server.features.files.exports.common import strip_number

#: Statuses whose pair is one unit on each side.
_PAIRED: Final = frozenset({LineageStatus.UNCHANGED, LineageStatus.EDITED,
                            LineageStatus.MOVED})
_SUB_STYLE: Final = re.compile(r"^accord subparagraph (\d)$")
_HEADING_STYLE: Final = re.compile(r"^heading (\d)$")
_SNIPPET: Final = 60


@dataclass(frozen=True)
class Piece:
    op: str  # equal, insert, delete
    role: str  # number, heading, status, text
    text: str
    comments: tuple[str, ...]
    author: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the file as the reader saw it."""

    index: int
    style: str
    mark: str | None
    formatting: int
    pieces: tuple[Piece, ...]
    points: tuple[tuple[str, int], ...] = ()

    def role_text(self, role: str, *, proposed: bool) -> str:
        drop = "delete" if proposed else "insert"
        return "".join(p.text for p in self.pieces if p.role == role and p.op != drop)

    @property
    def changed(self) -> bool:
        return any(p.op != "equal" for p in self.pieces)

    @property
    def whole(self) -> str | None:
        """"insert" / "delete" when the whole paragraph (its mark and every word) is one."""
        ops = {p.op for p in self.pieces}
        if self.mark == "inserted" and ops == {"insert"}:
            return "insert"
        if self.mark == "deleted" and ops == {"delete"}:
            return "delete"
        return None

    def snippet(self, *, proposed: bool = False) -> str:
        words = " ".join("".join(p.text for p in self.pieces if p.op != (
            "delete" if proposed else "insert")).split())
        return words if len(words) <= _SNIPPET else words[:_SNIPPET - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    text: str


@dataclass(frozen=True)
class Markup:
    accord: bool
    paragraphs: tuple[Paragraph, ...]
    comments: Mapping[str, Comment]


def markup_from_json(data: Mapping[str, Any]) -> Markup:
    """The reader's JSON (what the worker wrote) as typed values."""
    paragraphs = tuple(Paragraph(
        index=int(p["index"]), style=str(p["style"]), mark=p.get("mark"),
        formatting=int(p.get("formatting", 0)),
        pieces=tuple(Piece(op, role, text, tuple(comments), author)
                     for op, role, text, comments, author in p["pieces"]),
        points=tuple((str(c), int(i)) for c, i in p.get("points", ())))
        for p in data["paragraphs"])
    comments = {key: Comment(key, str(c.get("author", "")), str(c.get("text", "")))
                for key, c in data.get("comments", {}).items()}
    return Markup(bool(data.get("accord")), paragraphs, comments)


@dataclass(frozen=True)
class Proposal:
    """One draft amendment the file proposes."""

    unit_key: str
    paragraph: str  # the unit's name in the revision: "OP12", "Article 4.2"
    kind: AmendmentKind
    base_text: str
    text: str | None
    justification: str
    #: The file's paragraphs it comes from (their index), the reviewers who made the changes.
    where: tuple[int, ...]
    authors: tuple[str, ...]
    changes: int
    #: How its paragraph was matched to the unit: "number", "text", "similarity"...; "after"
    #: for a new paragraph (placed after the matched paragraph before it).
    matched_by: str = ""


@dataclass(frozen=True)
class Unplaced:
    """A change (or comment) the file holds that no amendment carries, and why."""

    where: str  # "Paragraph 14 of the file (\"We commit to...\")"
    reason: str


@dataclass
class Outcome:
    proposals: list[Proposal] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    #: How each file paragraph was matched ("number", "text", "similarity", ...), by index.
    matched_by: dict[int, str] = field(default_factory=dict)


def _where(paragraph: Paragraph) -> str:
    snippet = paragraph.snippet()
    at = f"Paragraph {paragraph.index} of the file"
    return f"{at} (\u201c{snippet}\u201d)" if snippet else at


def _text(paragraph: Paragraph, *, proposed: bool, accord: bool) -> str:
    """The paragraph's negotiated words (an Accord export's number, heading and status
    label left out, with the line break after the heading and the space before the status)."""
    if not accord:
        return paragraph.role_text("text", proposed=proposed)
    body = paragraph.role_text("text", proposed=proposed)
    if paragraph.role_text("heading", proposed=proposed) and body.startswith("\n"):
        body = body[1:]
    if paragraph.role_text("status", proposed=proposed) and body.endswith(" "):
        body = body[:-1]
    return body


def _file_units(markup: Markup) -> list[tuple[UnitView, Paragraph]]:
    """The file's paragraphs as units (their original words): with their structure from the
    export's styles for an Accord export, one flat paragraph each otherwise."""
    out: list[tuple[UnitView, Paragraph]] = []
    containers: list[tuple[int, str]] = []
    items: list[str] = []
    for para in markup.paragraphs:
        if para.whole == "insert" or para.style in ("title", "subtitle"):
            continue
        text = _text(para, proposed=False, accord=markup.accord)
        heading = para.role_text("heading", proposed=False) or None
        number = strip_number(para.role_text("number", proposed=False)) or None
        if not text.strip() and not heading and not number:
            continue
        key = f"f{para.index}"
        if not markup.accord:
            out.append((UnitView(key, UnitKind.PARAGRAPH, None, None, text), para))
            continue
        heading_match = _HEADING_STYLE.match(para.style)
        if para.style == "accord preamble" or heading_match:
            level = int(heading_match.group(1)) if heading_match else 1
            while containers and containers[-1][0] >= level:
                containers.pop()
            parent = containers[-1][1] if containers else None
            kind = (UnitKind.PREAMBLE if para.style == "accord preamble" and parent is None
                    else UnitKind.SECTION)
            out.append((UnitView(key, kind, parent, number, text, heading), para))
            containers.append((level, key))
            items = []
            continue
        sub = _SUB_STYLE.match(para.style)
        if sub and items:
            depth = min(int(sub.group(1)), len(items))
            del items[depth:]
            out.append((UnitView(key, UnitKind.SUBPARAGRAPH, items[-1], number, text,
                                 heading), para))
            items.append(key)
            continue
        parent = containers[-1][1] if containers else None
        out.append((UnitView(key, UnitKind.PARAGRAPH, parent, number, text, heading), para))
        items = [key]
    return out


def _unique_names(units: Sequence[UnitView]) -> dict[str, str]:
    """name -> key, for the names only one unit carries."""
    seen: dict[str, list[str]] = {}
    for key, name in unit_names(units).items():
        seen.setdefault(name, []).append(key)
    return {name: keys[0] for name, keys in seen.items() if len(keys) == 1}


def match_paragraphs(markup: Markup, current: Sequence[UnitView]
                     ) -> tuple[dict[int, str], dict[int, str]]:
    """Each file paragraph's unit of the current revision (by index), and how it was found:
    by number first for an Accord export, then by lineage."""
    pairs = _file_units(markup)
    file_units = [u for u, _ in pairs]
    index_of = {u.key: p.index for u, p in pairs}
    pinned: dict[str, str] = {}
    if markup.accord:
        ours, theirs = _unique_names(current), _unique_names(file_units)
        by_key = {u.key: u for u in current}
        for name, new_key in theirs.items():
            old_key = ours.get(name)
            if old_key is not None and by_key[old_key].kind is next(
                    u.kind for u in file_units if u.key == new_key):
                pinned[old_key] = new_key
    matched: dict[int, str] = {}
    how: dict[int, str] = {}
    try:
        entries = lineage(current, file_units, by_identity=False, pinned=pinned)
    except ValueError:
        return matched, how
    for entry in entries:
        if entry.status in _PAIRED and len(entry.old) == 1 and len(entry.new) == 1:
            index = index_of[entry.new[0]]
            matched[index] = entry.old[0]
            how[index] = "number" if entry.match == "pinned" else entry.match
    return matched, how


def _justification(paragraphs: Sequence[Paragraph], markup: Markup) -> str:
    """The comments on the changed pieces (or anchored at a point next to a change), each
    once, in the order they come."""
    ids: list[str] = []
    for para in paragraphs:
        for position, piece in enumerate(para.pieces):
            if piece.op != "equal":
                ids.extend(piece.comments)
                ids.extend(c for c, at in para.points if at in (position - 1, position))
    texts = [markup.comments[c].text for c in dict.fromkeys(ids)
             if c in markup.comments and markup.comments[c].text.strip()]
    joined = "\n\n".join(texts)
    return joined if len(joined) <= MAX_JUSTIFICATION_LENGTH else (
        joined[:MAX_JUSTIFICATION_LENGTH - 1] + "\u2026")


def _used_comments(paragraphs: Sequence[Paragraph]) -> set[str]:
    used: set[str] = set()
    for para in paragraphs:
        for position, piece in enumerate(para.pieces):
            if piece.op != "equal":
                used.update(piece.comments)
                used.update(c for c, at in para.points if at in (position - 1, position))
    return used


def _strip_to(original: str, proposed: str, base: str) -> str | None:
    """The proposed words for a unit whose text is ``base`` when the file's paragraph held
    ``original`` (a generic file prints the number in the text: "12. We commit..."): the
    same prefix and suffix taken off, when the changes lie within ``base``."""
    if original == base:
        return proposed
    at = original.find(base) if base else -1
    if at < 0:
        return None
    prefix, suffix = original[:at], original[at + len(base):]
    if proposed.startswith(prefix) and proposed.endswith(suffix) and (
            len(proposed) >= len(prefix) + len(suffix)):
        return proposed[len(prefix):len(proposed) - len(suffix)]
    return None


def _tidy(proposed: str, original: str) -> str:
    """No doubled spaces a deletion left where the original had none."""
    if "  " in original:
        return proposed
    return re.sub(r" {2,}", " ", proposed)


def proposals(markup: Markup, current: Sequence[UnitView]) -> Outcome:
    """The draft amendments the file proposes to the revision ``current`` (see the module
    docstring)."""
    outcome = Outcome()
    names = unit_names(current)
    by_key = {u.key: u for u in current}
    matched, outcome.matched_by = match_paragraphs(markup, current)
    grouped: dict[str, list[Paragraph]] = {}
    previous: str | None = None  # the unit of the last matched paragraph
    additions: dict[str, list[Paragraph]] = {}
    formatting = 0
    for para in markup.paragraphs:
        formatting += para.formatting
        key = matched.get(para.index)
        if para.whole == "insert":
            if previous is None:
                outcome.unplaced.append(Unplaced(_where(para), "a paragraph added before the "
                                                 "first paragraph of the text; propose it by "
                                                 "hand after the paragraph it belongs to"))
            else:
                additions.setdefault(previous, []).append(para)
            continue
        if key is not None:
            previous = key
        if not para.changed:
            continue
        if para.style in ("title", "subtitle"):
            outcome.unplaced.append(Unplaced(_where(para), "a change to the document's title "
                                             "is not an amendment to a paragraph"))
            continue
        if key is None:
            outcome.unplaced.append(Unplaced(_where(para), "no paragraph of the current "
                                             "revision matches this one"))
            continue
        if para.mark is not None and para.whole is None:
            outcome.unplaced.append(Unplaced(_where(para), "a paragraph break was added or "
                                             f"removed in {names.get(key, 'a paragraph')}: "
                                             "split or join paragraphs by hand"))
            continue
        for role, what in (("number", "number"), ("heading", "heading"),
                           ("status", "status label")):
            if para.whole != "delete" and any(p.op != "equal" and p.role == role
                                              for p in para.pieces):
                outcome.unplaced.append(Unplaced(_where(para), f"the {what} of "
                                                 f"{names.get(key, 'a paragraph')} was "
                                                 "changed: only the co-facilitators "
                                                 f"change a {what}"))
        if any(p.op != "equal" and p.role == "text" for p in para.pieces):
            grouped.setdefault(key, []).append(para)
    for key, paras in grouped.items():
        unit = by_key[key]
        name = names.get(key, "a paragraph")
        if len(paras) > 1:
            outcome.unplaced.append(Unplaced(
                ", ".join(_where(p) for p in paras),
                f"several paragraphs of the file match {name}: propose the change by hand"))
            continue
        para = paras[0]
        original = _text(para, proposed=False, accord=markup.accord)
        changed = _text(para, proposed=True, accord=markup.accord)
        changes = _changes(para)
        authors = tuple(dict.fromkeys(p.author for p in para.pieces
                                      if p.op != "equal" and p.author))
        if para.whole == "delete":
            outcome.proposals.append(Proposal(
                key, name, AmendmentKind.DELETE_UNIT, unit.text, None,
                _justification(paras, markup), (para.index,), authors, changes))
            continue
        text = _strip_to(original, changed, unit.text)
        if text is None:
            outcome.unplaced.append(Unplaced(_where(para), f"the file's words for {name} are "
                                             "not the current revision's: export the current "
                                             "revision and mark it up again"))
            continue
        text = _tidy(text, unit.text)
        if text == unit.text:
            continue  # changes that cancel out (a word deleted and typed again)
        if not text.strip():
            outcome.proposals.append(Proposal(
                key, name, AmendmentKind.DELETE_UNIT, unit.text, None,
                _justification(paras, markup), (para.index,), authors, changes))
            continue
        outcome.proposals.append(Proposal(
            key, name, AmendmentKind.CHANGE_WORDS, unit.text, text,
            _justification(paras, markup), (para.index,), authors, changes))
    for key, paras in additions.items():
        for para in paras:
            words = _text(para, proposed=True, accord=markup.accord).strip()
            if not words:
                continue
            authors = tuple(dict.fromkeys(p.author for p in para.pieces if p.author))
            outcome.proposals.append(Proposal(
                key, names.get(key, "a paragraph"), AmendmentKind.ADD_UNIT,
                by_key[key].text, words, _justification([para], markup), (para.index,),
                authors, 1))
    outcome.proposals = [replace(p, matched_by="after" if p.kind is AmendmentKind.ADD_UNIT
                                 else outcome.matched_by.get(p.where[0], "similarity"))
                         for p in outcome.proposals]
    order = {u.key: i for i, u in enumerate(current)}
    outcome.proposals.sort(key=lambda p: (order.get(p.unit_key, 0), p.where))
    used = _used_comments([p for ps in grouped.values() for p in ps]
                          + [p for ps in additions.values() for p in ps])
    for para in markup.paragraphs:
        for comment_id in dict.fromkeys([c for piece in para.pieces for c in piece.comments]
                                        + [c for c, _ in para.points]):
            comment = markup.comments.get(comment_id)
            if comment_id in used or comment is None:
                continue
            used.add(comment_id)
            outcome.unplaced.append(Unplaced(_where(para), "a comment on words that were not "
                                             f"changed: \u201c{_short(comment.text)}\u201d"))
    if formatting:
        what = ("1 formatting change (bold, italics, a style) is" if formatting == 1 else
                f"{formatting} formatting changes (bold, italics, styles) are")
        outcome.unplaced.append(Unplaced(
            "the whole file", f"{what} not an amendment to the words: left out"))
    return outcome


def _changes(paragraph: Paragraph) -> int:
    """How many changes a reader sees in the paragraph's words: a deletion next to an
    insertion is one replacement."""
    count, inside = 0, False
    for piece in paragraph.pieces:
        if piece.role != "text":
            continue
        changed = piece.op != "equal"
        count += changed and not inside
        inside = changed
    return count


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= _SNIPPET else words[:_SNIPPET - 1].rstrip() + "\u2026"
