"""Silence procedures as the API shows them."""

from __future__ import annotations

from server.features.silence import schemas as s
from server.features.silence.service import SilenceRecord


def silence(record: SilenceRecord) -> s.SilenceOut:
    p = record.procedure
    return s.SilenceOut(
        id=p.id, revision_id=p.revision_id, revision_label=record.revision_label,
        deadline=p.deadline, state=record.state.value, started_at=p.started_at,
        breaks=[s.SilenceBreakOut(delegation_id=b.delegation_id if b.delegation else None,
                                  delegation=b.delegation, reason=b.reason, at=b.at)
                for b in record.breaks],
        time_zone=record.time_zone,
        actions=record.actions)
