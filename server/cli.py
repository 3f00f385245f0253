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
@click.option("--public-key", "public_key", default=None, metavar="HEX|FILE",
              help="The history key's public key (64 hex digits, or a file holding them or "
                   "a PEM block) the seals must be signed by; default: the key file's.")
def verify(public_key: str | None) -> None:
    """Recompute every history chain, check its seals and the revisions' history hashes,
    and replay it against the tables; name each difference (exit 1 if any)."""
    from server.features.history.seals import parse_public_key
    from server.features.history.verification import SHOWN, short, verify_all

    given = None
    if public_key is not None:
        text = Path(public_key).read_text() if Path(public_key).is_file() else public_key
        try:
            given = parse_public_key(text)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--public-key") from None
    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    try:
        result = verify_all(ctx, given)
    finally:
        ctx.session.close()
    if not result.findings:
        key = f" against the key {short(result.public_key)}" if result.public_key else ""
        click.echo(f"History intact: {result.chains} chains verified, {result.seals} seals "
                   f"checked{key}, {result.replayed} records replayed against the tables.")
        for stream, (seq, head) in sorted(result.sealed.items()):
            click.echo(f"  {stream}: sealed up to entry #{seq} (history hash {head}).")
        return
    for found in result.findings[:SHOWN]:
        click.echo(f"ALTERED in {found.stream}: {found.message}", err=True)
    if len(result.findings) > SHOWN:
        click.echo(f"... and {len(result.findings) - SHOWN} more differences.", err=True)
    sys.exit(1)


@main.group()
def history() -> None:
    """The history's seals and the key that signs them."""


@history.command("seal")
def history_seal() -> None:
    """Seal the head of every chain that moved since its last seal."""
    from server.features.history.seals import seal_unsealed

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    try:
        sealed = seal_unsealed(ctx)
    finally:
        ctx.session.close()
    for seal in sealed:
        click.echo(f"Sealed {seal.stream} at entry #{seal.seq}: {seal.head_hash}")
    click.echo(f"{len(sealed)} chain(s) sealed.")


@history.command("public-key")
def history_public_key() -> None:
    """Print the history key's public key (made now if there is none yet): publish it, so
    that anyone can check the seals (accord verify --public-key)."""
    from server.features.history.seals import key_of

    app = commands.make_app()
    ctx = commands.unit_of_work(app)
    try:
        key = key_of(ctx.session)
    finally:
        ctx.session.close()
    if key is None:
        raise click.ClickException("No history key is configured.")
    click.echo(key.public_hex())


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


@main.group()
def inbox() -> None:
    """The inbox's e-mail."""


@inbox.command("digest")
def inbox_digest() -> None:
    """Send the daily digest to everyone who chose it and whose last one is a day old (the
    server does this every ACCORD_SETTLE_SECONDS; this is for deployments that prefer cron)."""
    from server.features.inbox.mail import send_digests

    app = commands.make_app()
    with app.app_context():
        ctx = commands.unit_of_work(app)
        try:
            sent = send_digests(ctx)
        finally:
            ctx.session.close()
    click.echo(f"{sent} inbox digest(s) sent.")


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
