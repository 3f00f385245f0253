"""Request and response models: the process's history."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from server.web.schemas import (
    Output,
    Query,
    Seq,
)


class LogQuery(Query):
    after_seq: Seq = 0
    limit: Annotated[int, Field(ge=1, le=1000)] = 200


class LogEntryOut(Output):
    seq: int
    at: str
    actor_id: int | None
    action: str
    subject: str
    #: How a person reads it: "Mexico submitted an amendment to OP12." (the catalogue's
    #: sentence with names; in general words where it concerns another delegation's draft).
    sentence: str
    #: What the sentence is made of, for the browser to say it in the reader's language
    #: (client/i18n/events, the template of ``action``): names and labels as they are
    #: ("Mexico", "OP12"), or catalogue words ({"word": "actor.co_facilitator"}); empty where
    #: the entry concerns another delegation's draft.
    facts: dict[str, Any]
    payload: dict[str, Any]
    hash: str
    prev_hash: str
