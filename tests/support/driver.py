"""Driving the API as the participants of a negotiation would (Flask test client, real DB):
``Driver`` creates people, ``As`` makes requests as one of them, ``assert_error`` checks the
one error shape. The worlds they act in are built in ``tests.support.worlds``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

import server.features.auth.service as auth
from server.features.common.context import Ctx
from tests.support.mail import link_in, mailbox


@dataclass
class Reply:
    status: int
    body: Any
    content_type: str = ""

    @property
    def error(self) -> dict[str, Any]:
        assert isinstance(self.body, dict) and "error" in self.body, self.body
        error: dict[str, Any] = self.body["error"]
        return error


def assert_error(reply: Reply, status: int, code: str, *, details: dict[str, Any] | None = None,
                 message: str | None = None) -> dict[str, Any]:
    """The one error shape, ``{"error": {"code", "message", "details"}}``, with this status
    and code (and these details, a message containing ``message``); returns the error."""
    assert reply.status == status, (reply.status, reply.body)
    assert isinstance(reply.body, dict) and set(reply.body) == {"error"}, reply.body
    error: dict[str, Any] = reply.body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"].strip(), error
    assert isinstance(error["details"], dict), error
    if details is not None:
        assert error["details"] == details, error
    if message is not None:
        assert message in error["message"], error
    return error


class As:
    """Requests made with one person's bearer token."""

    def __init__(self, client: FlaskClient, token: str | None, name: str = "") -> None:
        self.client, self.token, self.name = client, token, name

    def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json", query: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Reply:
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = self.client.open("/api/v1" + path, method=method, data=data,
                                    content_type=content_type if data is not None else None,
                                    query_string=query, headers=sent)
        payload = response.get_json(silent=True) if response.data else None
        return Reply(response.status_code, payload, response.content_type or "")

    def get(self, path: str, **query: Any) -> Reply:
        return self.call("GET", path, query=query or None)

    def post(self, path: str, body: Any = None) -> Reply:
        return self.call("POST", path, body if body is not None else {})

    def patch(self, path: str, body: Any) -> Reply:
        return self.call("PATCH", path, body)

    def put(self, path: str, body: Any) -> Reply:
        return self.call("PUT", path, body)

    def ok(self, method: str, path: str, body: Any = None, status: int | None = None) -> Any:
        reply = self.call(method, path, body) if method != "GET" else self.get(path)
        expected = status or (201 if method == "POST" and reply.status == 201 else 200)
        assert reply.status == expected, (self.name, method, path, reply.status, reply.body)
        return reply.body


class Driver:
    def __init__(self, app: Flask) -> None:
        self.app = app
        # Invitations and reset links reach people by e-mail: the test SMTP server's.
        if not app.config.get("SMTP_URL"):
            app.config["SMTP_URL"] = mailbox().url
        self.client = app.test_client()
        self.anonymous = As(self.client, None, "anonymous")

    def user(self, email: str, *, admin: bool = False, password: str = "correct horse 1") -> As:
        """Create an account directly (as `accord user add` does) and a token for it."""
        with self.app.app_context():
            accord = self.app.extensions["accord"]
            ctx = Ctx(session=accord.sessions(), user=None, now=accord.clock)
            try:
                _, token = auth.create_account(
                    ctx, email=email, name=email.split("@")[0], password=password,
                    is_admin=admin, token_name="tests",
                    token_lifetime=timedelta(seconds=self.app.config["TOKEN_SECONDS"]))
            finally:
                ctx.session.close()
        return As(self.client, token, email.split("@")[0])

    def add(self, by: As, process_id: int, email: str, role: str,
            delegation: str | None = None, focal_point: bool = False,
            password: str = "correct horse 1") -> As:
        """``by`` invites ``email`` to ``role``; the invited person opens the link they were
        sent and accepts (choosing ``password`` if they have no account yet)."""
        body = {"email": email, "name": email.split("@")[0], "role": role,
                "focal_point": focal_point}
        if delegation:
            body["delegation"] = delegation
        since = mailbox().mark()
        by.ok("POST", f"/processes/{process_id}/participants", body, status=201)
        self.accept(email, since, password=password)
        fresh = self.app.test_client()
        fresh.post("/api/v1/auth/login", json={"email": email, "password": password})
        token = As(fresh, None, email.split("@")[0]).ok("POST", "/auth/tokens",
                                                         {"name": "tests"}, status=201)["token"]
        return As(self.client, token, email.split("@")[0])

    def accept(self, email: str, since: int, *, password: str = "correct horse 1") -> Any:
        """Accept the invitation mailed to ``email`` after ``since`` (signing in first when
        the address has an account); the answer's body."""
        _kind, token = link_in(mailbox().wait_for(email, since))
        person = As(self.app.test_client(), None, email.split("@")[0])
        details = person.ok("POST", "/invitations/inspect", {"token": token})
        if details["account_exists"]:
            person.ok("POST", "/auth/login", {"email": email, "password": password})
            return person.ok("POST", "/invitations/accept", {"token": token})
        return person.ok("POST", "/invitations/accept", {"token": token, "password": password})


def anonymous(api: Driver, token: str | None = None) -> As:
    """A client without the session cookie the driver's shared client carries."""
    return As(api.app.test_client(), token, "anonymous")
