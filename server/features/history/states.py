"""The state a history entry leaves its subject in, read from the tables.

The same function reads it when the entry is recorded and when ``accord verify`` replays the
history, so a row changed directly in the database (an amendment's words, a stance, a
participant's role, a published paragraph) no longer matches the state its last entry
recorded (core.history.first_difference).

What is recorded, by subject:

- ``amendment:N``: its state, delegation, paragraph (unit id), revision, kind, words,
  justification, every stance taken on it (delegation id -> support | oppose) and every
  co-sponsorship (delegation id -> invited | accepted | declined | withdrawn);
- ``participant:N``: the person, the role and the delegation (``{"exists": False}`` once
  removed);
- ``revision:N`` when published: its label, its place, and each paragraph's number, status
  and the sha256 of its text.

Only what every change of the subject is logged with is recorded: an amendment's
``settled_in_revision_id`` and a participant's focal point also change as a side effect of
another subject's entry, so they are not part of a state.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.history import digest
from server.models import (
    Amendment,
    AmendmentStance,
    CoProponent,
    Participant,
    Revision,
    RevisionUnit,
    Unit,
)

#: The kinds of subject that carry a state.
STATEFUL = ("amendment", "participant", "revision")


def subject_of(subject: str) -> tuple[str, int] | None:
    """("amendment", 12) for "amendment:12"; None for subjects without a state."""
    kind, _, ident = subject.partition(":")
    if kind in STATEFUL and ident.isdigit():
        return kind, int(ident)
    return None


def state_of(session: Session, subject: str) -> dict[str, Any] | None:
    """The subject's state as the tables hold it now; None when it has no state (or, for a
    revision, is not published: only published revisions are frozen)."""
    found = subject_of(subject)
    if found is None:
        return None
    kind, ident = found
    if kind == "amendment":
        return amendment_state(session, ident)
    if kind == "participant":
        return participant_state(session, ident)
    return revision_state(session, ident)


def amendment_state(session: Session, amendment_id: int) -> dict[str, Any]:
    # From the identity map when loaded (flushed by the head's SELECT): one query fewer.
    row = session.get(Amendment, amendment_id)
    if row is None:
        return {"exists": False}
    # Columns, not objects: answers to co-sponsorship are conditional UPDATEs.
    stances = {str(delegation): stance for delegation, stance in session.execute(
        select(AmendmentStance.delegation_id, AmendmentStance.stance)
        .where(AmendmentStance.amendment_id == amendment_id)
        .order_by(AmendmentStance.delegation_id))}
    co_sponsors = {str(delegation): status for delegation, status in session.execute(
        select(CoProponent.delegation_id, CoProponent.status)
        .where(CoProponent.amendment_id == amendment_id)
        .order_by(CoProponent.delegation_id))}
    return {"state": row.state, "delegation": row.delegation_id, "unit": row.unit_id,
            "revision": row.revision_id, "kind": row.kind, "text": row.text,
            "justification": row.justification, "stances": stances,
            "co_sponsors": co_sponsors}


def participant_state(session: Session, participant_id: int) -> dict[str, Any]:
    row = session.get(Participant, participant_id)
    if row is None:
        return {"exists": False}
    return {"user": row.user_id, "role": row.role, "delegation": row.delegation_id}


def revision_state(session: Session, revision_id: int) -> dict[str, Any] | None:
    row = session.get(Revision, revision_id)
    if row is None:
        return {"exists": False}
    if row.published_at is None:
        return None
    units = {key: {"number": number, "status": status, "text": digest(text)}
             for key, number, status, text in session.execute(
                 select(Unit.key, RevisionUnit.number, RevisionUnit.status, RevisionUnit.text)
                 .join(Unit, Unit.id == RevisionUnit.unit_id)
                 .where(RevisionUnit.revision_id == revision_id)
                 .order_by(RevisionUnit.position))}
    return {"label": row.label, "sequence": row.sequence, "units": units}
