"""A real server (``accord serve``, gevent) with a negotiation, shared by the live tests of a
module; the Redis tests start two processes of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.live import MAX_REPLAY, START_TIMEOUT, Live
from tests.support.liveclient import LiveClient
from tests.support.negotiation import setup_negotiation
from tests.support.servers import add_user, running_server


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    workdir = tmp_path_factory.mktemp("live")
    with running_server("sqlite", workdir, extra_env={"ACCORD_MAX_REPLAY": str(MAX_REPLAY)},
                       start_timeout=START_TIMEOUT) as (server, _database):
        try:
            negotiation = setup_negotiation(server, delegates=3, paragraphs=6)
        except Exception as error:
            pytest.fail(f"setting up failed: {error!r}\n{server.log()[-3000:]}")
        outsider = add_user(server.env, "outsider@bench.example", name="Outsider")
        yield Live(server, negotiation, outsider)


@pytest.fixture
def clients() -> Iterator[list[LiveClient]]:
    """Every LiveClient a test opens; all closed at teardown."""
    opened: list[LiveClient] = []
    yield opened
    for client in opened:
        client.close()
