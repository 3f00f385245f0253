"""Whether the machine's PostgreSQL and Redis answer; tests that need them (or a program such
as LibreOffice or chromium) skip otherwise, unless ACCORD_REQUIRE_SERVICES=1 (set by .ci/run),
which turns the skip into a failure."""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest

PG_HOST = os.environ.get("ACCORD_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ACCORD_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("ACCORD_TEST_PG_USER", "postgres")
REDIS_URL = os.environ.get("ACCORD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRED = os.environ.get("ACCORD_REQUIRE_SERVICES") == "1"


def answers(host: str, port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def missing(reason: str) -> NoReturn:
    """Skip the test for ``reason``, or fail it when services are required."""
    if REQUIRED:
        pytest.fail(f"{reason}, and ACCORD_REQUIRE_SERVICES=1 requires it")
    pytest.skip(f"{reason} (set ACCORD_REQUIRE_SERVICES=1 to make this a failure)")


def need(name: str, host: str, port: int) -> None:
    """Skip (or, when services are required, fail) unless ``host:port`` answers."""
    if not answers(host, port):
        missing(f"{name} does not answer on {host}:{port}")


def pg_admin_url(database: str = "postgres") -> str:
    return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"
