"""A lean WebSocket (RFC 6455) for python-engineio under gevent.

engineio's gevent driver serves WebSockets with simple-websocket when gevent-websocket is
not installed. Measured with ``bench/fanout.py`` (issue 15), that costs per recipient of a
broadcast: it accepts permessage-deflate whenever the client offers it (browsers and aiohttp
do), so every event is compressed once per recipient, and every connection keeps a zlib
compressor and decompressor (hundreds of KB); each frame is built by wsproto in pure Python;
and each connection runs a third greenlet that only reads the socket and hands messages over.

This one does what engineio needs and no more: the handshake (no extension is accepted, so no
compression: on a LAN or behind nginx a 300-byte event gains nothing from it), frames read in
the connection's own greenlet (engineio's handler), frames written with one ``sendall`` each,
under a lock (the reader answers pings and closes; engineio's writer sends everything else).
Its ``_sock`` is the attribute engineio sets its ping timeout on, so a silent client is
dropped as before.

``LIVE_WEBSOCKET`` (config.py) chooses it (``lean``, the default) or simple-websocket
(``simple``: without permessage-deflate; ``simple-deflate``: as the library comes).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_TEXT, _BINARY, _CONTINUATION, _CLOSE, _PING, _PONG = 0x1, 0x2, 0x0, 0x8, 0x9, 0xA
_RECEIVE_BYTES = 4096


class Closed(Exception):
    """The peer closed the connection, or broke the protocol (then it was closed)."""


def accept_key(key: str) -> str:
    """The Sec-WebSocket-Accept answering a Sec-WebSocket-Key (RFC 6455, 4.2.2).

    >>> accept_key("dGhlIHNhbXBsZSBub25jZQ==")
    's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
    """
    return base64.b64encode(hashlib.sha1(key.encode("ascii") + _GUID).digest()).decode("ascii")


def frame(opcode: int, payload: bytes) -> bytes:
    """One unmasked, final frame (a server's)."""
    n = len(payload)
    if n < 126:
        header = bytes((0x80 | opcode, n))
    elif n < 1 << 16:
        header = bytes((0x80 | opcode, 126)) + n.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 127)) + n.to_bytes(8, "big")
    return header + payload


def unmask(data: bytes, mask: bytes) -> bytes:
    """A client's payload, unmasked (XOR with the 4-byte key, as one big integer).

    >>> unmask(unmask(b"hello", b"abcd"), b"abcd")
    b'hello'
    """
    n = len(data)
    if n == 0:
        return b""
    key = (mask * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(key, "little")).to_bytes(n, "little")


def _socket_of(environ: dict[str, Any]) -> tuple[socket.socket | None, str]:
    """The connection's socket in the WSGI server's environ (as simple-websocket finds it)."""
    if "gunicorn.socket" in environ:
        return environ["gunicorn.socket"], "gunicorn"
    if environ.get("SERVER_SOFTWARE", "").startswith("gevent"):
        wsgi_input = environ["wsgi.input"]
        if not hasattr(wsgi_input, "raw") and hasattr(wsgi_input, "rfile"):
            wsgi_input = wsgi_input.rfile
        if hasattr(wsgi_input, "raw"):
            sock: socket.socket = wsgi_input.raw._sock
            with contextlib.suppress(NotImplementedError):
                sock = sock.dup()
            return sock, "gevent"
    return None, "unknown"


class LeanWebSocket:
    """engineio's WebSocket interface (``__call__``, ``wait``, ``send``, ``close``)."""

    def __init__(self, handler: Callable[[LeanWebSocket], Any], server: Any) -> None:
        self.app = handler
        self.limit = int(getattr(server, "max_http_buffer_size", 1_000_000))
        self._sock: socket.socket | None = None
        self._buffer = b""
        self._write_lock = threading.Lock()
        self.closed = False

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = environ.get("HTTP_SEC_WEBSOCKET_KEY", "")
        if environ.get("HTTP_UPGRADE", "").lower() != "websocket" or not key or \
                environ.get("HTTP_SEC_WEBSOCKET_VERSION") != "13":
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"Not a WebSocket handshake."]
        sock, mode = _socket_of(environ)
        if sock is None:
            raise RuntimeError("Cannot obtain the socket from the WSGI environment.")
        self._sock = sock
        try:
            sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Accept: "
                         + accept_key(key).encode("ascii") + b"\r\n\r\n")
            self.app(self)
        finally:
            self.closed = True
            with contextlib.suppress(OSError):
                sock.close()
        if mode == "gunicorn":
            raise StopIteration()  # gunicorn: the response was written already
        return []

    # ---- what engineio calls ------------------------------------------------------------

    def send(self, message: str | bytes) -> None:
        if isinstance(message, str):
            self._write(_TEXT, message.encode("utf-8"))
        else:
            self._write(_BINARY, bytes(message))

    def wait(self) -> str | bytes | None:
        """The next message (text as str, binary as bytes), or None once closed."""
        try:
            return self._message()
        except Closed:
            return None

    def close(self) -> None:
        """Send a close frame and stop reading (the reader's wait() then returns None)."""
        if self.closed:
            return
        with contextlib.suppress(OSError):
            self._write(_CLOSE, (1000).to_bytes(2, "big"))
        self.closed = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    # ---- frames -------------------------------------------------------------------------

    def _write(self, opcode: int, payload: bytes) -> None:
        if self.closed or self._sock is None:
            raise OSError("the WebSocket is closed")
        data = frame(opcode, payload)
        with self._write_lock:
            self._sock.sendall(data)

    def _fail(self, code: int) -> Closed:
        """Close with ``code`` (RFC 6455, 7.4.1); the exception to raise."""
        with contextlib.suppress(OSError):
            self._write(_CLOSE, code.to_bytes(2, "big"))
        self.closed = True
        return Closed(code)

    def _read(self, n: int) -> bytes:
        assert self._sock is not None
        while len(self._buffer) < n:
            chunk = self._sock.recv(max(_RECEIVE_BYTES, n - len(self._buffer)))
            if not chunk:
                self.closed = True
                raise Closed(1006)
            self._buffer += chunk
        data, self._buffer = self._buffer[:n], self._buffer[n:]
        return data

    def _message(self) -> str | bytes:
        parts: list[bytes] = []
        kind = None
        size = 0
        while True:
            head = self._read(2)
            fin, opcode = head[0] & 0x80, head[0] & 0x0F
            if head[0] & 0x70 or not head[1] & 0x80:  # no extension; a client masks
                raise self._fail(1002)
            length = head[1] & 0x7F
            if length == 126:
                length = int.from_bytes(self._read(2), "big")
            elif length == 127:
                length = int.from_bytes(self._read(8), "big")
            if opcode >= 0x8:  # a control frame: short, never fragmented
                if length > 125 or not fin:
                    raise self._fail(1002)
                mask = self._read(4)
                self._control(opcode, unmask(self._read(length), mask))
                continue
            if size + length > self.limit:
                raise self._fail(1009)
            mask = self._read(4)
            payload = unmask(self._read(length), mask)
            if opcode == _CONTINUATION:
                if kind is None:
                    raise self._fail(1002)
            elif opcode in (_TEXT, _BINARY):
                if kind is not None:
                    raise self._fail(1002)
                kind = opcode
            else:
                raise self._fail(1002)
            parts.append(payload)
            size += length
            if fin:
                data = parts[0] if len(parts) == 1 else b"".join(parts)
                if kind == _BINARY:
                    return data
                try:
                    return data.decode("utf-8")
                except UnicodeDecodeError:
                    raise self._fail(1007) from None

    def _control(self, opcode: int, payload: bytes) -> None:
        if opcode == _PING:
            self._write(_PONG, payload)
        elif opcode == _CLOSE:
            # Answer with the same code, then the connection is over.
            with contextlib.suppress(OSError):
                self._write(_CLOSE, payload[:2])
            self.closed = True
            raise Closed(int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005)
        elif opcode != _PONG:
            raise self._fail(1002)


CHOICES = ("lean", "simple", "simple-deflate")


def install(eio_server: Any, choice: str) -> None:
    """Have this engineio server (gevent mode) serve WebSockets with ``choice``: one of
    :data:`CHOICES` (``simple-deflate`` leaves the library's own)."""
    if choice not in CHOICES:
        raise ValueError(f"LIVE_WEBSOCKET is one of {', '.join(CHOICES)}, not {choice!r}")
    if getattr(eio_server, "async_mode", None) != "gevent" or choice == "simple-deflate":
        return
    websocket: Any = LeanWebSocket
    if choice == "simple":
        library = eio_server._async["websocket"]

        class WithoutDeflate(library):  # type: ignore[misc, valid-type]
            """simple-websocket, offered no extension (so it accepts none)."""

            def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
                environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
                return super().__call__(environ, start_response)

        websocket = WithoutDeflate
    # A copy: the driver's table is shared by every engineio server of the process.
    eio_server._async = {**eio_server._async, "websocket": websocket}
