"""The inbox by e-mail (issue 13, item 4), read from a real SMTP server (aiosmtpd): who chose
"immediate" gets each new item after it is committed, who chose "daily" one digest a day,
who chose nothing (the default) nothing; never a draft of another delegation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from server.features.common.context import Ctx
from server.features.inbox import mail, outbox
from server.features.inbox.mail import send_digests
from tests.support.clock import Clock
from tests.support.mail import mailbox
from tests.support.worlds import World


def _body(message: object) -> str:
    body = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert body is not None
    text: str = body.get_content().replace("\r\n", "\n")
    return text


def _subject(message: object) -> str:
    return " ".join(str(message["Subject"]).split())  # type: ignore[index]  # folded header


def _mark(app: Flask) -> int:
    """The mailbox's mark once the outbox sent what earlier writes (the set-up's) made."""
    assert app.extensions["accord.outbox"].settle()
    return mailbox().mark()


def _digest(app: Flask, clock: Clock) -> int:
    accord = app.extensions["accord"]
    with app.app_context():
        ctx = Ctx(session=accord.sessions(), user=None, now=clock, publish=accord.publish)
        try:
            return send_digests(ctx)
        finally:
            ctx.session.close()


def test_immediate_mail_of_a_decision_links_to_the_amendment(world: World, app: Flask) -> None:
    world["mex"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    amendment = world.propose("mex", unit="op2", text="We review progress every two years.")
    since = _mark(app)
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    message = mailbox().wait_for("mex@accord.example", since)
    sentence = "The co-facilitators marked Mexico's amendment to OP3 as reflected."
    assert _subject(message) == f"Accord: {sentence}"
    body = _body(message)
    assert body.startswith(sentence + "\n\nIn Compact on Human Mobility.")
    assert (f"{app.config['PUBLIC_URL']}/#/p/{world.process_id}/amendments?delegation=MEX"
            f"&amendment={amendment['id']}") in body
    # Nigeria chose nothing: nothing for Nigeria.
    assert mailbox().sent_to("nga@accord.example", since) == []


def test_no_mail_tells_of_another_delegations_draft(world: World, app: Flask) -> None:
    world["nga"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    since = _mark(app)
    world.propose("mex", unit="op2", submit=False, text="Nigeria will review progress.")
    world.propose("mex", unit="op1", co_proponents=["NGA"])
    invitation = mailbox().wait_for("nga@accord.example", since)
    assert _subject(invitation) == ("Accord: Mexico invited Nigeria to co-sponsor its "
                                     "amendment to OP2.")
    for message in mailbox().sent_to("nga@accord.example", since):
        assert "draft" not in _body(message) and "Nigeria will" not in _body(message)


def test_a_daily_digest_once_a_day_with_what_arrived(world: World, app: Flask,
                                                    clock: Clock) -> None:
    world["che"].ok("PUT", "/inbox/mail", {"mail": "daily"})
    clock.advance(minutes=1)
    amendment = world.propose("mex", unit="op2", text="As Switzerland proposed, every two years.")
    world.propose("mex", unit="op1", co_proponents=["CHE"])
    since = _mark(app)
    assert _digest(app, clock) == 0  # not a day yet
    clock.advance(hours=24)
    assert _digest(app, clock) == 1
    digest = mailbox().wait_for("che@accord.example", since)
    assert _subject(digest) == "Accord: 2 new items in your inbox"
    body = _body(digest)
    assert "- Mexico invited Switzerland to co-sponsor its amendment to OP2." in body
    assert "- Mexico submitted an amendment to OP3. (Compact on Human Mobility)" in body
    assert f"/#/p/{world.process_id}/amendments?delegation=MEX&amendment={amendment['id']}" in body
    assert f"{app.config['PUBLIC_URL']}/#/inbox" in body
    assert _digest(app, clock) == 0  # sent once
    clock.advance(hours=25)
    assert _digest(app, clock) == 0  # nothing new: no empty digest


def test_immediate_mail_is_in_the_recipient_s_language(world: World, app: Flask) -> None:
    """Issue 14: the mail of an item says it in the language of the recipient's profile,
    from the same catalogue as the browser (client/i18n/events); names stay as they are."""
    world["mex"].ok("PATCH", "/auth/me", {"language": "fr"})
    world["mex"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    amendment = world.propose("mex", unit="op2", text="We review progress every two years.")
    since = _mark(app)
    world["cofac"].ok("POST", f"/amendments/{amendment['id']}/decision",
                      {"base_version": amendment["version"], "decision": "reflected"})
    message = mailbox().wait_for("mex@accord.example", since)
    sentence = ("L\u2019\u00e9quipe de cofacilitation a marqu\u00e9 l\u2019amendement de Mexico "
                "\u00e0 OP3 comme repris.")
    assert _subject(message) == f"Accord : {sentence}"
    body = _body(message)
    assert body.startswith(f"{sentence}\n\nDans Compact on Human Mobility. \u00c0 voir dans "
                           f"Accord :\n{app.config['PUBLIC_URL']}/#/p/")
    assert body.endswith("Vous recevez ce message parce que vous avez choisi d\u2019\u00eatre "
                         "averti par courriel de chaque nouvel \u00e9l\u00e9ment de votre "
                         "bo\u00eete de r\u00e9ception ; modifiez ce choix sur l\u2019\u00e9cran "
                         "de votre compte.\n")
    assert "You receive" not in body and "See it in" not in body
    # Another language, another person: Arabic.
    world["che"].ok("PATCH", "/auth/me", {"language": "ar"})
    world["che"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    since = _mark(app)
    world.propose("mex", unit="op1", text="Switzerland will review progress.")
    mention = mailbox().wait_for("che@accord.example", since)
    assert _subject(mention) == (
        "Accord: Mexico: \u062a\u0642\u062f\u064a\u0645 \u062a\u0639\u062f\u064a\u0644 "
        "\u0639\u0644\u0649 OP2.")
    assert "\n\nفي Compact on Human Mobility. اطّلع عليه في Accord:\n" in _body(mention)


def test_the_daily_digest_in_french_and_arabic(world: World, app: Flask, clock: Clock) -> None:
    """The digest's subject counts the items with each language's plurals (Arabic's dual),
    and its own words are the recipient's language too."""
    world["che"].ok("PATCH", "/auth/me", {"language": "fr"})
    world["nga"].ok("PATCH", "/auth/me", {"language": "ar"})
    for who in ("che", "nga"):
        world[who].ok("PUT", "/inbox/mail", {"mail": "daily"})
    clock.advance(minutes=1)
    world.propose("mex", unit="op2", text="As Switzerland and Nigeria proposed, every two years.")
    world.propose("mex", unit="op1", co_proponents=["CHE", "NGA"])
    since = _mark(app)
    clock.advance(hours=24)
    assert _digest(app, clock) == 2
    french = mailbox().wait_for("che@accord.example", since)
    assert _subject(french) == ("Accord : 2 nouveaux \u00e9l\u00e9ments dans votre "
                                "bo\u00eete de r\u00e9ception")
    body = _body(french)
    assert body.startswith("Ce qui s\u2019est pass\u00e9 depuis votre dernier r\u00e9sum\u00e9, "
                           "du plus r\u00e9cent au plus ancien :\n\n- ")
    assert ("- Mexico a invit\u00e9 Switzerland \u00e0 coparrainer son amendement \u00e0 OP2. "
            "(Compact on Human Mobility)\n") in body
    assert "- Mexico a soumis un amendement \u00e0 OP3. (Compact on Human Mobility)\n" in body
    assert f"Votre bo\u00eete de r\u00e9ception : {app.config['PUBLIC_URL']}/#/inbox" in body
    arabic = mailbox().wait_for("nga@accord.example", since)
    assert _subject(arabic) == "Accord: عنصران جديدان في صندوق الوارد"
    body = _body(arabic)
    assert body.startswith("ما جرى منذ ملخصك الأخير، من الأحدث إلى الأقدم:\n\n- ")
    assert ("- Mexico: دعوة Nigeria إلى المشاركة في تقديم تعديله على OP2. "
            "(Compact on Human Mobility)\n") in body
    assert f"صندوق الوارد: {app.config['PUBLIC_URL']}/#/inbox" in body
    assert "digest" not in body and "inbox" not in body.replace("#/inbox", "")


def test_a_silence_ending_soon_is_in_the_digest_in_the_reader_s_language(
        world: World, app: Flask, clock: Clock) -> None:
    """The deadline near (an inbox item that is no history entry) is said in the recipient's
    language too, its hours with that language's plurals."""
    world["che"].ok("PATCH", "/auth/me", {"language": "ru"})
    world["che"].ok("PUT", "/inbox/mail", {"mail": "daily"})
    clock.advance(minutes=1)
    world["cofac"].ok("POST", f"{world.p}/silence", {
        "revision_id": world.revision_id,
        "deadline": (clock.now + timedelta(hours=72)).isoformat()}, status=201)
    since = _mark(app)
    clock.advance(hours=52)
    assert _digest(app, clock) == 1
    body = _body(mailbox().wait_for("che@accord.example", since))
    assert ("\n\n- Процедура молчания по Zero draft завершится примерно через 20 часов. "
            "(Compact on Human Mobility)\n") in body
    assert "The silence procedure" not in body


#: ``run`` in two senders at once, meeting at ``module.name`` (see :func:`two_senders`).
TwoSenders = Callable[[object, str, Callable[[], int]], list[int]]


@pytest.fixture
def two_senders(database_url: str, monkeypatch: pytest.MonkeyPatch) -> TwoSenders:
    """The races' one set-up: ``two_senders(module, name, run)`` runs ``run`` in two threads
    (two server processes) that meet at ``module.name``: each thread's first call of it
    returns only once the other's has too (both have read before either claims); returns
    both runs' results. PostgreSQL's race: skipped on SQLite, which runs one writer at a
    time."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite runs one writer at a time: the race is PostgreSQL's")
    return lambda module, name, run: _race(monkeypatch, module, name, run)


def _race(monkeypatch: pytest.MonkeyPatch, module: object, name: str,
          run: Callable[[], int]) -> list[int]:
    barrier = threading.Barrier(2, timeout=10)
    real = getattr(module, name)
    met: set[int] = set()

    def together(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        if threading.get_ident() not in met:
            met.add(threading.get_ident())
            barrier.wait()
        return found

    monkeypatch.setattr(module, name, together)
    results: list[int] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            results.append(run())
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    return results


def test_two_senders_at_once_send_each_digest_once(world: World, app: Flask, clock: Clock,
                                                  two_senders: TwoSenders) -> None:
    """Two background loops (two server processes) find the same digests due at the same
    moment: both read before either claims, and each digest still goes once."""
    people = ["che", "nga", "mex"]
    for who in people:
        world[who].ok("PUT", "/inbox/mail", {"mail": "daily"})
    clock.advance(minutes=1)
    world.propose("mex", unit="op1", co_proponents=["CHE", "NGA"])
    world.propose("nga", unit="op2", text="As Mexico and Switzerland proposed.")
    clock.advance(hours=24)
    since = _mark(app)
    sent = two_senders(mail, "items_for", lambda: _digest(app, clock))
    assert sum(sent) == len(people)  # between them, one digest each
    for who in people:
        assert len(mailbox().sent_to(f"{who}@accord.example", since)) == 1, who


def test_two_senders_at_once_mail_each_item_once(world: World, app: Flask,
                                                two_senders: TwoSenders) -> None:
    """The outbox claimed by two senders at once (both read the same waiting rows before
    either claims): each immediate message goes out once."""
    app.extensions["accord.outbox"].stop()  # this process's own sender stays out of it
    world["nga"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    world["che"].ok("PUT", "/inbox/mail", {"mail": "immediate"})
    since = mailbox().mark()
    for text in ("Nigeria and Switzerland agree.", "Switzerland and Nigeria review it."):
        world.propose("mex", unit="op1", text=text)
    sent = two_senders(outbox, "update", lambda: outbox.drain(app, mail.mail_new_items))
    assert sorted(sent)[0] == 0 and sum(sent) == 4  # one sender took all, the other none
    for who in ("nga", "che"):
        assert len(mailbox().sent_to(f"{who}@accord.example", since)) == 2, who
