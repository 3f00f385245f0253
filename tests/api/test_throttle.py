"""Sign-in attempts are throttled per address and per account."""

from __future__ import annotations

from config import TestConfig
from server import create_app


def test_sign_in_is_throttled(sqlite_url: str) -> None:
    config = TestConfig(sqlite_url)
    config.LOGIN_RATE = "3/minute"
    app = create_app(config)
    client = app.test_client()
    body = {"email": "nobody@accord.example", "password": "wrong password"}
    statuses = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    reply = client.post("/api/v1/auth/login", json=body).get_json()
    assert reply["error"]["code"] == "too_many_requests"
    assert set(reply["error"]) == {"code", "message", "details"}
    app.extensions["accord"].engine.dispose()
