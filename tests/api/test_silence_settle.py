"""An unbroken silence procedure is recorded as agreed once its deadline passes, once."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from server.features.common.context import Ctx
from server.features.silence.service import settle_due
from tests.support.clock import Clock
from tests.support.worlds import World


def _settle(app: Flask, clock: Clock) -> list[int]:
    accord = app.extensions["accord"]
    with app.app_context():
        ctx = Ctx(session=accord.sessions(), user=None, now=clock, publish=accord.publish)
        try:
            return settle_due(ctx)
        finally:
            ctx.session.close()


def test_agreed_at_the_deadline_recorded_once(world: World, app: Flask, clock: Clock) -> None:
    cofac = world["cofac"]
    started = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=72)).isoformat()}, status=201)
    assert _settle(app, clock) == []  # still running
    clock.advance(hours=72)
    assert _settle(app, clock) == [started["id"]]
    assert _settle(app, clock) == []  # recorded once
    log = cofac.ok("GET", f"{world.p}/log?limit=1000")
    agreed = [e for e in log if e["action"] == "silence.agreed"]
    assert [e["subject"] for e in agreed] == [f"silence:{started['id']}"]
    assert agreed[0]["actor_id"] is None
    assert cofac.ok("GET", f"/silence/{started['id']}")["state"] == "agreed"
    # The phase may change again once silence no longer runs.
    assert cofac.post(f"{world.p}/phase", {"phase": "concluded"}).status == 200


def test_a_broken_procedure_is_never_recorded_as_agreed(world: World, app: Flask,
                                                         clock: Clock) -> None:
    started = world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    world["mex"].ok("POST", f"/silence/{started['id']}/break",
                    {"reason": "Mexico cannot join consensus on paragraph 2."})
    clock.advance(hours=100)
    assert _settle(app, clock) == []
    assert world["cofac"].ok("GET", f"/silence/{started['id']}")["state"] == "broken"
