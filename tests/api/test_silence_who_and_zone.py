"""Who broke silence and when is told to everyone who may see it; the room's time zone is
the process's own (New York unless the co-facilitators say), an IANA name."""

from __future__ import annotations

from datetime import timedelta

from tests.support.clock import Clock
from tests.support.worlds import World


def test_everyone_in_the_process_reads_which_delegation_broke_silence_and_when(
        world: World, clock: Clock) -> None:
    started = world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=72)).isoformat()}, status=201)
    assert started["time_zone"] == "America/New_York"
    world["mex"].ok("POST", f"/silence/{started['id']}/break",
                    {"reason": "Mexico cannot join consensus on paragraph 2."})
    for who in ("cofac", "mex", "che", "obs"):
        [procedure] = world[who].ok("GET", f"{world.p}/silence")
        [broken] = procedure["breaks"]
        assert broken["delegation"] == "Mexico", who
        assert broken["at"] and broken["reason"].startswith("Mexico cannot"), who
    assert world["outsider"].get(f"/silence/{started['id']}").status == 404


def test_a_process_works_in_new_york_time_until_its_co_facilitators_set_another_zone(
        world: World) -> None:
    assert world["cofac"].ok("GET", world.p)["time_zone"] == "America/New_York"
    changed = world["cofac"].ok("PATCH", world.p, {"time_zone": "Africa/Nairobi"})
    assert changed["time_zone"] == "Africa/Nairobi"
    assert world["obs"].ok("GET", world.p)["time_zone"] == "Africa/Nairobi"


def test_a_zone_that_is_not_an_iana_name_is_refused_and_changes_nothing(world: World) -> None:
    for bad in ("New York", "Mars/Olympus_Mons", "../../etc/passwd", "", "+05:00"):
        reply = world["cofac"].patch(world.p, {"time_zone": bad})
        assert reply.status == 422, bad
    assert world["cofac"].ok("GET", world.p)["time_zone"] == "America/New_York"


def test_only_the_co_facilitators_set_the_zone(world: World) -> None:
    for who in ("mex", "obs"):
        assert world[who].patch(world.p, {"time_zone": "Europe/Zurich"}).status == 403
    assert world["cofac"].ok("GET", world.p)["time_zone"] == "America/New_York"
