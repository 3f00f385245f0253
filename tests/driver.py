"""Driving the API as the participants of a negotiation would (Flask test client, real DB)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from server.services import people
from server.services.context import Ctx


@dataclass
class Reply:
    status: int
    body: Any

    @property
    def error(self) -> dict[str, Any]:
        assert isinstance(self.body, dict) and "error" in self.body, self.body
        error: dict[str, Any] = self.body["error"]
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
        return Reply(response.status_code, payload)

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


@dataclass
class World:
    """A process in negotiation with a published zero draft of six units."""

    process_id: int
    document_id: int
    revision_id: int
    people: dict[str, As] = field(default_factory=dict)
    driver: Any = None

    def __getitem__(self, name: str) -> As:
        return self.people[name]

    @property
    def p(self) -> str:
        return f"/processes/{self.process_id}"

    @property
    def d(self) -> str:
        return f"/documents/{self.document_id}"

    def working_version(self) -> int:
        version: int = self["cofac"].ok("GET", f"{self.d}/working-copy")["version"]
        return version

    def propose(self, who: str = "mex", unit: str = "op1", kind: str = "change_words",
                text: str | None = "We commit to cooperate on safe, dignified and "
                                   "sustainable return.", submit: bool = True,
                **extra: Any) -> dict[str, Any]:
        body = {"revision_id": self.revision_id, "unit": unit, "kind": kind, "text": text,
                "submit": submit, **extra}
        if text is None:
            body.pop("text")
        reply = self[who].post(f"{self.p}/amendments", body)
        assert reply.status == 201, reply.body
        result: dict[str, Any] = reply.body
        return result

    def set_phase(self, phase: str) -> None:
        current = self["cofac"].ok("GET", self.p)["phase"]
        if current == phase:
            return
        reply = self["cofac"].post(f"{self.p}/phase", {"phase": phase,
                                                       "reason": "Testing every phase."})
        assert reply.status == 200, reply.body


ZERO_DRAFT = [
    {"key": "pre", "kind": "preamble", "heading": "Preamble"},
    {"key": "pp1", "kind": "paragraph", "parent": "pre", "number": "1",
     "text": "We, the Heads of State and Government, have gathered to affirm our resolve."},
    {"key": "obj1", "kind": "section", "heading": "Objective 1: Cooperate on return"},
    {"key": "op1", "kind": "paragraph", "parent": "obj1", "number": "2",
     "text": "We commit to cooperate on safe and dignified return [and regional] frameworks."},
    {"key": "op1a", "kind": "subparagraph", "parent": "op1", "number": "(a)",
     "text": "Develop bilateral frameworks for return;"},
    {"key": "op2", "kind": "paragraph", "parent": "obj1", "number": "3",
     "text": "We further commit to review progress every four years."},
]


class Driver:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client = app.test_client()
        self.anonymous = As(self.client, None, "anonymous")

    def user(self, email: str, *, admin: bool = False, password: str = "correct horse 1") -> As:
        """Create an account directly (as `accord user add` does) and a token for it."""
        with self.app.app_context():
            ctx = Ctx(session=self.app.extensions["accord"].sessions(), user=None)
            try:
                account = people.create_user(ctx, email=email, name=email.split("@")[0],
                                             password=password, is_admin=admin)
                token = people.issue_token(ctx, account, "tests")
                ctx.commit()
            finally:
                ctx.session.close()
        return As(self.client, token, email.split("@")[0])

    def add(self, by: As, process_id: int, email: str, role: str,
            delegation: str | None = None, focal_point: bool = False) -> As:
        body = {"email": email, "name": email.split("@")[0], "role": role,
                "focal_point": focal_point, "password": "correct horse 1"}
        if delegation:
            body["delegation"] = delegation
        by.ok("POST", f"/processes/{process_id}/participants", body, status=201)
        fresh = self.app.test_client()
        fresh.post("/api/v1/auth/login", json={"email": email, "password": "correct horse 1"})
        token = As(fresh, None, email.split("@")[0]).ok("POST", "/auth/tokens",
                                                         {"name": "tests"}, status=201)["token"]
        return As(self.client, token, email.split("@")[0])

    def world(self, *, phase: str = "negotiation") -> World:
        admin = self.user("admin@accord.example", admin=True)
        process = admin.ok("POST", "/processes", {
            "slug": "compact", "title": "Compact on Human Mobility",
            "clusters": [{"key": "rights", "name": "Human rights of all migrants"},
                         {"key": "drivers", "name": "Drivers of migration"}]}, status=201)
        pid = process["id"]
        cofac = self.add(admin, pid, "cofac@accord.example", "co_facilitator")
        people_: dict[str, As] = {"admin": admin, "cofac": cofac}
        people_["cofac2"] = self.add(cofac, pid, "cofac2@accord.example", "co_facilitator")
        people_["sec"] = self.add(cofac, pid, "sec@accord.example", "secretariat")
        for code, name in [("MEX", "Mexico"), ("CHE", "Switzerland"), ("NGA", "Nigeria"),
                           ("EGY", "Egypt")]:
            cofac.ok("POST", f"/processes/{pid}/delegations",
                     {"code": code, "name": name, "kind": "state"}, status=201)
        cofac.ok("POST", f"/processes/{pid}/delegations",
                 {"code": "AFRICAN_GROUP", "name": "African Group", "kind": "group",
                  "members": ["NGA", "EGY"]}, status=201)
        for who, code in [("mex", "MEX"), ("che", "CHE"), ("nga", "NGA"),
                          ("afg", "AFRICAN_GROUP")]:
            people_[who] = self.add(cofac, pid, f"{who}@accord.example", "delegate", code,
                                    focal_point=True)
        people_["obs"] = self.add(cofac, pid, "obs@accord.example", "observer")
        people_["outsider"] = self.user("outsider@accord.example")
        cofac.ok("POST", f"/processes/{pid}/phase", {"phase": "stocktaking"})
        draft = cofac.ok("POST", f"/processes/{pid}/documents",
                         {"title": "Compact on Human Mobility", "units": ZERO_DRAFT},
                         status=201)
        published = cofac.ok("POST", f"/documents/{draft['document_id']}/revisions",
                             {"base_version": draft["version"]}, status=201)
        world = World(pid, draft["document_id"], published["revision"]["id"], people_, self)
        world.set_phase(phase)
        return world
