"""The browser client's files: buildless ES modules served from client/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, abort, send_from_directory

CLIENT_DIR = Path(__file__).resolve().parent.parent.parent / "client"
#: Never served: npm's tree, its manifests and the vendoring script.
_HIDDEN = ("node_modules", "package.json", "package-lock.json", "vendor.mjs", ".gitignore")


def register(app: Flask) -> None:
    @app.get("/")
    def index() -> Any:
        return send_from_directory(CLIENT_DIR, "index.html")

    @app.get("/client/<path:name>")
    def client_file(name: str) -> Any:
        # The client's own files and client/vendor/ (filled by `npm ci --prefix client`).
        if name.split("/", 1)[0] in _HIDDEN or name.endswith(".test.js"):
            abort(404)
        return send_from_directory(CLIENT_DIR, name)
