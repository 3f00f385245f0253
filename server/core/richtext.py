"""What a unit's text carries besides its words: formatting runs, footnotes, editorial notes
and its place in an option group.

A unit's ``text`` stays plain (what amendments, diffs, brackets and search read). Beside it:

* ``marks``: inline formatting runs, ``Mark(start, end, style)`` over ``text`` in code points
  (``start < end``, sorted, runs of one style never overlapping): the preambular verbs in
  italics, a bold title.
* ``footnotes``: ``Footnote(mark, offset, text)``, numbered as the document prints them
  (``"5"``, ``"*"``) and anchored at ``offset`` in ``text`` (the mark is *not* in ``text``).
* ``notes``: editorial notes of the secretariat or the co-facilitators (``{Placement to be
  decided}``, an italic bracketed note), never negotiated text: ``EditorialNote(text, offset)``,
  ``offset`` None for a note on the whole unit.
* ``option``: ``OptionRef(group, label, no_text)``: the unit is (part of) one alternative of an
  option group. Units of one group share ``group`` (unique within the revision) and sit under
  the same parent; consecutive units with the same ``label`` form one alternative (several
  paragraphs, or a whole article with its paragraphs as children of the section carrying the
  ref). ``no_text`` marks the "No text" alternative (its unit's text is empty).

Everything here is pure and JSON-friendly: :func:`marks_to_json` and friends give what the
database and the import worker store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from server.core.errors import Invalid

Style = Literal["italic", "bold"]
STYLES: tuple[Style, ...] = ("italic", "bold")


@dataclass(frozen=True, slots=True)
class Mark:
    """A formatting run: ``text[start:end]`` is in ``style``."""

    start: int
    end: int
    style: Style


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote as printed: its mark (``"5"``), where it is anchored, and its text."""

    mark: str
    offset: int
    text: str


@dataclass(frozen=True, slots=True)
class EditorialNote:
    """A note that is not negotiated text; ``offset`` None: on the whole unit."""

    text: str
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class OptionRef:
    """The unit's place in an option group: which group, which alternative."""

    group: str
    label: str
    no_text: bool = False


def normalise_marks(marks: Iterable[Mark], length: int) -> tuple[Mark, ...]:
    """Marks clipped to ``[0, length]``, empty ones dropped, touching or overlapping runs of
    the same style merged, sorted by (start, style)."""
    out: list[Mark] = []
    for style in STYLES:
        runs = sorted((max(0, m.start), min(length, m.end)) for m in marks if m.style == style)
        merged: list[list[int]] = []
        for start, end in runs:
            if start >= end:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out.extend(Mark(s, e, style) for s, e in merged)
    return tuple(sorted(out, key=lambda m: (m.start, m.style)))


def marks_to_json(marks: Sequence[Mark]) -> list[list[Any]] | None:
    """``[[start, end, style], ...]``, or None when there are none (what the column holds)."""
    return [[m.start, m.end, m.style] for m in marks] or None


def marks_from_json(data: Any) -> tuple[Mark, ...]:
    """The inverse of :func:`marks_to_json`; raises Invalid on a malformed value."""
    if not data:
        return ()
    try:
        marks = tuple(Mark(int(s), int(e), _style(st)) for s, e, st in data)
    except (TypeError, ValueError) as exc:
        raise Invalid(f"Formatting runs are malformed: {exc}.") from exc
    return marks


def _style(value: Any) -> Style:
    if value not in STYLES:
        raise ValueError(f"unknown style {value!r}")
    return value  # type: ignore[no-any-return]


def footnotes_to_json(footnotes: Sequence[Footnote]) -> list[dict[str, Any]] | None:
    return [{"mark": f.mark, "offset": f.offset, "text": f.text} for f in footnotes] or None


def footnotes_from_json(data: Any) -> tuple[Footnote, ...]:
    if not data:
        return ()
    try:
        return tuple(Footnote(str(f["mark"]), int(f["offset"]), str(f["text"])) for f in data)
    except (TypeError, ValueError, KeyError) as exc:
        raise Invalid(f"Footnotes are malformed: {exc}.") from exc


def notes_to_json(notes: Sequence[EditorialNote]) -> list[dict[str, Any]] | None:
    return [{"text": n.text, "offset": n.offset} for n in notes] or None


def notes_from_json(data: Any) -> tuple[EditorialNote, ...]:
    if not data:
        return ()
    try:
        return tuple(EditorialNote(str(n["text"]),
                                   None if n.get("offset") is None else int(n["offset"]))
                     for n in data)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise Invalid(f"Editorial notes are malformed: {exc}.") from exc


def option_to_json(option: OptionRef | None) -> dict[str, Any] | None:
    if option is None:
        return None
    return {"group": option.group, "label": option.label, "no_text": option.no_text}


def option_from_json(data: Any) -> OptionRef | None:
    if not data:
        return None
    try:
        return OptionRef(str(data["group"]), str(data["label"]), bool(data.get("no_text")))
    except (TypeError, KeyError, AttributeError) as exc:
        raise Invalid(f"The option reference is malformed: {exc}.") from exc


# ---- checking and carrying ---------------------------------------------------------------


def check_marks(marks: Sequence[Mark], length: int) -> tuple[Mark, ...]:
    """Marks a person gave for a text of ``length`` code points, normalised; raises Invalid
    (naming the run) for one outside the text or empty."""
    for index, mark in enumerate(marks):
        if not 0 <= mark.start < mark.end <= length:
            raise Invalid(f"Formatting run {index + 1} ({mark.start}-{mark.end}, {mark.style}) "
                          f"is not within the text ({length} characters).",
                          details={"field": "marks", "index": index})
    return normalise_marks(marks, length)


def footnote_order(footnotes: Iterable[Footnote]) -> tuple[Footnote, ...]:
    """Footnotes in the order of their anchors (stable for footnotes at one offset)."""
    return tuple(sorted(footnotes, key=lambda f: f.offset))


#: Longest a diff for carrying may take (seconds); past it, the diff is coarser, never wrong.
CARRY_TIMEOUT = 0.2


@dataclass(frozen=True, slots=True)
class Carried:
    """What a unit's text carries, remapped onto its new text by :func:`carry`."""

    marks: tuple[Mark, ...]
    footnotes: tuple[Footnote, ...]
    notes: tuple[EditorialNote, ...]


class _OffsetMap:
    """Where each position of the old text lands in the new one, from a character diff.

    ``left(i)``: before anything inserted at ``i``; ``right(i)``: after it. A position
    inside deleted text lands at the deletion point. ``replaced(i)``: the text inserted at
    ``i`` directly follows deleted text (a replacement).
    """

    def __init__(self, old: str, new: str) -> None:
        from diff_match_patch import diff_match_patch  # a dependency of the core already

        dmp = diff_match_patch()
        dmp.Diff_Timeout = CARRY_TIMEOUT
        size = len(old) + 1
        self._left = [0] * size
        self._right = [0] * size
        self._replaced = [False] * size
        self._deleted = [False] * len(old)
        o = n = 0
        last_deleted = False
        for op, chunk in dmp.diff_main(old, new, False):
            length = len(chunk)
            # Position ``o`` itself keeps its ``left`` (set on arriving, before any text
            # inserted there); ``right`` is after that insertion.
            if op == 0:
                self._right[o] = n
                for k in range(1, length + 1):
                    self._left[o + k] = self._right[o + k] = n + k
                o += length
                n += length
                last_deleted = False
            elif op == -1:
                self._right[o] = n
                for k in range(1, length + 1):
                    self._left[o + k] = self._right[o + k] = n
                for k in range(length):
                    self._deleted[o + k] = True
                o += length
                last_deleted = True
            else:
                self._right[o] = n + length
                self._replaced[o] = last_deleted
                n += length
                last_deleted = False

    def left(self, i: int) -> int:
        return self._left[i]

    def right(self, i: int) -> int:
        return self._right[i]

    def end_of_run(self, start: int, end: int) -> int:
        """Where a run ending at ``end`` ends: text inserted at its end stays outside it,
        unless it replaces the run's own last characters."""
        if end > start and self._deleted[end - 1] and self._replaced[end]:
            return self._right[end]
        return self._left[end]


def carry(old_text: str, new_text: str, marks: Sequence[Mark],
          footnotes: Sequence[Footnote] = (), notes: Sequence[EditorialNote] = ()) -> Carried:
    """Remap formatting runs, footnote anchors and notes' offsets from ``old_text`` onto
    ``new_text`` through a character diff (diff-match-patch).

    Text inserted inside a run takes its style (and replacing a run's words keeps it); text
    inserted at a run's edge does not; a run whose text is deleted disappears. A footnote or
    note stays after the text it is anchored to: when that text is deleted it moves to the
    deletion point, never lost. Unchanged text gives everything back as it was (marks
    normalised).

    >>> carry("Recognizing the role", "Recognizing also the role",
    ...       [Mark(0, 11, "italic")], [Footnote("1", 20, "See A/RES/1.")]).marks
    (Mark(start=0, end=11, style='italic'),)
    >>> carry("Recognizing the role", "Recognizing also the role",
    ...       [], [Footnote("1", 20, "See A/RES/1.")]).footnotes[0].offset
    25
    """
    if old_text == new_text:
        return Carried(normalise_marks(marks, len(new_text)),
                       tuple(replace_offset(f, min(max(f.offset, 0), len(new_text)))
                             for f in footnotes),
                       tuple(n if n.offset is None else
                             EditorialNote(n.text, min(max(n.offset, 0), len(new_text)))
                             for n in notes))
    if not marks and not footnotes and not any(n.offset is not None for n in notes):
        return Carried((), (), tuple(notes))
    size = len(old_text)
    mapping = _OffsetMap(old_text, new_text)

    def clamp(i: int) -> int:
        return min(max(i, 0), size)

    moved: list[Mark] = []
    for mark in marks:
        start, end = clamp(mark.start), clamp(mark.end)
        if start >= end:
            continue
        moved.append(Mark(mapping.right(start), mapping.end_of_run(start, end), mark.style))
    carried_notes = tuple(
        n if n.offset is None else EditorialNote(n.text, mapping.left(clamp(n.offset)))
        for n in notes)
    return Carried(normalise_marks(moved, len(new_text)),
                   tuple(replace_offset(f, mapping.left(clamp(f.offset))) for f in footnotes),
                   carried_notes)


def replace_offset(footnote: Footnote, offset: int) -> Footnote:
    return Footnote(footnote.mark, offset, footnote.text)


def check_anchors(footnotes: Sequence[Footnote], notes: Sequence[EditorialNote],
                  length: int) -> None:
    """Footnotes and notes given for a text of ``length`` code points are anchored within
    it; raises Invalid naming the one that is not."""
    for index, footnote in enumerate(footnotes):
        if not 0 <= footnote.offset <= length:
            raise Invalid(f"Footnote {footnote.mark} is anchored at {footnote.offset}, outside "
                          f"the text ({length} characters).",
                          details={"field": "footnotes", "index": index})
    for index, note in enumerate(notes):
        if note.offset is not None and not 0 <= note.offset <= length:
            raise Invalid(f"Editorial note {index + 1} is anchored at {note.offset}, outside "
                          f"the text ({length} characters).",
                          details={"field": "notes", "index": index})
