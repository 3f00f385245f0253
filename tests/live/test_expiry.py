"""A token or session that expires is no event, yet its open socket must stop receiving then:
each server process looks for expired connections every ``ACCORD_LIVE_EXPIRY_CHECK_SECONDS``
and closes them (a real server whose browser sessions last a few seconds)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.support.live import START_TIMEOUT, Live, open_client, session_cookie, submit
from tests.support.liveclient import LiveClient, wait_for
from tests.support.negotiation import setup_negotiation
from tests.support.servers import running_server
from tests.support.stubborn import stubborn

pytestmark = pytest.mark.slow

SESSION_SECONDS = 6


@pytest.fixture(scope="module")
def short_sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("expiry")
    extra = {"ACCORD_SESSION_SECONDS": str(SESSION_SECONDS),
             "ACCORD_LIVE_EXPIRY_CHECK_SECONDS": "0.5"}
    with running_server("sqlite", workdir, extra_env=extra,
                       start_timeout=START_TIMEOUT) as (server, _database):
        yield Live(server, setup_negotiation(server, delegates=2, paragraphs=3), "")


def test_an_expired_sessions_socket_is_closed(short_sessions: Live,
                                              clients: list[LiveClient]) -> None:
    live = short_sessions
    cookie = session_cookie(live.server.api, f"{live.code(1).lower()}@bench.example")
    signed_in = time.monotonic()
    victim = stubborn(clients, live.server.base, cookie=cookie, name="expiring")
    watcher = open_client(clients, live.server.base, token=live.negotiation.cofac_token,
                          name="cofac")
    head = live.head()
    for client in (victim, watcher):
        assert client.subscribe(live.pid, last_seq=head)["ok"]
    submit(live, 0, 1, seed=201)
    victim.wait_seq(live.pid, head + 1)  # it works while the session lasts
    wait_for(lambda: not victim.connected, SESSION_SECONDS + 10,
             "the socket of an expired session stays open")
    assert time.monotonic() - signed_in >= SESSION_SECONDS - 1
    expired = live.head()
    submit(live, 0, 1, seed=202)
    watcher.wait_seq(live.pid, expired + 1)
    time.sleep(0.3)
    assert victim.seen_after(live.pid, expired) == []
    assert [name for name, _ in victim.access] == ["access.ended"]
