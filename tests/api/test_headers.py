"""Headers and the client's files (issue 11, item 10), each test as the attack: a shared cache
keeping someone's JSON, a page framing /socket.io's answers, a downgrade to plain HTTP, and
reading the server's files around the client's allow-list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import TestConfig
from server import create_app
from tests.support.driver import Driver

SECURITY = ("X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
            "Content-Security-Policy")


def make_app(url: str, *, secure: bool = False) -> Flask:
    config = TestConfig(url)
    config.SESSION_COOKIE_SECURE = secure
    return create_app(config)


@pytest.fixture
def one_app(sqlite_url: str) -> Iterator[Flask]:
    app = make_app(sqlite_url)
    yield app
    app.extensions["accord"].engine.dispose()


@pytest.fixture
def client(one_app: Flask) -> FlaskClient:
    return one_app.test_client()


def test_authenticated_json_is_never_stored_by_a_cache(one_app: Flask) -> None:
    person = Driver(one_app).user("admin@accord.example", admin=True)
    headers = {"Authorization": f"Bearer {person.token}"}
    for method, path in [("GET", "/api/v1/auth/me"), ("GET", "/api/v1/processes"),
                         ("POST", "/api/v1/processes"), ("GET", "/api/v1/nowhere")]:
        reply = person.client.open(path, method=method, headers=headers, json={})
        assert reply.headers.get("Cache-Control") == "no-store", (method, path)
    # Nor the answers to nobody in particular (who is signed in changes them).
    assert person.client.get("/api/v1/auth/me").headers["Cache-Control"] == "no-store"


def test_socket_io_answers_carry_the_security_headers(client: FlaskClient) -> None:
    reply = client.get("/socket.io/?EIO=4&transport=polling")
    assert reply.status_code == 200, reply.data
    for name in SECURITY:
        assert name in reply.headers, name
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Cache-Control"] == "no-store"
    refused = client.get("/socket.io/?EIO=4&transport=nonsense")
    for name in SECURITY:
        assert name in refused.headers, name


def test_every_other_answer_carries_them_too(client: FlaskClient) -> None:
    for path in ["/", "/client/app.js", "/client/nowhere.js", "/nowhere", "/api/v1/catalogue"]:
        reply = client.get(path)
        reply.close()
        for name in SECURITY:
            assert name in reply.headers, (path, name)


def test_hsts_is_sent_when_secure_cookies_are_on(sqlite_url: str) -> None:
    secure = make_app(sqlite_url, secure=True)
    plain = make_app(sqlite_url, secure=False)
    try:
        for path in ["/", "/api/v1/catalogue", "/socket.io/?EIO=4&transport=polling"]:
            with secure.test_client().get(path) as reply:
                hsts = reply.headers.get("Strict-Transport-Security")
            assert hsts is not None and "max-age=31536000" in hsts, path
            with plain.test_client().get(path) as reply:
                assert "Strict-Transport-Security" not in reply.headers
    finally:
        secure.extensions["accord"].engine.dispose()
        plain.extensions["accord"].engine.dispose()


HIDDEN = [
    "package.json", "package-lock.json", "vendor.mjs", ".gitignore",
    "node_modules/yjs/package.json",
    "./package.json", "%2e/package.json", "%2E/package.json", ".%2fpackage.json",
    "./node_modules/yjs/package.json", "%2e/node_modules/yjs/package.json",
    "lib/../package.json", "lib/%2e%2e/package.json", "lib/%2E%2E/vendor.mjs",
    "vendor/esm/../../package.json", "lib//../package.json", "/package.json",
    "lib/api.test.js", "lib/./api.test.js", "lib/%2e/api.test.js", "features/text.test.js",
    "lib/catalogue.fixture.js", "lib%2fapi.test.js", "lib/api.test.js%00.js",
    "vendor/../../pyproject.toml", "%2e%2e/config.py", "..%2fconfig.py", "index.html",
    "lib/api.js/", "lib", "features/", "vendor/esm/yjs/package.json",
    "lib%5c..%5c..%5cconfig.py", "lib\\..\\package.json", ".../package.json",
    "%252e%252e/package.json", "%c0%ae%c0%ae/package.json", "lib/.hidden.js",
]
SERVED = ["app.js", "accord.css", "favicon.svg", "lib/api.js", "features/amendments.js",
          "vendor/socket.io.min.js", "vendor/esm/yjs/dist/yjs.js"]


@pytest.mark.parametrize("name", HIDDEN)
def test_no_path_reaches_what_the_client_does_not_serve(client: FlaskClient, name: str) -> None:
    reply = client.get(f"/client/{name}", follow_redirects=True)  # ("//" is redirected)
    reply.close()
    assert reply.status_code == 404, (name, reply.status_code)


@pytest.mark.parametrize("name", SERVED)
def test_what_the_client_loads_is_served(client: FlaskClient, name: str) -> None:
    reply = client.get(f"/client/{name}")
    assert reply.status_code == 200, name
    assert reply.data
    reply.close()
