"""SQLAlchemy models, one module per aggregate; importing this registers them all."""

from server.models.account import BrowserSession, PasswordReset
from server.models.amendment import (
    Amendment,
    AmendmentApplication,
    AmendmentCarry,
    AmendmentStance,
    CoProponent,
)
from server.models.base import Base
from server.models.coedit import SharedParagraph, SharedParagraphUpdate
from server.models.consultation import Input, Summary
from server.models.idempotency import IdempotencyKey
from server.models.inbox import InboxRead, InboxSettings, MailOutbox
from server.models.invitation import Invitation
from server.models.log import HistorySeal, LogEntry, LogStream
from server.models.people import ApiToken, Delegation, GroupMember, User
from server.models.process import Cluster, Participant, Process
from server.models.silence import SilenceBreak, SilenceProcedure
from server.models.text import Document, Revision, RevisionUnit, Unit, UnitReopening
from server.models.translation import RevisionLanguage, Translation

__all__ = [
    "Amendment", "AmendmentApplication", "AmendmentCarry", "AmendmentStance", "ApiToken",
    "Base", "BrowserSession",
    "Cluster",
    "CoProponent", "Delegation",
    "Document", "GroupMember", "HistorySeal", "IdempotencyKey", "InboxRead", "InboxSettings",
    "Input", "Invitation",
    "LogEntry", "LogStream", "MailOutbox", "Participant",
    "PasswordReset",
    "Process",
    "Revision", "RevisionLanguage", "RevisionUnit", "SharedParagraph", "SharedParagraphUpdate",
    "SilenceBreak", "SilenceProcedure",
    "Summary", "Translation", "Unit", "UnitReopening", "User",
]
