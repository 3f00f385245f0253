"""The immediate mail's outbox is written only when someone taking part in the process
chose immediate mail (issue 15, writes near the floor): otherwise a write costs the outbox
nothing and wakes no sender; once someone chooses it, each new item is queued and mailed."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from server.features.inbox.outbox import Sender
from server.models import MailOutbox
from tests.support.mail import mailbox
from tests.support.worlds import World


def _rows(app: Flask) -> int:
    with app.extensions["accord"].sessions() as session:
        return session.scalar(select(func.count()).select_from(MailOutbox)) or 0


def _wakes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    woken: list[int] = []
    real = Sender.wake

    def wake(self: Sender) -> None:
        woken.append(1)
        real(self)

    monkeypatch.setattr(Sender, "wake", wake)
    return woken


def test_nobody_wanting_immediate_mail_writes_no_outbox_row(
        world: World, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    app.extensions["accord.outbox"].stop()  # rows would stay: nothing drains them
    woken = _wakes(monkeypatch)
    before = _rows(app)
    world.propose("mex", unit="op1", text="Nigeria and Switzerland agree.")
    assert _rows(app) == before and not woken


def test_once_someone_wants_it_each_write_is_queued_and_mailed(
        world: World, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    world["nga"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    assert app.extensions["accord.outbox"].settle()
    since = mailbox().mark()
    woken = _wakes(monkeypatch)
    world.propose("mex", unit="op1", text="Nigeria and Switzerland agree.")
    assert woken
    assert mailbox().wait_for("nga@accord.example", since) is not None


def test_an_outbox_row_waits_for_its_sender(world: World, app: Flask) -> None:
    world["che"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    sender: Any = app.extensions["accord.outbox"]
    assert sender.settle()
    sender.stop()
    before = _rows(app)
    world.propose("mex", unit="op2", text="Switzerland reviews it.")
    assert _rows(app) == before + 1
