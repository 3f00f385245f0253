"""The inbox: a person's items across their processes, the unread count, marking read, and
how they want to be mailed."""

from __future__ import annotations

from flask import Blueprint

import server.features.inbox.service as inbox
from server.core.errors import Invalid
from server.features.inbox import present
from server.features.inbox import schemas as s
from server.web.context import ctx
from server.web.routing import endpoint

bp = Blueprint("inbox", __name__)
TAG = "Inbox"


@endpoint(bp, "/inbox", "GET", summary="The signed-in person's inbox, a page of it", tag=TAG,
          query=s.InboxQuery, response=s.InboxPageOut)
def list_inbox(query: s.InboxQuery) -> s.InboxPageOut:
    """Decisions on the person's delegation's amendments, invitations to co-sponsor, new
    revisions, silence procedures (and their deadline near), mentions of their delegation;
    each with its sentence and a link to its place."""
    items, total, unread = inbox.listing(ctx(), order=query.order, unread_only=query.unread_only,
                                         offset=query.offset, limit=query.limit)
    return s.InboxPageOut(items=[present.item(i) for i in items], total=total, unread=unread)


@endpoint(bp, "/inbox/unread", "GET", summary="How many items of the inbox are unread",
          tag=TAG, response=s.UnreadOut)
def unread() -> s.UnreadOut:
    return s.UnreadOut(unread=inbox.unread_count(ctx()))


@endpoint(bp, "/inbox/read", "POST", summary="Mark items of the inbox read (or all of them)",
          tag=TAG, body=s.MarkReadIn, response=s.UnreadOut, errors=(404, 422))
def mark_read(body: s.MarkReadIn) -> s.UnreadOut:
    if body.all == bool(body.keys):
        raise Invalid("Give either the keys of the items read, or all.")
    left = inbox.mark_all_read(ctx()) if body.all else inbox.mark_read(ctx(), body.keys)
    return s.UnreadOut(unread=left)


@endpoint(bp, "/inbox/mail", "GET", summary="How the signed-in person is mailed of new items",
          tag=TAG, response=s.MailOut)
def get_mail() -> s.MailOut:
    return s.MailOut(mail=inbox.mail_choice(ctx()))


@endpoint(bp, "/inbox/mail", "PUT", summary="Choose how to be mailed of new items: none, "
          "immediate or a daily digest", tag=TAG, body=s.MailIn, response=s.MailOut)
def put_mail(body: s.MailIn) -> s.MailOut:
    return s.MailOut(mail=inbox.choose_mail(ctx(), body.mail))
