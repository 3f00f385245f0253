"""Importing Word documents that Accord did not write: Word's own automatic numbering (the
numbers Word shows, not the ones typed), italics and bold from run properties and styles,
Word footnotes at their references; and the project's own DOCX export read back with its
formatting, footnotes, editorial notes and options.

Every document here is built in the test with python-docx, its numbering and footnotes
written as the XML Word writes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from server.core.richtext import EditorialNote, Footnote, Mark, OptionRef
from server.core.text import UnitKind, UnitView
from server.features.files.exports.common import DocumentMeta
from server.features.files.exports.docx import revision_docx
from server.features.files.importers.docx import parse_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W}"'


def level(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None
          ) -> str:
    extra = "" if restart is None else f'<w:lvlRestart w:val="{restart}"/>'
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{extra}<w:lvlText w:val="{text}"/></w:lvl>')


def set_numbering(document: docx.document.Document, abstracts: dict[int, str],
                  nums: dict[int, tuple[int, dict[int, int]]]) -> None:
    """Replace the document's numbering part: abstract lists (id -> levels' XML) and list
    instances (numId -> (abstractNumId, {ilvl: startOverride}))."""
    root = document.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    for aid, levels in abstracts.items():
        root.append(parse_xml(f'<w:abstractNum {NSDECL} w:abstractNumId="{aid}">'
                              f"{levels}</w:abstractNum>"))
    for nid, (aid, overrides) in nums.items():
        extra = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/>'
                        "</w:lvlOverride>" for k, v in overrides.items())
        root.append(parse_xml(f'<w:num {NSDECL} w:numId="{nid}"><w:abstractNumId '
                              f'w:val="{aid}"/>{extra}</w:num>'))


def numbered(paragraph: Paragraph, num_id: int, ilvl: int = 0) -> Paragraph:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/>'
                         f'<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def saved(document: docx.document.Document,
          edit: Callable[[dict[str, bytes]], None] | None = None) -> bytes:
    out = io.BytesIO()
    document.save(out)
    if edit is None:
        return out.getvalue()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        files = {name: source.read(name) for name in source.namelist()}
    edit(files)
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
    return result.getvalue()


def shown(units: list[UnitView]) -> list[tuple[str, str | None, str]]:
    return [(u.kind.value, u.number, u.text or u.heading or "") for u in units]


# --------------------------------------------------------------------------- numbering


def test_word_numbering_gives_the_numbers_word_shows_not_the_typed_ones() -> None:
    document = docx.Document()
    set_numbering(document, {
        1: level(0, "decimal", "%1.") + level(1, "lowerLetter", "(%2)")
        + level(2, "lowerRoman", "(%3)"),
    }, {7: (1, {}), 8: (1, {0: 1}), 9: (1, {})})
    numbered(document.add_paragraph("Each Party shall act."), 7)
    numbered(document.add_paragraph("Take measures;"), 7, 1)
    numbered(document.add_paragraph("Report on them:"), 7, 1)
    numbered(document.add_paragraph("every year;"), 7, 2)
    numbered(document.add_paragraph("every five years."), 7, 2)
    numbered(document.add_paragraph("Parties shall cooperate."), 7)
    # a list of the same abstract list restarted at 1 (Word's "Restart at 1")
    numbered(document.add_paragraph("A restarted first paragraph."), 8)
    numbered(document.add_paragraph("Its letter."), 8, 1)
    # another instance of the list without an override continues it
    numbered(document.add_paragraph("The list goes on."), 9)
    # the numbers typed into the text are not Word's: "3." is typed, Word shows 4
    units = parse_docx(saved(document)).units
    assert shown(units) == [
        ("paragraph", "1", "Each Party shall act."),
        ("subparagraph", "(a)", "Take measures;"),
        ("subparagraph", "(b)", "Report on them:"),
        ("subparagraph", "(i)", "every year;"),
        ("subparagraph", "(ii)", "every five years."),
        ("paragraph", "2", "Parties shall cooperate."),
        ("paragraph", "1", "A restarted first paragraph."),
        ("subparagraph", "(a)", "Its letter."),
        ("paragraph", "2", "The list goes on."),
    ]


def test_a_start_value_upper_roman_and_letters_and_list_number_style() -> None:
    document = docx.Document()
    set_numbering(document, {
        1: level(0, "decimal", "%1.", start=5) + level(1, "lowerLetter", "%2)"),
        2: level(0, "decimal", "%1."),
    }, {3: (1, {}), 5: (2, {})})  # numId 5 (another list) is the List Number style's
    numbered(document.add_paragraph("Fifth."), 3)
    numbered(document.add_paragraph("its a."), 3, 1)
    numbered(document.add_paragraph("Sixth."), 3)
    document.add_paragraph("Numbered by its style.", style="List Number")
    document.add_paragraph("And again.", style="List Number")
    units = parse_docx(saved(document)).units
    assert shown(units) == [
        ("paragraph", "5", "Fifth."), ("subparagraph", "(a)", "its a."),
        ("paragraph", "6", "Sixth."), ("paragraph", "1", "Numbered by its style."),
        ("paragraph", "2", "And again.")]


def test_numbered_heading_styles_are_parts_and_articles() -> None:
    document = docx.Document()
    set_numbering(document, {
        # Articles numbered on across Parts (lvlRestart 0), as treaties number them
        1: level(0, "upperRoman", "Part %1") + level(1, "decimal", "Article %2", restart=0),
        2: level(0, "decimal", "%1."),
    }, {1: (1, {}), 2: (2, {}), 3: (2, {0: 1})})
    styles = document.styles
    for name, ilvl in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{ilvl}"/>'
                             '<w:numId w:val="1"/></w:numPr>'))
    document.add_heading("General provisions", level=1)
    document.add_heading("Objective", level=2)
    numbered(document.add_paragraph("The objective is to end plastic pollution."), 2)
    document.add_heading("Use of terms", level=2)
    numbered(document.add_paragraph("“Plastic” means a material."), 3)
    numbered(document.add_paragraph("“Party” means a State."), 3)
    document.add_heading("Control measures", level=1)
    document.add_heading("Plastic polymers", level=2)
    units = parse_docx(saved(document)).units
    by_key = {u.key: u for u in units}
    assert [(u.kind.value, u.number, u.heading) for u in units
            if u.kind is UnitKind.SECTION] == [
        ("section", "I", "Part I General provisions"),
        ("section", "1", "Article 1 Objective"),
        ("section", "2", "Article 2 Use of terms"),
        ("section", "II", "Part II Control measures"),
        ("section", "3", "Article 3 Plastic polymers")]
    paragraphs = [u for u in units if u.kind is UnitKind.PARAGRAPH]
    assert [(u.number, by_key[u.parent or ""].heading) for u in paragraphs] == [
        ("1", "Article 1 Objective"), ("1", "Article 2 Use of terms"),
        ("2", "Article 2 Use of terms")]


# --------------------------------------------------------------------------- formatting


def styled(unit: UnitView) -> list[tuple[str, str]]:
    return [(m.style, unit.text[m.start:m.end]) for m in unit.marks]


def test_italic_and_bold_from_runs_character_styles_and_paragraph_styles() -> None:
    document = docx.Document()
    set_numbering(document, {1: level(0, "decimal", "%1.")}, {1: (1, {})})
    emphasis = document.styles.add_style("Verb", WD_STYLE_TYPE.CHARACTER)
    emphasis.font.italic = True
    strong_verb = document.styles.add_style("Strong Verb", WD_STYLE_TYPE.CHARACTER)
    strong_verb.base_style = emphasis  # italic inherited, bold its own
    strong_verb.font.bold = True
    quote = document.styles.add_style("Quoted", WD_STYLE_TYPE.PARAGRAPH)
    quote.font.italic = True

    p = document.add_paragraph()
    p.add_run("Recalling").italic = True
    p.add_run(" its resolution 70/1, ")
    p.add_run("inter alia").italic = True
    p.add_run(",")
    p = document.add_paragraph()
    p.add_run("Noting", style="Verb")
    p.add_run(" with concern and ")
    p.add_run("stressing", style="Strong Verb")
    p.add_run(" the need,")
    p = document.add_paragraph(style="Quoted")
    p.add_run("All of it in italics, ")
    p.add_run("but these words").italic = False  # w:i w:val="0" turns it off
    p.add_run(" not.")
    p = numbered(document.add_paragraph(), 1)
    p.add_run("Parties ")
    p.add_run("shall").bold = True
    p.add_run(" act.")
    units = parse_docx(saved(document)).units
    assert [styled(u) for u in units if u.text] == [
        [("italic", "Recalling"), ("italic", "inter alia")],
        [("italic", "Noting"), ("bold", "stressing"), ("italic", "stressing")],
        [("italic", "All of it in italics,"), ("italic", "not.")],
        [("bold", "shall")]]
    assert units[-1].number == "1" and units[-1].text == "Parties shall act."


# --------------------------------------------------------------------------- footnotes


FOOTNOTES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NSDECL}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
             '<w:continuationSeparator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space='
             '"preserve"> UNEP/PP/INC.3/4, annex.</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space='
             '"preserve"> Note: adapted from the Minamata Convention.</w:t></w:r></w:p>'
             '</w:footnote><w:footnote w:id="3"><w:p><w:r><w:t>See the annex.</w:t></w:r>'
             '</w:p></w:footnote></w:footnotes>')


def reference(paragraph: Paragraph, note_id: int, mark: str | None = None) -> None:
    run = paragraph.add_run()
    custom = ' w:customMarkFollows="1"' if mark else ""
    run._r.append(parse_xml(f'<w:footnoteReference {NSDECL} w:id="{note_id}"{custom}/>'))
    if mark:
        paragraph.add_run(mark)


def with_footnotes(files: dict[str, bytes]) -> None:
    files["word/footnotes.xml"] = FOOTNOTES.encode()
    types = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()


def test_word_footnotes_are_anchored_at_their_references() -> None:
    document = docx.Document()
    set_numbering(document, {1: level(0, "decimal", "%1.")}, {1: (1, {})})
    p = numbered(document.add_paragraph(), 1)
    p.add_run("Recalling the zero draft")
    reference(p, 1)
    p.add_run(" and the Minamata Convention,")
    reference(p, 2)
    p = numbered(document.add_paragraph(), 1)
    p.add_run("As set out in the annex.")
    reference(p, 3, "*")  # a mark of its own, not Word's number
    units = parse_docx(saved(document, with_footnotes)).units
    first, second = units
    assert first.text == "Recalling the zero draft and the Minamata Convention,"
    assert first.footnotes == (
        Footnote("1", len("Recalling the zero draft"), "UNEP/PP/INC.3/4, annex."),
        Footnote("2", len(first.text), "Note: adapted from the Minamata Convention."))
    assert second.text == "As set out in the annex."  # the "*" is the mark, not text
    assert second.footnotes == (Footnote("*", len(second.text), "See the annex."),)


# --------------------------------------------------------------------------- round trip


def test_the_projects_own_export_reads_back_with_formatting_footnotes_notes_options() -> None:
    units = [
        UnitView("p", UnitKind.PREAMBLE, None, None, "", "Preamble"),
        UnitView("pp1", UnitKind.PARAGRAPH, "p", None,
                 "Recalling its resolution 70/1 of 25 September 2015,",
                 marks=(Mark(0, 9, "italic"),),
                 footnotes=(Footnote("1", 33, "A/RES/70/1."),)),
        UnitView("s1", UnitKind.SECTION, None, "I", "", "Part I Commitments"),
        UnitView("op1", UnitKind.PARAGRAPH, "s1", "1",
                 "Parties shall [reduce][eliminate] plastic pollution.",
                 marks=(Mark(8, 13, "bold"),),
                 notes=(EditorialNote("Placement to be decided"),)),
        UnitView("op2", UnitKind.PARAGRAPH, "s1", "2", "Each Party shall report yearly.",
                 option=OptionRef("g1", "Option 1")),
        UnitView("op2b", UnitKind.PARAGRAPH, "s1", "2 alt", "Each Party may report.",
                 option=OptionRef("g1", "Option 2")),
        UnitView("op2c", UnitKind.PARAGRAPH, "s1", None, "",
                 option=OptionRef("g1", "Option 3", no_text=True)),
        UnitView("op3", UnitKind.PARAGRAPH, "s1", "3", "This Agreement enters into force.",
                 footnotes=(Footnote("2", 4, "Or this instrument."),)),
        UnitView("a", UnitKind.SUBPARAGRAPH, "op3", "(a)", "after 50 ratifications;"),
    ]
    data = revision_docx(DocumentMeta("Plastics instrument", "Rev.1"), units)
    back = parse_docx(data).units
    assert [(u.kind, u.number, u.heading, u.text) for u in back] == [
        (u.kind, u.number, u.heading, u.text) for u in units]
    assert [u.marks for u in back] == [u.marks for u in units]
    assert [u.footnotes for u in back] == [u.footnotes for u in units]
    assert [u.notes for u in back] == [u.notes for u in units]
    labels = [(u.option.label, u.option.no_text) if u.option else None for u in back]
    assert labels == [None, None, None, None, ("Option 1", False), ("Option 2", False),
                      ("Option 3", True), None, None]
    groups = {u.option.group for u in back if u.option}
    assert len(groups) == 1
    assert qn("w:p")  # the namespace helper is python-docx's own
