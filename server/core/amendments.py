"""Amendments: what a delegation proposes, and the life cycle it goes through.

Life cycle (DOMAIN.md): draft (seen only by its delegation) -> submitted -> decided by the
co-facilitators (reflected, merged, not reflected) or withdrawn by its delegation, or overtaken
when its unit changed underneath it at publication.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from server.core.errors import Conflict, Invalid, StaleState


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


# ---- co-sponsorship by consent ------------------------------------------------------------


class CoSponsorship(StrEnum):
    """Where a delegation named as co-proponent stands (DOMAIN: co-sponsorship is a
    delegation's own decision; nobody can add another delegation's name)."""

    INVITED = "invited"  # named by the proposer; not a co-proponent until it accepts
    ACCEPTED = "accepted"  # a co-proponent: attributed, exported, counted
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # accepted, then left


#: What the invited delegation may answer, from where: it accepts an invitation (also after
#: declining or leaving: a capital may change its mind), declines one it has not accepted,
#: and withdraws a co-sponsorship it gave.
CO_SPONSOR_ANSWERS: dict[CoSponsorship, frozenset[CoSponsorship]] = {
    CoSponsorship.ACCEPTED: frozenset({CoSponsorship.INVITED, CoSponsorship.DECLINED,
                                       CoSponsorship.WITHDRAWN}),
    CoSponsorship.DECLINED: frozenset({CoSponsorship.INVITED}),
    CoSponsorship.WITHDRAWN: frozenset({CoSponsorship.ACCEPTED}),
}

_ANSWER_REFUSALS: dict[CoSponsorship, str] = {
    CoSponsorship.ACCEPTED: "Your delegation co-sponsors this amendment already.",
    CoSponsorship.DECLINED: "Only an invitation not yet accepted can be declined; a "
                            "co-sponsor withdraws its co-sponsorship instead.",
    CoSponsorship.WITHDRAWN: "Your delegation does not co-sponsor this amendment.",
}


def check_co_sponsor_answer(current: CoSponsorship | None, answer: CoSponsorship) -> None:
    """Raise Invalid unless a delegation standing at ``current`` (None: never invited) may
    give ``answer``. Only the proposer invites: no delegation names itself.

    >>> check_co_sponsor_answer(CoSponsorship.INVITED, CoSponsorship.ACCEPTED)
    >>> check_co_sponsor_answer(None, CoSponsorship.ACCEPTED)
    Traceback (most recent call last):
    ...
    server.core.errors.Invalid: Your delegation is not invited to co-sponsor this amendment.
    """
    if answer not in CO_SPONSOR_ANSWERS:
        raise Invalid("A delegation accepts, declines or withdraws its co-sponsorship.",
                      details={"field": "status"})
    if current is None:
        raise Invalid("Your delegation is not invited to co-sponsor this amendment.",
                      details={"field": "status", "co_sponsorship": None})
    if current not in CO_SPONSOR_ANSWERS[answer]:
        raise Invalid(_ANSWER_REFUSALS[answer],
                      details={"field": "status", "co_sponsorship": current.value,
                               "requested": answer.value})


#: A delegation as the caller names it (an id, or a code).
D = TypeVar("D", int, str)


@dataclass(frozen=True, slots=True)
class CoProponentChange(Generic[D]):
    """What naming co-proponents does: delegations newly invited, and invitations taken
    back (never an accepted co-sponsorship: only its delegation withdraws that)."""

    invited: tuple[D, ...]
    cancelled: tuple[D, ...]


def change_co_proponents(current: Mapping[D, CoSponsorship], named: Sequence[D]
                         ) -> CoProponentChange[D]:
    """The proposer names the delegations it wants as co-proponents (``named``, in order).

    A delegation named for the first time is invited; one named already keeps its answer
    (naming a delegation that declined does not ask it again); an invitation, declined or
    withdrawn co-sponsorship left out is taken off the amendment. Leaving out a delegation
    that accepted is refused (Conflict, naming them): co-sponsorship is that delegation's
    decision, and it withdraws it itself.

    >>> change_co_proponents({4: CoSponsorship.INVITED, 5: CoSponsorship.DECLINED}, [5, 6])
    CoProponentChange(invited=(6,), cancelled=(4,))
    """
    kept = set(named)
    refused = sorted(d for d, answer in current.items()
                     if answer is CoSponsorship.ACCEPTED and d not in kept)
    if refused:
        raise Conflict("A delegation that accepted to co-sponsor stays a co-proponent until it "
                       "withdraws its co-sponsorship itself.",
                       details={"field": "co_proponents", "co_sponsors": refused})
    return CoProponentChange(
        invited=tuple(d for d in dict.fromkeys(named) if d not in current),
        cancelled=tuple(sorted(d for d in current if d not in kept)))
