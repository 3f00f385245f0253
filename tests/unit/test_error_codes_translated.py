"""Every error code the server answers with has its message in the client's catalogues
(client/i18n/errors/<lang>.js, "errors.<code>") in the six languages, so the client says a
refusal in the person's language (issue 14, item 5: server error messages carry codes the
client translates)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import server
from server.core.errors import DomainError
from server.web.errors import HTTP_CODES

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")
#: Codes written out where an answer is made (error_response, the live protocol's refusals).
LITERAL = re.compile(r'(?:error_response\(\s*\d+,\s*|error_ack\(\s*|_refuse\(\s*)"([a-z_]+)"')


def _subclasses(cls: type[DomainError]) -> set[type[DomainError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def server_codes() -> set[str]:
    for module in pkgutil.walk_packages(server.__path__, "server."):
        if module.name.startswith(("server.demo", "server.serve")):
            continue
        importlib.import_module(module.name)
    codes = {DomainError.code} | {cls.code for cls in _subclasses(DomainError)}
    codes |= set(HTTP_CODES.values()) | {"http_error"}
    for path in (ROOT / "server").rglob("*.py"):
        codes |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


def catalogue_keys(lang: str) -> set[str]:
    text = (ROOT / "client" / "i18n" / "errors" / f"{lang}.js").read_text(encoding="utf-8")
    return set(re.findall(r'^\s*"(errors\.[A-Za-z_]+)":', text, flags=re.MULTILINE))


def test_every_server_error_code_is_said_in_the_six_languages() -> None:
    codes = server_codes()
    assert {"not_found", "forbidden", "invalid", "conflict", "stale", "unconfirmed",
            "idempotency_key_reused", "out_of_sync", "too_many_requests"} <= codes
    for lang in LANGUAGES:
        missing = {f"errors.{code}" for code in codes} - catalogue_keys(lang)
        assert not missing, f"client/i18n/errors/{lang}.js lacks {sorted(missing)}"
