"""The lean WebSocket (server/live/websocket.py) against a real gevent server, frame by frame
over a raw TCP socket: the handshake accepts no compression even when offered, a message
in fragments is put together, pings are answered, a close is answered, and a client that
breaks the protocol (unmasked frames, an oversized message) is closed with the right code."""

from __future__ import annotations

import base64
import json
import os
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from server.live.websocket import accept_key, frame, unmask
from tests.support.live import Live

pytestmark = pytest.mark.slow


class RawClient:
    """A WebSocket client that writes its frames by hand (masked, as a client must)."""

    def __init__(self, base: str, extensions: str | None = None) -> None:
        parts = urlsplit(base)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
        self.key = base64.b64encode(os.urandom(16)).decode()
        offer = f"Sec-WebSocket-Extensions: {extensions}\r\n" if extensions else ""
        self.sock.sendall((
            f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {self.key}\r\nSec-WebSocket-Version: 13\r\n{offer}\r\n"
        ).encode())
        self.buffer = b""
        head = self._until(b"\r\n\r\n").decode("latin-1")
        self.status, *lines = head.split("\r\n")
        self.headers = {k.strip().lower(): v.strip()
                        for k, _, v in (line.partition(":") for line in lines if line)}

    def _until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            chunk = self.sock.recv(4096)
            assert chunk, "the server closed the connection"
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def send_frame(self, opcode: int, payload: bytes, *, fin: bool = True,
                   masked: bool = True) -> None:
        n = len(payload)
        first = (0x80 if fin else 0) | opcode
        mask_bit = 0x80 if masked else 0
        if n < 126:
            header = bytes((first, mask_bit | n))
        else:
            header = bytes((first, mask_bit | 126)) + n.to_bytes(2, "big")
        if masked:
            mask = os.urandom(4)
            self.sock.sendall(header + mask + unmask(payload, mask))
        else:
            self.sock.sendall(header + payload)

    def frame(self) -> tuple[int, bool, bytes]:
        """The next frame: opcode, final, payload (a server's frames are never masked)."""
        head = self._read(2)
        assert not head[1] & 0x80, "a server frame was masked"
        length = head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(self._read(2), "big")
        elif length == 127:
            length = int.from_bytes(self._read(8), "big")
        return head[0] & 0x0F, bool(head[0] & 0x80), self._read(length)

    def text(self) -> str:
        """The next text message, answering Engine.IO pings on the way."""
        while True:
            opcode, fin, payload = self.frame()
            assert opcode == 0x1 and fin, (opcode, payload)
            if payload != b"2":
                return payload.decode()

    def closed_after(self) -> bool:
        """Whether the server then ends the TCP connection."""
        try:
            return self._read(1) == b""
        except EOFError:
            return True
        except TimeoutError:
            return False

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw(live: Live) -> Iterator[RawClient]:
    client = RawClient(live.server.base, extensions="permessage-deflate; "
                                                    "client_max_window_bits")
    yield client
    client.close()


def test_the_handshake_accepts_no_compression_even_when_offered(raw: RawClient) -> None:
    assert raw.status.startswith("HTTP/1.1 101"), raw.status
    assert raw.headers["sec-websocket-accept"] == accept_key(raw.key)
    assert raw.headers["upgrade"].lower() == "websocket"
    assert "sec-websocket-extensions" not in raw.headers
    opened = raw.text()
    assert opened.startswith("0") and json.loads(opened[1:])["sid"]


def test_a_message_in_fragments_is_put_together_and_pings_are_answered(
        raw: RawClient, live: Live) -> None:
    raw.text()  # the open packet
    message = f"40/live,{json.dumps({'token': live.token(0)})}".encode()
    raw.send_frame(0x1, message[:5], fin=False)
    raw.send_frame(0x9, b"between")  # a control frame may come between fragments
    raw.send_frame(0x0, message[5:])
    opcode, fin, payload = raw.frame()
    assert (opcode, fin, payload) == (0xA, True, b"between")
    connected = raw.text()
    assert connected.startswith("40/live,") and "sid" in json.loads(connected[8:]), connected
    # Subscribing works over it too: the acknowledgement comes back as one text frame.
    raw.send_frame(0x1, f'42/live,7["subscribe",{{"process_id":{live.pid},'
                        f'"last_seq":{live.head()}}}]'.encode())
    ack = raw.text()
    assert ack.startswith("43/live,7") and json.loads(ack[9:])[0]["ok"], ack


def test_a_close_is_answered_and_the_connection_ends(raw: RawClient) -> None:
    raw.text()
    raw.send_frame(0x8, (1000).to_bytes(2, "big") + b"bye")
    opcode, _fin, payload = raw.frame()
    assert opcode == 0x8 and int.from_bytes(payload[:2], "big") == 1000
    assert raw.closed_after()


@pytest.mark.parametrize(("case", "code"), [("unmasked", 1002), ("oversized", 1009),
                                            ("orphan continuation", 1002)])
def test_a_client_breaking_the_protocol_is_closed_with_its_code(
        raw: RawClient, case: str, code: int) -> None:
    raw.text()
    if case == "unmasked":
        raw.send_frame(0x1, b"2", masked=False)
    elif case == "oversized":  # announced far above engineio's limit: refused unread
        raw.sock.sendall(bytes((0x81, 0x80 | 127)) + (1 << 40).to_bytes(8, "big")
                         + os.urandom(4))
    else:
        raw.send_frame(0x0, b"more")
    opcode, _fin, payload = raw.frame()
    assert opcode == 0x8 and int.from_bytes(payload[:2], "big") == code, payload
    assert raw.closed_after()


def test_frames_are_built_as_the_rfc_says() -> None:
    assert frame(0x1, b"hi") == b"\x81\x02hi"
    assert frame(0x2, b"x" * 200)[:4] == b"\x82\x7e\x00\xc8"
    assert frame(0x1, b"x" * 70_000)[:10] == b"\x81\x7f" + (70_000).to_bytes(8, "big")
    assert unmask(b"", b"abcd") == b""
    assert unmask(unmask(b"abcdefg", b"\x01\x02\x03\x04"), b"\x01\x02\x03\x04") == b"abcdefg"


def test_frames_the_kernel_cannot_take_yet_wait_in_order_and_the_sender_never_blocks() -> None:
    """A client that reads slowly: the broadcaster's writes return at once, what the kernel
    does not take is sent later by a greenlet of its own, in order, and a close goes last."""
    import gevent
    import gevent.socket

    from server.live.websocket import LeanWebSocket

    ours, theirs = gevent.socket.socketpair()
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    ws = LeanWebSocket(lambda _ws: None, None)
    ws._sock = ours
    messages = [f"4{i:05d}" + "x" * 1000 for i in range(500)]
    for message in messages:  # would block on a full buffer if it waited for the kernel
        with gevent.Timeout(1):
            ws.send(message)
    assert not ws.flushed, "a 4 KB buffer took 500 KB at once"
    ws.close()
    received = b""
    with gevent.Timeout(20):
        while True:
            chunk = theirs.recv(65536)
            if not chunk:
                break
            received += chunk
    frames, at = [], 0
    while at < len(received):
        length = received[at + 1] & 0x7F
        header = 2
        if length == 126:
            length, header = int.from_bytes(received[at + 2:at + 4], "big"), 4
        frames.append((received[at] & 0x0F, received[at + header:at + header + length]))
        at += header + length
    assert [p.decode() for op, p in frames if op == 0x1] == messages
    assert frames[-1] == (0x8, (1000).to_bytes(2, "big"))
    assert ws.flushed
    ours.close()
    theirs.close()
