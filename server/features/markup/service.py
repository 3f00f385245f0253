"""A delegation's marked-up Word file as its draft amendments: preview, then confirm.

The file is read by the import worker (:func:`server.features.files.worker.read`, the
``docx-markup`` reader), within the import limits and outside any database transaction; the
document is then loaded and authorised again in the transaction that saves. Matching and the
proposals are :mod:`server.features.markup.proposals` (pure); creation is the amendments
service's :func:`~server.features.amendments.service.propose` (drafts of the person's
delegation, with all its rules: the latest revision, paragraphs open for proposals, the
phase), once per paragraph, in one transaction: a refusal of any saves none. Paragraphs the
policy keeps closed to proposals (agreed, not reopened) are shown among what the file could
not place, in the preview already.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

import server.features.amendments.service as amendment_service
import server.features.text.service as documents
from server.core.errors import Invalid, NotFound, StaleState
from server.core.policy import (
    Action,
    markup_delegations,
    open_for_proposals,
    proposer_for,
    proposes_on_behalf,
    require_open_for_proposals,
)
from server.core.text import UnitStatus, UnitView
from server.features.common.access import phase_of, viewer_in
from server.features.common.context import Ctx
from server.features.files import worker as import_worker
from server.features.files.worker import ImportLimits
from server.features.markup.proposals import (
    Outcome,
    Proposal,
    Unplaced,
    markup_from_json,
    proposals,
)
from server.features.people.service import delegation_by_code
from server.models import Delegation, Document, Revision

#: The worker's reader of marked-up Word files (server.features.files.importers.dispatch).
READER = "docx-markup"


@dataclass(frozen=True)
class Uploaders:
    """Whom a person's marked-up file may become the drafts of, now: ``on_behalf`` when the
    person names the delegation (the co-facilitators, the secretariat), else its own."""

    delegations: list[Delegation]
    on_behalf: bool


def uploaders(ctx: Ctx, process_id: int) -> Uploaders:
    """The delegations the policy lets this person upload a marked-up file for
    (:func:`policy.markup_delegations`), by name."""
    viewer = viewer_in(ctx, process_id)
    rows = list(ctx.session.scalars(select(Delegation).where(
        Delegation.process_id == process_id).order_by(Delegation.name, Delegation.code)))
    allowed = set(markup_delegations(viewer.actor, viewer.phase, [d.id for d in rows]))
    return Uploaders([d for d in rows if d.id in allowed],
                     on_behalf=proposes_on_behalf(viewer.actor) and bool(allowed))


@dataclass(frozen=True)
class MarkupResult:
    revision: Revision
    delegation: Delegation
    outcome: Outcome
    saved: bool = False
    created: list[amendment_service.AmendmentRecord] = field(default_factory=list)


def _load(ctx: Ctx, document_id: int, revision_id: int | None, for_code: str | None
          ) -> tuple[Document, Revision, Delegation]:
    """The document, its latest published revision and the delegation whose drafts the file
    becomes, once the person may propose for it (:func:`policy.proposer_for`: a delegate for
    its own, the co-facilitators and the secretariat on a delegation's behalf)."""
    document, viewer = documents.load_document(ctx, document_id, Action.VIEW_REVISIONS)
    named: int | None = None
    if for_code is not None:
        found = delegation_by_code(ctx, document.process_id, for_code)
        if found is None:
            raise Invalid(f"No delegation {for_code} in this process.",
                          details={"field": "delegation"})
        named = found.id
    delegation = ctx.session.get(Delegation, proposer_for(viewer.actor, phase_of(
        viewer.process), named))
    assert delegation is not None
    revision = documents.latest_published(ctx, document.id)
    if revision is None:
        raise NotFound(f"Document {document_id} has no published revision to amend.")
    if revision_id is not None and revision_id != revision.id:
        raise StaleState(f"The file marks up a revision superseded by {revision.label}: "
                         "export the current revision and mark it up again.",
                         details={"current": {"revision_id": revision.id,
                                              "sequence": revision.sequence,
                                              "label": revision.label}})
    return document, revision, delegation


def _read(ctx: Ctx, document_id: int, content: bytes, revision_id: int | None,
          for_code: str | None, limits: ImportLimits | None
          ) -> tuple[Document, Revision, Delegation, Outcome]:
    _load(ctx, document_id, revision_id, for_code)
    # Authorised: end the transaction (nothing was written) while the worker reads.
    assert not ctx.pending
    ctx.discard()
    data = import_worker.read(content, READER, limits or ImportLimits())
    document, revision, delegation = _load(ctx, document_id, revision_id, for_code)
    markup = markup_from_json(data)
    current = documents.unit_views(ctx, revision.id)
    return document, revision, delegation, _open_only(ctx, revision, current,
                                                      proposals(markup, current))


def _open_only(ctx: Ctx, revision: Revision, current: list[UnitView], outcome: Outcome
               ) -> Outcome:
    """The proposals on paragraphs settled (agreed, adopted) and not reopened move to what
    the file could not place, with the policy's reason: the others can still be created."""
    status = {u.key: u.status for u in current}
    reopened: set[str] | None = None
    kept: list[Proposal] = []
    for proposal in outcome.proposals:
        unit_status = status.get(proposal.unit_key, UnitStatus.OPEN)
        if open_for_proposals(unit_status, reopened=False):
            kept.append(proposal)
            continue
        if reopened is None:
            reopened = documents.reopened_keys(ctx, revision.id)
        try:
            require_open_for_proposals(unit_status, reopened=proposal.unit_key in reopened,
                                       paragraph=proposal.paragraph)
            kept.append(proposal)
        except Invalid as refused:
            where = ", ".join(str(i) for i in proposal.where)
            outcome.unplaced.insert(0, Unplaced(
                f"Paragraph{'s' if len(proposal.where) > 1 else ''} {where} of the file",
                refused.message))
    outcome.proposals = kept
    return outcome


def preview(ctx: Ctx, document_id: int, *, content: bytes, revision_id: int | None = None,
            delegation: str | None = None, limits: ImportLimits | None = None
            ) -> MarkupResult:
    """What the file proposes to the document's latest revision, and what it could not
    place; nothing saved. ``delegation``: the code of the delegation the co-facilitators or
    the secretariat upload for (a delegate's is its own)."""
    _, revision, proposer, outcome = _read(ctx, document_id, content, revision_id,
                                           delegation, limits)
    return MarkupResult(revision, proposer, outcome)


def confirm(ctx: Ctx, document_id: int, *, content: bytes, revision_id: int | None = None,
            delegation: str | None = None, limits: ImportLimits | None = None
            ) -> MarkupResult:
    """Create the file's proposals as draft amendments of the delegation (the same file as
    the preview's: it is read again, so what is saved is what it holds)."""
    document, revision, proposer, outcome = _read(ctx, document_id, content, revision_id,
                                                  delegation, limits)
    if not outcome.proposals:
        raise Invalid("The file holds no tracked change to the words of a paragraph of "
                      f"{revision.label}; nothing was saved.", details={"field": "content"})
    created = [amendment_service.propose(
        ctx, document.process_id, revision_id=revision.id, unit_key=p.unit_key, kind=p.kind,
        text=p.text, justification=p.justification, submit=False,
        on_behalf_of=None if delegation is None else proposer.id)
        for p in outcome.proposals]
    return MarkupResult(revision, proposer, outcome, saved=True, created=created)
