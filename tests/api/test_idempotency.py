"""Failures that tell the truth, and retries that never duplicate (issue 11, item 9).

Each test is what a client (or the database under it) does: retry a write with its
``Idempotency-Key``, reuse a key for another request, lose the COMMIT's reply, lose the database
right after the COMMIT, fail the ROLLBACK at teardown, lose the database altogether.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from server.web import idempotency
from tests.support.clock import Clock
from tests.support.driver import As, Reply, assert_error
from tests.support.mail import mailbox
from tests.support.worlds import World, snapshot

OP2 = "We further commit to review progress every two years."


def proposal(world: World, text_: str = OP2) -> dict[str, Any]:
    return {"revision_id": world.revision_id, "unit": "op2", "kind": "change_words",
            "text": text_, "submit": True}


def keyed(person: As, method: str, path: str, body: Any, key: str) -> Reply:
    return person.call(method, path, body, headers={"Idempotency-Key": key})


def amendment_texts(world: World) -> list[str]:
    found = world["cofac"].get(f"{world.p}/amendments", limit=1000)
    assert found.status == 200, found.body
    return [a["text"] for a in found.body]


def user_id(person: As) -> int:
    found: int = person.ok("GET", "/auth/me")["user"]["id"]
    return found


# ---- retries ---------------------------------------------------------------------------------


def test_a_retried_proposal_with_its_key_is_stored_once_and_answered_the_same(
        world: World, api: Any) -> None:
    path = f"{world.p}/amendments"
    first = keyed(world["mex"], "POST", path, proposal(world), "retry-1")
    assert first.status == 201, first.body
    retried = world["mex"].client.post("/api/v1" + path, json=proposal(world), headers={
        "Idempotency-Key": "retry-1", "Authorization": f"Bearer {world['mex'].token}"})
    assert retried.status_code == 201
    assert retried.get_json() == first.body
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert amendment_texts(world).count(OP2) == 1
    # Without a key nothing is remembered: the same body twice is two amendments.
    world["mex"].ok("POST", path, proposal(world), status=201)
    assert amendment_texts(world).count(OP2) == 2


def test_every_kind_of_write_replays_its_first_answer(world: World) -> None:
    amendment = world.propose("mex", unit="op2", text=OP2)
    stance = f"/amendments/{amendment['id']}/stance"
    supported = keyed(world["nga"], "PUT", stance, {"stance": "support"}, "s-1")
    assert supported.status == 200
    decision = f"/amendments/{amendment['id']}/decision"
    body = {"base_version": supported.body["version"], "decision": "reflected"}
    decided = keyed(world["cofac"], "POST", decision, body, "d-1")
    assert decided.status == 200, decided.body
    # Retried, the decision is not refused as stale: the first answer comes back.
    again = keyed(world["cofac"], "POST", decision, body, "d-1")
    assert (again.status, again.body) == (decided.status, decided.body)
    log = world["cofac"].get(f"{world.p}/log", limit=1000).body
    assert [e["action"] for e in log].count("amendment.decided") == 1


def test_a_key_sent_with_another_request_is_refused_and_changes_nothing(world: World) -> None:
    path = f"{world.p}/amendments"
    assert keyed(world["mex"], "POST", path, proposal(world), "k").status == 201
    before = snapshot(world)
    other = keyed(world["mex"], "POST", path, proposal(world, "Another text."), "k")
    assert_error(other, 422, "idempotency_key_reused")
    elsewhere = keyed(world["mex"], "PUT", "/amendments/1/stance", {"stance": "support"}, "k")
    assert_error(elsewhere, 422, "idempotency_key_reused")
    assert snapshot(world) == before


def test_keys_are_each_persons_own(world: World) -> None:
    """Switzerland sending Mexico's key gets its own amendment, never Mexico's answer."""
    path = f"{world.p}/amendments"
    mexico = keyed(world["mex"], "POST", path, proposal(world), "shared-key")
    swiss = keyed(world["che"], "POST", path, proposal(world), "shared-key")
    assert (mexico.status, swiss.status) == (201, 201)
    assert swiss.body["id"] != mexico.body["id"]
    assert swiss.body["delegation"] == "CHE"


@pytest.mark.parametrize("bad", ["", " ", "é-key", "x" * 256, "a b"])
def test_a_malformed_key_is_refused_and_changes_nothing(world: World, bad: str) -> None:
    before = snapshot(world)
    reply = keyed(world["mex"], "POST", f"{world.p}/amendments", proposal(world), bad)
    assert_error(reply, 422, "invalid", message="Idempotency-Key")
    assert snapshot(world) == before


def test_a_refused_request_is_not_remembered(world: World) -> None:
    """Nothing was changed, so the corrected request with the same key is done."""
    path = f"{world.p}/amendments"
    wrong = dict(proposal(world), unit="op99")
    assert keyed(world["mex"], "POST", path, wrong, "fix-me").status in (404, 422)
    # The same request again asks again (and is refused again); nothing was stored for it.
    assert keyed(world["mex"], "POST", path, wrong, "fix-me").status in (404, 422)
    assert amendment_texts(world) == []


def test_a_key_is_forgotten_after_its_time(world: World, clock: Clock, app: Flask) -> None:
    path = f"{world.p}/amendments"
    assert keyed(world["mex"], "POST", path, proposal(world), "old").status == 201
    clock.advance(seconds=app.config["IDEMPOTENCY_SECONDS"] - 5)
    assert keyed(world["mex"], "POST", path, proposal(world), "old").status == 201
    assert amendment_texts(world).count(OP2) == 1
    clock.advance(seconds=10)
    assert keyed(world["mex"], "POST", path, proposal(world), "old").status == 201
    assert amendment_texts(world).count(OP2) == 2


def test_a_key_whose_first_request_is_running_answers_409(world: World) -> None:
    path = f"{world.p}/amendments"
    with idempotency.running(user_id(world["mex"]), "busy"):
        reply = keyed(world["mex"], "POST", path, proposal(world), "busy")
    assert_error(reply, 409, "idempotency_key_in_use")
    assert amendment_texts(world) == []
    assert keyed(world["mex"], "POST", path, proposal(world), "busy").status == 201


def test_a_key_running_in_another_server_process_answers_409(world: World, app: Flask,
                                                              database_url: str) -> None:
    """On PostgreSQL several processes serve: the key is locked in the database too."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time: the second request waits for the first")
    engine = app.extensions["accord"].engine
    lock = idempotency.lock_id(user_id(world["mex"]), "elsewhere")
    with engine.connect() as other:
        other.execute(select(func.pg_advisory_xact_lock(lock)))
        reply = keyed(world["mex"], "POST", f"{world.p}/amendments", proposal(world),
                      "elsewhere")
        other.rollback()
    assert_error(reply, 409, "idempotency_key_in_use")
    assert amendment_texts(world) == []


def test_two_requests_racing_with_one_key_make_one_amendment(world: World,
                                                             monkeypatch: Any) -> None:
    """The second is refused (409) while the first runs, or (SQLite, writers queue) waits
    and is given the first answer; never a second amendment."""
    path = f"{world.p}/amendments"
    entered, release = threading.Event(), threading.Event()
    original = idempotency.remember

    def slow_remember(*args: Any, **kwargs: Any) -> None:
        entered.set()
        release.wait(10)
        original(*args, **kwargs)

    monkeypatch.setattr(idempotency, "remember", slow_remember)
    answers: list[Reply] = []
    first_client = world["mex"].client.application.test_client()
    first = As(first_client, world["mex"].token, "mex")
    thread = threading.Thread(target=lambda: answers.append(
        keyed(first, "POST", path, proposal(world), "race")))
    thread.start()
    assert entered.wait(10)
    second: list[Reply] = []
    racer = threading.Thread(target=lambda: second.append(
        keyed(world["mex"], "POST", path, proposal(world), "race")))
    racer.start()
    racer.join(1.0)
    release.set()
    thread.join(10)
    racer.join(10)
    assert answers[0].status == 201
    assert second[0].status in (409, 201), second[0].body
    if second[0].status == 201:
        assert second[0].body == answers[0].body
    assert amendment_texts(world).count(OP2) == 1


# ---- the database failing under a write --------------------------------------------------------


@pytest.fixture
def dbapi_error(app: Flask) -> Callable[[str], BaseException]:
    """An error of the database driver in use, as it raises when the connection is lost."""
    dialect = app.extensions["accord"].engine.dialect

    def make(message: str) -> BaseException:
        error: BaseException = dialect.loaded_dbapi.OperationalError(message)
        return error

    return make


@pytest.fixture
def lost_after_commit(app: Flask, dbapi_error: Callable[[str], BaseException]
                      ) -> Iterator[dict[str, bool]]:
    """While ``armed``: every statement after a COMMIT fails, as when the database dies just
    after committing (the 7 answers of the kill -9 trial)."""
    engine = app.extensions["accord"].engine
    state = {"armed": False, "committed": False}

    def on_commit(_connection: Any) -> None:
        if state["armed"]:
            state["committed"] = True

    def on_execute(*_args: Any) -> None:
        if state["armed"] and state["committed"]:
            raise dbapi_error("server closed the connection unexpectedly")

    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", on_execute)
    yield state
    event.remove(engine, "commit", on_commit)
    event.remove(engine, "before_cursor_execute", on_execute)


def decide(world: World, amendment: dict[str, Any]) -> tuple[As, str, str, dict[str, Any]]:
    return (world["cofac"], "POST", f"/amendments/{amendment['id']}/decision",
            {"base_version": amendment["version"], "decision": "not_reflected"})


WRITES: list[tuple[str, Callable[[World], tuple[As, str, str, dict[str, Any]]]]] = [
    ("propose", lambda w: (w["mex"], "POST", f"{w.p}/amendments", proposal(w))),
    ("stance", lambda w: (w["nga"], "PUT", f"/amendments/{w.propose()['id']}/stance",
                          {"stance": "support"})),
    ("decide", lambda w: decide(w, w.propose())),
    ("edit a paragraph", lambda w: (w["cofac"], "PATCH", f"{w.d}/working-copy/units/op2",
                                    {"base_version": w.working_version(), "text": OP2})),
    ("add a delegation", lambda w: (w["cofac"], "POST", f"{w.p}/delegations",
                                    {"code": "PER", "name": "Peru", "kind": "state"})),
    ("change the phase", lambda w: (w["cofac"], "POST", f"{w.p}/phase",
                                    {"phase": "stocktaking", "reason": "Back to it."})),
]


@pytest.mark.parametrize("write", [w for _, w in WRITES], ids=[n for n, _ in WRITES])
def test_a_committed_write_is_never_answered_nothing_was_changed(
        world: World, lost_after_commit: dict[str, bool],
        write: Callable[[World], tuple[As, str, str, dict[str, Any]]]) -> None:
    """The database dies right after the COMMIT: the answer is the write's own (the request
    runs nothing after its COMMIT; the live events' sentences, read after it, are lost and
    logged, and clients catch up), never a 500 saying nothing was changed."""
    person, method, path, body = write(world)
    before = len(world["cofac"].get(f"{world.p}/log", limit=1000).body)
    lost_after_commit["armed"] = True
    reply = person.call(method, path, body)
    lost_after_commit["armed"] = False
    assert lost_after_commit["committed"]
    assert reply.status in (200, 201), reply.body
    assert len(world["cofac"].get(f"{world.p}/log", limit=1000).body) == before + 1


def test_a_lost_commit_reply_is_said_to_be_unknown_and_the_retry_finds_it(
        world: World, app: Flask, monkeypatch: Any,
        dbapi_error: Callable[[str], BaseException]) -> None:
    """The COMMIT reaches the database, its reply does not reach us: the answer says the
    outcome is unknown (503, retry with the key); the retry returns the stored first answer."""
    dialect = app.extensions["accord"].engine.dialect
    original = dialect.do_commit
    lose = {"next": True}

    def commit_then_lose_reply(connection: Any) -> None:
        original(connection)
        if lose.pop("next", False):
            raise dbapi_error("server closed the connection unexpectedly")

    monkeypatch.setattr(dialect, "do_commit", commit_then_lose_reply)
    path = f"{world.p}/amendments"
    unsure = world["mex"].client.post("/api/v1" + path, json=proposal(world), headers={
        "Idempotency-Key": "lost-reply", "Authorization": f"Bearer {world['mex'].token}"})
    assert unsure.status_code == 503
    error = unsure.get_json()["error"]
    assert error["code"] == "unconfirmed"
    assert "nothing was changed" not in error["message"]
    assert "Idempotency-Key" in error["message"]
    assert int(unsure.headers["Retry-After"]) > 0
    retried = keyed(world["mex"], "POST", path, proposal(world), "lost-reply")
    assert retried.status == 201, retried.body
    assert amendment_texts(world).count(OP2) == 1


def test_a_failing_rollback_at_teardown_leaves_the_answer_json(
        world: World, app: Flask, monkeypatch: Any,
        dbapi_error: Callable[[str], BaseException]) -> None:
    from sqlalchemy.orm import Session

    original = Session.close

    def close_fails(self: Session) -> None:
        original(self)
        raise dbapi_error("server closed the connection unexpectedly")

    monkeypatch.setattr(Session, "close", close_fails)
    client = world["mex"].client
    headers = {"Authorization": f"Bearer {world['mex'].token}"}
    read = client.get(f"/api/v1{world.p}", headers=headers)
    assert read.status_code == 200 and read.is_json
    refused = client.post(f"/api/v1{world.p}/amendments", headers=headers,
                          json=dict(proposal(world), unit="op99"))
    assert refused.status_code in (404, 422) and refused.is_json
    assert set(refused.get_json()) == {"error"}


def test_an_unreachable_database_is_a_503_with_retry_after(
        world: World, app: Flask, dbapi_error: Callable[[str], BaseException]) -> None:
    engine = app.extensions["accord"].engine

    def refuse(*_args: Any) -> None:
        raise dbapi_error("could not connect to server: Connection refused")

    before = amendment_texts(world)
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        client = world["mex"].client
        headers = {"Authorization": f"Bearer {world['mex'].token}"}
        for method, path, body in [("GET", f"{world.p}", None),
                                   ("POST", f"{world.p}/amendments", proposal(world))]:
            reply = client.open(f"/api/v1{path}", method=method, json=body, headers=headers)
            assert reply.status_code == 503, reply.data
            error = reply.get_json()["error"]
            assert error["code"] == "unavailable" and "nothing was changed" in error["message"]
            assert int(reply.headers["Retry-After"]) > 0
    finally:
        event.remove(engine, "before_cursor_execute", refuse)
    assert amendment_texts(world) == before


def test_the_idempotency_key_table_is_written_with_the_write(world: World, app: Flask) -> None:
    """A key row exists exactly for the acknowledged keyed writes."""
    path = f"{world.p}/amendments"
    keyed(world["mex"], "POST", path, proposal(world), "one")
    keyed(world["mex"], "POST", path, dict(proposal(world), unit="op99"), "two")
    with app.app_context(), app.extensions["accord"].engine.connect() as connection:
        keys = connection.execute(text("SELECT key, status FROM idempotency_keys")).all()
    assert [tuple(k) for k in keys] == [("one", 201)]


def test_a_link_is_mailed_only_once_what_it_points_to_is_stored(
        world: World, api: Any, app: Flask, monkeypatch: Any,
        dbapi_error: Callable[[str], BaseException]) -> None:
    """The COMMIT of a password reset or an invitation fails: no letter goes out with a link
    to what was never stored; the retry's letter is the one that works."""
    dialect = app.extensions["accord"].engine.dialect
    original = dialect.do_commit
    failing = {"on": True}

    def commit_fails(connection: Any) -> None:
        if failing["on"]:
            raise dbapi_error("server closed the connection unexpectedly")
        original(connection)

    since = mailbox().mark()
    monkeypatch.setattr(dialect, "do_commit", commit_fails)
    reset = api.anonymous.call("POST", "/auth/password-reset", {"email": "che@accord.example"})
    invited = keyed(world["cofac"], "POST", f"{world.p}/participants",
                    {"email": "new@accord.example", "name": "New Person",
                     "role": "observer"}, "invite-1")
    failing["on"] = False
    assert_error(reset, 503, "unconfirmed")
    assert_error(invited, 503, "unconfirmed")
    time.sleep(0.5)  # the SMTP server would have had it by now
    assert mailbox().sent_to("che@accord.example", since) == []
    assert mailbox().sent_to("new@accord.example", since) == []
    again = keyed(world["cofac"], "POST", f"{world.p}/participants",
                  {"email": "new@accord.example", "name": "New Person", "role": "observer"},
                  "invite-1")
    assert again.status == 201, again.body
    assert mailbox().wait_for("new@accord.example", since)


def test_the_openapi_document_describes_the_header(api: Any) -> None:
    document = api.client.get("/api/v1/openapi.json").get_json()
    propose = document["paths"]["/api/v1/processes/{process_id}/amendments"]["post"]
    header = [p for p in propose["parameters"] if p["in"] == "header"]
    assert [p["name"] for p in header] == ["Idempotency-Key"]
    assert {"409", "422", "503"} <= set(propose["responses"])
    assert "Idempotent-Replayed" in propose["responses"]["201"]["headers"]
    listing = document["paths"]["/api/v1/processes/{process_id}/amendments"]["get"]
    assert all(p["in"] != "header" for p in listing["parameters"])
    assert "503" in listing["responses"]
    tokens = document["paths"]["/api/v1/auth/tokens"]["post"]
    assert all(p["in"] != "header" for p in tokens["parameters"])  # remembers no answer
