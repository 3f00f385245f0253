"""Documents, revisions and publications as the API shows them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.core.brackets import BracketTotals, UnitBrackets, text_brackets, unit_brackets
from server.core.naming import NameParts, english, unit_name_parts
from server.core.policy import UnitAction
from server.core.text import UnitView
from server.features.text import schemas as s
from server.features.text.publication import Publication
from server.features.text.service import RevisionText
from server.models import Revision


def rich(view: UnitView | None) -> dict[str, Any]:
    """A unit's formatting runs, footnotes, editorial notes and option group (s.RichOut)."""
    if view is None:
        return {}
    return {"marks": [(m.start, m.end, m.style) for m in view.marks],
            "footnotes": [s.FootnoteOut(mark=f.mark, offset=f.offset, text=f.text)
                          for f in view.footnotes],
            "notes": [s.NoteOut(text=n.text, offset=n.offset) for n in view.notes],
            "option": s.OptionOut(group=view.option.group, label=view.option.label,
                                  no_text=view.option.no_text) if view.option else None}


def brackets_out(b: UnitBrackets) -> s.BracketsOut:
    return s.BracketsOut(open=b.open, alternatives=b.alternatives, options=b.options,
                         unbalanced=b.unbalanced, any=b.any,
                         spans=[s.BracketSpanOut(start=m.start, end=m.end, kind=m.kind.value,
                                                 depth=m.depth, continued=m.continued)
                                for m in b.spans])


def bracket_totals_out(t: BracketTotals) -> s.BracketTotalsOut:
    return s.BracketTotalsOut(units=t.units, units_with_brackets=t.units_with_brackets,
                              open=t.open, alternatives=t.alternatives, options=t.options,
                              unbalanced=t.unbalanced)


def unit(view: UnitView, name: str, actions: list[UnitAction] | None = None, *,
         reopened: bool = False, brackets: UnitBrackets | None = None,
         subtree: BracketTotals | None = None, name_parts: NameParts | None = None
         ) -> s.UnitOut:
    """``brackets``: the unit's as its text counts them (core.brackets.text_brackets, over
    its article); left out, counted on its own text. ``name_parts``: ``name`` as its parts
    (core.naming.unit_name_parts)."""
    b = brackets if brackets is not None else unit_brackets(
        view.text, [f.mark for f in view.footnotes], option=view.option is not None)
    return s.UnitOut(key=view.key, name=name, name_parts=name_parts, kind=view.kind,
                     parent=view.parent, number=view.number, heading=view.heading, text=view.text,
                     status=view.status, open_brackets=b.open, brackets=brackets_out(b),
                     subtree_brackets=bracket_totals_out(subtree) if subtree else None,
                     reopened=reopened, actions=actions or [], **rich(view))


def units(views: Sequence[UnitView]) -> list[s.UnitOut]:
    """Units outside any revision (an import's preview), named as they stand together."""
    parts = unit_name_parts(views)
    counted = text_brackets(views)
    return [unit(v, english(parts[v.key]), brackets=counted.units[v.key],
                 subtree=counted.sections.get(v.key), name_parts=parts[v.key]) for v in views]


def revision_summary(row: Revision) -> s.RevisionSummaryOut:
    return s.RevisionSummaryOut(id=row.id, sequence=row.sequence, label=row.label,
                                published_at=row.published_at, version=row.version,
                                history_hash=row.history_hash)


def revision(text: RevisionText) -> s.RevisionOut:
    r = text.revision
    counted = text_brackets(text.units)
    return s.RevisionOut(id=r.id, sequence=r.sequence, label=r.label,
                         published_at=r.published_at, version=r.version,
                         history_hash=r.history_hash, history_sealed=text.sealed,
                         document_id=r.document_id,
                         units=[unit(u, text.names[u.key], text.unit_actions.get(u.key, []),
                                     reopened=u.key in text.reopened,
                                     brackets=counted.units[u.key],
                                     subtree=counted.sections.get(u.key),
                                     name_parts=text.name_parts.get(u.key))
                                for u in text.units],
                         brackets=bracket_totals_out(counted.total),
                         unit_versions=text.versions,
                         actions=text.actions)


def publication(result: Publication) -> s.PublicationOut:
    return s.PublicationOut(revision=revision_summary(result.revision),
                            reflected=result.reflected, applies=result.applies,
                            conflicts=result.conflicts, overtaken=result.overtaken,
                            dry_run=result.dry_run, warnings=[
                                s.PublicationWarningOut.model_validate(w, from_attributes=True)
                                for w in result.warnings])
