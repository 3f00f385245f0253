"""Participants as the API shows them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from server.features.people import schemas as s
from server.models import Delegation, Participant, User


def participant(session: Session, row: Participant, user: User,
                initial_password: str | None = None, *, contact: bool = True
                ) -> s.ParticipantOut:
    code = None
    if row.delegation_id is not None:
        found = session.get(Delegation, row.delegation_id)
        code = found.code if found else None
    return s.ParticipantOut(id=row.id, user_id=user.id, email=user.email if contact else None,
                            name=user.name,
                            role=row.role, delegation=code, focal_point=row.focal_point,
                            initial_password=initial_password)
