"""Hand-made successor tables (ground truth for lineage) and how lineage is scored on them.

A table (``tests/data/lineage/<pair>.json``) names units by their place in the imported text,
never by their words:

* ``Preamble``: the preamble; ``PP 3``: its third paragraph;
* ``Art 2 bis``: the top-level section numbered ``2 bis`` (an article);
* ``Art 4 para 13``: the paragraph numbered ``13`` inside Article 4 (at any depth below it);
  ``Art 3 para #16``: the sixteenth paragraph of Article 3 in document order (for unnumbered
  paragraphs and numbers used twice); ``Art 6 sect #2``: the second sub-heading of Article 6;
* a suffix ``(a)``, ``(b)``... : the first, second... sub-paragraph of what precedes it, and
  so on down (``Art 2 para 1(a)``).

A table whose ``labels`` is ``"printed"`` (the plastics pair, imported from PDFs) names units by
the labels the documents print instead (see :class:`PrintedDocument`): ``Part II``,
``II.5.a``, ``Annex C``, then `` / `` and the path inside: ``Option 2``, ``Sub-option 1``,
``common`` (a block headed "Provisions common for ..."), the paragraph's printed number
(``3``, ``[3][5][4]``, ``OP0``) and its items (``1(a)``, ``1([b][c])``). An entry may name
``alternatives``: other successors that count as right.

Each entry of ``entries`` is ``{"old": ref | [refs] | null, "new": ref | [refs] | null}``:
one to one, a split (one old, several new), a merger (several old, one new), deleted
(``new`` null) or new (``old`` null). ``unsure`` lists the units whose fate the author could
not tell; they are left out of the scoring on both sides.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from server.core.importing import import_text, normalise_number, to_unit_views
from server.core.lineage import LineageEntry, LineageStatus
from server.core.text import UnitKind, UnitView
from tests.support.data import ROOT, SHARED_DATA

TRUTH = ROOT / "tests" / "data" / "lineage"
SHARED = SHARED_DATA

_REF = re.compile(
    r"^(?:(?P<preamble>Preamble)|PP (?P<pp>\d+)|Art (?P<art>\d+(?: (?:bis|ter|quater))?)"
    r"(?: (?:sect #(?P<sect>\d+)|para (?:#(?P<pos>\d+)|(?P<num>\d+(?: (?:bis|ter))?))))?)"
    r"(?P<subs>(?:\([a-z]\))*)$")


class RefError(ValueError):
    """A reference that names no unit, or more than one."""


class Document:
    """One imported revision, with its units findable by reference."""

    def __init__(self, units: Sequence[UnitView]) -> None:
        self.units = list(units)
        self.by_key = {u.key: u for u in self.units}
        self.children: dict[str | None, list[UnitView]] = {}
        for unit in self.units:
            self.children.setdefault(unit.parent, []).append(unit)

    def is_article(self, key: str) -> bool:
        """Whether the unit counts as an article (a top-level unit) when scoring."""
        return self.by_key[key].parent is None

    def descendants(self, key: str) -> list[UnitView]:
        """Every unit below ``key``, in document order."""
        out: list[UnitView] = []
        stack = list(reversed(self.children.get(key, [])))
        while stack:
            unit = stack.pop()
            out.append(unit)
            stack.extend(reversed(self.children.get(unit.key, [])))
        return out

    def resolve(self, ref: str) -> str:
        """The key of the unit ``ref`` names; raises :class:`RefError` unless exactly one."""
        m = _REF.match(ref)
        if m is None:
            raise RefError(f"unreadable reference {ref!r}")
        top = self.children.get(None, [])
        unit: UnitView
        if m["preamble"] or m["pp"]:
            found = [u for u in top if u.kind is UnitKind.PREAMBLE]
            if len(found) != 1:
                raise RefError(f"{ref!r}: {len(found)} preambles")
            unit = found[0]
            if m["pp"]:
                paras = [u for u in self.children.get(unit.key, [])
                         if u.kind is UnitKind.PARAGRAPH]
                unit = _nth(paras, int(m["pp"]), ref)
        else:
            found = [u for u in top if u.kind is UnitKind.SECTION and u.number == m["art"]]
            if len(found) != 1:
                raise RefError(f"{ref!r}: {len(found)} articles numbered {m['art']!r}")
            unit = found[0]
            below = self.descendants(unit.key)
            if m["sect"]:
                unit = _nth([u for u in below if u.kind is UnitKind.SECTION], int(m["sect"]),
                            ref)
            elif m["pos"] or m["num"]:
                paras = [u for u in below if u.kind is UnitKind.PARAGRAPH]
                if m["pos"]:
                    unit = _nth(paras, int(m["pos"]), ref)
                else:
                    numbered = [u for u in paras if u.number == m["num"]]
                    if len(numbered) != 1:
                        raise RefError(f"{ref!r}: {len(numbered)} paragraphs numbered "
                                       f"{m['num']!r} (use #position)")
                    unit = numbered[0]
        for letter in re.findall(r"\(([a-z])\)", m["subs"]):
            subs = [u for u in self.children.get(unit.key, [])
                    if u.kind is UnitKind.SUBPARAGRAPH]
            unit = _nth(subs, ord(letter) - ord("a") + 1, ref)
        return unit.key

    def refs(self) -> dict[str, str]:
        """A reference for every unit (numbers where they are unique, positions otherwise):
        what a table's author writes, and what scoring reports."""
        out: dict[str, str] = {}
        for top in self.children.get(None, []):
            if top.kind is UnitKind.PREAMBLE:
                out[top.key] = "Preamble"
                for k, u in enumerate(self.children.get(top.key, []), 1):
                    out[u.key] = f"PP {k}"
                    self._subs(u, out[u.key], out)
                continue
            head = f"Art {top.number}"
            out[top.key] = head
            below = self.descendants(top.key)
            paras = [u for u in below if u.kind is UnitKind.PARAGRAPH]
            numbers = [u.number for u in paras]
            sect = 0
            for u in below:
                if u.kind is UnitKind.SECTION:
                    sect += 1
                    out[u.key] = f"{head} sect #{sect}"
            for k, u in enumerate(paras, 1):
                unique = u.number is not None and numbers.count(u.number) == 1
                out[u.key] = f"{head} para {u.number}" if unique else f"{head} para #{k}"
                self._subs(u, out[u.key], out)
        for unit in self.units:
            if unit.key not in out:
                out[unit.key] = f"<{unit.key}>"
        return out

    def _subs(self, unit: UnitView, ref: str, out: dict[str, str]) -> None:
        subs = [u for u in self.children.get(unit.key, []) if u.kind is UnitKind.SUBPARAGRAPH]
        for k, sub in enumerate(subs):
            out[sub.key] = f"{ref}({chr(ord('a') + k)})"
            self._subs(sub, out[sub.key], out)


_OPTION_HEADING = re.compile(r"^(?:Sub-?option|Option)\s", re.IGNORECASE)
_COMMON_HEADING = re.compile(r"^Provisions?\s+common\b", re.IGNORECASE)
_SECTION_REF = re.compile(r"^(?P<part>[IVX]+)\.(?P<num>\d+(?:\s?(?:bis|ter|quater))?)"
                          r"(?:\.(?P<sub>[a-z]))?$")
_ITEM_REF = re.compile(r"^(?P<num>.+?)(?P<subs>(?:\((?:[a-z]{1,2}|(?:\[[a-z]{1,2}\])+)\))*)$")


class PrintedDocument(Document):
    """A revision imported from a PDF, its units named by the labels the document prints
    (``II.1 / Option 1 / Sub-option 2 / 3``, ``II.2 / common / [3][2](a)``)."""

    def is_article(self, key: str) -> bool:
        """Parts, annexes, provisions and sub-provisions count as articles; options, common
        blocks and everything in them as paragraphs."""
        unit = self.by_key[key]
        return unit.kind is UnitKind.SECTION and not self._option_like(unit)

    @staticmethod
    def _option_like(unit: UnitView) -> bool:
        heading = unit.heading or ""
        return bool(_OPTION_HEADING.match(heading) or _COMMON_HEADING.match(heading))

    def _top(self, word: str, number: str) -> UnitView:
        found = [u for u in self.children.get(None, [])
                 if u.number == number and (u.heading or "").lower().startswith(word)]
        if len(found) != 1:
            raise RefError(f"{word} {number}: {len(found)} found")
        return found[0]

    def _section(self, parent: UnitView, number: str, ref: str) -> UnitView:
        found = [u for u in self.children.get(parent.key, [])
                 if u.kind is UnitKind.SECTION and u.number == number
                 and not self._option_like(u)]
        if len(found) != 1:
            raise RefError(f"{ref!r}: {len(found)} sections numbered {number!r}")
        return found[0]

    def _head(self, head: str, ref: str) -> UnitView:
        if head.startswith("Part "):
            return self._top("part", head.removeprefix("Part "))
        if head.startswith("Annex "):
            return self._top("annex", head.removeprefix("Annex "))
        m = _SECTION_REF.match(head)
        if m is None:
            raise RefError(f"unreadable reference {ref!r}")
        unit = self._section(self._top("part", m["part"]), normalise_number(m["num"]), ref)
        if m["sub"]:
            unit = self._section(unit, m["sub"], ref)
        return unit

    def resolve(self, ref: str) -> str:
        steps = ref.split(" / ")
        unit = self._head(steps[0], ref)
        for step in steps[1:]:
            kids = self.children.get(unit.key, [])
            m = re.match(r"^(Sub-option|Option) (\d+)$", step)
            if m:
                want = f"{m[1]} {m[2]}".lower()
                found = [u for u in kids if u.kind is UnitKind.SECTION and " ".join(
                    (u.heading or "").lower().replace("sub-option", "sub-option").split()[:2])
                    == want]
                if len(found) != 1:
                    raise RefError(f"{ref!r}: {len(found)} units headed {step!r}")
                unit = found[0]
                continue
            if step == "common":
                found = [u for u in kids if u.kind is UnitKind.SECTION
                         and _COMMON_HEADING.match(u.heading or "")]
                if not found:
                    raise RefError(f"{ref!r}: no provisions common to its options")
                unit = found[0]
                continue
            item = _ITEM_REF.match(step)
            if item is None:
                raise RefError(f"unreadable reference {ref!r}")
            number = item["num"]
            found = [u for u in kids if u.kind is UnitKind.PARAGRAPH
                     and " ".join((u.number or "").split()) in (number, normalise_number(number))]
            if len(found) != 1:
                raise RefError(f"{ref!r}: {len(found)} paragraphs numbered {number!r}")
            unit = found[0]
            for letter in re.findall(r"\(((?:\[[a-z]{1,2}\])+|[a-z]{1,2})\)", item["subs"]):
                subs = [u for u in self.children.get(unit.key, [])
                        if u.kind is UnitKind.SUBPARAGRAPH
                        and (u.number or "").strip("()") == letter]
                if len(subs) != 1:
                    raise RefError(f"{ref!r}: {len(subs)} items ({letter})")
                unit = subs[0]
        return unit.key

    def refs(self) -> dict[str, str]:
        out: dict[str, str] = {}
        parts: dict[str, str] = {}

        def visit(unit: UnitView, label: str) -> None:
            out[unit.key] = label
            kids = self.children.get(unit.key, [])
            for child in kids:
                heading = child.heading or ""
                if child.kind is UnitKind.SECTION and self._option_like(child):
                    step = "common" if _COMMON_HEADING.match(heading) else \
                        " ".join(heading.split()[:2])
                    visit(child, f"{label} / {step}")
                elif child.kind is UnitKind.SECTION:
                    base = parts.get(unit.key, label)
                    name = f"{base}.{(child.number or '').replace(' ', '')}"
                    parts[child.key] = name
                    visit(child, name)
                elif child.kind is UnitKind.SUBPARAGRAPH:
                    number = (child.number or "?").strip("()")
                    visit(child, f"{label}({number})")
                else:
                    visit(child, f"{label} / {child.number or '#'}")

        for top in self.children.get(None, []):
            word = (top.heading or "").split(" ")[0].capitalize()
            label = f"{word} {top.number}" if top.number else (top.heading or top.key)[:30]
            parts[top.key] = top.number or label
            visit(top, label)
        return out


def _nth(units: list[UnitView], k: int, ref: str) -> UnitView:
    if not 1 <= k <= len(units):
        raise RefError(f"{ref!r}: position {k} of {len(units)}")
    return units[k - 1]


def import_markdown(path: Path) -> list[UnitView]:
    """The units of a Markdown file as Accord's importer gives them."""
    return to_unit_views(import_text(path.read_text(encoding="utf-8"), fmt="markdown"))


@dataclass(frozen=True)
class Truth:
    """A successor table resolved against two imported revisions.

    ``pairs``: (old key, new key) for each predecessor-successor relation (a split gives one
    pair per part, a merger one per merged unit). ``old_scope`` / ``new_scope``: the units
    the table decides on (matched, deleted or new); the others (``unsure``) are not scored.
    """

    old: Document
    new: Document
    pairs: frozenset[tuple[str, str]]
    old_scope: frozenset[str]
    new_scope: frozenset[str]
    deleted: frozenset[str]
    created: frozenset[str]
    #: an asserted pair to an alternative successor, and the table's pair it stands for
    equivalents: Mapping[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    #: (category, entry, why) of each entry naming a unit the import does not have
    unresolved: tuple[tuple[str, str, str], ...] = ()

    def category(self, old_key: str) -> str:
        """``"article"`` for a top-level unit (the preamble, an article; in a printed table
        a Part, a section or a sub-section), ``"paragraph"`` for every unit below
        (paragraphs, sub-paragraphs, sub-headings, options)."""
        return "article" if self.old.is_article(old_key) else "paragraph"


def _refs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise RefError(f"not a reference or a list of references: {value!r}")


def load_truth(table: dict[str, Any], old: Sequence[UnitView], new: Sequence[UnitView],
               *, strict: bool = True) -> Truth:
    """Resolve a successor table; raises :class:`RefError` on a reference naming no unit or
    a unit named twice. With ``strict`` false, an entry naming a unit the import does not
    have is kept out and listed in ``unresolved`` (scoring counts its pairs as missed)."""
    kind = PrintedDocument if table.get("labels") == "printed" else Document
    o, n = kind(old), kind(new)
    pairs: set[tuple[str, str]] = set()
    seen_old: dict[str, str] = {}
    seen_new: dict[str, str] = {}
    deleted: set[str] = set()
    created: set[str] = set()
    equivalents: dict[tuple[str, str], tuple[str, str]] = {}
    unresolved: list[tuple[str, str, str]] = []

    def claim(seen: dict[str, str], key: str, ref: str) -> None:
        if key in seen:
            raise RefError(f"{ref!r} is named twice (also as {seen[key]!r})")
        seen[key] = ref

    for entry in table["entries"]:
        try:
            olds = [(o.resolve(r), r) for r in _refs(entry.get("old"))]
            news = [(n.resolve(r), r) for r in _refs(entry.get("new"))]
            alternatives = [(n.resolve(r), r) for r in _refs(entry.get("alternatives"))]
        except RefError as error:
            if strict:
                raise
            first = (_refs(entry.get("old")) or ["-"])[0]
            category = "paragraph" if " / " in first or (first.startswith(("PP", "Art ")) \
                and " para " in first) else "article"
            if entry.get("old") and entry.get("new"):
                unresolved.append((category, f"{entry.get('old')} -> {entry.get('new')}",
                                   str(error)))
            continue
        if not olds and not news:
            raise RefError(f"empty entry {entry!r}")
        if len(olds) > 1 and len(news) > 1:
            raise RefError(f"many to many entry {entry!r}")
        for key, ref in olds:
            claim(seen_old, key, ref)
        for key, ref in news:
            claim(seen_new, key, ref)
        if not news:
            deleted.update(k for k, _ in olds)
        if not olds:
            created.update(k for k, _ in news)
        pairs.update((a, b) for a, _ in olds for b, _ in news)
        for key, ref in alternatives:
            claim(seen_new, key, ref)
            for a, _ in olds:
                for b, _ in news:
                    equivalents[(a, key)] = (a, b)
    unsure = table.get("unsure", {})
    for key, ref in [(o.resolve(r), r) for r in unsure.get("old", [])]:
        claim(seen_old, key, ref)
    for key, ref in [(n.resolve(r), r) for r in unsure.get("new", [])]:
        claim(seen_new, key, ref)
    unsure_old = {o.resolve(r) for r in unsure.get("old", [])}
    unsure_new = {n.resolve(r) for r in unsure.get("new", [])}
    return Truth(o, n, frozenset(pairs), frozenset(set(seen_old) - unsure_old),
                 frozenset(set(seen_new) - unsure_new), frozenset(deleted),
                 frozenset(created), equivalents, tuple(unresolved))


def read_table(name: str) -> dict[str, Any]:
    """The successor table ``tests/data/lineage/<name>.json``."""
    data: dict[str, Any] = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    return data


def predicted_pairs(entries: Iterable[LineageEntry]) -> set[tuple[str, str]]:
    """Every (old key, new key) a lineage report asserts (a split or merger: each part)."""
    return {(a, b) for e in entries for a in e.old for b in e.new}


@dataclass(frozen=True)
class Score:
    """Precision and recall of one category of units; ``wrong``: asserted pairs not in the
    table, ``missed``: table pairs not asserted (as references, for reports)."""

    true_positives: int
    predicted: int
    expected: int
    wrong: tuple[tuple[str, str], ...]
    missed: tuple[tuple[str, str], ...]

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


def score(truth: Truth, entries: Iterable[LineageEntry]) -> dict[str, Score]:
    """Precision and recall per category (``article``, ``paragraph``) of a lineage report
    against the table. A pair counts when both its units are decided by the table."""
    predicted = {truth.equivalents.get(p, p) for p in predicted_pairs(entries)
                 if p[0] in truth.old_scope and p[1] in truth.new_scope}
    o_refs, n_refs = truth.old.refs(), truth.new.refs()
    out: dict[str, Score] = {}
    for category in ("article", "paragraph"):
        pred = {p for p in predicted if truth.category(p[0]) == category}
        want = {p for p in truth.pairs if truth.category(p[0]) == category}
        lost = [(entry, why) for c, entry, why in truth.unresolved if c == category]
        out[category] = Score(
            len(pred & want), len(pred), len(want) + len(lost),
            tuple(sorted((o_refs[a], n_refs[b]) for a, b in pred - want)),
            tuple(sorted((o_refs[a], n_refs[b]) for a, b in want - pred)) + tuple(lost))
    return out


def moved_in_place(truth: Truth, entries: Iterable[LineageEntry]) -> list[tuple[str, str]]:
    """``moved`` entries that the table says did not move: the pair is in the table, the old
    parent's successor (by the table) is the new parent, and the paragraphs before and after
    it under that parent (by the table) are still before and after it."""
    succ: dict[str, str] = {}
    for a, b in truth.pairs:
        succ.setdefault(a, b)
    o, n = truth.old, truth.new
    new_order = {u.key: k for k, u in enumerate(n.units)}
    out: list[tuple[str, str]] = []
    for e in entries:
        if e.status is not LineageStatus.MOVED or (e.old[0], e.new[0]) not in truth.pairs:
            continue
        a, b = e.old[0], e.new[0]
        pa, pb = o.by_key[a].parent, n.by_key[b].parent
        if pa is not None and succ.get(pa) != pb:
            continue
        siblings = o.children.get(pa, [])
        k = next(x for x, u in enumerate(siblings) if u.key == a)
        before = [succ[u.key] for u in siblings[:k] if u.key in succ]
        after = [succ[u.key] for u in siblings[k + 1:] if u.key in succ]
        here = new_order[b]
        if all(new_order[x] < here for x in before if x in new_order) and \
                all(new_order[x] > here for x in after if x in new_order):
            out.append((o.refs()[a], n.refs()[b]))
    return out
