"""Reading a marked-up Word file: tracked changes and comments become one proposal per
paragraph of the current revision.

Files of three origins: the project's own DOCX export marked up with python-docx (w:ins /
w:del around split runs, comments through python-docx's comments part); the same file
opened and saved again by LibreOffice Writer headless (its own DOCX writer of change
tracking and comments); and a Word file written from scratch with python-docx, numbered by
hand as delegations type it, with a move (w:moveFrom / w:moveTo).
"""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from server.core.errors import Invalid
from server.core.text import UnitKind, UnitView
from server.features.files import worker as import_worker
from server.features.files.exports.common import DocumentMeta
from server.features.files.exports.docx import revision_docx
from server.features.files.worker import ImportLimits
from server.features.markup.proposals import Outcome, markup_from_json, proposals
from server.features.markup.tracked import read_markup
from tests.support.hostile import deep_docx, huge_docx, laughs_docx
from tests.support.markup import Edit, mark_up, through_libreoffice
from tests.support.worlds import ZERO_DRAFT

UNITS = [UnitView(u["key"], UnitKind(u["kind"]), u.get("parent"), u.get("number"),
                  u.get("text", ""), u.get("heading")) for u in ZERO_DRAFT]
OP2 = "We commit to cooperate on safe and dignified return [and regional] frameworks."
OP2_PROPOSED = "We commit to cooperate on safe and dignified, voluntary return frameworks."


def _export(units: list[UnitView] = UNITS) -> bytes:
    return revision_docx(DocumentMeta(title="Compact on Human Mobility", label="Zero draft"),
                         units)


def _outcome(data: bytes, units: list[UnitView] = UNITS) -> Outcome:
    return proposals(markup_from_json(read_markup(data)), units)


def _marked() -> bytes:
    return mark_up(_export(), [
        Edit("safe and dignified", "dignified", "dignified, voluntary",
             comment="Return must be voluntary."),
        Edit("safe and", "[and regional] ", ""),
        Edit("Develop bilateral", "Develop ", "Develop and implement ", insert_before=False)],
        delete_paragraph="review progress", add_after="bilateral frameworks",
        added="Support the reintegration of returnees.", format_paragraph="Heads of State")


def _summary(outcome: Outcome) -> list[tuple[str, str, str | None, str]]:
    return [(p.paragraph, p.kind.value, p.text, p.justification) for p in outcome.proposals]


EXPECTED = [
    ("OP2", "change_words", OP2_PROPOSED, "Return must be voluntary."),
    ("OP2(a)", "change_words", "Develop and implement bilateral frameworks for return;", ""),
    ("OP2(a)", "add_unit", "Support the reintegration of returnees.", ""),
    ("OP3", "delete_unit", None, ""),
]


def test_an_export_marked_up_with_python_docx() -> None:
    outcome = _outcome(_marked())
    assert _summary(outcome) == EXPECTED
    op2 = outcome.proposals[0]
    # A replacement and a deletion in one paragraph: two changes, one amendment, by its author.
    assert op2.changes == 2 and op2.authors == ("Mexico",) and op2.base_text == OP2
    # The export's numbers matched the paragraphs, not their words.
    assert [p.matched_by for p in outcome.proposals] == ["number", "number", "after", "number"]
    assert [u.where for u in outcome.unplaced] == ["the whole file"]
    assert "1 formatting change" in outcome.unplaced[0].reason


def test_libreoffice_writes_what_the_reader_reads() -> None:
    """LibreOffice Writer (headless) imports the marked-up file into its own change
    tracking and comments and writes them back as its DOCX: the same proposals."""
    again = through_libreoffice(_marked())
    assert again != _marked()
    outcome = _outcome(again)
    assert _summary(outcome) == EXPECTED


def test_the_worker_reads_it_within_the_import_limits() -> None:
    data = import_worker.read(_marked(), "docx-markup", ImportLimits())
    assert _summary(proposals(markup_from_json(data), UNITS)) == EXPECTED


@pytest.mark.parametrize("make", [huge_docx, deep_docx, laughs_docx],
                         ids=["zip-bomb", "deep", "entities"])
def test_hostile_files_are_refused(make: Any) -> None:
    with pytest.raises(Invalid):
        read_markup(make())


def test_the_worker_refuses_a_hostile_file() -> None:
    with pytest.raises(Invalid):
        import_worker.read(laughs_docx(), "docx-markup", ImportLimits())


def _wrap(tag: str, *runs: Any, author: str = "Switzerland") -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(abs(hash((tag, len(runs)))) % 10_000))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), "2026-11-30T10:00:00Z")
    for run in runs:
        element.append(run)
    return element


def _r(text: str, *, deleted: bool = False) -> Any:
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def _scratch() -> bytes:
    """A Word file typed by a delegation (no Accord styles): numbers typed in the text, a
    replacement commented on, a move of words within a paragraph, a comment on words left
    as they were."""
    doc = Document()
    doc.add_paragraph("Compact on Human Mobility", style="Title")
    doc.add_paragraph("Preamble", style="Heading 1")
    doc.add_paragraph("1. We, the Heads of State and Government, have gathered to affirm "
                      "our resolve.")
    doc.add_paragraph("Objective 1: Cooperate on return", style="Heading 1")
    op2 = doc.add_paragraph()
    op2._p.append(_r("2. We commit to cooperate on safe and "))
    op2._p.append(_wrap("w:del", _r("dignified", deleted=True)))
    op2._p.append(_wrap("w:ins", _r("humane")))
    op2._p.append(_r(" return [and regional] frameworks."))
    comment = doc.comments.add_comment(text="Humane is the agreed language of the Compact.",
                                       author="Switzerland")
    start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
    start.set(qn("w:id"), str(comment.comment_id))
    end.set(qn("w:id"), str(comment.comment_id))
    children = list(op2._p)
    children[1].addprevious(start)
    children[2].addnext(end)
    doc.add_paragraph("(a) Develop bilateral frameworks for return;")
    op3 = doc.add_paragraph()
    op3._p.append(_r("3. We further commit to review progress "))
    op3._p.append(_wrap("w:moveFrom", _r("every four years", deleted=True)))
    op3._p.append(_r(" together"))
    op3._p.append(_wrap("w:moveTo", _r(" every four years")))
    op3._p.append(_r("."))
    untouched = doc.add_paragraph("4. We will follow up in the General Assembly.")
    note = doc.add_comment(untouched.runs, text="We may propose a date.", author="Switzerland")
    assert note.comment_id is not None
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_file_typed_by_a_delegation_is_matched_by_its_words() -> None:
    units = [*UNITS, UnitView("op3", UnitKind.PARAGRAPH, "obj1", "4",
                              "We will follow up in the General Assembly.")]
    units[-2] = UnitView("op2", UnitKind.PARAGRAPH, "obj1", "3",
                         "We further commit to review progress every four years together.")
    outcome = _outcome(_scratch(), units)
    assert _summary(outcome) == [
        ("OP2", "change_words",
         "We commit to cooperate on safe and humane return [and regional] frameworks.",
         "Humane is the agreed language of the Compact."),
        ("OP3", "change_words",
         "We further commit to review progress together every four years.", ""),
    ]
    assert outcome.proposals[0].authors == ("Switzerland",)
    assert outcome.proposals[0].matched_by in ("text", "similarity")
    # The comment on words nobody changed is shown, not lost.
    assert [u.reason for u in outcome.unplaced] == [
        "a comment on words that were not changed: \u201cWe may propose a date.\u201d"]


def test_changes_to_a_number_or_to_unknown_text_are_not_placed() -> None:
    data = mark_up(_export(), [Edit("review progress", "3", "7")])
    outcome = _outcome(data)
    assert outcome.proposals == []
    assert len(outcome.unplaced) == 1
    assert outcome.unplaced[0].reason.startswith("the number of OP3 was changed")
    assert outcome.unplaced[0].where.startswith("Paragraph ")
    other = mark_up(_export([UnitView("x", UnitKind.PARAGRAPH, None, "1",
                                      "Something else entirely, about fisheries.")]),
                    [Edit("fisheries", "fisheries", "oceans")])
    lost = _outcome(other)
    assert lost.proposals == [] and "no paragraph of the current revision" in \
        lost.unplaced[0].reason


def test_a_paragraph_break_added_inside_a_paragraph_is_reported() -> None:
    data = _export()
    doc = Document(io.BytesIO(data))
    target = next(p for p in doc.paragraphs if "review progress" in p.text)
    ppr = target._p.get_or_add_pPr()
    rpr = OxmlElement("w:rPr")
    rpr.append(_wrap("w:ins"))
    ppr.append(rpr)
    target._p.append(_wrap("w:ins", _r(" Or sooner.")))
    out = io.BytesIO()
    doc.save(out)
    outcome = _outcome(out.getvalue())
    assert outcome.proposals == []
    assert "paragraph break" in outcome.unplaced[0].reason


def test_a_text_box_is_not_read_as_a_paragraph() -> None:
    data = _marked()
    doc = Document(io.BytesIO(data))
    box = copy.deepcopy(doc.paragraphs[-1]._p)
    holder = OxmlElement("w:txbxContent")
    holder.append(box)
    wrapper = OxmlElement("w:r")
    wrapper.append(holder)
    doc.paragraphs[2]._p.append(wrapper)
    out = io.BytesIO()
    doc.save(out)
    assert _summary(_outcome(out.getvalue())) == EXPECTED
