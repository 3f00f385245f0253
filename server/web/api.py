"""The JSON API under /api/v1: one parent blueprint per app that authenticates every request,
serves the OpenAPI document, and mounts each feature's blueprint."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from server.web import errors
from server.web.context import UNSAFE, check_same_origin, close_session, current_user
from server.web.routing import API_PREFIX, CACHED_READS, LARGE_BODIES


def _authenticate() -> None:
    if request.endpoint in LARGE_BODIES:  # a file upload: its own, larger limit
        request.max_content_length = current_app.config["IMPORT_MAX_BODY_BYTES"]
    if request.method in UNSAFE:
        # The whole body first: a slow client must never hold a database transaction open
        # while the server waits for its bytes.
        request.get_data()
    elif request.endpoint in CACHED_READS:
        return  # authenticated by its handler, with what it reads (server/web/cache.py)
    current_user()
    check_same_origin()


def openapi() -> Response:
    """The OpenAPI 3.1 description of this API, built from the code."""
    from server.version import VERSION
    from server.web.openapi import build_document

    return jsonify(build_document(VERSION))


def register(app: Flask, features: list[Blueprint]) -> None:
    """Mount ``features`` (their routes relative to /api/v1) and the one error path.

    The parent blueprint is made for each app (the test suite builds many apps); the
    features' blueprints are shared, their routes being declared once at import.
    """
    api = Blueprint("api", __name__, url_prefix=API_PREFIX)
    api.before_request(_authenticate)
    api.add_url_rule("/openapi.json", endpoint="openapi", view_func=openapi, methods=["GET"])
    for feature in features:
        api.register_blueprint(feature)
    app.register_blueprint(api)
    app.teardown_appcontext(close_session)
    errors.register(app)
