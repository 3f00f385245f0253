"""Importing UN drafts as they are published: PDFs with a text layer.

Every count here was made by hand from the real files in ``../shared/data`` (their text read
page by page, independently of the importer): the plastics zero draft (UNEP/PP/INC.3/4) and
revised draft (UNEP/PP/INC.4/3), and the BBNJ Agreement in its six languages. Their text is
not copied into the project: the tests read the files, and skip, saying why, when the
shared data folder is absent (it is not part of the checkout).
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from server.core.errors import Invalid
from server.core.text import UnitKind, UnitView, document_order
from server.features.files.importers.pdf import parse_pdf
from server.features.files.importers.result import Parsed
from tests.support.data import SHARED_DATA, need_file
from tests.support.documents import b64
from tests.support.worlds import World

PLASTICS = SHARED_DATA / "plastics-inc-2023"
ZERO = PLASTICS / "UNEP-PP-INC.3-4-zero-draft-2023-09-04.pdf"
REVISED = PLASTICS / "UNEP-PP-INC.4-3-revised-draft-2023-12-28.pdf"
BBNJ = SHARED_DATA / "bbnj-2023"


@cache
def _parsed(path: Path) -> Parsed:
    return parse_pdf(path.read_bytes())


def imported(path: Path) -> Parsed:
    """The file through the PDF importer (skipped when the shared data is not here)."""
    return _parsed(need_file(path, f"The real draft {path.name}"))


def children(units: list[UnitView], parent: UnitView | None) -> list[UnitView]:
    key = parent.key if parent is not None else None
    return [u for u in units if u.parent == key]


def sections(units: list[UnitView], heading: str) -> list[UnitView]:
    return [u for u in units if u.kind is UnitKind.SECTION
            and re.match(heading, u.heading or "")]


def every_text(units: list[UnitView]) -> list[str]:
    return [u.text for u in units] + [u.heading for u in units if u.heading]


# --------------------------------------------------------------------------- the zero draft


def test_the_zero_draft_has_its_parts_provisions_and_annexes() -> None:
    units = imported(ZERO).units
    document_order(units)
    tops = children(units, None)
    parts = [u for u in tops if (u.heading or "").startswith("Part")]
    assert [u.number for u in parts] == ["I", "II", "III", "IV", "V", "VI"]
    # Part I: preamble, objective, definitions, principles, scope (the last three
    # placeholders); Part II thirteen provisions; III two; IV eight; V three; VI none.
    provisions = [[u.number for u in children(units, part) if u.kind is UnitKind.SECTION]
                  for part in parts]
    assert provisions == [[str(n) for n in range(1, k + 1)] for k in (5, 13, 2, 8, 3, 0)]
    annexes = [u.number for u in tops if (u.heading or "").startswith("Annex")]
    assert annexes == list("ABCDEFG")
    # sub-provisions: II.3 a-b, II.5 a-d, II.9 a-b, II.10 a-b, IV.4 a-b
    lettered = [u for u in units if u.kind is UnitKind.SECTION and u.number in tuple("abcd")
                and any(p.key == u.parent and p.parent in {x.key for x in parts}
                        for p in units)]
    assert len(lettered) == 12


def test_options_are_sections_and_their_labels_never_paragraph_text() -> None:
    units = imported(ZERO).units
    # 44 lines "Option N" and 7 "Provisions common for ..." headers in the annex
    assert len(sections(units, r"Option \d+$")) == 44
    assert len(sections(units, r"Provisions? common")) == 7
    paragraphs = [u for u in units if u.kind in (UnitKind.PARAGRAPH, UnitKind.SUBPARAGRAPH)]
    # (a paragraph may speak of options: "Option 2 sub-options that may be considered...")
    assert not [u.text for u in paragraphs if re.match(r"Option \d+\s*(:|$)", u.text)]
    objective = next(u for u in units if u.heading == "Objective")
    option_2 = next(u for u in children(units, objective) if u.heading == "Option 2")
    assert [u.number for u in children(units, option_2) if u.number] == [
        "1", "1.1", "1.2", "1.3", "1.4"]


def test_numbering_as_printed_bracketed_renumbering_and_letters() -> None:
    units = imported(ZERO).units
    primary = next(u for u in units if u.heading == "Primary plastic polymers")
    common = next(u for u in children(units, primary)
                  if (u.heading or "").startswith("Provisions common"))
    first = children(units, common)[0]
    assert first.number == "[3][5][4]"
    assert first.text.startswith("Each Party should take appropriate measures")
    assert [u.number for u in children(units, first)] == ["(a)", "(b)", "(c)"]


def test_no_running_header_page_number_or_footnote_in_any_unit() -> None:
    parsed = imported(ZERO)
    texts = every_text(parsed.units)
    assert not [t for t in texts if "UNEP/PP/INC.3/4" in t]
    assert not [t for t in texts if re.fullmatch(r"\s*-?\s*\d+\s*-?\s*", t)]
    # the footnotes are notes by the secretariat ("Note: ..."), never negotiated text
    assert not [t for t in texts if re.search(r"(^|\s)Note: ", t)]
    # footnote 3 is marked on page 7, line 9, after "part I of annex A." in II.1 Option 1:
    # it is that paragraph's footnote, at the end of its text, the mark out of the text
    option_1 = next(u for u in units_under(parsed.units, "Primary plastic polymers")
                    if u.heading == "Option 1")
    paragraph = children(parsed.units, option_1)[0]
    assert paragraph.text.endswith("specified in part I of annex A.")  # no mark "3"
    assert [(f.mark, f.offset) for f in paragraph.footnotes] == [("3", len(paragraph.text))]
    assert paragraph.footnotes[0].text.startswith("Note: Under this option, part I of annex A")
    assert not any("footnote 3 " in w for w in parsed.warnings)
    # contents pages and the cover note are named in the preview, not imported
    assert any("table of contents" in w for w in parsed.warnings)
    assert any("were not imported" in w for w in parsed.warnings)


def units_under(units: list[UnitView], heading: str) -> list[UnitView]:
    top = next(u for u in units if u.heading == heading)
    return children(units, top)


# --------------------------------------------------------------------------- the revised draft


def test_the_revised_draft_options_sub_options_and_brackets() -> None:
    units = imported(REVISED).units
    document_order(units)
    # 119 lines "Option N", three more labelled with what they do ("Option 4 - Replace Part
    # II, sections 2 and 3 with the following text:", "Option 2. Alternative placement
    # suggested as ..."), 16 "Sub-option N", 8 common blocks
    assert len(sections(units, r"Option \d+$")) == 119
    assert len(sections(units, r"Option \d+ \S")) == 3
    assert len(sections(units, r"Sub-option \d+")) == 16
    assert len(sections(units, r"Provisions? common")) == 8
    # about 1,900 brackets in the whole file (1,884 "[" counted in its text layer, notes and
    # contents included); the negotiated text keeps those of the annex
    brackets = sum(t.count("[") for t in every_text(units))
    assert 1_750 <= brackets <= 1_884
    tops = children(units, None)
    assert [u.number for u in tops] == ["I", "II", "III", "IV", "V", "VI", *"ABCDEFG", "X"]
    part_2 = tops[1]
    assert [u.number for u in children(units, part_2)] == [
        "1", "2", "3", "3 bis", "4", "4 bis", "5", "6", "7", "8", "9", "10", "11", "12", "13",
        "13 bis"]


def test_a_paragraph_broken_across_pages_is_one_unit() -> None:
    units = imported(REVISED).units
    # the preamble's "Reaffirming the importance of cooperation..." runs from page 5 to 6
    joined = [u for u in units if "respective mandates, to prevent plastic pollution" in u.text]
    assert len(joined) == 1 and joined[0].text.startswith("Reaffirming the importance")
    assert not [u for u in units if u.text.startswith("to prevent plastic pollution")]


def test_inserted_and_alternative_paragraphs_keep_their_printed_numbers() -> None:
    numbers = {u.number for u in imported(REVISED).units}
    assert {"OP3 bis", "OP3 ter", "OP1 Alt.", "OP2 Alt 1."} & numbers >= {"OP3 bis", "OP3 ter"}


# --------------------------------------------------------------------------- BBNJ


def test_bbnj_in_english_has_its_76_articles_in_12_parts() -> None:
    parsed = imported(BBNJ / "bbnj-agreement-en.pdf")
    units = parsed.units
    document_order(units)
    # the title is the cover's bold lines, not "UNITED NATIONS 2023" printed far below them
    assert parsed.title is not None and parsed.title.startswith("AGREEMENT UNDER")
    assert parsed.title.endswith("JURISDICTION")
    tops = children(units, None)
    assert tops[0].kind is UnitKind.PREAMBLE
    preamble = children(units, tops[0])
    assert preamble[0].text == "The Parties to this Agreement,"
    assert preamble[-1].text == "Have agreed as follows:"
    parts = [u for u in tops if (u.heading or "").startswith("PART")]
    assert len(parts) == 12
    articles = sections(units, r"Article \d+ ")
    assert [u.number for u in articles] == [str(n) for n in range(1, 77)]
    assert articles[0].heading == "Article 1 Use of terms"
    assert [u.number for u in children(units, articles[0])] == [
        None, *[str(n) for n in range(1, 15)]]
    assert [u.heading for u in tops if (u.heading or "").startswith("ANNEX")] == [
        "ANNEX I Indicative criteria for identification of areas",
        "ANNEX II Types of capacity-building and of the transfer of marine technology"]
    texts = every_text(units)
    # a word hyphenated at a line's end keeps the hyphen it is spelled with
    assert any("through capacity-building and the development" in t for t in texts)
    assert any("in a user-friendly format" in t for t in texts)
    # Article 1, paragraph 13 runs over the page: one unit, without the page number "- 4 -"
    assert any("thereby maintaining its potential" in t for t in texts)
    assert not [t for t in texts if re.search(r"- \d+ -", t)]


@pytest.mark.parametrize("language", ["ar", "es", "fr", "ru", "zh"])
def test_bbnj_in_the_other_five_languages_imports(language: str) -> None:
    parsed = imported(BBNJ / f"bbnj-agreement-{language}.pdf")
    document_order(parsed.units)
    assert len(parsed.units) > 100
    assert all("\x10" not in t for t in every_text(parsed.units))


# --------------------------------------------------------------------------- refusals, API


def test_what_is_not_a_readable_pdf_is_refused() -> None:
    with pytest.raises(Invalid, match="not a PDF"):
        parse_pdf(b"1. A text file.")
    with pytest.raises(Invalid, match="cannot be read"):
        parse_pdf(b"%PDF-1.7\n garbage")
    scan = pdfium.PdfDocument.new()  # a page with no text layer, as a scanned page has
    scan.new_page(595, 842)
    out = io.BytesIO()
    scan.save(out)
    with pytest.raises(Invalid, match="no text layer"):
        parse_pdf(out.getvalue())


def test_a_pdf_preview_through_the_api_lists_what_it_could_not_place(world: World) -> None:
    path = need_file(BBNJ / "bbnj-agreement-en.pdf", "The BBNJ Agreement in English")
    reply = world["cofac"].ok("POST", f"{world.p}/documents/import-file",
                              {"format": "pdf", "content_base64": b64(path.read_bytes())})
    assert not reply["saved"]
    assert len([u for u in reply["units"] if (u["heading"] or "").startswith("Article")]) == 76
    assert any(w.startswith("page 1, line 1: ") and "not imported" in w
               for w in reply["warnings"])


# --------------------------------------------------------------------------- footnotes, italics,
#                                                                             options


def footnoted(unit: UnitView) -> list[tuple[str, str]]:
    """Each footnote of the unit: its mark and the four words just before its anchor."""
    return [(f.mark, " ".join(unit.text[:f.offset].split()[-4:])) for f in unit.footnotes]


def test_footnotes_of_the_zero_draft_are_on_the_paragraphs_that_mark_them() -> None:
    parsed = imported(ZERO)
    units = parsed.units
    # counted on page 8: footnotes 5 to 9, under II.2 "Chemicals and polymers of concern"
    chemicals = next(u for u in units if u.heading == "Chemicals and polymers of concern")
    options = children(units, chemicals)
    assert [u.heading for u in options] == ["Option 1", "Option 2", "Option 3",
                                            "Provisions common for Options 1 and 2"]
    marks = [[footnoted(p) for p in children(units, o)] for o in options]
    assert marks[0] == [[("5", "II of annex A")], []]
    assert marks[1] == [[("6", "plastics and plastic products")], [("7", "II of annex A.")]]
    assert marks[2] == [[("8", "contained in annex A.")]]
    assert marks[3][0] == [("9", "annex A is permitted,")]
    common = children(units, options[3])[0]
    assert common.number == "[3][2]"
    assert "permitted, each Party" in common.text  # the mark "9" is out of the words
    assert common.footnotes[0].text.startswith("Note: This language assumes that the nature")
    # 101 footnotes in the file; footnote 1 is marked in the secretariat's note on page 4,
    # which is not imported (it comes before Part I): the preview says so
    placed = [f.mark for u in units for f in u.footnotes]
    assert sorted(placed, key=int) == [str(n) for n in range(2, 102)]
    assert [w for w in parsed.warnings if "footnote" in w] == [
        w for w in parsed.warnings if w.startswith("page 4, ") and "footnote 1 could not be "
        "placed (its mark is in text that was not imported)" in w]
    # no unit keeps a footnote's text, nor its mark after a word ("annex A5")
    assert not [u for u in units if re.search(r"annex A\\d", u.text)]


def test_a_footnote_on_a_heading_belongs_to_its_section() -> None:
    units = imported(REVISED).units
    # page 5: "1. Preamble⁵"
    preamble = next(u for u in units if u.heading == "Preamble")
    assert [f.mark for f in preamble.footnotes] == ["5"]
    assert preamble.footnotes[0].text.startswith("The elements described in this provision")


def italic(unit: UnitView) -> list[str]:
    return [unit.text[m.start:m.end] for m in unit.marks if m.style == "italic"]


def test_the_preambular_verbs_are_in_italics() -> None:
    units = imported(REVISED).units
    preamble = next(u for u in units if u.heading == "Preamble")
    paragraphs = children(units, preamble)
    # read on page 5 of the revised draft: the first 13 preambular paragraphs
    assert [italic(u) for u in paragraphs[:13]] == [
        ["instrument"], ["Noting with concern"], ["Recognizing"], ["Noting with concern"],
        ["Noting"], ["Recognizing"], ["Reaffirming"], ["Reaffirming"], ["Recalling"],
        ["Recalling"], ["Recalling"], ["Stressing"], ["Recalling"]]
    assert paragraphs[-1].text == "Have agreed as follows:]" and not paragraphs[-1].marks
    # nothing but the text is italic: every mark starts at a word
    for unit in units:
        for mark in unit.marks:
            assert mark.start == 0 or not unit.text[mark.start - 1].isalnum()


def test_the_bbnj_preamble_in_italics_and_an_italic_reference_in_the_zero_draft() -> None:
    units = imported(BBNJ / "bbnj-agreement-en.pdf").units
    preamble = children(units, children(units, None)[0])
    # read on page 3
    assert [italic(u) for u in preamble[:6]] == [
        ["The Parties to this Agreement"], ["Recalling"], ["Stressing"], ["Recognizing"],
        ["Conscious"], ["Recognizing"]]
    zero = imported(ZERO).units
    chemicals = next(u for u in zero if u.heading == "Chemicals and polymers of concern")
    option_2 = children(zero, chemicals)[1]
    # page 8: "... pursuant to [part IV.1 on national plans]." set in italics
    assert italic(children(zero, option_2)[1]) == ["part IV.1 on national plans"]


def test_options_are_groups_of_alternatives() -> None:
    units = imported(ZERO).units
    chemicals = next(u for u in units if u.heading == "Chemicals and polymers of concern")
    options = children(units, chemicals)
    refs = [u.option for u in options]
    assert refs[3] is None  # the common provisions are no alternative
    assert [r.label for r in refs[:3] if r] == ["Option 1", "Option 2", "Option 3"]
    assert len({r.group for r in refs[:3] if r}) == 1
    # every "Option N" section is in a group, and groups do not span parents
    everything = [u for u in units if u.option is not None]
    assert len(everything) == len(sections(units, r"(Sub-)?[Oo]ption \d+"))
    parents: dict[str, set[str | None]] = {}
    for u in everything:
        assert u.option is not None
        parents.setdefault(u.option.group, set()).add(u.parent)
    assert all(len(p) == 1 for p in parents.values())


def test_a_no_text_option_is_marked_as_such_not_kept_as_a_paragraph() -> None:
    units = imported(REVISED).units
    no_text = [u for u in units if u.option is not None and u.option.no_text
               and u.kind is UnitKind.SECTION]
    # "Option 0" / "Sub-option 0" holding only "No text." (or "No text in sub-option.",
    # "No text on this matter."): 10 in the revised draft (the "OPn Alt. No text."
    # alternatives of paragraphs: test_alternatives_of_a_paragraph_are_an_option_group...)
    assert len(no_text) == 10
    assert {u.heading for u in no_text} == {"Option 0", "Sub-option 0"}
    assert all(not children(units, u) for u in no_text)
    by_key = {u.key: u for u in units}
    primary = next(u for u in no_text if by_key[u.parent or ""].heading
                   == "Primary plastic polymers")
    siblings = [u for u in children(units, by_key[primary.parent or ""]) if u.option
                and u.option.group == (primary.option.group if primary.option else "")]
    assert [u.heading for u in siblings][:2] == ["Option 0", "Option 1"]


def _path(units: list[UnitView], *steps: str) -> UnitView:
    """The unit reached from the top by numbers, or by headings (``Option 1``)."""
    level: UnitView | None = None
    for step in steps:
        found = [u for u in children(units, level) if u.number == step] or [
            u for u in children(units, level) if (u.heading or "").split()[:2] == step.split()]
        assert len(found) == 1, (steps, step, [(u.number, u.heading) for u in found])
        level = found[0]
    assert level is not None
    return level


def test_an_item_numbered_with_its_paragraph_is_one_of_its_items() -> None:
    # revised draft, page 28, Part II.8 Option 1: "OP1b. bis.", "OP1b. ter." and "OP1b. Alt."
    # (number and letter written together) are inserted among the items of paragraph 1,
    # and the relettered "[b][c]." after them is still one of its items
    units = imported(REVISED).units
    para = _path(units, "II", "8", "Option 1", "1")
    assert [u.number for u in children(units, para)] == [
        "(a)", "(b)", "(b bis)", "(b ter)", "(b alt)", "[b][c]"]
    assert all(u.kind is UnitKind.SUBPARAGRAPH for u in children(units, para))


def test_an_alternative_chapeau_leaves_the_list_with_its_paragraph() -> None:
    # revised draft, pages 37-38, Part II.12 Option 1: "1. ... This may include:" then
    # "OP1 Alt. ... This may include:]" then items a. to g.: the items are paragraph 1's
    # (as in the zero draft), the alternative chapeau a paragraph beside it
    units = imported(REVISED).units
    option = _path(units, "II", "12", "Option 1")
    para = _path(units, "II", "12", "Option 1", "1")
    assert [u.number for u in children(units, para)] == [f"({c})" for c in "abcdefg"]
    alternative = _path(units, "II", "12", "Option 1", "OP1 Alt.")
    assert alternative.kind is UnitKind.PARAGRAPH and not children(units, alternative)
    assert [u.number for u in children(units, option)][:3] == ["1", "OP1 Alt.", "2"]


def test_alternatives_of_a_paragraph_are_an_option_group_no_text_included() -> None:
    # revised draft, Part III.1 (page 47): "OP0" then "OP0 Alt No text."; "1." then
    # "OP1 Alt." and "OP1 Alt 2 No text."; Part II.8 Option 1 (page 29): "2." then
    # "OP2 Alt 1. No text." and "OP 2 Alt 2. Move text to annex B."
    units = imported(REVISED).units
    financing = children(units, _path(units, "III", "1"))
    by_number = {u.number: u for u in financing if u.kind is UnitKind.PARAGRAPH}
    zero, zero_alt = by_number["OP0"].option, by_number["OP0 Alt"].option
    assert zero is not None and zero_alt is not None and zero.group == zero_alt.group
    assert (zero.no_text, zero_alt.no_text) == (False, True)
    assert by_number["OP0 Alt"].text == ""
    one = [by_number[k].option for k in ("1", "OP1 Alt.", "OP1 Alt 2")]
    assert all(r is not None for r in one) and len({r.group for r in one if r}) == 1
    assert [r.no_text for r in one if r] == [False, False, True]
    assert [r.label for r in one if r] == ["1", "OP1 Alt.", "OP1 Alt 2"]
    assert one[0] is not None and zero.group != one[0].group
    # the next paragraph, with no alternative, is in no group
    assert by_number["OP3 bis"].option is None
    emissions = children(units, _path(units, "II", "8", "Option 1"))
    two = [u for u in emissions if u.number in ("2", "OP2 Alt 1", "OP 2 Alt 2")]
    assert [(u.option.no_text if u.option else None) for u in two] == [False, True, False]
    assert two[1].text == "" and two[2].text.startswith("Move text")
    # nowhere is "No text." left as the text of an alternative in a group
    assert not [u for u in units if u.option and u.text.strip().startswith("No text")]
