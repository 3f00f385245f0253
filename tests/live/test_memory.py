"""What a serving process holds (issue 15: its RSS with 5,000 live clients within 1.5x the Node
floor's, bench/fanout.py): the libraries it loads at start-up, measured in a fresh
interpreter started as ``accord serve`` starts one (gevent patching first)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.data import ROOT

#: Libraries the serving process has no use for until someone exports or imports a file
#: (the import worker parses uploads in a process of its own).
DOCUMENT_LIBRARIES = ("docx", "lxml", "pypdfium2")
#: Libraries of python-socketio's clients, and Redis's (without REDIS_URL).
CLIENT_LIBRARIES = ("requests", "websocket", "aiohttp", "redis")

_STARTED = """
import json, sys
import server.serve
server.serve.application()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def in_server_process(tmp_path: Path, program: str, **env_vars: str) -> str:
    """What ``program`` prints last, run in an interpreter set up as ``accord serve``'s."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(ACCORD_GEVENT_PATCH="1", ACCORD_QUIET="1",
               DATABASE_URL=f"sqlite:///{tmp_path / 'accord.db'}",
               ACCORD_INSTANCE_DIR=str(tmp_path / "instance"), **env_vars)
    result = subprocess.run([sys.executable, "-c", program], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout.splitlines()[-1]


def serving_modules(tmp_path: Path) -> set[str]:
    """The top-level modules a server process holds once its app is built."""
    return set(json.loads(in_server_process(tmp_path, _STARTED)))


def test_the_serving_process_loads_no_document_library(tmp_path: Path) -> None:
    modules = serving_modules(tmp_path)
    assert "flask" in modules and "engineio" in modules  # it did build the app
    assert not modules & set(DOCUMENT_LIBRARIES)


def test_the_serving_process_loads_no_client_library_of_socketio(tmp_path: Path) -> None:
    modules = serving_modules(tmp_path)
    assert "socketio" in modules
    assert not modules & set(CLIENT_LIBRARIES)
    # Hidden only while socketio was imported: importable as ever afterwards.
    assert in_server_process(tmp_path, "import server, requests; print(requests.__name__)") \
        == "requests"


def test_with_redis_the_serving_process_has_socketio_use_it(tmp_path: Path) -> None:
    """REDIS_URL: the client manager is python-socketio's Redis one, which needs it loaded."""
    program = "import server, socketio.redis_manager as m; print(m.redis is not None)"
    assert in_server_process(tmp_path, program, REDIS_URL="redis://127.0.0.1:6379/0") == "True"
    assert in_server_process(tmp_path, program) == "False"


def test_the_import_formats_are_the_parsers_formats() -> None:
    from server.features.files.importers.dispatch import PARSERS
    from server.features.files.service import IMPORT_FORMATS

    assert tuple(PARSERS) == IMPORT_FORMATS


def test_an_upgraded_connection_lets_go_of_the_request_reader() -> None:
    """The lean WebSocket reads its own socket: gevent's buffered reader of the request (8 KB
    each) is closed, and so freed, when the connection becomes a WebSocket."""
    import io
    import socket

    from server.live.websocket import _release_input

    ours, theirs = socket.socketpair()
    try:
        reader = ours.makefile("rb", -1)
        assert isinstance(reader, io.BufferedReader)
        _release_input({"wsgi.input": reader})
        assert reader.closed
        assert ours.fileno() != -1  # the socket itself stays open
    finally:
        ours.close()
        theirs.close()
