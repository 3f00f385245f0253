"""Every published revision carries its history hash (the chain's head at its publication),
sealed at publication: on the revision in the API, in each export's metadata and in the
Atom feed, so that any copy of a revision shows where the history passed."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from tests.support.worlds import World, publish_rev1


def _export(world: World, path: str, **query: str) -> bytes:
    cofac = world["cofac"]
    reply = cofac.client.get(f"/api/v1{path}", query_string=query,
                             headers={"Authorization": f"Bearer {cofac.token}"})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_data()


def test_a_published_revision_carries_its_sealed_history_hash(world: World) -> None:
    log = world["cofac"].ok("GET", f"{world.p}/log?limit=1000")
    published = [e for e in log if e["action"] == "revision.published"]
    zero = world["obs"].ok("GET", f"{world.d}/revisions/0")
    assert zero["history_hash"] == published[0]["hash"] and zero["history_sealed"] is True
    rev1 = publish_rev1(world)["revision"]
    assert rev1["history_hash"] not in (None, zero["history_hash"])
    listed = world["obs"].ok("GET", f"{world.d}/revisions")
    assert [r["history_hash"] for r in listed] == [zero["history_hash"], rev1["history_hash"]]
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert working["history_hash"] is None and working["history_sealed"] is False


def test_every_export_and_the_feed_print_the_history_hash(world: World) -> None:
    digest = world["obs"].ok("GET", f"{world.d}/revisions/0")["history_hash"]
    revision = f"{world.d}/revisions/0/export"

    markdown = _export(world, revision, format="markdown").decode()
    assert markdown.startswith(f"---\nhistory_hash: {digest}\n---\n")

    html = _export(world, revision, format="html").decode()
    assert f'<meta name="accord-history-hash" content="{digest}">' in html
    assert f"History hash: {digest}" in html  # in the footer, for readers

    akn = etree.fromstring(_export(world, revision, format="akn"))
    found = akn.findall(".//{urn:accord:history}historyHash")
    assert [e.text for e in found] == [digest]
    assert found[0].getparent().tag.endswith("proprietary")

    docx = zipfile.ZipFile(io.BytesIO(_export(world, revision, format="docx")))
    assert f"History hash: {digest}" in docx.read("docProps/core.xml").decode()

    feed = _export(world, f"{world.p}/revisions.atom").decode()
    assert f"History hash: {digest}." in feed


def test_the_working_copy_export_claims_no_history_hash(world: World) -> None:
    markdown = _export(world, f"{world.d}/working-copy/export", format="markdown").decode()
    assert "history_hash" not in markdown
