"""The rules under the live layer's doors, without a server: which pages may connect, the
deployment's channel, and the protocol's models."""

from __future__ import annotations

import doctest

import pytest
from pydantic import ValidationError

import config
from server.live import access
from server.live import protocol as p

OWN = frozenset({"https://accord.example"})
ENVIRON = {"HTTP_HOST": "10.0.0.5:5000", "wsgi.url_scheme": "http"}


def test_the_examples_in_the_docstrings_hold() -> None:
    for module in (access, config):
        result = doctest.testmod(module)
        assert result.failed == 0, module.__name__


@pytest.mark.parametrize(("origin", "allowed"), [
    ("https://accord.example", True),  # the public address
    ("https://ACCORD.example/", True),  # origins compare without case or a trailing slash
    ("http://10.0.0.5:5000", True),  # the address the request was made to: same origin
    (None, True),  # no Origin header: not a browser page (a token client)
    ("", True),
    ("https://evil.example", False),
    ("http://accord.example", False),  # another scheme is another origin
    ("https://accord.example.evil.example", False),
    ("null", False),  # a sandboxed frame or a file: page
])
def test_only_the_servers_own_pages_may_connect(origin: str | None, allowed: bool) -> None:
    assert access.origin_allowed(origin, ENVIRON, OWN) is allowed


def test_allowed_origins_come_from_the_setting_or_the_public_address(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_ALLOWED_ORIGINS", raising=False)
    assert config._allowed_origins("https://accord.example/app") == ["https://accord.example"]
    monkeypatch.setenv("ACCORD_ALLOWED_ORIGINS", "https://a.example, https://b.example:8443/")
    assert config._allowed_origins("https://accord.example") == [
        "https://a.example", "https://b.example:8443"]


def test_a_deployment_is_named_after_its_database_not_its_password() -> None:
    one = config.deployment_of("postgresql+psycopg://accord:s3cret@db.example/accord")
    assert one == config.deployment_of("postgresql+psycopg://accord:other@db.example/accord")
    assert "s3cret" not in one
    assert one != config.deployment_of("postgresql+psycopg://accord@db.example/geneva")
    assert config.deployment_of("sqlite:////srv/a.sqlite3") != \
        config.deployment_of("sqlite:////srv/b.sqlite3")
    assert access.channel_of(one) == f"accord:{one}:live"


def test_a_set_deployment_name_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DEPLOYMENT", "geneva")
    assert config.TestConfig("sqlite:///x.sqlite3").DEPLOYMENT == "geneva"
    monkeypatch.delenv("ACCORD_DEPLOYMENT")
    assert config.deployment_of("sqlite:///x.sqlite3") == \
        config.TestConfig("sqlite:///x.sqlite3").DEPLOYMENT


@pytest.mark.parametrize("payload", [
    None, [], "1", {"process_id": "1", "last_seq": 0}, {"process_id": True, "last_seq": 0},
    {"process_id": 1.0, "last_seq": 0}, {"process_id": 2**31, "last_seq": 0},
    {"process_id": -1, "last_seq": 0}, {"process_id": 1},
])
def test_a_subscription_needs_two_ids_of_the_right_type(payload: object) -> None:
    with pytest.raises(ValidationError):
        p.SubscribeIn.model_validate(payload)


def test_co_editing_payloads_are_bounded_and_base64() -> None:
    good = {"document_id": 1, "unit": "op1", "update": "AAA="}
    assert p.CoeditUpdateIn.model_validate(good).update == "AAA="
    for wrong in ({**good, "update": "not base64!"},
                  {**good, "update": "A" * (p.MAX_COEDIT_BYTES + 4)},
                  {**good, "unit": "u" * 41}, {**good, "unit": ""},
                  {**good, "revision_id": "3"}):
        with pytest.raises(ValidationError):
            p.CoeditUpdateIn.model_validate(wrong)
    assert p.CoeditCaretIn.model_validate({"document_id": 1, "unit": None}).unit is None


def test_every_client_message_has_a_model() -> None:
    documented = {"subscribe", "unsubscribe", "presence", "coedit.join", "coedit.leave",
                  "coedit.sync", "coedit.update", "coedit.caret"}
    assert set(p.CLIENT_MESSAGES) == documented
    for name in documented:
        assert f"    {name}" in (p.__doc__ or ""), name
