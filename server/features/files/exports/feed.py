"""An Atom feed (RFC 4287) of the revisions published in a process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from lxml import etree

from server.features.files.exports.common import xml_text

__all__ = ["ATOM_NS", "FeedEntry", "atom_feed"]

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
_A: Final = f"{{{ATOM_NS}}}"


@dataclass(frozen=True)
class FeedEntry:
    """One published revision. ``id``: a stable URI (tag: or URL); ``link``: where to read
    it; ``summary``: plain text."""

    id: str
    title: str
    link: str
    published: datetime
    summary: str = ""
    author: str = "Co-facilitators"
    #: The revision's history hash (the history chain's head at its publication).
    history_hash: str = ""


def _stamp(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, _A + tag)
    for name, value in attrs.items():
        element.set(name, xml_text(value))
    if text is not None:
        element.text = xml_text(text)
    return element


def atom_feed(*, feed_id: str, title: str, self_link: str, alternate: str,
              entries: Sequence[FeedEntry], updated: datetime | None = None) -> bytes:
    """The feed, newest entry first. ``updated`` defaults to the newest entry's date."""
    root = etree.Element(_A + "feed", nsmap={None: ATOM_NS})  # type: ignore[dict-item]
    _sub(root, "id", feed_id)
    _sub(root, "title", title)
    newest = max((e.published for e in entries), default=updated)
    _sub(root, "updated", _stamp(updated or newest or datetime(1970, 1, 1, tzinfo=UTC)))
    _sub(root, "link", rel="self", type="application/atom+xml", href=self_link)
    _sub(root, "link", rel="alternate", href=alternate)
    _sub(root, "generator", "Accord")
    for entry in sorted(entries, key=lambda e: e.published, reverse=True):
        item = _sub(root, "entry")
        _sub(item, "id", entry.id)
        _sub(item, "title", entry.title)
        _sub(item, "link", rel="alternate", href=entry.link)
        _sub(item, "published", _stamp(entry.published))
        _sub(item, "updated", _stamp(entry.published))
        _sub(_sub(item, "author"), "name", entry.author)
        summary = " ".join(part for part in (
            entry.summary, f"History hash: {entry.history_hash}." if entry.history_hash
            else "") if part)
        if summary:
            _sub(item, "summary", summary, type="text")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))
