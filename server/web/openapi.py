"""The OpenAPI 3.1 document, built from the registered endpoints and their models."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import models_json_schema

from server.web.routing import REGISTRY, openapi_path

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message", "details"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "details": {"type": "object"}}}},
}

STATUS_TEXT = {400: "Malformed request", 401: "Not signed in", 403: "Not allowed",
               404: "Not found", 409: "Conflict with the current state",
               413: "Body too large", 415: "Body is not JSON", 422: "Invalid input",
               429: "Too many requests",
               503: "The database is unavailable (nothing was changed), or did not confirm a "
                    "write (retry with the same Idempotency-Key); see Retry-After"}

#: Said on the stored first answer given again to a retry.
REPLAYED_HEADER: dict[str, Any] = {
    "description": "'true' when this is the first answer to an earlier request with the same "
                   "Idempotency-Key, given again (the write was not done twice).",
    "schema": {"type": "string", "enum": ["true"]}}

#: The header every write of a signed-in person accepts (server/web/idempotency.py).
IDEMPOTENCY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Any string of 1 to 255 visible ASCII characters, new for each new request "
                   "(a UUID). Sent again with the same request (a retry), it returns the first "
                   "successful answer with 'Idempotent-Replayed: true' instead of doing the "
                   "write again, for ACCORD_IDEMPOTENCY_SECONDS (24 hours); with another "
                   "request it is a 422, and while the first is running a 409. A refused "
                   "request (4xx) is not remembered: it changed nothing.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255,
               "pattern": "^[\\x21-\\x7e]+$"}}


def _merge(schemas: dict[str, Any], found: dict[str, Any]) -> None:
    """Add ``found`` to the components; two different models of one name are an error (the
    document would describe one of them wrongly)."""
    for name, definition in found.items():
        if name in schemas and schemas[name] != definition:
            raise ValueError(f"Two API models are named {name}: give one another name.")
        schemas[name] = definition


def build_document(version: str) -> dict[str, Any]:
    """Every registered operation with its parameters, request body and responses."""
    operations = REGISTRY.operations
    models = {op.body for op in operations if op.body} | {op.query for op in operations
                                                           if op.query}
    _, definitions = models_json_schema(
        [(m, "validation") for m in sorted(models, key=lambda m: m.__name__)],
        ref_template="#/components/schemas/{model}")
    schemas: dict[str, Any] = {}
    _merge(schemas, definitions.get("$defs", {}))
    schemas["Error"] = ERROR_SCHEMA
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        path, parameters = openapi_path(op.rule)
        if op.query is not None:
            for name, prop in op.query.model_json_schema(
                    ref_template="#/components/schemas/{model}")["properties"].items():
                parameters.append({"name": name, "in": "query",
                                   "required": name in (op.query.model_json_schema()
                                                        .get("required", [])),
                                   "schema": prop})
        responses: dict[str, Any] = {}
        if op.response is None:
            responses[str(op.status if op.status != 200 else 204)] = {"description": "Done"}
        elif op.media_types:
            responses[str(op.status)] = {"description": "The file", "content": {
                media: {"schema": {"type": "string", "format": "binary"}}
                for media in op.media_types}}
        else:
            schema = TypeAdapter(op.response).json_schema(
                ref_template="#/components/schemas/{model}", mode="serialization")
            _merge(schemas, schema.pop("$defs", {}))
            responses[str(op.status)] = {"description": "Success", "content": {
                "application/json": {"schema": schema}}}
        codes = set(op.errors) | {422} if (op.body or op.query or op.form) \
            else set(op.errors)
        codes |= {503}  # the database can always be away
        if op.auth:
            codes |= {401}
        if op.keyed:
            codes |= {409, 422}
            parameters.append(IDEMPOTENCY_PARAMETER)
            for success in responses.values():
                success["headers"] = {"Idempotent-Replayed": REPLAYED_HEADER}
        if op.body:
            codes |= {400, 413, 415}
        for code in sorted(codes):
            description = STATUS_TEXT.get(code) or HTTPStatus(code).phrase
            responses[str(code)] = {"description": description, "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        entry: dict[str, Any] = {"summary": op.summary, "tags": [op.tag],
                                 "operationId": f"{op.method}_{path}".replace("/", "_")
                                 .replace("{", "").replace("}", "").replace("-", "_"),
                                 "parameters": parameters, "responses": responses}
        if op.description:
            entry["description"] = op.description
        if op.body is not None:
            entry["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": {"$ref": f"#/components/schemas/{op.body.__name__}"}}}}
        if op.form is not None:
            # The form's fields and the file in one object (the form model alone forbids
            # other properties, so it cannot be combined with allOf).
            fields = op.form.model_json_schema(ref_template="#/components/schemas/{model}")
            _merge(schemas, fields.pop("$defs", {}))
            fields["properties"]["file"] = {"type": "string", "format": "binary",
                                            "description": "The file itself."}
            fields["required"] = ["file", *fields.get("required", [])]
            entry["requestBody"] = {"required": True,
                                    "content": {"multipart/form-data": {"schema": fields}}}
        if op.auth:
            entry["security"] = [{"bearer": []}, {"session": []}]
        paths.setdefault(path, {})[op.method] = entry
    return {
        "openapi": "3.1.0",
        "info": {"title": "Accord API", "version": version,
                 "description": "Negotiating a text between governments: processes, phases, "
                                "revisions, amendments, silence procedures, history."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "session": {"type": "apiKey", "in": "cookie", "name": "session"}}},
    }
