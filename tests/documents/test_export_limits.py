"""Exports never fail on what people write: titles of any length (Word holds 255 characters
in its title and author properties; the export answered 500 above that), amendments by
many delegations (seven names passed 255), and any text (controls, direction overrides,
emoji sequences, very long words). File names are cut safely and given in the document's
own script too (Content-Disposition ``filename*``, RFC 6266)."""

from __future__ import annotations

import html
import io
import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from server.core.amendments import AmendmentKind, AmendmentState
from server.core.compilation import compile_text, render_compilation_text
from server.core.rebase import AmendmentView
from server.core.text import UnitKind, UnitStatus, UnitView
from server.features.files.exports import akn, docx, feed, markdown
from server.features.files.exports import html as html_export
from server.features.files.exports.common import (
    FILENAME_BYTES,
    PROPERTY_CHARS,
    ComparedUnit,
    DocumentMeta,
    display_filename,
    names_within,
    safe_filename,
    shorten,
    xml_text,
)
from tests.support.documents import download, need_pdf_converter
from tests.support.strategies import export_titles, hostile_chars, proponent_lists
from tests.support.worlds import ZERO_DRAFT, World

WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
EXAMPLES = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _units(title: str, text: str) -> list[UnitView]:
    return [UnitView("pre", UnitKind.PREAMBLE, None, None, "", "Preamble"),
            UnitView("pp1", UnitKind.PARAGRAPH, "pre", "1", text or "We recall."),
            UnitView("obj", UnitKind.SECTION, None, "1", "", title),
            UnitView("op1", UnitKind.PARAGRAPH, "obj", "2", f"We commit to {text}.",
                     status=UnitStatus.AGREED_AD_REF),
            UnitView("op1a", UnitKind.SUBPARAGRAPH, "op1", "(a)", title)]


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False,
                                                         no_network=True, huge_tree=True))


@EXAMPLES
@given(title=export_titles, proponents=proponent_lists,
       text=st.text(alphabet=hostile_chars, max_size=300))
def test_every_format_renders_any_title_any_proponents_and_any_text(
        title: str, proponents: list[str], text: str) -> None:
    codes = [f"D{i:02d}" for i in range(len(proponents))]
    names = dict(zip(codes, proponents, strict=True))
    author = names_within(proponents)
    meta = DocumentMeta(title=title, label=f"Amendment 7 by {author} to Rev.1", date=WHEN,
                        document_id=1, sequence=1, history_hash="ab" * 32)
    units = _units(title, text)
    changed = UnitView("op1", UnitKind.PARAGRAPH, "obj", "2", f"We resolve to {title}.")
    items = [ComparedUnit(u, u) for u in units[:3]] + [ComparedUnit(units[3], changed),
                                                       ComparedUnit(None, units[4])]
    amendments = [AmendmentView(id=7, unit="op1", kind=AmendmentKind.CHANGE_WORDS,
                                state=AmendmentState.SUBMITTED, proponents=tuple(codes),
                                base_text=units[3].text, text=f"We resolve to {text}.",
                                revision=1),
                  AmendmentView(id=8, unit="op1", kind=AmendmentKind.ADD_UNIT,
                                state=AmendmentState.SUBMITTED, proponents=tuple(codes),
                                base_text=units[3].text, text=title, revision=1)]
    compiled = compile_text(units, amendments)

    # Word: every document opens, its title and author properties within Word's 255.
    for data in (docx.revision_docx(meta, units),
                 docx.comparison_docx(meta, items, author=author, date=WHEN),
                 docx.compilation_docx(meta, compiled, names=names)):
        document = Document(io.BytesIO(data))
        assert document.core_properties.title == shorten(meta.full_title, PROPERTY_CHARS)
        assert len(document.core_properties.title) <= PROPERTY_CHARS
    assert len(author) <= PROPERTY_CHARS
    assert author.split(",")[0].split(" and ")[0].strip() in " ".join(
        xml_text(proponents[0]).split())

    # Akoma Ntoso and Atom: well-formed XML holding the title.
    revision = _xml(akn.revision_akn(meta, units))
    assert " ".join(xml_text(title).split()) in " ".join(
        " ".join(revision.itertext()).split())
    listed = _xml(akn.amendments_akn(meta, [akn.AmendmentExport(
        id=7, kind="change_words", state="submitted", unit_key="op1", paragraph="OP2",
        proponents=tuple(names.items()), old=units[3].text, new=changed.text,
        justification=text)], eids=akn.unit_eids(units)))
    assert len(listed.findall(".//{*}docProponent")) == len(proponents)
    atom = _xml(feed.atom_feed(feed_id="tag:accord,2026:1", title=title,
                               self_link="http://x/feed", alternate="http://x/",
                               entries=[feed.FeedEntry(id="tag:accord,2026:1:1",
                                                       title=title, link="http://x/1",
                                                       published=WHEN, summary=text,
                                                       author=author)]))
    assert (atom.find("{*}title").text or "") == xml_text(title)

    # HTML, Markdown and text.
    for page in (html_export.revision_html(meta, units),
                 html_export.comparison_html(meta, items),
                 html_export.text_html(meta, render_compilation_text(compiled, names=names))):
        assert f"<h1>{html.escape(xml_text(title))}</h1>" in page
        assert "\x00" not in page
    assert markdown.revision_markdown(meta, units)
    assert markdown.revision_text(meta, units).startswith(meta.full_title)

    # File names: ASCII for filename=, the title's own script for filename*.
    plain = safe_filename(title, "docx", "amendment-7")
    assert re.fullmatch(r"[A-Za-z0-9._-]+", plain) and plain.endswith("-amendment-7.docx")
    assert len(plain) <= 90
    shown = display_filename(title, "docx", "Rev.1")
    assert shown.endswith(" Rev.1.docx") and len(shown.encode("utf-8")) <= FILENAME_BYTES
    assert not any(c in shown for c in '/\\"\x00\u202e\u2066')
    assert all(unicodedata.category(c) not in ("Cc", "Cs") for c in shown)


@EXAMPLES
@given(text=st.one_of(export_titles, st.text(alphabet=hostile_chars, max_size=600)),
       limit=st.integers(min_value=8, max_value=300))
def test_a_cut_never_splits_a_letter_from_its_marks_nor_an_emoji_sequence(
        text: str, limit: int) -> None:
    cut = shorten(text, limit)
    line = " ".join(xml_text(text).split())
    assert len(cut) <= limit
    if cut == line:
        return
    assert cut.endswith("\u2026")
    kept = cut[:-1]
    assert line.startswith(kept)
    rest = line[len(kept):].lstrip()
    if kept and rest:
        assert not unicodedata.combining(rest[0]) and rest[0] not in "\u200d\ufe0f"
        assert kept[-1] != "\u200d"


def test_an_amendment_by_seven_delegations_exports_to_word() -> None:
    names = ["Plurinational State of Bolivia", "Bolivarian Republic of Venezuela",
             "United Kingdom of Great Britain and Northern Ireland",
             "Democratic People's Republic of Korea", "Lao People's Democratic Republic",
             "United Republic of Tanzania", "Federated States of Micronesia"]
    author = names_within(names)
    assert author == ", ".join(names)  # 252 characters: they fit in Word's author
    # ... but not in the title, as the amendment's export names it (a 500 before).
    meta = DocumentMeta(title="Compact on Human Mobility", date=WHEN,
                        label=f"Amendment 7 by {author} to Rev.1")
    assert len(meta.full_title) > PROPERTY_CHARS
    unit = _units("Objective 1", "return")[3]
    data = docx.comparison_docx(meta, [ComparedUnit(unit, None)], author=author, date=WHEN)
    properties = Document(io.BytesIO(data)).core_properties
    assert properties.title == shorten(meta.full_title, PROPERTY_CHARS)
    assert properties.title.startswith("Compact on Human Mobility (Amendment 7 by "
                                       "Plurinational State of Bolivia")
    assert properties.title.endswith("\u2026")
    # Ten do not fit in the author either: as many as fit, then how many others.
    more = [*names, "Saint Vincent and the Grenadines", "Republic of Moldova",
            "Kingdom of the Netherlands"]
    assert len(", ".join(more)) > PROPERTY_CHARS >= len(names_within(more))
    assert names_within(more).endswith(" and 4 others")
    assert names_within(more).startswith("Plurinational State of Bolivia, Bolivarian")


# ---- through the API: a title of 300 characters, the longest accepted ----------------------

LONG_TITLE = ("Global Compact for Safe, Orderly and Regular Migration: "
              "الاتفاق العالمي من أجل الهجرة الآمنة والمنظمة والنظامية, "
              "安全、有序和正常移民全球契约 🇺🇳 ") * 3


def _disposition(headers: Any) -> tuple[str, str]:
    value = headers["Content-Disposition"]
    value.encode("latin-1")  # a header Werkzeug and every client can carry
    plain = re.search(r'filename="([^"]+)"', value)
    shown = re.search(r"filename\*=UTF-8''(\S+)", value)
    assert plain and shown, value
    return plain.group(1), unquote(shown.group(1))


def test_a_title_of_300_characters_exports_in_every_format(world: World) -> None:
    title = LONG_TITLE[:300]
    assert len(title) == 300
    cofac = world["cofac"]
    world.set_phase("stocktaking")
    draft = cofac.ok("POST", f"{world.p}/documents", {"title": title, "units": ZERO_DRAFT},
                     status=201)
    document = draft["document_id"]
    cofac.ok("POST", f"/documents/{document}/revisions", {"base_version": draft["version"]},
             status=201)
    world.set_phase("negotiation")
    formats = ["docx", "akn", "markdown", "text", "html"]
    paths = [(f"/documents/{document}/revisions/0/export", fmt) for fmt in formats]
    paths += [(f"/documents/{document}/working-copy/export", fmt) for fmt in formats]
    paths += [(f"/documents/{document}/revisions/0/compilation/export", fmt)
              for fmt in ("docx", "akn", "text", "html")]
    paths += [(f"/documents/{document}/amendments/export", "")]
    for path, fmt in paths:
        reply = download(cofac, path, **({"format": fmt} if fmt else {}))
        assert reply.status == 200, (path, fmt, reply.data[:300])
        plain, shown = _disposition(reply.headers)
        assert plain.startswith("Global-Compact-for-Safe-Orderly") and len(plain) <= 90
        assert shown.startswith("Global Compact for Safe, Orderly and Regular Migration")
        assert len(shown.encode("utf-8")) <= FILENAME_BYTES
    docx_reply = download(cofac, f"/documents/{document}/revisions/0/export", format="docx")
    properties = Document(io.BytesIO(docx_reply.data)).core_properties
    assert properties.title.startswith(title[:100]) and len(properties.title) <= 255
    plain, shown = _disposition(docx_reply.headers)
    assert plain.endswith("-Zero-draft.docx"), plain
    assert shown.endswith(" Zero draft.docx") and "الاتفاق العالمي" in shown, shown


def test_a_title_of_300_characters_prints_to_pdf(world: World) -> None:
    need_pdf_converter()
    title = LONG_TITLE[:300]
    world.set_phase("stocktaking")
    draft = world["cofac"].ok("POST", f"{world.p}/documents",
                              {"title": title, "units": ZERO_DRAFT}, status=201)
    world["cofac"].ok("POST", f"/documents/{draft['document_id']}/revisions",
                      {"base_version": draft["version"]}, status=201)
    reply = download(world["cofac"], f"/documents/{draft['document_id']}/revisions/0/export",
                     format="pdf")
    assert reply.status == 200 and reply.data.startswith(b"%PDF")
    assert _disposition(reply.headers)[1].endswith(" Zero draft.pdf")


@pytest.mark.parametrize("fmt", ["docx", "akn"])
def test_an_amendment_exports_whatever_its_proponents(world: World, fmt: str) -> None:
    proposal = world.propose("mex", "op1")
    reply = download(world["mex"], f"/amendments/{proposal['id']}/export", format=fmt)
    assert reply.status == 200, reply.data[:300]
    plain, shown = _disposition(reply.headers)
    assert plain.endswith(f"-amendment-{proposal['id']}.{'xml' if fmt == 'akn' else fmt}")
    assert shown.startswith("Compact on Human Mobility amendment-")
