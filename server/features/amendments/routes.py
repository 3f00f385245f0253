"""Amendments: propose, revise a draft, submit, withdraw, co-proponents, stances, decide."""

from __future__ import annotations

from flask import Blueprint, Response
from pydantic import TypeAdapter

import server.features.amendments.application as application
import server.features.amendments.service as amendments
from server.core.amendments import AmendmentState, CoSponsorship
from server.core.policy import Action
from server.features.amendments import present
from server.features.amendments import schemas as s
from server.features.text import present as text_present
from server.web import cache
from server.web.context import ctx
from server.web.routing import endpoint
from server.web.schemas import VersionIn

bp = Blueprint("amendments", __name__)
TAG = "Amendments"
ONE = "/amendments/<id:amendment_id>"
AMENDMENTS_OUT: TypeAdapter[list[s.AmendmentOut]] = TypeAdapter(list[s.AmendmentOut])


@endpoint(bp, "/processes/<id:process_id>/amendments", "GET",
          summary="Amendments you may see, filtered by delegation, unit, state, kind", tag=TAG,
          query=s.AmendmentQuery, response=list[s.AmendmentOut], errors=(403, 404),
          cached=True)
def list_amendments(process_id: int, query: s.AmendmentQuery) -> Response:
    """Computed once per change of the process for each audience (server/web/cache.py)."""
    filters = amendments.AmendmentFilter(
        delegation=query.delegation, unit=query.unit, state=query.state, kind=query.kind,
        document_id=query.document, limit=query.limit, after_id=query.after_id,
        invited=query.invited)

    reader = cache.reader_in_process(process_id, Action.VIEW_PROCESS)
    return cache.cached_read(
        ("amendments", process_id, query.model_dump_json()), reader,
        cache.amendments_audience(reader),
        compute=lambda: [present.amendment(r)
                         for r in amendments.list_amendments(ctx(), process_id, filters)],
        adapter=AMENDMENTS_OUT)


@endpoint(bp, "/processes/<id:process_id>/amendments", "POST",
          summary="Propose an amendment (a draft, or submitted at once)", tag=TAG,
          body=s.AmendmentIn, response=s.AmendmentOut, status=201, errors=(403, 404, 409))
def propose(process_id: int, body: s.AmendmentIn) -> s.AmendmentOut:
    return present.amendment(amendments.propose(
        ctx(), process_id, revision_id=body.revision_id, unit_key=body.unit, kind=body.kind,
        text=body.text, justification=body.justification, co_proponents=body.co_proponents,
        cluster=body.cluster, submit=body.submit))


@endpoint(bp, ONE, "GET", summary="One amendment", tag=TAG, response=s.AmendmentOut,
          errors=(404,))
def get_amendment(amendment_id: int) -> s.AmendmentOut:
    return present.amendment(amendments.get_amendment(ctx(), amendment_id))


@endpoint(bp, ONE, "PATCH", summary="Rewrite a draft amendment", tag=TAG,
          body=s.AmendmentReviseIn, response=s.AmendmentOut, errors=(403, 404, 409))
def revise(amendment_id: int, body: s.AmendmentReviseIn) -> s.AmendmentOut:
    return present.amendment(amendments.revise_draft(
        ctx(), amendment_id, expected_version=body.base_version, text=body.text,
        justification=body.justification))


@endpoint(bp, ONE + "/submit", "POST", summary="Submit a draft amendment", tag=TAG,
          body=VersionIn, response=s.AmendmentOut, errors=(403, 404, 409))
def submit(amendment_id: int, body: VersionIn) -> s.AmendmentOut:
    return present.amendment(amendments.submit(ctx(), amendment_id,
                                             expected_version=body.base_version))


@endpoint(bp, ONE + "/withdraw", "POST", summary="Withdraw an amendment", tag=TAG,
          body=VersionIn, response=s.AmendmentOut, errors=(403, 404, 409))
def withdraw(amendment_id: int, body: VersionIn) -> s.AmendmentOut:
    return present.amendment(amendments.withdraw(ctx(), amendment_id,
                                               expected_version=body.base_version))


@endpoint(bp, ONE + "/co-proponents", "PUT",
          summary="Invite delegations to co-sponsor, or take invitations back (proposer)",
          tag=TAG, body=s.CoProponentsIn, response=s.AmendmentOut, errors=(403, 404, 409))
def set_co_proponents(amendment_id: int, body: s.CoProponentsIn) -> s.AmendmentOut:
    """A delegation named for the first time is invited (on a draft: when it is submitted);
    it is a co-proponent only once it accepts. A name left out loses its invitation; one
    that accepted cannot be left out (409): it withdraws its co-sponsorship itself. Nobody's
    support or opposition changes."""
    return present.amendment(amendments.set_co_proponents(
        ctx(), amendment_id, expected_version=body.base_version,
        co_proponents=body.co_proponents))


@endpoint(bp, ONE + "/co-sponsorship", "PUT",
          summary="Your delegation accepts or declines the invitation to co-sponsor, or "
                  "withdraws its co-sponsorship", tag=TAG, body=s.CoSponsorshipIn,
          response=s.AmendmentOut, errors=(403, 404, 409))
def answer_co_sponsorship(amendment_id: int, body: s.CoSponsorshipIn) -> s.AmendmentOut:
    """Only a delegation the proposer invited answers, for itself, while the amendment is
    submitted and undecided. Accepting (also after declining or withdrawing) makes it a
    co-proponent and replaces its own support or opposition, if it took one; declining is
    for an invitation not accepted; withdrawing is for a co-sponsorship given."""
    return present.amendment(amendments.answer_co_sponsorship(
        ctx(), amendment_id, CoSponsorship(body.status)))


@endpoint(bp, ONE + "/stance", "PUT",
          summary="Support or oppose another delegation's amendment (null: no stance)",
          tag=TAG, body=s.StanceIn, response=s.AmendmentOut, errors=(403, 404))
def take_stance(amendment_id: int, body: s.StanceIn) -> s.AmendmentOut:
    return present.amendment(amendments.take_stance(ctx(), amendment_id, body.stance))


@endpoint(bp, ONE + "/decision", "POST",
          summary="Decide: reflected, merged or not reflected (co-facilitators)", tag=TAG,
          body=s.DecisionIn, response=s.AmendmentOut, errors=(403, 404, 409))
def decide(amendment_id: int, body: s.DecisionIn) -> s.AmendmentOut:
    return present.amendment(amendments.decide(
        ctx(), amendment_id, expected_version=body.base_version,
        decision=AmendmentState(body.decision), note=body.note))


@endpoint(bp, "/documents/<id:document_id>/working-copy/applications", "POST",
          summary="Apply amendments to the working copy, as proposed or with changes "
                  "(several at once)", tag=TAG, body=s.ApplicationsIn,
          response=s.ApplicationsOut, errors=(403, 404, 409))
def apply_amendments(document_id: int, body: s.ApplicationsIn) -> s.ApplicationsOut:
    """Each amendment edits the working copy: change_words gives the paragraph its new text
    (carried onto the paragraph as it stands), add_unit inserts a bis paragraph after it,
    delete_unit removes it, alternative adds its text as a bracketed alternative ([A][B]);
    a retention or reservation has nothing to apply (422). All or none are applied. Each
    may be decided reflected or merged at once; otherwise the next revision records the
    applied amendments as reflected when it is published."""
    copy, applied = application.apply_amendments(
        ctx(), document_id, expected_version=body.base_version,
        requests=[application.ApplicationRequest(
            amendment_id=item.amendment, text=item.text,
            decision=AmendmentState(item.decision) if item.decision else None,
            note=item.note, expected_version=item.base_version) for item in body.amendments])
    return s.ApplicationsOut(
        working_copy=text_present.revision(copy),
        applications=[present.application(a.application, a.unit_key) for a in applied],
        amendments=[present.amendment(a.amendment) for a in applied])


@endpoint(bp, "/documents/<id:document_id>/working-copy/applications", "GET",
          summary="The amendments applied to the working copy since the last revision",
          tag=TAG, response=list[s.ApplicationOut], errors=(403, 404))
def list_applications(document_id: int) -> list[s.ApplicationOut]:
    return [present.application(row, key)
            for row, key in application.applications(ctx(), document_id)]
