"""``revcycle tokens``: API tokens for integrations (shown once, stored hashed, scoped, expiring)."""

from __future__ import annotations

import json

import typer

from revcycle.cli.runtime import open_database
from revcycle.kit.errors import RevcycleError
from revcycle.security.service.tokens import create_token
from revcycle.security.service.users import find_user

HELP = "Create API tokens for integrations."
app = typer.Typer(no_args_is_help=True)


@app.command("create")
def create(
    user: str = typer.Option(..., "--user", help="The user the token acts as."),
    scope: list[str] = typer.Option(  # noqa: B008 - typer's way
        [], "--scope", help="A permission the token may use (repeat); none = all of the user's."
    ),
    expires_days: int = typer.Option(90, "--expires-days", help="Days until the token expires."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Print a new token once. Clients send it as ``Authorization: Bearer TOKEN``."""
    try:
        with open_database() as database, database.transaction() as uow:
            new = create_token(uow, user_id=find_user(uow, user).id, scopes=scope, expires_days=expires_days)
            info = {
                "id": new.row.id,
                "user": user,
                "scopes": new.row.scopes,
                "expires_at": new.row.expires_at.isoformat(),
                "token": new.token,
            }
    except RevcycleError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(info))
        return
    typer.echo(new.token)
    typer.echo(
        f"token {info['id']} for {user}, expires {info['expires_at']}; it is not shown again", err=True
    )
