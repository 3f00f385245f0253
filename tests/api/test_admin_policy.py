"""The administration rules of core/policy.py the screens follow (issue 13, item 2): who opens
a process, who manages which invitation, what can be done to a delegation. Pure: no app."""

from __future__ import annotations

import doctest

import server.core.policy as policy
from server.core.phases import Phase
from server.core.policy import (
    AccountAction,
    Actor,
    DelegationAction,
    InvitationAction,
    Role,
    account_actions,
    delegation_actions,
    invitation_actions,
)

N, X = Phase.NEGOTIATION, Phase.CONCLUDED
COFAC = Actor(1, Role.CO_FACILITATOR)
SEC = Actor(2, Role.SECRETARIAT)
FOCAL = Actor(3, Role.DELEGATE, delegation_id=4, focal_point=True)
DELEGATE = Actor(5, Role.DELEGATE, delegation_id=4)


def test_the_doctests_hold() -> None:
    assert doctest.testmod(policy).failed == 0


def test_only_administrators_open_processes() -> None:
    assert account_actions(True) == [AccountAction.OPEN_PROCESS]
    assert account_actions(False) == []


def test_an_invitation_is_managed_by_whoever_may_give_its_role() -> None:
    def may(actor: Actor | None, role: Role, delegation: int | None = None, *,
            admin: bool = False, phase: Phase = N) -> bool:
        return invitation_actions(actor, phase, is_admin=admin, role=role,
                                  delegation_id=delegation,
                                  focal_point=False) == list(InvitationAction)

    assert may(COFAC, Role.CO_FACILITATOR) and may(None, Role.CO_FACILITATOR, admin=True)
    assert not may(SEC, Role.CO_FACILITATOR) and may(SEC, Role.OBSERVER)
    assert may(FOCAL, Role.DELEGATE, 4) and not may(FOCAL, Role.DELEGATE, 5)
    assert not may(FOCAL, Role.OBSERVER) and not may(DELEGATE, Role.DELEGATE, 4)
    assert not may(FOCAL, Role.DELEGATE, 4, phase=X)  # delegations add delegates until then
    assert not may(None, Role.OBSERVER)


def test_a_delegation_is_removed_only_while_unused_and_by_its_managers() -> None:
    assert delegation_actions(COFAC, N, is_admin=False, kind="state", in_use=False) == [
        DelegationAction.RENAME, DelegationAction.REMOVE]
    assert delegation_actions(COFAC, N, is_admin=False, kind="state", in_use=True) == [
        DelegationAction.RENAME]
    assert DelegationAction.CHANGE_MEMBERS in delegation_actions(
        None, X, is_admin=True, kind="organisation", in_use=True)
    for actor in (SEC, FOCAL, None):
        assert delegation_actions(actor, N, is_admin=False, kind="group", in_use=False) == []
