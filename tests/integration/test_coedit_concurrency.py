"""Pen-holders at the same moment, on both databases: edits of different paragraphs from the
same copy both win; edits of one paragraph over HTTP and over /live both end in its text."""

from __future__ import annotations

import base64
import threading
from typing import Any

import pycrdt

from server import socketio
from tests.support.driver import As, Reply
from tests.support.worlds import World


def _at_once(actions: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = actions[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _patch(who: As, path: str, body: dict[str, Any]) -> Any:
    mine = As(who.client.application.test_client(), who.token, who.name)
    return lambda: mine.call("PATCH", path, body)


def test_two_editors_of_different_paragraphs_from_one_copy_both_win(world: World) -> None:
    for round_ in range(3):
        version = world.working_version()
        replies: list[Reply] = _at_once([
            _patch(world["cofac"], f"{world.d}/working-copy/units/op1",
                   {"base_version": version, "text": f"Return, round {round_}."}),
            _patch(world["sec"], f"{world.d}/working-copy/units/op2",
                   {"base_version": version, "text": f"Review, round {round_}."})])
        assert [r.status for r in replies] == [200, 200], [r.body for r in replies]
        copy = world["cofac"].ok("GET", f"{world.d}/working-copy")
        texts = {u["key"]: u["text"] for u in copy["units"]}
        assert (texts["op1"], texts["op2"]) == (f"Return, round {round_}.",
                                                f"Review, round {round_}.")
        assert copy["version"] == version + 2


def test_an_http_edit_and_a_live_keystroke_at_once_both_reach_the_text(world: World) -> None:
    assert world.driver is not None
    app = world.driver.app
    peer = socketio.test_client(app, namespace="/live", auth={"token": world["sec"].token})
    peer.emit("coedit.join", {"document_id": world.document_id}, namespace="/live",
              callback=True)
    doc: Any = pycrdt.Doc()
    text = doc.get("text", type=pycrdt.Text)
    ack = peer.emit("coedit.sync", {"document_id": world.document_id, "unit": "op2",
                                    "state_vector": base64.b64encode(doc.get_state()).decode()},
                    namespace="/live", callback=True)
    doc.apply_update(base64.b64decode(ack["update"]))
    original = str(text)
    made: list[bytes] = []
    subscription = doc.observe(lambda event: made.append(event.update))
    text.insert(len(original.encode()), " [live]")
    doc.unobserve(subscription)
    copy = world["cofac"].ok("GET", f"{world.d}/working-copy")
    version = copy["unit_versions"]["op2"]

    def keystroke() -> Any:
        return peer.emit("coedit.update", {"document_id": world.document_id, "unit": "op2",
                                           "update": base64.b64encode(made[0]).decode()},
                         namespace="/live", callback=True)

    http, live = _at_once([
        _patch(world["cofac"], f"{world.d}/working-copy/units/op2",
               {"base_version": version, "text": "[http] " + original}),
        keystroke])
    assert live["ok"], live
    # Either order: the HTTP edit was made from the paragraph's version, so it may be stale
    # (409) if the keystroke came first; what was accepted is all in the text.
    final = next(u["text"] for u in world["cofac"].ok("GET", f"{world.d}/working-copy")["units"]
                 if u["key"] == "op2")
    if http.status == 200:
        assert final == "[http] " + original + " [live]"
    else:
        assert http.status == 409 and final == original + " [live]"


class _Pen:
    def __init__(self, world: World, who: str, key: str) -> None:
        assert world.driver is not None
        self.client = socketio.test_client(world.driver.app, namespace="/live",
                                           auth={"token": world[who].token})
        self.document_id, self.key = world.document_id, key
        self.doc: Any = pycrdt.Doc()
        self.text = self.doc.get("text", type=pycrdt.Text)
        self.client.emit("coedit.join", {"document_id": self.document_id}, namespace="/live",
                         callback=True)
        ack = self.client.emit("coedit.sync", {
            "document_id": self.document_id, "unit": key,
            "state_vector": base64.b64encode(self.doc.get_state()).decode()},
            namespace="/live", callback=True)
        self.doc.apply_update(base64.b64decode(ack["update"]))

    def type(self, chars: str, *, at_end: bool) -> list[Any]:
        acks = []
        for char in chars:
            made: list[bytes] = []
            subscription = self.doc.observe(lambda event, made=made: made.append(event.update))
            self.text.insert(len(str(self.text).encode()) if at_end else 0, char)
            self.doc.unobserve(subscription)
            acks.append(self.client.emit("coedit.update", {
                "document_id": self.document_id, "unit": self.key,
                "update": base64.b64encode(made[0]).decode()},
                namespace="/live", callback=True))
        return acks

    def catch_up(self) -> str:
        for message in self.client.get_received("/live"):
            if message["name"] == "coedit.update":
                self.doc.apply_update(base64.b64decode(message["args"][0]["update"]))
        return str(self.text)


def test_two_pen_holders_typing_into_one_paragraph_at_once_lose_nothing(world: World) -> None:
    """Each keystroke is its own transaction; on PostgreSQL they run at the same time."""
    one, two = _Pen(world, "cofac", "op2"), _Pen(world, "sec", "op2")
    original = str(one.text)
    acks = _at_once([lambda: one.type("AAAAAAAAAAAAAAAAAAAA", at_end=False),
                     lambda: two.type("BBBBBBBBBBBBBBBBBBBB", at_end=True)])
    assert all(a["ok"] and a["changed"] for batch in acks for a in batch), acks
    stored = next(u["text"] for u in world["cofac"].ok("GET", f"{world.d}/working-copy")["units"]
                  if u["key"] == "op2")
    assert stored == "A" * 20 + original + "B" * 20
    assert one.catch_up() == two.catch_up() == stored
