"""A live client that does nothing the server asks: it never subscribes again by itself, as
an attacker's (or a buggy) client would not. What reaches it is only what the server decides
to send."""

from __future__ import annotations

from typing import Any

from tests.support.liveclient import NAMESPACE, LiveClient


class Stubborn(LiveClient):
    """A client that never subscribes again by itself: what reaches it is only what the
    server decides to send. It records the access messages it is sent."""

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(base, **kwargs)
        self.access: list[tuple[str, dict[str, Any]]] = []
        self.sio.on("access.changed", lambda m: self._note("access.changed", m),
                    namespace=NAMESPACE)
        self.sio.on("access.ended", lambda m: self._note("access.ended", m),
                    namespace=NAMESPACE)

    def _note(self, name: str, message: dict[str, Any]) -> None:
        with self.lock:
            self.access.append((name, message))

    def _on_resubscribe(self, message: dict[str, Any]) -> None:
        with self.lock:
            self.resubscribe_requests.append(message)

    def seen_after(self, process_id: int, seq: int) -> list[dict[str, Any]]:
        """Every event of the process numbered after ``seq`` that reached it."""
        with self.lock:
            return [e for e in self.raw if e["process_id"] == process_id and e["seq"] > seq]


def stubborn(clients: list[LiveClient], base: str, **kwargs: Any) -> Stubborn:
    client = Stubborn(base, **kwargs)
    clients.append(client)
    client.connect()
    return client
