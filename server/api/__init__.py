"""The JSON API under /api/v1: thin handlers that parse, call a service, serialise."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify

from server.api import errors
from server.api.context import check_same_origin, close_session, current_user

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def _authenticate() -> None:
    current_user()
    check_same_origin()


def register(app: Flask, version: str) -> None:
    from server.api.openapi import build_document
    from server.api.routes import amendments, auth, processes, silence, text  # noqa: F401

    @bp.get("/openapi.json")
    def openapi() -> object:
        """The OpenAPI 3.1 description of this API, built from the code."""
        return jsonify(build_document(version))

    app.register_blueprint(bp)
    app.teardown_appcontext(close_session)
    errors.register(app)
