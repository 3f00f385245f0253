"""Imports: Word documents written by people (numbering in w:numPr), a new revision matched
by lineage, previews, and refusing corrupt files, zip bombs and XML entity tricks."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml

from server.core.errors import Invalid
from server.features.files.importers.akn import parse_akn
from server.features.files.importers.docx import parse_docx
from tests.support.documents import b64, download
from tests.support.worlds import World

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING = f"""
<w:abstractNum {_W} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {_W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _numbered(paragraph: Any, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {_W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/>'
                         "</w:numPr>"))


def word_document() -> bytes:
    """A draft as a person types it in Word: automatic numbering, headings, lettered items."""
    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    doc.add_paragraph("Global Compact on Return", style="Title")
    doc.add_heading("Preamble", level=1)
    doc.add_paragraph("We, the Heads of State and Government, have gathered [in Marrakech].")
    doc.add_heading("Objective 1: Cooperate on return", level=1)
    _numbered(doc.add_paragraph("We commit to cooperate on safe and dignified return."), 0)
    _numbered(doc.add_paragraph("Develop bilateral frameworks;"), 1)
    _numbered(doc.add_paragraph("Ensure that returnees are assisted *in* reintegration."), 1)
    _numbered(doc.add_paragraph("We further commit to review progress."), 0)
    doc.add_paragraph("12 bis. We also commit to share data.")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_document_with_automatic_numbering_imports(world: World) -> None:
    parsed = parse_docx(word_document())
    assert parsed.title == "Global Compact on Return"
    assert [(u.kind.value, u.number, u.heading or u.text) for u in parsed.units] == [
        ("preamble", None, "Preamble"),
        ("paragraph", None, "We, the Heads of State and Government, have gathered "
                            "[in Marrakech]."),
        ("section", "1", "Objective 1: Cooperate on return"),
        ("paragraph", "1", "We commit to cooperate on safe and dignified return."),
        ("subparagraph", "(a)", "Develop bilateral frameworks;"),
        ("subparagraph", "(b)", "Ensure that returnees are assisted *in* reintegration."),
        ("paragraph", "2", "We further commit to review progress."),
        ("paragraph", "12 bis", "We also commit to share data."),
    ]
    reply = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                              {"format": "docx", "content_base64": b64(word_document()),
                               "preview": False, "title": "Imported from Word"})
    assert reply["saved"] and reply["revision"]["units"][4]["number"] == "(a)"
    document = world["cofac"].ok("GET", f"/documents/{reply['document_id']}")
    assert document["title"] == "Imported from Word"


def test_import_as_a_new_revision_keeps_stable_keys_by_lineage(world: World) -> None:
    zero = download(world["cofac"], f"{world.d}/revisions/0/export", format="markdown")
    edited = zero.data.decode().replace(
        "3. We further commit to review progress every four years.",
        "3. We commit to a new paragraph on data.\n\n"
        "4. We further commit to review progress every two years.")
    body = {"format": "markdown", "content_base64": b64(edited)}
    preview = world["cofac"].ok("POST", f"{world.d}/working-copy/import", body)
    assert preview["saved"] is False
    keys = {u["text"]: u["key"] for u in preview["units"]}
    assert keys["We further commit to review progress every two years."] == "op2"
    assert keys["Develop bilateral frameworks for return;"] == "op1a"
    new_key = keys["We commit to a new paragraph on data."]
    assert new_key not in {"pre", "pp1", "obj1", "op1", "op1a", "op2"}
    statuses = {m["key"]: m["status"] for m in preview["lineage"]}
    assert statuses["op2"] == "edited" and statuses[new_key] == "new"
    # nothing was saved by the preview
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    assert len(working["units"]) == 6
    # saving needs the working copy's version
    missing = world["cofac"].post(f"{world.d}/working-copy/import", {**body, "preview": False})
    assert missing.status == 422
    stale = world["cofac"].post(f"{world.d}/working-copy/import",
                                {**body, "preview": False,
                                 "base_version": working["version"] + 5})
    assert stale.status == 409 and stale.error["code"] == "stale"
    saved = world["cofac"].ok("POST", f"{world.d}/working-copy/import",
                              {**body, "preview": False, "base_version": working["version"]})
    assert saved["saved"] and saved["revision"]["version"] == working["version"] + 1
    working = world["cofac"].ok("GET", f"{world.d}/working-copy")
    saved_keys = [u["key"] for u in working["units"]]
    assert saved_keys[:5] == ["pre", "pp1", "obj1", "op1", "op1a"] and saved_keys[6] == "op2"
    assert saved_keys[5] not in {"pre", "pp1", "obj1", "op1", "op1a", "op2"}
    published = world["cofac"].ok("POST", f"{world.d}/revisions",
                                  {"base_version": working["version"]}, status=201)
    assert published["revision"]["sequence"] == 1
    diff = world["obs"].ok("GET", f"{world.d}/diff?from=0&to=1")
    assert {u["key"]: u["change"] for u in diff["units"]}["op2"] == "edited"
    # delegations may not replace the working copy
    assert world["mex"].post(f"{world.d}/working-copy/import", body).status in (403, 404)


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x">
<mainBody><paragraph eId="p"><content><p>&lol3;</p></content></paragraph></mainBody>
</doc></akomaNtoso>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x">
<mainBody><paragraph eId="p"><content><p>&xxe;</p></content></paragraph></mainBody>
</doc></akomaNtoso>"""
DEEP = (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc><mainBody>'
        + b"<section>" * 150 + b"</section>" * 150 + b"</mainBody></doc></akomaNtoso>")


@pytest.mark.parametrize(("fmt", "content", "words"), [
    ("docx", b"not a zip at all", "not a valid zip"),
    ("docx", _zip({"hello.txt": b"hi"}), "not a Word document"),
    ("docx", _zip({"word/document.xml": b"<w:document"}), "not well-formed"),
    ("docx", _zip({"word/document.xml": b"\0" * (40 * 1024 * 1024)}), "zip bomb"),
    ("docx", _zip({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE x []><x/>'}),
     "DTD"),
    ("akn", BILLION_LAUGHS, "DTD or entities"),
    ("akn", XXE, "DTD or entities"),
    ("akn", DEEP, "nested too deeply"),
    ("akn", b"<html><body>hi</body></html>", "not an Akoma Ntoso"),
    ("akn", b"\xff\xfe garbage", "not well-formed"),
    ("markdown", b"\xff\xfe\xfa", "not UTF-8"),
    ("text", b"   \n  ", "empty"),
])
def test_bad_files_are_refused(world: World, fmt: str, content: bytes, words: str) -> None:
    if len(content) > 900_000:  # over the request limit: exercise the parser directly
        with pytest.raises(Invalid, match=words):
            parse_docx(content)
        return
    reply = world["cofac"].post(f"{world.p}/documents/import-file",
                                {"format": fmt, "content_base64": b64(content)})
    assert reply.status == 422, reply.body
    assert reply.error["code"] == "invalid"
    assert words.lower() in reply.error["message"].lower(), reply.error["message"]


def test_upload_validation(world: World) -> None:
    bad_b64 = world["cofac"].post(f"{world.p}/documents/import-file",
                                  {"format": "docx", "content_base64": "!!!not base64!!!"})
    assert bad_b64.status == 422 and bad_b64.error["code"] == "invalid"
    bad_format = world["cofac"].post(f"{world.p}/documents/import-file",
                                     {"format": "odt", "content_base64": b64("x")})
    assert bad_format.status == 422 and bad_format.error["code"] == "invalid"
    not_a_pdf = world["cofac"].post(f"{world.p}/documents/import-file",
                                    {"format": "pdf", "content_base64": b64("x")})
    assert not_a_pdf.status == 422 and not_a_pdf.error["code"] == "invalid"
    observer = world["obs"].post(f"{world.p}/documents/import-file",
                                 {"format": "text", "content_base64": b64("1. Text.")})
    assert observer.status in (403, 404)


def test_zip_bomb_by_ratio_and_size_is_refused_before_reading() -> None:
    bomb = _zip({"word/document.xml": b"a" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(Invalid, match="zip bomb"):
        parse_docx(bomb)
    many = _zip({f"word/part{i}.xml": b"<x/>" * 10 for i in range(2100)},
                zipfile.ZIP_STORED)
    with pytest.raises(Invalid, match="too many parts"):
        parse_docx(many)
    with pytest.raises(Invalid, match="DTD or entities"):
        parse_akn(BILLION_LAUGHS.replace(b"<!DOCTYPE", b"\n" * 5000 + b"<!DOCTYPE"))


# ---------------------------------------------------------------- Markdown and text

RICH_MARKDOWN = """# Draft declaration on coastal resilience

## Preamble

*Recalling* its resolution on oceans,[^1]

<!-- transcriber: check the date -->

## Article 1

1. Parties shall cooperate <del>closely</del>. {Placement to be decided}

**Option 1:**

2. Parties shall report every year.

**Option 2:**

2. No text.

[^1]: Resolution 77/1 of 2022.
"""


def test_markdown_upload_keeps_formatting_footnotes_notes_and_options(world: World) -> None:
    from server.features.files.importers.dispatch import PARSERS
    from server.features.files.importers.result import from_json, to_json

    parsed = from_json(to_json(PARSERS["markdown"](RICH_MARKDOWN.encode())))
    by_text = {u.text: u for u in parsed.units}
    recalling = by_text["Recalling its resolution on oceans,"]
    assert [(m.start, m.end, m.style) for m in recalling.marks] == [(0, 9, "italic")]
    assert [(f.mark, f.offset, f.text) for f in recalling.footnotes] == [
        ("1", 35, "Resolution 77/1 of 2022.")]
    p1 = by_text["Parties shall cooperate."]
    assert [n.text for n in p1.notes] == ["Placement to be decided"]
    options = [(u.number, u.text, u.option.label, u.option.no_text)
               for u in parsed.units if u.option]
    assert options == [("2", "Parties shall report every year.", "Option 1", False),
                       ("2", "", "Option 2", True)]
    assert "line 7: an HTML comment was dropped" in parsed.warnings
    assert any(w.startswith("line 11: struck-through text dropped") for w in parsed.warnings)
    # the preview the co-facilitator sees before anything is saved names the same lines
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "markdown", "content_base64": b64(RICH_MARKDOWN)})
    assert "line 7: an HTML comment was dropped" in preview["warnings"]
    assert "Recalling its resolution on oceans," in [u["text"] for u in preview["units"]]


def test_plain_text_upload_reads_notes_and_options_without_emphasis(world: World) -> None:
    source = ("Article 1\n\nOption A\n\n1. *Parties* shall act. {to be revised}\n\n"
              "Option B\n\n1. Parties should act.\n")
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "text", "content_base64": b64(source)})
    texts = [u["text"] for u in preview["units"] if u["kind"] == "paragraph"]
    assert texts == ["*Parties* shall act.", "Parties should act."]
    assert not any("duplicate" in w for w in preview["warnings"])
