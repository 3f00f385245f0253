"""The ``accord`` command: database, demo, users, serving, and verifying the history."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from server.features.common import commands
from server.features.files.cli import register as register_file_commands

ROOT = Path(__file__).resolve().parent.parent


@click.group()
def main() -> None:
    """Accord: negotiate a text between governments."""


@main.group()
def db() -> None:
    """The database schema."""


def upgrade_database(url: str | None = None) -> None:
    """Bring the database at ``url`` (default: DATABASE_URL) to the latest schema."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig(str(ROOT / "alembic.ini"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration (creates the SQLite file when needed)."""
    from config import INSTANCE, Config

    if Config.DATABASE_URL.startswith("sqlite"):
        INSTANCE.mkdir(parents=True, exist_ok=True)
    upgrade_database()
    click.echo("Database is up to date.")


def _demo_password() -> str:
    """The demo accounts' password: random, made once, kept in instance/ (never in the repo)."""
    import secrets

    from config import INSTANCE

    path = INSTANCE / "demo-password"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("demo-" + secrets.token_urlsafe(9))
    return path.read_text().strip()


@main.command()
@click.option("--if-empty", is_flag=True, help="Do nothing when a process exists already.")
def demo(if_empty: bool) -> None:
    """Load the demo negotiation and print its sign-ins."""
    from server.demo.loader import load_demo, print_sign_ins

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    password = _demo_password()
    try:
        created = load_demo(ctx, password, only_if_empty=if_empty)
    finally:
        ctx.session.close()
    if created:
        click.echo("Demo negotiation loaded.")
    else:
        click.echo("The database holds a process already; the demo was not loaded again.")
    print_sign_ins(click.echo, password)


@main.group()
def user() -> None:
    """User accounts."""


@user.command("add")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--admin", is_flag=True, help="May open processes and appoint co-facilitators.")
@click.option("--token", is_flag=True, help="Also issue a bearer token and print it once.")
def user_add(email: str, name: str, password: str, admin: bool, token: bool) -> None:
    """Create an account with the password its owner types (the first administrator; everyone
    else is invited, and sets their own password)."""
    from datetime import timedelta

    import server.features.auth.service as auth
    from server.core.errors import DomainError

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    try:
        account, issued = auth.create_account(
            ctx, email=email, name=name, password=password, is_admin=admin,
            token_name="command line" if token else None,
            token_lifetime=timedelta(seconds=app.config["TOKEN_SECONDS"]))
    except DomainError as error:
        raise click.ClickException(error.message) from None
    finally:
        ctx.session.close()
    click.echo(f"User {account.email} created (id {account.id}).")
    if issued:
        click.echo(f"Bearer token (shown once): {issued}")


@main.command()
def verify() -> None:
    """Recompute every history chain and name the first altered entry."""
    from server.features.history.service import verify_all

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    try:
        count, breaks = verify_all(ctx)
    finally:
        ctx.session.close()
    if not breaks:
        click.echo(f"History intact: {count} chains verified.")
        return
    for found in breaks:
        click.echo(f"ALTERED: stream {found.stream}, entry {found.seq}: {found.reason}", err=True)
    sys.exit(1)


@main.group()
def silence() -> None:
    """Silence procedures."""


@silence.command("settle")
def silence_settle() -> None:
    """Record as agreed every silence procedure whose deadline passed unbroken (the server
    does this every ACCORD_SETTLE_SECONDS; this is for deployments that prefer cron)."""
    from server.features.silence.service import settle_due

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    ctx.publish = app.extensions["accord"].publish
    try:
        settled = settle_due(ctx)
    finally:
        ctx.session.close()
    click.echo(f"{len(settled)} silence procedure(s) recorded as agreed.")


@main.command()
@click.option("--host", default=None, help="Address to bind (ACCORD_HOST).")
@click.option("--port", default=None, type=int, help="Port (ACCORD_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Serve the app and its live updates under gevent."""
    env = dict(os.environ, ACCORD_GEVENT_PATCH="1")
    if host:
        env["ACCORD_HOST"] = host
    if port:
        env["ACCORD_PORT"] = str(port)
    # A fresh interpreter, so that gevent patches the standard library before any import.
    os.execve(sys.executable, [sys.executable, "-m", "server.serve"], env)




if __name__ == "__main__":
    main()


register_file_commands(main)
