"""The event catalogue is the one list of what the history records and who receives it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from server.core.events import (
    CATALOGUE,
    FACTS,
    Audience,
    EventType,
    UnknownEvent,
    audience_of,
    placeholders,
)
from server.core.phases import Phase
from server.core.policy import Actor, ProcessSettings, Role, may_receive
from server.features.history.catalogue import EVENTS, english_many, render_many, render_sentence
from server.live import protocol

SERVER = Path(__file__).resolve().parents[2] / "server"


def test_every_event_type_has_its_entry() -> None:
    assert set(CATALOGUE) == set(EventType)
    for event in CATALOGUE:
        sentence = EVENTS.template(f"events.{event.value}")
        many = english_many(event.value)
        for template in (sentence, many):
            assert template == template.strip() and template.endswith("."), event
        assert set(placeholders(sentence)) <= set(FACTS), f"{event}: unknown placeholder"
        assert placeholders(many) == ["count"], f"{event}: {{count}} of them"
        # Read with nothing known, it is still a sentence that names nothing.
        generic = render_sentence(event.value)
        assert generic[0].isupper() and "{" not in generic, event


def test_sentences_name_who_did_what_to_which_paragraph() -> None:
    facts = {"delegation": "Mexico", "paragraph": "OP12", "actor": "the co-facilitators",
             "revision": "Rev.1", "amendment": "Mexico's amendment to OP12",
             "decision": "reflected"}
    assert render_sentence("amendment.submitted", facts) == (
        "Mexico submitted an amendment to OP12.")
    assert render_sentence("revision.published", facts) == "The co-facilitators published Rev.1."
    assert render_sentence("amendment.decided", facts) == (
        "The co-facilitators marked Mexico's amendment to OP12 as reflected.")
    # A draft's delegation and paragraph, withheld, read in general words.
    assert render_sentence("amendment.drafted") == (
        "A delegation saved a draft amendment to a paragraph.")
    assert render_many("amendment.submitted", 3) == "3 amendments were submitted."
    with pytest.raises(UnknownEvent):
        render_sentence("amendment.teleported")


def test_an_unknown_event_is_an_error_never_everyone() -> None:
    with pytest.raises(UnknownEvent):
        audience_of("amendment.teleported", {})
    with pytest.raises(UnknownEvent):
        audience_of("process.renamed", {})


def test_only_events_that_can_concern_a_draft_may_be_restricted() -> None:
    assert audience_of("amendment.carried", {"restricted": True, "delegation": 4}) == (
        Audience.DELEGATION, 4)
    assert audience_of("amendment.drafted", {"restricted": True, "delegation": 4}) == (
        Audience.DELEGATION, 4)
    with pytest.raises(UnknownEvent):
        audience_of("revision.published", {"restricted": True, "delegation": 4})


def test_audiences_of_the_events_people_receive() -> None:
    assert audience_of("amendment.submitted", {"delegation": 4}) == (Audience.AMENDMENTS, None)
    assert audience_of("working_copy.imported", {}) == (Audience.STAFF, None)
    assert audience_of("revision.published", {}) == (Audience.EVERYONE, None)


def test_nobody_receives_account_events() -> None:
    cofac = Actor(1, Role.CO_FACILITATOR)
    assert not may_receive(cofac, Audience.NOBODY, None, Phase.NEGOTIATION, ProcessSettings())
    assert "user.created" not in protocol.EVENT_TYPES


def test_the_protocol_lists_what_the_catalogue_sends() -> None:
    assert set(protocol.EVENT_TYPES) == {
        e.value for e, spec in CATALOGUE.items() if spec.audience is not Audience.NOBODY}
    assert {"amendment.carried", "working_copy.imported"} <= set(protocol.EVENT_TYPES)
    assert {"phase.changed", "participant.added", "process.configured",
            # Roles over time: what the person may see changes at once.
            "participant.removed", "participant.role_changed",
            "participant.focal_point_transferred"} <= protocol.RESUBSCRIBE_ON


def _recorded_actions() -> list[tuple[str, int, ast.expr]]:
    """The action argument of every history.record(...) and amendments' _record(...) call."""
    found = []
    for path in SERVER.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else (
                func.id if isinstance(func, ast.Name) else "")
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Name) else ""
            recording = (name, owner) == ("record", "history") or (
                name == "_record" and "amendments" in path.parts)
            if recording and len(node.args) >= 3:
                found.append((str(path.relative_to(SERVER)), node.lineno, node.args[2]))
    return found


def _members(expr: ast.expr) -> list[str] | None:
    """The EventType members ``expr`` can evaluate to, or None when it is something else."""
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and (
            expr.value.id == "EventType"):
        return [expr.attr]
    if isinstance(expr, ast.IfExp):
        body, orelse = _members(expr.body), _members(expr.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def test_every_recorded_action_is_a_member_of_the_catalogue() -> None:
    calls = _recorded_actions()
    assert len(calls) >= 25, "the scan finds the recording calls"
    for where, line, expr in calls:
        if isinstance(expr, ast.Name) and expr.id == "action":  # the recording helpers
            continue
        members = _members(expr)
        assert members is not None, f"{where}:{line} records {ast.unparse(expr)}"
        for member in members:
            assert member in EventType.__members__, f"{where}:{line}: {member}"
