"""Turning what the services return into the API's output models."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.api import schemas as s
from server.core.policy import Actor
from server.core.text import UnitView
from server.models import Cluster, Delegation, Input, Participant, Process, Revision, Summary, User
from server.services.amendments import AmendmentRecord
from server.services.documents import Publication, RevisionText
from server.services.silence import SilenceRecord


def _codes(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Delegation.id, Delegation.code)).all())


def _cluster_keys(session: Session, process_id: int) -> dict[int, str]:
    return dict(session.execute(select(Cluster.id, Cluster.key).where(
        Cluster.process_id == process_id)).all())


def process(session: Session, row: Process, actor: Actor | None) -> s.ProcessOut:
    clusters = session.scalars(select(Cluster).where(Cluster.process_id == row.id)
                               .order_by(Cluster.position))
    delegation = None
    if actor is not None and actor.delegation_id is not None:
        found = session.get(Delegation, actor.delegation_id)
        delegation = found.code if found else None
    return s.ProcessOut(
        id=row.id, slug=row.slug, title=row.title, phase=row.phase,
        observers_see_amendments_in=row.observers_see_amendments_in,
        clusters=[s.ClusterOut(key=c.key, name=c.name) for c in clusters],
        your_role=actor.role if actor else None, your_delegation=delegation)


def participant(session: Session, row: Participant, user: User,
                initial_password: str | None = None, *, contact: bool = True
                ) -> s.ParticipantOut:
    code = None
    if row.delegation_id is not None:
        found = session.get(Delegation, row.delegation_id)
        code = found.code if found else None
    return s.ParticipantOut(id=row.id, user_id=user.id, email=user.email if contact else None,
                            name=user.name,
                            role=row.role, delegation=code, focal_point=row.focal_point,
                            initial_password=initial_password)


def inputs(session: Session, rows: Sequence[Input]) -> list[s.InputOut]:
    if not rows:
        return []
    clusters, codes = _cluster_keys(session, rows[0].process_id), _codes(session)
    return [s.InputOut(id=r.id, cluster=clusters[r.cluster_id], kind=r.kind,
                       author_id=r.author_id,
                       delegation=codes.get(r.delegation_id) if r.delegation_id else None,
                       title=r.title, body=r.body, created_at=r.created_at) for r in rows]


def summaries(session: Session, rows: Sequence[Summary]) -> list[s.SummaryOut]:
    if not rows:
        return []
    clusters = _cluster_keys(session, rows[0].process_id)
    return [s.SummaryOut(id=r.id, kind=r.kind,
                         cluster=clusters.get(r.cluster_id) if r.cluster_id else None,
                         author_id=r.author_id, title=r.title, body=r.body,
                         created_at=r.created_at) for r in rows]


def unit(view: UnitView) -> s.UnitOut:
    return s.UnitOut(key=view.key, kind=view.kind, parent=view.parent, number=view.number,
                     heading=view.heading, text=view.text, status=view.status)


def revision_summary(row: Revision) -> s.RevisionSummaryOut:
    return s.RevisionSummaryOut(id=row.id, sequence=row.sequence, label=row.label,
                                published_at=row.published_at, version=row.version)


def revision(text: RevisionText) -> s.RevisionOut:
    r = text.revision
    return s.RevisionOut(id=r.id, sequence=r.sequence, label=r.label,
                         published_at=r.published_at, version=r.version,
                         document_id=r.document_id, units=[unit(u) for u in text.units])


def publication(result: Publication) -> s.PublicationOut:
    return s.PublicationOut(revision=revision_summary(result.revision),
                            reflected=result.reflected, applies=result.applies,
                            conflicts=result.conflicts, overtaken=result.overtaken)


def amendment(record: AmendmentRecord) -> s.AmendmentOut:
    a = record.amendment
    return s.AmendmentOut(
        id=a.id, process_id=a.process_id, document_id=a.document_id, revision_id=a.revision_id,
        revision_label=record.revision_label, unit=record.unit_key, delegation=record.delegation,
        co_proponents=record.co_proponents, cluster=record.cluster, kind=a.kind, state=a.state,
        base_text=a.base_text,
        text=a.text, diff=[s.DiffSpanOut(op=d["op"], text=d["text"]) for d in a.diff]
        if a.diff is not None else None,
        justification=a.justification, supporters=record.supporters, opposers=record.opposers,
        version=a.version, created_at=a.created_at, submitted_at=a.submitted_at,
        decided_at=a.decided_at, decision_note=a.decision_note,
        settled_in_revision_id=a.settled_in_revision_id,
        carried=s.CarryOut(revision_id=record.carried.revision_id,
                           outcome=record.carried.outcome,
                           reason=record.carried.reason, base_text=record.carried.base_text,
                           proposed_text=record.carried.proposed_text,
                           details=record.carried.details) if record.carried else None)


def silence(record: SilenceRecord) -> s.SilenceOut:
    p = record.procedure
    return s.SilenceOut(
        id=p.id, revision_id=p.revision_id, revision_label=record.revision_label,
        deadline=p.deadline, state=record.state.value, started_at=p.started_at,
        breaks=[s.SilenceBreakOut(delegation_id=b.delegation_id, reason=b.reason, at=b.at)
                for b in record.breaks])
