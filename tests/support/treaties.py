"""The small "river treaty" the translation and matrix tests negotiate: articles of numbered
paragraphs, built to the size a test needs (one builder, so every test reads the same words)."""

from __future__ import annotations

from typing import Any


def river_treaty(*, articles: int = 2, listed: bool = False) -> list[dict[str, Any]]:
    """The treaty's units as ``POST .../documents`` takes them: Article 1 (protect the basin,
    report every two years; ``listed``: the report's two subjects as (a) and (b)), and with
    ``articles=2`` Article 2 (a commission, which meets once a year)."""
    if articles not in (1, 2):
        raise ValueError("the river treaty has one or two articles")
    units: list[dict[str, Any]] = [
        {"key": "art1", "kind": "section", "number": "1", "heading": "Article 1"},
        {"key": "a1p1", "kind": "paragraph", "parent": "art1", "number": "1",
         "text": "Parties shall protect the shared river basin."},
        {"key": "a1p2", "kind": "paragraph", "parent": "art1", "number": "2",
         "text": "Parties shall report every two years" + (":" if listed else ".")},
    ]
    if listed:
        units += [
            {"key": "a1p2a", "kind": "subparagraph", "parent": "a1p2", "number": "(a)",
             "text": "on water quality;"},
            {"key": "a1p2b", "kind": "subparagraph", "parent": "a1p2", "number": "(b)",
             "text": "on abstraction."},
        ]
    if articles == 2:
        units += [
            {"key": "art2", "kind": "section", "number": "2", "heading": "Article 2"},
            {"key": "a2p1", "kind": "paragraph", "parent": "art2", "number": "1",
             "text": "A commission is hereby established."},
            {"key": "a2p2", "kind": "paragraph", "parent": "art2", "number": "2",
             "text": "The commission shall meet once a year."},
        ]
    return units
