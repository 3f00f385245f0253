"""The inbox's serialisers."""

from __future__ import annotations

from server.features.inbox import schemas as s
from server.features.inbox.service import Item


def item(found: Item) -> s.InboxItemOut:
    return s.InboxItemOut(key=found.key, process_id=found.process_id,
                          process_title=found.process_title, at=found.at,
                          concern=found.concern, sentence=found.sentence, link=found.link,
                          read=found.read, action=found.action, facts=found.facts)
