"""Domain errors. The API maps each class to one HTTP status and one JSON error shape.

The core raises these; it never knows about HTTP. Each carries a stable machine-readable
``code``, a sentence for people and optional ``details`` (for a conflict, the current state).
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "domain_error"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details or {}


class NotFound(DomainError):
    """The thing named does not exist, or the actor may not know that it exists."""

    code = "not_found"


class Unauthenticated(DomainError):
    """No valid session or token came with the request."""

    code = "unauthenticated"


class Forbidden(DomainError):
    """The actor is known but this role may not do this, here, in this phase."""

    code = "forbidden"


class Invalid(DomainError):
    """Well-formed input that the negotiation's rules reject (unprocessable)."""

    code = "invalid"


class Conflict(DomainError):
    """The request is based on a state that is no longer current; ``details['current']``."""

    code = "conflict"


class StaleState(Conflict):
    """The client sent the version it worked from and it is not the current one."""

    code = "stale"
