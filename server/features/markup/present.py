"""A marked-up file's proposals as the API shows them."""

from __future__ import annotations

from server.core.amendments import AmendmentKind
from server.core.diff import word_diff
from server.features.amendments import present as amendment_present
from server.features.markup import schemas as s
from server.features.markup.proposals import Proposal
from server.features.markup.service import MarkupResult
from server.features.text.schemas import DiffSpanOut


def _diff(proposal: Proposal) -> list[DiffSpanOut]:
    if proposal.kind is AmendmentKind.DELETE_UNIT:
        spans = word_diff(proposal.base_text, "") if proposal.base_text else []
    else:
        old = "" if proposal.kind is AmendmentKind.ADD_UNIT else proposal.base_text
        spans = word_diff(old, proposal.text or "")
    return [DiffSpanOut(op=span.op.value, text=span.text) for span in spans]


def result(found: MarkupResult) -> s.MarkupOut:
    outcome = found.outcome
    return s.MarkupOut(
        revision_id=found.revision.id, revision_label=found.revision.label or "",
        delegation=found.delegation.code, delegation_name=found.delegation.name,
        proposals=[s.ProposedAmendmentOut(
            unit=p.unit_key, paragraph=p.paragraph, kind=p.kind, base_text=p.base_text,
            text=p.text, diff=_diff(p), justification=p.justification,
            file_paragraphs=list(p.where), change_authors=list(p.authors), changes=p.changes,
            matched_by=p.matched_by)
            for p in outcome.proposals],
        unplaced=[s.UnplacedOut(where=u.where, reason=u.reason) for u in outcome.unplaced],
        saved=found.saved,
        amendments=[amendment_present.amendment(r) for r in found.created])
