"""``accord export ...`` and ``accord import ...``: the file exchanges of the API, from the
command line, acting as a named participant (``--as EMAIL``) whose rights apply."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
from flask import Flask
from sqlalchemy import func, select

from server.core.errors import DomainError
from server.features.common import commands
from server.features.common.context import Ctx
from server.features.files.worker import ImportLimits, ImportsBusy
from server.models import User

T = TypeVar("T")
_EXTENSIONS = {".docx": "docx", ".xml": "akn", ".akn": "akn", ".md": "markdown",
               ".markdown": "markdown", ".txt": "text", ".pdf": "pdf"}


def _limits(app: Flask | None = None) -> ImportLimits:
    """The import limits of the server's settings: the command line reads files through the
    same worker as the server."""
    if app is not None:
        return ImportLimits.of(app.config)
    from config import Config

    return ImportLimits.of(vars(Config))


def _run(email: str, action: Callable[[Ctx, Flask], T]) -> T:
    app = commands.make_app()
    with app.app_context():
        ctx = commands.unit_of_work(app)
        try:
            user = ctx.session.scalars(select(User).where(
                func.lower(User.email) == email.strip().lower())).first()
            if user is None:
                raise click.ClickException(f"No user {email}.")
            ctx.user = user
            return action(ctx, app)
        except (DomainError, ImportsBusy) as error:
            raise click.ClickException(str(error)) from None
        finally:
            ctx.session.close()


def _write(data: bytes, output: str | None, default_name: str) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output or default_name)
    target.write_bytes(data)
    click.echo(f"Wrote {target} ({len(data)} bytes).", err=True)


def _format_of(path: Path, given: str | None) -> str:
    if given:
        return given
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise click.BadParameter(f"cannot tell the format of {path.name}; give --format",
                                 param_hint="--format")
    return fmt


AS = click.option("--as", "email", required=True, metavar="EMAIL",
                  help="The participant whose rights apply.")
OUTPUT = click.option("-o", "--output", metavar="FILE",
                      help="Where to write ('-' for standard output; default: a file named "
                           "after the document in the current folder).")


@click.group("export")
def export_group() -> None:
    """Export revisions, comparisons, compilations, amendments and the Atom feed."""


@export_group.command("revision")
@click.argument("document_id", type=int)
@click.argument("sequence", type=int)
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "akn", "markdown", "text", "html", "pdf"]))
@AS
@OUTPUT
def export_revision(document_id: int, sequence: int, fmt: str, email: str,
                    output: str | None) -> None:
    """A published revision (0 is the zero draft)."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_revision(ctx, document_id, sequence,
                                                                fmt))
    _write(file.data, output, file.filename)


@export_group.command("working-copy")
@click.argument("document_id", type=int)
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "akn", "markdown", "text", "html", "pdf"]))
@AS
@OUTPUT
def export_working_copy(document_id: int, fmt: str, email: str, output: str | None) -> None:
    """The co-facilitators' working copy."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_working_copy(ctx, document_id, fmt))
    _write(file.data, output, file.filename)


@export_group.command("diff")
@click.argument("document_id", type=int)
@click.argument("from_sequence", type=int)
@click.argument("to_sequence", type=int)
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "html", "pdf"]))
@AS
@OUTPUT
def export_diff(document_id: int, from_sequence: int, to_sequence: int, fmt: str,
                email: str, output: str | None) -> None:
    """Two revisions compared (DOCX: Word tracked changes)."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_comparison(
        ctx, document_id, from_sequence, to_sequence, fmt))
    _write(file.data, output, file.filename)


@export_group.command("compilation")
@click.argument("document_id", type=int)
@click.argument("sequence", type=int)
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "text", "html", "pdf"]))
@AS
@OUTPUT
def export_compilation(document_id: int, sequence: int, fmt: str, email: str,
                       output: str | None) -> None:
    """The compilation text of a revision, proposals inlined and attributed."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_compilation(ctx, document_id,
                                                                   sequence, fmt))
    _write(file.data, output, file.filename)


@export_group.command("amendments")
@click.argument("document_id", type=int)
@click.option("--revision", "sequence", type=int, default=None,
              help="Only the amendments made against this revision.")
@AS
@OUTPUT
def export_amendments(document_id: int, sequence: int | None, email: str,
                      output: str | None) -> None:
    """The amendments as an Akoma Ntoso 3.0 amendmentList."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_amendments_akn(ctx, document_id,
                                                                      sequence))
    _write(file.data, output, file.filename)


@export_group.command("amendment")
@click.argument("amendment_id", type=int)
@click.option("--format", "fmt", default="docx", show_default=True,
              type=click.Choice(["docx", "akn"]))
@AS
@OUTPUT
def export_amendment(amendment_id: int, fmt: str, email: str, output: str | None) -> None:
    """One amendment (DOCX: tracked changes by its proponents)."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.export_amendment(ctx, amendment_id, fmt))
    _write(file.data, output, file.filename)


@export_group.command("feed")
@click.argument("process_id", type=int)
@click.option("--base-url", default="http://localhost:5000/", show_default=True)
@AS
@OUTPUT
def export_feed(process_id: int, base_url: str, email: str, output: str | None) -> None:
    """The Atom feed of the revisions published in a process."""
    import server.features.files.service as documents_io

    file = _run(email, lambda ctx, _app: documents_io.revisions_feed(ctx, process_id,
                                                               base_url=base_url))
    _write(file.data, output, file.filename)


@click.group("import")
def import_group() -> None:
    """Import DOCX, Akoma Ntoso, Markdown or text files (preview unless --save)."""


FORMAT = click.option("--format", "fmt", default=None,
                      type=click.Choice(["docx", "akn", "markdown", "text", "pdf"]),
                      help="Default: from the file's extension.")


def _show(units: list[object], warnings: list[str]) -> None:
    from server.core.text import UnitView

    for unit in units:
        assert isinstance(unit, UnitView)
        label = " ".join(x for x in (unit.number or "", unit.heading or "") if x)
        text = unit.text.replace("\n", " / ")
        click.echo(f"{unit.key:>10}  {unit.kind.value:<12} {label[:40]:<40} {text[:60]}")
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)


@import_group.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORMAT
def import_check(path: Path, fmt: str | None) -> None:
    """Parse a file and show its units (no database, nothing saved)."""
    import server.features.files.service as documents_io

    try:
        parsed = documents_io.parse_file(path.read_bytes(), _format_of(path, fmt), _limits())
    except (DomainError, ImportsBusy) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Title: {parsed.title or '(none)'}; {len(parsed.units)} units")
    _show(list(parsed.units), parsed.warnings)


@import_group.command("document")
@click.argument("process_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORMAT
@click.option("--title", default=None, help="Default: the title found in the file.")
@click.option("--save", is_flag=True, help="Create the document (default: preview only).")
@AS
def import_document(process_id: int, path: Path, fmt: str | None, title: str | None,
                    save: bool, email: str) -> None:
    """Import a file as a new document (its working copy: the zero draft in preparation)."""
    import server.features.files.service as documents_io

    outcome = _run(email, lambda ctx, app: documents_io.import_document(
        ctx, process_id, content=path.read_bytes(), fmt=_format_of(path, fmt), title=title,
        preview=not save, limits=_limits(app)))
    _show(list(outcome.units), outcome.warnings)
    if outcome.saved:
        click.echo(f"Created document {outcome.document_id}.")
    else:
        click.echo("Preview only: nothing saved (add --save).")


@import_group.command("revision")
@click.argument("document_id", type=int)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@FORMAT
@click.option("--base-version", type=int, default=None,
              help="The working copy's version replaced (default: the current one).")
@click.option("--save", is_flag=True, help="Replace the working copy (default: preview).")
@AS
def import_revision(document_id: int, path: Path, fmt: str | None, base_version: int | None,
                    save: bool, email: str) -> None:
    """Import a file as the next revision: units matched by lineage keep their keys."""
    import server.features.files.service as documents_io
    import server.features.text.service as documents

    def act(ctx: Ctx, app: Flask) -> documents_io.ImportOutcome:
        version = base_version
        if save and version is None:
            version = documents.get_working_copy(ctx, document_id).revision.version
        return documents_io.import_revision(ctx, document_id, content=path.read_bytes(),
                                            fmt=_format_of(path, fmt),
                                            expected_version=version, preview=not save,
                                            limits=_limits(app))

    outcome = _run(email, act)
    _show(list(outcome.units), outcome.warnings)
    for match in outcome.lineage:
        if match.status != "unchanged":
            click.echo(f"{match.key:>10}  {match.status}"
                       + (f" (was {match.previous})" if match.previous else ""))
    click.echo("Working copy replaced." if outcome.saved else
               "Preview only: nothing saved (add --save).")


def register(main: click.Group) -> None:
    main.add_command(export_group)
    main.add_command(import_group)
