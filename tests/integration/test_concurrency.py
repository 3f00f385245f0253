"""Two co-facilitators decide the same amendment at the same moment: exactly one wins."""

from __future__ import annotations

import threading
from typing import Any

from tests.support.driver import As, Reply
from tests.support.worlds import World


def _race(calls: list[tuple[As, str, dict[str, Any]]], method: str = "POST") -> list[Reply]:
    barrier = threading.Barrier(len(calls))
    replies: list[Reply | None] = [None] * len(calls)

    def run(index: int, who: As, path: str, body: dict[str, Any]) -> None:
        # Each thread its own test client: Flask's test client is not shared across threads.
        mine = As(who.client.application.test_client(), who.token, who.name)
        barrier.wait()
        replies[index] = mine.call(method, path, body)

    threads = [threading.Thread(target=run, args=(i, *call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None for r in replies)
    return [r for r in replies if r is not None]


def test_two_cofacilitators_decide_at_once(world: World) -> None:
    for _ in range(5):  # several rounds: the race must hold every time, not by luck
        amendment = world.propose()
        path = f"/amendments/{amendment['id']}/decision"
        replies = _race([
            (world["cofac"], path, {"base_version": amendment["version"],
                                    "decision": "reflected"}),
            (world["cofac2"], path, {"base_version": amendment["version"],
                                     "decision": "not_reflected"}),
        ])
        statuses = sorted(r.status for r in replies)
        assert statuses == [200, 409], [r.body for r in replies]
        winner = next(r for r in replies if r.status == 200)
        loser = next(r for r in replies if r.status == 409)
        assert loser.error["code"] == "stale"
        # The loser is shown the decision that was taken.
        assert loser.error["details"]["current"]["state"] == winner.body["state"]
        stored = world["cofac"].ok("GET", f"/amendments/{amendment['id']}")
        assert stored["state"] == winner.body["state"]
        assert stored["version"] == amendment["version"] + 1
        log = world["cofac"].ok("GET", f"{world.p}/log?limit=1000")
        decided = [e for e in log if e["action"] == "amendment.decided"
                   and e["subject"] == f"amendment:{amendment['id']}"]
        assert len(decided) == 1


def test_two_editors_of_the_working_copy_at_once(world: World) -> None:
    version = world.working_version()
    path = f"{world.d}/working-copy/units/op2"
    replies = _race([
        (world["cofac"], path, {"base_version": version, "text": "First editor's text."}),
        (world["sec"], path, {"base_version": version, "text": "Second editor's text."}),
    ], method="PATCH")
    assert sorted(r.status for r in replies) == [200, 409], [r.body for r in replies]
    loser = next(r for r in replies if r.status == 409)
    assert loser.error["details"]["current"]["version"] == version + 1
    assert world.working_version() == version + 1
