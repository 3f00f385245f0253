"""Issue 11, tried as an attacker or an ordinary participant would: nobody chooses or receives
another person's password, nobody is put in a process or delegation without accepting, roles
taken away end at once, sessions and tokens end, and password guessing is throttled without
locking the owner out. Each test fails on the code before invitations and server sessions."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from config import TestConfig
from server import create_app, socketio
from server.models import BrowserSession, Invitation
from tests.support.clock import Clock
from tests.support.driver import As, Driver, assert_error
from tests.support.mail import link_in, mailbox
from tests.support.worlds import World

PASSWORD = "correct horse 1"


def sign_in(api: Driver, email: str, password: str = PASSWORD,
            address: str = "127.0.0.1") -> tuple[FlaskClient, int]:
    client = api.app.test_client()
    reply = client.post("/api/v1/auth/login", json={"email": email, "password": password},
                        environ_base={"REMOTE_ADDR": address})
    return client, reply.status_code


def invite(by: As, world: World, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``by`` invites; the answer, and the token of the link the invited person received."""
    since = mailbox().mark()
    answer = by.ok("POST", f"{world.p}/participants", body, status=201)
    _kind, token = link_in(mailbox().wait_for(body["email"], since))
    return answer, token


# ---- accounts by invitation ---------------------------------------------------------------


def test_account_pre_takeover_a_focal_point_cannot_choose_a_newcomers_password(
        world: World, api: Driver) -> None:
    """Mexico's focal point adds victim@ with a password of its choosing; the administrator
    later makes victim@ co-facilitator of another process; the focal point signs in as them.
    Now there is no password to choose, the account exists only once its owner accepts, and
    the owner's acceptance of the co-facilitator invitation never hands the focal point
    anything."""
    attacker = world["mex"]
    chosen = attacker.post(f"{world.p}/participants", {
        "email": "victim@accord.example", "name": "Victim", "role": "delegate",
        "delegation": "MEX", "password": "the attacker's choice 1"})
    assert_error(chosen, 422, "invalid")
    assert chosen.error["details"]["fields"][0]["field"] == "password"

    answer, _token = invite(attacker, world, {"email": "victim@accord.example",
                                              "name": "Victim", "role": "delegate",
                                              "delegation": "MEX"})
    assert "initial_password" not in answer and answer["status"] == "invited"
    # Nothing to sign in with: the account does not exist until its owner accepts.
    for guess in ("the attacker's choice 1", "correct horse 1", ""):
        assert sign_in(api, "victim@accord.example", guess or "x")[1] == 401

    admin = world["admin"]
    other = admin.ok("POST", "/processes", {"slug": "other", "title": "Other talks"},
                     status=201)
    since = mailbox().mark()
    admin.ok("POST", f"/processes/{other['id']}/participants", {
        "email": "victim@accord.example", "name": "Victim", "role": "co_facilitator"},
        status=201)
    _kind, token = link_in(mailbox().wait_for("victim@accord.example", since))
    owner = As(api.app.test_client(), None, "victim")
    owner.ok("POST", "/invitations/accept", {"token": token, "password": "victim's own 1"})
    assert sign_in(api, "victim@accord.example", "the attacker's choice 1")[1] == 401
    assert sign_in(api, "victim@accord.example", "victim's own 1")[1] == 200


def test_credential_minting_the_secretariat_never_receives_a_delegates_password(
        world: World, api: Driver) -> None:
    """The secretariat adds an "EU delegate", receives its initial password, signs in as it
    and reads the EU's drafts. Now the answer carries no credential of any kind."""
    world["cofac"].ok("POST", f"{world.p}/delegations",
                      {"code": "EU", "name": "European Union", "kind": "organisation"},
                      status=201)
    answer, _token = invite(world["sec"], world, {"email": "eu@accord.example",
                                                  "name": "EU delegate", "role": "delegate",
                                                  "delegation": "EU"})
    assert set(answer) == {"id", "email", "process_id", "role", "delegation", "focal_point",
                           "administrator", "status", "expires_at"}
    assert sign_in(api, "eu@accord.example", "")[1] in (401, 422)
    # The link's token is stored as its digest only.
    with api.app.app_context():
        session = api.app.extensions["accord"].sessions()
        try:
            row = session.scalars(select(Invitation).where(
                Invitation.email == "eu@accord.example")).one()
            assert row.token_hash == hashlib.sha256(_token.encode()).hexdigest()
        finally:
            session.close()


def test_an_existing_account_joins_a_delegation_only_when_its_owner_accepts(
        world: World, api: Driver) -> None:
    """A focal point attaches a co-facilitator of another process to its delegation, and the
    answer reveals that person's name. Now the answer names nobody, the person is not a
    participant until they accept, they may decline, and nobody but them can accept."""
    admin = world["admin"]
    other = admin.ok("POST", "/processes", {"slug": "elsewhere", "title": "Elsewhere"},
                     status=201)
    chair = api.add(admin, other["id"], "chair@elsewhere.example", "co_facilitator")
    answer, token = invite(world["mex"], world, {"email": "chair@elsewhere.example",
                                                 "name": "Anyone", "role": "delegate",
                                                 "delegation": "MEX"})
    assert "chair" not in str({k: v for k, v in answer.items() if k != "email"})
    emails = [p["email"] for p in world["mex"].ok("GET", f"{world.p}/participants")]
    assert "chair@elsewhere.example" not in emails
    assert chair.get(world.p).status == 404

    # The inviter holds no link, and even a signed-in someone else cannot accept for them.
    assert_error(world["mex"].post("/invitations/accept", {"token": token}), 401,
                 "unauthenticated")
    assert_error(api.anonymous.post("/invitations/accept",
                                    {"token": token, "password": "hijacked account 1"}),
                 401, "unauthenticated")
    details = chair.ok("POST", "/invitations/inspect", {"token": token})
    assert details["account_exists"] is True and details["signed_in_as_invitee"] is True
    assert chair.call("POST", "/invitations/decline", {"token": token}).status == 204
    assert chair.get(world.p).status == 404
    assert_error(chair.post("/invitations/accept", {"token": token}), 404, "not_found")


def test_an_invitation_link_works_once_and_expires(world: World, api: Driver,
                                                  clock: Clock) -> None:
    _answer, token = invite(world["cofac"], world, {"email": "once@accord.example",
                                                    "name": "Once", "role": "observer"})
    person = As(api.app.test_client(), None, "once")
    person.ok("POST", "/invitations/accept", {"token": token, "password": "my password 1"})
    assert_error(person.post("/invitations/accept",
                             {"token": token, "password": "my password 2"}), 404, "not_found")

    _answer, late = invite(world["cofac"], world, {"email": "late@accord.example",
                                                   "name": "Late", "role": "observer"})
    clock.advance(seconds=api.app.config["INVITATION_SECONDS"] + 1)
    assert_error(api.anonymous.post("/invitations/accept",
                                    {"token": late, "password": "my password 1"}),
                 404, "not_found")


def test_an_invitation_from_a_focal_point_since_removed_cannot_be_accepted(
        world: World, api: Driver) -> None:
    _answer, token = invite(world["mex"], world, {"email": "friend@accord.example",
                                                  "name": "Friend", "role": "delegate",
                                                  "delegation": "MEX"})
    mex_id = next(p["id"] for p in world["cofac"].ok("GET", f"{world.p}/participants")
                  if p["email"] == "mex@accord.example")
    world["cofac"].ok("PATCH", f"{world.p}/participants/{mex_id}", {"role": "observer"})
    assert_error(api.anonymous.post("/invitations/accept",
                                    {"token": token, "password": "my password 1"}),
                 403, "forbidden")


def test_reset_links_go_to_the_public_address_work_once_and_reveal_no_accounts(
        world: World, api: Driver, clock: Clock) -> None:
    """A forged Host header must not receive someone's reset link; asking for an unknown
    address answers the same and sends nothing."""
    since = mailbox().mark()
    client = api.app.test_client()
    forged = client.post("/api/v1/auth/password-reset", json={"email": "mex@accord.example"},
                         headers={"Host": "evil.example"})
    assert forged.status_code == 204
    letter = mailbox().wait_for("mex@accord.example", since)
    text = letter.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "evil.example" not in text and api.app.config["PUBLIC_URL"] + "/#/" in text
    _kind, token = link_in(letter)

    nobody = api.anonymous.call("POST", "/auth/password-reset",
                                {"email": "nobody@accord.example"})
    assert nobody.status == 204 and mailbox().sent_to("nobody@accord.example", since) == []

    done = api.anonymous.call("POST", "/auth/password-reset/complete",
                              {"token": token, "password": "brand new one 1"})
    assert done.status == 204
    # The old token of Mexico's script was revoked with the reset.
    assert world["mex"].get("/auth/me").status == 401
    again = api.anonymous.call("POST", "/auth/password-reset/complete",
                               {"token": token, "password": "another one 22"})
    assert_error(again, 404, "not_found")
    assert sign_in(api, "mex@accord.example", "brand new one 1")[1] == 200

    since = mailbox().mark()
    api.anonymous.call("POST", "/auth/password-reset", {"email": "che@accord.example"})
    _kind, stale = link_in(mailbox().wait_for("che@accord.example", since))
    clock.advance(seconds=api.app.config["PASSWORD_RESET_SECONDS"] + 1)
    assert_error(api.anonymous.call("POST", "/auth/password-reset/complete",
                                    {"token": stale, "password": "brand new one 1"}),
                 404, "not_found")


def test_changing_a_password_needs_the_current_one(world: World, api: Driver) -> None:
    client, status = sign_in(api, "nga@accord.example")
    assert status == 200
    browser = As(client, None, "nga")
    assert_error(browser.post("/auth/password", {"current_password": "a guess at it 1",
                                                 "new_password": "taken over now 1"}),
                 422, "invalid")
    assert sign_in(api, "nga@accord.example")[1] == 200


def test_without_smtp_the_link_is_written_to_the_server_log(
        sqlite_url: str, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(TestConfig(sqlite_url))
    try:
        api = Driver(app)
        app.config["SMTP_URL"] = None  # development
        api.user("dev@accord.example")
        with caplog.at_level(logging.WARNING, logger="server.features.auth.mail"):
            reply = api.anonymous.call("POST", "/auth/password-reset",
                                       {"email": "dev@accord.example"})
        assert reply.status == 204
        assert "/#/password-reset/" in caplog.text and "dev@accord.example" in caplog.text
    finally:
        app.extensions["accord"].engine.dispose()


# ---- roles over time ------------------------------------------------------------------------


def test_a_removed_participant_is_refused_at_the_next_request(world: World) -> None:
    """Removing a co-facilitator takes effect at once: their next request finds no process."""
    cofac2_id = next(p["id"] for p in world["cofac"].ok("GET", f"{world.p}/participants")
                     if p["email"] == "cofac2@accord.example")
    assert world["cofac2"].get(f"{world.p}/log").status == 200
    assert world["cofac"].call("DELETE", f"{world.p}/participants/{cofac2_id}").status == 204
    assert_error(world["cofac2"].get(f"{world.p}/log"), 404, "not_found")
    assert_error(world["cofac2"].post(f"{world.p}/phase", {"phase": "concluded"}), 404,
                 "not_found")


def test_who_may_take_a_role_away(world: World) -> None:
    ids = {p["email"]: p["id"] for p in world["cofac"].ok("GET", f"{world.p}/participants")}
    # The secretariat cannot remove a co-facilitator, nor a focal point remove Switzerland's.
    assert_error(world["sec"].call("DELETE", f"{world.p}/participants/"
                                             f"{ids['cofac@accord.example']}"),
                 403, "forbidden")
    assert_error(world["mex"].call("DELETE", f"{world.p}/participants/"
                                             f"{ids['che@accord.example']}"),
                 403, "forbidden")
    # Nobody is made a delegation's delegate by a role change: that takes their acceptance.
    assert_error(world["cofac"].patch(f"{world.p}/participants/{ids['obs@accord.example']}",
                                      {"role": "delegate"}), 422, "invalid")
    # A process keeps a co-facilitator.
    world["cofac"].call("DELETE", f"{world.p}/participants/{ids['cofac2@accord.example']}")
    assert_error(world["cofac"].call("DELETE", f"{world.p}/participants/"
                                               f"{ids['cofac@accord.example']}"),
                 422, "invalid")


def test_a_removed_participants_next_socket_message_is_refused(world: World,
                                                               app: Flask) -> None:
    """The socket stays open, but the policy answers its next message as for an outsider."""
    mex = socketio.test_client(app, namespace="/live", auth={"token": world["mex"].token})
    try:
        first = mex.emit("subscribe", {"process_id": world.process_id, "last_seq": 0},
                         namespace="/live", callback=True)
        assert first["ok"] is True, first
        mex_id = next(p["id"] for p in world["cofac"].ok("GET", f"{world.p}/participants")
                      if p["email"] == "mex@accord.example")
        world["cofac"].ok("DELETE", f"{world.p}/participants/{mex_id}", status=204)
        again = mex.emit("subscribe", {"process_id": world.process_id, "last_seq": 0},
                         namespace="/live", callback=True)
        assert again["ok"] is False and again["error"]["code"] == "not_found", again
    finally:
        mex.disconnect(namespace="/live")


# ---- sessions you can end -----------------------------------------------------------------


def test_logout_ends_the_session_and_its_cookie_mints_nothing(world: World,
                                                              api: Driver) -> None:
    client, status = sign_in(api, "che@accord.example")
    assert status == 200
    cookie = client.get_cookie("session")
    assert cookie is not None
    # The cookie is a random id: it names no user, and only its digest is stored.
    assert "." not in cookie.value and len(cookie.value) >= 40
    with api.app.app_context():
        session = api.app.extensions["accord"].sessions()
        try:
            stored = session.scalars(select(BrowserSession.secret_hash)).all()
        finally:
            session.close()
    assert cookie.value not in stored
    assert hashlib.sha256(cookie.value.encode()).hexdigest() in stored

    assert client.post("/api/v1/auth/logout").status_code == 204
    replay = api.app.test_client()
    replay.set_cookie("session", cookie.value)
    assert replay.get("/api/v1/auth/me").status_code == 401
    assert replay.post("/api/v1/auth/tokens", json={"name": "after logout"}).status_code == 401


def test_sessions_and_tokens_expire(world: World, api: Driver, clock: Clock) -> None:
    api.app.config["TOKEN_SECONDS"] = 3600
    client, _status = sign_in(api, "nga@accord.example")
    token = client.post("/api/v1/auth/tokens", json={"name": "short"}).get_json()["token"]
    script = api.app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert script.get("/api/v1/auth/me", headers=headers).status_code == 200
    clock.advance(seconds=3601)
    assert script.get("/api/v1/auth/me", headers=headers).status_code == 401
    assert client.get("/api/v1/auth/me").status_code == 200
    clock.advance(seconds=api.app.config["PERMANENT_SESSION_LIFETIME"])
    assert client.get("/api/v1/auth/me").status_code == 401


def test_an_administrator_ends_a_stolen_session_and_token(world: World, api: Driver) -> None:
    stolen, _status = sign_in(api, "afg@accord.example")
    afg_id = world["afg"].ok("GET", "/auth/me")["user"]["id"]
    assert_error(world["cofac"].post(f"/users/{afg_id}/sign-out"), 403, "forbidden")
    world["admin"].ok("POST", f"/users/{afg_id}/sign-out")
    assert stolen.get("/api/v1/auth/me").status_code == 401
    assert world["afg"].get("/auth/me").status == 401


def test_ending_a_session_is_for_its_owner(world: World, api: Driver) -> None:
    client, _status = sign_in(api, "che@accord.example")
    mine = As(client, None, "che").ok("GET", "/auth/sessions")
    assert_error(world["mex"].call("DELETE", f"/auth/sessions/{mine[0]['id']}"), 404,
                 "not_found")
    tokens = world["che"].ok("GET", "/auth/tokens")
    assert_error(world["mex"].call("DELETE", f"/auth/tokens/{tokens[0]['id']}"), 404,
                 "not_found")
    assert client.get("/api/v1/auth/me").status_code == 200


def test_throttling_never_locks_out_the_right_password_from_another_address(
        sqlite_url: str) -> None:
    """An attacker hammering an account from one address is refused with Retry-After; the
    owner, from another address, signs in; another account from the attacker's address is not
    locked out by those failures either."""
    config = TestConfig(sqlite_url)
    config.LOGIN_RATE = "3/minute"
    app = create_app(config)
    try:
        api = Driver(app)
        api.user("target@accord.example")
        api.user("colleague@accord.example")
        attacker = [sign_in(api, "target@accord.example", f"guess number {n}", "10.6.6.6")[1]
                    for n in range(3)]
        assert attacker == [401, 401, 401]
        client = app.test_client()
        refused = client.post("/api/v1/auth/login",
                              json={"email": "target@accord.example", "password": PASSWORD},
                              environ_base={"REMOTE_ADDR": "10.6.6.6"})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.get_json()["error"]["code"] == "too_many_requests"
        assert sign_in(api, "target@accord.example", PASSWORD, "192.0.2.10")[1] == 200
        assert sign_in(api, "colleague@accord.example", PASSWORD, "10.6.6.6")[1] == 200
    finally:
        app.extensions["accord"].engine.dispose()


def test_the_throttle_counts_failures_not_sign_ins(sqlite_url: str) -> None:
    """A delegation's office behind one address signs in many times a minute."""
    config = TestConfig(sqlite_url)
    config.LOGIN_RATE = "3/minute"
    app = create_app(config)
    try:
        api = Driver(app)
        api.user("office@accord.example")
        assert [sign_in(api, "office@accord.example")[1] for _ in range(6)] == [200] * 6
    finally:
        app.extensions["accord"].engine.dispose()
