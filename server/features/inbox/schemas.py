"""Request and response models: the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from server.core.inbox import Concern
from server.web.schemas import Input, Output, Query

ItemKey = Annotated[str, StringConstraints(pattern=r"^(entry:\d{1,18}|silence:\d{1,18}:ending)$",
                                           max_length=60)]
MailChoice = Literal["none", "immediate", "daily"]


class InboxQuery(Query):
    #: "unread": unread first, then newest first; "newest": newest first.
    order: Literal["unread", "newest"] = "unread"
    unread_only: bool = False
    offset: Annotated[int, Field(ge=0, le=100_000)] = 0
    limit: Annotated[int, Field(ge=1, le=200)] = 50


class InboxItemOut(Output):
    #: "entry:412" (a history entry) or "silence:3:ending" (a deadline near).
    key: str
    process_id: int
    process_title: str
    at: datetime
    #: Why it is here: our_amendment, invitation, revision, silence, silence_ending,
    #: mention, for_decision.
    concern: Concern
    #: As the catalogue words it, with names: "The co-facilitators marked Mexico's amendment
    #: to OP12 as reflected."
    sentence: str
    #: Where it happened, as the browser's address: "#/p/3/amendments?delegation=MEX&amendment=7".
    link: str
    read: bool
    #: A history entry's action ("amendment.decided"; null for a deadline near) and the facts
    #: its sentence is made of, for the browser to say it in the person's language
    #: (client/i18n/events): names and labels as they are, or catalogue words
    #: ({"word": "actor.co_facilitator"}).
    action: str | None = None
    facts: dict[str, Any] | None = None


class InboxPageOut(Output):
    items: list[InboxItemOut]
    #: How many items match (all pages).
    total: int
    unread: int


class UnreadOut(Output):
    unread: int


class MarkReadIn(Input):
    #: The items to mark read; or ``all``.
    keys: Annotated[list[ItemKey], Field(default_factory=list, max_length=500)]
    all: bool = False


class MailIn(Input):
    mail: MailChoice


class MailOut(Output):
    #: none, immediate (one message per item, after it happens) or daily (one digest a day).
    mail: MailChoice
