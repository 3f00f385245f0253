"""Markdown, plain text, the HTML print view, PDF and the Atom feed."""

from __future__ import annotations

from lxml import etree

from server.core.importing import import_text
from server.features.files.importers.result import from_import_result
from tests.support.documents import b64, download, need_pdf_converter
from tests.support.worlds import ZERO_DRAFT, Pen, World, publish_rev1

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def _comparable(units: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Kind, number (of paragraphs), heading and text: a Markdown section's number is read
    from its heading ("Objective 1"), so it is not compared."""
    return [(u["kind"], u.get("number") if u["kind"] in ("paragraph", "subparagraph")
             else None, u.get("heading"), u.get("text", "")) for u in units]


def test_markdown_round_trip(world: World) -> None:
    pen = Pen(world)
    pen.edit("op2", text="We *further* commit to review_progress <every> four years #1.")
    pen.insert("op1a", key="op1a_i", kind="subparagraph", parent="op1a", number="(i)",
               text="1. Not a number; [bracketed] text")
    pen.publish()
    reply = download(world["obs"], f"{world.d}/revisions/1/export", format="markdown")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/markdown")
    source = reply.data.decode()
    parsed = from_import_result(import_text(source, fmt="markdown"))
    assert parsed.title == "Compact on Human Mobility"
    revision = world["obs"].ok("GET", f"{world.d}/revisions/1")
    assert _comparable([{"kind": u.kind.value, "number": u.number, "heading": u.heading,
                         "text": u.text} for u in parsed.units]) == \
        _comparable(revision["units"])
    # the import endpoint reads it back the same way
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "markdown", "content_base64": b64(source)})
    assert _comparable(preview["units"]) == _comparable(revision["units"])


def test_plain_text_export(world: World) -> None:
    reply = download(world["obs"], f"{world.d}/revisions/0/export", format="text")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    text = reply.data.decode()
    assert text.startswith("Compact on Human Mobility (Zero draft)\n")
    assert "    2. We commit to cooperate on safe and dignified return [and regional] " \
           "frameworks." in text
    assert "        (a) Develop bilateral frameworks for return;" in text
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "text", "content_base64": b64(text)})
    assert [u["number"] for u in preview["units"] if u["kind"] != "section"] == [
        u.get("number") for u in ZERO_DRAFT if u["kind"] != "section"]


def test_html_print_view_escapes_and_is_self_contained(world: World) -> None:
    pen = Pen(world)
    pen.edit("op2", text='<script>alert("x")</script> & <img src=x onerror=alert(1)>',
             status="agreed_ad_ref")
    pen.publish()
    reply = download(world["obs"], f"{world.d}/revisions/1/export", format="html")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in reply.headers["Content-Security-Policy"]
    page = reply.data.decode()
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in page
    assert "@media print" in page and "@page" in page
    assert "http" not in page.split("<body>")[0].replace("http-equiv", "")
    assert 'class="unit paragraph status-agreed_ad_ref"' in page
    compared = download(world["obs"], f"{world.d}/diff/export",
                        **{"from": 0, "to": 1, "format": "html"})
    assert compared.status == 200
    assert "<del>" in compared.data.decode() and "<ins>" in compared.data.decode()


def test_pdf_from_the_print_view(world: World) -> None:
    need_pdf_converter()
    reply = download(world["obs"], f"{world.d}/revisions/0/export", format="pdf")
    assert reply.status == 200, reply.data[:300]
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.data.startswith(b"%PDF-")


def test_atom_feed_lists_published_revisions(world: World) -> None:
    publish_rev1(world)
    reply = download(world["obs"], f"{world.p}/revisions.atom")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(reply.data)
    titles = [e.findtext("atom:title", namespaces=ATOM)
              for e in root.findall("atom:entry", ATOM)]
    assert titles == ["Compact on Human Mobility: Rev.1",
                      "Compact on Human Mobility: Zero draft"]
    assert root.findtext("atom:updated", namespaces=ATOM).startswith("2026-03-02T")  # type: ignore[union-attr]
    # authentication is required, and outsiders learn nothing
    anonymous = download(world.driver.anonymous, f"{world.p}/revisions.atom")
    assert anonymous.status == 401 and anonymous.json["error"]["code"] == "unauthenticated"
    outsider = download(world["outsider"], f"{world.p}/revisions.atom")
    assert outsider.status == 404 and outsider.json["error"]["code"] == "not_found"


def test_export_errors_keep_the_json_shape(world: World) -> None:
    bad = download(world["obs"], f"{world.d}/revisions/0/export", format="exe")
    assert bad.status == 422 and bad.json["error"]["code"] == "invalid"
    missing = download(world["obs"], f"{world.d}/revisions/9/export", format="docx")
    assert missing.status == 404 and missing.json["error"]["code"] == "not_found"
    anonymous = download(world.driver.anonymous, f"{world.d}/revisions/0/export")
    assert anonymous.status == 401
    outsider = download(world["outsider"], f"{world.d}/revisions/0/export")
    assert outsider.status == 404
    observer = download(world["obs"], f"{world.d}/working-copy/export", format="docx")
    assert observer.status in (403, 404)
    assert download(world["cofac"], f"{world.d}/working-copy/export",
                    format="markdown").status == 200
