"""Amendments: what a delegation proposes, and the life cycle it goes through.

Life cycle (DOMAIN.md): draft (seen only by its delegation) -> submitted -> decided by the
co-facilitators (reflected, merged, not reflected) or withdrawn by its delegation, or overtaken
when its unit changed underneath it at publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from server.core.errors import Invalid, StaleState


class AmendmentKind(StrEnum):
    """What an amendment does to its target unit."""

    CHANGE_WORDS = "change_words"  # insert / delete / replace words: the new text is given
    ADD_UNIT = "add_unit"  # a new unit after the target (a "bis" paragraph)
    DELETE_UNIT = "delete_unit"
    ALTERNATIVE = "alternative"  # an "alt" text proposed beside the unit
    RETAIN = "retain"  # keep the text as it is
    RESERVATION = "reservation"


class AmendmentState(StrEnum):
    """Where an amendment is in its life cycle."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"
    REFLECTED = "reflected"
    MERGED = "merged"
    NOT_REFLECTED = "not_reflected"
    OVERTAKEN = "overtaken"


class Stance(StrEnum):
    """A delegation's position on another's amendment."""

    SUPPORT = "support"
    OPPOSE = "oppose"


#: Kinds that carry a proposed text, and kinds that must not.
KINDS_WITH_TEXT = frozenset({AmendmentKind.CHANGE_WORDS, AmendmentKind.ADD_UNIT,
                             AmendmentKind.ALTERNATIVE})
#: Kinds that change the text, and so can be applied to the working copy (a retention or a
#: reservation asks for no change).
APPLICABLE_KINDS = frozenset({AmendmentKind.CHANGE_WORDS, AmendmentKind.ADD_UNIT,
                              AmendmentKind.DELETE_UNIT, AmendmentKind.ALTERNATIVE})
#: States from which nothing moves any more.
FINAL_STATES = frozenset({AmendmentState.WITHDRAWN, AmendmentState.REFLECTED,
                          AmendmentState.MERGED, AmendmentState.NOT_REFLECTED,
                          AmendmentState.OVERTAKEN})
#: States in which an amendment is still on the table.
OPEN_STATES = frozenset({AmendmentState.DRAFT, AmendmentState.SUBMITTED})
#: What co-facilitators may decide.
DECISIONS = frozenset({AmendmentState.REFLECTED, AmendmentState.MERGED,
                       AmendmentState.NOT_REFLECTED})

#: The one table of allowed transitions.
TRANSITIONS: dict[AmendmentState, frozenset[AmendmentState]] = {
    AmendmentState.DRAFT: frozenset({AmendmentState.SUBMITTED, AmendmentState.WITHDRAWN,
                                     AmendmentState.OVERTAKEN}),
    AmendmentState.SUBMITTED: frozenset({AmendmentState.WITHDRAWN, AmendmentState.OVERTAKEN}
                                        | DECISIONS),
    **{state: frozenset() for state in FINAL_STATES},
}

MAX_TEXT_LENGTH = 20_000
MAX_JUSTIFICATION_LENGTH = 5_000


@dataclass(frozen=True, slots=True)
class Proposal:
    """The content of an amendment, checked against its kind."""

    kind: AmendmentKind
    text: str | None
    justification: str

    def __post_init__(self) -> None:
        if self.kind in KINDS_WITH_TEXT:
            if not self.text or not self.text.strip():
                raise Invalid(f"An amendment of kind {self.kind.value} needs the proposed text.",
                              details={"field": "text"})
        elif self.text:
            raise Invalid(f"An amendment of kind {self.kind.value} carries no text; "
                          "put the explanation in the justification.", details={"field": "text"})
        if self.kind is AmendmentKind.RESERVATION and not self.justification.strip():
            raise Invalid("A reservation needs its reason in the justification.",
                          details={"field": "justification"})


def check_transition(current: AmendmentState, target: AmendmentState) -> None:
    """Raise Invalid unless ``current`` may move to ``target``."""
    if target not in TRANSITIONS[current]:
        raise Invalid(
            f"An amendment that is {current.value.replace('_', ' ')} cannot become "
            f"{target.value.replace('_', ' ')}.",
            details={"state": current.value, "requested": target.value},
        )


def check_version(expected: int, actual: int, current: object) -> None:
    """Refuse a write made from a stale copy: the client's ``expected`` must equal ``actual``.

    The conflict carries ``current`` (the amendment as it is now) for the client to show.
    """
    if expected != actual:
        raise StaleState(
            "This amendment has changed since you loaded it.",
            details={"expected_version": expected, "current": current},
        )
