"""Exports per language (issue 14, item 4) on the BBNJ Agreement: the English text is the
revision, the French and Arabic texts imported as its language versions; the revision
exported in French and in Arabic as DOCX, Akoma Ntoso (xml:lang, valid against the AKN 3.0
schema when it is in ../shared/data/akn) and PDF (its text layer holds the Arabic words:
fonts that cover the script). A paragraph with no translation says so, in the export's
language, instead of printing the English."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.support.worlds import World

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DATA = SHARED / "bbnj-2023"
SCHEMA = SHARED / "akn" / "akomantoso30.xsd"
pytestmark = pytest.mark.skipif(not (DATA / "bbnj-agreement-en.txt").exists(),
                                reason=f"the BBNJ texts are not in {DATA}")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _text(language: str) -> str:
    return (DATA / f"bbnj-agreement-{language}.txt").read_text(encoding="utf-8")


def _units() -> list[dict[str, Any]]:
    from server.features.files.importers.dispatch import parse

    out = []
    for unit in parse(_text("en").encode(), "text").units:
        item: dict[str, Any] = {"key": unit.key, "kind": unit.kind.value, "text": unit.text}
        if unit.parent:
            item["parent"] = unit.parent
        if unit.number:
            item["number"] = unit.number
        if unit.heading:
            item["heading"] = unit.heading
        out.append(item)
    return out


@pytest.fixture
def bbnj(world: World) -> tuple[World, str]:
    cofac, sec = world["cofac"], world["sec"]
    draft = cofac.ok("POST", f"{world.p}/documents", {"title": "BBNJ Agreement",
                                                       "units": _units()}, status=201)
    d = f"/documents/{draft['document_id']}"
    cofac.ok("POST", f"{d}/revisions", {"base_version": draft["version"]}, status=201)
    for language in ("fr", "ar"):
        content = base64.b64encode(_text(language).encode()).decode()
        saved = sec.ok("POST", f"{d}/revisions/0/languages/{language}/import",
                       {"format": "text", "content_base64": content, "preview": False})
        assert saved["articles_aligned"] == 76
    return world, d


def _export(world: World, d: str, fmt: str, language: str) -> bytes:
    mex = world["mex"]
    reply = mex.client.get(f"/api/v1{d}/revisions/0/export",
                           query_string={"format": fmt, "language": language},
                           headers={"Authorization": f"Bearer {mex.token}"})
    if reply.status_code == 503:
        pytest.skip("PDF export unavailable (LibreOffice)")
    assert reply.status_code == 200, reply.get_data(as_text=True)[:500]
    return reply.get_data()


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = etree.fromstring(package.read("word/document.xml"))
        core = package.read("docProps/core.xml").decode()
        styles = package.read("word/styles.xml").decode()
    words = "".join(xml.itertext())
    bidi = "\n[paragraphs right to left]" if "<w:bidi/>" in styles else ""
    return words + "\n" + core + bidi


def test_docx_in_french_and_arabic(bbnj: tuple[World, str]) -> None:
    world, d = bbnj
    french = _docx_text(_export(world, d, "docx", "fr"))
    assert "Article premier" in french and "pollueur-payeur" in french
    assert "<dc:language>fr</dc:language>" in french
    assert "The Parties to this Agreement" not in french  # not the English
    assert "[paragraphs right to left]" not in french
    arabic = _docx_text(_export(world, d, "docx", "ar"))
    assert "المادة" in arabic and "<dc:language>ar</dc:language>" in arabic
    assert "[paragraphs right to left]" in arabic
    # The Arabic version has paragraphs it could not align: each says so, in Arabic.
    assert "[لم تُترجم هذه الفقرة بعد]" in arabic


def test_akoma_ntoso_carries_its_language(bbnj: tuple[World, str]) -> None:
    world, d = bbnj
    for language, three in (("fr", "fra"), ("ar", "ara")):
        root = etree.fromstring(_export(world, d, "akn", language))
        ns = {"a": root.nsmap[None]}
        # AKN 3.0 lets the content's parts carry xml:lang (coreopt), not <doc> itself.
        assert root.xpath("//a:preface/@xml:lang | //a:mainBody/@xml:lang",
                          namespaces=ns) == [language, language]
        assert root.xpath("//a:FRBRExpression/a:FRBRlanguage/@language", namespaces=ns) == [three]
        if SCHEMA.exists():
            schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
            assert schema.validate(root), schema.error_log.last_error
    french = etree.fromstring(_export(world, d, "akn", "fr"))
    assert "pollueur-payeur" in "".join(french.itertext())


def test_pdf_in_arabic_holds_arabic_words(bbnj: tuple[World, str]) -> None:
    import pypdfium2  # type: ignore[import-untyped]

    world, d = bbnj
    pdf = pypdfium2.PdfDocument(_export(world, d, "pdf", "ar"))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "المادة" in text or "ةداملا" in text  # the text layer in logical or visual order
    assert "Article 1" not in text


def test_the_six_languages_in_one_akoma_ntoso_collection(bbnj: tuple[World, str]) -> None:
    world, d = bbnj
    root = etree.fromstring(_export(world, d, "akn", "all"))
    ns = {"a": root.nsmap[None]}
    assert root.xpath("//a:doc//a:FRBRExpression/a:FRBRlanguage/@language",
                      namespaces=ns) == ["ara", "zho", "eng", "fra", "rus", "spa"]
    assert root.xpath("//a:doc/a:mainBody/@xml:lang", namespaces=ns) == [
        "ar", "zh", "en", "fr", "ru", "es"]
    words = "".join(root.itertext())
    assert "pollueur-payeur" in words and "المادة" in words
    if SCHEMA.exists():
        schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
        assert schema.validate(root), schema.error_log.last_error
    reply = world["mex"].client.get(f"/api/v1{d}/revisions/0/export",
                                    query_string={"format": "docx", "language": "all"},
                                    headers={"Authorization": f"Bearer {world['mex'].token}"})
    assert reply.status_code == 422
