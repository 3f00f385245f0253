"""Who may do what, in which phase: the policy table checked cell by cell against the domain.

``EXPECTED_TABLE`` (in ``tests/support/expected_policy.py``) is written from DOMAIN.md,
independently of ``server.core.policy.RULES``: one line per action, and for each role the
phases (by initial) in which it may act.

    C = consultation, S = stocktaking, N = negotiation, X = concluded

Every cell (role x action x phase) of :func:`can` is asserted against it. The same literal
drives the HTTP matrix in ``tests/api/test_matrix.py``.
"""

from __future__ import annotations

import pytest

from server.core.errors import Forbidden
from server.core.phases import Phase
from server.core.policy import (
    Action,
    Actor,
    ProcessSettings,
    Role,
    authorize,
    can,
    may_view_amendments,
    may_view_draft,
    require_delegation,
    require_focal_point_of,
    require_not_proponent,
    require_own_delegation,
    roles_allowed,
)
from tests.support.expected_policy import (
    DISPUTED,
    EXPECTED_TABLE,
    PHASE_BY_INITIAL,
    ROLES,
    expected,
    expected_phases,
)

CELLS = [(action, role, phase) for action in Action for role in ROLES for phase in Phase]


def test_expected_table_covers_every_action_and_only_known_phases() -> None:
    assert set(EXPECTED_TABLE) == {a.value for a in Action}, (
        "Every policy action needs a line in EXPECTED_TABLE (and no line without an action): "
        f"missing {sorted({a.value for a in Action} - set(EXPECTED_TABLE))}, "
        f"unknown {sorted(set(EXPECTED_TABLE) - {a.value for a in Action})}"
    )
    assert set(Role) == set(ROLES)
    for action, columns in EXPECTED_TABLE.items():
        for column in columns:
            assert set(column) <= set(PHASE_BY_INITIAL), (action, column)


@pytest.mark.parametrize(
    ("action", "role", "phase"), CELLS, ids=[f"{a.value}-{r.value}-{p.value}" for a, r, p in CELLS]
)
def test_cell(action: Action, role: Role, phase: Phase) -> None:
    want = expected(role, action, phase)
    got = can(role, action, phase)
    verb = "may" if want else "may not"
    note = DISPUTED.get((action.value, role), "")
    assert got is want, (
        f"A {role.value} {verb} do {action.value} in the {phase.value} phase, but "
        f"can() answers {got}. Domain: {role.value} does {action.value} in "
        f"{sorted(p.value for p in expected_phases(role, action)) or 'no phase'}."
        + (f" Note: {note}" if note else "")
    )


@pytest.mark.parametrize(
    ("action", "role", "phase"), CELLS, ids=[f"{a.value}-{r.value}-{p.value}" for a, r, p in CELLS]
)
def test_authorize_agrees_with_can(action: Action, role: Role, phase: Phase) -> None:
    actor = Actor(user_id=7, role=role, delegation_id=3 if role is Role.DELEGATE else None)
    if can(role, action, phase):
        assert authorize(actor, action, phase) is actor
        assert role in roles_allowed(action, phase)
    else:
        with pytest.raises(Forbidden) as refused:
            authorize(actor, action, phase)
        assert refused.value.code == "forbidden"
        assert refused.value.details == {
            "action": action.value,
            "role": role.value,
            "phase": phase.value,
        }
        assert role not in roles_allowed(action, phase)


@pytest.mark.parametrize("action", list(Action), ids=[a.value for a in Action])
def test_a_non_participant_is_always_refused(action: Action) -> None:
    for phase in Phase:
        with pytest.raises(Forbidden):
            authorize(None, action, phase)


# ---- object-level rules -------------------------------------------------------------------

MEX, CHE, NGA = 11, 12, 13
cofac = Actor(user_id=1, role=Role.CO_FACILITATOR)
secretariat = Actor(user_id=2, role=Role.SECRETARIAT)
mexico = Actor(user_id=3, role=Role.DELEGATE, delegation_id=MEX, focal_point=True)
mexico_delegate = Actor(user_id=4, role=Role.DELEGATE, delegation_id=MEX, focal_point=False)
switzerland = Actor(user_id=5, role=Role.DELEGATE, delegation_id=CHE, focal_point=True)
observer = Actor(user_id=6, role=Role.OBSERVER)


@pytest.mark.parametrize("phase", list(Phase), ids=[p.value for p in Phase])
def test_amendments_are_seen_by_pen_holders_and_delegations_in_every_phase(phase: Phase) -> None:
    for settings in (ProcessSettings(), ProcessSettings(frozenset(Phase))):
        for actor in (cofac, secretariat, mexico, mexico_delegate):
            assert may_view_amendments(actor, phase, settings), (actor.role, phase, settings)
    assert not may_view_amendments(None, phase, ProcessSettings(frozenset(Phase)))


def test_observers_see_amendments_only_in_the_phases_the_process_opens() -> None:
    assert not any(may_view_amendments(observer, p, ProcessSettings()) for p in Phase), (
        "By default observers see no attributed amendments."
    )
    negotiation_only = ProcessSettings(frozenset({Phase.NEGOTIATION}))
    assert {p for p in Phase if may_view_amendments(observer, p, negotiation_only)} == {
        Phase.NEGOTIATION
    }
    after = ProcessSettings(frozenset({Phase.NEGOTIATION, Phase.CONCLUDED}))
    assert {p for p in Phase if may_view_amendments(observer, p, after)} == {
        Phase.NEGOTIATION,
        Phase.CONCLUDED,
    }
    everywhere = ProcessSettings(frozenset(Phase))
    assert all(may_view_amendments(observer, p, everywhere) for p in Phase)


def test_a_draft_is_seen_only_by_its_delegation() -> None:
    assert may_view_draft(mexico, MEX)
    assert may_view_draft(mexico_delegate, MEX), "every delegate of the drafting delegation"
    assert not may_view_draft(switzerland, MEX)
    for outsider in (cofac, secretariat, observer, None):
        assert not may_view_draft(outsider, MEX), outsider


def test_only_the_proposing_delegation_changes_its_amendment() -> None:
    require_own_delegation(mexico, MEX)
    require_own_delegation(mexico_delegate, MEX)
    for other in (switzerland, cofac, secretariat, observer):
        with pytest.raises(Forbidden) as refused:
            require_own_delegation(other, MEX)
        assert refused.value.code == "forbidden"


def test_a_proponent_cannot_support_or_oppose_its_own_amendment() -> None:
    with pytest.raises(Forbidden):
        require_not_proponent(mexico, [MEX])
    with pytest.raises(Forbidden):
        require_not_proponent(mexico_delegate, [CHE, MEX])  # as a co-proponent
    with pytest.raises(Forbidden):
        require_not_proponent(mexico, (d for d in (NGA, MEX)))  # any iterable, once
    require_not_proponent(switzerland, [MEX, NGA])
    require_not_proponent(mexico, [])


def test_a_focal_point_adds_delegates_to_its_own_delegation_only() -> None:
    require_focal_point_of(mexico, MEX)
    with pytest.raises(Forbidden):
        require_focal_point_of(mexico, CHE)
    with pytest.raises(Forbidden):
        require_focal_point_of(mexico_delegate, MEX)  # a delegate who is not the focal point
    with pytest.raises(Forbidden):
        require_focal_point_of(switzerland, MEX)
    # Co-facilitators and the secretariat add delegates to any delegation (the table decides).
    require_focal_point_of(cofac, MEX)
    require_focal_point_of(secretariat, CHE)


def test_acting_for_a_state_needs_a_delegation() -> None:
    assert require_delegation(mexico) == MEX
    for actor in (cofac, secretariat, observer):
        with pytest.raises(Forbidden):
            require_delegation(actor)
