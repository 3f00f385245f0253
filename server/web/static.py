"""The browser client's files: buildless ES modules served from client/.

An allow-list of what the client really loads, checked on the path's own segments: the top
level's few files, and the scripts of lib/, features/, i18n/ (the message catalogues) and
vendor/ (filled by `npm ci --prefix client`). Never npm's tree or manifests, the vendoring
script, the tests or their fixtures, nor anything hidden; a path with ``.``, ``..`` or an empty
segment (however it was encoded) is refused before it is looked up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, abort, send_from_directory

CLIENT_DIR = Path(__file__).resolve().parent.parent.parent / "client"
#: The files of the client's top folder that a browser loads (index.html is served at /).
TOP_FILES = frozenset({"app.js", "accord.css", "favicon.svg"})
#: The folders whose scripts the browser loads, and what they end with.
FOLDERS = frozenset({"lib", "features", "vendor", "i18n"})
SCRIPT = ".js"
#: Scripts of those folders that only `node --test` loads.
NOT_SERVED = (".test.js", ".fixture.js")


def served(name: str) -> bool:
    """Whether ``client/<name>`` is one of the files the browser client loads."""
    parts = name.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") or "\\" in part or "\0" in part
           for part in parts):
        return False
    if len(parts) == 1:
        return parts[0] in TOP_FILES
    return (parts[0] in FOLDERS and parts[-1].endswith(SCRIPT)
            and not parts[-1].endswith(NOT_SERVED) and "node_modules" not in parts)


def register(app: Flask) -> None:
    @app.get("/")
    def index() -> Any:
        return send_from_directory(CLIENT_DIR, "index.html")

    @app.get("/client/<path:name>")
    def client_file(name: str) -> Any:
        if not served(name):
            abort(404)
        return send_from_directory(CLIENT_DIR, name)
