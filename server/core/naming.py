"""How negotiators name the units of a text: PP4, OP12, OP12 bis, OP10(b), Article 4.12.

A unit's key is its identity and never meant for people; what a person reads is the name the
text's own numbering and structure give it in one revision (:func:`unit_names`). The rules:

* **Preambular paragraphs** are ``PP`` and their number, or their position in the preamble
  when the preamble is unnumbered (as UN resolutions print it): ``PP1``, ``PP2``...
* **Operative paragraphs** are ``OP`` and their number when the text numbers them 1, 2, 3...
  through the document (``OP12``, ``OP12 bis``, ``OP12 alt``); a number of another form is
  printed as it is (``A.3``). When the numbering starts again in each section, as treaties
  number the paragraphs of each article, the section qualifies it: ``Article 4.12``.
* **Sub-paragraphs** follow their paragraph: ``OP10(b)``, ``OP10(b)(ii)``, ``Article 2.1(a)``.
* **Sections** by their heading's own label (``Article 4``, ``Objective 1``, ``Chapter IV``,
  ``第四条``), else their short heading (``Implementation``), else their number.
* **Unnumbered paragraphs** among numbered ones by where they stand: the sole paragraph of
  ``Article 3`` is ``Article 3``; an opening one is ``the chapeau of Article 1``; a later one
  ``the paragraph after OP7``.

Pure: no I/O. Names never contain a unit's key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, TypeAlias

from server.core.text import INSERT_SUFFIXES, UnitKind, UnitView

__all__ = ["NameParts", "english", "possessive", "unit_name", "unit_name_parts", "unit_names"]

#: A name as its parts, for the client to say in the reader's language: a label as the text
#: numbers it (``"OP12 bis"``, ``"Article 4.12"``, a heading) is a string; a name Accord composes
#: is ``{"form": ..., ...}``, its referent (``of``) a name again (see :data:`FORMS`).
NameParts: TypeAlias = "str | dict[str, object]"

#: Every form, with its English (the names sent today): placeholders are the form's parts.
FORMS: Final[dict[str, str]] = {
    "article": "Article {number}",
    "section": "Section {number}",
    "preamble": "the preamble",
    "nth_section": "the {n} section",
    "paragraph_of": "{of}, paragraph {number}",
    "dotted": "{of}.{number}",
    "chapeau_of": "the chapeau of {of}",
    "nth_paragraph_of": "the {n} paragraph of {of}",
    "nth_paragraph": "the {n} paragraph",
    "paragraph_after": "the paragraph after {of}",
    "nth_paragraph_after": "the {n} paragraph after {of}",
    "subparagraph": "sub-paragraph {number}",
    "a_subparagraph": "a sub-paragraph",
    "sub_of": "{number} of {of}",
    "suffixed": "{of}{number}",
    "nth_item_of": "the {n} item of {of}",
}


def english(name: NameParts) -> str:
    """The English of a name's parts (what :func:`unit_names` gives).

    >>> english({"form": "chapeau_of", "of": "Article 1"})
    'the chapeau of Article 1'
    >>> english({"form": "paragraph_after", "of": {"form": "section", "number": "3"}})
    'the paragraph after Section 3'
    """
    if isinstance(name, str):
        return name
    values = {k: (english(v) if k == "of" else _ordinal(v) if k == "n" else v)  # type: ignore[arg-type]
              for k, v in name.items() if k != "form"}
    return FORMS[str(name["form"])].format(**values)

_SUFFIXES: Final = "|".join((*INSERT_SUFFIXES, "alt"))
#: A number as texts number their paragraphs one after the other: 12, 12 bis, 12 alt.
_PLAIN_NUMBER: Final = re.compile(rf"(?P<base>\d+)(?:\s+(?:{_SUFFIXES}))*", re.IGNORECASE)
#: The label that opens a heading: a word and its number ("Article 3bis", "Objective 1",
#: "Chapter IV", "المادة 3"), optionally in brackets, before the heading's own words.
_HEADING_LABEL: Final = re.compile(
    rf"^\[?(?P<label>[^\W\d_][\w'\u2019-]*\.?\s+(?:\d+(?:\.\d+)*|[IVXLCDM]+\b|[A-Z]\b)"
    rf"(?:\s*(?:{_SUFFIXES})\b)?)\]?(?=$|[\s:.,;(\u2013\u2014-])")
#: The Chinese form: 第四条, 第二部分, 第十二章.
_CJK_LABEL: Final = re.compile(r"^第[一二三四五六七八九十百千零〇\d]+[条章节部分篇款编]+")
#: An article's label, which the client says in the reader's language ("l'article 1",
#: "l'article 2 bis").
_ARTICLE: Final = re.compile(rf"Article (\d+(?:\.\d+)*(?:\s*(?:{_SUFFIXES}))?)")
#: A heading short enough to name its section as it is.
_SHORT_HEADING: Final = 60
_ORDINALS: Final = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                    "eighth", "ninth", "tenth")


def _ordinal(n: int) -> str:
    """``_ordinal(1)`` -> ``"first"``; past ten, ``"11th"``, ``"22nd"``..."""
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _number(unit: UnitView) -> str | None:
    """The unit's number as printed, without a ``PP``/``OP`` prefix the text may carry."""
    number = (unit.number or "").strip()
    if unit.kind is UnitKind.PARAGRAPH and number[:2].upper() in ("PP", "OP") and (
            number[2:].strip()[:1].isdigit()):
        number = number[2:].strip()
    return number or None


def _section_label(unit: UnitView, position: int) -> NameParts:
    """How a section (or the preamble) is named: its heading's label, its short heading, its
    number, or its place among the sections."""
    heading = " ".join((unit.heading or "").split())
    for pattern in (_HEADING_LABEL, _CJK_LABEL):
        found = pattern.match(heading)
        if found:
            label = found.group("label") if "label" in pattern.groupindex else found.group(0)
            article = _ARTICLE.fullmatch(label)
            return {"form": "article", "number": article.group(1)} if article else label
    number = _number(unit)
    if heading and len(heading) <= _SHORT_HEADING:
        return heading
    if number is not None:
        return {"form": "section", "number": number}
    if heading:
        return " ".join(heading[:_SHORT_HEADING].split(" ")[:-1]) + "…"
    if unit.kind is UnitKind.PREAMBLE:
        return {"form": "preamble"}
    return {"form": "nth_section", "n": position}


def _sub_number(number: str) -> str:
    """A sub-paragraph's number as it follows its paragraph: ``(b)``, from b, b), b. or (b)."""
    bare = number.strip().strip("().").strip()
    return f"({bare})" if bare else number


def _numbered(label: str) -> bool:
    """Whether a section's name ends in its number (``Article 4``, ``Chapter IV``,
    ``Article 2bis``), so that its paragraphs read ``Article 4.12``."""
    return re.search(rf"(?:\d|\b[IVXLCDM]+|\b[A-Z])(?:\s*(?:{_SUFFIXES}))?$", label) is not None


def _restarts(units: Sequence[UnitView], section_of: Mapping[str, str | None],
              in_preamble: set[str]) -> bool:
    """Whether the operative paragraphs are numbered anew in each section: some section's
    first plainly numbered paragraph comes below a number already used before it."""
    highest = 0
    previous_section: str | None = None
    started: set[str | None] = set()
    for unit in units:
        if unit.kind is not UnitKind.PARAGRAPH or unit.key in in_preamble:
            continue
        found = _PLAIN_NUMBER.fullmatch(_number(unit) or "")
        if found is None:
            continue
        base = int(found.group("base"))
        section = section_of[unit.key]
        # 12 bis may open a section after 12; a plain number at or below one used is anew.
        anew = base < highest or (base == highest and found.group(0) == found.group("base"))
        if section != previous_section and section not in started and anew:
            return True
        started.add(section)
        previous_section = section
        highest = max(highest, base)
    return False


def _qualified(section: NameParts, number: str) -> NameParts:
    """A paragraph numbered within its section: ``Article 4.12``, ``Implementation,
    paragraph 3``."""
    if _numbered(english(section)):
        if isinstance(section, str):
            return f"{section}.{number}"  # a label as the text numbers it
        # Article 4.12 is composed: the reader's language says the article ("第4条第12款").
        return {"form": "dotted", "of": section, "number": number}
    return {"form": "paragraph_of", "of": section, "number": number}


def unit_names(units: Sequence[UnitView]) -> dict[str, str]:
    """The English name of every unit of one revision (``units`` in document order), by key:
    :func:`unit_name_parts` said in English."""
    return {key: english(name) for key, name in unit_name_parts(units).items()}


def unit_name_parts(units: Sequence[UnitView]) -> dict[str, NameParts]:
    """The name of every unit of one revision (``units`` in document order), by key.

    Guarantees: every key gets a name; no name contains a key (unless a heading prints it);
    a name depends on the revision's numbering and structure only, never on the keys.

    >>> from server.core.text import UnitKind as K
    >>> gcm = [UnitView("pre", K.PREAMBLE, None, None, heading="Preamble"),
    ...        UnitView("p4", K.PARAGRAPH, "pre", "4"),
    ...        UnitView("o1", K.SECTION, None, None, heading="Objective 1: Minimize drivers"),
    ...        UnitView("o12", K.PARAGRAPH, "o1", "12 bis"),
    ...        UnitView("o12b", K.SUBPARAGRAPH, "o12", "(b)"),
    ...        UnitView("imp", K.SECTION, None, None, heading="Implementation"),
    ...        UnitView("i1", K.PARAGRAPH, "imp", "13")]
    >>> list(map(english, unit_name_parts(gcm).values()))
    ['Preamble', 'PP4', 'Objective 1', 'OP12 bis', 'OP12 bis(b)', 'Implementation', 'OP13']

    A treaty numbers the paragraphs of each article anew, and its preamble not at all:

    >>> paris = [UnitView("pre", K.PREAMBLE, None, None, heading="Preamble"),
    ...          UnitView("a", K.PARAGRAPH, "pre", None), UnitView("b", K.PARAGRAPH, "pre", None),
    ...          UnitView("a1", K.SECTION, None, "1", heading="Article 1"),
    ...          UnitView("c", K.PARAGRAPH, "a1", None), UnitView("d", K.PARAGRAPH, "a1", "1"),
    ...          UnitView("a2", K.SECTION, None, "2", heading="Article 2 (purpose)"),
    ...          UnitView("e", K.PARAGRAPH, "a2", "1"), UnitView("f", K.SUBPARAGRAPH, "e", "a"),
    ...          UnitView("a3", K.SECTION, None, "3", heading="Article 3"),
    ...          UnitView("g", K.PARAGRAPH, "a3", None)]
    >>> list(unit_names(paris).values())  # doctest: +NORMALIZE_WHITESPACE
    ['Preamble', 'PP1', 'PP2', 'Article 1', 'the chapeau of Article 1', 'Article 1.1',
     'Article 2', 'Article 2.1', 'Article 2.1(a)', 'Article 3', 'Article 3']
    >>> unit_name_parts(paris)["c"]
    {'form': 'chapeau_of', 'of': {'form': 'article', 'number': '1'}}
    """
    by_key = {u.key: u for u in units}
    names: dict[str, NameParts] = {}
    section_of: dict[str, str | None] = {}  # each unit's nearest section (or preamble)
    in_preamble: set[str] = set()
    for unit in units:
        parent = by_key.get(unit.parent) if unit.parent is not None else None
        if parent is None:
            section_of[unit.key] = None
        elif parent.kind in (UnitKind.SECTION, UnitKind.PREAMBLE):
            section_of[unit.key] = parent.key
        else:
            section_of[unit.key] = section_of.get(parent.key)
        if unit.kind is UnitKind.PREAMBLE or (parent is not None and parent.key in in_preamble):
            in_preamble.add(unit.key)
    per_section = _restarts(units, section_of, in_preamble)
    # The paragraphs under each container (a section, the preamble, or the top level).
    siblings: dict[str | None, list[UnitView]] = {}
    subs: dict[str, list[UnitView]] = {}
    for unit in units:
        if unit.kind is UnitKind.PARAGRAPH:
            siblings.setdefault(section_of[unit.key], []).append(unit)
        elif unit.kind is UnitKind.SUBPARAGRAPH and unit.parent is not None:
            subs.setdefault(unit.parent, []).append(unit)
    sections = 0
    for unit in units:
        if unit.kind in (UnitKind.SECTION, UnitKind.PREAMBLE):
            sections += unit.kind is UnitKind.SECTION
            names[unit.key] = _section_label(unit, sections)
        elif unit.kind is UnitKind.PARAGRAPH:
            names[unit.key] = _paragraph_name(unit, names, section_of, siblings, in_preamble,
                                              per_section)
        else:
            names[unit.key] = _subparagraph_name(unit, names, subs)
    return names


def _paragraph_name(unit: UnitView, names: Mapping[str, NameParts],
                    section_of: Mapping[str, str | None],
                    siblings: Mapping[str | None, list[UnitView]], in_preamble: set[str],
                    per_section: bool) -> NameParts:
    number = _number(unit)
    container = section_of[unit.key]
    section = names.get(container) if container is not None else None
    if unit.key in in_preamble:
        if number is not None:
            return f"PP{number}"
        preamble = siblings.get(container, [])
        if not any(_number(u) for u in preamble):
            return f"PP{preamble.index(unit) + 1}"
    elif number is not None:
        plain = _PLAIN_NUMBER.fullmatch(number) is not None
        if per_section and section is not None and plain:
            return _qualified(_qualifier(container, names, section_of) or section, number)
        return f"OP{number}" if plain else number
    # Unnumbered: named by where it stands among the paragraphs around it.
    around = siblings.get(container, [unit])
    position = around.index(unit)
    numbered = [i for i, u in enumerate(around) if _number(u) is not None]
    where: NameParts | None = section or (
        {"form": "preamble"} if unit.key in in_preamble else None)
    if len(around) == 1 and section is not None and unit.key not in in_preamble:
        return section
    before = [i for i in numbered if i < position]
    if not before:
        if numbered and position == 0 and where is not None:
            return {"form": "chapeau_of", "of": where}
        if where is not None:
            return {"form": "nth_paragraph_of", "n": position + 1, "of": where}
        return {"form": "nth_paragraph", "n": position + 1}
    anchor = names[around[before[-1]].key]
    distance = position - before[-1]
    return ({"form": "paragraph_after", "of": anchor} if distance == 1
            else {"form": "nth_paragraph_after", "n": distance, "of": anchor})


def _qualifier(container: str | None, names: Mapping[str, NameParts],
               section_of: Mapping[str, str | None]) -> NameParts | None:
    """The name of the nearest section around ``container`` (itself included) that is
    numbered: the paragraphs of an article's untitled sub-sections are the article's."""
    while container is not None:
        if _numbered(english(names[container])):
            return names[container]
        container = section_of.get(container)
    return None


def _subparagraph_name(unit: UnitView, names: Mapping[str, NameParts],
                       subs: Mapping[str, list[UnitView]]) -> NameParts:
    parent = names.get(unit.parent) if unit.parent is not None else None
    number = _number(unit)
    if parent is None:
        return ({"form": "subparagraph", "number": _sub_number(number)} if number
                else {"form": "a_subparagraph"})
    if number is not None and number.strip("().*- \u2022\u2013"):
        if english(parent).startswith("the "):  # (a) of the chapeau of Article 1
            return {"form": "sub_of", "number": _sub_number(number), "of": parent}
        if isinstance(parent, str):
            return f"{parent}{_sub_number(number)}"  # OP10(b): a label as the text numbers it
        return {"form": "suffixed", "of": parent, "number": _sub_number(number)}
    around = subs.get(unit.parent or "", [unit])
    return {"form": "nth_item_of", "n": around.index(unit) + 1, "of": parent}


def unit_name(units: Sequence[UnitView], key: str) -> str | None:
    """The name of unit ``key`` in ``units`` (see :func:`unit_names`), or None when the
    revision does not hold it.

    >>> from server.core.text import UnitKind as K
    >>> unit_name([UnitView("x1", K.PARAGRAPH, None, "12 bis")], "x1")
    'OP12 bis'
    >>> unit_name([], "x1") is None
    True
    """
    if not any(u.key == key for u in units):
        return None
    return unit_names(units)[key]


def possessive(name: str) -> str:
    """``Mexico`` -> ``Mexico's``; ``the United States`` -> ``the United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
