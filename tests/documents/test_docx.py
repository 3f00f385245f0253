"""DOCX: a clean revision, a comparison as real Word tracked changes, a compilation; files
opened by LibreOffice to prove them valid; round trips through the importer."""

from __future__ import annotations

from server.features.files.exports.pdf import docx_to_pdf
from server.features.files.importers.docx import parse_docx
from tests.support.documents import (
    NS,
    W,
    accept_all,
    b64,
    document_xml,
    download,
    need_office,
    paragraphs,
    reject_all,
)
from tests.support.worlds import ZERO_DRAFT, World, publish_rev1

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_revision_docx_keeps_numbers_and_statuses(world: World) -> None:
    publish_rev1(world)
    reply = download(world["obs"], f"{world.d}/revisions/1/export", format="docx")
    assert reply.status == 200
    assert reply.headers["Content-Type"] == DOCX_TYPE
    assert "attachment" in reply.headers["Content-Disposition"]
    assert ".docx" in reply.headers["Content-Disposition"]
    texts = paragraphs(document_xml(reply.data))
    assert texts[:2] == ["Compact on Human Mobility", "Rev.1"]
    assert "2. We commit to cooperate on safe, dignified and sustainable return. " \
           "[agreed ad ref]" in texts
    assert "2 bis. We commit to reintegration." in texts
    assert "4. We further commit to review progress every two years." in texts
    parsed = parse_docx(reply.data)
    revision = world["obs"].ok("GET", f"{world.d}/revisions/1")
    assert [(u.kind.value, u.parent is not None, u.number, u.heading, u.text, u.status.value)
            for u in parsed.units] == [
        (u["kind"], u["parent"] is not None, u["number"], u["heading"], u["text"],
         u["status"]) for u in revision["units"]]


def test_comparison_docx_has_real_tracked_changes(world: World) -> None:
    publish_rev1(world)
    reply = download(world["mex"], f"{world.d}/diff/export", **{"from": 0, "to": 1,
                                                                 "format": "docx"})
    assert reply.status == 200, reply.data
    root = document_xml(reply.data)
    insertions = root.findall(".//w:ins", NS)
    deletions = root.findall(".//w:del", NS)
    assert insertions and deletions
    for mark in insertions + deletions:
        assert mark.get(f"{{{W}}}author") == "Co-facilitators"
        assert mark.get(f"{{{W}}}date", "").startswith("2026-03-02T")
        assert mark.get(f"{{{W}}}id")
    # deleted words are in w:delText, never in w:t
    for deletion in deletions:
        assert deletion.find(".//w:t", NS) is None
    assert any("regional" in (t.text or "") for t in root.iterfind(".//w:delText", NS))
    # the paragraph mark of the removed sub-paragraph and of the new paragraph are marked
    assert root.find(".//w:pPr/w:rPr/w:del", NS) is not None
    assert root.find(".//w:pPr/w:rPr/w:ins", NS) is not None
    # accept all gives Rev.1, reject all gives the zero draft (as their own exports read)
    new = paragraphs(document_xml(download(world["mex"], f"{world.d}/revisions/1/export",
                                           format="docx").data))
    old = paragraphs(document_xml(download(world["mex"], f"{world.d}/revisions/0/export",
                                           format="docx").data))
    assert paragraphs(accept_all(root))[2:] == new[2:]
    assert paragraphs(reject_all(root))[2:] == old[2:]
    # and the importer reads the comparison as accepted: Rev.1's units
    parsed = parse_docx(reply.data)
    revision = world["mex"].ok("GET", f"{world.d}/revisions/1")
    assert [(u.number, u.text) for u in parsed.units] == [
        (u["number"], u["text"]) for u in revision["units"]]


def test_docx_files_open_in_libreoffice(world: World) -> None:
    need_office()
    world.propose("mex", "op1", text="We commit to cooperate on safe and dignified return "
                  "[and regional] frameworks, in full respect of human rights.")
    compilation = download(world["cofac"], f"{world.d}/revisions/0/compilation/export",
                           format="docx").data
    assert docx_to_pdf(compilation).startswith(b"%PDF-")
    publish_rev1(world)
    for path, query in [(f"{world.d}/revisions/1/export", {"format": "docx"}),
                        (f"{world.d}/diff/export", {"from": 0, "to": 1, "format": "docx"})]:
        reply = download(world["cofac"], path, **query)
        assert reply.status == 200, (path, reply.data[:300])
        pdf = docx_to_pdf(reply.data)
        assert pdf.startswith(b"%PDF-"), path
        assert len(pdf) > 1000


def test_compilation_docx_attributes_proposals(world: World) -> None:
    world.propose("mex", "op1", text="We commit to cooperate on safe and dignified return "
                  "[and regional] frameworks, in full respect of human rights.")
    world.propose("che", "op2", kind="delete_unit", text=None)
    reply = download(world["cofac"], f"{world.d}/revisions/0/compilation/export",
                     format="docx")
    assert reply.status == 200, reply.data[:300]
    texts = paragraphs(document_xml(reply.data))
    joined = "\n".join(texts)
    assert "Mexico" in joined and "in full respect of human rights" in joined
    assert "[Switzerland: delete]" in joined
    text = download(world["cofac"], f"{world.d}/revisions/0/compilation/export",
                    format="text")
    assert text.status == 200
    assert "Mexico" in text.data.decode()


def test_docx_import_round_trip_creates_the_same_document(world: World) -> None:
    data = download(world["cofac"], f"{world.d}/revisions/0/export", format="docx").data
    preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "docx", "content_base64": b64(data)})
    assert preview["saved"] is False and preview["revision"] is None
    assert preview["title"] == "Compact on Human Mobility"
    expected = [(u["kind"], u.get("number"), u.get("heading"), u.get("text", ""))
                for u in ZERO_DRAFT]
    assert [(u["kind"], u["number"], u["heading"], u["text"]) for u in preview["units"]] \
        == expected
    created = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "docx", "content_base64": b64(data),
                                 "preview": False})
    assert created["saved"] is True and created["revision"]["sequence"] == 0
    copy = world["cofac"].ok("GET", f"/documents/{created['document_id']}/working-copy")
    assert [(u["kind"], u["number"], u["heading"], u["text"]) for u in copy["units"]] \
        == expected


def test_an_amendment_as_tracked_changes_by_its_delegations(world: World) -> None:
    proposal = world.propose("mex", "op1", text="We commit to cooperate on safe and dignified "
                             "return frameworks.", co_proponents=["CHE"])
    # Switzerland is a proponent once it accepts (co-sponsorship by consent).
    world["che"].ok("PUT", f"/amendments/{proposal['id']}/co-sponsorship", {"status": "accepted"})
    reply = download(world["che"], f"/amendments/{proposal['id']}/export", format="docx")
    assert reply.status == 200, reply.data[:300]
    root = document_xml(reply.data)
    marks = root.findall(".//w:ins", NS) + root.findall(".//w:del", NS)
    assert marks and {m.get(f"{{{W}}}author") for m in marks} == {"Mexico, Switzerland"}
    accepted = paragraphs(accept_all(root))
    assert "2. We commit to cooperate on safe and dignified return frameworks." in accepted
    rejected = paragraphs(reject_all(root))
    assert f"2. {ZERO_DRAFT[3]['text']}" in rejected
    added = world.propose("nga", "op2", kind="add_unit", text="We commit to share data.")
    root = document_xml(download(world["nga"], f"/amendments/{added['id']}/export").data)
    assert "3 bis. We commit to share data." in paragraphs(accept_all(root))
    assert "3 bis. We commit to share data." not in paragraphs(reject_all(root))
    akn = download(world["nga"], f"/amendments/{added['id']}/export", format="akn")
    assert akn.status == 200 and b"insertion" in akn.data
    # a draft stays its delegation's own
    draft = world.propose("mex", "op2", text="A draft.", submit=False)
    assert download(world["che"], f"/amendments/{draft['id']}/export").status == 404
