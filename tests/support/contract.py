"""Every JSON answer the API gives in the tests matches what its OpenAPI document promises.

``ContractChecker`` holds the served document and checks one answer: the operation is found
by method and path template, the status must be one the document lists for it, and the body
must validate (JSON Schema 2020-12, as OpenAPI 3.1 uses) against that status's schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator


@dataclass
class Operation:
    method: str
    template: str
    pattern: re.Pattern[str]
    responses: dict[str, Any]


@dataclass
class ContractChecker:
    document: dict[str, Any]
    operations: list[Operation] = field(default_factory=list)
    validators: dict[tuple[str, str, str], Draft202012Validator] = field(default_factory=dict)
    #: Every (method, template, status) checked, for reports.
    checked: set[tuple[str, str, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for template, methods in self.document["paths"].items():
            regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
            for method, operation in methods.items():
                self.operations.append(Operation(method.upper(), template,
                                                 re.compile(f"^{regex}$"),
                                                 operation["responses"]))
        # Literal paths before templated ones ("/revisions/preview" before "/revisions/{n}").
        self.operations.sort(key=lambda op: op.template.count("{"))

    def operation(self, method: str, path: str) -> Operation | None:
        for candidate in self.operations:
            if candidate.method == method and candidate.pattern.match(path):
                return candidate
        return None

    def problems(self, method: str, path: str, status: int, body: Any,
                 content_type: str) -> list[str]:
        """What is wrong with this answer ([] when it keeps the contract).

        Paths the document does not describe (static files, the document itself) and
        answers of methods it does not list for a path (405) are not the API's contract.
        """
        path = path.split("?", 1)[0]
        operation = self.operation(method, path)
        if operation is None:
            return []
        where = f"{method} {operation.template} -> {status}"
        response = operation.responses.get(str(status))
        if response is None:
            return [f"{where}: the status is not in the document "
                    f"({', '.join(sorted(operation.responses))})"]
        self.checked.add((method, operation.template, status))
        content = response.get("content", {})
        media = content_type.split(";")[0].strip()
        documented = {m.split(";")[0].strip() for m in content}
        if not content:
            if body is not None:
                return [f"{where}: a body where the document promises none"]
            return []
        if media not in documented:
            return [f"{where}: {media or 'no content type'} where the document says "
                    f"{', '.join(sorted(documented))}"]
        if media != "application/json":
            return []  # a file: its format is checked by the documents tests
        schema = content["application/json"]["schema"]
        key = (method, operation.template, str(status))
        validator = self.validators.get(key)
        if validator is None:
            root = {**schema, "components": self.document["components"]}
            validator = Draft202012Validator(root)
            self.validators[key] = validator
        return [f"{where}: {'.'.join(str(p) for p in error.absolute_path) or '(body)'}: "
                f"{error.message}" for error in validator.iter_errors(body)][:5]
