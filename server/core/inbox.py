"""Which history entries belong in a person's inbox, and why: the rule beside the catalogue's
audiences (:mod:`server.core.events`).

An entry reaches an inbox only if the policy lets the person receive it at all
(:func:`server.core.policy.may_receive` on :func:`server.core.events.audience_of`: a draft stays
its delegation's); this module says, among what they may see, what *concerns* them:

- a decision on, the carrying or overtaking of, an answer to an invitation about, or a stance
  on their delegation's amendment (``OUR_AMENDMENT``);
- an invitation to their delegation to co-sponsor (``INVITATION``);
- a revision published (``REVISION``), a silence procedure started, broken or agreed
  (``SILENCE``): everyone's business;
- a mention of their delegation: an amendment or consultation input naming it, or an event
  whose subject is it (``MENTION``);
- for the pen-holders, what waits for them: an amendment submitted, an input submitted
  (``FOR_DECISION``).

What the person did themself never comes back to them. "Silence about to end" is not an
entry: :func:`silence_ending_soon` computes it from a running procedure's deadline.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from server.core.events import EventType
from server.core.policy import Actor, Role


class Concern(StrEnum):
    """Why an item is in someone's inbox."""

    OUR_AMENDMENT = "our_amendment"
    INVITATION = "invitation"
    REVISION = "revision"
    SILENCE = "silence"
    SILENCE_ENDING = "silence_ending"
    MENTION = "mention"
    FOR_DECISION = "for_decision"


#: What happens to a delegation's own amendment (for its members' inboxes).
ON_OUR_AMENDMENT = frozenset({
    EventType.AMENDMENT_DECIDED, EventType.AMENDMENT_CARRIED, EventType.AMENDMENT_APPLIED,
    EventType.AMENDMENT_STANCE, EventType.CO_SPONSOR_ACCEPTED, EventType.CO_SPONSOR_DECLINED,
    EventType.CO_SPONSORSHIP_WITHDRAWN})
#: Everyone's business.
FOR_EVERYONE: dict[EventType, Concern] = {
    EventType.REVISION_PUBLISHED: Concern.REVISION,
    EventType.SILENCE_STARTED: Concern.SILENCE,
    EventType.SILENCE_BROKEN: Concern.SILENCE,
    EventType.SILENCE_AGREED: Concern.SILENCE}
#: Whose subject (or payload) is a delegation: a mention of it.
ABOUT_A_DELEGATION = frozenset({
    EventType.DELEGATION_ADDED, EventType.DELEGATION_MEMBERS_CHANGED,
    EventType.FOCAL_POINT_TRANSFERRED})
#: Whose text may name a delegation.
MAY_NAME_A_DELEGATION = frozenset({EventType.AMENDMENT_SUBMITTED, EventType.INPUT_SUBMITTED})
#: What waits for the pen-holders.
FOR_THE_PEN = frozenset({EventType.AMENDMENT_SUBMITTED, EventType.INPUT_SUBMITTED})
#: Every action that may concern someone: the service reads only these entries.
CANDIDATES: frozenset[str] = frozenset(
    ON_OUR_AMENDMENT | set(FOR_EVERYONE) | ABOUT_A_DELEGATION | MAY_NAME_A_DELEGATION
    | {EventType.CO_SPONSOR_INVITED})


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What the rule needs to know of one history entry (the service looks it up)."""

    action: str
    actor_id: int | None
    #: The delegation whose amendment it is about (the proposer), if any.
    proposer: int | None = None
    #: The delegation invited to co-sponsor (``co_sponsor`` of the payload).
    co_sponsor: int | None = None
    #: The delegation that is the entry's subject or payload (``delegation:7``).
    about: int | None = None
    #: Delegations named in the amendment's or input's text.
    named: frozenset[int] = field(default_factory=frozenset)


def concern_of(entry: EntryFacts, reader: Actor) -> Concern | None:
    """Why ``entry`` belongs in ``reader``'s inbox, or None. The caller has already asked the
    policy whether the reader may receive the entry at all.

    >>> mexico = Actor(user_id=2, role=Role.DELEGATE, delegation_id=7)
    >>> concern_of(EntryFacts("amendment.decided", 1, proposer=7), mexico)
    <Concern.OUR_AMENDMENT: 'our_amendment'>
    >>> concern_of(EntryFacts("amendment.decided", 1, proposer=8), mexico) is None
    True
    >>> concern_of(EntryFacts("revision.published", 2), mexico) is None  # their own act
    True
    """
    if entry.actor_id is not None and entry.actor_id == reader.user_id:
        return None
    try:
        action = EventType(entry.action)
    except ValueError:
        return None
    own = reader.delegation_id
    if own is not None:
        if action in ON_OUR_AMENDMENT and entry.proposer == own:
            return Concern.OUR_AMENDMENT
        if action is EventType.CO_SPONSOR_INVITED and entry.co_sponsor == own:
            return Concern.INVITATION
    if action in FOR_EVERYONE:
        return FOR_EVERYONE[action]
    if own is not None:
        if action in ABOUT_A_DELEGATION and entry.about == own:
            return Concern.MENTION
        if action in MAY_NAME_A_DELEGATION and own in entry.named and entry.proposer != own:
            return Concern.MENTION
    if action in FOR_THE_PEN and reader.role in (Role.CO_FACILITATOR, Role.SECRETARIAT):
        return Concern.FOR_DECISION
    return None


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def named_in(text: str, names: dict[int, Iterable[str]]) -> frozenset[int]:
    """The delegations ``text`` names, each by any of its names (name or code), as whole
    words, ignoring case and accents.

    >>> sorted(named_in("As México and the EU proposed", {7: ["Mexico", "MEX"], 8: ["EU"],
    ...                                                  9: ["Peru"]}))
    [7, 8]
    >>> named_in("Mexicana", {7: ["Mexico"]})
    frozenset()
    """
    folded = _folded(text)
    found = set()
    for delegation_id, words in names.items():
        for word in words:
            key = _folded(word).strip()
            if key and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded):
                found.add(delegation_id)
                break
    return frozenset(found)


def silence_ending_soon(deadline: datetime, now: datetime, within: timedelta) -> bool:
    """Whether a running silence procedure's deadline is near enough to warn of.

    >>> from datetime import UTC
    >>> t = datetime(2026, 12, 1, 12, tzinfo=UTC)
    >>> silence_ending_soon(t + timedelta(hours=5), t, timedelta(hours=24))
    True
    >>> silence_ending_soon(t + timedelta(hours=30), t, timedelta(hours=24))
    False
    """
    return now < deadline <= now + within
