"""The Markdown and text importer on its new ground: CommonMark tokens (markdown-it-py) carry
formatting runs, footnotes, editorial notes and option groups into the units.

The small texts here were written for these tests; the counts on the Paris drafts and the BBNJ
Agreement were made by hand, reading the files in ../shared/data (they skip without them).
"""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from server.core.brackets import find_options
from server.core.importing import ImportResult, ParsedUnit, import_text, to_unit_views
from server.core.richtext import Mark
from tests.support.data import PARIS, SHARED_DATA, need_file


def _units(r: ImportResult) -> list[ParsedUnit]:
    return list(r.walk())


def _check_rich(r: ImportResult) -> None:
    """What every unit guarantees about what rides on its text."""
    for u in r.walk():
        for m in u.marks:
            assert 0 <= m.start < m.end <= len(u.text), (u, m)
            assert u.text[m.start:m.end].strip()
        for f in u.footnotes:
            assert 0 <= f.offset <= len(u.text)
        for n in u.notes:
            assert n.offset is None or 0 <= n.offset <= len(u.text)
        if u.option is not None and u.option.no_text:
            assert u.text == ""


def _styled(u: ParsedUnit, style: str) -> list[str]:
    return [u.text[m.start:m.end] for m in u.marks if m.style == style]


# ---------------------------------------------------------------- CommonMark semantics


def test_emphasis_becomes_marks_on_the_plain_text() -> None:
    r = import_text(
        "## Preamble\n\n*Recalling* its resolution 70/1 of **25 September 2015**,\n\n"
        "*Noting with concern* the gap_in_ambition and 2*3*4,\n\n"
        "## Article 1\n\n1. Parties ***shall*** act `now`, see [the annex](http://x.org/a).\n",
        fmt="markdown")
    _check_rich(r)
    pre, art = r.units
    recalling, noting = pre.children
    assert recalling.text == "Recalling its resolution 70/1 of 25 September 2015,"
    assert recalling.marks == (Mark(0, 9, "italic"), Mark(33, 50, "bold"))
    # intraword underscores are not emphasis in CommonMark; 2*3*4 is emphasis of "3"
    assert noting.text == "Noting with concern the gap_in_ambition and 234,"
    assert _styled(noting, "italic") == ["Noting with concern", "3"]
    p1 = art.children[0]
    assert p1.text == "Parties shall act now, see the annex."
    assert _styled(p1, "italic") == ["shall"] and _styled(p1, "bold") == ["shall"]


def test_escapes_are_not_mark_up_nor_numbers() -> None:
    r = import_text("## Article 1\n\n1\\. Not a number, \\*not italic\\* and \\{not a note\\}.\n",
                    fmt="markdown")
    (p,) = r.units[0].children
    assert (p.number, p.text, p.marks, p.notes) == (
        None, "1. Not a number, *not italic* and {not a note}.", (), ())


def test_footnotes_are_anchored_at_their_mark_and_never_paragraphs() -> None:
    src = ("## Article 4\n\n1. Each Party shall communicate a contribution[^5] every five "
           "years.[^6]\n\n2. Parties shall account for it.[^7]\n\n"
           "[^5]: See decision 1/CP.21, *paragraph 23*.\n[^6]: Or ten.\n[^8]: Unused.\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    p1, p2 = r.units[0].children
    assert p1.text == "Each Party shall communicate a contribution every five years."
    assert [(f.mark, p1.text[:f.offset][-12:], f.text) for f in p1.footnotes] == [
        ("5", "contribution", "See decision 1/CP.21, paragraph 23."),
        ("6", " five years.", "Or ten."),
    ]
    # a mark with no definition is kept as text by CommonMark (not a footnote)
    assert p2.text == "Parties shall account for it.[^7]" and not p2.footnotes
    assert len(_units(r)) == 3  # the definitions made no unit
    assert "[^" not in p1.text
    assert [(w.line, w.message) for w in r.warnings] == [
        (9, "footnote 8 is given but no text refers to it; it was dropped")]


def test_html_comments_styling_and_strike_through() -> None:
    src = ("## Article 2\n\n<!-- a transcriber's remark -->\n\n"
           "1. Parties <span style=\"color:red\">shall</span> take <del>urgent and</del> "
           "action<br>today ~~immediately~~.\n\n"
           "<div class=\"note\">\n\nA block of text in a div.\n\n</div>\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    p1, div_text = r.units[0].children
    assert p1.text == "Parties shall take action today."
    assert div_text.text == "A block of text in a div."
    messages = [(w.line, w.message) for w in r.warnings]
    assert (3, "an HTML comment was dropped") in messages
    struck = [m for _, m in messages if m.startswith("struck-through")]
    assert len(struck) == 2 and "urgent and" in struck[0] and "immediately" in struck[1]
    assert all(line == 5 for line, m in messages if m.startswith("struck-through"))


def test_editorial_notes_leave_the_text() -> None:
    src = ("## Article 9\n\n"
           "1. Parties shall report on progress towards *{insert the phrase from Article 3}* "
           "and their support. {Placement to be decided}\n\n"
           "2. *[Note: the secretariat will renumber this Article.]*\n\n"
           "3. Parties shall [cooperate][coordinate] [Note by the co-facilitators: see 4].\n\n"
           "{: .class}\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    p1, p2, p3 = r.units[0].children
    assert p1.text == "Parties shall report on progress towards and their support."
    assert [(n.text, n.offset) for n in p1.notes] == [
        ("insert the phrase from Article 3", 41), ("Placement to be decided", 59)]
    assert p1.marks == ()  # the italics held only the note
    assert p2.text == "" and [n.text for n in p2.notes] == [
        "Note: the secretariat will renumber this Article."]
    # negotiation brackets stay; the note in brackets goes
    assert p3.text == "Parties shall [cooperate][coordinate]."
    assert [n.text for n in p3.notes] == ["Note by the co-facilitators: see 4"]


# ---------------------------------------------------------------- options


def test_option_labels_written_every_way() -> None:
    src = ("## Article 6\n\n**Option A**\n\n1. Parties shall act.\n\n2. Parties shall report.\n\n"
           "**Option B**\n\n1. Parties should act.\n\n"
           "## Article 7\n\nOption I:\n\n1. Text one.\n\nOption II.\n\n1. Text two.\n\n"
           "## Article 8\n\n**Alt 1 (paragraphs 1-2):**\n\n1. First.\n\n2. Second.\n\n"
           "**Alt 2:**\n\nNo text.\n\n3. Common to both.\n\n"
           "## Article 9\n\nOption 1 of the Convention applies.\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    a6, a7, a8, a9 = r.units
    assert [(p.number, p.text, p.option.label if p.option else None) for p in a6.children] == [
        ("1", "Parties shall act.", "Option A"), ("2", "Parties shall report.", "Option A"),
        ("1", "Parties should act.", "Option B")]
    assert [p.option.label for p in a7.children if p.option] == ["Option I", "Option II"]
    assert [(p.number, p.text) for p in a7.children] == [("1", "Text one."), ("1", "Text two.")]
    labels = [(p.number, p.text, p.option.label if p.option else None,
               p.option.no_text if p.option else None) for p in a8.children]
    assert labels == [("1", "First.", "Alt 1", False), ("2", "Second.", "Alt 1", False),
                      (None, "", "Alt 2", True), ("3", "Common to both.", None, None)]
    groups = {p.option.group for p in _units(r) if p.option}
    assert len(groups) == 3  # one per article
    # "Option 1 of the Convention" is prose
    prose = a9.children[0]
    assert prose.text == "Option 1 of the Convention applies." and not prose.option
    assert not any("duplicate" in w.message for w in r.warnings)


def test_alternatives_of_whole_articles_and_where_they_end() -> None:
    src = ("Option 1\n\nArticle 7\n\n1. Text of option one.\n\nArticle 8\n\n1. More of one.\n\n"
           "Option 2\n\nArticle 7\n\n1. Text of option two.\n\nArticle 8\n\n1. More of two.\n\n"
           "Article 9\n\n1. Common text.\n")
    for fmt in ("text", "markdown"):
        r = import_text(src, fmt=fmt)
        _check_rich(r)
        arts = [(u.number, u.option.label if u.option else None) for u in r.units
                if u.kind == "section"]
        assert arts == [("7", "Option 1"), ("8", "Option 1"), ("7", "Option 2"),
                        ("8", "Option 2"), ("9", None)], fmt
        assert not any(u.kind == "paragraph" and u.text.startswith("Option") for u in _units(r))


def test_several_chapeaux_each_with_its_own_list() -> None:
    src = ("## Article 5\n\n3. **Option 1:** Parties shall:\n\n    (a) act;\n\n    (b) report;\n\n"
           "    **Option 2:** Parties should:\n\n    (a) consider acting.\n\n4. Next.\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    p3, p4 = r.units[0].children
    assert (p3.number, p3.text) == ("3", "")
    alts = p3.children
    assert [(a.text, a.option.label if a.option else None) for a in alts] == [
        ("Parties shall:", "Option 1"), ("Parties should:", "Option 2")]
    assert [[c.text for c in a.children] for a in alts] == [["act;", "report;"],
                                                           ["consider acting."]]
    assert alts[0].option and alts[1].option and alts[0].option.group == alts[1].option.group
    assert p4.number == "4" and not p4.option
    assert not any("text after sub-items" in w.message for w in r.warnings)


def test_alternatives_written_inside_a_unit_stay_its_text() -> None:
    src = ("## Article 5\n\n**Option I:** The text below is Article 5.\n\n"
           "**Option II:** The text below goes to Article 4.\n\n**Option III:** No text\n\n"
           "1. To hold the increase to\n\n    **Option 1:** below 2 °C,\n\n"
           "    **Option 2:** below 1.5 °C,\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    placement, p1 = r.units[0].children
    assert placement.text == ("Option I: The text below is Article 5.\n"
                              "Option II: The text below goes to Article 4.\n"
                              "Option III: No text")
    # alternatives of words completing a chapeau stay its text, as brackets do
    assert p1.text == "To hold the increase to\nOption 1: below 2 °C,\nOption 2: below 1.5 °C,"
    assert [o.label for o in find_options(p1.text)] == ["1", "2"]
    assert p1.option is None and placement.option is None and not p1.children


def test_a_label_at_the_paragraphs_level_ends_the_paragraph_above() -> None:
    src = ("## Article 2\n\n> 1. Quoted paragraph.\n\n**Option 1:**\n\n(a) first;\n\n"
           "**Option 2:**\n\nNo text\n")
    r = import_text(src, fmt="markdown")
    _check_rich(r)
    quoted, first, empty = r.units[0].children
    assert (quoted.number, quoted.text, quoted.children) == ("1", "Quoted paragraph.", ())
    assert (first.number, first.option.label if first.option else None) == ("a", "Option 1")
    assert empty.option is not None and empty.option.no_text and empty.text == ""


# ---------------------------------------------------------------- draft decisions


DECISION = """Draft decision -/CP.30

Adoption of the work programme

The Conference of the Parties,

*Recalling* decision 1/CP.21,

*Noting* the reports of the subsidiary bodies,

A. Work programme

1. *Decides* to adopt the work programme;

2. *Requests* the secretariat:

    (a) to prepare a report;

    (a bis) to hold a workshop;

    (b) to report back;

B. Final provisions

3. *Decides* to review this decision at its thirty-second session.
"""


def test_a_draft_decision_has_its_preamble_sections_and_bis_items() -> None:
    for fmt in ("markdown", "text"):
        r = import_text(DECISION, fmt=fmt)
        _check_rich(r)
        kinds = [(u.kind, u.number, u.heading) for u in r.units]
        assert kinds[-2:] == [("section", "A", "A. Work programme"),
                              ("section", "B", "B. Final provisions")], fmt
        pre = next(u for u in _units(r) if u.kind == "preamble")
        texts = [p.text.replace("*", "") for p in pre.children]
        assert texts[-3:] == ["The Conference of the Parties,", "Recalling decision 1/CP.21,",
                              "Noting the reports of the subsidiary bodies,"], fmt
        a, b = r.units[-2:]
        assert [p.number for p in a.children] == ["1", "2"]
        assert [s.number for s in a.children[1].children] == ["a", "a bis", "b"]
        assert [p.number for p in b.children] == ["3"]
        if fmt == "markdown":
            assert _styled(pre.children[-2], "italic") == ["Recalling"]
            assert _styled(a.children[0], "italic") == ["Decides"]
        else:  # plain text has no emphasis: the asterisks are its words
            assert pre.children[-2].text == "*Recalling* decision 1/CP.21,"
            assert not any(u.marks for u in _units(r))
        views = to_unit_views(r)
        assert any(v.number == "(a bis)" for v in views)


def test_a_decision_inside_a_document_opens_its_own_preamble() -> None:
    src = ("# Outcome\n\n## Draft decision -/CMA.1\n\nThe Conference of the Parties serving as "
           "the meeting of the Parties to the Paris Agreement,\n\n*Recalling* Article 2,\n\n"
           "1. *Adopts* the guidance;\n")
    r = import_text(src, fmt="markdown")
    (decision,) = r.units
    pre, p1 = decision.children
    assert pre.kind == "preamble" and len(pre.children) == 2
    assert p1.number == "1" and _styled(p1, "italic") == ["Adopts"]


def test_plain_text_gets_notes_and_options_without_emphasis() -> None:
    src = ("Article 3\n\nOption 1:\n\n1. Parties shall act. {Placement to be decided}\n\n"
           "Option 2:\n\n1. [Note: pending Article 2] Parties should act.\n")
    r = import_text(src, fmt="text")
    _check_rich(r)
    p1, p2 = r.units[0].children
    assert (p1.text, p1.option.label if p1.option else None) == ("Parties shall act.", "Option 1")
    assert [n.text for n in p1.notes] == ["Placement to be decided"]
    assert (p2.text, [n.text for n in p2.notes]) == ("Parties should act.",
                                                     ["Note: pending Article 2"])


# ---------------------------------------------------------------- the real files


def test_paris_9_december_by_hand() -> None:
    path = need_file(PARIS / "9-dec-2015.md", "The Paris Agreement draft")
    r = import_text(path.read_text(encoding="utf-8"), fmt="markdown")
    _check_rich(r)
    pre = r.units[0]
    # 15 preambular paragraphs open with an italic verb (counted in the file: Being, In
    # pursuit, Pursuant, Recognizing x3, Taking, Also taking account, Emphasizing x2, Noting
    # x2, Taking into account, Also recognizing, Affirming); the first and last have none
    verbs = [p.text[m.start:m.end] for p in pre.children for m in p.marks]
    assert len(verbs) == 15
    assert all(p.marks[0].start == 0 for p in pre.children if p.marks)
    assert verbs[:3] == ["Being", "In pursuit", "Pursuant"] and verbs[-1] == "Affirming"
    assert verbs.count("Recognizing") == 3
    # 11 editorial notes in braces (lines 330, 334, 346, 379, 401 x2, 414 x2, 419, 423, 429)
    notes = [(u, n) for u in r.walk() for n in u.notes]
    assert len(notes) == 11
    assert not any("{" in u.text or "}" in u.text for u in r.walk())
    assert sum(n.text.startswith("insert the relevant phrase") for _, n in notes) == 5
    # 28 option labels: Article 2bis's 2, alone on their lines, make alternatives of whole
    # paragraphs (structure); the other 26 are written inside 10 units (Article 5's placement
    # Option I / Option II, and alternatives of words) and stay their text
    arts = {u.number: u for u in r.units if u.kind == "section"}
    a2bis = arts["2 bis"].children
    assert [(p.number, p.option.label if p.option else None) for p in a2bis] == [
        ("1", "Option 1"), ("2", "Option 1"), ("1", "Option 2"), ("2", "Option 2"),
        ("3", "Option 2"), ("4", "Option 2")]
    assert len({u.option.group for u in r.walk() if u.option}) == 1
    inline = [u for u in r.walk() if find_options(u.text)]
    assert len(inline) == 10 and sum(len(find_options(u.text)) for u in inline) == 26
    assert arts["5"].children[0].text.startswith("Option I: The following text")
    # Article 3: 13 paragraphs have a bold title (1-8, 10-13, 21)
    titled = [p.number for p in arts["3"].walk() if p.kind == "paragraph" and p.heading]
    assert titled == ["1", "2", "3", "4", "5", "6", "7", "8", "10", "11", "12", "13", "21"]
    assert not any(u.footnotes for u in r.walk())


def test_paris_12_december_by_hand() -> None:
    path = need_file(PARIS / "12-dec-2015.md", "The Paris Agreement")
    r = import_text(path.read_text(encoding="utf-8"), fmt="markdown")
    _check_rich(r)
    pre = r.units[0]
    # 16 italic verbs (Being, Pursuant, In pursuit, Recognizing x5, Also recognizing x2,
    # Taking full account, Emphasizing, Taking into account, Acknowledging, Noting, Affirming)
    verbs = [p.text[m.start:m.end] for p in pre.children for m in p.marks]
    assert len(verbs) == 16 and verbs.count("Recognizing") == 5
    assert verbs.count("Also recognizing") == 2
    assert not any(u.notes or u.option for u in r.walk())


def test_paris_imports_well_under_a_second() -> None:
    path = need_file(PARIS / "9-dec-2015.md", "The Paris Agreement draft")
    source = path.read_text(encoding="utf-8")
    import_text(source, fmt="markdown")
    started = time.process_time()
    import_text(source, fmt="markdown")
    assert time.process_time() - started < 0.5  # about 0.08 s of CPU on the project machine


def test_bbnj_text_as_pasted_from_the_pdf() -> None:
    path = need_file(SHARED_DATA / "bbnj-2023" / "bbnj-agreement-en.txt", "The BBNJ text")
    r = import_text(path.read_text(encoding="utf-8"), fmt="text")
    _check_rich(r)
    assert r.title is not None and r.title.startswith("AGREEMENT UNDER THE UNITED NATIONS")
    pre = r.units[0]
    assert pre.kind == "preamble" and pre.heading == "PREAMBLE"
    # the preamble, run into one line by the extraction, is split before each preambular
    # verb: counted in the file, "The Parties to this Agreement," then 17 paragraphs (4 open
    # with Recalling, 4 with Recognizing), then "Have agreed as follows:"
    texts = [p.text for p in pre.children]
    assert len(texts) == 19
    assert texts[0] == "The Parties to this Agreement," and texts[-1] == "Have agreed as follows:"
    assert sum(t.startswith("Recalling") for t in texts) == 4
    assert sum(t.startswith("Recognizing") for t in texts) == 4
    assert texts[-2] == "Aspiring to achieve universal participation,"
    parts = [u for u in r.units if u.heading and u.heading.startswith("PART")]
    annexes = [u for u in r.units if u.heading and u.heading.startswith("ANNEX")]
    # counted in the file: Parts I-XII, Articles 1-76, Annexes I and II
    assert [p.number for p in parts] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII",
                                         "IX", "X", "XI", "XII"]
    assert parts[0].heading == "PART I GENERAL PROVISIONS"
    articles = [a for p in parts for a in p.children if a.kind == "section"]
    assert [a.number for a in articles] == [str(n) for n in range(1, 77)]
    assert [a.number for a in annexes] == ["I", "II"]
    # Article 1 "Use of terms": its chapeau, then 14 defined terms
    art1 = articles[0]
    assert art1.children[0].text == "Use of terms For the purposes of this Agreement:"
    assert [p.number for p in art1.children[1:]] == [str(n) for n in range(1, 15)]
    assert not any("duplicate section" in w.message for w in r.warnings)


# ---------------------------------------------------------------- never raises

_PIECES = st.sampled_from([
    "", "\n", "\n\n", "    ", "*", "**", "_", "~~", "`", "[", "]", "[^1]", "[^1]: note",
    "{", "}", "{:toc}", "<!--", "-->", "<del>", "</del>", "<span>", "<div>", "</div>", "<br>",
    "# ", "## Article 2bis", "1. ", "(a) ", "(a bis) ", "Option 1:", "**Option 2**", "Alt 1",
    "No text", "The Conference of the Parties,", "A. Heading", "PART I", "Article 1",
    "Preamble", "---", "title: x", "\\", "\\{", "é", "\u0301", "🌍", "Recalling", " text ",
])


@settings(deadline=None, max_examples=200)
@given(st.lists(_PIECES, min_size=1, max_size=40), st.sampled_from(["markdown", "text"]))
def test_never_raises_on_mark_up_noise(pieces: list[str], fmt: str) -> None:
    source = "".join(pieces)
    if not source.strip():
        return
    r = import_text(source, fmt=fmt)  # type: ignore[arg-type]
    _check_rich(r)
    to_unit_views(r)


@settings(deadline=None, max_examples=100)
@given(st.text(max_size=300), st.sampled_from(["markdown", "text"]))
def test_never_raises_on_arbitrary_text(source: str, fmt: str) -> None:
    if not source.strip():
        return
    r = import_text(source, fmt=fmt)  # type: ignore[arg-type]
    _check_rich(r)


def _options(source: str) -> list[tuple[str | None, str | None, bool | None]]:
    from server.core.importing import import_text, to_unit_views

    return [(u.number, u.option.label if u.option else None,
             u.option.no_text if u.option else None)
            for u in to_unit_views(import_text(source, fmt="markdown"))
            if u.kind.value != "section"]


def test_a_no_text_label_on_one_line_is_its_own_alternative_and_the_group_ends() -> None:
    got = _options("## Article 4\n\n1. Common.\n\nOption 1:\n\n2. A.\n\nOption 2:\n\n2. B.\n\n"
                   "Option 3: No text\n\n3. After the group.\n")
    assert got == [("1", None, None), ("2", "Option 1", False), ("2", "Option 2", False),
                   (None, "Option 3", True), ("3", None, None)]


def test_the_last_alternative_of_paragraphs_ends_before_a_paragraph_past_theirs() -> None:
    got = _options("## Article 4\n\n1. Common.\n\nOption 1:\n\n2. A.\n\nOption 2:\n\n2. B.\n\n"
                   "2 bis. B2.\n\n3. After the group.\n")
    assert got == [("1", None, None), ("2", "Option 1", False), ("2", "Option 2", False),
                   ("2 bis", "Option 2", False), ("3", None, None)]


def test_no_text_after_alternative_articles_joins_their_group() -> None:
    from server.core.importing import import_text, to_unit_views

    units = to_unit_views(import_text(
        "Option 1:\n\n## Article 7\n\n1. x\n\nOption 2:\n\n## Article 7\n\n1. y\n\n"
        "Option 3: No text\n\n## Article 8\n\n1. z\n", fmt="markdown"))
    groups = {u.option.group for u in units if u.option}
    assert len(groups) == 1
    assert [u.option.label for u in units if u.option] == ["Option 1", "Option 2", "Option 3"]
    assert next(u for u in units if u.number == "8").option is None
