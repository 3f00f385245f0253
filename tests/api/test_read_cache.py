"""The read cache (server/web/cache.py): the revision's text, its compilation and the amendment
lists computed once per change, never stale, never another audience's, the policy applied on
every hit; ETag and 304."""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

import pytest
from flask import Flask

from server.core.amendments import AmendmentState
from server.core.errors import DomainError
from server.core.phases import Phase
from server.core.policy import (
    Actor,
    ProcessSettings,
    Role,
    revision_actions,
    unit_actions,
)
from server.core.text import UnitStatus
from server.features.common.context import Ctx
from server.features.text.service import load_document
from server.web import cache
from server.web.cache import ReadCache, Reader
from tests.support.driver import As
from tests.support.worlds import Pen, World

PEOPLE = ("cofac", "sec", "mex", "che", "nga", "afg", "obs")


def reads(world: World, sequence: int, delegation: str | None = None) -> dict[str, str]:
    """What the revision's pages fetch on opening it (client/features/text.js,
    compilation.js, amendments.js), and more of the same reads."""
    found = {"revision": f"{world.d}/revisions/{sequence}",
             "compilation": f"{world.d}/revisions/{sequence}/compilation?state=submitted",
             "compilation_all": f"{world.d}/revisions/{sequence}/compilation?" + "&".join(
                 f"state={state.value}" for state in AmendmentState),  # "All states"
             "amendments": f"{world.p}/amendments?document={world.document_id}&limit=1000"}
    if delegation:
        found["own"] = f"{world.p}/amendments?delegation={delegation}&limit=500"
    return found


DELEGATION = {"mex": "MEX", "che": "CHE", "nga": "NGA", "afg": "AFRICAN_GROUP"}


def get(person: As, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any, str]:
    """Status, JSON body and ETag of a GET with the path's own query string."""
    base, _, query = path.partition("?")
    sent = dict(headers or {})
    if person.token:
        sent["Authorization"] = f"Bearer {person.token}"
    response = person.client.get("/api/v1" + base, query_string=query, headers=sent)
    body = json.loads(response.data) if response.data else None
    return response.status_code, body, response.headers.get("ETag", "")


def read_cache(app: Flask) -> ReadCache:
    with app.app_context():
        return cache.cache()


def everything(world: World, sequence: int) -> dict[tuple[str, str], Any]:
    """Every person's answer to every read."""
    answers = {}
    for name in PEOPLE:
        for read, path in reads(world, sequence, DELEGATION.get(name)).items():
            status, body, _ = get(world[name], path)
            assert status == 200, (name, read, status, body)
            answers[(name, read)] = body
    return answers


def latest_sequence(world: World) -> int:
    revisions = world["cofac"].ok("GET", f"{world.d}/revisions")
    sequence: int = revisions[-1]["sequence"]
    return sequence


# ---- never stale ---------------------------------------------------------------------------


def test_a_cached_read_is_never_stale(world: World, app: Flask) -> None:
    """Publish, propose, draft, support, decide and reopen in a loop; after every change each
    person's cached answers are exactly what the database gives when nothing is cached."""
    store = read_cache(app)
    pen = Pen(world)
    steps = itertools.cycle(["propose", "draft", "stance", "publish", "decide", "phase"])
    for round_ in range(9):
        step = next(steps)
        if step != "phase":
            world.set_phase("negotiation")
        if step == "propose":
            world.propose("mex", unit="op2", text=f"We further commit to review progress "
                                                  f"every {round_ + 2} years.")
        elif step == "draft":
            world.propose("che", unit="op2", submit=False,
                          text=f"We further commit to review progress (draft {round_}).")
        elif step == "stance":
            target = next(a for a in world["cofac"].ok("GET", f"{world.p}/amendments")
                          if a["delegation"] == "MEX" and a["state"] == "submitted")
            world["nga"].ok("PUT", f"/amendments/{target['id']}/stance", {"stance": "support"})
        elif step == "publish":
            pen.edit("op2", text=f"We further commit to review progress (round {round_}).")
            revision = pen.publish()["revision"]
            world.revision_id = revision["id"]
        elif step == "decide":
            target = next(a for a in world["cofac"].ok("GET", f"{world.p}/amendments")
                          if a["state"] == "submitted")
            world["cofac"].ok("POST", f"/amendments/{target['id']}/decision", {
                "base_version": target["version"],
                "decision": AmendmentState.NOT_REFLECTED.value, "note": "Not now."})
        elif step == "phase":
            world.set_phase("stocktaking")
        sequence = latest_sequence(world)
        cached_first = everything(world, sequence)  # fills the cache at this stamp
        cached_again = everything(world, sequence)  # answered from it
        store.clear()
        fresh = everything(world, sequence)
        assert cached_again == fresh, step
        assert cached_first == fresh, step
    assert store.hits > 0 and store.misses > 0


def test_a_repeated_read_is_a_hit_and_a_change_is_a_miss(world: World, app: Flask) -> None:
    store = read_cache(app)
    path = reads(world, 0)["compilation"]
    get(world["mex"], path)
    misses, hits = store.misses, store.hits
    get(world["che"], path)  # the same audience (no drafts of their own): computed once
    get(world["mex"], path)
    assert (store.misses, store.hits) == (misses, hits + 2)
    world.propose("mex")
    get(world["mex"], path)
    assert store.misses == misses + 1


# ---- ETag and 304 --------------------------------------------------------------------------


def test_etag_and_not_modified(world: World) -> None:
    mex = world["mex"]
    for path in reads(world, 0, "MEX").values():
        status, body, etag = get(mex, path)
        assert status == 200 and etag.startswith('"') and body is not None
        response = mex.client.get("/api/v1" + path.partition("?")[0],
                                  query_string=path.partition("?")[2],
                                  headers={"Authorization": f"Bearer {mex.token}",
                                           "If-None-Match": etag})
        assert response.status_code == 304 and response.data == b""
        assert response.headers["ETag"] == etag
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert {"Authorization", "Cookie"} <= set(response.headers["Vary"].split(", "))
        # Another tag, or none: the whole answer.
        status, again, _ = get(mex, path, {"If-None-Match": '"something-else"'})
        assert status == 200 and again == body


def test_a_change_changes_the_etag(world: World) -> None:
    path = reads(world, 0)["compilation"]
    _, before, etag = get(world["cofac"], path)
    world.propose("mex")
    status, after, new_etag = get(world["cofac"], path, {"If-None-Match": etag})
    assert status == 200 and new_etag != etag
    assert len(after["data"]["amendments"]) == len(before["data"]["amendments"]) + 1


def test_the_same_answer_has_the_same_etag_for_everyone(world: World) -> None:
    """The tag is the answer's digest: two audiences given the same bytes share it, and a
    client holding it revalidates with 304 whoever computed it."""
    path = reads(world, 0)["revision"]
    tags = {get(world[name], path)[2] for name in ("mex", "che", "nga")}
    assert len(tags) == 1


# ---- audiences -----------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["mex", "che", "cofac"])
def test_a_delegation_never_gets_another_audiences_answer(world: World, first: str) -> None:
    """CHE's draft is CHE's alone, whoever's answer was cached first."""
    draft = world.propose("che", unit="op2", submit=False, text="We commit to review yearly.")
    world.propose("mex", unit="op1")
    order = [first] + [name for name in ("mex", "che", "cofac", "nga", "obs") if name != first]
    for read in ("compilation", "compilation_all", "amendments"):
        path = reads(world, 0)[read]
        for name in order:
            status, body, _ = get(world[name], path)
            assert status == 200
            ids = set(body["data"]["amendments"]) if read.startswith("compilation") \
                else {a["id"] for a in body}
            expected = name == "che" and read != "compilation"  # that one: submitted only
            assert (draft["id"] in ids) == expected, (read, name)


def test_the_actions_beside_each_answer_are_the_askers(world: World) -> None:
    """The amendment list says what each delegation may do: its own it may withdraw,
    another's support or oppose; never the actions of whoever filled the cache."""
    amendment = world.propose("mex")
    path = f"{world.p}/amendments"
    mine = next(a for a in get(world["mex"], path)[1] if a["id"] == amendment["id"])
    theirs = next(a for a in get(world["che"], path)[1] if a["id"] == amendment["id"])
    assert "withdraw" in mine["actions"] and "take_stance" not in mine["actions"]
    assert "take_stance" in theirs["actions"] and "withdraw" not in theirs["actions"]


def test_the_text_audience_holds_everything_the_policy_reads() -> None:
    """A revision's text is shared by everyone of a role who speaks (or not) for a
    delegation: the policy's actions there must not depend on which delegation, nor on
    focal points. If this fails, widen cache.text_audience."""
    for role, phase, working, latest, status, reopened in itertools.product(
            Role, Phase, (False, True), (False, True), UnitStatus, (False, True)):
        delegations: tuple[int | None, ...] = (3, 4) if role is Role.DELEGATE else (None,)
        variants = [Actor(user_id=uid, role=role, delegation_id=d, focal_point=fp)
                    for uid, d, fp in itertools.product((1, 2), delegations, (False, True))]
        readers = [Reader(1, a, phase, ProcessSettings(), (0, 0)) for a in variants]
        assert len({cache.text_audience(r) for r in readers}) == 1
        settings = ProcessSettings()
        units = {tuple(unit_actions(a, phase, working_copy=working, latest=latest,
                                    status=status, reopened=reopened)) for a in variants}
        revisions = {tuple(revision_actions(a, phase, settings, working_copy=working,
                                            latest=latest)) for a in variants}
        assert len(units) == 1 and len(revisions) == 1, (role, phase)


def test_the_reader_is_what_access_enter_finds(world: World, app: Flask) -> None:
    """The cache's one statement (the token, the process, the person's part and the stamp)
    finds what text.service.load_document finds, and refuses as it does (an outsider, an
    unknown document); so does the same statement by user id (the way a request takes when
    its credential is not answered plainly); and its own-amendment flags are what a query
    of the amendments says."""
    from sqlalchemy import select

    from server.core.policy import Action
    from server.models import Amendment

    world.propose("mex")
    world.propose("che", submit=False)
    accord = app.extensions["accord"]
    for name in [*PEOPLE, "admin", "outsider"]:
        for document_id in (world.document_id, world.document_id + 999):
            token = world[name].token
            with app.test_request_context(headers={"Authorization": f"Bearer {token}"}):
                session = accord.sessions()
                try:
                    user = accord_user(session, world[name])
                    context = Ctx(session=session, user=user, now=accord.clock)
                    expected: Any
                    try:
                        _, viewer = load_document(context, document_id, Action.VIEW_REVISIONS)
                        mine = select(Amendment.submitted_at).where(
                            Amendment.document_id == document_id,
                            Amendment.delegation_id == viewer.actor.delegation_id)
                        submitted = list(session.scalars(mine))
                        expected = (viewer.process.id, viewer.actor.role,
                                    viewer.actor.delegation_id, viewer.actor.focal_point,
                                    viewer.phase, viewer.settings,
                                    (bool(submitted), any(s is None for s in submitted)))
                    except DomainError as error:
                        expected = (type(error), str(error))
                    for found_by in ("token", "user"):
                        try:
                            if found_by == "token":
                                found = cache.reader_of_document(
                                    document_id, Action.VIEW_REVISIONS, own=True)
                            else:
                                row = session.execute(
                                    cache._prepared("compilation", "user").statement,
                                    {"key": document_id, "user": user.id}).first()
                                found = cache._reader(row, "compilation",
                                                      Action.VIEW_REVISIONS,
                                                      f"No document {document_id}.")
                            got: Any = (found.process_id, found.actor.role,
                                        found.actor.delegation_id, found.actor.focal_point,
                                        found.phase, found.settings, found.own)
                        except DomainError as error:
                            got = (type(error), str(error))
                        assert got == expected, (name, found_by)
                finally:
                    session.close()


def accord_user(session: Any, person: As) -> Any:
    from server.features.auth.service import user_for_token

    assert person.token
    return user_for_token(Ctx(session=session, user=None), person.token)


# ---- the policy on every hit -------------------------------------------------------------


def test_access_ended_is_refused_from_the_cache_too(world: World) -> None:
    """Removed from the process, a delegate is refused what they read a moment ago (as an
    outsider is: 404, the process's ids learn nothing), and a revoked token is refused
    before anything is looked up."""
    paths = reads(world, 0, "MEX")
    for path in paths.values():
        assert get(world["mex"], path)[0] == 200
    outsider = {path: get(world["outsider"], path)[:2] for path in paths.values()}
    participants = world["cofac"].ok("GET", f"{world.p}/participants")
    mex = next(p for p in participants if p["email"] == "mex@accord.example")
    assert world["cofac"].call("DELETE", f"{world.p}/participants/{mex['id']}").status == 204
    for path in paths.values():
        status, body, _ = get(world["mex"], path)
        assert (status, body) == outsider[path] and status == 404, path
    che = world["che"]
    assert get(che, paths["revision"])[0] == 200
    assert che.post("/auth/tokens/revoke", {"token": che.token}).status in (200, 204)
    status, body, _ = get(che, paths["revision"])
    assert status == 401 and body["error"]["code"] == "unauthenticated"


def test_a_browser_session_signed_out_is_refused_the_very_next_read(world: World,
                                                                     app: Flask) -> None:
    """Read with the session cookie (the credential of the cache's one statement then is the
    cookie's): once signed out, or once the session has expired, the next read of the same
    cached answers is 401, not what was read a moment ago."""
    from tests.support.clock import Clock

    paths = reads(world, 0, "MEX")
    for ends in ("sign-out", "expiry"):
        browser = As(app.test_client(), None, "mex in a browser")
        assert browser.post("/auth/login", {"email": "mex@accord.example",
                                            "password": "correct horse 1"}).status == 200
        for path in paths.values():
            assert get(browser, path)[0] == 200, path
            assert get(browser, path)[0] == 200, path  # a hit
        if ends == "sign-out":
            assert browser.post("/auth/logout").status == 204
        else:
            clock = app.extensions["accord"].clock
            assert isinstance(clock, Clock)
            clock.advance(seconds=app.config["PERMANENT_SESSION_LIFETIME"] + 1)
        for path in paths.values():
            status, body, _ = get(browser, path)
            assert status == 401 and body["error"]["code"] == "unauthenticated", (ends, path)


def test_an_expired_token_is_refused_from_the_cache(world: World, app: Flask) -> None:
    from tests.support.clock import Clock

    paths = reads(world, 0, "MEX")
    for path in paths.values():
        assert get(world["mex"], path)[0] == 200
    clock = app.extensions["accord"].clock
    assert isinstance(clock, Clock)
    clock.advance(seconds=app.config["TOKEN_SECONDS"] + 1)
    for path in paths.values():
        status, body, _ = get(world["mex"], path)
        assert status == 401 and body["error"]["code"] == "unauthenticated", path


def test_who_asks_comes_first_on_a_cached_read(world: World) -> None:
    """No credential, a malformed one, or a token that is not valid: 401 before anything is
    told about the ids asked for (an unknown document or process as a known one)."""
    unknown = {"revision": f"/documents/{world.document_id + 999}/revisions/0",
               "compilation": f"/documents/{world.document_id + 999}/revisions/0/compilation",
               "amendments": f"/processes/{world.process_id + 999}/amendments"}
    for path in [*reads(world, 0, "MEX").values(), *unknown.values()]:
        for headers in ({}, {"Authorization": "Bearer not-a-token"},
                        {"Authorization": "Basic bWV4OnB3"}, {"Authorization": "Bearer "}):
            base, _, query = path.partition("?")
            reply = world["mex"].client.get("/api/v1" + base, query_string=query,
                                            headers=headers)
            body = json.loads(reply.data)
            assert reply.status_code == 401, (path, headers, reply.status_code)
            assert body["error"]["code"] == "unauthenticated"
    for path in unknown.values():
        assert get(world["mex"], path)[0] == 404, path


def test_a_person_whose_role_changed_gets_the_new_roles_answer(world: World) -> None:
    path = reads(world, 0)["revision"]
    before = get(world["nga"], path)[1]
    assert "propose" in before["actions"]
    participants = world["cofac"].ok("GET", f"{world.p}/participants")
    nga = next(p for p in participants if p["email"] == "nga@accord.example")
    world["cofac"].ok("PATCH", f"{world.p}/participants/{nga['id']}", {"role": "observer"})
    after = get(world["nga"], path)[1]
    assert "propose" not in after["actions"]


# ---- the cache itself ----------------------------------------------------------------------


def test_concurrent_misses_compute_once() -> None:
    store = ReadCache()
    computed: list[int] = []
    started = threading.Event()
    go = threading.Event()

    def compute() -> str:
        computed.append(1)
        started.set()
        go.wait(5)
        return "answer"

    results: list[bytes] = []

    def ask() -> None:
        made = store.answer("slot", (1, 0), compute, lambda v: v.encode(), lambda: None,
                            lambda: (1, 0))
        results.append(made.body)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    threads[0].start()
    started.wait(5)
    for thread in threads[1:]:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(5)
    assert computed == [1] and results == [b"answer"] * 8


def test_an_answer_whose_stamp_moved_is_not_kept() -> None:
    store = ReadCache()
    made = store.answer("slot", (1, 0), lambda: "old", lambda v: v.encode(), lambda: None,
                        lambda: (2, 0))
    assert made.body == b"old"
    assert store.lookup("slot", (1, 0)) is None


def test_an_older_snapshot_never_replaces_a_newer_answer() -> None:
    store = ReadCache()
    store.answer("slot", (5, 0), lambda: "new", lambda v: v.encode(), lambda: None,
                 lambda: (5, 0))
    store.answer("slot", (4, 0), lambda: "old", lambda v: v.encode(), lambda: None,
                 lambda: (4, 0))
    found = store.lookup("slot", (5, 0))
    assert found is not None and found.body == b"new"


def test_the_budget_drops_the_least_recently_used() -> None:
    store = ReadCache(budget=10)
    for slot in ("a", "b", "c"):
        store.answer(slot, (1, 0), lambda: "xxxx", lambda v: v.encode(), lambda: None,
                     lambda: (1, 0))
    assert store.lookup("a", (1, 0)) is None
    assert store.lookup("b", (1, 0)) is not None and store.lookup("c", (1, 0)) is not None


def test_an_error_is_not_cached(world: World) -> None:
    status, body, _ = get(world["mex"], f"{world.d}/revisions/7")
    assert status == 404 and "error" in body
    assert get(world["mex"], f"{world.d}/revisions/7")[0] == 404
    assert get(world["mex"], f"{world.d}/revisions/0")[0] == 200
