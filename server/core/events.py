"""The event catalogue: every change the history records, who receives it, and how it reads.

Each recorded change is one :class:`EventType`. :data:`CATALOGUE` gives, for each, the
audience that receives it live and on catch-up (everyone else gets a content-free placeholder),
whether it re-evaluates subscriptions, and the sentence a person reads (filled, for each
entry, with the names of who did what to which paragraph: :func:`render_sentence`). The
sentences' templates, in the six languages, are the client's catalogue client/i18n/events,
given to these functions as a :class:`~server.core.messages.Catalogue` (read at start-up by
server.features.history.catalogue): one source for the browser, the API's English
``sentence`` and the mail in each recipient's language. The policy
(:func:`server.core.policy.audience_of`), the services (which record only ``EventType``
members), the live protocol and the browser (``GET /api/v1/catalogue``) all read this table;
an event missing from it is an error, never "everyone".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from server.core import messages
from server.core.messages import Catalogue


class Audience(StrEnum):
    """Who may see a recorded change as it happens (and when catching up on it)."""

    EVERYONE = "everyone"  # every participant of the process
    STAFF = "staff"  # co-facilitators and secretariat (the working copy, documents in making)
    AMENDMENTS = "amendments"  # those who may see attributed amendments in this phase
    DELEGATION = "delegation"  # one delegation only (its drafts)
    NOBODY = "nobody"  # kept in the global history only (accounts, tokens): never sent


class EventType(StrEnum):
    """Every change Accord records, by its name in the history."""

    # accounts (the global stream)
    USER_CREATED = "user.created"
    TOKEN_ISSUED = "token.issued"
    TOKEN_REVOKED = "token.revoked"
    SESSION_ENDED = "session.ended"
    PASSWORD_CHANGED = "password.changed"
    PASSWORD_RESET_SENT = "password.reset_sent"
    PASSWORD_RESET = "password.reset"
    ACCOUNT_SIGNED_OUT = "account.signed_out"
    ADMINISTRATOR_INVITED = "administrator.invited"
    ADMINISTRATOR_APPOINTED = "administrator.appointed"
    PROFILE_CHANGED = "account.profile_changed"
    # the process
    PROCESS_CREATED = "process.created"
    PHASE_CHANGED = "phase.changed"
    PROCESS_CONFIGURED = "process.configured"
    DELEGATION_ADDED = "delegation.added"
    DELEGATION_MEMBERS_CHANGED = "delegation.members_changed"
    DELEGATION_RENAMED = "delegation.renamed"
    DELEGATION_REMOVED = "delegation.removed"
    PARTICIPANT_INVITED = "participant.invited"
    INVITATION_DECLINED = "participant.invitation_declined"
    INVITATION_REVOKED = "participant.invitation_revoked"
    PARTICIPANT_ADDED = "participant.added"
    PARTICIPANT_REMOVED = "participant.removed"
    ROLE_CHANGED = "participant.role_changed"
    FOCAL_POINT_TRANSFERRED = "participant.focal_point_transferred"
    # consultation
    INPUT_SUBMITTED = "input.submitted"
    SUMMARY_WRITTEN = "summary.written"
    # the text
    DOCUMENT_CREATED = "document.created"
    UNIT_EDITED = "working_copy.unit_edited"
    TRANSLATION_ENTERED = "translation.entered"
    TRANSLATION_IMPORTED = "translation.imported"
    SOURCE_LANGUAGE_SET = "translation.source_language_set"
    UNIT_INSERTED = "working_copy.unit_inserted"
    UNIT_DELETED = "working_copy.unit_deleted"
    WORKING_COPY_RENUMBERED = "working_copy.renumbered"
    WORKING_COPY_IMPORTED = "working_copy.imported"
    UNIT_COEDITED = "working_copy.unit_coedited"
    WORKING_COPY_SHARED = "working_copy.shared"
    DISCUSSION_MOVED = "discussion.moved"
    REVISION_PUBLISHED = "revision.published"
    UNIT_REOPENED = "unit.reopened"
    # amendments
    AMENDMENT_DRAFTED = "amendment.drafted"
    AMENDMENT_REVISED = "amendment.revised"
    AMENDMENT_SUBMITTED = "amendment.submitted"
    AMENDMENT_WITHDRAWN = "amendment.withdrawn"
    AMENDMENT_DECIDED = "amendment.decided"
    AMENDMENT_STANCE = "amendment.stance"
    AMENDMENT_CO_PROPONENTS = "amendment.co_proponents_changed"
    CO_SPONSOR_INVITED = "amendment.co_sponsor_invited"
    CO_SPONSOR_INVITATION_WITHDRAWN = "amendment.co_sponsor_invitation_withdrawn"
    CO_SPONSOR_ACCEPTED = "amendment.co_sponsor_accepted"
    CO_SPONSOR_DECLINED = "amendment.co_sponsor_declined"
    CO_SPONSORSHIP_WITHDRAWN = "amendment.co_sponsorship_withdrawn"
    AMENDMENT_CARRIED = "amendment.carried"
    AMENDMENT_APPLIED = "amendment.applied"
    # silence procedures
    SILENCE_STARTED = "silence.started"
    SILENCE_BROKEN = "silence.broken"
    SILENCE_AGREED = "silence.agreed"


@dataclass(frozen=True, slots=True)
class EventSpec:
    """What the catalogue says of one event type."""

    #: Who receives it (others get a placeholder with its sequence number only).
    audience: Audience
    #: What it records, for the protocol's reader.
    description: str
    #: An entry about a draft (``"restricted": true`` in its payload) goes to that delegation
    #: only: allowed for the events that can concern a draft.
    may_concern_a_draft: bool = False
    #: Subscribers subscribe again afterwards (what they may see may have changed).
    resubscribe: bool = False


#: The placeholders a sentence may use, each with what it names. The words read when a fact
#: is unknown or not for the reader's eyes (a draft's delegation and paragraph, to anyone but
#: its own) are the catalogue's ``events.unknown.<name>``, in each language.
FACTS: dict[str, str] = {
    "actor": "who acted: a delegation's name, or words (the co-facilitators, the secretariat)",
    "delegation": "the delegation the change concerns",
    "paragraph": "a unit's name in its revision (PP4, OP12 bis, Article 4.2)",
    "amendment": "whose amendment to which paragraph (Mexico's amendment to OP12)",
    "revision": "a revision's label (Rev.1)",
    "document": "the document, by its title",
    "phase": "the phase the process moved to",
    "decision": "the decision (reflected, not reflected...)",
    "co_sponsor": "the delegation invited to co-sponsor an amendment",
    "stance": "supported, opposed, or took back its stance on",
    "outcome": "where a carried amendment stands (still applies to, conflicts with...)",
    "role": "a person's role (a delegate of Mexico, a co-facilitator)",
    "new_role": "the role a participant was given",
    "sharing": "shared or stopped sharing",
    "discussed": "the paragraph under discussion, or none",
    "language": "a revision's source language",
}

_A, _S, _E, _D, _N = (Audience.AMENDMENTS, Audience.STAFF, Audience.EVERYONE,
                      Audience.DELEGATION, Audience.NOBODY)

#: The one table of events.
CATALOGUE: dict[EventType, EventSpec] = {
    EventType.USER_CREATED: EventSpec(
        _N, "An account was created."),
    EventType.TOKEN_ISSUED: EventSpec(
        _N, "A bearer token was issued."),
    EventType.TOKEN_REVOKED: EventSpec(
        _N, "A bearer token was revoked."),
    EventType.SESSION_ENDED: EventSpec(
        _N, "A person ended one of their browser sessions."),
    EventType.PASSWORD_CHANGED: EventSpec(
        _N, "A person changed their password (their other sessions ended)."),
    EventType.PASSWORD_RESET_SENT: EventSpec(
        _N, "A password reset link was sent by e-mail."),
    EventType.PASSWORD_RESET: EventSpec(
        _N, "A person set a new password with a reset link (their sessions ended, their tokens "
        "were revoked)."),
    EventType.ACCOUNT_SIGNED_OUT: EventSpec(
        _N, "An administrator ended every session and token of a person."),
    EventType.ADMINISTRATOR_INVITED: EventSpec(
        _N, "An administrator invited a person to become an administrator."),
    EventType.ADMINISTRATOR_APPOINTED: EventSpec(
        _N, "A person accepted an invitation to administer Accord."),
    EventType.PROFILE_CHANGED: EventSpec(
        _N, "A person changed the name Accord shows for them."),
    EventType.PROCESS_CREATED: EventSpec(
        _E, "The process was opened."),
    EventType.PHASE_CHANGED: EventSpec(
        _E, "The process moved to another phase (backwards: with a reason).", resubscribe=True),
    EventType.PROCESS_CONFIGURED: EventSpec(
        _E, "The process was retitled, or who sees attributed amendments changed.",
        resubscribe=True),
    EventType.DELEGATION_ADDED: EventSpec(
        _E, "A delegation joined the process."),
    EventType.DELEGATION_MEMBERS_CHANGED: EventSpec(
        _E, "A delegation joined or left one of the process's groups."),
    EventType.DELEGATION_RENAMED: EventSpec(
        _E, "A delegation or group of the process was given another name."),
    EventType.DELEGATION_REMOVED: EventSpec(
        _E, "A delegation in whose name nothing was done left the process's list."),
    EventType.PARTICIPANT_INVITED: EventSpec(
        _S, "A person was invited to take part in a role (they join when they accept). Staff "
        "only."),
    EventType.INVITATION_DECLINED: EventSpec(
        _S, "A person declined an invitation to take part. Staff only."),
    EventType.INVITATION_REVOKED: EventSpec(
        _S, "An invitation not yet answered was revoked: its link no longer works. Staff only."),
    EventType.PARTICIPANT_ADDED: EventSpec(
        _E, "A person accepted an invitation and was given a role.", resubscribe=True),
    EventType.PARTICIPANT_REMOVED: EventSpec(
        _E, "A person no longer takes part in the process.", resubscribe=True),
    EventType.ROLE_CHANGED: EventSpec(
        _E, "A participant was given another role.", resubscribe=True),
    EventType.FOCAL_POINT_TRANSFERRED: EventSpec(
        _E, "Another delegate became the delegation's focal point.", resubscribe=True),
    EventType.INPUT_SUBMITTED: EventSpec(
        _E, "A consultation input or statement was submitted."),
    EventType.SUMMARY_WRITTEN: EventSpec(
        _E, "A session or stocktaking summary was written."),
    EventType.DOCUMENT_CREATED: EventSpec(
        _S, "A document (the zero draft in the making) was created. Staff only."),
    EventType.UNIT_EDITED: EventSpec(
        _S, "A unit of the working copy changed (text, number or status). Staff only."),
    EventType.TRANSLATION_ENTERED: EventSpec(
        _S, "A paragraph's translation into another language was entered or corrected (its "
        "language and the source text it translates are in the payload). Staff only."),
    EventType.TRANSLATION_IMPORTED: EventSpec(
        _S, "A translated file was aligned with a revision and its paragraphs saved (the language "
        "and how many paragraphs are in the payload). Staff only."),
    EventType.SOURCE_LANGUAGE_SET: EventSpec(
        _S, "The language a revision (or the working copy) was negotiated in was set; its other "
        "languages are translations of it. Staff only."),
    EventType.UNIT_INSERTED: EventSpec(
        _S, "A unit was inserted into the working copy. Staff only."),
    EventType.UNIT_DELETED: EventSpec(
        _S, "A unit was removed from the working copy. Staff only."),
    EventType.WORKING_COPY_RENUMBERED: EventSpec(
        _S, "The working copy was renumbered. Staff only."),
    EventType.WORKING_COPY_IMPORTED: EventSpec(
        _S, "The working copy was replaced by an imported file, matched by lineage. Staff only."),
    EventType.UNIT_COEDITED: EventSpec(
        _S, "Pen-holders co-edited a paragraph live; recorded at most every half minute per "
        "paragraph, with its text then (each keystroke is kept with the paragraph). Staff "
        "only."),
    EventType.WORKING_COPY_SHARED: EventSpec(
        _E, "The co-facilitators showed the working copy to delegations and observers, or "
        "stopped.", resubscribe=True),
    EventType.DISCUSSION_MOVED: EventSpec(
        _E, "The pen-holders set the paragraph under discussion in the room (or none)."),
    EventType.UNIT_REOPENED: EventSpec(
        _E, "The co-facilitators reopened a paragraph agreed (or adopted) in the latest revision, "
        "with their reason: delegations may propose amendments to it again."),
    EventType.REVISION_PUBLISHED: EventSpec(
        _E, "A revision was published, with the amendments it reflects, carries and overtook."),
    EventType.AMENDMENT_DRAFTED: EventSpec(
        _D, "A draft amendment was saved. Its delegation only.", may_concern_a_draft=True),
    EventType.AMENDMENT_REVISED: EventSpec(
        _D, "A draft amendment was rewritten. Its delegation only.", may_concern_a_draft=True),
    EventType.AMENDMENT_SUBMITTED: EventSpec(
        _A, "An amendment was submitted."),
    EventType.AMENDMENT_WITHDRAWN: EventSpec(
        _A, "An amendment was withdrawn (a draft's withdrawal goes to its delegation only).",
        may_concern_a_draft=True),
    EventType.AMENDMENT_DECIDED: EventSpec(
        _A, "The co-facilitators decided an amendment."),
    EventType.AMENDMENT_STANCE: EventSpec(
        _A, "A delegation supported or opposed an amendment (or took back its stance)."),
    EventType.AMENDMENT_CO_PROPONENTS: EventSpec(
        _A, "The proposer changed whom it will invite to co-sponsor its draft (its delegation "
        "only; the invitations go out when the draft is submitted).",
        may_concern_a_draft=True),
    # Co-sponsorship by consent: the proposer invites, the invited delegation answers for
    # itself. Everyone who sees the amendment sees who is invited and who answered (as the
    # sponsors of a draft resolution are public), the invited delegation among them.
    EventType.CO_SPONSOR_INVITED: EventSpec(
        _A, "The proposer invited a delegation to co-sponsor its submitted amendment (when it is "
        "submitted, for one named on the draft); the invited delegation accepts or declines."),
    EventType.CO_SPONSOR_INVITATION_WITHDRAWN: EventSpec(
        _A, "The proposer took back an invitation to co-sponsor (one not accepted)."),
    EventType.CO_SPONSOR_ACCEPTED: EventSpec(
        _A, "An invited delegation accepted: it is now a co-proponent (its own support or "
        "opposition, if it had taken one, is replaced by its co-sponsorship)."),
    EventType.CO_SPONSOR_DECLINED: EventSpec(
        _A, "An invited delegation declined to co-sponsor."),
    EventType.CO_SPONSORSHIP_WITHDRAWN: EventSpec(
        _A, "A co-proponent left the amendment."),
    EventType.AMENDMENT_CARRIED: EventSpec(
        _A, "At a publication, an open amendment was re-anchored on the new text, found in "
        "conflict with it, or overtaken.", may_concern_a_draft=True),
    EventType.AMENDMENT_APPLIED: EventSpec(
        _S, "The pen-holders applied an amendment to the working copy, as proposed or with "
        "changes (the paragraph's text before and after). Staff only."),
    EventType.SILENCE_STARTED: EventSpec(
        _E, "A revision was put under silence until a deadline."),
    EventType.SILENCE_BROKEN: EventSpec(
        _E, "A delegation broke silence, in writing."),
    EventType.SILENCE_AGREED: EventSpec(
        _E, "The deadline passed unbroken: the text is agreed."),
}


def placeholders(template: str) -> list[str]:
    """The placeholders of a sentence, sorted.

    >>> placeholders("{delegation} submitted an amendment to {paragraph}.")
    ['delegation', 'paragraph']
    """
    return messages.placeholders(template)


#: A fact of a sentence: a name or label as it is ("Mexico", "OP12 bis", "Rev.1"), or words
#: from the catalogue, ``{"word": "actor.co_facilitator"}`` (key ``events.word.<word>``; its
#: other entries are the facts its own template names, e.g. ``{"word": "amendment",
#: "delegation": "Mexico", "paragraph": "OP12"}``). The browser fills the same facts.
Fact = str | Mapping[str, Any]


def check_catalogue(catalogue: Catalogue) -> None:
    """Raise :class:`UnknownEvent` unless English says every event, alone and several at once,
    and every template of every language parses (a broken catalogue stops the start-up)."""
    for action in EventType:
        for key in (f"events.{action.value}", f"events.{action.value}.many"):
            if key not in catalogue:
                raise UnknownEvent(f"client/i18n/events/en.js has no {key!r}")
    for templates in catalogue.templates.values():
        for template in templates.values():
            messages.placeholders(template)


def fact_words(catalogue: Catalogue, value: Fact, lang: str = "en") -> str:
    """One fact as a reader of ``lang`` reads it."""
    if isinstance(value, str):
        return value
    word = value.get("word")
    if not isinstance(word, str) or f"events.word.{word}" not in catalogue:
        raise UnknownEvent(f"{word!r} is not a word of the event catalogue")
    template = catalogue.template(f"events.word.{word}", lang)
    params = {name: fact_words(catalogue, value[name], lang)
              if isinstance(value.get(name), str | Mapping)
              else catalogue.template(f"events.unknown.{name}", lang)
              for name in messages.placeholders(template)}
    return messages.format_message(template, params, lang)


def render_sentence(catalogue: Catalogue, action: str, facts: Mapping[str, Fact] | None = None,
                    lang: str = "en") -> str:
    """The sentence a person reads for one ``action``: its template in ``lang`` filled with
    ``facts`` (unknown or withheld ones in the catalogue's general words), starting with a
    capital.

    Guarantees: never names anything ``facts`` does not give; raises :class:`UnknownEvent`
    for an action not in the catalogue.

    >>> said = Catalogue({"en": {
    ...     "events.amendment.submitted": "{delegation} submitted an amendment to {paragraph}.",
    ...     "events.unknown.delegation": "a delegation",
    ...     "events.unknown.paragraph": "a paragraph"}})
    >>> render_sentence(said, "amendment.submitted", {"delegation": "Mexico",
    ...                                               "paragraph": "OP12"})
    'Mexico submitted an amendment to OP12.'
    >>> render_sentence(said, "amendment.submitted")
    'A delegation submitted an amendment to a paragraph.'
    """
    spec_of(action)
    template = catalogue.template(f"events.{action}", lang)
    given = facts or {}
    values = {name: fact_words(catalogue, given[name], lang) if name in given
              else catalogue.template(f"events.unknown.{name}", lang)
              for name in messages.placeholders(template)}
    text = messages.format_message(template, values, lang)
    return text[:1].upper() + text[1:]


def render_many(catalogue: Catalogue, action: str, count: int, lang: str = "en") -> str:
    """Several events of one kind in one sentence.

    >>> said = Catalogue({"en": {"events.amendment.submitted.many": "{count, plural, "
    ...     "one {# amendment was submitted.} other {# amendments were submitted.}}"}})
    >>> render_many(said, "amendment.submitted", 3)
    '3 amendments were submitted.'
    """
    spec_of(action)
    return catalogue.say(f"events.{action}.many", {"count": count}, lang)


def english_many(catalogue: Catalogue, action: str) -> str:
    """Several events of one kind in English, ``{count}`` of them, as the API's catalogue
    gives it ("{count} amendments were submitted.")."""
    sample = 987_654_321
    return render_many(catalogue, action, sample).replace(f"{sample:,}", "{count}")


class UnknownEvent(ValueError):
    """An action name that is not in the catalogue (a programming error, never a default)."""


def spec_of(action: str) -> EventSpec:
    """The catalogue entry of ``action``; raises :class:`UnknownEvent` for any other name.

    >>> spec_of("amendment.submitted").audience
    <Audience.AMENDMENTS: 'amendments'>
    """
    try:
        return CATALOGUE[EventType(action)]
    except ValueError:
        raise UnknownEvent(f"{action!r} is not in the event catalogue") from None


def audience_of(action: str, payload: dict[str, object]) -> tuple[Audience, int | None]:
    """The audience of a history entry of a process, and the delegation for DELEGATION.

    An entry about a draft (``restricted``) goes to its delegation only; that is allowed only
    for events that can concern a draft. A drafted or revised amendment always names its
    delegation.
    """
    spec = spec_of(action)
    delegation = payload.get("delegation")
    delegation_id = delegation if isinstance(delegation, int) else None
    if payload.get("restricted"):
        if not spec.may_concern_a_draft:
            raise UnknownEvent(f"{action!r} cannot concern a draft")
        return Audience.DELEGATION, delegation_id
    if spec.audience is Audience.DELEGATION:
        return Audience.DELEGATION, delegation_id
    return spec.audience, None
