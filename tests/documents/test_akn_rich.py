"""The Akoma Ntoso importer reads what a text carries besides its words (issue 12, item 1):
``i`` and ``b`` as italic and bold runs, ``authorialNote`` as footnotes anchored where they
stand (their text out of the paragraph's), a ``noteRef`` to an editorial ``note`` as an
editorial note at its place, and an editorial note naming a unit as its ``placementBase`` as
a note on the whole unit. Checked on the UN samples (counted by reading them) and on Accord's
own export read back."""

from __future__ import annotations

from server.core.richtext import EditorialNote, Footnote, Mark
from server.core.text import UnitKind, UnitView
from server.features.files.exports import akn
from server.features.files.importers.akn import parse_akn
from tests.support.data import AKN, need_file
from tests.support.rich import META, sample_units

#: The preambular and operative verbs of E/CN.7/2012/L.2 set in italics, as printed.
VERBS = ["The Commission on Narcotic Drugs,", "Concerned", "Acknowledging", "Deeply",
         "Concerned", "Encourages", "Urges", "Encourages", "Requests"]


def _sample(name: str) -> list[UnitView]:
    path = need_file(AKN / name, "The UN Akoma Ntoso 2.0 sample")
    return parse_akn(path.read_bytes()).units


def test_the_un_sample_keeps_its_italics_and_footnotes() -> None:
    units = _sample("akn_Bill_UN_2012.xml")
    italic = [u.text[m.start:m.end] for u in units for m in u.marks if m.style == "italic"]
    assert italic == VERBS
    assert not any(m.style == "bold" for u in units for m in u.marks)
    (noted,) = [u for u in units if u.footnotes]
    assert noted.text.startswith("Requests the United Nations Office on Drugs and Crime")
    marks = [(f.mark, noted.text[:f.offset][-25:], f.text) for f in noted.footnotes]
    assert marks == [
        ("1", "on Narcotic Drugs of 1961", "United Nations, Treaty Series. vol. 520, No. 7515."),
        ("2", "nded by the 1972 Protocol", "Ibid., vol. 976, No. 14151."),
        ("3", "ropic Substances of 1971,", "Ibid., vol. 1019, No. 14956.")]
    # the footnotes' words are not the paragraph's
    assert "Treaty Series" not in noted.text and "Ibid." not in noted.text
    assert "1961 as amended by the 1972 Protocol" in noted.text


def test_the_spanish_sample_the_same() -> None:
    units = _sample("akn_Bill_UN_2012_ES.xml")
    assert sum(1 for u in units for m in u.marks if m.style == "italic") == len(VERBS)
    (noted,) = [u for u in units if u.footnotes]
    assert [f.mark for f in noted.footnotes] == ["1", "2", "3"]
    assert noted.text[:noted.footnotes[0].offset].endswith("Convención Única de 1961")


def test_accords_export_reads_back_with_its_formatting_footnotes_and_notes() -> None:
    units = sample_units()
    back = {u.key: u for u in parse_akn(akn.revision_akn(META, units)).units}
    for unit in units:
        if unit.kind is not UnitKind.PARAGRAPH and unit.kind is not UnitKind.SUBPARAGRAPH:
            continue
        read = back[unit.key]
        assert read.text == unit.text, unit.key
        assert read.marks == unit.marks, unit.key
        assert read.footnotes == unit.footnotes, unit.key
        assert read.notes == unit.notes, unit.key
    assert back["pp1"].marks == (Mark(0, 11, "italic"), Mark(21, 30, "bold"))
    assert back["pp1"].footnotes[0] == Footnote("5", 30, "Decision 1/CP.21, annex.")
    assert back["pp1"].notes == (EditorialNote("Placement to be decided"),)
    assert back["a1p1"].notes == (EditorialNote("Text moved from Article 9", 8),)


def test_bold_and_italic_nested_and_spaces_between_styled_words() -> None:
    data = (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc name="x">'
            b'<mainBody><paragraph eId="p1"><num>1.</num><content><p>'
            b'<i>Decides</i>  to <b><i>urgently</i>   act</b>\n on <b>it</b>'
            b'<authorialNote marker="*"><p>A note.</p></authorialNote>.</p>'
            b'</content></paragraph></mainBody></doc></akomaNtoso>')
    (unit,) = parse_akn(data).units
    assert unit.text == "Decides to urgently act on it."
    assert unit.marks == (Mark(0, 7, "italic"), Mark(11, 23, "bold"), Mark(11, 19, "italic"),
                          Mark(27, 29, "bold"))
    assert unit.footnotes == (Footnote("*", 29, "A note."),)
