"""The plastics successor table (zero draft -> revised draft) is well formed.

Its references follow the labels as printed (see its ``about``); ``bench/fidelity.py``
scores lineage on it through the PDF importer, whose units ``tests/support/lineage_truth.py``
(``PrintedDocument``) finds by those labels.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "data" / "lineage" / "plastics-2023.json"

SECTION = r"(?:Part [IVX]+|[IVX]+\.\d+(?:bis|ter)?(?:\.[a-z])?|Annex [A-GX])"
LEVEL = r"(?:Option \d+|Sub-option \d+|common)"
LABEL = r"(?:(?:\[\d+\])+|\d+(?:\.\d+)?|OP\d+(?: (?:Alt|bis|ter|quater)(?: \d+)?)?)"
ITEM = r"(?:\((?:[a-z]|\[[a-z]\]\[[a-z]\])\))"
REF = re.compile(rf"^{SECTION}(?: / {LEVEL})*(?: / {LABEL}{ITEM}?)?$")


def refs(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]


def test_the_plastics_table_is_well_formed() -> None:
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    assert table["old"].endswith(".pdf") and table["new"].endswith(".pdf")
    seen_old: set[str] = set()
    seen_new: set[str] = set()
    provisions = 0
    for entry in table["entries"]:
        olds, news = refs(entry.get("old")), refs(entry.get("new"))
        alternatives = refs(entry.get("alternatives"))
        assert olds or news, entry
        assert not (len(olds) > 1 and len(news) > 1), entry
        for ref in olds + news + alternatives:
            assert REF.match(ref), ref
        for ref in olds:
            assert ref not in seen_old, ref
            seen_old.add(ref)
        for ref in news + alternatives:
            assert ref not in seen_new, ref
            seen_new.add(ref)
        if olds and news and " / " in olds[0]:
            provisions += 1
    assert provisions >= 100
    # every section and part of the zero draft is decided
    sections = {r for r in seen_old if " / " not in r}
    assert {"Part I", "Part VI", "II.1", "II.13", "III.2", "IV.8", "V.3", "Annex G"} <= sections
    assert len(sections) >= 50
