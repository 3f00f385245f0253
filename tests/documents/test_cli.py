"""`accord export ...` and `accord import ...` against the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from server import cli
from server.features.common import commands
from server.features.files.importers.docx import parse_docx
from tests.support.data import AKN, need_file
from tests.support.worlds import World


@pytest.fixture
def runner(app: Flask, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr(commands, "make_app", lambda: app)
    return CliRunner()


def test_export_commands(world: World, runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "zero.docx"
    result = runner.invoke(cli.main, ["export", "revision", str(world.document_id), "0",
                                      "--as", "obs@accord.example", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert [u.number for u in parse_docx(target.read_bytes()).units][:2] == [None, "1"]
    result = runner.invoke(cli.main, ["export", "revision", str(world.document_id), "0",
                                      "--format", "markdown", "--as", "obs@accord.example",
                                      "-o", "-"])
    # The revision's history hash in its front matter, then the text.
    assert result.exit_code == 0 and result.output.startswith("---\nhistory_hash: ")
    assert "\n---\n\n# Compact on Human Mobility\n" in result.output
    result = runner.invoke(cli.main, ["export", "feed", str(world.process_id),
                                      "--as", "obs@accord.example", "-o", "-"])
    assert result.exit_code == 0 and "<feed" in result.output
    result = runner.invoke(cli.main, ["export", "amendments", str(world.document_id),
                                      "--as", "cofac@accord.example", "-o", "-"])
    assert result.exit_code == 0 and "amendmentList" in result.output
    refused = runner.invoke(cli.main, ["export", "revision", str(world.document_id), "0",
                                       "--as", "outsider@accord.example", "-o", "-"])
    assert refused.exit_code != 0 and "No document" in refused.output
    unknown = runner.invoke(cli.main, ["export", "revision", "1", "0", "--as", "x@y.z"])
    assert unknown.exit_code != 0 and "No user" in unknown.output


def test_import_commands(world: World, runner: CliRunner, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# A new compact\n\n## Preamble\n\nRecalling our resolve,\n\n"
                     "## Objective 1\n\n1. We commit.\n\n    (a) To act;\n", encoding="utf-8")
    preview = runner.invoke(cli.main, ["import", "document", str(world.process_id),
                                       str(draft), "--as", "cofac@accord.example"])
    assert preview.exit_code == 0, preview.output
    assert "Preview only" in preview.output and "To act;" in preview.output
    saved = runner.invoke(cli.main, ["import", "document", str(world.process_id), str(draft),
                                     "--as", "cofac@accord.example", "--save"])
    assert saved.exit_code == 0 and "Created document" in saved.output
    markdown = tmp_path / "rev.md"
    runner.invoke(cli.main, ["export", "revision", str(world.document_id), "0", "--format",
                             "markdown", "--as", "cofac@accord.example", "-o", str(markdown)])
    markdown.write_text(markdown.read_text(encoding="utf-8").replace("four", "two"),
                        encoding="utf-8")
    replaced = runner.invoke(cli.main, ["import", "revision", str(world.document_id),
                                        str(markdown), "--as", "cofac@accord.example",
                                        "--save"])
    assert replaced.exit_code == 0, replaced.output
    assert "op2  edited" in replaced.output and "Working copy replaced." in replaced.output
    sample = need_file(AKN / "akn_Bill_UN_2012.xml", "The AKN 2.0 sample")
    checked = runner.invoke(cli.main, ["import", "check", str(sample)])
    assert checked.exit_code == 0 and "10 units" in checked.output
