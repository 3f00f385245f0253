"""What every ``accord`` sub-command shares: the app, and a unit of work outside a request."""

from __future__ import annotations

from flask import Flask

from server.features.common.context import Ctx


def make_app() -> Flask:
    """The app with the environment's configuration (as ``accord serve`` runs it)."""
    from server import create_app

    return create_app()


def unit_of_work(app: Flask) -> Ctx:
    """A context with its own database session and nobody signed in (the caller closes it)."""
    return Ctx(session=app.extensions["accord"].sessions(), user=None)
