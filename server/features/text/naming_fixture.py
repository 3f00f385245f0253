"""The names the server sends, as parts and in English, for the client's test of
client/lib/names.js (client/lib/names.test.js): every form of :data:`naming.FORMS` from
texts shaped as negotiated texts are. Regenerate: ``python -m server.features.text.naming_fixture``
(tests/unit/test_naming_parts.py keeps it current). A feature module, not core: it writes a file."""

from __future__ import annotations

from string import Formatter
from typing import Any, Final

from server.core.naming import FORMS, english, unit_name_parts
from server.core.text import UnitKind as K
from server.core.text import UnitView as U

FIXTURE: Final = "client/i18n/names/server-names.fixture.json"

#: Texts whose names hold every form.
TEXTS: Final[dict[str, list[U]]] = {
    "treaty": [
        U("pre", K.PREAMBLE, None, None),
        U("p1", K.PARAGRAPH, "pre", None), U("p2", K.PARAGRAPH, "pre", "2"),
        U("p3", K.PARAGRAPH, "pre", None),
        U("a1", K.SECTION, None, "1", heading="Article 1"),
        U("c1", K.PARAGRAPH, "a1", None), U("c1a", K.SUBPARAGRAPH, "c1", "a"),
        U("a1p1", K.PARAGRAPH, "a1", "1"),
        U("a1x", K.PARAGRAPH, "a1", None), U("a1y", K.PARAGRAPH, "a1", None),
        U("a1y1", K.SUBPARAGRAPH, "a1y", None),
        U("a2", K.SECTION, None, "2", heading="Article 2 bis"),
        U("a2p1", K.PARAGRAPH, "a2", "1"), U("a2p1a", K.SUBPARAGRAPH, "a2p1", "(a)"),
        U("a3", K.SECTION, None, "3", heading="Article 3"),
        U("a3p", K.PARAGRAPH, "a3", None), U("a3pa", K.SUBPARAGRAPH, "a3p", "a"),
        U("imp", K.SECTION, None, None, heading="Implementation"),
        U("imp1", K.PARAGRAPH, "imp", "1"),
        U("s4", K.SECTION, None, "4"), U("s4p1", K.PARAGRAPH, "s4", "1"),
        U("s5", K.SECTION, None, None), U("s5p1", K.PARAGRAPH, "s5", "1"),
    ],
    "resolution": [
        U("pre", K.PREAMBLE, None, None, heading="Preamble"),
        U("p1", K.PARAGRAPH, "pre", None), U("p2", K.PARAGRAPH, "pre", None),
        U("o1", K.PARAGRAPH, None, "1"), U("o1a", K.SUBPARAGRAPH, "o1", "(a)"),
        U("o1b", K.SUBPARAGRAPH, "o1", None),
        U("o12", K.PARAGRAPH, None, "12 bis"),
        U("x", K.PARAGRAPH, None, None),
        U("s3", K.SECTION, None, "3"), U("s3p", K.PARAGRAPH, "s3", None),
        U("s3pa", K.SUBPARAGRAPH, "s3p", "b"),
        U("imp", K.SECTION, None, None, heading="Follow-up and review"),
        U("i1", K.PARAGRAPH, "imp", None), U("i2", K.PARAGRAPH, "imp", None),
    ],
    "unstructured": [
        U("u1", K.PARAGRAPH, None, None), U("u2", K.PARAGRAPH, None, None),
        U("sa", K.SUBPARAGRAPH, None, "c"), U("sb", K.SUBPARAGRAPH, None, None),
    ],
}


def _forms(name: Any) -> set[str]:
    if isinstance(name, str):
        return set()
    return {name["form"], *(_forms(name["of"]) if "of" in name else ())}


def fixture() -> dict[str, Any]:
    """Every form with its parts and English, and every name of :data:`TEXTS` as parts and
    in English."""
    names = [{"parts": parts, "en": english(parts)}
             for units in TEXTS.values() for parts in unit_name_parts(units).values()]
    return {"forms": {form: sorted(f for _, f, _, _ in Formatter().parse(template) if f)
                      for form, template in FORMS.items()},
            "names": names,
            "covered": sorted(set().union(*(_forms(n["parts"]) for n in names)))}


if __name__ == "__main__":  # python -m server.features.text.naming_fixture: writes FIXTURE
    import json
    from pathlib import Path

    Path(FIXTURE).write_text(json.dumps(fixture(), indent=1, ensure_ascii=False) + "\n")
