"""The event catalogue: every change the history records, who receives it, and how it reads.

Each recorded change is one :class:`EventType`. :data:`CATALOGUE` gives, for each, the
audience that receives it live and on catch-up (everyone else gets a content-free placeholder),
whether it re-evaluates subscriptions, and the sentence a person reads. The policy
(:func:`server.core.policy.audience_of`), the services (which record only ``EventType``
members), the live protocol and the browser (``GET /api/v1/catalogue``) all read this table;
an event missing from it is an error, never "everyone".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    # the process
    PROCESS_CREATED = "process.created"
    PHASE_CHANGED = "phase.changed"
    PROCESS_CONFIGURED = "process.configured"
    DELEGATION_ADDED = "delegation.added"
    PARTICIPANT_INVITED = "participant.invited"
    INVITATION_DECLINED = "participant.invitation_declined"
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
    #: How a person reads it, as a sentence without its subject ("an amendment was submitted").
    sentence: str
    #: What it records, for the protocol's reader.
    description: str
    #: An entry about a draft (``"restricted": true`` in its payload) goes to that delegation
    #: only: allowed for the events that can concern a draft.
    may_concern_a_draft: bool = False
    #: Subscribers subscribe again afterwards (what they may see may have changed).
    resubscribe: bool = False


_A, _S, _E, _D, _N = (Audience.AMENDMENTS, Audience.STAFF, Audience.EVERYONE,
                      Audience.DELEGATION, Audience.NOBODY)

#: The one table of events.
CATALOGUE: dict[EventType, EventSpec] = {
    EventType.USER_CREATED: EventSpec(_N, "an account was created", "An account was created."),
    EventType.TOKEN_ISSUED: EventSpec(_N, "an API token was issued", "A bearer token was issued."),
    EventType.TOKEN_REVOKED: EventSpec(_N, "an API token was revoked",
                                       "A bearer token was revoked."),
    EventType.SESSION_ENDED: EventSpec(_N, "a browser session was ended",
                                       "A person ended one of their browser sessions."),
    EventType.PASSWORD_CHANGED: EventSpec(_N, "a password was changed",
                                          "A person changed their password (their other "
                                          "sessions ended)."),
    EventType.PASSWORD_RESET_SENT: EventSpec(_N, "a password reset link was sent",
                                             "A password reset link was sent by e-mail."),
    EventType.PASSWORD_RESET: EventSpec(_N, "a password was reset",
                                        "A person set a new password with a reset link (their "
                                        "sessions ended, their tokens were revoked)."),
    EventType.ACCOUNT_SIGNED_OUT: EventSpec(_N, "a person was signed out everywhere",
                                            "An administrator ended every session and token of "
                                            "a person."),
    EventType.ADMINISTRATOR_INVITED: EventSpec(_N, "a person was invited to administer Accord",
                                               "An administrator invited a person to become "
                                               "an administrator."),
    EventType.ADMINISTRATOR_APPOINTED: EventSpec(_N, "a person became an administrator",
                                                 "A person accepted an invitation to "
                                                 "administer Accord."),
    EventType.PROCESS_CREATED: EventSpec(_E, "the process was opened", "The process was opened."),
    EventType.PHASE_CHANGED: EventSpec(
        _E, "the process moved to another phase",
        "The process moved to another phase (backwards: with a reason).", resubscribe=True),
    EventType.PROCESS_CONFIGURED: EventSpec(
        _E, "the process settings changed",
        "The process was retitled, or who sees attributed amendments changed.",
        resubscribe=True),
    EventType.DELEGATION_ADDED: EventSpec(_E, "a delegation joined the process",
                                          "A delegation joined the process."),
    EventType.PARTICIPANT_INVITED: EventSpec(_S, "a person was invited to take part",
                                             "A person was invited to take part in a role (they "
                                             "join when they accept). Staff only."),
    EventType.INVITATION_DECLINED: EventSpec(_S, "an invitation was declined",
                                             "A person declined an invitation to take part. "
                                             "Staff only."),
    EventType.PARTICIPANT_ADDED: EventSpec(_E, "a participant was given a role",
                                           "A person accepted an invitation and was given a "
                                           "role.", resubscribe=True),
    EventType.PARTICIPANT_REMOVED: EventSpec(_E, "a participant was removed",
                                             "A person no longer takes part in the process.",
                                             resubscribe=True),
    EventType.ROLE_CHANGED: EventSpec(_E, "a participant's role changed",
                                      "A participant was given another role.",
                                      resubscribe=True),
    EventType.FOCAL_POINT_TRANSFERRED: EventSpec(_E, "a delegation's focal point changed",
                                                 "Another delegate became the delegation's "
                                                 "focal point.", resubscribe=True),
    EventType.INPUT_SUBMITTED: EventSpec(_E, "a consultation input was submitted",
                                         "A consultation input or statement was submitted."),
    EventType.SUMMARY_WRITTEN: EventSpec(_E, "a summary was written",
                                         "A session or stocktaking summary was written."),
    EventType.DOCUMENT_CREATED: EventSpec(_S, "a document was created",
                                          "A document (the zero draft in the making) was "
                                          "created. Staff only."),
    EventType.UNIT_EDITED: EventSpec(_S, "the working copy was edited",
                                     "A unit of the working copy changed (text, number or "
                                     "status). Staff only."),
    EventType.UNIT_INSERTED: EventSpec(_S, "a paragraph was inserted in the working copy",
                                       "A unit was inserted into the working copy. Staff only."),
    EventType.UNIT_DELETED: EventSpec(_S, "a paragraph was removed from the working copy",
                                      "A unit was removed from the working copy. Staff only."),
    EventType.WORKING_COPY_RENUMBERED: EventSpec(_S, "the working copy was renumbered",
                                                 "The working copy was renumbered. Staff only."),
    EventType.WORKING_COPY_IMPORTED: EventSpec(_S, "a file was imported into the working copy",
                                               "The working copy was replaced by an imported "
                                               "file, matched by lineage. Staff only."),
    EventType.UNIT_COEDITED: EventSpec(_S, "a paragraph was co-edited in the working copy",
                                       "Pen-holders co-edited a paragraph live; recorded at "
                                       "most every half minute per paragraph, with its text "
                                       "then (each keystroke is kept with the paragraph). "
                                       "Staff only."),
    EventType.WORKING_COPY_SHARED: EventSpec(_E, "the working copy was shared or unshared",
                                             "The co-facilitators showed the working copy to "
                                             "delegations and observers, or stopped.",
                                             resubscribe=True),
    EventType.DISCUSSION_MOVED: EventSpec(_E, "the paragraph under discussion changed",
                                          "The pen-holders set the paragraph under "
                                          "discussion in the room (or none)."),
    EventType.UNIT_REOPENED: EventSpec(_E, "a settled paragraph was reopened for proposals",
                                       "The co-facilitators reopened a paragraph agreed (or "
                                       "adopted) in the latest revision, with their reason: "
                                       "delegations may propose amendments to it again."),
    EventType.REVISION_PUBLISHED: EventSpec(_E, "a revision was published",
                                            "A revision was published, with the amendments it "
                                            "reflects, carries and overtook."),
    EventType.AMENDMENT_DRAFTED: EventSpec(_D, "a draft amendment was saved",
                                           "A draft amendment was saved. Its delegation only.",
                                           may_concern_a_draft=True),
    EventType.AMENDMENT_REVISED: EventSpec(_D, "a draft amendment was rewritten",
                                           "A draft amendment was rewritten. Its delegation "
                                           "only.", may_concern_a_draft=True),
    EventType.AMENDMENT_SUBMITTED: EventSpec(_A, "an amendment was submitted",
                                             "An amendment was submitted."),
    EventType.AMENDMENT_WITHDRAWN: EventSpec(_A, "an amendment was withdrawn",
                                             "An amendment was withdrawn (a draft's withdrawal "
                                             "goes to its delegation only).",
                                             may_concern_a_draft=True),
    EventType.AMENDMENT_DECIDED: EventSpec(_A, "the co-facilitators decided an amendment",
                                           "The co-facilitators decided an amendment."),
    EventType.AMENDMENT_STANCE: EventSpec(_A, "a delegation supported or opposed an amendment",
                                          "A delegation supported or opposed an amendment (or "
                                          "took back its stance)."),
    EventType.AMENDMENT_CO_PROPONENTS: EventSpec(_A, "the co-proponents of an amendment changed",
                                                 "Co-proponents joined or left an amendment.",
                                                 may_concern_a_draft=True),
    EventType.AMENDMENT_CARRIED: EventSpec(_A, "an amendment was carried onto a new revision",
                                           "At a publication, an open amendment was re-anchored "
                                           "on the new text, found in conflict with it, or "
                                           "overtaken.", may_concern_a_draft=True),
    EventType.AMENDMENT_APPLIED: EventSpec(_S, "an amendment was applied to the working copy",
                                           "The pen-holders applied an amendment to the "
                                           "working copy, as proposed or with changes (the "
                                           "paragraph's text before and after). Staff only."),
    EventType.SILENCE_STARTED: EventSpec(_E, "a silence procedure started",
                                         "A revision was put under silence until a deadline."),
    EventType.SILENCE_BROKEN: EventSpec(_E, "silence was broken",
                                        "A delegation broke silence, in writing."),
    EventType.SILENCE_AGREED: EventSpec(_E, "the text was agreed under silence",
                                        "The deadline passed unbroken: the text is agreed."),
}


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
