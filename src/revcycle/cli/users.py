"""``revcycle users``: create the people who sign in (one account per person)."""

from __future__ import annotations

import json
import sys

import typer

from revcycle.kit.db import Database
from revcycle.kit.errors import RevcycleError
from revcycle.kit.settings import get_settings
from revcycle.security.domain import Role
from revcycle.security.service.passwords import totp_uri
from revcycle.security.service.users import create_user, one_time_password

HELP = "Create users (unique accounts with a role and a practice)."
app = typer.Typer(no_args_is_help=True)


@app.command("create")
def create(
    username: str = typer.Argument(..., help="One person's own user name (no shared accounts)."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(r.value for r in Role)}."),
    practice: int = typer.Option(..., "--practice", help="The practice id the user works for."),
    full_name: str | None = typer.Option(None, "--full-name"),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin (otherwise a one-time password)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Create USERNAME. Admins and supervisors also get a TOTP secret to enrol in an authenticator app.

    Without --password-stdin the user gets a one-time password, shown once: the first sign-in
    asks for a new one before any other page opens.
    """
    password = sys.stdin.readline().rstrip("\n") if password_stdin else one_time_password(username)
    database = Database(get_settings().database_url)
    try:
        with database.transaction() as uow:
            new = create_user(
                uow,
                username=username,
                role=role,
                practice_id=practice,
                password=password,
                full_name=full_name,
                must_change_password=not password_stdin,
            )
            user_id = new.user.id
    except RevcycleError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    finally:
        database.dispose()
    result: dict[str, object] = {"id": user_id, "username": username, "role": role, "practice_id": practice}
    if not password_stdin:
        result["one_time_password"] = password
    if new.totp_secret:
        result["totp_secret"] = new.totp_secret
        result["totp_uri"] = totp_uri(new.totp_secret, username)
    if as_json:
        typer.echo(json.dumps(result))
        return
    typer.echo(f"user {username} created (id {user_id}, role {role}, practice {practice})")
    if not password_stdin:
        typer.echo(f"one-time password (shown once; to be changed at the first sign-in): {password}")
    if new.totp_secret:
        typer.echo("enrol this secret in an authenticator app now; it is not shown again:")
        typer.echo(f"  {new.totp_secret}")
        typer.echo(f"  {result['totp_uri']}")
