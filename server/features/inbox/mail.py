"""The inbox by e-mail, for those who chose it: one message per new item ("immediate"), sent
after the commit that recorded it, or one digest a day ("daily"), sent by
``accord inbox digest`` and by the server's periodic loop. Both go through the invitations'
mailer (server.features.auth.mail: ``SMTP_URL``, or the log without it), link to the item's
place under ``PUBLIC_URL``, and say only what the person may read in the inbox itself (the
same items: never a draft of another delegation). Everything is said in the recipient's
language (their profile's): the items' sentences and the mail's own words, ``events.mail.*``
of the event catalogue (client/i18n/events).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from flask import Flask
from sqlalchemy import select, update

from server.core.messages import LANGUAGES
from server.db import set_read_only
from server.features.auth.mail import Letter, post
from server.features.common.context import Ctx, Publisher
from server.features.history.catalogue import render_sentence, say
from server.features.inbox.outbox import Sender, drain, record_in, to_mail
from server.features.inbox.service import (
    Item,
    deadline_sentence,
    items_for,
    items_of,
    memberships,
)
from server.models import InboxSettings, LogEntry, User

log = logging.getLogger(__name__)

#: How often a digest is sent, at most.
DIGEST_EVERY = timedelta(days=1)


def _path(link: str) -> str:
    return "/" + link if link.startswith("#") else link


def language_of(user: User) -> str:
    """The language the person reads mail in: their profile's (users.language), else English."""
    return user.language if user.language in LANGUAGES else "en"


def said_to(user: User, item: Item) -> str:
    """The item's sentence in the recipient's language, filled from its facts with the
    catalogue's template (a history entry's, or a deadline's)."""
    language = language_of(user)
    if language == "en" or item.facts is None:
        return item.sentence
    if item.action is None:
        return deadline_sentence(item.facts, language)
    return render_sentence(item.action, item.facts, language)


#: ``{link}`` is the mailer's (server.features.auth.mail.Letter): kept as it is in the words.
_LINK = "{link}"


def item_letter(user: User, item: Item) -> Letter:
    lang = language_of(user)
    said = said_to(user, item)
    where = say("events.mail.item.where", {"process": item.process_title}, lang)
    why = say("events.mail.item.why", {}, lang)
    return Letter(to=user.email, subject=say("events.mail.item.subject", {"sentence": said}, lang),
                  text=f"{said}\n\n{where}\n{_LINK}\n\n{why}\n", path=_path(item.link))


def digest_letter(user: User, items: list[Item]) -> Letter:
    lang = language_of(user)
    lines = [f"- {said_to(user, i)} ({i.process_title})\n  {_LINK}{_path(i.link)[1:]}"
             for i in items]
    intro = say("events.mail.digest.intro", {}, lang)
    inbox = say("events.mail.digest.inbox", {"link": f"{_LINK}#/inbox"}, lang)
    why = say("events.mail.digest.why", {}, lang)
    return Letter(to=user.email,
                  subject=say("events.mail.digest.subject", {"count": len(items)}, lang),
                  text=f"{intro}\n\n" + "\n".join(lines) + f"\n\n{inbox}\n\n{why}\n",
                  path="/")


def mail_new_items(ctx: Ctx, entries: list[LogEntry]) -> int:
    """Mail each person who chose "immediate" the items ``entries`` (just committed) make in
    their inbox; returns how many messages were handed to the mailer."""
    by_process: dict[int, list[int]] = {}
    for entry in entries:
        kind, _, ident = entry.stream.partition(":")
        if kind == "process" and ident.isdigit():
            by_process.setdefault(int(ident), []).append(entry.id)
    if not by_process:
        return 0
    wanting = list(ctx.session.scalars(select(User).join(
        InboxSettings, InboxSettings.user_id == User.id).where(InboxSettings.mail == "immediate")))
    sent = 0
    for user in wanting:
        for process, actor in memberships(ctx, user.id):
            ids = by_process.get(process.id)
            if not ids:
                continue
            rows = list(ctx.session.scalars(select(LogEntry).where(LogEntry.id.in_(ids))
                                            .order_by(LogEntry.seq)))
            for item in items_of(ctx, process, actor, rows):
                post(item_letter(user, item))
                sent += 1
    return sent


def send_digests(ctx: Ctx) -> int:
    """Send each person who chose "daily" and whose last digest is a day old what arrived
    since (unread), if anything; returns how many digests were sent. Each digest is claimed
    first: ``digest_through`` moves on by an UPDATE that holds only if it still has the value
    read (committed before the mail), so a digest covers an item once and, with two server
    processes sending at once, goes out once."""
    set_read_only(False)  # a writer from its first statement (SQLite: BEGIN IMMEDIATE)
    now = ctx.now()
    due = list(ctx.session.execute(select(User, InboxSettings).join(
        InboxSettings, InboxSettings.user_id == User.id).where(InboxSettings.mail == "daily")))
    letters: list[Letter] = []
    for user, settings in due:
        since = settings.digest_through
        if since is not None and now - since < DIGEST_EVERY:
            continue
        fresh = [i for i in items_for(ctx, user, since=since) if not i.read]
        claimed = ctx.session.execute(
            update(InboxSettings).where(
                InboxSettings.user_id == user.id, InboxSettings.mail == "daily",
                InboxSettings.digest_through.is_(None) if since is None
                else InboxSettings.digest_through == since)
            .values(digest_through=now).execution_options(synchronize_session=False))
        if fresh and getattr(claimed, "rowcount", 0) == 1:  # else another sender took it
            letters.append(digest_letter(user, fresh))
    ctx.commit()
    for letter in letters:
        post(letter)
    return len(letters)


def publishing_and_mailing(app: Flask, publish: Publisher) -> Publisher:
    """``publish``, then wake this process's outbox sender (server.features.inbox.outbox)
    when the commit wrote an outbox row: the immediate mail of the same committed entries,
    off the request path."""
    record_in(app.extensions["accord"].sessions)
    sender = Sender(app, mail_new_items)
    app.extensions["accord.outbox"] = sender

    def both(entries: list[LogEntry]) -> None:
        publish(entries)
        if to_mail(entries):
            sender.wake()

    return both


def digest_forever(app: Flask, every: float, sleep: Callable[[float], object]) -> None:
    """The server's loop: send the digests that are due, every ``every`` seconds."""
    accord = app.extensions["accord"]
    while True:
        sleep(every)
        with app.app_context():
            ctx = Ctx(session=accord.sessions(), user=None, now=accord.clock)
            try:
                send_digests(ctx)
            except Exception:  # retried at the next round
                log.exception("sending inbox digests failed")
            finally:
                ctx.session.close()
        try:  # what a process that stopped before mailing left in the outbox
            drain(app, mail_new_items)
        except Exception:  # retried at the next round
            log.exception("mailing new inbox items failed")

