"""The one error path: every failure becomes {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, g, jsonify, request
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from server.core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    Unauthenticated,
)
from server.web.context import db_session, forget_transaction

log = logging.getLogger(__name__)

STATUS: list[tuple[type[DomainError], int]] = [
    (NotFound, 404), (Unauthenticated, 401), (Forbidden, 403), (Conflict, 409), (Invalid, 422),
]

#: Seconds a client is asked to wait before retrying when the database is unavailable.
RETRY_AFTER = 2


class CommitUnconfirmed(Exception):
    """The COMMIT was sent and no answer came (the connection was lost): the write may or may
    not be stored. Only a retry with the same Idempotency-Key can tell."""


def unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the database could not be reached or went away (rather than
    refusing a statement)."""
    if isinstance(error, (DisconnectionError, PoolTimeout, OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid", 429: "too_many_requests",
              503: "unavailable"}


def error_response(status: int, code: str, message: str,
                   details: dict[str, Any] | None = None) -> tuple[Response, int]:
    return jsonify({"error": {"code": code, "message": message, "details": details or {}}}), \
        status


#: How a feature shows the current state of one of its objects in a 409 (the row's class ->
#: its JSON form); filled by the features' presenters with :func:`presents_conflicts`.
CONFLICT_PRESENTERS: dict[type[Any], Callable[[Any], dict[str, Any]]] = {}
T = TypeVar("T")


def presents_conflicts(row_class: type[T]) -> Callable[
        [Callable[[T], dict[str, Any]]], Callable[[T], dict[str, Any]]]:
    """Register the function that shows a ``row_class`` object carried by a conflict."""
    def register_presenter(present: Callable[[T], dict[str, Any]]
                           ) -> Callable[[T], dict[str, Any]]:
        CONFLICT_PRESENTERS[row_class] = present
        return present

    return register_presenter


def _present(details: dict[str, Any]) -> dict[str, Any]:
    """Conflicts carry the current object; show it as the API shows it."""
    current = details.get("current")
    present = CONFLICT_PRESENTERS.get(type(current))
    if present is not None:
        details = dict(details)
        details["current"] = present(current)
    return details


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError) -> tuple[Response, int]:
        forget_transaction(db_session())
        status = next((code for cls, code in STATUS if isinstance(error, cls)), 400)
        return error_response(status, error.code, error.message, _present(error.details))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response, int]:
        status = error.code or 500
        message = error.description or error.name
        if status == 413:
            limit = request.max_content_length or app.config['MAX_CONTENT_LENGTH']
            message = f"The body is larger than the {limit} bytes accepted."
        response, status = error_response(status, HTTP_CODES.get(status, "http_error"), message)
        # A throttled client is told when to try again (429 and 503 carry Retry-After).
        for name, value in error.get_headers():
            if name == "Retry-After":
                response.headers[name] = value
        return response, status

    @app.errorhandler(CommitUnconfirmed)
    def unconfirmed(error: CommitUnconfirmed) -> tuple[Response, int]:
        log.warning("the database did not confirm a commit", exc_info=error.__cause__)
        forget_transaction(db_session())
        response, status = error_response(
            503, "unconfirmed", "The database did not confirm your change: it may or may not "
            "have been saved. Retry with the same Idempotency-Key to find out (the first "
            "answer comes back if it was saved), or reload.")
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response, status

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response, int]:
        forget_transaction(db_session())
        if g.get("committed"):  # the change is stored: never say otherwise
            log.exception("failed after the commit", exc_info=error)
            return error_response(500, "internal", "Your change was saved, but its answer "
                                                   "could not be made; reload to see it.")
        if unreachable(error):
            log.warning("the database is unavailable: %s", error)
            response, status = error_response(
                503, "unavailable", "The database is unavailable; nothing was changed. Try "
                "again in a moment.")
            response.headers["Retry-After"] = str(RETRY_AFTER)
            return response, status
        log.exception("unhandled error", exc_info=error)
        return error_response(500, "internal", "Something went wrong on our side; nothing was "
                                               "changed.")
