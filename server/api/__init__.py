"""The JSON API under /api/v1: thin handlers that parse, call a service, serialise."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request

from server.api import errors
from server.api.context import UNSAFE, check_same_origin, close_session, current_user

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate() -> None:
    if request.method in UNSAFE:
        # The whole body first: a slow client must never hold a database transaction open
        # while the server waits for its bytes.
        request.get_data()
    current_user()
    check_same_origin()


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this API, built from the code."""
    from server import VERSION
    from server.api.openapi import build_document

    return jsonify(build_document(VERSION))


def register(app: Flask) -> None:
    from server.api.routes import (  # noqa: F401
        amendments,
        auth,
        dashboard,
        documents_io,
        engine,
        processes,
        silence,
        text,
    )

    app.register_blueprint(bp)
    app.teardown_appcontext(close_session)
    errors.register(app)
