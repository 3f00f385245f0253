from tests.support.worlds import World


def test_world_builds(world: World) -> None:
    revision = world["obs"].ok("GET", f"{world.d}/revisions/0")
    assert revision["label"] == "Zero draft"
    assert [u["key"] for u in revision["units"]][:2] == ["pre", "pp1"]
    amendment = world.propose()
    assert amendment["state"] == "submitted"
    assert any(span["op"] == "insert" for span in amendment["diff"])
