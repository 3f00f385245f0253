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
