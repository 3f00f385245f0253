"""The message templates the server says things with, and their formatter: pure data in,
text out.

The templates of every history sentence, in the six languages, are the client's catalogue
``client/i18n/events/<lang>.js``; server.features.history.catalogue reads those files at
start-up and hands them here as a :class:`Catalogue` (this module reads no file). They are
formatted with the same ICU subset as ``client/lib/i18n.js``: ``{name}``,
``{count, plural, one {...} other {...}}`` (``#`` the count, ``=N`` exact matches) and
``{kind, select, a {...} other {...}}``. Plural categories are CLDR's for whole numbers in the
six languages (a count is never fractional here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

LANGUAGES = ("en", "fr", "es", "ar", "zh", "ru")


class MessageSyntaxError(ValueError):
    """A template that does not parse (a broken catalogue: an error at start-up)."""


@dataclass(frozen=True, slots=True)
class Arg:
    name: str
    kind: str = "value"  # "value", "number", "plural", "select"
    options: tuple[tuple[str, tuple[Node, ...]], ...] = ()


class Pound:
    """``#`` in a plural branch: the count."""


Node = str | Arg | Pound


def parse(template: str) -> tuple[Node, ...]:
    """A template as text pieces and arguments (raises :class:`MessageSyntaxError`).

    >>> parse("{n} of {count, plural, one {# item} other {# items}}")[0]
    Arg(name='n', kind='value', options=())
    """
    s = template
    i = 0

    def fail(why: str) -> MessageSyntaxError:
        return MessageSyntaxError(f"{why} at {i} in {s!r}")

    def spaces() -> None:
        nonlocal i
        while i < len(s) and s[i].isspace():
            i += 1

    def word() -> str:
        nonlocal i
        spaces()
        start = i
        while i < len(s) and not s[i].isspace() and s[i] not in "{},":
            i += 1
        if i == start:
            raise fail("a name was expected")
        return s[start:i]

    def nodes(in_branch: str | None) -> list[Node]:
        nonlocal i
        out: list[Node] = []
        text = ""
        while i < len(s):
            c = s[i]
            if c == "{":
                if text:
                    out.append(text)
                    text = ""
                i += 1
                out.append(argument())
            elif c == "}":
                if not in_branch:
                    raise fail("an unmatched }")
                break
            elif c == "#" and in_branch == "plural":
                if text:
                    out.append(text)
                    text = ""
                out.append(Pound())
                i += 1
            else:
                text += c
                i += 1
        if text:
            out.append(text)
        return out

    def argument() -> Arg:
        nonlocal i
        name = word()
        spaces()
        if i < len(s) and s[i] == "}":
            i += 1
            return Arg(name)
        if i >= len(s) or s[i] != ",":
            raise fail("a , or } was expected")
        i += 1
        kind = word()
        spaces()
        if i < len(s) and s[i] == "}" and kind == "number":
            i += 1
            return Arg(name, kind)
        if kind not in ("plural", "select") or i >= len(s) or s[i] != ",":
            raise fail(f"unknown type {kind}")
        i += 1
        options: list[tuple[str, tuple[Node, ...]]] = []
        while True:
            spaces()
            if i < len(s) and s[i] == "}":
                i += 1
                break
            key = word()
            spaces()
            if i >= len(s) or s[i] != "{":
                raise fail("a { was expected")
            i += 1
            branch = nodes(kind)
            if i >= len(s) or s[i] != "}":
                raise fail("a } was expected")
            i += 1
            options.append((key, tuple(branch)))
        if not any(key == "other" for key, _ in options):
            raise fail("an other branch is required")
        return Arg(name, kind, tuple(options))

    found = nodes(None)
    return tuple(found)


def placeholders(template: str) -> list[str]:
    """The arguments a template uses, sorted (as client/lib/i18n.js's ``placeholders``).
    Each template is parsed once (every write's sentence asks)."""
    return list(_placeholders(template))


@cache
def _placeholders(template: str) -> tuple[str, ...]:
    names: set[str] = set()

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Arg):
                names.add(node.name)
                for _, branch in node.options:
                    walk(branch)

    walk(_parsed(template))
    return tuple(sorted(names))


def _plural_en(n: int) -> str:
    return "one" if n == 1 else "other"


def _plural_fr(n: int) -> str:
    if n in (0, 1):
        return "one"
    return "many" if n % 1_000_000 == 0 else "other"


def _plural_es(n: int) -> str:
    if n == 1:
        return "one"
    return "many" if n != 0 and n % 1_000_000 == 0 else "other"


def _plural_ar(n: int) -> str:
    if n in (0, 1, 2):
        return ("zero", "one", "two")[n]
    if 3 <= n % 100 <= 10:
        return "few"
    return "many" if 11 <= n % 100 <= 99 else "other"


def _plural_ru(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


PLURALS: dict[str, Callable[[int], str]] = {
    "en": _plural_en, "fr": _plural_fr, "es": _plural_es, "ar": _plural_ar,
    "zh": lambda n: "other", "ru": _plural_ru}


def _number(n: int, lang: str) -> str:
    """A whole number as Intl writes it in ``lang`` (grouping: "1,234", "1 234", "1.234")."""
    text = f"{n:,}"
    if lang in ("fr", "ru"):
        return text.replace(",", "\u202f" if lang == "fr" else "\u00a0")
    if lang == "es":
        return text.replace(",", ".") if abs(n) >= 10_000 else text.replace(",", "")
    return text


Value = object


def format_message(template: str | tuple[Node, ...], values: Mapping[str, Value],
                   lang: str = "en") -> str:
    """``template`` filled with ``values`` in ``lang`` (a missing value reads ``{name}``).

    >>> format_message("{count, plural, one {# amendment} other {# amendments}}", {"count": 3})
    '3 amendments'
    """
    tree = _parsed(template) if isinstance(template, str) else template
    return _render(tree, values, lang, None)


@cache
def _parsed(template: str) -> tuple[Node, ...]:
    return parse(template)


def _render(nodes: tuple[Node, ...], values: Mapping[str, Value], lang: str,
            count: int | None) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Pound):
            out.append(_number(count or 0, lang))
        elif node.kind in ("value", "number"):
            value = values.get(node.name)
            if value is None:
                out.append(f"{{{node.name}}}")
            elif node.kind == "number" and isinstance(value, int):
                out.append(_number(value, lang))
            else:
                out.append(str(value))
        else:
            value = values.get(node.name)
            options = dict(node.options)
            if node.kind == "plural":
                n = value if isinstance(value, int) else 0
                chosen = options.get(f"={n}") or options.get(PLURALS[lang](n)) or options["other"]
                out.append(_render(chosen, values, lang, n))
            else:
                out.append(_render(options.get(str(value), options["other"]), values, lang,
                                   count))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Templates by language, then by key, as the client's catalogue files hold them.

    Guarantees: English (``en``) is the reference; a key another language lacks, or a language
    the catalogue does not hold, reads in English; a key English lacks is a ``KeyError``.

    >>> words = Catalogue({"en": {"n": "{count, plural, one {# item} other {# items}}"},
    ...                    "fr": {"n": "{count, plural, one {# élément} other {# éléments}}"}})
    >>> words.say("n", {"count": 2}, "fr"), words.say("n", {"count": 1}, "zh")
    ('2 éléments', '1 item')
    """

    templates: Mapping[str, Mapping[str, str]]

    def __contains__(self, key: object) -> bool:
        return key in self.templates.get("en", {})

    def template(self, key: str, lang: str = "en") -> str:
        """The template of ``key`` in ``lang``, else in English."""
        found = self.templates.get(lang, {}).get(key)
        return found if found is not None else self.templates["en"][key]

    def say(self, key: str, values: Mapping[str, Value] | None = None, lang: str = "en") -> str:
        """The template of ``key`` in ``lang`` filled with ``values`` (English, with English
        plurals, where ``lang`` lacks it)."""
        found = self.templates.get(lang, {}).get(key)
        if found is None:
            return format_message(self.templates["en"][key], values or {}, "en")
        return format_message(found, values or {}, lang)
