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
import io
import socket
import time
from collections import deque
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
    """The connection's socket in the WSGI server's environ (as simple-websocket finds it):
    under gevent a duplicate, so that the WSGI handler's closing its own does not end it."""
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


def _release_input(environ: dict[str, Any]) -> None:
    """Close the buffered reader gevent's handler read the request with: this WebSocket reads
    its own socket (nothing follows a handshake before its answer, RFC 6455 4.1), and the
    reader's 8 KB buffer would otherwise stay allocated for as long as the connection is
    open. The handler sees it closed and reads no further request."""
    wsgi_input = environ.get("wsgi.input")
    reader = getattr(wsgi_input, "rfile", wsgi_input)
    if isinstance(reader, io.BufferedReader):
        with contextlib.suppress(OSError):
            reader.close()


class _DirectQueue:
    """Stands for an engineio socket's packet queue once its WebSocket is open: a packet put
    is written at once (:meth:`LeanWebSocket._write`), in the order put; None (engineio's
    "no more") closes the WebSocket after what is pending."""

    __slots__ = ("ws",)

    def __init__(self, ws: LeanWebSocket) -> None:
        self.ws = ws

    def put(self, pkt: Any) -> None:
        if pkt is None:
            self.ws.close()
            return
        with contextlib.suppress(OSError):  # closed: the reader ends the connection
            self.ws.send(pkt.encode())

    def join(self) -> None:
        import gevent

        while not self.ws.flushed:
            gevent.sleep(0.01)

    def empty(self) -> bool:
        return True


class LeanWebSocket:
    """engineio's WebSocket interface (``__call__``, ``wait``, ``send``, ``close``)."""

    # One per live connection: no instance dictionary.
    __slots__ = ("_buffer", "_flushing", "_pending", "_shutdown_when_flushed", "_sock", "app",
                 "closed", "limit")

    def __init__(self, handler: Callable[[LeanWebSocket], Any], server: Any) -> None:
        self.app = handler
        self.limit = int(getattr(server, "max_http_buffer_size", 1_000_000))
        self._sock: socket.socket | None = None
        self._buffer = b""
        #: Frames the kernel did not take yet, in order, and whether a greenlet is sending
        #: them (then every later frame waits behind them).
        self._pending: deque[bytes] = deque()
        self._flushing = False
        self._shutdown_when_flushed = False
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
        if mode == "gevent":
            _release_input(environ)
        detached = False
        try:
            sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                         b"Connection: Upgrade\r\nSec-WebSocket-Accept: "
                         + accept_key(key).encode("ascii") + b"\r\n\r\n")
            eio = self._open()
            if eio is None:
                self.app(self)  # upgraded from long-polling: engineio's own handler
            elif mode == "gevent":
                # Read in a greenlet of its own, and let the WSGI handler's end: a greenlet
                # waiting keeps a copy of its C stack and its Python frames, and the
                # handler's, at the bottom of the WSGI server, the middlewares and engineio,
                # is deep (about 7 KB and a page of frames for every open connection). The
                # handler does not read the socket again (server/serve.py); this duplicate
                # of it stays open.
                import gevent

                gevent.spawn_raw(self._serve, eio)
                detached = True
            else:
                self._serve(eio)
        finally:
            if not detached:
                self._end()
        if mode == "gunicorn":
            raise StopIteration()  # gunicorn: the response was written already
        return []

    def _end(self) -> None:
        self.closed = True
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()

    def _open(self) -> Any:
        """Open engineio's socket over this WebSocket (None when engineio's own handler is
        to serve it: a connection upgraded from long-polling): packets are written by
        whoever sends them (see :class:`_DirectQueue`), without engineio's writer greenlet,
        and the OPEN packet queued before the upgrade first."""
        eio = getattr(self.app, "__self__", None)
        if eio is None or eio.connected or self._sock is None:
            return None
        server = eio.server
        eio.connected = eio.upgraded = True
        # As engineio: a client silent for longer than a ping cycle is gone.
        self._sock.settimeout(server.ping_interval + server.ping_timeout)
        queued, eio.queue = eio.queue, _DirectQueue(self)
        while not queued.empty():  # the OPEN packet, sent before the upgrade
            pkt = queued.get_nowait()
            if pkt is not None:
                eio.queue.put(pkt)
        return eio

    def _serve(self, eio: Any) -> None:
        """engineio's WebSocket handler, without its writer greenlet: this greenlet only
        reads, and hands each packet to engineio."""
        try:
            self._receive_all(eio)
        except Exception:  # in a greenlet of its own: said here, and the connection ends
            eio.server.logger.exception("The live connection failed")
        finally:
            self._end()

    def _receive_all(self, eio: Any) -> None:
        from engineio import exceptions, packet  # type: ignore[import-untyped]

        server = eio.server
        while True:
            try:
                data = self.wait()
            except Exception:  # a timeout, a reset: the connection is over
                break
            if data is None:
                break
            try:
                eio.receive(packet.Packet(encoded_packet=data))
            except exceptions.UnknownPacketError:
                pass
            except exceptions.SocketIsClosedError:
                break
            except Exception:
                server.logger.exception("Unknown receive error")
                break
        eio.close(wait=False, abort=True, reason=server.reason.TRANSPORT_CLOSE)
        self.close()

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
        """Send a close frame (after every frame still pending) and stop reading (the
        reader's wait() then returns None)."""
        if self.closed:
            return
        with contextlib.suppress(OSError):
            self._write(_CLOSE, (1000).to_bytes(2, "big"))
        self.closed = True
        if self._flushing:
            self._shutdown_when_flushed = True
        else:
            self._shutdown()

    def _shutdown(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)

    @property
    def flushed(self) -> bool:
        return not self._flushing and not self._pending

    # ---- frames -------------------------------------------------------------------------

    def _write(self, opcode: int, payload: bytes) -> None:
        """Send a frame now if the kernel takes it, else after those pending (never
        blocking the caller: it may be a broadcast's, with thousands of recipients left)."""
        if self.closed or self._sock is None:
            raise OSError("the WebSocket is closed")
        data = frame(opcode, payload)
        if self._flushing:
            self._pending.append(data)
            return
        raw = getattr(self._sock, "_sock", None)  # gevent's: the non-blocking OS socket
        if raw is None:
            self._sock.sendall(data)
            return
        try:
            sent = raw.send(data)
        except BlockingIOError:
            sent = 0
        except OSError:
            self.closed = True
            raise
        if sent < len(data):
            self._pending.append(data[sent:])
            self._flushing = True
            import gevent

            gevent.spawn(self._flush)

    def _flush(self) -> None:
        """Send the pending frames in order, waiting for the socket as long as it takes."""
        assert self._sock is not None
        try:
            while self._pending:
                self._sock.sendall(self._pending.popleft())
        except OSError:
            self.closed = True
            self._pending.clear()
            self._shutdown()
        finally:
            self._flushing = False
            if self._shutdown_when_flushed:
                self._shutdown()

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
    if choice == "lean":
        _install_pinger(eio_server)


class Pinger:
    """Engine.IO pings for every connection of a server from one greenlet.

    engineio starts a greenlet per connection after each pong only to sleep ``ping_interval``
    and send the next ping: one more greenlet, with its own Python data stack, per connected
    client. The interval is the same for all, so the connections fall due in the order they
    were scheduled: a queue, served by one loop."""

    def __init__(self, eio_server: Any) -> None:
        self.server = eio_server
        self.due: deque[tuple[float, Any]] = deque()
        self.started = False

    def schedule(self, sock: Any) -> None:
        self.due.append((time.monotonic() + self.server.ping_interval, sock))
        if not self.started:
            self.started = True
            self.server.start_background_task(self._run)

    def _run(self) -> None:
        from engineio import packet

        while True:
            now = time.monotonic()
            while self.due and self.due[0][0] <= now:
                _, sock = self.due.popleft()
                if not sock.closing and not sock.closed:
                    sock.last_ping = time.time()
                    # A socket closed meanwhile has nothing to ping.
                    with contextlib.suppress(Exception):
                        sock.send(packet.Packet(packet.PING))
            wait = self.due[0][0] - now if self.due else 1.0
            self.server.sleep(min(max(wait, 0.01), 1.0))


def _install_pinger(eio_server: Any) -> None:
    """Have this server's connections pinged by one :class:`Pinger` (engineio's Socket
    consults its server for one; other servers in the process keep engineio's own)."""
    from engineio import socket as eio_socket

    eio_server.accord_pinger = Pinger(eio_server)
    cls = eio_socket.Socket
    if getattr(cls, "_accord_original_schedule_ping", None) is None:
        original = cls.schedule_ping

        def schedule_ping(self: Any) -> None:
            pinger = getattr(self.server, "accord_pinger", None)
            if pinger is None:
                original(self)
            elif self.last_ping:  # as engineio: only once the previous ping was answered
                self.last_ping = None
                pinger.schedule(self)

        cls._accord_original_schedule_ping = original
        cls.schedule_ping = schedule_ping
