"""Amendments as the API shows them."""

from __future__ import annotations

from typing import Any

from server.core.rebase import reason_code
from server.features.amendments import schemas as s
from server.features.amendments.service import AmendmentRecord, record_of
from server.features.text.schemas import DiffSpanOut
from server.models import Amendment, AmendmentApplication, AmendmentCarry
from server.web.context import ctx
from server.web.errors import presents_conflicts


def amendment(record: AmendmentRecord) -> s.AmendmentOut:
    a = record.amendment
    return s.AmendmentOut(
        id=a.id, process_id=a.process_id, document_id=a.document_id, revision_id=a.revision_id,
        revision_label=record.revision_label, unit=record.unit_key, unit_name=record.unit_name,
        unit_name_parts=record.unit_name_parts,
        delegation=record.delegation, delegation_name=record.delegation_name,
        co_proponents=record.co_proponents,
        co_sponsors=[s.CoSponsorOut(delegation=c.code, delegation_name=c.name, status=c.status)
                     for c in record.co_sponsors],
        cluster=record.cluster, kind=a.kind, state=a.state,
        base_text=a.base_text,
        text=a.text, diff=[DiffSpanOut(op=d["op"], text=d["text"]) for d in a.diff]
        if a.diff is not None else None,
        justification=a.justification, supporters=record.supporters, opposers=record.opposers,
        version=a.version, created_at=a.created_at, submitted_at=a.submitted_at,
        decided_at=a.decided_at, decision_note=a.decision_note,
        settled_in_revision_id=a.settled_in_revision_id,
        carried=_carried(record.carried) if record.carried else None,
        applied=record.applied, actions=record.actions)


def _carried(carried: AmendmentCarry) -> s.CarryOut:
    code, facts = reason_code(carried.reason) or (None, {})
    return s.CarryOut(revision_id=carried.revision_id, outcome=carried.outcome,
                      reason=carried.reason, reason_code=code, reason_facts=facts,
                      base_text=carried.base_text, proposed_text=carried.proposed_text,
                      details=carried.details)


def application(row: AmendmentApplication, unit_key: str) -> s.ApplicationOut:
    return s.ApplicationOut(id=row.id, amendment_id=row.amendment_id, revision_id=row.revision_id,
                            unit=unit_key, kind=row.kind, text_before=row.text_before,
                            text_after=row.text_after, edited=row.edited,
                            applied_by_id=row.applied_by_id, applied_at=row.applied_at)


@presents_conflicts(Amendment)
def current_amendment(row: Amendment) -> dict[str, Any]:
    """An amendment as a 409 carries it: as the API shows it to the person asking."""
    return amendment(record_of(ctx(), row)).model_dump(mode="json")
