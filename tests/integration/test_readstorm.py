"""The read storm against a real server (``accord serve``, gevent): many delegates reading
the latest revision, its compilation and their amendments at once while the co-facilitator
publishes and delegations propose, and no answer is ever older than the change before it."""

from __future__ import annotations

import asyncio
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import BACKENDS
from tests.support.negotiation import (
    Client,
    add_amendments,
    amended_text,
    publish_next,
    setup_negotiation,
)
from tests.support.servers import running_server
from tests.support.services import PG_HOST, PG_PORT, need

pytest.importorskip("aiohttp")

READERS = 40


def _in_a_thread(coroutine: Any) -> Any:
    """Run ``coroutine`` to its end on an event loop of its own: in a full run the
    session's Playwright already runs one in this thread, where asyncio.run() refuses."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _read_all(api: str, tokens: list[tuple[str, str]], document: int, process: int,
                    sequence: int) -> list[tuple[str, int, Any]]:
    import aiohttp

    async def one(code: str, token: str) -> list[tuple[str, int, Any]]:
        headers = {"Authorization": f"Bearer {token}"}
        urls = {"revision": f"{api}/documents/{document}/revisions/{sequence}",
                "compilation": f"{api}/documents/{document}/revisions/{sequence}/compilation"
                               "?state=submitted",
                "amendments": f"{api}/processes/{process}/amendments?delegation={code}"
                              "&limit=500"}
        found = []
        async with aiohttp.ClientSession(headers=headers) as session:
            for name, url in urls.items():
                async with session.get(url) as reply:
                    found.append((name, reply.status, await reply.json()))
        return found

    results = await asyncio.gather(*(one(code, token) for code, token in tokens))
    return [r for many in results for r in many]


@pytest.mark.parametrize("backend", BACKENDS)
def test_readers_never_see_an_answer_older_than_the_last_change(backend: str,
                                                                  tmp_path: Path) -> None:
    if backend == "postgresql":
        need("PostgreSQL", PG_HOST, PG_PORT)
    with running_server(backend, tmp_path) as (server, _database):
        negotiation = setup_negotiation(server, delegates=4, paragraphs=12)
        rev = publish_next(negotiation, 0)
        add_amendments(negotiation, rev["revision"]["id"], 1)
        rng = random.Random(3)
        tokens = [negotiation.delegates[i % len(negotiation.delegates)] for i in range(READERS)]
        for round_ in range(1, 5):
            published = publish_next(negotiation, round_)
            sequence = published["revision"]["sequence"]
            # A delegation proposes on the new revision: every reader after the 201 sees it.
            code, token = negotiation.delegates[round_ % len(negotiation.delegates)]
            proposer = Client(negotiation.api, token)
            try:
                key = rng.choice(list(negotiation.units))
                made = proposer.call("POST", f"/processes/{negotiation.process_id}/amendments",
                                     {"revision_id": published["revision"]["id"], "unit": key,
                                      "kind": "change_words", "submit": True,
                                      "text": amended_text(negotiation.units[key], rng)},
                                     expect=201)
            finally:
                proposer.close()
            for _wave in range(2):  # the first wave fills the cache, the second reads it
                answers = _in_a_thread(_read_all(negotiation.api, tokens,
                                                 negotiation.document_id,
                                                 negotiation.process_id, sequence))
                assert {status for _n, status, _b in answers} == {200}
                for name, _status, body in answers:
                    if name == "revision":
                        assert body["sequence"] == sequence
                        assert any(f"as revised in round {round_}." in u["text"]
                                   for u in body["units"])
                    elif name == "compilation":
                        assert made["id"] in body["data"]["amendments"]
                own = [body for (_n, _s, body), (reader, _t) in
                       zip(answers[2::3], tokens, strict=True) if reader == code]
                assert own and all(made["id"] in {a["id"] for a in body} for body in own)
