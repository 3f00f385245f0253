"""Integration tests' shared fixture: a fresh, empty database on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import BACKENDS, Database, fresh_database
from tests.support.services import PG_HOST, PG_PORT, need


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty database (SQLite file, or PostgreSQL where it answers), dropped after."""
    if request.param == "postgresql":
        need("PostgreSQL", PG_HOST, PG_PORT)
    found = fresh_database(request.param, tmp_path, prefix="accord_mig")
    yield found
    found.drop()
