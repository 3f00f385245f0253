from tests.driver import World, As


def test_probe(world: World, api) -> None:
    c = world["cofac"]
    m = world["mex"]
    anon = As(api.app.test_client(), None)
    out = []
    out.append(("base_version 2**31", c.patch(f"{world.d}/working-copy/units/op1", {"base_version": 2**31, "text": "x"})))
    out.append(("revision_id 2**40", m.post(f"{world.p}/amendments", {"revision_id": 2**40, "unit": "op1", "kind": "retain"})))
    out.append(("amend id 2**31", m.get(f"/amendments/{2**31}")))
    out.append(("anon unknown", anon.get("/processes/999")))
    out.append(("anon known", anon.get(world.p)))
    out.append(("anon amend unknown", anon.get("/amendments/999")))
    out.append(("anon invalid body", anon.post(f"{world.p}/amendments", {"x": 1})))
    out.append(("anon processes", anon.get("/processes")))
    out.append(("anon logout", anon.post("/auth/logout")))
    out.append(("415", m.call("POST", f"{world.p}/amendments", raw=b"{}", content_type="text/plain")))
    out.append(("413", m.call("POST", f"{world.p}/amendments", raw=b'{"a": "' + b"x" * 1_000_001 + b'"}')))
    out.append(("long text", m.post(f"{world.p}/amendments", {"revision_id": world.revision_id, "unit": "op1", "kind": "change_words", "text": "x" * 20001})))
    out.append(("text num", m.post(f"{world.p}/amendments", {"revision_id": world.revision_id, "unit": "op1", "kind": "change_words", "text": 5})))
    out.append(("stance none", world["che"].put("/amendments/1/stance", {"stance": None})))
    fresh = api.app.test_client()
    r = fresh.post("/api/v1/auth/login", json={"email": "mex@accord.example", "password": "correct horse 1"})
    print("login", r.status_code, r.get_json(), r.headers.get("Set-Cookie"))
    r = fresh.post("/api/v1/auth/tokens", json={"name": "x"}, headers={"Origin": "https://evil.example"})
    print("origin evil", r.status_code, r.get_json())
    r = fresh.post("/api/v1/auth/tokens", json={"name": "x"}, headers={"Origin": "http://localhost"})
    print("origin ok", r.status_code, r.get_json())
    for name, r in out:
        print(name, r.status, str(r.body)[:300])
    assert False
