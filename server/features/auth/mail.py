"""Mail with a link in it (invitations, password resets), sent through SMTP after the commit.

``SMTP_URL`` says where: ``smtp://[user:password@]host[:port]``, ``smtps://`` (TLS from the
start) or ``smtp+starttls://``. Without it (development) the message, link included, is
written to the server log instead. Links point at ``PUBLIC_URL``, never at the Host a request
named: a forged Host header must not receive someone's reset link.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)

#: Seconds to wait for the SMTP server before giving up (the answer does not wait longer).
SMTP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Letter:
    """One message to one person; ``{link}`` in ``text`` becomes ``PUBLIC_URL + path``."""

    to: str
    subject: str
    text: str
    path: str


def compose(letter: Letter, *, public_url: str, sender: str) -> EmailMessage:
    """The message as sent: plain text, one line of subject (no header injection)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = letter.to
    message["Subject"] = " ".join(letter.subject.split())
    message["Message-ID"] = make_msgid(domain="accord")
    message.set_content(letter.text.replace("{link}", public_url.rstrip("/") + letter.path))
    return message


def post(letter: Letter) -> bool:
    """Send ``letter`` now; called after the use case committed, so it never fails the answer:
    a failure is logged (inviting again, or asking for another reset, sends a new link).
    Returns whether the SMTP server took it."""
    config = current_app.config
    message = compose(letter, public_url=config["PUBLIC_URL"], sender=config["MAIL_FROM"])
    url = config.get("SMTP_URL")
    if not url:
        log.warning("SMTP_URL is not set (development): not sent to %s, here instead:\n%s",
                    letter.to, message.get_content())
        return False
    try:
        _deliver(url, message)
    except (OSError, smtplib.SMTPException):
        log.exception("mail to %s could not be sent", letter.to)
        return False
    return True


def _deliver(url: str, message: EmailMessage) -> None:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=SMTP_TIMEOUT)
    elif parts.scheme in ("smtp", "smtp+starttls"):
        client = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT)
    else:
        raise smtplib.SMTPException(f"SMTP_URL has an unknown scheme: {parts.scheme!r}")
    with client:
        if parts.scheme == "smtp+starttls":
            client.starttls()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
