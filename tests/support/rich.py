"""A small document that carries every kind of rich text (italic and bold runs, footnotes,
editorial notes, an option group with a "No text" alternative, Arabic), shared by the
export and import tests."""

from __future__ import annotations

from server.core.richtext import EditorialNote, Footnote, Mark, OptionRef
from server.core.text import UnitKind, UnitView
from server.features.files.exports.common import DocumentMeta

META = DocumentMeta(title="Draft agreement on safe and orderly mobility", label="Rev.1")
RECOGNIZING = "Recognizing that the Agreement shall apply to all Parties,"
CHAPEAU = "Parties shall [, as appropriate,] report on:"


def sample_units() -> list[UnitView]:
    """A preamble with an italic verb, a bold word, two footnotes and an editorial note; an
    article whose paragraph 2 has two alternatives, the second "No text"; Arabic text."""
    return [
        UnitView("pre", UnitKind.PREAMBLE, None, None, "", "Preamble"),
        UnitView("pp1", UnitKind.PARAGRAPH, "pre", "PP1", RECOGNIZING,
                 marks=(Mark(0, 11, "italic"), Mark(21, 30, "bold")),
                 footnotes=(Footnote("5", 30, "Decision 1/CP.21, annex."),
                            Footnote("6", len(RECOGNIZING), "See A/RES/70/1.")),
                 notes=(EditorialNote("Placement to be decided"),)),
        UnitView("a1", UnitKind.SECTION, None, "1", "", "Purpose"),
        UnitView("a1p1", UnitKind.PARAGRAPH, "a1", "1", CHAPEAU,
                 notes=(EditorialNote("Text moved from Article 9", 8),)),
        UnitView("a1p1a", UnitKind.SUBPARAGRAPH, "a1p1", "(a)", "their *national* plans;"),
        UnitView("a1p2", UnitKind.PARAGRAPH, "a1", "2", "Each Party shall communicate.",
                 option=OptionRef("g1", "Option 1")),
        UnitView("a1p2b", UnitKind.PARAGRAPH, "a1", "3", "It shall do so every five years.",
                 option=OptionRef("g1", "Option 1")),
        UnitView("a1p3", UnitKind.PARAGRAPH, "a1", "4", "",
                 option=OptionRef("g1", "Option 2", no_text=True)),
        UnitView("a1p4", UnitKind.PARAGRAPH, "a1", "5", "تطبق الأطراف هذا الاتفاق.",
                 marks=(Mark(0, 4, "italic"),)),
    ]
