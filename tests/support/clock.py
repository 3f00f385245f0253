"""The clock the app reads in tests (``app.extensions["accord"].clock``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class Clock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
