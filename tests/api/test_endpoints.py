"""Every endpoint of the OpenAPI document on its happy path, with the data it returns.

Each request made through ``As.call`` in this module is recorded; the last test checks that
every operation of the OpenAPI document was answered with its documented success status.
"""

from __future__ import annotations

import base64
import itertools
import os
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from flask.testing import FlaskClient

from config import TestConfig
from server import create_app
from server.web.routing import REGISTRY, openapi_path
from tests.support.clock import Clock
from tests.support.driver import As, Driver
from tests.support.mail import link_in, mailbox
from tests.support.views import without_actions
from tests.support.worlds import ZERO_DRAFT, World, build_world

API = "/api/v1"
OP1_TEXT = "We commit to cooperate on safe and dignified return [and regional] frameworks."


# ---- recording which documented operations were exercised ---------------------------------

def _templates() -> list[tuple[str, re.Pattern[str], str]]:
    found = []
    for op in REGISTRY.operations:
        path, _ = openapi_path(op.rule)
        pattern = re.compile(re.sub(r"\{\w+\}", "[^/]+", re.escape(path).replace(r"\{", "{")
                                    .replace(r"\}", "}")) + "$")
        found.append((op.method.upper(), pattern, path))
    return found


TEMPLATES: list[tuple[str, re.Pattern[str], str]] = []
#: (METHOD, OpenAPI path, status) of every 2xx answer seen in this module.
EXERCISED: set[tuple[str, str, int]] = set()


@pytest.fixture(autouse=True)
def _record_operations(monkeypatch: pytest.MonkeyPatch) -> None:
    original = As.call

    def call(self: As, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        reply = original(self, method, path, body, **kwargs)
        if not TEMPLATES:  # the registry is complete once an app has answered
            TEMPLATES.extend(_templates())
        if 200 <= reply.status < 300:
            full = API + path.split("?")[0]
            for verb, pattern, template in TEMPLATES:
                if verb == method.upper() and pattern.match(full):
                    EXERCISED.add((verb, template, reply.status))
        return reply

    monkeypatch.setattr(As, "call", call)


# ---- helpers ---------------------------------------------------------------------------------

def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def me(person: As) -> dict[str, Any]:
    body: dict[str, Any] = person.ok("GET", "/auth/me")
    return body


def fresh(api: Driver) -> tuple[FlaskClient, As]:
    """A client with no cookie and no token (the driver's shared client holds a session)."""
    client = api.app.test_client()
    return client, As(client, None, "fresh")


def last_log(world: World, action: str) -> dict[str, Any]:
    entries = world["cofac"].get(f"{world.p}/log", limit=1000).body
    matching = [e for e in entries if e["action"] == action]
    assert matching, (action, [e["action"] for e in entries])
    entry: dict[str, Any] = matching[-1]
    return entry


def units_by_key(revision: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["key"]: u for u in revision["units"]}


# ---- the document itself -----------------------------------------------------------------


def test_openapi_document_matches_the_registered_routes(sqlite_url: str) -> None:
    app = create_app(TestConfig(sqlite_url))
    try:
        reply = app.test_client().get(API + "/openapi.json")
        assert reply.status_code == 200
        document = reply.get_json()
        assert document["openapi"] == "3.1.0"
        assert document["info"]["title"] == "Accord API"
        documented = {(method.upper(), path) for path, methods in document["paths"].items()
                      for method in methods}
        registered: set[tuple[str, str]] = set()
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith(API + "/"):
                continue
            # The document does not describe its own URL.
            if rule.rule == API + "/openapi.json":
                continue
            path, _ = openapi_path(rule.rule)
            for method in rule.methods or ():
                if method not in ("HEAD", "OPTIONS"):
                    registered.add((method, path))
        assert documented == registered, {"documented only": documented - registered,
                                          "registered only": registered - documented}
        assert ("POST", "/api/v1/processes/{process_id}/amendments") in documented
        assert ("GET", "/api/v1/documents/{document_id}/diff") in documented
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                successes = [code for code in operation["responses"] if code.startswith("2")]
                assert len(successes) == 1, (method, path, operation["responses"])
                if "{" in path:
                    names = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
                    assert names == set(re.findall(r"\{(\w+)\}", path)), (method, path)
                content = operation.get("requestBody", {}).get("content", {})
                if "application/json" in content:
                    ref = content["application/json"]["schema"]["$ref"]
                    assert ref.split("/")[-1] in document["components"]["schemas"]
                    for code in ("400", "413", "415", "422"):
                        assert code in operation["responses"], (method, path, code)
                if path.endswith("/upload"):  # the fields beside the file, and the file
                    form = content["multipart/form-data"]["schema"]
                    assert form["properties"]["file"]["format"] == "binary", path
                    assert {"file", "format"} <= set(form["required"]), path
                    for code in ("413", "415", "422"):
                        assert code in operation["responses"], (method, path, code)
                if operation.get("security"):
                    assert "401" in operation["responses"], (method, path)
        assert document["paths"]["/api/v1/auth/login"]["post"].get("security") is None
    finally:
        app.extensions["accord"].engine.dispose()


def test_the_catalogue_names_every_code_with_its_words(api: Driver) -> None:
    """The browser's words come from here: anyone may read it, signed in or not."""
    catalogue = api.anonymous.ok("GET", "/catalogue")
    events = {e["type"]: e for e in catalogue["events"]}
    assert events["amendment.submitted"] == {
        "type": "amendment.submitted",
        "sentence": "A delegation submitted an amendment to a paragraph.",
        "many": "{count} amendments were submitted.", "audience": "amendments"}
    assert events["working_copy.imported"]["audience"] == "staff"
    assert "amendment.carried" in events and "user.created" not in events
    assert [p["code"] for p in catalogue["phases"]] == [
        "consultation", "stocktaking", "negotiation", "concluded"]
    kinds = {k["code"]: k["carries_text"] for k in catalogue["amendment_kinds"]}
    assert kinds == {"change_words": True, "add_unit": True, "delete_unit": False,
                     "alternative": True, "retain": False, "reservation": False}
    assert [d["code"] for d in catalogue["decisions"]] == [
        "reflected", "merged", "not_reflected"]
    assert {"code": "agreed_ad_ref", "label": "Agreed ad ref"} in catalogue["unit_statuses"]


def test_openapi_document_validates_as_openapi_3_1(sqlite_url: str) -> None:
    try:
        from openapi_spec_validator import validate
    except ImportError:
        pytest.skip("openapi-spec-validator is not installed")
    app = create_app(TestConfig(sqlite_url))
    try:
        document = app.test_client().get(API + "/openapi.json").get_json()
    finally:
        app.extensions["accord"].engine.dispose()
    validate(document)


# ---- sign-in ---------------------------------------------------------------------------------


def test_login_session_me_tokens_and_logout(api: Driver) -> None:
    api.user("ana@accord.example", password="correct horse 1")
    client, browser = fresh(api)
    wrong = browser.post("/auth/login", {"email": "ana@accord.example",
                                         "password": "wrong horse 1"})
    assert wrong.status == 401 and wrong.error["code"] == "unauthenticated"
    assert browser.get("/auth/me").status == 401

    response = client.post(API + "/auth/login", json={"email": " Ana@Accord.example",
                                                       "password": "correct horse 1"})
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    signed_in = response.get_json()
    assert signed_in["user"]["email"] == "ana@accord.example"
    assert signed_in["user"]["name"] == "ana"
    assert signed_in["user"]["is_admin"] is False
    assert signed_in["memberships"] == []
    # Recorded through the driver too, so the coverage check sees it.
    assert browser.ok("POST", "/auth/login", {"email": "ana@accord.example",
                                              "password": "correct horse 1"}) == signed_in

    assert browser.ok("GET", "/auth/me") == signed_in
    issued = browser.ok("POST", "/auth/tokens", {"name": "script"}, status=201)
    assert issued["name"] == "script"
    assert issued["token"].startswith("acc_") and len(issued["token"]) > 40
    second = browser.ok("POST", "/auth/tokens", {"name": "second"}, status=201)
    assert second["token"] != issued["token"]

    by_token = As(api.app.test_client(), issued["token"], "ana-script")
    assert by_token.ok("GET", "/auth/me")["user"]["id"] == signed_in["user"]["id"]

    by_second = As(api.app.test_client(), second["token"], "ana-second")
    assert by_second.ok("GET", "/auth/me")["user"]["id"] == signed_in["user"]["id"]
    other = api.user("bob@accord.example")
    foreign = other.post("/auth/tokens/revoke", {"token": second["token"]})
    assert foreign.status == 404 and foreign.error["code"] == "not_found"
    assert by_second.get("/auth/me").status == 200
    revoked = browser.post("/auth/tokens/revoke", {"token": second["token"]})
    assert revoked.status == 204 and revoked.body is None
    refused = by_second.get("/auth/me")
    assert refused.status == 401 and refused.error["code"] == "unauthenticated"
    assert browser.post("/auth/tokens/revoke", {"token": second["token"]}).status == 404

    logout = browser.post("/auth/logout")
    assert logout.status == 204 and logout.body is None
    gone = browser.get("/auth/me")
    assert gone.status == 401 and gone.error["code"] == "unauthenticated"
    # Signing out of the browser does not revoke the script's token.
    assert by_token.ok("GET", "/auth/me")["user"]["email"] == "ana@accord.example"


# ---- processes and phases ----------------------------------------------------------------


def test_create_list_and_get_processes(api: Driver) -> None:
    admin = api.user("root@accord.example", admin=True)
    created = admin.ok("POST", "/processes", {
        "slug": "ocean-treaty", "title": "Treaty on the High Seas",
        "clusters": [{"key": "mgr", "name": "Marine genetic resources"},
                     {"key": "abmt", "name": "Area-based management tools"}],
        "observers_see_amendments_in": ["negotiation", "concluded"]}, status=201)
    assert isinstance(created["id"], int)
    assert created["slug"] == "ocean-treaty"
    assert created["title"] == "Treaty on the High Seas"
    assert created["phase"] == "consultation"
    assert created["clusters"] == [{"key": "mgr", "name": "Marine genetic resources"},
                                   {"key": "abmt", "name": "Area-based management tools"}]
    assert created["observers_see_amendments_in"] == ["negotiation", "concluded"]
    assert created["your_role"] is None and created["your_delegation"] is None
    second = admin.ok("POST", "/processes", {"slug": "plastics", "title": "Plastics"},
                      status=201)
    assert second["clusters"] == [] and second["observers_see_amendments_in"] == []

    listed = admin.ok("GET", "/processes")
    assert [p["slug"] for p in listed] == ["ocean-treaty", "plastics"]
    assert listed[0] == created

    cofac = api.add(admin, created["id"], "chair@accord.example", "co_facilitator")
    mine = cofac.ok("GET", "/processes")
    assert [p["id"] for p in mine] == [created["id"]]
    assert mine[0]["your_role"] == "co_facilitator"
    got = cofac.ok("GET", f"/processes/{created['id']}")
    assert got == mine[0]
    assert got["clusters"] == created["clusters"]

    nobody = api.user("nobody@accord.example")
    assert nobody.ok("GET", "/processes") == []


def test_administrator_reads_the_process_it_opened(api: Driver) -> None:
    """GET /processes lists every process for an administrator; GET /processes/{id} on one of
    them must then answer it too (your_role null), not 404."""
    admin = api.user("root@accord.example", admin=True)
    created = admin.ok("POST", "/processes", {"slug": "ocean-treaty", "title": "High Seas"},
                       status=201)
    assert [p["id"] for p in admin.ok("GET", "/processes")] == [created["id"]]
    reply = admin.get(f"/processes/{created['id']}")
    assert reply.status == 200, reply.body
    assert reply.body == created


def test_roles_and_phase_changes_forward_and_back(world: World) -> None:
    roles = {name: world[name].ok("GET", world.p) for name in ("cofac", "sec", "mex", "afg",
                                                                "obs")}
    assert {n: (r["your_role"], r["your_delegation"]) for n, r in roles.items()} == {
        "cofac": ("co_facilitator", None), "sec": ("secretariat", None),
        "mex": ("delegate", "MEX"), "afg": ("delegate", "AFRICAN_GROUP"),
        "obs": ("observer", None)}
    assert roles["mex"]["phase"] == "negotiation"
    assert roles["mex"]["slug"] == "compact"
    assert [c["key"] for c in roles["mex"]["clusters"]] == ["rights", "drivers"]

    cofac_id = me(world["cofac"])["user"]["id"]
    reason = "The stocktaking summary must be redone."
    back = world["cofac"].ok("POST", f"{world.p}/phase", {"phase": "stocktaking",
                                                          "reason": reason})
    assert back["phase"] == "stocktaking" and back["your_role"] == "co_facilitator"
    entry = last_log(world, "phase.changed")
    assert entry["payload"] == {"from": "negotiation", "to": "stocktaking", "backwards": True,
                                "reason": reason}
    assert entry["actor_id"] == cofac_id
    assert entry["subject"] == f"process:{world.process_id}"

    forward = world["cofac"].ok("POST", f"{world.p}/phase", {"phase": "negotiation",
                                                             "expected_phase": "stocktaking"})
    assert forward["phase"] == "negotiation"
    entry = last_log(world, "phase.changed")
    assert entry["payload"] == {"from": "stocktaking", "to": "negotiation", "backwards": False,
                                "reason": ""}
    assert world["obs"].ok("GET", world.p)["phase"] == "negotiation"
    concluded = world["cofac"].ok("POST", f"{world.p}/phase", {"phase": "concluded"})
    assert concluded["phase"] == "concluded"
    # Back over two phases at once is allowed with a reason.
    reopened = world["cofac"].ok("POST", f"{world.p}/phase",
                                 {"phase": "consultation", "reason": "Reopening consultations."})
    assert reopened["phase"] == "consultation"
    assert last_log(world, "phase.changed")["payload"]["backwards"] is True


# ---- delegations and participants --------------------------------------------------------


def test_delegations_and_participants(world: World, api: Driver, clock: Clock) -> None:
    delegations = world["obs"].ok("GET", f"{world.p}/delegations")
    assert [(d["code"], d["name"], d["kind"], d["members"]) for d in delegations] == [
        ("AFRICAN_GROUP", "African Group", "group", ["EGY", "NGA"]),
        ("EGY", "Egypt", "state", []),
        ("MEX", "Mexico", "state", []),
        ("NGA", "Nigeria", "state", []),
        ("CHE", "Switzerland", "state", []),
    ]
    eu = world["cofac"].ok("POST", f"{world.p}/delegations",
                           {"code": "EU", "name": "European Union", "kind": "organisation"},
                           status=201)
    assert (eu["code"], eu["name"], eu["kind"], eu["members"]) == (
        "EU", "European Union", "organisation", [])
    coalition = world["cofac"].ok("POST", f"{world.p}/delegations",
                                  {"code": "FRIENDS", "name": "Friends of Migration",
                                   "kind": "group", "members": ["MEX", "CHE"]}, status=201)
    assert coalition["members"] == ["CHE", "MEX"] and coalition["kind"] == "group"
    again = {d["code"]: d for d in world["mex"].ok("GET", f"{world.p}/delegations")}
    assert again["FRIENDS"]["members"] == ["CHE", "MEX"]
    assert again["EU"]["id"] == eu["id"]
    assert len(again) == 7
    members = f"{world.p}/delegations/{coalition['id']}/members"
    joined = world["cofac"].ok("POST", members, {"delegation_id": again["EGY"]["id"]},
                               status=201)
    assert joined["members"] == ["CHE", "EGY", "MEX"]
    left = world["cofac"].ok("DELETE", f"{members}/{again['MEX']['id']}")
    assert left["members"] == ["CHE", "EGY"]

    participants = world["mex"].ok("GET", f"{world.p}/participants")
    seen = {p["email"]: p for p in participants}
    assert seen["cofac@accord.example"]["role"] == "co_facilitator"
    assert seen["sec@accord.example"]["role"] == "secretariat"
    assert (seen["afg@accord.example"]["delegation"], seen["afg@accord.example"]["focal_point"]
            ) == ("AFRICAN_GROUP", True)
    assert seen["obs@accord.example"]["delegation"] is None
    assert "outsider@accord.example" not in seen
    assert all("initial_password" not in p for p in participants)
    assert len(participants) == 8
    # What the asking person may do to each: a focal point, only to its own plain delegates.
    assert all(p["actions"] == [] for p in participants)
    by_cofac = {p["email"]: p for p in world["cofac"].ok("GET", f"{world.p}/participants")}
    assert by_cofac["sec@accord.example"]["actions"] == ["remove", "change_role"]
    assert by_cofac["mex@accord.example"]["actions"] == ["remove", "change_role"]

    # A focal point invites a delegate of its own delegation: the answer says "invited", the
    # person chooses their own password when they accept the link they were sent.
    since = mailbox().mark()
    invited = world["mex"].ok("POST", f"{world.p}/participants",
                              {"email": "Mex2@Accord.example", "name": "Second Mexican",
                               "role": "delegate", "delegation": "MEX"}, status=201)
    assert {k: v for k, v in invited.items() if k not in ("id", "expires_at")} == {
        "email": "mex2@accord.example", "process_id": world.process_id, "role": "delegate",
        "delegation": "MEX", "focal_point": False, "administrator": False,
        "status": "invited"}
    assert when(invited["expires_at"]) == clock.now + timedelta(days=7)
    letter = mailbox().wait_for("mex2@accord.example", since)
    assert "Compact on Human Mobility" in letter["Subject"]
    kind, token = link_in(letter)
    assert kind == "invitation"
    _client, newcomer = fresh(api)
    details = newcomer.ok("POST", "/invitations/inspect", {"token": token})
    assert details == {
        "email": "mex2@accord.example", "process_id": world.process_id,
        "process_title": "Compact on Human Mobility", "role": "delegate", "delegation": "MEX",
        "delegation_name": "Mexico", "focal_point": False, "administrator": False,
        "invited_by": "mex", "expires_at": invited["expires_at"], "account_exists": False,
        "signed_in_as_invitee": False, "proposed_name": "Second Mexican"}
    accepted = newcomer.ok("POST", "/invitations/accept",
                           {"token": token, "password": "my own password 2",
                            "name": "Segundo"})
    assert accepted["account_created"] is True and accepted["role"] == "delegate"
    assert (accepted["user"]["name"], accepted["delegation"]) == ("Segundo", "MEX")
    signed_in = newcomer.ok("POST", "/auth/login", {"email": "mex2@accord.example",
                                                    "password": "my own password 2"})
    assert signed_in["memberships"] == [{"process_id": world.process_id, "role": "delegate",
                                         "delegation": "MEX", "focal_point": False}]
    listed = {p["email"]: p for p in world["mex"].ok("GET", f"{world.p}/participants")}
    mex2 = listed["mex2@accord.example"]
    assert mex2["user_id"] == accepted["user"]["id"]
    assert mex2["actions"] == ["remove", "make_focal_point"]

    # An existing account is invited the same way, and takes part only once its owner
    # accepts; the answer does not say whose account it is.
    since = mailbox().mark()
    existing = world["cofac"].ok("POST", f"{world.p}/participants",
                                 {"email": "outsider@accord.example", "name": "Ignored",
                                  "role": "secretariat"}, status=201)
    assert existing["status"] == "invited" and "name" not in existing
    assert world["outsider"].get(world.p).status == 404
    api.accept("outsider@accord.example", since)
    assert world["outsider"].ok("GET", world.p)["your_role"] == "secretariat"
    # A co-facilitator invites another co-facilitator; the invited person declines.
    since = mailbox().mark()
    world["cofac"].ok("POST", f"{world.p}/participants",
                      {"email": "chair3@accord.example", "name": "Third chair",
                       "role": "co_facilitator"}, status=201)
    _kind, token = link_in(mailbox().wait_for("chair3@accord.example", since))
    assert api.anonymous.call("POST", "/invitations/decline", {"token": token}).status == 204
    assert api.anonymous.call("POST", "/invitations/inspect", {"token": token}).status == 404
    assert last_log(world, "participant.invitation_declined")["payload"] == {}


def test_roles_over_time(world: World, api: Driver) -> None:
    """Remove a participant, change a role, hand the focal point on: each at once, each in
    the history."""
    cofac = world["cofac"]
    mex2 = api.add(world["mex"], world.process_id, "mex2@accord.example", "delegate", "MEX")
    ids = {p["email"]: p["id"] for p in cofac.ok("GET", f"{world.p}/participants")}

    handed = world["mex"].ok("POST", f"{world.p}/participants/"
                                     f"{ids['mex2@accord.example']}/focal-point")
    assert (handed["focal_point"], handed["delegation"]) == (True, "MEX")
    assert handed["actions"] == []  # only those who manage participants replace a focal point
    assert me(world["mex"])["memberships"][0]["focal_point"] is False
    assert last_log(world, "participant.focal_point_transferred")["payload"] == {
        "user": me(mex2)["user"]["id"], "delegation": "MEX",
        "previous": [me(world["mex"])["user"]["id"]]}

    changed = cofac.ok("PATCH", f"{world.p}/participants/{ids['obs@accord.example']}",
                       {"role": "secretariat"})
    assert (changed["role"], changed["delegation"]) == ("secretariat", None)
    assert world["obs"].ok("GET", world.p)["your_role"] == "secretariat"
    assert last_log(world, "participant.role_changed")["payload"] == {
        "user": me(world["obs"])["user"]["id"], "from": "observer", "to": "secretariat"}

    removed = cofac.call("DELETE", f"{world.p}/participants/{ids['che@accord.example']}")
    assert removed.status == 204 and removed.body is None
    assert world["che"].get(world.p).status == 404
    assert last_log(world, "participant.removed")["payload"] == {
        "user": me(world["che"])["user"]["id"], "role": "delegate", "delegation": "CHE"}


def test_administrators_are_invited_too(api: Driver) -> None:
    admin = api.user("root@accord.example", admin=True)
    since = mailbox().mark()
    invited = admin.ok("POST", "/administrators", {"email": "second@accord.example",
                                                   "name": "Second administrator"},
                       status=201)
    assert (invited["administrator"], invited["process_id"], invited["role"]) == (
        True, None, None)
    _kind, token = link_in(mailbox().wait_for("second@accord.example", since))
    _client, person = fresh(api)
    accepted = person.ok("POST", "/invitations/accept",
                         {"token": token, "password": "my own password 3"})
    assert accepted["user"]["is_admin"] is True and accepted["process_id"] is None


def test_sessions_tokens_and_passwords(api: Driver, clock: Clock) -> None:
    """A person lists and ends their own sessions and tokens, changes their password, or sets
    a new one with a link sent by e-mail; an administrator signs a person out everywhere."""
    admin = api.user("root@accord.example", admin=True)
    api.user("ana@accord.example", password="correct horse 1")
    laptop_client, laptop = fresh(api)
    _phone_client, phone = fresh(api)
    for browser in (laptop, phone):
        browser.ok("POST", "/auth/login", {"email": "ana@accord.example",
                                           "password": "correct horse 1"})
    cookie = laptop_client.get_cookie("session")
    assert cookie is not None and cookie.http_only and len(cookie.value) >= 40
    sessions = laptop.ok("GET", "/auth/sessions")
    assert [s["current"] for s in sessions] == [True, False]
    assert when(sessions[0]["expires_at"]) == clock.now + timedelta(hours=12)
    assert laptop.call("DELETE", f"/auth/sessions/{sessions[1]['id']}").status == 204
    assert phone.get("/auth/me").status == 401

    issued = laptop.ok("POST", "/auth/tokens", {"name": "script"}, status=201)
    assert when(issued["expires_at"]) == clock.now + timedelta(
        seconds=api.app.config["TOKEN_SECONDS"])
    listed = laptop.ok("GET", "/auth/tokens")
    assert [(t["id"], t["name"]) for t in listed if t["name"] == "script"] == [
        (issued["id"], "script")]
    assert "token" not in listed[0]
    assert laptop.call("DELETE", f"/auth/tokens/{issued['id']}").status == 204
    assert As(api.app.test_client(), issued["token"]).get("/auth/me").status == 401

    phone.ok("POST", "/auth/login", {"email": "ana@accord.example",
                                     "password": "correct horse 1"})
    assert laptop.call("POST", "/auth/password", {"current_password": "correct horse 1",
                                                  "new_password": "battery staple 2"}
                       ).status == 204
    assert phone.get("/auth/me").status == 401  # the other session ended
    assert laptop.ok("GET", "/auth/me")["user"]["email"] == "ana@accord.example"

    since = mailbox().mark()
    assert api.anonymous.call("POST", "/auth/password-reset",
                              {"email": "ana@accord.example"}).status == 204
    kind, token = link_in(mailbox().wait_for("ana@accord.example", since))
    assert kind == "password-reset"
    assert api.anonymous.call("POST", "/auth/password-reset/complete",
                              {"token": token, "password": "new battery 3"}).status == 204
    assert laptop.get("/auth/me").status == 401  # a reset ends every session
    assert phone.ok("POST", "/auth/login", {"email": "ana@accord.example",
                                            "password": "new battery 3"})

    ana_id = phone.ok("GET", "/auth/me")["user"]["id"]
    script = phone.ok("POST", "/auth/tokens", {"name": "script"}, status=201)["token"]
    done = admin.ok("POST", f"/users/{ana_id}/sign-out")
    assert done == {"sessions_ended": 1, "tokens_revoked": 1}
    assert phone.get("/auth/me").status == 401
    assert As(api.app.test_client(), script).get("/auth/me").status == 401


# ---- consultation ------------------------------------------------------------------------


def test_consultation_inputs_and_summaries(api: Driver) -> None:
    world = build_world(api, phase="consultation")
    assert world["cofac"].ok("GET", world.p)["phase"] == "consultation"
    mex_id, obs_id = me(world["mex"])["user"]["id"], me(world["obs"])["user"]["id"]
    written = world["mex"].ok("POST", f"{world.p}/inputs", {
        "cluster": "rights", "kind": "written_contribution", "title": "Mexico on rights",
        "body": "Migrants' human rights must be at the centre.\nSecond line."}, status=201)
    assert (written["cluster"], written["kind"], written["delegation"], written["author_id"],
            written["title"], written["body"]) == (
        "rights", "written_contribution", "MEX", mex_id, "Mexico on rights",
        "Migrants' human rights must be at the centre.\nSecond line.")
    assert when(written["created_at"]).tzinfo is not None
    statement = world["obs"].ok("POST", f"{world.p}/inputs", {
        "cluster": "drivers", "kind": "statement", "title": "Civil society",
        "body": "Climate change drives migration."}, status=201)
    assert statement["delegation"] is None and statement["author_id"] == obs_id

    everything = world["che"].ok("GET", f"{world.p}/inputs")
    assert [i["id"] for i in everything] == [written["id"], statement["id"]]
    assert everything[0] == written
    drivers = world["cofac"].get(f"{world.p}/inputs", cluster="drivers")
    assert drivers.status == 200 and drivers.body == [statement]

    session = world["cofac"].ok("POST", f"{world.p}/summaries", {
        "kind": "session", "cluster": "rights", "title": "First informal session",
        "body": "Delegations stressed the rights of all migrants."}, status=201)
    assert (session["kind"], session["cluster"], session["title"]) == (
        "session", "rights", "First informal session")
    assert session["author_id"] == me(world["cofac"])["user"]["id"]
    stocktaking = world["cofac2"].ok("POST", f"{world.p}/summaries", {
        "kind": "stocktaking", "title": "Stocktaking summary",
        "body": "Six sessions were held."}, status=201)
    assert stocktaking["cluster"] is None and stocktaking["kind"] == "stocktaking"
    summaries = world["obs"].ok("GET", f"{world.p}/summaries")
    assert summaries == [session, stocktaking]
    log = world["cofac"].get(f"{world.p}/log", limit=1000).body
    assert [e["action"] for e in log[-4:]] == ["input.submitted", "input.submitted",
                                               "summary.written", "summary.written"]


# ---- the text ----------------------------------------------------------------------------


def test_documents_working_copy_publish_revisions_and_diff(world: World, clock: Clock) -> None:
    cofac = world["cofac"]
    documents = world["obs"].ok("GET", f"{world.p}/documents")
    assert len(documents) == 1
    document = documents[0]
    assert (document["id"], document["process_id"], document["title"]) == (
        world.document_id, world.process_id, "Compact on Human Mobility")
    assert [(r["id"], r["sequence"], r["label"]) for r in document["revisions"]] == [
        (world.revision_id, 0, "Zero draft")]
    assert when(document["revisions"][0]["published_at"]) == clock.now
    assert world["mex"].ok("GET", world.d) == document

    working = cofac.ok("GET", f"{world.d}/working-copy")
    assert (working["sequence"], working["label"], working["published_at"], working["version"],
            working["document_id"]) == (1, None, None, 1, world.document_id)
    assert [(u["key"], u["kind"], u["parent"], u["number"]) for u in working["units"]] == [
        (u["key"], u["kind"], u.get("parent"), u.get("number")) for u in ZERO_DRAFT]
    assert units_by_key(working)["op1"]["text"] == OP1_TEXT
    assert all(u["status"] == "open" for u in working["units"])

    # Amendments whose fate the publication reports.
    on_op2 = world.propose("mex", unit="op2", text="We further commit to review progress.")
    on_pp1 = world.propose("che", unit="pp1", text="We, the Heads of State, have gathered.")
    world["cofac"].ok("POST", f"/amendments/{on_pp1['id']}/decision",
                      {"base_version": on_pp1["version"], "decision": "reflected"})

    edited = cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
                      {"base_version": 1, "text": "We further commit to review progress "
                                                  "every two years.", "status": "agreed_ad_ref"})
    assert edited["version"] == 2
    op2 = units_by_key(edited)["op2"]
    assert (op2["text"], op2["status"], op2["number"]) == (
        "We further commit to review progress every two years.", "agreed_ad_ref", "3")
    edited = cofac.ok("PATCH", f"{world.d}/working-copy/units/obj1",
                      {"base_version": 2, "heading": "Objective 1: Return and readmission"})
    assert units_by_key(edited)["obj1"]["heading"] == "Objective 1: Return and readmission"
    assert edited["version"] == 3

    inserted = cofac.ok("POST", f"{world.d}/working-copy/units", {
        "base_version": 3, "after": "op1",
        "unit": {"key": "op1bis", "kind": "paragraph", "parent": "obj1", "number": "2 bis",
                 "text": "We commit to sustainable reintegration."}}, status=201)
    assert inserted["version"] == 4
    assert [u["key"] for u in inserted["units"]] == ["pre", "pp1", "obj1", "op1", "op1a",
                                                     "op1bis", "op2"]
    assert units_by_key(inserted)["op1bis"]["number"] == "2 bis"
    generated = cofac.ok("POST", f"{world.d}/working-copy/units", {
        "base_version": 4, "after": "op2",
        "unit": {"kind": "paragraph", "parent": "obj1", "text": "A paragraph with no key."}},
        status=201)
    new_key = generated["units"][-1]["key"]
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}", new_key)
    assert new_key not in {u["key"] for u in inserted["units"]}

    deleted = cofac.ok("POST", f"{world.d}/working-copy/units/{new_key}/delete",
                       {"base_version": 5})
    assert deleted["version"] == 6 and new_key not in {u["key"] for u in deleted["units"]}
    deleted = cofac.ok("POST", f"{world.d}/working-copy/units/op1a/delete", {"base_version": 6})
    assert [u["key"] for u in deleted["units"]] == ["pre", "pp1", "obj1", "op1", "op1bis",
                                                    "op2"]
    renumbered = cofac.ok("POST", f"{world.d}/working-copy/renumber", {"base_version": 7})
    assert renumbered["version"] == 8
    assert [(u["key"], u["number"]) for u in renumbered["units"]] == [
        ("pre", None), ("pp1", "1"), ("obj1", None), ("op1", "2"), ("op1bis", "3"),
        ("op2", "4")]
    assert cofac.ok("GET", f"{world.d}/working-copy") == renumbered

    clock.advance(hours=5)
    # The preview is the publication rolled back: the same outcome, nothing saved.
    log_before = cofac.ok("GET", f"{world.p}/log")
    preview = cofac.ok("POST", f"{world.d}/revisions/preview", {"base_version": 8})
    assert preview["dry_run"] is True and preview["revision"]["label"] == "Rev.1"
    assert (preview["reflected"], preview["conflicts"], preview["overtaken"]) == (
        [on_pp1["id"]], [on_op2["id"]], [])
    assert cofac.ok("GET", f"{world.p}/log") == log_before
    assert cofac.ok("GET", f"{world.d}/working-copy")["version"] == 8
    assert world["mex"].ok("GET", f"/amendments/{on_op2['id']}")["carried"] is None
    assert world["mex"].call("POST", f"{world.d}/revisions/preview",
                             {"base_version": 8}).status == 403
    published = cofac.ok("POST", f"{world.d}/revisions", {"base_version": 8}, status=201)
    assert published["dry_run"] is False
    assert {k: v for k, v in published.items() if k not in ("dry_run", "revision")} == {
        k: v for k, v in preview.items() if k not in ("dry_run", "revision")}
    assert published["revision"]["sequence"] == 1
    assert published["revision"]["label"] == "Rev.1"
    assert when(published["revision"]["published_at"]) == clock.now
    assert published["reflected"] == [on_pp1["id"]]
    # Mexico deleted "every four years"; Rev.1 says "every two years": the same words.
    assert published["conflicts"] == [on_op2["id"]] and published["overtaken"] == []
    carried = world["mex"].ok("GET", f"/amendments/{on_op2['id']}")
    assert carried["state"] == "submitted"
    assert carried["carried"]["outcome"] == "conflicts"
    assert carried["carried"]["base_text"] == "We further commit to review progress every two " \
                                              "years."

    revisions = world["obs"].ok("GET", f"{world.d}/revisions")
    assert [(r["sequence"], r["label"]) for r in revisions] == [(0, "Zero draft"), (1, "Rev.1")]
    assert revisions[1]["id"] == published["revision"]["id"]
    rev1 = world["obs"].ok("GET", f"{world.d}/revisions/1")
    assert without_actions(rev1["units"]) == without_actions(renumbered["units"])
    assert rev1["label"] == "Rev.1" and rev1["document_id"] == world.document_id
    rev0 = world["obs"].ok("GET", f"{world.d}/revisions/0")
    assert [u["key"] for u in rev0["units"]] == [u["key"] for u in ZERO_DRAFT]
    new_working = cofac.ok("GET", f"{world.d}/working-copy")
    assert (new_working["sequence"], new_working["version"]) == (2, 1)
    assert without_actions(new_working["units"]) == without_actions(rev1["units"])

    diff = world["mex"].get(f"{world.d}/diff", **{"from": 0, "to": 1})
    assert diff.status == 200
    body = diff.body
    assert (body["document_id"], body["from_sequence"], body["to_sequence"]) == (
        world.document_id, 0, 1)
    assert body["counts"] == {"unchanged": 3, "edited": 2, "moved": 0, "new": 1, "deleted": 1}
    assert [(u["key"], u["change"]) for u in body["units"]] == [
        ("pre", "unchanged"), ("pp1", "unchanged"), ("obj1", "edited"), ("op1", "unchanged"),
        ("op1a", "deleted"), ("op1bis", "new"), ("op2", "edited")]
    by_key = {u["key"]: u for u in body["units"]}
    assert by_key["op1a"]["spans"] == [{"op": "delete",
                                        "text": "Develop bilateral frameworks for return;"}]
    assert (by_key["op1a"]["number_before"], by_key["op1a"]["number_after"]) == ("(a)", None)
    assert by_key["op1bis"]["spans"] == [{"op": "insert",
                                          "text": "We commit to sustainable reintegration."}]
    assert (by_key["op1bis"]["number_before"], by_key["op1bis"]["number_after"]) == (None, "3")
    op2_diff = by_key["op2"]
    assert (op2_diff["number_before"], op2_diff["number_after"]) == ("3", "4")
    assert (op2_diff["status_before"], op2_diff["status_after"]) == ("open", "agreed_ad_ref")
    old = "".join(s["text"] for s in op2_diff["spans"] if s["op"] != "insert")
    new = "".join(s["text"] for s in op2_diff["spans"] if s["op"] != "delete")
    assert old == "We further commit to review progress every four years."
    assert new == "We further commit to review progress every two years."
    assert {"op": "delete", "text": "four"} in op2_diff["spans"]
    assert {"op": "insert", "text": "two"} in op2_diff["spans"]
    assert by_key["pp1"]["spans"] == [{"op": "equal", "text": ZERO_DRAFT[1]["text"]}]
    changed = world["mex"].get(f"{world.d}/diff", **{"from": 0, "to": 1,
                                                     "changed_only": "true"}).body
    assert [u["key"] for u in changed["units"]] == ["obj1", "op1a", "op1bis", "op2"]
    assert changed["counts"] == {"unchanged": 0, "edited": 2, "moved": 0, "new": 1, "deleted": 1}


IMPORTED = ("# Global Compact\n\nPreamble\n\nWe, the Heads of State, have gathered.\n\n"
            "## Objective 1: Return\n\n1. We commit to cooperate.\n   (a) Develop frameworks;\n"
            "   (b) Assist returnees.\n2. We review progress.\n")


def test_create_and_import_documents(world: World) -> None:
    cofac = world["cofac"]
    made = world["sec"].ok("POST", f"{world.p}/documents", {
        "title": "Political declaration",
        "units": [{"key": "intro", "kind": "preamble", "heading": "Preamble"},
                  {"key": "p1", "kind": "paragraph", "parent": "intro", "number": "1",
                   "text": "We reaffirm our commitment."},
                  {"kind": "paragraph", "number": "2", "text": "A paragraph with no key.",
                   "status": "agreed_informals"}]}, status=201)
    assert (made["sequence"], made["label"], made["published_at"], made["version"]) == (
        0, None, None, 1)
    assert [(u["key"], u["kind"], u["parent"], u["number"], u["status"])
            for u in made["units"]][:2] == [("intro", "preamble", None, None, "open"),
                                            ("p1", "paragraph", "intro", "1", "open")]
    generated = made["units"][2]
    assert generated["key"] not in ("intro", "p1") and generated["status"] == "agreed_informals"
    assert generated["text"] == "A paragraph with no key."
    declaration = cofac.ok("GET", f"/documents/{made['document_id']}")
    assert (declaration["title"], declaration["revisions"]) == ("Political declaration", [])
    # Made by the secretariat, read by a co-facilitator, who may also set statuses.
    read = cofac.ok("GET", f"/documents/{made['document_id']}/working-copy")
    assert without_actions(read) == without_actions(made)
    assert (made["actions"], made["units"][0]["actions"]) == (
        ["edit"], ["edit", "insert_after", "delete"])
    assert (read["actions"], read["units"][0]["actions"]) == (
        ["edit", "publish"], ["edit", "set_status", "insert_after", "delete"])
    # An unpublished document has no revision 0 yet.
    assert world["mex"].get(f"/documents/{made['document_id']}/revisions/0").status == 404
    log_before = cofac.ok("GET", f"{world.p}/log")
    preview = cofac.ok("POST", f"{world.p}/documents/import",
                       {"format": "markdown", "source": IMPORTED})
    assert preview["title"] == "Global Compact"
    assert preview["revision"] is None and preview["warnings"] == []
    assert [(u["kind"], u["number"], u["heading"], u["text"]) for u in preview["units"]] == [
        ("preamble", None, "Preamble", ""),
        ("paragraph", None, None, "We, the Heads of State, have gathered."),
        ("section", "1", "Objective 1: Return", ""),
        ("paragraph", "1", None, "We commit to cooperate."),
        ("subparagraph", "(a)", None, "Develop frameworks;"),
        ("subparagraph", "(b)", None, "Assist returnees."),
        ("paragraph", "2", None, "We review progress."),
    ]
    keys = [u["key"] for u in preview["units"]]
    assert [u["parent"] for u in preview["units"]] == [None, keys[0], None, keys[2], keys[3],
                                                       keys[3], keys[2]]
    # A preview saves nothing.
    assert cofac.ok("GET", f"{world.p}/log") == log_before
    assert len(cofac.ok("GET", f"{world.p}/documents")) == 2

    created = cofac.ok("POST", f"{world.p}/documents/import",
                       {"format": "markdown", "source": IMPORTED, "preview": False,
                        "title": "Imported compact"})
    revision = created["revision"]
    assert revision is not None
    assert (revision["sequence"], revision["label"], revision["published_at"]) == (0, None,
                                                                                   None)
    assert without_actions(revision["units"]) == without_actions(preview["units"])
    documents = cofac.ok("GET", f"{world.p}/documents")
    assert [(d["id"], d["title"], d["revisions"]) for d in documents][2:] == [
        (revision["document_id"], "Imported compact", [])]
    working = cofac.ok("GET", f"/documents/{revision['document_id']}/working-copy")
    assert without_actions(working["units"]) == without_actions(preview["units"])
    assert cofac.ok("GET", f"{world.p}/log")[-1]["action"] == "document.created"


# ---- amendments --------------------------------------------------------------------------


def test_amendment_endpoints(world: World, clock: Clock) -> None:
    mex, cofac = world["mex"], world["cofac"]
    draft = mex.ok("POST", f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
        "text": "We commit to cooperate on safe and dignified return frameworks.",
        "justification": "Regional frameworks are covered elsewhere.",
        "co_proponents": ["CHE"], "cluster": "rights"}, status=201)
    assert (draft["state"], draft["delegation"], draft["co_proponents"], draft["unit"],
            draft["kind"], draft["revision_id"], draft["revision_label"],
            draft["document_id"], draft["process_id"], draft["version"]) == (
        "draft", "MEX", [], "op1", "change_words", world.revision_id, "Zero draft",
        world.document_id, world.process_id, 1)
    assert draft["base_text"] == OP1_TEXT
    assert draft["diff"] == [
        {"op": "equal", "text": "We commit to cooperate on safe and dignified return "},
        {"op": "delete", "text": "[and regional] "},
        {"op": "equal", "text": "frameworks."}]
    assert (draft["submitted_at"], draft["decided_at"], draft["settled_in_revision_id"],
            draft["decision_note"], draft["supporters"], draft["opposers"]) == (
        None, None, None, "", [], [])
    assert when(draft["created_at"]) == clock.now

    revised = mex.ok("PATCH", f"/amendments/{draft['id']}", {
        "base_version": 1, "text": "We commit to cooperate on safe, dignified and lasting "
                                   "return [and regional] frameworks."})
    assert revised["version"] == 2
    assert revised["justification"] == "Regional frameworks are covered elsewhere."
    assert revised["text"].startswith("We commit to cooperate on safe, dignified and lasting")
    assert "".join(s["text"] for s in revised["diff"] if s["op"] != "delete") == revised["text"]
    assert "".join(s["text"] for s in revised["diff"] if s["op"] != "insert") == OP1_TEXT
    justified = mex.ok("PATCH", f"/amendments/{draft['id']}",
                       {"base_version": 2, "justification": "Lasting solutions."})
    assert (justified["version"], justified["justification"], justified["text"]) == (
        3, "Lasting solutions.", revised["text"])

    clock.advance(minutes=30)
    submitted = mex.ok("POST", f"/amendments/{draft['id']}/submit", {"base_version": 3})
    assert (submitted["state"], submitted["version"]) == ("submitted", 4)
    # Named on the draft, Switzerland is invited when it is submitted, and accepts.
    assert submitted["co_sponsors"] == [{"delegation": "CHE", "delegation_name": "Switzerland",
                                         "status": "invited"}]
    submitted = world["che"].ok("PUT", f"/amendments/{draft['id']}/co-sponsorship",
                                {"status": "accepted"})
    assert (submitted["co_proponents"], submitted["version"]) == (["CHE"], 4)
    assert when(submitted["submitted_at"]) == clock.now
    assert without_actions(cofac.ok("GET", f"/amendments/{draft['id']}")) == \
        without_actions(submitted)

    retain = world.propose("nga", unit="op2", kind="retain", text=None)
    reserve = world.propose("afg", unit="pp1", kind="reservation", text=None,
                            justification="The Group reserves its position.")
    alternative = world.propose("che", unit="op1a", kind="alternative",
                                text="Develop bilateral and regional frameworks;", submit=False)
    assert (retain["text"], retain["diff"], retain["state"]) == (None, None, "submitted")
    assert reserve["justification"] == "The Group reserves its position."
    assert alternative["state"] == "draft"
    all_ids = [draft["id"], retain["id"], reserve["id"]]

    def ids(person: As, **query: Any) -> list[int]:
        reply = person.get(f"{world.p}/amendments", **query)
        assert reply.status == 200, reply.body
        return [a["id"] for a in reply.body]

    assert ids(cofac) == all_ids
    assert ids(world["che"]) == [*all_ids, alternative["id"]]
    assert ids(cofac, delegation="MEX") == [draft["id"]]
    assert ids(cofac, delegation="CHE") == [draft["id"]]  # co-sponsored; its draft is hidden
    assert ids(world["che"], delegation="CHE") == [draft["id"], alternative["id"]]
    assert ids(cofac, delegation="EGY") == []
    assert ids(cofac, unit="op2") == [retain["id"]]
    assert ids(cofac, unit="op1a") == []
    assert ids(world["che"], state="draft") == [alternative["id"]]
    assert ids(cofac, state="submitted") == all_ids
    assert ids(cofac, kind="reservation") == [reserve["id"]]
    assert ids(cofac, kind="retain", unit="op2") == [retain["id"]]
    assert ids(cofac, document=world.document_id) == all_ids
    assert ids(cofac, document=world.document_id + 1) == []
    assert ids(cofac, limit=2) == all_ids[:2]
    assert ids(cofac, after_id=all_ids[0], limit=1) == [all_ids[1]]
    assert ids(cofac, after_id=all_ids[2]) == []
    full = cofac.ok("GET", f"{world.p}/amendments")
    assert without_actions(full[0]) == without_actions(submitted)

    cos = mex.ok("PUT", f"/amendments/{draft['id']}/co-proponents",
                 {"base_version": 4, "co_proponents": ["NGA", "CHE"]})
    assert (cos["co_proponents"], cos["version"]) == (["CHE"], 5)  # Nigeria is invited
    assert [c["status"] for c in cos["co_sponsors"]] == ["accepted", "invited"]
    supported = world["afg"].ok("PUT", f"/amendments/{draft['id']}/stance",
                                {"stance": "support"})
    assert (supported["supporters"], supported["opposers"]) == (["AFRICAN_GROUP"], [])
    assert supported["version"] == 5
    cos = mex.ok("PUT", f"/amendments/{draft['id']}/co-proponents",
                 {"base_version": 5, "co_proponents": ["CHE"]})
    assert cos["co_proponents"] == ["CHE"] and cos["version"] == 6
    opposed = world["nga"].ok("PUT", f"/amendments/{draft['id']}/stance", {"stance": "oppose"})
    assert (opposed["supporters"], opposed["opposers"]) == (["AFRICAN_GROUP"], ["NGA"])
    cleared = world["afg"].ok("PUT", f"/amendments/{draft['id']}/stance", {"stance": None})
    assert (cleared["supporters"], cleared["opposers"]) == ([], ["NGA"])

    withdrawn = world["nga"].ok("POST", f"/amendments/{retain['id']}/withdraw",
                                {"base_version": retain["version"]})
    assert (withdrawn["state"], withdrawn["version"]) == ("withdrawn", retain["version"] + 1)

    clock.advance(hours=1)
    decided = cofac.ok("POST", f"/amendments/{draft['id']}/decision",
                       {"base_version": 6, "decision": "merged",
                        "note": "Merged with the African Group's text."})
    assert (decided["state"], decided["decision_note"], decided["version"]) == (
        "merged", "Merged with the African Group's text.", 7)
    assert when(decided["decided_at"]) == clock.now
    not_reflected = world["cofac2"].ok("POST", f"/amendments/{reserve['id']}/decision",
                                       {"base_version": reserve["version"],
                                        "decision": "not_reflected"})
    assert not_reflected["state"] == "not_reflected" and not_reflected["decision_note"] == ""
    assert ids(cofac, state="merged") == [draft["id"]]
    assert ids(cofac, state="withdrawn") == [retain["id"]]


# ---- silence procedures and the log ------------------------------------------------------


def test_silence_procedures_and_the_log(world: World, clock: Clock) -> None:
    cofac = world["cofac"]
    deadline = clock.now + timedelta(hours=72)
    started = cofac.ok("POST", f"{world.p}/silence", {"revision_id": world.revision_id,
                                                      "deadline": deadline.isoformat()},
                       status=201)
    assert (started["revision_id"], started["revision_label"], started["state"],
            started["breaks"]) == (world.revision_id, "Zero draft", "running", [])
    assert when(started["deadline"]) == deadline
    assert when(started["started_at"]) == clock.now
    assert without_actions(world["obs"].ok("GET", f"{world.p}/silence")) == \
        without_actions([started])
    assert without_actions(world["mex"].ok("GET", f"/silence/{started['id']}")) == \
        without_actions(started)

    clock.advance(hours=73)
    agreed = world["mex"].ok("GET", f"/silence/{started['id']}")
    assert agreed["state"] == "agreed" and agreed["breaks"] == []

    second_deadline = clock.now + timedelta(hours=96)
    second = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": second_deadline.astimezone(timezone(timedelta(hours=5, minutes=30)))
        .isoformat()}, status=201)
    assert second["state"] == "running" and when(second["deadline"]) == second_deadline
    clock.advance(hours=2)
    mex_id = {d["code"]: d["id"] for d in world["mex"].ok("GET", f"{world.p}/delegations")}[
        "MEX"]
    broken = world["mex"].ok("POST", f"/silence/{second['id']}/break",
                             {"reason": "Mexico cannot join consensus on paragraph 2."})
    assert broken["state"] == "broken"
    assert [(b["delegation_id"], b["reason"]) for b in broken["breaks"]] == [
        (mex_id, "Mexico cannot join consensus on paragraph 2.")]
    assert when(broken["breaks"][0]["at"]) == clock.now
    assert [s["state"] for s in cofac.ok("GET", f"{world.p}/silence")] == ["agreed", "broken"]

    log = cofac.ok("GET", f"{world.p}/log")
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    assert log[0]["action"] == "process.created"
    assert log[0]["actor_id"] == me(world["admin"])["user"]["id"]
    assert log[0]["payload"] == {"slug": "compact", "title": "Compact on Human Mobility",
                                 "clusters": ["rights", "drivers"]}
    for before, after in itertools.pairwise(log):
        assert after["prev_hash"] == before["hash"]
        assert re.fullmatch(r"[0-9a-f]{64}", after["hash"])
    assert [e["action"] for e in log[-2:]] == ["silence.started", "silence.broken"]
    assert log[-2]["subject"] == f"silence:{second['id']}"
    assert log[-1]["payload"] == {"delegation": mex_id,
                                  "reason": "Mexico cannot join consensus on paragraph 2."}
    page = world["sec"].get(f"{world.p}/log", after_seq=2, limit=3)
    assert page.status == 200 and page.body == log[2:5]
    assert world["sec"].get(f"{world.p}/log", after_seq=len(log)).body == []


# ---- coverage of the document ------------------------------------------------------------


def test_text_engine_endpoints(world: World) -> None:
    """Compilation, collisions, lineage and attribution over a real history: Mexico's
    amendment on op2 is reflected in Rev.1, Switzerland's and Nigeria's on op1 collide."""
    cofac, mex = world["cofac"], world["mex"]
    reflected = world.propose("mex", unit="op2",
                              text="We further commit to review progress every two years.")
    cofac.ok("POST", f"/amendments/{reflected['id']}/decision",
             {"base_version": reflected["version"], "decision": "reflected"})
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": world.working_version(),
              "text": "We further commit to review progress every two years."})
    rev1 = cofac.ok("POST", f"{world.d}/revisions", {"base_version": world.working_version()},
                    status=201)
    assert rev1["reflected"] == [reflected["id"]]
    swiss = world.propose("che", unit="op1", revision_id=rev1["revision"]["id"],
                          text="We commit to cooperate on safe and orderly return [and regional] "
                               "frameworks.")
    nigerian = world.propose("nga", unit="op1", revision_id=rev1["revision"]["id"],
                             text="We commit to cooperate on safe and voluntary return [and "
                                  "regional] frameworks.")
    draft = world.propose("mex", unit="op1", revision_id=rev1["revision"]["id"], submit=False,
                          kind="retain", text=None)

    compiled = cofac.ok("GET", f"{world.d}/revisions/1/compilation")
    assert compiled["label"] == "Rev.1" and compiled["sequence"] == 1
    assert "CHE" in compiled["text"] and "NGA" in compiled["text"]
    assert "MEX" not in compiled["text"]  # a draft is its delegation's own
    only_swiss = cofac.ok("GET", f"{world.d}/revisions/1/compilation?delegation=CHE")
    assert "CHE" in only_swiss["text"] and "NGA" not in only_swiss["text"]
    both = cofac.get(f"{world.d}/revisions/1/compilation", delegation=["CHE", "NGA"])
    assert both.status == 200 and "NGA" in both.body["text"]
    assert mex.ok("GET", f"{world.d}/revisions/1/compilation")["text"] == compiled["text"]

    clashes = cofac.ok("GET", f"{world.d}/collisions")
    assert [(c["first"], c["second"], c["unit"]) for c in clashes] == [
        (swiss["id"], nigerian["id"], "op1")]
    assert draft["id"] not in {c["first"] for c in clashes} | {c["second"] for c in clashes}

    lineage = world["obs"].ok("GET", f"{world.d}/lineage?from=0&to=1")
    status = {tuple(e["new"] or e["old"]): e["status"] for e in lineage}
    assert status[("op2",)] == "edited" and status[("op1",)] == "unchanged"
    similar = world["obs"].ok("GET", f"{world.d}/lineage?from=0&to=1&by=similarity")
    assert {e["status"] for e in similar} <= {"unchanged", "edited", "moved"}

    attributed = cofac.ok("GET", f"{world.d}/units/op2/attribution")
    assert attributed["sequence"] == 1
    assert "".join(s["text"] for s in attributed["spans"]) == \
        "We further commit to review progress every two years."
    origins = {s["text"].strip(): s["origin"] for s in attributed["spans"]}
    by_mexico = [o for o in origins.values() if o["kind"] == "amendment"]
    assert by_mexico and by_mexico[0]["proponents"] == ["MEX"]
    assert by_mexico[0]["amendment_ids"] == [reflected["id"]]
    # Observers may not see attributed amendments by default: the words keep their origin
    # kind, the delegations behind them are not named.
    hidden = world["obs"].ok("GET", f"{world.d}/units/op2/attribution?revision=1")
    assert all(s["origin"]["proponents"] == [] for s in hidden["spans"])
    first = cofac.ok("GET", f"{world.d}/units/op2/attribution?revision=0")
    assert {s["origin"]["kind"] for s in first["spans"]} == {"original"}
    assert cofac.get(f"{world.d}/units/nope/attribution").status == 404
    assert cofac.get(f"{world.d}/revisions/9/compilation").status == 404


def test_dashboard_figures(world: World) -> None:
    """Amendments per delegation, cluster and state (only those the viewer may see), and
    paragraphs agreed and brackets open revision by revision."""
    world.propose("mex", unit="op1", cluster="rights")
    world.propose("che", unit="op2", text="We further commit to review progress.")
    world.propose("nga", unit="op1", kind="retain", text=None, submit=False)
    figures = world["cofac"].ok("GET", f"{world.p}/dashboard")
    assert figures["amendments_total"] == 2  # Nigeria's draft is Nigeria's own
    assert {c["key"]: c["count"] for c in figures["per_delegation"]} == {"MEX": 1, "CHE": 1}
    assert {c["key"]: c["count"] for c in figures["per_state"]} == {"submitted": 2}
    assert {c["key"]: c["count"] for c in figures["per_cluster"]} == {"rights": 1, None: 1}
    (zero,) = figures["revisions"]
    assert zero["label"] == "Zero draft" and zero["open_brackets"] == 1
    assert zero["units_agreed"] == 0
    nigeria = world["nga"].ok("GET", f"{world.p}/dashboard")
    assert nigeria["amendments_total"] == 3
    assert world["obs"].ok("GET", f"{world.p}/dashboard")["amendments_total"] == 0


def test_file_exchanges(world: World) -> None:
    cofac = world["cofac"]
    proposal = world.propose("mex", "op1")
    for path, query in [(f"{world.d}/revisions/0/export", {"format": "markdown"}),
                        (f"{world.d}/working-copy/export", {"format": "text"}),
                        (f"{world.d}/diff/export", {"from": 0, "to": 0, "format": "html"}),
                        (f"{world.d}/revisions/0/compilation/export", {"format": "text"}),
                        (f"{world.d}/amendments/export", {}),
                        (f"/amendments/{proposal['id']}/export", {"format": "akn"}),
                        (f"{world.p}/revisions.atom", {})]:
        assert cofac.get(path, **query).status == 200, path
    content = base64.b64encode(b"1. We commit to cooperate.\n").decode()
    assert cofac.post(f"{world.p}/documents/import-file",
                      {"format": "text", "content_base64": content}).status == 200
    assert cofac.post(f"{world.d}/working-copy/import",
                      {"format": "text", "content_base64": content}).status == 200


def test_configuring_who_sees_amendments(world: World) -> None:
    """Co-facilitators open attributed amendments to observers in negotiation; observers
    then see them, and the change is in the history."""
    amendment = world.propose("mex", unit="op1")
    assert world["obs"].get(f"/amendments/{amendment['id']}").status == 404
    configured = world["cofac"].ok("PATCH", world.p, {
        "observers_see_amendments_in": ["concluded", "negotiation"],
        "title": "Compact on Safe Human Mobility"})
    assert configured["observers_see_amendments_in"] == ["negotiation", "concluded"]
    assert configured["title"] == "Compact on Safe Human Mobility"
    assert world["obs"].ok("GET", f"/amendments/{amendment['id']}")["delegation"] == "MEX"
    entry = world["cofac"].ok("GET", f"{world.p}/log?limit=1000")[-1]
    assert entry["action"] == "process.configured"
    nothing = world["cofac"].call("PATCH", world.p, {"title": "Compact on Safe Human Mobility"})
    assert nothing.status == 422
    assert world["sec"].call("PATCH", world.p, {"title": "Another title"}).status == 403


def test_the_room_of_a_document(world: World) -> None:
    room = world["cofac"].ok("GET", f"{world.d}/room")
    assert room["shared"] is False and room["under_discussion"] is None
    assert world["cofac"].ok("PUT", f"{world.d}/room/sharing", {"shared": True})["shared"]
    moved = world["sec"].ok("PUT", f"{world.d}/room/discussion", {"unit": "op1"})
    assert moved["under_discussion"] == "op1"
    assert world["mex"].ok("GET", f"{world.d}/room")["working_copy_visible"]


def test_amendments_applied_to_the_working_copy(world: World) -> None:
    amendment = world.propose("mex", unit="op1", text="We commit to cooperate on safe, "
                              "orderly and dignified return [and regional] frameworks.")
    applied = world["cofac"].ok("POST", f"{world.d}/working-copy/applications", {
        "base_version": world.working_version(), "amendments": [{"amendment": amendment["id"]}]})
    assert [a["amendment_id"] for a in applied["applications"]] == [amendment["id"]]
    assert world["cofac"].ok("GET", f"{world.d}/working-copy/applications") == \
        applied["applications"]


def test_reopening_a_settled_paragraph(world: World) -> None:
    cofac = world["cofac"]
    cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
             {"base_version": world.working_version(), "status": "agreed_ad_ref"})
    cofac.ok("POST", f"{world.d}/revisions", {"base_version": world.working_version()},
             status=201)
    reopened = cofac.ok("POST", f"{world.d}/revisions/1/units/op2/reopen",
                        {"reason": "The room agreed to revisit the review cycle."})
    assert next(u for u in reopened["units"] if u["key"] == "op2")["reopened"] is True


def test_searching_a_process_and_counting_amendments(world: World) -> None:
    world.propose("mex", unit="op1")
    found = world["mex"].get(f"{world.p}/search", q="dignified")
    assert found.status == 200 and found.body["total"] >= 2, found.body
    in_english = world["mex"].get(f"{world.p}/search", q="dignified", language="en")
    assert in_english.status == 200 and in_english.body["total"] == 1, in_english.body
    assert world["mex"].get(f"{world.p}/search/languages").body["languages"] == [
        {"code": "en", "name": "English", "direction": "ltr"}]
    counts = world["mex"].get(f"{world.d}/amendment-counts", revision=0)
    assert counts.status == 200 and counts.body["units"] == [
        {"unit": "op1", "amendments": 1, "open": 1}], counts.body


def test_the_inbox_lists_counts_marks_read_and_keeps_the_mail_choice(world: World) -> None:
    amendment = world.propose("mex", unit="op1")
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    mex = world["mex"]
    page = mex.get("/inbox", order="newest", limit=5)
    assert page.status == 200 and page.body["unread"] >= 1, page.body
    assert mex.get("/inbox/unread").status == 200
    read = mex.post("/inbox/read", {"keys": [page.body["items"][0]["key"]]})
    assert read.status == 200, read.body
    assert mex.get("/inbox/mail").body == {"mail": "none"}
    assert mex.put("/inbox/mail", {"mail": "immediate"}).status == 200


def test_setting_a_process_up_delegations_invitations_clusters_and_ones_account(
        world: World) -> None:
    """Issue 13's administration endpoints (their behaviour is tests/api/test_admin_*.py's
    and test_invitations_pending.py's)."""
    cofac, admin = world["cofac"], world["admin"]
    admin.ok("POST", "/processes", {"title": "Another process"}, status=201)
    made = cofac.ok("POST", f"{world.p}/delegations",
                    {"code": "PER", "name": "Peru", "kind": "state"}, status=201)
    cofac.ok("PATCH", f"{world.p}/delegations/{made['id']}", {"name": "Republic of Peru"})
    cofac.ok("DELETE", f"{world.p}/delegations/{made['id']}", status=204)
    invited = cofac.ok("POST", f"{world.p}/participants", {
        "email": "pending@accord.example", "name": "Pending", "role": "observer"}, status=201)
    assert cofac.ok("GET", f"{world.p}/invitations")
    again = cofac.ok("POST", f"{world.p}/invitations/{invited['id']}/resend", status=201)
    cofac.ok("DELETE", f"{world.p}/invitations/{again['id']}", status=204)
    cofac.ok("POST", f"{world.p}/clusters", {"name": "Returns"}, status=201)
    cofac.ok("PATCH", f"{world.p}/clusters/rights", {"name": "Human rights"})
    assert cofac.ok("GET", f"{world.d}/working-copy/renumber/preview")["version"] >= 1
    world["obs"].ok("PATCH", "/auth/me", {"name": "The press"})
    world["obs"].ok("POST", "/auth/sign-out-everywhere")


def test_language_versions(world: World) -> None:
    """Every operation of the translations feature (tests/api/test_translations.py tests
    what they do)."""
    import base64

    d, sec, mex = world.d, world["sec"], world["mex"]
    view = mex.ok("GET", f"{d}/revisions/0/languages?langs=en,fr")
    assert [lang["code"] for lang in view["languages"]] == ["en", "fr"]
    sec.ok("PUT", f"{d}/revisions/0/languages/fr/units/op1", {"text": "Nous coopérons."})
    sec.ok("PUT", f"{d}/working-copy/languages/fr/units/op2", {"text": "Nous examinons."})
    assert sec.ok("GET", f"{d}/working-copy/languages?langs=fr")["counts"][0]["translated"] == 2
    assert mex.ok("GET", f"{d}/revisions/0/languages/fr/out-of-date")["units"] == []
    assert sec.ok("GET", f"{d}/working-copy/languages/fr/out-of-date")["units"] == []
    content = base64.b64encode("Nous, chefs d'État, sommes réunis.".encode()).decode()
    found = sec.ok("POST", f"{d}/revisions/0/languages/fr/import",
                   {"format": "text", "content_base64": content})
    assert found["saved"] is False
    found = sec.ok("POST", f"{d}/working-copy/languages/es/import",
                   {"format": "text", "content_base64": content})
    assert found["saved"] is False
    assert sec.ok("PUT", f"{d}/working-copy/languages/source",
                  {"language": "ru"})["source_language"] == "ru"
    assert sec.ok("PUT", f"{d}/revisions/0/languages/source",
                  {"language": "zh"})["source_language"] == "zh"


def test_marked_up_files_and_uploads(world: World) -> None:
    """The marked-up Word file and the multipart uploads (tests/api/test_markup.py and
    tests/api/test_lineage_import.py test what they do)."""
    import io

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    from tests.support.markup import Edit, mark_up

    d, mex, cofac = world.d, world["mex"], world["cofac"]
    exported = mex.client.get(f"/api/v1{d}/revisions/0/export", query_string={"format": "docx"},
                              headers={"Authorization": f"Bearer {mex.token}"})
    assert exported.status_code == 200
    marked = mark_up(exported.data, [Edit("safe and dignified", "dignified",
                                          "dignified, voluntary", comment="Voluntary.")])
    body = {"content_base64": base64.b64encode(marked).decode(), "filename": "marked.docx"}
    # whom each may upload for (what each gets: tests/api/test_markup.py)
    assert mex.ok("GET", f"{world.p}/markup/delegations")["delegations"] == [
        {"code": "MEX", "name": "Mexico"}]
    assert mex.ok("POST", f"{d}/markup/preview", body)["proposals"]
    assert mex.ok("POST", f"{d}/markup", body, status=201)["amendments"]

    def upload(path: str, content: bytes, name: str, **fields: str) -> Any:
        boundary, data = encode_multipart(
            {**fields, "file": FileStorage(io.BytesIO(content), name)})
        reply = cofac.call("POST", path, raw=data,
                           content_type=f"multipart/form-data; boundary={boundary}")
        assert reply.status == 200, reply.body
        return reply.body

    text = b"## Objective 1\n\n1. We commit to cooperate.\n"
    assert upload(f"{world.p}/documents/upload", text, "new.md", format="markdown")["units"]
    assert upload(f"{d}/working-copy/upload", text, "next.md", format="markdown")["units"]


def test_zz_every_documented_operation_was_exercised(request: pytest.FixtureRequest,
                                                     sqlite_url: str) -> None:
    module_tests = {item.originalname for item in request.session.items
                    if item.module is request.module}
    defined = {name for name in dir(request.module) if name.startswith("test_")}
    if module_tests != defined or os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("runs only after the whole module, in one process")
    app = create_app(TestConfig(sqlite_url))
    try:
        document = app.test_client().get(API + "/openapi.json").get_json()
    finally:
        app.extensions["accord"].engine.dispose()
    expected = {(method.upper(), path, int(next(c for c in op["responses"] if c[0] == "2")))
                for path, methods in document["paths"].items() for method, op in methods.items()}
    missing = expected - EXERCISED
    assert not missing, sorted(missing)
