"""Declaring endpoints once: route, input models, output model, and the OpenAPI entry.

``@endpoint`` parses and validates the JSON body and query string with pydantic models and
serialises the returned model; the same models describe the endpoint in the OpenAPI document,
so the document cannot drift from the code.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_args, get_origin

from flask import Blueprint, Response, g, jsonify, request
from pydantic import BaseModel, TypeAdapter, ValidationError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.routing import IntegerConverter, Map

from server.core.errors import Invalid, Unauthenticated
from server.features.common.context import Ctx
from server.web import idempotency
from server.web.context import UNSAFE, ctx, current_user, lifetime
from server.web.errors import CommitUnconfirmed

F = TypeVar("F", bound=Callable[..., Any])


class RequestInvalid(Invalid):
    """The body or query failed validation: 422 with one entry per problem."""


@dataclass
class Operation:
    method: str
    rule: str
    summary: str
    tag: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    auth: bool
    errors: tuple[int, ...]
    description: str = ""
    #: For file answers (``response=bytes``): the media types they come in.
    media_types: tuple[str, ...] = ()
    #: Whether it honours the Idempotency-Key header.
    keyed: bool = False
    #: For multipart/form-data uploads: the fields beside the file (``file``); the handler
    #: reads them itself (documented here so the OpenAPI document describes the body).
    form: type[BaseModel] | None = None


@dataclass
class Registry:
    operations: list[Operation] = field(default_factory=list)


REGISTRY = Registry()
#: Every feature's blueprint is mounted under this prefix (by server.web.api).
API_PREFIX = "/api/v1"
#: Endpoints (full names) whose body may reach ``IMPORT_MAX_BODY_BYTES`` rather than
#: ``MAX_CONTENT_LENGTH``: file uploads (server.web.api applies it before reading).
LARGE_BODIES: set[str] = set()
#: Endpoints (full names) of reads answered from server/web/cache.py: the handler
#: authenticates with the reader's one statement (cache.reader_of), so the request does not
#: authenticate beforehand.
CACHED_READS: set[str] = set()


def validation_details(error: ValidationError) -> dict[str, Any]:
    """Pydantic errors as ``{"fields": [{"field": "a.b", "problem": "..."}]}`` (no input echo)."""
    return {"fields": [
        {"field": ".".join(str(p) for p in e["loc"]) or "(body)", "problem": e["msg"],
         "type": e["type"]} for e in error.errors(include_input=False, include_url=False)]}


def parse_body(model: type[BaseModel]) -> BaseModel:
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    # Validated in JSON mode: strict types, yet ISO dates and enum strings are accepted.
    raw = request.get_data()  # read (and kept) before the request touched the database
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        if any(e["type"] == "json_invalid" for e in error.errors()):
            surrogates = _lone_surrogates(raw)
            if surrogates:
                raise RequestInvalid("The request body is not valid.", details={"fields": [
                    {"field": path, "problem": "contains an unpaired surrogate",
                     "type": "unpaired_surrogate"} for path in surrogates]}) from None
            raise BadRequest("The body is not valid JSON.") from None
        raise RequestInvalid("The request body is not valid.",
                             details=validation_details(error)) from None


def _lone_surrogates(raw: bytes) -> list[str]:
    """Paths of strings holding unpaired surrogates (\\ud800): JSON that Python's parser
    accepts but that is not Unicode text, so the answer is 422 naming the field, not 400."""
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError):  # not JSON at all, or nested beyond reason
        return []
    found: list[str] = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, str):
            if any(0xD800 <= ord(char) <= 0xDFFF for char in value):
                found.append(path or "(body)")
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(key, path)
                visit(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{path}.{index}" if path else str(index))

    visit(document, "")
    return found


def _is_list(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return True
    return any(_is_list(arg) for arg in get_args(annotation))


#: Query strings already validated, by model: many people send the same (a read storm's
#: thousand identical ``?state=submitted``); the models are only read. Bounded: emptied
#: when full.
_PARSED: dict[tuple[type[BaseModel], bytes], BaseModel] = {}
_PARSED_MAX = 4096


def parse_query(model: type[BaseModel]) -> BaseModel:
    """Repeated parameters (``?state=a&state=b``) fill list fields; others take one value."""
    key = (model, request.query_string)
    found = _PARSED.get(key)
    if found is None:
        found = _parse_query(model)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = found
    return found


def _parse_query(model: type[BaseModel]) -> BaseModel:
    values: dict[str, Any] = {}
    for name in request.args:
        field = model.model_fields.get(name)
        if field is None:
            for candidate in model.model_fields.values():
                if candidate.alias == name:
                    field = candidate
        many = field is not None and _is_list(field.annotation)
        values[name] = request.args.getlist(name) if many else request.args[name]
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise RequestInvalid("The query string is not valid.",
                             details=validation_details(error)) from None


def endpoint(bp: Blueprint, rule: str, method: str, *, summary: str, tag: str,
             body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
             response: Any = None, status: int = 200, auth: bool = True,
             errors: tuple[int, ...] = (), remembered: bool = True,
             form: type[BaseModel] | None = None, cached: bool = False) -> Callable[[F], F]:
    """Register a JSON endpoint on a feature's ``bp`` (mounted under /api/v1) and in the
    OpenAPI document.

    The handler receives ``body=`` and ``query=`` when models are given; it returns a pydantic
    model (or a list of them, or None for 204). The request commits once, here, when its answer
    is made (the use case's ``ctx.commit()`` is held until then), so nothing that can fail
    follows the COMMIT. A write of a signed-in person honours ``Idempotency-Key``
    (server.web.idempotency) unless ``remembered`` is False: its answer holds a secret that is
    stored nowhere else. A ``cached`` read (a GET answered through server/web/cache.py)
    authenticates in its handler, with the rest of what it reads (cache.reader_of), and makes
    the request's session only if it computes its answer.
    """
    adapter = TypeAdapter(response) if response is not None else None
    keyed = auth and remembered and method.upper() in UNSAFE
    if cached and not (auth and method.upper() == "GET"):
        raise ValueError("only an authenticated GET is a cached read")

    def decorate(handler: F) -> F:
        def cached_answer(kwargs: dict[str, Any]) -> Response:
            g.holds_commit = True  # for the session made if the answer is computed (ctx())
            if query is not None:
                kwargs["query"] = parse_query(query)
            made: Response = handler(**kwargs)
            if not g.get("accord_authenticated"):
                raise RuntimeError(f"{handler.__name__} answered without authenticating "
                                   "(server.web.cache.reader_of)")
            if "ctx" in g:
                settle(g.ctx, made, None)
            return made

        def answer(kwargs: dict[str, Any], claim: idempotency.Claim | None) -> Response:
            context = ctx()
            context.holds_commit = True
            if body is not None:
                kwargs["body"] = parse_body(body)
            if query is not None:
                kwargs["query"] = parse_query(query)
            result = handler(**kwargs)
            if result is None:
                made = Response(status=204)
            elif isinstance(result, Response):
                made = result  # made by the handler (a cached read: server/web/cache.py)
            else:
                payload = adapter.dump_python(result, mode="json") if adapter else result
                made = jsonify(payload)
                made.status_code = status
            settle(context, made, claim)
            return made

        @functools.wraps(handler)
        def view(**kwargs: Any) -> Response:
            if cached:
                return cached_answer(kwargs)
            # Who asks comes first: an anonymous caller learns nothing from ids or bodies.
            user = current_user() if auth else None
            if auth and user is None:
                raise Unauthenticated("Sign in, or send 'Authorization: Bearer <token>'.")
            key = idempotency.requested_key(request) if keyed else None
            if user is None or key is None:
                return answer(kwargs, None)
            claim = idempotency.claim_for(user.id, key, request, ctx().now(),
                                          lifetime("IDEMPOTENCY_SECONDS"))
            with idempotency.running(user.id, key):
                first = idempotency.stored(ctx().session, claim)
                if first is not None:
                    return idempotency.replay(first)
                return answer(kwargs, claim)

        bp.add_url_rule(rule, endpoint=handler.__name__, view_func=view, methods=[method])
        if cached:
            CACHED_READS.add(f"api.{bp.name}.{handler.__name__}")
        REGISTRY.operations.append(Operation(
            method=method.lower(), rule=API_PREFIX + rule, summary=summary, tag=tag,
            body=body, query=query, response=response, status=status, auth=auth,
            errors=errors, description=(handler.__doc__ or "").strip(), keyed=keyed,
            form=form))
        return handler

    return decorate


def settle(context: Ctx, made: Response, claim: idempotency.Claim | None) -> None:
    """Commit what the use case asked to commit, with the answer under its key; a use case
    that committed nothing leaves nothing (its session is rolled back at teardown).

    A failure before the COMMIT leaves nothing stored and says so; when the COMMIT is sent but
    not confirmed, the answer says that it is not known (503, CommitUnconfirmed)."""
    if not context.completed:
        return
    if claim is not None and 200 <= made.status_code < 300:
        idempotency.remember(context.session, claim, made, context.now())
    context.session.flush()
    try:
        context.finish()
    except Exception as error:
        if _refused_by_database(error):
            raise  # the database answered the COMMIT with an error: it rolled back
        raise CommitUnconfirmed("the COMMIT was not confirmed") from error
    g.committed = True


def _refused_by_database(error: BaseException) -> bool:
    """The database itself answered with an error (PostgreSQL's SQLSTATE, other than a lost
    connection or a shutdown), so the transaction is known to be rolled back."""
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    return isinstance(state, str) and not state.startswith(("08", "57"))


def file_endpoint(bp: Blueprint, rule: str, *, summary: str, tag: str,
                  media_types: tuple[str, ...], query: type[BaseModel] | None = None,
                  errors: tuple[int, ...] = (403, 404)) -> Callable[[F], F]:
    """A GET answering with a file (bytes) in one of ``media_types``: authenticated, query
    validated, documented."""

    def decorate(handler: F) -> F:
        @functools.wraps(handler)
        def view(**kwargs: Any) -> Response:
            if current_user() is None:
                raise Unauthenticated("Sign in, or send 'Authorization: Bearer <token>'.")
            if query is not None:
                kwargs["query"] = parse_query(query)
            result: Response = handler(**kwargs)
            return result

        bp.add_url_rule(rule, endpoint=handler.__name__, view_func=view, methods=["GET"])
        REGISTRY.operations.append(Operation(
            method="get", rule=API_PREFIX + rule, summary=summary, tag=tag,
            body=None, query=query, response=bytes, status=200, auth=True,
            errors=errors, description=(handler.__doc__ or "").strip(),
            media_types=media_types))
        return handler

    return decorate


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive 32-bit integer (the database's integer), else 404."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=0, max=2**31 - 1)


_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def openapi_path(rule: str) -> tuple[str, list[dict[str, Any]]]:
    """Flask's ``/a/<int:id>`` as OpenAPI's ``/a/{id}`` with its path parameters."""
    parameters: list[dict[str, Any]] = []

    def convert(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        schema = {"type": "integer"} if converter in ("int", "id") else {"type": "string"}
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
        return "{" + name + "}"

    return _CONVERTER.sub(convert, rule), parameters
