"""The client manager puts each process's live events back in seq order (server/live/access.py):
an event overtaken on the way (another greenlet, another process) waits for the missing one,
at most a timeout; nothing is sent twice or dropped."""

from __future__ import annotations

from server.live.access import Resequencer, _sequenced


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_events_overtaken_wait_for_the_missing_one() -> None:
    sent: list[tuple[int, str]] = []
    order = Resequencer(0.5)
    order.note_head(1, 9)
    for seq, room in [(11, "all"), (12, "all"), (10, "staff"), (10, "others"), (13, "all")]:
        order.offer(1, seq, lambda seq=seq, room=room: sent.append((seq, room)))
    assert sent == [(10, "staff"), (11, "all"), (12, "all"), (10, "others"), (13, "all")]


def test_each_process_has_its_own_order() -> None:
    sent: list[tuple[int, int]] = []
    order = Resequencer(0.5)
    order.note_head(1, 0)
    order.note_head(2, 5)
    order.offer(1, 2, lambda: sent.append((1, 2)))
    order.offer(2, 6, lambda: sent.append((2, 6)))
    order.offer(1, 1, lambda: sent.append((1, 1)))
    assert sent == [(2, 6), (1, 1), (1, 2)]


def test_a_missing_event_is_waited_for_at_most_the_timeout() -> None:
    clock = Clock()
    sent: list[int] = []
    order = Resequencer(0.5, clock=clock)
    order.note_head(1, 0)
    order.offer(1, 2, lambda: sent.append(2))
    order.offer(1, 4, lambda: sent.append(4))
    clock.now = 0.4
    order.tick()
    assert sent == []
    clock.now = 0.6
    order.tick()  # 1 never came: 2 goes on; 4 waits again for 3
    assert sent == [2]
    order.offer(1, 3, lambda: sent.append(3))
    assert sent == [2, 3, 4]
    order.offer(1, 1, lambda: sent.append(1))  # late: sent all the same (the client drops it)
    assert sent == [2, 3, 4, 1]


def test_only_room_events_with_a_seq_are_ordered() -> None:
    assert _sequenced("event", [{"process_id": 1, "seq": 3, "type": "hidden"}]) == (1, 3)
    assert _sequenced("event", {"process_id": 1, "seq": 3, "replay": True}) is None
    assert _sequenced("presence", {"process_id": 1}) is None
