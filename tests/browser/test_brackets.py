"""Brackets people can see, in the browser (issue 12, item 4): the text highlights each
bracket the server found (a bracket, a choice of an alternative, an unbalanced one, each with
its own shape and not colour alone), says on each paragraph and article heading what it has
("3 brackets, 1 alternative"), totals the revision, and "With brackets" keeps exactly the
paragraphs the server says have brackets; the room screen highlights the same spans."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.support.browser import axe, bracket_words, go, screenshot

SignIn = Callable[..., Page]
TEXT = "#/p/1/text/1/2"  # Rev.2 of the demo's compact


def revision(page: Page, sequence: int = 2) -> dict[str, Any]:
    answer: dict[str, Any] = page.evaluate(
        "s => fetch(`/api/v1/documents/1/revisions/${s}`).then((r) => r.json())", sequence)
    return answer


def test_brackets_are_highlighted_counted_and_filtered(sign_in: SignIn) -> None:
    page = sign_in("observer.iom", height=1000)
    go(page, TEXT, "#text .unit")
    rev = revision(page)
    units = {u["key"]: u for u in rev["units"]}
    with_alternatives = [u for u in rev["units"] if u["brackets"]["alternatives"]]
    assert with_alternatives, "the demo's Rev.2 offers alternatives"
    for unit in with_alternatives:
        row = page.locator(f"#text .unit[data-key='{unit['key']}']")
        # every highlighted span is the text the server's offsets name
        highlighted = row.locator(".unit-text .bracket.alternative").all_inner_texts()
        text = unit["text"]
        expected = [text[s["start"]:s["end"]] for s in unit["brackets"]["spans"]
                    if s["kind"] == "alternative"]
        assert "".join(highlighted) == "".join(expected), unit["key"]
        assert all(h.startswith("[") and h.endswith("]") for h in highlighted), highlighted
        assert row.locator(".badge.brackets").inner_text() == bracket_words(unit["brackets"])
    # paragraphs without brackets say nothing about them and highlight nothing
    clean = [u for u in rev["units"] if u["kind"] in ("paragraph", "subparagraph")
             and not u["brackets"]["any"]]
    assert clean
    row = page.locator(f"#text .unit[data-key='{clean[0]['key']}']")
    assert row.locator(".badge.brackets").count() == 0
    assert row.locator(".bracket, .bracket-unbalanced").count() == 0
    # article headings total what is under them; the summary totals the revision
    headed = [u for u in rev["units"] if u["subtree_brackets"] and u["subtree_brackets"]["open"]]
    assert headed
    heading = page.locator(f"#text .unit-heading[data-key='{headed[0]['key']}'] .badge.brackets")
    assert heading.inner_text().startswith(bracket_words(headed[0]["subtree_brackets"]) + " in ")
    total = rev["brackets"]
    assert page.inner_text("#open-brackets").startswith(
        f"{total['open']} bracket{'' if total['open'] == 1 else 's'}")
    # each kind has its own shape, not only its colour (WCAG 1.4.1)
    style = page.evaluate("""() => Object.fromEntries([
        ['bracket', '.bracket-legend .bracket:not(.alternative)'],
        ['alternative', '.bracket-legend .bracket.alternative'],
        ['unbalanced', '.bracket-legend .bracket-unbalanced'],
        ['option', '.bracket-legend .option-mark']].map(([k, sel]) => {
            const s = getComputedStyle(document.querySelector(sel));
            return [k, {shadow: s.boxShadow, outline: s.outlineStyle,
                        decoration: s.textDecorationStyle, border: s.borderBottomStyle}];
        }))""")
    assert style["bracket"]["shadow"] != "none"
    assert style["alternative"]["border"] == "dashed"
    assert style["unbalanced"]["outline"] == "solid"
    assert style["unbalanced"]["decoration"] == "wavy"
    assert style["option"]["border"] == "double"
    axe(page, "the text with its brackets highlighted")
    # the summary, the legend, the filters and the first paragraphs with brackets
    page.mouse.move(0, 0)
    page.evaluate("() => document.querySelector('#text-summary').scrollIntoView({block: 'start'})")
    screenshot(page, "56-brackets-highlighted")

    # "With brackets" keeps the paragraphs the server says have brackets, and no other
    page.check("#filter-brackets")
    paragraphs = [u for u in rev["units"] if u["kind"] not in ("section", "preamble")]
    kept = [u["key"] for u in paragraphs if u["brackets"]["any"]]
    assert page.inner_text("#filter-note") == f"{len(kept)} of {len(paragraphs)} paragraphs match."
    shown = page.locator("#text .unit:not([hidden])")
    shown_keys = {k for k in shown.evaluate_all("rows => rows.map((r) => r.dataset.key)")}
    # a paragraph without brackets stays only as the chapeau of a kept sub-paragraph
    for key in shown_keys - set(kept):
        assert any(units[k]["parent"] == key for k in kept), key
    assert set(kept) <= shown_keys
    axe(page, "the text, paragraphs with brackets")
    page.uncheck("#filter-brackets")
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_room_highlights_the_servers_brackets(sign_in: SignIn) -> None:
    page = sign_in("focal.mex", width=1600, height=900)
    go(page, "#/p/1/room/1?revision=2", ".room-unit")
    rev = revision(page)
    unit = next(u for u in rev["units"] if u["brackets"]["alternatives"])
    row = page.locator(f".room-unit[data-key='{unit['key']}']")
    highlighted = row.locator(".bracket.alternative").all_inner_texts()
    assert highlighted and all(h.startswith("[") for h in highlighted)
    page.evaluate("k => document.querySelector(`.room-unit[data-key='${k}']`)"
                  ".scrollIntoView({block: 'center'})", unit["key"])
    axe(page, "the room with its brackets")
    screenshot(page, "57-room-brackets")
    assert page.errors == []  # type: ignore[attr-defined]
