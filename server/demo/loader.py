"""Loading the demo negotiation through the services, so every rule and log entry applies.

The story runs from consultation to Rev.2: inputs and summaries, the zero draft, two rounds of
amendments decided by the co-facilitators, and a third round still open. Timestamps are spread
over the past six months so the history reads like a real process.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

import server.features.amendments.service as amendments
import server.features.auth.service as auth
import server.features.consultation.service as consultation
import server.features.people.service as people
import server.features.processes.service as processes
import server.features.text.publication as publication
import server.features.text.service as documents
from server.core.amendments import AmendmentKind, AmendmentState, CoSponsorship, Stance
from server.core.phases import Phase
from server.core.policy import SETTLED_STATUSES, Role
from server.core.text import UnitKind, UnitStatus, UnitView
from server.demo import content as c
from server.features.common.context import Ctx
from server.models import Process, User

ADMIN_EMAIL = "admin@accord.example"


class DemoClock:
    """Moves forward a few minutes per action; jumps between the phases of the story."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now

    def jump_to(self, moment: datetime) -> None:
        self.now = max(self.now, moment)


def load_demo(ctx: Ctx, password: str, *, only_if_empty: bool = True) -> bool:
    """Create the demo negotiation; False (and nothing written) when a process exists already
    and ``only_if_empty`` is set. Every demo account gets ``password``."""
    if only_if_empty and ctx.session.scalars(select(Process.id).limit(1)).first() is not None:
        return False
    problems = c.check_consistency()
    if problems:
        raise RuntimeError("demo content is inconsistent: " + "; ".join(problems))
    end = datetime.now(UTC)
    clock = DemoClock(end - timedelta(days=180))
    ctx.now = clock
    Demo(ctx, clock, password, end).run()
    return True


class Demo:
    def __init__(self, ctx: Ctx, clock: DemoClock, password: str, end: datetime) -> None:
        self.ctx, self.clock, self.password, self.end = ctx, clock, password, end
        self.users: dict[str, User] = {}
        self.process_id = 0
        self.document_id = 0
        self.revision_ids: list[int] = []
        self.amendment_ids: dict[str, int] = {}

    def as_(self, email: str) -> Ctx:
        self.ctx.user = self.users[email]
        return self.ctx

    def at(self, days_before_end: float) -> None:
        self.clock.jump_to(self.end - timedelta(days=days_before_end))

    def run(self) -> None:
        self.setup_people()
        self.consultation()
        self.stocktaking()
        self.negotiation()

    # ---- the story -------------------------------------------------------------------------

    def setup_people(self) -> None:
        ctx = self.ctx
        admin = auth.new_user(ctx, email=ADMIN_EMAIL, name="Accord administrator",
                                   password=self.password, is_admin=True)
        ctx.commit()
        self.users[ADMIN_EMAIL] = admin
        process = processes.create_process(
            self.as_(ADMIN_EMAIL), slug=c.PROCESS_SLUG, title=c.PROCESS_TITLE,
            clusters=[(cl.key, cl.name) for cl in c.CLUSTERS])
        self.process_id = process.id
        ordered = sorted(c.PEOPLE, key=lambda p: p.role != "co_facilitator")
        first_cofac = next(p.email for p in ordered if p.role == "co_facilitator")
        for person in ordered:
            if person.role == "delegate":
                continue
            by = ADMIN_EMAIL if person.role == "co_facilitator" else first_cofac
            self.add_person(by, person)
        for delegation in sorted(c.DELEGATIONS, key=lambda d: bool(d.members)):
            people.add_delegation(self.as_(first_cofac), self.process_id, code=delegation.code,
                                  name=delegation.name, kind=delegation.kind,
                                  members=delegation.members)
        focal = {p.delegation: p.email for p in c.PEOPLE if p.focal_point}
        for person in sorted(c.PEOPLE, key=lambda p: not p.focal_point):
            if person.role == "delegate":
                # Focal points are appointed by the co-facilitators; they add their colleagues.
                by = first_cofac if person.focal_point else focal[person.delegation]
                self.add_person(by, person)

    def add_person(self, by: str, person: c.DemoPerson) -> None:
        """Invited by ``by`` and accepted at once. The account is made directly with the
        demo's generated password: the operator signs in to their own demo (nobody chooses
        a real person's password)."""
        if person.email not in self.users:
            self.users[person.email] = auth.new_user(self.ctx, email=person.email,
                                                     name=person.name, password=self.password)
            self.ctx.commit()
        invited = people.invite_participant(
            self.as_(by), self.process_id, email=person.email, name=person.name,
            role=Role(person.role), delegation_code=person.delegation,
            focal_point=person.focal_point, lifetime=timedelta(days=1))
        people.accept_invitation(self.as_(person.email), invited.token, password=None,
                                 name=None)

    def first(self, role: str) -> str:
        return next(p.email for p in c.PEOPLE if p.role == role)

    def consultation(self) -> None:
        self.at(170)
        for item in c.INPUTS:
            consultation.submit_input(self.as_(item.author), self.process_id,
                                      cluster=item.cluster, kind=item.kind, title=item.title,
                                      body=item.body)
        cofac = self.first("co_facilitator")
        for summary in c.SUMMARIES:
            if summary.kind == "session":
                consultation.write_summary(self.as_(cofac), self.process_id, kind="session",
                                           cluster=summary.cluster, title=summary.title,
                                           body=summary.body)

    def stocktaking(self) -> None:
        cofac = self.first("co_facilitator")
        self.at(120)
        processes.change_phase(self.as_(cofac), self.process_id, target=Phase.STOCKTAKING,
                               reason=None)
        for summary in c.SUMMARIES:
            if summary.kind == "stocktaking":
                consultation.write_summary(self.as_(cofac), self.process_id, kind="stocktaking",
                                           cluster=None, title=summary.title, body=summary.body)
        units = [UnitView(key=u.key, kind=UnitKind(u.kind), parent=u.parent, number=u.number,
                          text=u.text, heading=u.heading) for u in c.ZERO_DRAFT]
        created = documents.create_document(self.as_(self.first("secretariat")),
                                            self.process_id, title=c.DOCUMENT_TITLE,
                                            units=units)
        self.document_id = created.revision.document_id
        self.at(100)
        self.publish(None)

    def negotiation(self) -> None:
        cofac = self.first("co_facilitator")
        self.at(90)
        processes.change_phase(self.as_(cofac), self.process_id, target=Phase.NEGOTIATION,
                               reason=None)
        for sequence, edits, label, day in ((0, c.REV1_EDITS, c.REV1_LABEL, 45),
                                            (1, c.REV2_EDITS, c.REV2_LABEL, 10)):
            self.amendment_round(sequence)
            self.at(day + 3)
            self.apply_edits(edits)
            self.at(day)
            # Amendments the content calls overtaken were left open: the publication decides
            # (overtaken, or carried onto the new text cleanly or in conflict).
            self.publish(label)
        self.amendment_round(2)

    # ---- steps -----------------------------------------------------------------------------

    def publish(self, label: str | None) -> None:
        working = documents.working_revision(self.ctx, self.document_id)
        result = publication.publish(self.as_(self.first("co_facilitator")), self.document_id,
                                   expected_version=working.version, label=label)
        self.revision_ids.append(result.revision.id)

    def amendment_round(self, sequence: int) -> None:
        cofac = self.first("co_facilitator")
        for item in (a for a in c.AMENDMENTS if a.revision == sequence):
            self.reopen_if_settled(sequence, item.unit)
            record = amendments.propose(
                self.as_(item.author), self.process_id,
                revision_id=self.revision_ids[sequence], unit_key=item.unit,
                kind=AmendmentKind(item.kind), text=item.text,
                justification=item.justification, co_proponents=item.co_proponents,
                submit=item.state != "draft")
            amendment = record.amendment
            self.amendment_ids[item.key] = amendment.id
            if item.state != "draft":
                # Co-sponsorship is by consent: each named delegation accepts for itself.
                for code in item.co_proponents:
                    amendments.answer_co_sponsorship(self.as_(self.focal_point(code)),
                                                     amendment.id, CoSponsorship.ACCEPTED)
            for codes, stance in ((item.supporters, Stance.SUPPORT),
                                  (item.opposers, Stance.OPPOSE)):
                for code in codes:
                    amendments.take_stance(self.as_(self.focal_point(code)), amendment.id,
                                           stance)
            state = AmendmentState(item.state)
            if state is AmendmentState.WITHDRAWN:
                amendments.withdraw(self.as_(item.author), amendment.id,
                                    expected_version=amendment.version)
            elif state in (AmendmentState.REFLECTED, AmendmentState.MERGED,
                           AmendmentState.NOT_REFLECTED):
                amendments.decide(self.as_(cofac), amendment.id,
                                  expected_version=amendment.version, decision=state,
                                  note=_DECISION_NOTES[state])

    def reopen_if_settled(self, sequence: int, unit: str) -> None:
        """The content proposes on some paragraphs the text marks agreed: the co-facilitators
        reopen them first, as the room would."""
        ctx = self.as_(self.first("co_facilitator"))
        revision = documents.get_revision(ctx, self.document_id, sequence)
        status = next(u.status for u in revision.units if u.key == unit)
        if status in SETTLED_STATUSES and unit not in revision.reopened:
            documents.reopen_unit(ctx, self.document_id, sequence, unit,
                                  reason="The room agreed to hear further proposals on it.")

    def focal_point(self, code: str) -> str:
        return next(p.email for p in c.PEOPLE if p.focal_point and p.delegation == code)

    def apply_edits(self, edits: tuple[c.DemoEdit, ...]) -> None:
        ctx = self.as_(self.first("co_facilitator"))
        for edit in edits:
            version = documents.working_revision(ctx, self.document_id).version
            if edit.op == "edit":
                documents.edit_unit(ctx, self.document_id, edit.unit, expected_version=version,
                                    edit=documents.UnitEdit(text=edit.text, number=edit.number))
            elif edit.op == "status":
                assert edit.status is not None
                documents.edit_unit(ctx, self.document_id, edit.unit, expected_version=version,
                                    edit=documents.UnitEdit(status=UnitStatus(edit.status),
                                                            confirm_open_brackets=True))
            elif edit.op == "delete":
                documents.delete_unit(ctx, self.document_id, edit.unit, expected_version=version)
            else:
                current = documents.unit_views(
                    ctx, documents.working_revision(ctx, self.document_id).id)
                parent = next(u.parent for u in current if u.key == edit.unit)
                assert edit.new_key and edit.kind and edit.text is not None
                documents.insert_unit(ctx, self.document_id, expected_version=version,
                                      after=edit.unit,
                                      unit=UnitView(key=edit.new_key, kind=UnitKind(edit.kind),
                                                    parent=parent, number=edit.number,
                                                    text=edit.text))


_DECISION_NOTES = {
    AmendmentState.REFLECTED: "Reflected in the next revision.",
    AmendmentState.MERGED: "Merged with related proposals into a bridging formulation.",
    AmendmentState.NOT_REFLECTED: "Not reflected: no sufficient support in the room.",
}


def sign_ins() -> list[tuple[str, str, str]]:
    """(role, e-mail, delegation) for the README and the start-up banner."""
    rows = [("administrator", ADMIN_EMAIL, "")]
    rows += [(p.role.replace("_", "-"), p.email, p.delegation or "") for p in c.PEOPLE]
    return rows


def print_sign_ins(echo: Callable[[str], None], password: str | None) -> None:
    echo("Demo sign-ins (one of each role; every demo account has the same password):")
    shown: set[str] = set()
    for role, email, delegation in sign_ins():
        if role in shown and role != "delegate":
            continue
        if role == "delegate" and delegation not in {"MEX", "EU", "AFRICAN_GROUP"}:
            continue
        shown.add(role)
        suffix = f" ({delegation})" if delegation else ""
        echo(f"  {role:<15} {email}{suffix}")
    echo(f"  password        {password or '(see instance/demo-password)'}")
