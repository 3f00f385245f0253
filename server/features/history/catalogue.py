"""The client's event catalogue, read from disk once at start-up and handed to the core.

The templates of every history sentence (and the mail's words, ``events.mail.*``) in the six
languages are the client's files ``client/i18n/events/<lang>.js``: each is ``export default``
followed by one JSON object, so that the browser imports it as a module and the server reads
it as JSON. This module is the only one that knows where they are and how they are written;
the core (server.core.messages, server.core.events) formats them as data. A broken catalogue
(a file that does not parse, an event without its sentence) stops the start-up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from server.core import events
from server.core.events import Fact
from server.core.messages import LANGUAGES, Catalogue, MessageSyntaxError, Value

EVENTS_DIR: Final = Path(__file__).resolve().parents[3] / "client" / "i18n" / "events"
_PREFIX = "export default"


def read_catalogue(path: Path) -> dict[str, str]:
    """One catalogue file: ``export default {...};`` (a JSON object), comment lines above it."""
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    body = "\n".join(lines).strip()
    if not body.startswith(_PREFIX):
        raise MessageSyntaxError(f"{path}: expected '{_PREFIX} {{...}}'")
    body = body[len(_PREFIX):].strip().removesuffix(";")
    found = json.loads(body)
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise MessageSyntaxError(f"{path}: expected an object of strings")
    return found


def read_events(folder: Path = EVENTS_DIR) -> Catalogue:
    """Every language's event templates from ``folder``, checked (see
    :func:`server.core.events.check_catalogue`)."""
    catalogue = Catalogue({lang: read_catalogue(folder / f"{lang}.js") for lang in LANGUAGES})
    events.check_catalogue(catalogue)
    return catalogue


#: The event catalogue of this server, read when the app is built.
EVENTS: Final = read_events()


def render_sentence(action: str, facts: Mapping[str, Fact] | None = None,
                    lang: str = "en") -> str:
    """:func:`server.core.events.render_sentence` with this server's catalogue."""
    return events.render_sentence(EVENTS, action, facts, lang)


def render_many(action: str, count: int, lang: str = "en") -> str:
    """:func:`server.core.events.render_many` with this server's catalogue."""
    return events.render_many(EVENTS, action, count, lang)


def english_many(action: str) -> str:
    """:func:`server.core.events.english_many` with this server's catalogue."""
    return events.english_many(EVENTS, action)


def say(key: str, values: Mapping[str, Value] | None = None, lang: str = "en") -> str:
    """Any template of the event catalogue (the mail's words: ``events.mail.*``) in ``lang``."""
    return EVENTS.say(key, values, lang)
