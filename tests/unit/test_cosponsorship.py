"""Co-sponsorship by consent, as the domain says it (core.amendments, core.policy): only the
invited delegation answers, for itself; the proposer cannot drop one that accepted; what a
person may do with the amendment follows from where their delegation stands."""

from __future__ import annotations

import doctest

import pytest

import server.core.amendments as amendments_module
from server.core.amendments import (
    AmendmentState,
    CoSponsorship,
    change_co_proponents,
    check_co_sponsor_answer,
)
from server.core.errors import Conflict, Forbidden, Invalid
from server.core.phases import Phase
from server.core.policy import (
    Actor,
    AmendmentAction,
    AmendmentFacts,
    Role,
    amendment_actions,
    require_amendment_permission,
)

MEX, EU, RUS, CHN = 1, 2, 3, 4
N = Phase.NEGOTIATION
ANSWERS = {AmendmentAction.ACCEPT_CO_SPONSORSHIP, AmendmentAction.DECLINE_CO_SPONSORSHIP,
           AmendmentAction.WITHDRAW_CO_SPONSORSHIP}


def delegate(delegation: int, *, focal_point: bool = False) -> Actor:
    return Actor(user_id=100 + delegation, role=Role.DELEGATE, delegation_id=delegation,
                 focal_point=focal_point)


def facts(state: AmendmentState = AmendmentState.SUBMITTED,
          **named: CoSponsorship) -> AmendmentFacts:
    by_id = {{"eu": EU, "rus": RUS, "chn": CHN}[k]: v for k, v in named.items()}
    return AmendmentFacts(state, MEX, AmendmentFacts.accepted(by_id), co_sponsorship=by_id)


def test_the_doctests_hold() -> None:
    assert doctest.testmod(amendments_module).failed == 0


def test_answers_follow_where_the_delegation_stands() -> None:
    check_co_sponsor_answer(CoSponsorship.INVITED, CoSponsorship.ACCEPTED)
    check_co_sponsor_answer(CoSponsorship.INVITED, CoSponsorship.DECLINED)
    check_co_sponsor_answer(CoSponsorship.ACCEPTED, CoSponsorship.WITHDRAWN)
    check_co_sponsor_answer(CoSponsorship.DECLINED, CoSponsorship.ACCEPTED)  # a change of mind
    check_co_sponsor_answer(CoSponsorship.WITHDRAWN, CoSponsorship.ACCEPTED)
    for current, answer in [(None, CoSponsorship.ACCEPTED),  # nobody names itself
                            (CoSponsorship.ACCEPTED, CoSponsorship.ACCEPTED),
                            (CoSponsorship.ACCEPTED, CoSponsorship.DECLINED),
                            (CoSponsorship.INVITED, CoSponsorship.WITHDRAWN),
                            (CoSponsorship.INVITED, CoSponsorship.INVITED)]:
        with pytest.raises(Invalid):
            check_co_sponsor_answer(current, answer)


def test_naming_invites_newcomers_keeps_answers_and_never_drops_a_co_sponsor() -> None:
    current = {"EU": CoSponsorship.ACCEPTED, "RUS": CoSponsorship.DECLINED,
               "CHN": CoSponsorship.INVITED}
    change = change_co_proponents(current, ["EU", "RUS", "CHE", "CHE"])
    assert (change.invited, change.cancelled) == (("CHE",), ("CHN",))
    with pytest.raises(Conflict) as refused:
        change_co_proponents(current, ["RUS"])
    assert refused.value.details["co_sponsors"] == ["EU"]


def test_only_the_invited_delegation_answers_and_only_for_itself() -> None:
    invited = facts(eu=CoSponsorship.INVITED)
    assert set(amendment_actions(delegate(EU), N, invited)) & ANSWERS == {
        AmendmentAction.ACCEPT_CO_SPONSORSHIP, AmendmentAction.DECLINE_CO_SPONSORSHIP}
    assert AmendmentAction.TAKE_STANCE in amendment_actions(delegate(EU), N, invited)
    for outsider in (delegate(MEX, focal_point=True), delegate(RUS),
                     Actor(9, Role.CO_FACILITATOR), Actor(8, Role.SECRETARIAT)):
        assert not set(amendment_actions(outsider, N, invited)) & ANSWERS
        with pytest.raises(Forbidden):
            require_amendment_permission(outsider, N, invited,
                                         AmendmentAction.ACCEPT_CO_SPONSORSHIP)
    # Outside negotiation nobody answers; on a draft or a decided amendment neither.
    assert not set(amendment_actions(delegate(EU), Phase.CONCLUDED, invited)) & ANSWERS
    for state in (AmendmentState.DRAFT, AmendmentState.REFLECTED, AmendmentState.WITHDRAWN):
        assert not set(amendment_actions(delegate(EU), N, facts(
            state, eu=CoSponsorship.INVITED))) & ANSWERS


def test_a_co_sponsor_withdraws_and_takes_no_stance_on_its_own_amendment() -> None:
    accepted = facts(eu=CoSponsorship.ACCEPTED, rus=CoSponsorship.INVITED)
    eu_may = set(amendment_actions(delegate(EU), N, accepted))
    assert eu_may & ANSWERS == {AmendmentAction.WITHDRAW_CO_SPONSORSHIP}
    assert AmendmentAction.TAKE_STANCE not in eu_may
    # Russia, only invited, may still support or oppose.
    assert AmendmentAction.TAKE_STANCE in amendment_actions(delegate(RUS), N, accepted)
