"""The event catalogue: every change the history records, who receives it, and how it reads.

Each recorded change is one :class:`EventType`. :data:`CATALOGUE` gives, for each, the
audience that receives it live and on catch-up (everyone else gets a content-free placeholder),
whether it re-evaluates subscriptions, and the sentence a person reads (filled, for each
entry, with the names of who did what to which paragraph: :func:`render_sentence`). The policy
(:func:`server.core.policy.audience_of`), the services (which record only ``EventType``
members), the live protocol and the browser (``GET /api/v1/catalogue``) all read this table;
an event missing from it is an error, never "everyone".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from string import Formatter


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
    #: How a person reads it: a sentence whose placeholders (:data:`FACTS`) name who did what
    #: to which paragraph ("{delegation} submitted an amendment to {paragraph}.").
    sentence: str
    #: Several of them at once, ``{count}`` of them ("{count} amendments were submitted.").
    many: str
    #: What it records, for the protocol's reader.
    description: str
    #: An entry about a draft (``"restricted": true`` in its payload) goes to that delegation
    #: only: allowed for the events that can concern a draft.
    may_concern_a_draft: bool = False
    #: Subscribers subscribe again afterwards (what they may see may have changed).
    resubscribe: bool = False


#: The placeholders a sentence may use, each with the words read when the fact is unknown or
#: not for the reader's eyes (a draft's delegation and paragraph, to anyone but its own).
FACTS: dict[str, str] = {
    "actor": "someone",  # who acted: a delegation's name, "the co-facilitators"...
    "delegation": "a delegation",  # the delegation the change concerns
    "paragraph": "a paragraph",  # a unit's name in its revision (PP4, OP12 bis, Article 4.2)
    "amendment": "an amendment",  # "Mexico's amendment to OP12"
    "revision": "a revision",  # "Rev.1"
    "document": "a document",  # the document "Global Compact ..."
    "phase": "another phase",
    "decision": "decided",  # "reflected", "not reflected"...
    "co_sponsor": "a delegation",  # the delegation invited to co-sponsor an amendment
    "stance": "supported or opposed",  # "supported", "opposed", "took back its stance on"
    "outcome": "was carried onto",  # "still applies to", "conflicts with the text of"...
    "role": "a participant",  # "a delegate of Mexico", "a co-facilitator"
    "new_role": "another role",
    "sharing": "shared or stopped sharing",
    "discussed": "another paragraph",  # the paragraph under discussion, or "none"
    "language": "another language",  # "French": a revision's source language
}

_A, _S, _E, _D, _N = (Audience.AMENDMENTS, Audience.STAFF, Audience.EVERYONE,
                      Audience.DELEGATION, Audience.NOBODY)

#: The one table of events.
CATALOGUE: dict[EventType, EventSpec] = {
    EventType.USER_CREATED: EventSpec(
        _N, "An account was created.", "{count} accounts were created.",
        "An account was created."),
    EventType.TOKEN_ISSUED: EventSpec(
        _N, "An API token was issued.", "{count} API tokens were issued.",
        "A bearer token was issued."),
    EventType.TOKEN_REVOKED: EventSpec(
        _N, "An API token was revoked.", "{count} API tokens were revoked.",
        "A bearer token was revoked."),
    EventType.SESSION_ENDED: EventSpec(
        _N, "A browser session was ended.", "{count} browser sessions were ended.",
        "A person ended one of their browser sessions."),
    EventType.PASSWORD_CHANGED: EventSpec(
        _N, "A password was changed.", "{count} passwords were changed.",
        "A person changed their password (their other sessions ended)."),
    EventType.PASSWORD_RESET_SENT: EventSpec(
        _N, "A password reset link was sent.", "{count} password reset links were sent.",
        "A password reset link was sent by e-mail."),
    EventType.PASSWORD_RESET: EventSpec(
        _N, "A password was reset.", "{count} passwords were reset.",
        "A person set a new password with a reset link (their sessions ended, their tokens "
        "were revoked)."),
    EventType.ACCOUNT_SIGNED_OUT: EventSpec(
        _N, "A person was signed out everywhere.", "{count} people were signed out everywhere.",
        "An administrator ended every session and token of a person."),
    EventType.ADMINISTRATOR_INVITED: EventSpec(
        _N, "A person was invited to administer Accord.",
        "{count} people were invited to administer Accord.",
        "An administrator invited a person to become an administrator."),
    EventType.ADMINISTRATOR_APPOINTED: EventSpec(
        _N, "A person became an administrator.", "{count} people became administrators.",
        "A person accepted an invitation to administer Accord."),
    EventType.PROFILE_CHANGED: EventSpec(
        _N, "A person changed their name.", "{count} people changed their names.",
        "A person changed the name Accord shows for them."),
    EventType.PROCESS_CREATED: EventSpec(
        _E, "{actor} opened the process.", "{count} processes were opened.",
        "The process was opened."),
    EventType.PHASE_CHANGED: EventSpec(
        _E, "{actor} moved the process to {phase}.", "The process changed phase {count} times.",
        "The process moved to another phase (backwards: with a reason).", resubscribe=True),
    EventType.PROCESS_CONFIGURED: EventSpec(
        _E, "{actor} changed the process settings.",
        "The process settings changed {count} times.",
        "The process was retitled, or who sees attributed amendments changed.",
        resubscribe=True),
    EventType.DELEGATION_ADDED: EventSpec(
        _E, "{delegation} joined the process.", "{count} delegations joined the process.",
        "A delegation joined the process."),
    EventType.DELEGATION_MEMBERS_CHANGED: EventSpec(
        _E, "{actor} changed the members of {delegation}.",
        "The members of groups changed {count} times.",
        "A delegation joined or left one of the process's groups."),
    EventType.DELEGATION_RENAMED: EventSpec(
        _E, "{actor} renamed {delegation}.", "{count} delegations were renamed.",
        "A delegation or group of the process was given another name."),
    EventType.DELEGATION_REMOVED: EventSpec(
        _E, "{actor} removed a delegation from the process.",
        "{count} delegations were removed from the process.",
        "A delegation in whose name nothing was done left the process's list."),
    EventType.PARTICIPANT_INVITED: EventSpec(
        _S, "{actor} invited {role} to take part.", "{count} people were invited to take part.",
        "A person was invited to take part in a role (they join when they accept). Staff "
        "only."),
    EventType.INVITATION_DECLINED: EventSpec(
        _S, "An invitation was declined.", "{count} invitations were declined.",
        "A person declined an invitation to take part. Staff only."),
    EventType.INVITATION_REVOKED: EventSpec(
        _S, "{actor} revoked an invitation.", "{count} invitations were revoked.",
        "An invitation not yet answered was revoked: its link no longer works. Staff only."),
    EventType.PARTICIPANT_ADDED: EventSpec(
        _E, "{role} joined the process.", "{count} people joined the process.",
        "A person accepted an invitation and was given a role.", resubscribe=True),
    EventType.PARTICIPANT_REMOVED: EventSpec(
        _E, "{actor} removed {role} from the process.", "{count} participants were removed.",
        "A person no longer takes part in the process.", resubscribe=True),
    EventType.ROLE_CHANGED: EventSpec(
        _E, "{actor} gave a participant {new_role}.", "{count} participants' roles changed.",
        "A participant was given another role.", resubscribe=True),
    EventType.FOCAL_POINT_TRANSFERRED: EventSpec(
        _E, "{delegation} has a new focal point.", "{count} delegations have a new focal point.",
        "Another delegate became the delegation's focal point.", resubscribe=True),
    EventType.INPUT_SUBMITTED: EventSpec(
        _E, "{actor} submitted a consultation input.",
        "{count} consultation inputs were submitted.",
        "A consultation input or statement was submitted."),
    EventType.SUMMARY_WRITTEN: EventSpec(
        _E, "{actor} wrote a summary.", "{count} summaries were written.",
        "A session or stocktaking summary was written."),
    EventType.DOCUMENT_CREATED: EventSpec(
        _S, "{actor} created {document}.", "{count} documents were created.",
        "A document (the zero draft in the making) was created. Staff only."),
    EventType.UNIT_EDITED: EventSpec(
        _S, "{actor} edited {paragraph} in the working copy.",
        "{count} paragraphs of the working copy were edited.",
        "A unit of the working copy changed (text, number or status). Staff only."),
    EventType.TRANSLATION_ENTERED: EventSpec(
        _S, "{actor} entered a translation of {paragraph}.",
        "{count} paragraphs' translations were entered.",
        "A paragraph's translation into another language was entered or corrected (its "
        "language and the source text it translates are in the payload). Staff only."),
    EventType.TRANSLATION_IMPORTED: EventSpec(
        _S, "{actor} imported a translated file.", "{count} translated files were imported.",
        "A translated file was aligned with a revision and its paragraphs saved (the language "
        "and how many paragraphs are in the payload). Staff only."),
    EventType.SOURCE_LANGUAGE_SET: EventSpec(
        _S, "{actor} set the source language of {revision} to {language}.",
        "The source language of a revision was set {count} times.",
        "The language a revision (or the working copy) was negotiated in was set; its other "
        "languages are translations of it. Staff only."),
    EventType.UNIT_INSERTED: EventSpec(
        _S, "{actor} inserted {paragraph} in the working copy.",
        "{count} paragraphs were inserted in the working copy.",
        "A unit was inserted into the working copy. Staff only."),
    EventType.UNIT_DELETED: EventSpec(
        _S, "{actor} removed {paragraph} from the working copy.",
        "{count} paragraphs were removed from the working copy.",
        "A unit was removed from the working copy. Staff only."),
    EventType.WORKING_COPY_RENUMBERED: EventSpec(
        _S, "{actor} renumbered the working copy.",
        "The working copy was renumbered {count} times.",
        "The working copy was renumbered. Staff only."),
    EventType.WORKING_COPY_IMPORTED: EventSpec(
        _S, "{actor} imported a file into the working copy.",
        "{count} files were imported into the working copy.",
        "The working copy was replaced by an imported file, matched by lineage. Staff only."),
    EventType.UNIT_COEDITED: EventSpec(
        _S, "{actor} co-edited {paragraph} in the working copy.",
        "{count} paragraphs were co-edited in the working copy.",
        "Pen-holders co-edited a paragraph live; recorded at most every half minute per "
        "paragraph, with its text then (each keystroke is kept with the paragraph). Staff "
        "only."),
    EventType.WORKING_COPY_SHARED: EventSpec(
        _E, "{actor} {sharing} the working copy.",
        "The working copy was shared or unshared {count} times.",
        "The co-facilitators showed the working copy to delegations and observers, or "
        "stopped.", resubscribe=True),
    EventType.DISCUSSION_MOVED: EventSpec(
        _E, "The paragraph under discussion is now {discussed}.",
        "The paragraph under discussion changed {count} times.",
        "The pen-holders set the paragraph under discussion in the room (or none)."),
    EventType.UNIT_REOPENED: EventSpec(
        _E, "{actor} reopened {paragraph} of {revision} for proposals.",
        "{count} settled paragraphs were reopened for proposals.",
        "The co-facilitators reopened a paragraph agreed (or adopted) in the latest revision, "
        "with their reason: delegations may propose amendments to it again."),
    EventType.REVISION_PUBLISHED: EventSpec(
        _E, "{actor} published {revision}.", "{count} revisions were published.",
        "A revision was published, with the amendments it reflects, carries and overtook."),
    EventType.AMENDMENT_DRAFTED: EventSpec(
        _D, "{delegation} saved a draft amendment to {paragraph}.",
        "{count} draft amendments were saved.",
        "A draft amendment was saved. Its delegation only.", may_concern_a_draft=True),
    EventType.AMENDMENT_REVISED: EventSpec(
        _D, "{delegation} rewrote its draft amendment to {paragraph}.",
        "{count} draft amendments were rewritten.",
        "A draft amendment was rewritten. Its delegation only.", may_concern_a_draft=True),
    EventType.AMENDMENT_SUBMITTED: EventSpec(
        _A, "{delegation} submitted an amendment to {paragraph}.",
        "{count} amendments were submitted.", "An amendment was submitted."),
    EventType.AMENDMENT_WITHDRAWN: EventSpec(
        _A, "{delegation} withdrew its amendment to {paragraph}.",
        "{count} amendments were withdrawn.",
        "An amendment was withdrawn (a draft's withdrawal goes to its delegation only).",
        may_concern_a_draft=True),
    EventType.AMENDMENT_DECIDED: EventSpec(
        _A, "{actor} marked {amendment} as {decision}.", "{count} amendments were decided.",
        "The co-facilitators decided an amendment."),
    EventType.AMENDMENT_STANCE: EventSpec(
        _A, "{delegation} {stance} {amendment}.",
        "Delegations supported or opposed amendments {count} times.",
        "A delegation supported or opposed an amendment (or took back its stance)."),
    EventType.AMENDMENT_CO_PROPONENTS: EventSpec(
        _A, "The co-proponents of {amendment} changed.",
        "The co-proponents of {count} amendments changed.",
        "The proposer changed whom it will invite to co-sponsor its draft (its delegation "
        "only; the invitations go out when the draft is submitted).",
        may_concern_a_draft=True),
    # Co-sponsorship by consent: the proposer invites, the invited delegation answers for
    # itself. Everyone who sees the amendment sees who is invited and who answered (as the
    # sponsors of a draft resolution are public), the invited delegation among them.
    EventType.CO_SPONSOR_INVITED: EventSpec(
        _A, "{delegation} invited {co_sponsor} to co-sponsor its amendment to {paragraph}.",
        "{count} delegations were invited to co-sponsor amendments.",
        "The proposer invited a delegation to co-sponsor its submitted amendment (when it is "
        "submitted, for one named on the draft); the invited delegation accepts or declines."),
    EventType.CO_SPONSOR_INVITATION_WITHDRAWN: EventSpec(
        _A, "{delegation} withdrew its invitation to {co_sponsor} to co-sponsor its amendment "
            "to {paragraph}.",
        "{count} invitations to co-sponsor amendments were withdrawn.",
        "The proposer took back an invitation to co-sponsor (one not accepted)."),
    EventType.CO_SPONSOR_ACCEPTED: EventSpec(
        _A, "{co_sponsor} agreed to co-sponsor {amendment}.",
        "{count} delegations agreed to co-sponsor amendments.",
        "An invited delegation accepted: it is now a co-proponent (its own support or "
        "opposition, if it had taken one, is replaced by its co-sponsorship)."),
    EventType.CO_SPONSOR_DECLINED: EventSpec(
        _A, "{co_sponsor} declined to co-sponsor {amendment}.",
        "{count} invitations to co-sponsor amendments were declined.",
        "An invited delegation declined to co-sponsor."),
    EventType.CO_SPONSORSHIP_WITHDRAWN: EventSpec(
        _A, "{co_sponsor} withdrew its co-sponsorship of {amendment}.",
        "{count} co-sponsorships of amendments were withdrawn.",
        "A co-proponent left the amendment."),
    EventType.AMENDMENT_CARRIED: EventSpec(
        _A, "{amendment} {outcome} {revision}.",
        "{count} amendments were carried onto the new revision.",
        "At a publication, an open amendment was re-anchored on the new text, found in "
        "conflict with it, or overtaken.", may_concern_a_draft=True),
    EventType.AMENDMENT_APPLIED: EventSpec(
        _S, "{actor} applied {amendment} to the working copy.",
        "{count} amendments were applied to the working copy.",
        "The pen-holders applied an amendment to the working copy, as proposed or with "
        "changes (the paragraph's text before and after). Staff only."),
    EventType.SILENCE_STARTED: EventSpec(
        _E, "{actor} put {revision} under a silence procedure.",
        "{count} silence procedures started.",
        "A revision was put under silence until a deadline."),
    EventType.SILENCE_BROKEN: EventSpec(
        _E, "{delegation} broke silence on {revision}.", "Silence was broken {count} times.",
        "A delegation broke silence, in writing."),
    EventType.SILENCE_AGREED: EventSpec(
        _E, "{revision} was agreed under silence.", "{count} texts were agreed under silence.",
        "The deadline passed unbroken: the text is agreed."),
}


def placeholders(template: str) -> list[str]:
    """The placeholders of a sentence, in order.

    >>> placeholders("{delegation} submitted an amendment to {paragraph}.")
    ['delegation', 'paragraph']
    """
    return [name for _, name, _, _ in Formatter().parse(template) if name]


class _Words(dict[str, str]):
    """Facts, with the catalogue's words for any the reader is not given."""

    def __missing__(self, name: str) -> str:
        return FACTS.get(name, f"{{{name}}}")


def render_sentence(action: str, facts: Mapping[str, str] | None = None) -> str:
    """The sentence a person reads for one ``action``: its template filled with ``facts``
    (unknown or withheld ones in the catalogue's general words), starting with a capital.

    Guarantees: never names anything ``facts`` does not give; raises :class:`UnknownEvent`
    for an action not in the catalogue.

    >>> render_sentence("amendment.submitted", {"delegation": "Mexico", "paragraph": "OP12"})
    'Mexico submitted an amendment to OP12.'
    >>> render_sentence("amendment.submitted")
    'A delegation submitted an amendment to a paragraph.'
    >>> render_sentence("revision.published", {"actor": "the co-facilitators",
    ...                                        "revision": "Rev.1"})
    'The co-facilitators published Rev.1.'
    """
    text = spec_of(action).sentence.format_map(_Words(facts or {}))
    return text[:1].upper() + text[1:]


def render_many(action: str, count: int) -> str:
    """Several events of one kind in one sentence.

    >>> render_many("amendment.submitted", 3)
    '3 amendments were submitted.'
    """
    return spec_of(action).many.format(count=count)


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
