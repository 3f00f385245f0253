"""Where the repository and the shared data folder are; tests skip, with the reason, when a
file of ``../shared/data`` (real negotiation texts and schemas, beside the checkout) is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
#: The Paris Agreement drafts of December 2015 (Markdown).
PARIS = SHARED_DATA / "paris-2015"
#: Akoma Ntoso samples (2.0) and the 3.0 schema.
AKN = SHARED_DATA / "akn"
XSD = AKN / "akomantoso30.xsd"


def need_file(path: Path, what: str) -> Path:
    """``path`` when it exists; otherwise the test is skipped, saying what is missing."""
    if not path.exists():
        pytest.skip(f"{what} is absent ({path}); the shared data folder is not here")
    return path
