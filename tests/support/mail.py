"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process): the apps the
tests build, and the server processes they start, send their mail to it, and the tests read
each message and the link in it, as the person it was sent to would."""

from __future__ import annotations

import atexit
import re
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+/#/(invitation|password-reset)/([A-Za-z0-9_-]+)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Mailbox:
    """Every message the SMTP server received, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self.port = _free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> Mailbox:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        return "250 Message accepted"

    def mark(self) -> int:
        """Where the mailbox is now: :meth:`wait_for` looks at what arrives after it."""
        with self._arrived:
            return len(self.messages)

    def wait_for(self, to: str, since: int = 0, timeout: float = 10.0) -> EmailMessage:
        """The first message to ``to`` that arrived after ``since``."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages[since:]:
                    if str(message["To"]).strip().lower() == to.strip().lower():
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {to} within {timeout} s")
                self._arrived.wait(left)

    def sent_to(self, to: str, since: int = 0) -> list[EmailMessage]:
        with self._arrived:
            return [m for m in self.messages[since:]
                    if str(m["To"]).strip().lower() == to.strip().lower()]


def link_in(message: EmailMessage) -> tuple[str, str]:
    """(kind, token) of the link a message carries: ``invitation`` or ``password-reset``."""
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, message
    found = LINK.search(body.get_content())
    assert found, body.get_content()
    return found.group(1), found.group(2)


_SHARED: list[Mailbox] = []
_LOCK = threading.Lock()


def mailbox() -> Mailbox:
    """The test process's SMTP server, started the first time it is asked for."""
    with _LOCK:
        if not _SHARED:
            _SHARED.append(Mailbox().start())
            atexit.register(_SHARED[0].stop)
        return _SHARED[0]
