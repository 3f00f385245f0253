"""Response models: the catalogue of codes and their words."""

from __future__ import annotations

from server.core.events import Audience
from server.web.schemas import Output


class EventTypeOut(Output):
    type: str
    #: How a person reads it when nothing more is known ("A delegation submitted an amendment
    #: to a paragraph."); each history entry and live event carries its own, with names.
    sentence: str
    #: Several at once: ``{count}`` to be filled ("{count} amendments were submitted.").
    many: str
    audience: Audience


class LabelOut(Output):
    code: str
    label: str


class AmendmentKindOut(LabelOut):
    #: Whether an amendment of this kind carries a proposed text.
    carries_text: bool


class CatalogueOut(Output):
    events: list[EventTypeOut]
    phases: list[LabelOut]
    unit_statuses: list[LabelOut]
    amendment_states: list[LabelOut]
    amendment_kinds: list[AmendmentKindOut]
    decisions: list[LabelOut]
    roles: list[LabelOut]
    #: Where an open amendment stands once a revision was published over its paragraph.
    carried_outcomes: list[LabelOut]
    input_kinds: list[LabelOut]
    summary_kinds: list[LabelOut]
    #: The shortest silence procedure this server accepts, in hours.
    silence_minimum_hours: int
