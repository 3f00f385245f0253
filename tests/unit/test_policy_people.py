"""Who manages a process's people and its delegations is the policy's to say (not a
service's): administrators with or without a role, the process's co-facilitators for its
delegations, nobody from outside the process."""

from __future__ import annotations

import pytest

from server.core.errors import Forbidden, NotFound
from server.core.phases import Phase
from server.core.policy import (
    Actor,
    Role,
    authorize_delegation_management,
    authorize_people_management,
)

N = Phase.NEGOTIATION


@pytest.mark.parametrize("phase", list(Phase))
def test_an_administrator_without_a_role_manages_people_and_delegations(phase: Phase) -> None:
    authorize_people_management(None, phase, is_admin=True, subject="process 1")
    authorize_delegation_management(None, phase, is_admin=True, subject="process 1")


def test_someone_outside_the_process_learns_nothing() -> None:
    with pytest.raises(NotFound, match=r"No process 7\."):
        authorize_people_management(None, N, is_admin=False, subject="process 7")
    with pytest.raises(NotFound, match=r"No process 7\."):
        authorize_delegation_management(None, N, is_admin=False, subject="process 7")


@pytest.mark.parametrize("phase", list(Phase))
def test_only_co_facilitators_manage_delegations(phase: Phase) -> None:
    authorize_delegation_management(Actor(1, Role.CO_FACILITATOR), phase, is_admin=False,
                                    subject="process 1")
    for role in (Role.SECRETARIAT, Role.DELEGATE, Role.OBSERVER):
        with pytest.raises(Forbidden):
            authorize_delegation_management(Actor(1, role, delegation_id=3, focal_point=True),
                                            phase, is_admin=False, subject="process 1")


def test_people_are_managed_by_staff_and_by_focal_points_while_delegations_add_delegates(
        ) -> None:
    for role in (Role.CO_FACILITATOR, Role.SECRETARIAT):
        authorize_people_management(Actor(1, role), Phase.CONCLUDED, is_admin=False,
                                    subject="process 1")
    authorize_people_management(Actor(1, Role.DELEGATE, 3, focal_point=True), N,
                                is_admin=False, subject="process 1")
    with pytest.raises(Forbidden):
        authorize_people_management(Actor(1, Role.DELEGATE, 3, focal_point=True),
                                    Phase.CONCLUDED, is_admin=False, subject="process 1")
    with pytest.raises(Forbidden):
        authorize_people_management(Actor(1, Role.OBSERVER), N, is_admin=False,
                                    subject="process 1")
