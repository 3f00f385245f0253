"""Every answer of the API tests is checked against the served OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.contract import ContractChecker
from tests.support.driver import As, Reply

_CHECKER: list[ContractChecker] = []


def _checker(person: As) -> ContractChecker:
    if not _CHECKER:
        served = person.client.get("/api/v1/openapi.json")
        assert served.status_code == 200
        _CHECKER.append(ContractChecker(served.get_json()))
    return _CHECKER[0]


@pytest.fixture(autouse=True)
def _responses_keep_the_contract(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Wrap every request the API tests make: its answer must match the document."""
    original = As.call
    broken: list[str] = []

    def call(self: As, method: str, path: str, body: Any = None, **kwargs: Any) -> Reply:
        reply = original(self, method, path, body, **kwargs)
        broken.extend(_checker(self).problems(method.upper(), "/api/v1" + path, reply.status,
                                              reply.body, reply.content_type))
        return reply

    monkeypatch.setattr(As, "call", call)
    yield
    assert not broken, "answers that break the OpenAPI document:\n" + "\n".join(
        sorted(set(broken)))
