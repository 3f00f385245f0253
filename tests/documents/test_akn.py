"""Akoma Ntoso 3.0: revisions and amendment lists validate against the OASIS schema; AKN
imports (our own exports round trip, and the real 2.0 UN samples)."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from server.core.importing import import_text
from server.core.richtext import normalise_marks
from server.core.text import UnitView
from server.features.files.exports.akn import AKN_NS, revision_akn, validate
from server.features.files.exports.common import DocumentMeta
from server.features.files.exports.docx import revision_docx
from server.features.files.importers.akn import parse_akn
from server.features.files.importers.docx import parse_docx
from server.features.files.importers.result import from_import_result
from tests.support.data import AKN, PARIS, XSD, need_file
from tests.support.documents import b64, download
from tests.support.worlds import ZERO_DRAFT, World, publish_rev1

A = {"a": AKN_NS}


def _plain(unit: UnitView) -> UnitView:
    return replace(unit, marks=(), footnotes=(), notes=(), option=None)


def test_revision_akn_validates_with_eid_and_wid(world: World) -> None:
    xsd = need_file(XSD, "The Akoma Ntoso 3.0 schema")
    publish_rev1(world)
    for sequence in (0, 1):
        reply = download(world["obs"], f"{world.d}/revisions/{sequence}/export", format="akn")
        assert reply.status == 200
        assert reply.headers["Content-Type"].startswith("application/akn+xml")
        assert validate(reply.data, xsd) == []
    root = etree.fromstring(reply.data)
    assert root.tag == f"{{{AKN_NS}}}akomaNtoso"
    doc = root.find("a:doc", A)
    assert doc is not None
    by_wid = {e.get("wId"): e for e in doc.iter() if e.get("wId")}
    assert set(by_wid) == {"pre", "pp1", "obj1", "op1", "op1bis", "op2"}
    assert by_wid["op2"].get("eId") == "sec_1__para_4"  # renumbered: eId follows, wId stays
    assert by_wid["op1bis"].get("eId") == "sec_1__para_2bis"
    assert by_wid["op1bis"].findtext("a:num", namespaces=A) == "2 bis"
    assert by_wid["op1"].get("refersTo") == "#agreed_ad_ref"
    zero = etree.fromstring(download(world["obs"], f"{world.d}/revisions/0/export",
                                     format="akn").data)
    assert {e.get("wId"): e.get("eId") for e in zero.iter() if e.get("wId")}["op2"] == \
        "sec_1__para_3"


def test_amendment_list_validates_with_proponents_and_textual_mods(world: World) -> None:
    xsd = need_file(XSD, "The Akoma Ntoso 3.0 schema")
    invited = world.propose("mex", "op1", text="We commit to cooperate on safe and dignified "
                            "return frameworks.", co_proponents=["CHE"])
    # Switzerland is a proponent once it accepts (co-sponsorship by consent).
    world["che"].ok("PUT", f"/amendments/{invited['id']}/co-sponsorship", {"status": "accepted"})
    world.propose("afg", "op2", kind="delete_unit", text=None)
    world.propose("nga", "op1", kind="add_unit", text="We commit to reintegration.")
    reply = download(world["cofac"], f"{world.d}/amendments/export")
    assert reply.status == 200, reply.data[:400]
    assert validate(reply.data, xsd) == []
    root = etree.fromstring(reply.data)
    amendments = root.findall(".//a:amendment", A)
    assert len(amendments) == 3
    first = amendments[0]
    assert [p.text for p in first.iterfind(".//a:docProponent", A)] == ["Mexico",
                                                                         "Switzerland"]
    mod = first.find(".//a:textualMod", A)
    assert mod is not None and mod.get("type") == "substitution"
    old_ref = mod.find("a:old", A).get("href").lstrip("#")  # type: ignore[union-attr]
    new_ref = mod.find("a:new", A).get("href").lstrip("#")  # type: ignore[union-attr]
    quoted = {q.get("eId"): q.text for q in first.iterfind(".//a:quotedText", A)}
    assert quoted[old_ref] == ZERO_DRAFT[3]["text"]
    assert quoted[new_ref] == "We commit to cooperate on safe and dignified return frameworks."
    assert mod.find("a:destination", A).get("href").endswith("~sec_1__para_2")  # type: ignore[union-attr]
    kinds = [a.find(".//a:textualMod", A).get("type") for a in amendments]  # type: ignore[union-attr]
    assert kinds == ["substitution", "repeal", "insertion"]
    # Each says where in the text's own words: the paragraph's name, never its key.
    said = ["".join(str(t) for t in a.find(".//a:mod", A).itertext())  # type: ignore[union-attr]
            for a in amendments]
    assert [s.split(" (")[0].split(",")[0].split(":")[0] for s in said] == [
        "In OP2", "Delete OP3", "After OP2"]
    # an observer does not see attributed proposals in negotiation by default: none listed
    observer = download(world["obs"], f"{world.d}/amendments/export")
    assert observer.status in (200, 403, 404)


def test_akn_round_trip_gives_back_units_numbers_keys_and_text(world: World) -> None:
    publish_rev1(world)
    data = download(world["cofac"], f"{world.d}/revisions/1/export", format="akn").data
    parsed = parse_akn(data)
    revision = world["cofac"].ok("GET", f"{world.d}/revisions/1")
    assert [(u.key, u.kind.value, u.parent, u.number, u.heading, u.text, u.status.value)
            for u in parsed.units] == [
        (u["key"], u["kind"], u["parent"], u["number"], u["heading"], u["text"], u["status"])
        for u in revision["units"]]
    created = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                {"format": "akn", "content_base64": b64(data),
                                 "preview": False})
    assert [u["key"] for u in created["units"]] == [u["key"] for u in revision["units"]]


def test_the_un_akn_2_samples_import(world: World) -> None:
    for name, first_word in (("akn_Bill_UN_2012.xml", "Encourages"),
                             ("akn_Bill_UN_2012_ES.xml", "Alienta")):
        path = need_file(AKN / name, "The Akoma Ntoso 2.0 sample")
        parsed = parse_akn(path.read_bytes())
        assert parsed.title
        kinds = [u.kind.value for u in parsed.units]
        assert kinds[0] == "preamble" and kinds.count("paragraph") == 9
        operative = [u for u in parsed.units if u.number]
        assert [u.number for u in operative] == ["1", "2", "3", "8"]
        assert operative[0].text.startswith(first_word)
        assert "Treaty Series" not in operative[-1].text  # footnotes left out
        preview = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                                    {"format": "akn", "content_base64": b64(path.read_bytes())})
        assert len(preview["units"]) == len(parsed.units)


def test_paris_drafts_export_to_valid_docx_and_akn() -> None:
    xsd = need_file(XSD, "The Akoma Ntoso 3.0 schema")
    for name in ("9-dec-2015.md", "12-dec-2015.md"):
        path = need_file(PARIS / name, "The Paris Agreement draft")
        parsed = from_import_result(import_text(path.read_text(encoding="utf-8"),
                                                fmt="markdown"))
        meta = DocumentMeta(title=parsed.title or name, label="Draft")
        akn = revision_akn(meta, parsed.units)
        assert validate(akn, xsd) == [], name
        # The AKN importer reads the words back; what they carry besides is checked in
        # the document itself (tests/documents/test_export_rich.py checks each kind).
        assert [_plain(u) for u in parse_akn(akn).units] == [_plain(u) for u in parsed.units]
        root = etree.fromstring(akn)
        italic = "".join("".join(str(t) for t in e.itertext()) for e in root.iter(f"{{{AKN_NS}}}i"))
        assert italic.replace("\n", "") == "".join(
            u.text[m.start:m.end] for u in parsed.units
            for m in normalise_marks(u.marks, len(u.text)) if m.style == "italic"
        ).replace("\n", ""), name
        assert len(root.findall(".//a:authorialNote", A)) == sum(
            len(u.footnotes) for u in parsed.units), name
        docx = revision_docx(meta, parsed.units)
        back = parse_docx(docx)
        assert [(u.kind, u.number, u.heading, u.text) for u in back.units] == [
            (u.kind, u.number, u.heading, u.text) for u in parsed.units], name


def test_comparison_and_compilation_export_as_valid_amendment_lists(world: World) -> None:
    """A comparison is the co-facilitators' changes from one revision to the next, and a
    compilation the amendments on a revision: both as Akoma Ntoso amendment lists."""
    xsd = need_file(XSD, "The Akoma Ntoso 3.0 schema")
    publish_rev1(world)
    compared = download(world["obs"], f"{world.d}/diff/export",
                        **{"from": 0, "to": 1, "format": "akn"})
    assert compared.status == 200, compared.data[:400]
    assert validate(compared.data, xsd) == []
    root = etree.fromstring(compared.data)
    mods = {m.get("type") for m in root.iterfind(".//a:textualMod", A)}
    assert mods <= {"substitution", "insertion", "repeal"} and mods
    assert {p.text for p in root.iterfind(".//a:docProponent", A)} == {"Co-facilitators"}
    # (Rev.1 agreed op1 ad ref: proposals go to a paragraph still open.)
    world.propose("mex", "op2", revision_id=latest_revision_id(world),
                  text="We further commit to review progress every year.")
    compiled = download(world["cofac"], f"{world.d}/revisions/1/compilation/export",
                        format="akn")
    assert compiled.status == 200, compiled.data[:400]
    assert validate(compiled.data, xsd) == []
    proponents = [p.text for p in etree.fromstring(compiled.data).iterfind(
        ".//a:docProponent", A)]
    assert proponents == ["Mexico"]


def latest_revision_id(world: World) -> int:
    revisions = world["cofac"].ok("GET", f"{world.d}/revisions")
    latest: int = revisions[-1]["id"]
    return latest
