"""Each error status across endpoints: one error shape, and a rejected request changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.clock import Clock
from tests.support.driver import As, Driver, Reply, anonymous, assert_error
from tests.support.views import without_actions
from tests.support.worlds import World, open_process, snapshot

OP1_TEXT = "We commit to cooperate on safe and dignified return [and regional] frameworks."


# ---- 401 ---------------------------------------------------------------------------------


def test_401_without_a_token_with_a_bad_one_or_another_scheme(world: World, api: Driver) -> None:
    amendment = world.propose()
    before = snapshot(world)
    aid = amendment["id"]
    requests: list[tuple[str, str, Any]] = [
        ("GET", "/auth/me", None),
        ("GET", "/processes", None),
        ("GET", world.p, None),
        ("GET", f"{world.p}/amendments", None),
        ("GET", f"/amendments/{aid}", None),
        ("GET", f"{world.d}/revisions/0", None),
        ("POST", "/auth/tokens", {"name": "stolen"}),
        ("POST", f"{world.p}/amendments", {"revision_id": world.revision_id, "unit": "op2",
                                           "kind": "retain", "submit": True}),
        ("PUT", f"/amendments/{aid}/stance", {"stance": "oppose"}),
        ("POST", f"{world.p}/phase", {"phase": "concluded"}),
        ("PATCH", f"{world.d}/working-copy/units/op1", {"base_version": 1, "text": "Mine."}),
    ]
    nobody = anonymous(api)
    for method, path, body in requests:
        assert_error(nobody.call(method, path, body), 401, "unauthenticated")
    forged = anonymous(api, "acc_" + "x" * 43)
    for method, path, body in requests:
        assert_error(forged.call(method, path, body), 401, "unauthenticated", message="token")
    for header in ("Basic eDp5", "Bearer", "Bearer   ", "Token abc", "bearer"):
        for method, path, body in requests[:3] + requests[7:8]:
            reply = nobody.call(method, path, body, headers={"Authorization": header})
            assert_error(reply, 401, "unauthenticated")
    # A bad bearer token is refused even when a valid browser session comes with it.
    client = api.app.test_client()
    signed_in = client.post("/api/v1/auth/login", json={"email": "mex@accord.example",
                                                         "password": "correct horse 1"})
    assert signed_in.status_code == 200
    browser = As(client, None, "browser")
    assert browser.ok("GET", world.p)["your_delegation"] == "MEX"
    assert_error(browser.call("GET", world.p, headers={"Authorization": "Bearer nope"}), 401,
                 "unauthenticated")
    assert_error(browser.call("POST", f"{world.p}/amendments",
                              {"revision_id": world.revision_id, "unit": "op2",
                               "kind": "retain"}, headers={"Authorization": "Basic eDp5"}),
                 401, "unauthenticated")
    assert snapshot(world) == before


def test_anonymous_requests_are_refused_before_ids_or_bodies_are_looked_at(
        world: World, api: Driver) -> None:
    """Without credentials the answer is 401 whatever the id: a 404 for unknown ids and a 401
    for existing ones would let anyone enumerate which processes and amendments exist."""
    amendment = world.propose()
    nobody = anonymous(api)
    problems = []
    for path in (world.p, "/processes/987654", f"/amendments/{amendment['id']}",
                 "/amendments/987654", world.d, "/documents/987654", "/silence/987654",
                 f"{world.d}/revisions/0", "/documents/987654/revisions/0"):
        reply = nobody.get(path)
        if reply.status != 401:
            problems.append(f"GET {path}: {reply.status}")
        else:
            assert_error(reply, 401, "unauthenticated")
    # Nor does the body's validity matter before the caller is known.
    for path, body in ((f"{world.p}/amendments", {"unit": 5}),
                       ("/processes/987654/phase", {"phase": "concluded"})):
        reply = nobody.post(path, body)
        if reply.status != 401:
            problems.append(f"POST {path}: {reply.status}")
    assert not problems, problems


# ---- 403 ---------------------------------------------------------------------------------


def test_403_for_roles_that_may_not(world: World, api: Driver, clock: Clock) -> None:
    amendment = world.propose("mex")
    aid, version = amendment["id"], amendment["version"]
    silence = world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    before = snapshot(world)

    proposing = world["obs"].post(f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op1", "kind": "retain"})
    assert_error(proposing, 403, "forbidden", details={
        "action": "amendment.propose", "role": "observer", "phase": "negotiation"})
    assert_error(world["sec"].post(f"/amendments/{aid}/decision",
                                   {"base_version": version, "decision": "reflected"}),
                 403, "forbidden", details={"action": "amendment.decide", "role": "secretariat",
                                            "phase": "negotiation"})
    assert_error(world["mex"].post(f"/amendments/{aid}/decision",
                                   {"base_version": version, "decision": "reflected"}),
                 403, "forbidden")
    assert_error(world["mex"].post(f"{world.d}/revisions", {"base_version": 1}), 403,
                 "forbidden", details={"action": "revision.publish", "role": "delegate",
                                       "phase": "negotiation"})
    assert_error(world["sec"].post(f"{world.d}/revisions", {"base_version": 1}), 403,
                 "forbidden")
    assert_error(world["che"].post(f"/amendments/{aid}/withdraw", {"base_version": version}),
                 403, "forbidden", message="proposing delegation")
    assert_error(world["che"].patch(f"/amendments/{aid}", {"base_version": version,
                                                           "text": "Swiss words."}),
                 403, "forbidden")
    assert_error(world["che"].put(f"/amendments/{aid}/co-proponents",
                                  {"base_version": version, "co_proponents": ["CHE"]}),
                 403, "forbidden")
    assert_error(world["mex"].put(f"/amendments/{aid}/stance", {"stance": "support"}), 403,
                 "forbidden", message="own amendment")
    assert_error(world["sec"].post(f"{world.p}/participants", {
        "email": "chair2@accord.example", "name": "Chair", "role": "co_facilitator"}),
        403, "forbidden", message="co-facilitators")
    assert_error(world["mex"].post(f"{world.p}/participants", {
        "email": "swiss@accord.example", "name": "Swiss", "role": "delegate",
        "delegation": "CHE"}), 403, "forbidden")
    assert_error(world["mex"].post(f"{world.p}/participants", {
        "email": "spy@accord.example", "name": "Spy", "role": "observer"}), 403, "forbidden")
    assert_error(world["obs"].post(f"{world.p}/participants", {
        "email": "friend@accord.example", "name": "Friend", "role": "observer"}),
        403, "forbidden")
    assert_error(world["mex"].get(f"{world.d}/working-copy"), 403, "forbidden")
    assert_error(world["obs"].get(f"{world.d}/working-copy"), 403, "forbidden")
    assert_error(world["mex"].patch(f"{world.d}/working-copy/units/op1",
                                    {"base_version": 1, "text": "Mexican pen."}),
                 403, "forbidden")
    assert_error(world["sec"].patch(f"{world.d}/working-copy/units/op1",
                                    {"base_version": 1, "status": "agreed_ad_ref"}),
                 403, "forbidden", details={"action": "unit.set_status", "role": "secretariat",
                                            "phase": "negotiation"})
    assert_error(world["mex"].get(f"{world.p}/log"), 403, "forbidden")
    assert_error(world["obs"].get(f"{world.p}/log"), 403, "forbidden")
    assert_error(world["mex"].post(f"{world.p}/phase", {"phase": "concluded"}), 403,
                 "forbidden")
    assert_error(world["sec"].post(f"{world.p}/phase", {"phase": "concluded"}), 403,
                 "forbidden")
    assert_error(world["mex"].post(f"{world.p}/delegations",
                                   {"code": "XXA", "name": "X", "kind": "state"}), 403,
                 "forbidden")
    assert_error(world["mex"].post(f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=100)).isoformat()}), 403, "forbidden")
    assert_error(world["cofac"].post(f"/silence/{silence['id']}/break",
                                     {"reason": "The chair objects to the text."}),
                 403, "forbidden")
    assert_error(world["obs"].post(f"/silence/{silence['id']}/break",
                                   {"reason": "Civil society objects to the text."}),
                 403, "forbidden")
    assert_error(world["mex"].post("/processes", {"slug": "rogue", "title": "Rogue"}), 403,
                 "forbidden")
    assert_error(world["cofac"].post("/processes", {"slug": "rogue", "title": "Rogue"}), 403,
                 "forbidden")
    assert_error(world["mex"].post(f"{world.p}/inputs", {
        "cluster": "rights", "kind": "statement", "title": "Late", "body": "Too late."}),
        403, "forbidden", details={"action": "input.submit", "role": "delegate",
                                   "phase": "negotiation"})
    # A browser session may not write from another origin.
    client = api.app.test_client()
    assert client.post("/api/v1/auth/login", json={"email": "mex@accord.example",
                                                    "password": "correct horse 1"}
                       ).status_code == 200
    browser = As(client, None, "browser")
    assert_error(browser.call("PUT", f"/amendments/{aid}/stance", {"stance": None},
                              headers={"Origin": "https://evil.example"}), 403, "forbidden")
    assert_error(browser.call("POST", f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op2", "kind": "retain", "submit": True},
        headers={"Origin": "https://evil.example"}), 403, "forbidden", message="origin")
    assert snapshot(world) == before
    # The co-facilitator the secretariat tried to appoint was not even invited.
    added = world["cofac"].ok("POST", f"{world.p}/participants", {
        "email": "chair2@accord.example", "name": "Chair", "role": "co_facilitator"},
        status=201)
    assert added["status"] == "invited" and "initial_password" not in added


def test_observer_deciding_is_forbidden_where_observers_see_amendments(api: Driver) -> None:
    world = open_process(api, observers_see=("negotiation",))
    amendment = world.propose("mex", unit="p1", text="Parties shall cooperate closely.")
    before = world["cofac"].ok("GET", f"{world.p}/log")
    assert without_actions(world["obs"].ok("GET", f"/amendments/{amendment['id']}")) == \
        without_actions(amendment)
    assert_error(world["obs"].post(f"/amendments/{amendment['id']}/decision",
                                   {"base_version": amendment["version"],
                                    "decision": "reflected"}),
                 403, "forbidden", details={"action": "amendment.decide", "role": "observer",
                                            "phase": "negotiation"})
    assert without_actions(world["cofac"].ok("GET", f"/amendments/{amendment['id']}")) == \
        without_actions(amendment)
    assert world["cofac"].ok("GET", f"{world.p}/log") == before


# ---- 404 ---------------------------------------------------------------------------------


def test_404_for_unknown_ids_of_every_kind(world: World, clock: Clock) -> None:
    amendment = world.propose()
    silence = world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    before = snapshot(world)
    cofac, mex = world["cofac"], world["mex"]
    missing = 987654
    cases: list[tuple[As, str, str, Any, str]] = [
        (mex, "GET", f"/processes/{missing}", None, f"No process {missing}."),
        (mex, "GET", f"/processes/{missing}/amendments", None, f"No process {missing}."),
        (mex, "POST", f"/processes/{missing}/amendments",
         {"revision_id": world.revision_id, "unit": "op1", "kind": "retain"},
         f"No process {missing}."),
        (cofac, "POST", f"/processes/{missing}/phase", {"phase": "concluded"},
         f"No process {missing}."),
        (cofac, "GET", f"/processes/{missing}/log", None, f"No process {missing}."),
        (mex, "GET", f"/documents/{missing}", None, f"No document {missing}."),
        (mex, "GET", f"/documents/{missing}/revisions", None, f"No document {missing}."),
        (cofac, "POST", f"/documents/{missing}/revisions", {"base_version": 1},
         f"No document {missing}."),
        (mex, "GET", f"{world.d}/revisions/7", None, "No published revision 7"),
        # The working copy (sequence 1) is not a published revision.
        (mex, "GET", f"{world.d}/revisions/1", None, "No published revision 1"),
        (mex, "GET", f"{world.d}/diff?from=0&to=3", None, "No published revision 3"),
        (cofac, "PATCH", f"{world.d}/working-copy/units/nosuch",
         {"base_version": 1, "text": "Text."}, "No such paragraph in the working copy."),
        (cofac, "POST", f"{world.d}/working-copy/units/nosuch/delete", {"base_version": 1},
         "No such paragraph in the working copy."),
        (cofac, "POST", f"{world.d}/working-copy/units",
         {"base_version": 1, "after": "nosuch",
          "unit": {"kind": "paragraph", "parent": "obj1", "text": "New."}},
         "No such paragraph in the working copy."),
        (mex, "POST", f"{world.p}/amendments",
         {"revision_id": world.revision_id, "unit": "nosuch", "kind": "retain"},
         "No such paragraph in Zero draft."),
        (mex, "POST", f"{world.p}/amendments",
         {"revision_id": missing, "unit": "op1", "kind": "retain"},
         f"No published revision {missing}"),
        (mex, "GET", f"/amendments/{missing}", None, f"No amendment {missing}."),
        (mex, "PATCH", f"/amendments/{missing}", {"base_version": 1, "text": "Words."},
         f"No amendment {missing}."),
        (mex, "POST", f"/amendments/{missing}/submit", {"base_version": 1},
         f"No amendment {missing}."),
        (mex, "POST", f"/amendments/{missing}/withdraw", {"base_version": 1},
         f"No amendment {missing}."),
        (mex, "PUT", f"/amendments/{missing}/co-proponents",
         {"base_version": 1, "co_proponents": []}, f"No amendment {missing}."),
        (world["che"], "PUT", f"/amendments/{missing}/stance", {"stance": "support"},
         f"No amendment {missing}."),
        (cofac, "POST", f"/amendments/{missing}/decision",
         {"base_version": 1, "decision": "reflected"}, f"No amendment {missing}."),
        (mex, "GET", f"/silence/{missing}", None, f"No silence procedure {missing}."),
        (mex, "POST", f"/silence/{missing}/break", {"reason": "We object to the text."},
         f"No silence procedure {missing}."),
        (cofac, "POST", f"{world.p}/silence",
         {"revision_id": missing,
          "deadline": (clock.now + timedelta(hours=90)).isoformat()},
         f"No published revision {missing}"),
    ]
    for person, method, path, body, message in cases:
        if "?" in path:
            base, query = path.split("?")
            reply = person.get(base, **dict(pair.split("=") for pair in query.split("&")))
        else:
            reply = person.call(method, path, body)
        assert_error(reply, 404, "not_found", message=message)
    assert snapshot(world) == before

    # Someone outside the process learns nothing: 404, worded as for an unknown process.
    outsider = world["outsider"]
    assert_error(outsider.get(world.p), 404, "not_found", details={},
                 message=f"No process {world.process_id}.")
    for method, path, body in [
            ("GET", f"{world.p}/amendments", None), ("GET", f"{world.p}/delegations", None),
            ("GET", f"{world.p}/participants", None), ("GET", f"{world.p}/documents", None),
            ("GET", f"{world.p}/silence", None), ("GET", f"{world.p}/inputs", None),
            ("GET", world.d, None), ("GET", f"{world.d}/revisions/0", None),
            ("GET", f"/amendments/{amendment['id']}", None),
            ("GET", f"/silence/{silence['id']}", None),
            ("POST", f"{world.p}/amendments", {"revision_id": world.revision_id,
                                               "unit": "op1", "kind": "retain"}),
            ("PUT", f"/amendments/{amendment['id']}/stance", {"stance": "oppose"}),
            ("POST", f"/silence/{silence['id']}/break", {"reason": "An outsider objects."}),
            ("POST", f"{world.p}/participants", {"email": "friend@accord.example",
                                                 "name": "Friend", "role": "observer"})]:
        reply = outsider.call(method, path, body)
        assert reply.status == 404, (method, path, reply.body)
        assert reply.body["error"]["code"] == "not_found"
    assert snapshot(world) == before


def test_outsiders_cannot_tell_existing_ids_from_unknown_ones(world: World,
                                                              clock: Clock) -> None:
    """An outsider asking for an amendment, document or silence procedure of a process it is
    not part of must get exactly the answer an unknown id gets (not 'No process 1.', which
    confirms the id exists and reveals its process)."""
    amendment = world.propose()
    silence = world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    outsider = world["outsider"]
    for kind, path, known in (("amendment", "/amendments/{}", amendment["id"]),
                              ("document", "/documents/{}", world.document_id),
                              ("silence procedure", "/silence/{}", silence["id"])):
        reply = outsider.get(path.format(known))
        assert_error(reply, 404, "not_found", details={})
        assert reply.body["error"]["message"] == f"No {kind} {known}.", reply.body


# ---- 409 ---------------------------------------------------------------------------------


def test_409_stale_versions_superseded_revisions_and_duplicates(world: World,
                                                                clock: Clock) -> None:
    cofac, mex = world["cofac"], world["mex"]
    edited = cofac.ok("PATCH", f"{world.d}/working-copy/units/op2",
                      {"base_version": 1, "text": "We further commit to review progress."})
    assert edited["version"] == 2
    # A change of structure: insertions and removals made from before it are stale.
    assert cofac.ok("POST", f"{world.d}/working-copy/renumber",
                    {"base_version": 2})["version"] == 3
    draft = world.propose("mex", unit="op1", submit=False)
    revised = mex.ok("PATCH", f"/amendments/{draft['id']}",
                     {"base_version": 1, "text": "We commit to cooperate on return."})
    silence = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=80)).isoformat()}, status=201)
    before = snapshot(world)

    # The same paragraph edited from before its last change: stale, with its current state
    # (another paragraph's edit would not be: tests/api/test_coedit.py).
    stale_unit = cofac.patch(f"{world.d}/working-copy/units/op2",
                             {"base_version": 1, "text": "An edit from an old copy."})
    error = assert_error(stale_unit, 409, "stale")
    assert error["details"]["current"]["version"] == 3
    assert error["details"]["current"]["unit"]["version"] == 2
    assert error["details"]["current"]["unit"]["text"] == "We further commit to review progress."
    assert error["details"]["expected_version"] == 1
    for path, body in ((f"{world.d}/working-copy/units", {
            "base_version": 2, "after": "op1", "unit": {"kind": "paragraph", "parent": "obj1",
                                                        "text": "Late insertion."}}),
                       (f"{world.d}/working-copy/units/op1a/delete", {"base_version": 2}),
                       (f"{world.d}/working-copy/renumber", {"base_version": 2}),
                       (f"{world.d}/working-copy/renumber", {"base_version": 4}),
                       (f"{world.d}/revisions", {"base_version": 2})):
        error = assert_error(cofac.post(path, body), 409, "stale")
        assert error["details"]["current"]["version"] == 3, path

    current = mex.ok("GET", f"/amendments/{draft['id']}")
    assert current == revised
    for method, path, body in (
            ("PATCH", f"/amendments/{draft['id']}", {"base_version": 1, "text": "Old copy."}),
            ("POST", f"/amendments/{draft['id']}/submit", {"base_version": 1}),
            ("POST", f"/amendments/{draft['id']}/withdraw", {"base_version": 1}),
            ("PUT", f"/amendments/{draft['id']}/co-proponents",
             {"base_version": 1, "co_proponents": ["CHE"]})):
        error = assert_error(mex.call(method, path, body), 409, "stale")
        # The conflict carries the amendment exactly as the API shows it.
        assert error["details"]["current"] == current, (method, path)
        assert error["details"]["expected_version"] == 1

    duplicate = world["admin"].post("/processes", {"slug": "compact", "title": "Again"})
    assert_error(duplicate, 409, "conflict", details={"field": "slug"})
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "concluded",
                                                 "expected_phase": "stocktaking"}),
                 409, "conflict", details={"current": {"phase": "negotiation"}})
    assert_error(cofac.post(f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=90)).isoformat()}), 409, "conflict",
        details={"current": {"silence_id": silence["id"]}})
    assert_error(cofac.post(f"{world.p}/delegations",
                            {"code": "MEX", "name": "Mexico", "kind": "state"}),
                 409, "conflict", details={"field": "code"})
    assert_error(cofac.post(f"{world.p}/delegations",
                            {"code": "MEX", "name": "Mexico", "kind": "group"}),
                 409, "conflict", details={"field": "code"})
    assert_error(cofac.post(f"{world.p}/participants", {
        "email": "MEX@accord.example", "name": "Mexico again", "role": "observer"}),
        409, "conflict", details={"field": "email"})
    assert snapshot(world) == before

    # After Rev.1 is out, a proposal on the zero draft is stale.
    rev1 = cofac.ok("POST", f"{world.d}/revisions", {"base_version": 3}, status=201)
    before = snapshot(world)
    superseded = mex.post(f"{world.p}/amendments", {
        "revision_id": world.revision_id, "unit": "op1", "kind": "change_words",
        "text": "We commit to return.", "submit": True})
    assert_error(superseded, 409, "stale", details={"current": {
        "revision_id": rev1["revision"]["id"], "sequence": 1, "label": "Rev.1"}},
        message="superseded")
    assert snapshot(world) == before


# ---- 422 ---------------------------------------------------------------------------------


def test_422_rules_of_the_negotiation(world: World, clock: Clock) -> None:
    cofac, mex = world["cofac"], world["mex"]
    amendment = world.propose("mex")
    withdrawn = mex.ok("POST", f"/amendments/{amendment['id']}/withdraw",
                       {"base_version": amendment["version"]})
    submitted = world.propose("che", unit="op2", text="We commit to review progress.")
    before = snapshot(world)

    assert_error(mex.post(f"/amendments/{amendment['id']}/submit",
                          {"base_version": withdrawn["version"]}),
                 422, "invalid", details={"state": "withdrawn", "requested": "submitted"})
    assert_error(cofac.post(f"/amendments/{amendment['id']}/decision",
                            {"base_version": withdrawn["version"], "decision": "reflected"}),
                 422, "invalid", details={"state": "withdrawn", "requested": "reflected"})
    assert_error(world["nga"].put(f"/amendments/{amendment['id']}/stance",
                                  {"stance": "support"}), 422, "invalid")

    def propose(**body: Any) -> Reply:
        return mex.post(f"{world.p}/amendments", {"revision_id": world.revision_id,
                                                  "unit": "op1", **body})

    assert_error(propose(kind="change_words"), 422, "invalid", details={"field": "text"})
    assert_error(propose(kind="change_words", text="   "), 422, "invalid",
                 details={"field": "text"})
    assert_error(propose(kind="add_unit"), 422, "invalid", details={"field": "text"})
    assert_error(propose(kind="alternative", text=""), 422, "invalid", details={"field": "text"})
    assert_error(propose(kind="change_words", text=OP1_TEXT), 422, "invalid",
                 details={"field": "text"})
    assert_error(propose(kind="retain", text="Keep it."), 422, "invalid",
                 details={"field": "text"})
    assert_error(propose(kind="delete_unit", text="Delete it."), 422, "invalid",
                 details={"field": "text"})
    assert_error(propose(kind="reservation", text="We reserve."), 422, "invalid",
                 details={"field": "text"})
    assert_error(propose(kind="reservation"), 422, "invalid", details={"field": "justification"})
    assert_error(propose(kind="reservation", justification=" \n\t "), 422, "invalid",
                 details={"field": "justification"})
    assert_error(propose(kind="retain", co_proponents=["MEX"]), 422, "invalid",
                 details={"field": "co_proponents"})
    assert_error(propose(kind="retain", co_proponents=["ZZZ"]), 422, "invalid",
                 details={"field": "co_proponents"})
    assert_error(propose(kind="retain", cluster="nosuch"), 422, "invalid",
                 details={"field": "cluster"})
    assert_error(world["che"].patch(f"/amendments/{submitted['id']}",
                                    {"base_version": submitted["version"],
                                     "text": "Rewritten after submission."}),
                 422, "invalid")
    assert_error(cofac.patch(f"{world.d}/working-copy/units/op1", {"base_version": 1}),
                 422, "invalid")
    assert_error(cofac.post(f"{world.d}/working-copy/units", {
        "base_version": 1, "after": "op1",
        "unit": {"key": "loose", "kind": "subparagraph", "text": "No parent."}}),
        422, "invalid")
    assert_error(cofac.post(f"{world.d}/working-copy/units", {
        "base_version": 1, "after": "op1",
        "unit": {"key": "op2", "kind": "paragraph", "parent": "obj1", "text": "Taken key."}}),
        422, "invalid", details={"field": "key"})
    assert_error(world["admin"].post("/processes", {
        "slug": "twins", "title": "Twins", "clusters": [{"key": "a", "name": "A"},
                                                          {"key": "a", "name": "A again"}]}),
        422, "invalid", details={"field": "clusters"})
    assert_error(cofac.post(f"{world.p}/delegations", {
        "code": "G_NEW", "name": "New group", "kind": "group", "members": ["MEX", "ZZZ"]}),
        422, "invalid", details={"field": "members"})
    assert_error(cofac.post(f"{world.p}/delegations", {
        "code": "STATE_X", "name": "State X", "kind": "state", "members": ["MEX"]}),
        422, "invalid", details={"field": "members"})
    assert_error(cofac.post(f"{world.p}/participants", {
        "email": "d1@accord.example", "name": "D", "role": "delegate"}), 422, "invalid",
        details={"field": "delegation"})
    assert_error(cofac.post(f"{world.p}/participants", {
        "email": "d2@accord.example", "name": "D", "role": "delegate", "delegation": "ZZZ"}),
        422, "invalid", details={"field": "delegation"})
    assert_error(cofac.post(f"{world.p}/participants", {
        "email": "d3@accord.example", "name": "D", "role": "observer", "delegation": "MEX"}),
        422, "invalid", details={"field": "delegation"})
    # Publishing a working copy identical to the zero draft.
    assert_error(cofac.post(f"{world.d}/revisions", {"base_version": 1}), 422, "invalid",
                 message="Zero draft")

    # Silence: at least 72 hours, a time zone, and breaking only before the deadline.
    def silence(deadline: str) -> Reply:
        return cofac.post(f"{world.p}/silence", {"revision_id": world.revision_id,
                                                 "deadline": deadline})

    short = (clock.now + timedelta(hours=72) - timedelta(seconds=1)).isoformat()
    assert_error(silence(short), 422, "invalid", details={"field": "deadline",
                                                          "minimum_hours": 72})
    assert_error(silence((clock.now - timedelta(hours=1)).isoformat()), 422, "invalid",
                 details={"field": "deadline", "minimum_hours": 72})
    naive = (clock.now + timedelta(hours=100)).replace(tzinfo=None).isoformat()
    reply = silence(naive)
    assert_error(reply, 422, "invalid")
    assert [f["field"] for f in reply.error["details"]["fields"]] == ["deadline"]

    # Phases: no jump, no standing still, back only with a reason of 10 characters.
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "negotiation"}), 422, "invalid")
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "stocktaking"}), 422, "invalid",
                 details={"field": "reason"})
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "stocktaking",
                                                 "reason": "Too short"}), 422, "invalid",
                 details={"field": "reason"})
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "consultation",
                                                 "reason": "          x "}), 422, "invalid",
                 details={"field": "reason"})
    assert snapshot(world) == before

    started = cofac.ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=72)).isoformat()}, status=201)
    assert started["state"] == "running"
    assert_error(mex.post(f"/silence/{started['id']}/break", {"reason": "No."}), 422,
                 "invalid", details={"field": "reason"})
    clock.advance(hours=73)
    before = snapshot(world)
    late = mex.post(f"/silence/{started['id']}/break",
                    {"reason": "Mexico objects to paragraph 2."})
    assert_error(late, 422, "invalid", message="deadline")
    after = mex.ok("GET", f"/silence/{started['id']}")
    assert (after["state"], after["breaks"]) == ("agreed", [])
    assert snapshot(world) == before

    cofac.ok("POST", f"{world.p}/phase", {"phase": "consultation",
                                          "reason": "Consultations must be reopened."})
    before = snapshot(world)
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "negotiation"}), 422, "invalid",
                 details={"next": "stocktaking"})
    assert_error(cofac.post(f"{world.p}/phase", {"phase": "concluded"}), 422, "invalid",
                 details={"next": "stocktaking"})
    assert_error(world["obs"].post(f"{world.p}/inputs", {
        "cluster": "nosuch", "kind": "statement", "title": "Lost", "body": "Lost words."}),
        422, "invalid", details={"field": "cluster"})
    assert_error(cofac.post(f"{world.p}/summaries", {
        "kind": "session", "title": "No cluster", "body": "Text."}), 422, "invalid",
        details={"field": "cluster"})
    assert_error(cofac.post(f"{world.p}/summaries", {
        "kind": "stocktaking", "cluster": "rights", "title": "Stocktaking",
        "body": "Text."}), 422, "invalid", details={"field": "cluster"})
    assert snapshot(world) == before
