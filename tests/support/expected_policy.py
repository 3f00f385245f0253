"""Who may do what, in which phase, as the domain wants it: written from DOMAIN.md,
independently of ``server.core.policy.RULES``, and checked against it cell by cell by
``tests/unit/test_policy.py`` (the domain) and ``tests/api/test_matrix.py`` (over HTTP).

Columns: co-facilitator, secretariat, delegate, observer; in each the phases by initial,

    C = consultation, S = stocktaking, N = negotiation, X = concluded
"""

from __future__ import annotations

from server.core.phases import Phase
from server.core.policy import Action, Role

PHASE_BY_INITIAL = {
    "C": Phase.CONSULTATION,
    "S": Phase.STOCKTAKING,
    "N": Phase.NEGOTIATION,
    "X": Phase.CONCLUDED,
}
ROLES = (Role.CO_FACILITATOR, Role.SECRETARIAT, Role.DELEGATE, Role.OBSERVER)

# The product as the domain wants it. Columns: co-facilitator, secretariat, delegate, observer.
# "CSNX" = every phase, "" = never.
EXPECTED_TABLE: dict[str, tuple[str, str, str, str]] = {
    #  action                           co-fac   secretariat delegate  observer
    # The process, its phases and who takes part.
    "process.view": ("CSNX", "CSNX", "CSNX", "CSNX"),
    "phase.change": ("CSNX", "", "", ""),  # co-facs run phases
    "process.configure": ("CSNX", "", "", ""),  # title, who sees what: the co-facs' call
    "participants.manage": ("CSNX", "CSNX", "", ""),  # accreditation
    "participants.add_own_delegate": ("", "", "CSN", ""),  # focal points, while open
    "delegations.manage": ("CSNX", "", "", ""),  # who takes part, groups' members: co-facs
    "participants.view": ("CSNX", "CSNX", "CSNX", "CSNX"),
    # Consultation: inputs by delegations and stakeholders; the co-facilitators' summaries
    # ("co-facilitators publish a summary per session": a summary is visible to every
    # participant the moment it is written, so writing one is publishing it).
    "input.submit": ("", "", "CS", "CS"),
    "input.view": ("CSNX", "CSNX", "CSNX", "CSNX"),
    "summary.write": ("CS", "", "", ""),
    # The text: prepared in stocktaking (zero draft), revised in negotiation; the working copy
    # is the pen-holders' (co-facilitators, helped by the secretariat); only co-facilitators
    # publish and record what the room agreed (statuses, up to "adopted" after conclusion).
    "document.create": ("SN", "SN", "", ""),
    "working_copy.view": ("CSNX", "CSNX", "", ""),
    "working_copy.edit": ("SN", "SN", "", ""),
    # Showing the working copy to delegations (the room screen) is the co-facilitators' call;
    # the pen-holders move the paragraph under discussion while they draft.
    "working_copy.share": ("CSNX", "", "", ""),
    "discussion.set": ("SN", "SN", "", ""),
    "unit.set_status": ("NX", "", "", ""),
    "revision.publish": ("SNX", "", "", ""),  # zero draft .. final text
    "revision.view": ("CSNX", "CSNX", "CSNX", "CSNX"),  # published texts: public
    # Amendments: delegations propose, withdraw, support or oppose during negotiation only;
    # co-facilitators decide. Seeing them is narrowed further for observers by a setting.
    "amendment.propose": ("", "", "N", ""),
    "amendment.withdraw": ("", "", "N", ""),
    "amendment.respond": ("", "", "N", ""),
    # Co-sponsorship is a delegation's own decision (DOMAIN): the invited delegation's
    # delegates accept, decline or withdraw it, while amendments are negotiated.
    "amendment.co_sponsor": ("", "", "N", ""),
    "amendment.view": ("CSNX", "CSNX", "CSNX", "CSNX"),
    "amendment.decide": ("N", "", "", ""),
    # Applying a decided (or submitted) amendment edits the working copy: the pen-holders'.
    "amendment.apply": ("SN", "SN", "", ""),
    # Silence procedure: co-facilitators circulate, a delegation breaks it in writing.
    "silence.start": ("N", "", "", ""),
    "silence.break": ("", "", "N", ""),
    # The history log: the co-facilitators and the secretariat.
    "log.view": ("CSNX", "CSNX", "", ""),
    # Language versions of a revision: the secretariat and co-facilitators, in every phase.
    "translation.edit": ("CSNX", "CSNX", "", ""),
}

#: Cells where the expectation above deliberately differs from what RULES said when this
#: test was written, with the reason. Reported in the failure message of those cells.
DISPUTED: dict[tuple[str, Role], str] = {
    (
        "summary.write",
        Role.SECRETARIAT,
    ): "DOMAIN.md: 'co-facilitators publish a summary per session'; the secretariat helps "
    "compile but a written summary is immediately visible to every participant, i.e. "
    "published, and only co-facilitators publish.",
}


def expected(role: Role, action: Action, phase: Phase) -> bool:
    """The domain's answer for one cell."""
    allowed = EXPECTED_TABLE[action.value][ROLES.index(role)]
    return phase in {PHASE_BY_INITIAL[initial] for initial in allowed}


def expected_phases(role: Role, action: Action) -> frozenset[Phase]:
    return frozenset(p for p in Phase if expected(role, action, p))
