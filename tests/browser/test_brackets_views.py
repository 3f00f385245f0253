"""Brackets visible everywhere a text is read (issue 12, item 4): the compilation and the
working copy highlight the brackets the server found in each paragraph, count them on each
paragraph and heading as the text screen does, total them, and "With brackets" keeps exactly
the paragraphs the server says have brackets. The browser computes no rule: every span and
count here is checked against the server's own `brackets` field of the same view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page

from tests.support.browser import axe, bracket_words, go, screenshot

SignIn = Callable[..., Page]


def fetch(page: Page, path: str) -> Any:
    return page.evaluate("p => fetch(`/api/v1${p}`).then((r) => r.json())", path)


def highlighted(row: Locator, kind: str) -> list[str]:
    selector = {"alternative": ".bracket.alternative", "open": ".bracket:not(.alternative)",
                "unbalanced": ".bracket-unbalanced"}[kind]
    texts: list[str] = row.locator(f".unit-text {selector}").all_inner_texts()
    return texts


def spans_text(unit: dict[str, Any], kind: str) -> str:
    """The characters the server's spans of one kind cover (code points, as Python slices)."""
    # a compiled unit's text is its pieces joined (the revision's words)
    text = unit["text"] or "" if "text" in unit else "".join(p["text"] for p in unit["pieces"])
    return "".join(text[s["start"]:s["end"]] for s in unit["brackets"]["spans"]
                   if s["kind"] == kind)


def check_filter(page: Page, units: list[dict[str, Any]], rows: str) -> None:
    page.check("#filter-brackets")
    paragraphs = [u for u in units if u["kind"] not in ("section", "preamble")]
    kept = {u["key"] for u in paragraphs if u["brackets"]["any"]}
    assert kept and len(kept) < len(paragraphs)
    assert page.inner_text("#filter-note") == f"{len(kept)} of {len(paragraphs)} paragraphs match."
    shown = set(page.locator(f"{rows}:not([hidden])").evaluate_all(
        "rows => rows.map((r) => r.dataset.key)"))
    parents = {u["key"]: u["parent"] for u in units}
    assert kept <= shown
    # a unit without brackets stays only as a kept paragraph's heading or chapeau

    def ancestors(key: str) -> set[str]:
        out: set[str] = set()
        while parents.get(key):
            key = parents[key]
            out.add(key)
        return out

    above = set().union(*(ancestors(k) for k in kept))
    assert shown - kept <= above, shown - kept - above


def test_the_compilation_highlights_counts_and_filters_the_servers_brackets(
        sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer", height=1000)
    go(page, "#/p/1/compilation/1?seq=2", ".compilation .unit")
    answer = fetch(page, "/documents/1/revisions/2/compilation?state=submitted")
    units = answer["data"]["units"]
    assert all("brackets" in u for u in units), "the compilation's units carry their brackets"
    with_alternatives = [u for u in units if u["brackets"]["alternatives"]]
    with_open = [u for u in units if u["brackets"]["open"]]
    assert with_alternatives and with_open
    for unit in with_alternatives + with_open:
        row = page.locator(f".compilation .unit[data-key='{unit['key']}']")
        for kind in ("alternative", "open"):
            # a bracket cut by a proposal's piece shows in pieces: their text joined is the span's
            assert "".join(highlighted(row, kind)) == spans_text(unit, kind), (unit["key"], kind)
        badge = row.locator(".unit-meta .badge.brackets").inner_text()
        assert badge == bracket_words(unit["brackets"])
    clean = next(u for u in units if u["kind"] in ("paragraph", "subparagraph")
                 and not u["brackets"]["any"])
    row = page.locator(f".compilation .unit[data-key='{clean['key']}']")
    assert row.locator(".badge.brackets, .bracket, .bracket-unbalanced").count() == 0
    headed = next(u for u in units if u.get("subtree_brackets") and u["subtree_brackets"]["open"])
    heading = page.locator(
        f".compilation .unit-heading[data-key='{headed['key']}'] .badge.brackets")
    assert heading.inner_text().startswith(bracket_words(headed["subtree_brackets"]) + " in ")
    total = answer["data"]["brackets"]
    assert page.inner_text("#comp-brackets").startswith(
        f"{total['open']} bracket{'' if total['open'] == 1 else 's'}")
    axe(page, "the compilation with its brackets")
    page.mouse.move(0, 0)
    page.evaluate("k => document.querySelector(`.compilation .unit[data-key='${k}']`)"
                  ".scrollIntoView({block: 'center'})", with_alternatives[0]["key"])
    screenshot(page, "90-compilation-brackets")
    check_filter(page, units, ".compilation > [data-key]")
    axe(page, "the compilation, paragraphs with brackets")
    page.uncheck("#filter-brackets")
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_working_copy_highlights_counts_and_filters_the_servers_brackets(
        sign_in: SignIn) -> None:
    page = sign_in("cofac.ferrer", height=1000)
    go(page, "#/p/1/working/1", ".wc-unit")
    wc = fetch(page, "/documents/1/working-copy")
    units = wc["units"]
    assert all("brackets" in u for u in units), "the working copy's units carry their brackets"
    bracketed = [u for u in units if u["kind"] in ("paragraph", "subparagraph")
                 and (u["brackets"]["alternatives"] or u["brackets"]["open"])]
    assert bracketed
    for unit in bracketed:
        row = page.locator(f".wc-unit[data-key='{unit['key']}']")
        # the text box holds the words; the text as printed, under it, shows the brackets
        for kind in ("alternative", "open"):
            assert "".join(highlighted(row, kind)) == spans_text(unit, kind), (unit["key"], kind)
        assert row.locator(".badge.brackets").inner_text() == bracket_words(unit["brackets"])
    clean = next(u for u in units if u["kind"] in ("paragraph", "subparagraph")
                 and not u["brackets"]["any"] and not u.get("marks") and not u.get("footnotes"))
    row = page.locator(f".wc-unit[data-key='{clean['key']}']")
    assert row.locator(".badge.brackets, .bracket, .bracket-unbalanced").count() == 0
    headed = next(u for u in units if u.get("subtree_brackets") and u["subtree_brackets"]["open"])
    heading = page.locator(f".wc-unit[data-key='{headed['key']}'] .badge.brackets")
    assert heading.inner_text().startswith(bracket_words(headed["subtree_brackets"]) + " in ")
    total = wc["brackets"]
    assert page.inner_text("#wc-brackets").startswith(
        f"{total['open']} bracket{'' if total['open'] == 1 else 's'}")
    axe(page, "the working copy with its brackets")
    page.mouse.move(0, 0)
    page.evaluate("k => document.querySelector(`.wc-unit[data-key='${k}']`)"
                  ".scrollIntoView({block: 'center'})", bracketed[0]["key"])
    screenshot(page, "91-working-copy-brackets")

    check_filter(page, units, ".text.working > [data-key]")
    axe(page, "the working copy, paragraphs with brackets")
    page.uncheck("#filter-brackets")

    # After a saved change of its words, the count and the highlight are the server's new ones.
    unit = bracketed[0]
    row = page.locator(f".wc-unit[data-key='{unit['key']}']")
    row.locator("textarea").fill((unit["text"] or "") + " [and more]")
    row.get_by_role("button", name="Save").click()
    page.wait_for_selector(f".wc-unit[data-key='{unit['key']}'] .bracket:has-text('[and more]')")
    after = next(u for u in fetch(page, "/documents/1/working-copy")["units"]
                 if u["key"] == unit["key"])
    assert after["brackets"]["open"] == unit["brackets"]["open"] + 1
    row = page.locator(f".wc-unit[data-key='{unit['key']}']")
    assert row.locator(".badge.brackets").inner_text() == bracket_words(after["brackets"])
    assert page.errors == []  # type: ignore[attr-defined]
