"""The contract check itself: it catches what it is there to catch."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from pydantic import BaseModel

import server.features
from server.features import blueprints
from tests.support.contract import ContractChecker
from tests.support.driver import Driver

DOCUMENT: dict[str, Any] = {
    "paths": {
        "/api/v1/things/{id}": {"get": {"responses": {
            "200": {"content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Thing"}}}},
            "404": {"content": {"application/json": {"schema": {"type": "object"}}}}}}},
        "/api/v1/things/new": {"get": {"responses": {"204": {"description": "Done"}}}},
    },
    "components": {"schemas": {"Thing": {
        "type": "object", "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}}},
}


def test_it_finds_a_missing_field_a_wrong_type_and_an_undocumented_status() -> None:
    checker = ContractChecker(DOCUMENT)
    json = "application/json"
    assert checker.problems("GET", "/api/v1/things/4", 200, {"id": 4, "name": "a"}, json) == []
    assert checker.problems("GET", "/api/v1/things/4", 200, {"id": 4}, json) == [
        "GET /api/v1/things/{id} -> 200: (body): 'name' is a required property"]
    assert checker.problems("GET", "/api/v1/things/4", 200, {"id": "4", "name": "a"}, json
                            ) == ["GET /api/v1/things/{id} -> 200: id: '4' is not of type "
                                  "'integer'"]
    assert "not in the document" in checker.problems("GET", "/api/v1/things/4", 409, {},
                                                     json)[0]
    assert "text/html" in checker.problems("GET", "/api/v1/things/4", 200, "<p>", "text/html")[0]
    # A literal path wins over a template; its answer has no body.
    assert checker.problems("GET", "/api/v1/things/new", 204, None, "") == []


def test_model_names_are_unique_across_the_api() -> None:
    blueprints()  # imports every feature's routes and models
    names: dict[str, set[str]] = {}
    for module_name, module in list(__import__("sys").modules.items()):
        if not module_name.startswith(server.features.__name__ + "."):
            continue
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseModel) and (
                    value.__module__ == module_name):
                names.setdefault(name, set()).add(module_name)
    assert {n: m for n, m in names.items() if len(m) > 1} == {}


@pytest.mark.parametrize("status", [200])
def test_the_served_document_holds_no_two_models_of_one_name(api: Driver, status: int) -> None:
    reply = api.anonymous.call("GET", "/openapi.json")
    assert reply.status == status
    assert "ImportedUnitMatchOut" in reply.body["components"]["schemas"]
    assert set(reply.body["components"]["schemas"]["LineageOut"]["required"]) >= {
        "status", "old", "new"}
