"""Hostile uploads, as the attacker sends them: each is refused with a clear 422 in the one
error shape, nothing is imported, and the process serving everyone keeps answering.

Every file is read by an import worker (``server.features.files.worker``) with time and
memory limits; before, the serving process parsed it itself, and one DOCX of 700 KB
(44 MB of ``document.xml``, under every size limit) kept it busy for 49 s.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import hostile
from tests.support.documents import b64, download
from tests.support.negotiation import Client, invite, login_token, setup_negotiation
from tests.support.servers import ServerProcess, accord, free_port, running_server, server_env
from tests.support.worlds import World

pytestmark = pytest.mark.slow

#: The import limit the served app runs with here (the default is 10 s): the hostile DOCX
#: takes several seconds even for the worker, on any machine.
LIMIT_SECONDS = 1


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server("sqlite", tmp_path / "server", start_timeout=90.0,
                        extra_env={"ACCORD_IMPORT_SECONDS": str(LIMIT_SECONDS)}) as (found, _):
        yield found


def test_an_observer_is_answered_while_a_hostile_docx_is_imported(
        server: ServerProcess) -> None:
    negotiation = setup_negotiation(server, delegates=1, paragraphs=3)
    pid, api = negotiation.process_id, negotiation.api
    cofac = Client(api, negotiation.cofac_token, timeout=120)
    invite(cofac, pid, {"email": "observer@bench.example", "name": "Observer",
                        "role": "observer"})
    observer = Client(api, login_token(api, "observer@bench.example"))
    before_documents = cofac.call("GET", f"/processes/{pid}/documents")
    before_history = cofac.call("GET", f"/processes/{pid}/log")
    docx = hostile.huge_docx()
    assert len(docx) < 750_000  # the body stays under ACCORD_MAX_BODY_BYTES once in base64
    body: dict[str, Any] = {"format": "docx", "preview": False, "title": "Our edits attached",
                            "content_base64": base64.b64encode(docx).decode()}
    answer: dict[str, Any] = {}

    def upload() -> None:
        started = time.monotonic()
        reply = cofac.http.post(f"{api}/processes/{pid}/documents/import-file", json=body,
                                timeout=120)
        answer.update(status=reply.status_code, body=reply.json(),
                      seconds=time.monotonic() - started)

    uploading = threading.Thread(target=upload)
    uploading.start()
    time.sleep(0.1)  # the upload (1 MB) is on its way: the server reads it
    waits: list[float] = []
    while uploading.is_alive() and len(waits) < 400:
        for path in (f"/processes/{pid}", f"/documents/{negotiation.document_id}"):
            started = time.monotonic()
            observer.call("GET", path)
            waits.append(time.monotonic() - started)
        time.sleep(0.05)
    uploading.join(150)
    try:
        assert waits, "the import answered before any observer's request was made"
        assert max(waits) < 0.5, f"observer waited {max(waits):.2f} s during the import"
        assert answer["status"] == 422, answer
        error = answer["body"]["error"]
        assert error["code"] == "invalid"
        assert error["message"] == (f"The file took more than {LIMIT_SECONDS} s to read; "
                                    "nothing was imported."), error
        assert answer["seconds"] < LIMIT_SECONDS + 5
        assert cofac.call("GET", f"/processes/{pid}/documents") == before_documents
        assert cofac.call("GET", f"/processes/{pid}/log") == before_history
        # The server still imports an ordinary file at once (a fresh worker is ready).
        started = time.monotonic()
        ordinary = {"format": "markdown", "preview": True,
                    "content_base64": b64("# Draft\n\n1. We commit to cooperate.\n")}
        reply = cofac.call("POST", f"/processes/{pid}/documents/import-file", ordinary,
                           expect=200)
        assert reply["units"][0]["text"] == "We commit to cooperate."
        assert time.monotonic() - started < 3.0
    finally:
        observer.close()
        cofac.close()


# ---- through the API, in the test's app -------------------------------------------------

HOSTILE: list[Any] = [
    pytest.param(hostile.huge_docx, "docx", "", id="docx-44-MB-of-xml"),
    pytest.param(hostile.deep_docx, "docx", "", id="docx-nested-5000-deep"),
    pytest.param(hostile.laughs_docx, "docx", "DTD or entities", id="docx-billion-laughs"),
    pytest.param(hostile.deep_akn, "akn", "", id="akn-nested-5000-deep"),
    pytest.param(hostile.laughs_akn, "akn", "DTD or entities", id="akn-billion-laughs"),
    pytest.param(lambda: hostile.markdown_line(700_000), "markdown", "",
                 id="markdown-one-700-KB-line"),
    # Read slowly (the time limit) or quickly to 7.9 million characters (the size limit):
    # either way refused, however fast the machine or the PDF reader.
    pytest.param(hostile.many_pages_pdf, "pdf", "took more than 10 s to read; nothing was "
                 "imported|the text is too long to import",
                 id="pdf-1000-pages-of-one-shared-stream"),
]


@pytest.mark.parametrize(("make", "fmt", "words"), HOSTILE)
def test_a_hostile_upload_is_refused_and_nothing_is_imported(
        world: World, make: Callable[[], bytes], fmt: str, words: str) -> None:
    content = make()
    assert len(content) < 740_000  # under the request limit once in base64
    before = world["cofac"].ok("GET", f"{world.p}/documents")
    started = time.monotonic()
    reply = world["cofac"].post(f"{world.p}/documents/import-file",
                                {"format": fmt, "content_base64": b64(content),
                                 "preview": False})
    seconds = time.monotonic() - started
    assert seconds < 10 + 5, f"the import took {seconds:.1f} s"
    if fmt == "markdown":  # one paragraph of 700,000 characters: long, but a text
        assert reply.status == 200, reply.body
        return
    assert reply.status == 422, reply.body
    assert reply.error["code"] == "invalid"
    assert any(alternative in reply.error["message"].lower()
               for alternative in words.lower().split("|")), reply.error["message"]
    assert world["cofac"].ok("GET", f"{world.p}/documents") == before


# ---- the command line reads through the same worker ------------------------------------


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = server_env(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path / "instance",
                     free_port())
    env.pop("ACCORD_IMPORT_SECONDS", None)
    env.pop("ACCORD_IMPORT_MEMORY_MB", None)
    return env


def _check(env: dict[str, str], path: Path, **limits: str) -> tuple[int, str, float]:
    started = time.monotonic()
    result = accord({**env, **limits}, "import", "check", str(path), check=False,
                    timeout=180)
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


def test_the_command_line_import_stops_a_slow_file(tmp_path: Path,
                                                   cli_env: dict[str, str]) -> None:
    path = tmp_path / "edits.docx"
    path.write_bytes(hostile.huge_docx())
    code, out, seconds = _check(cli_env, path, ACCORD_IMPORT_SECONDS="1")
    assert code != 0
    assert "The file took more than 1 s to read; nothing was imported." in out, out
    assert seconds < 30


def test_the_command_line_import_stops_a_slow_pdf(tmp_path: Path,
                                                  cli_env: dict[str, str]) -> None:
    path = tmp_path / "draft.pdf"
    path.write_bytes(hostile.many_pages_pdf())
    assert path.stat().st_size < 200_000
    code, out, seconds = _check(cli_env, path, ACCORD_IMPORT_SECONDS="1")
    assert code != 0
    assert "The file took more than 1 s to read; nothing was imported." in out, out
    assert seconds < 30


def test_the_command_line_import_stops_a_file_that_needs_too_much_memory(
        tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "edits.docx"
    path.write_bytes(hostile.huge_docx())
    code, out, _ = _check(cli_env, path, ACCORD_IMPORT_SECONDS="60",
                          ACCORD_IMPORT_MEMORY_MB="64")
    assert code != 0
    assert "The file needs more than 64 MB of memory to read; nothing was imported." in out, \
        out


@pytest.mark.parametrize(("name", "make"), [
    ("draft.md", lambda: hostile.markdown_line(7_000_000)),
    ("draft.md", lambda: hostile.markdown_line(20_000_000)),
    ("draft.xml", hostile.akn_huge_text),
], ids=["markdown-one-7-MB-line", "markdown-one-20-MB-line", "akn-one-9-MB-text-node"])
def test_a_file_of_one_huge_text_is_refused_at_once(
        tmp_path: Path, cli_env: dict[str, str], name: str, make: Callable[[], bytes]) -> None:
    path = tmp_path / name
    path.write_bytes(make())
    code, out, seconds = _check(cli_env, path)
    assert code != 0
    assert "too long to import" in out, out
    assert seconds < 15


def test_an_ordinary_file_still_imports_through_the_worker(
        tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = tmp_path / "draft.md"
    path.write_text("# Draft\n\n1. We commit to cooperate.\n\n2. We review progress.\n")
    code, out, _ = _check(cli_env, path)
    assert code == 0, out
    assert "Title: Draft; 2 units" in out


def test_control_characters_in_an_uploaded_file_never_reach_the_database(world: World) -> None:
    """NUL stops PostgreSQL (500) and no XML export can hold a control character (500 on
    every Akoma Ntoso or Word export of the text afterwards): they are left out, as the API
    leaves them out of typed text."""
    content = "# Draft\x00 one\n\n1. We commit\x00 to\x0ccooperate\x1b.\r\n\n2. We re\x7fview.\n"
    reply = world["cofac"].post(f"{world.p}/documents/import-file",
                                {"format": "markdown", "content_base64": b64(content),
                                 "preview": False})
    assert reply.status == 200, reply.body
    units = reply.body["revision"]["units"]
    assert [u["text"] for u in units] == ["We commit to cooperate.", "We review."]
    assert "control characters" in " ".join(reply.body["warnings"])
    for fmt in ("akn", "docx", "html"):
        exported = download(world["cofac"],
                            f"/documents/{reply.body['document_id']}/working-copy/export",
                            format=fmt)
        assert exported.status == 200, (fmt, exported.data[:200])


def test_a_worker_started_long_ago_still_reads_a_file() -> None:
    from server.features.files import worker

    limits = worker.ImportLimits(seconds=10, memory_mb=256, warm=1)
    pool = worker.ImportWorkers(limits)
    try:
        pool.warm_up()
        time.sleep(1.0)
        with pytest.MonkeyPatch.context() as patch:
            # As if it had been waiting for longer than a worker may take to start.
            patch.setattr(worker, "STARTUP_SECONDS", 0.5)
            parsed = pool.parse(b"# Draft\n\n1. We commit.\n", "markdown")
        assert [u.text for u in parsed.units] == ["We commit."]
    finally:
        pool.close()


def test_files_beyond_the_workers_read_at_once_wait_then_are_turned_away() -> None:
    """Each worker may take its memory limit: many hostile uploads at once are read a few at
    a time, and one that waits longer than the import time is told to come back (503)."""
    from server.features.files import worker

    pool = worker.ImportWorkers(worker.ImportLimits(seconds=1, memory_mb=256, warm=0),
                                concurrency=1)
    small = b"# Draft\n\n1. We commit.\n"
    try:
        assert pool._slots.acquire(timeout=1)  # another file is being read
        started = time.monotonic()
        with pytest.raises(worker.ImportsBusy, match="try again in a minute"):
            pool.parse(small, "markdown")
        assert 0.9 < time.monotonic() - started < 3
        pool._slots.release()
        assert [u.text for u in pool.parse(small, "markdown").units] == ["We commit."]
    finally:
        pool.close()
