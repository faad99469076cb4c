"""``revcycle db``: create or upgrade the schema."""

from __future__ import annotations

import typer
from rich.console import Console

from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade
from revcycle.kit.settings import get_settings

HELP = "Create or upgrade the database schema."
app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Create the schema on a new database, or bring an existing one up to date."""
    settings = get_settings()
    database = Database(settings.database_url)
    try:
        heads = upgrade(database.engine)
    finally:
        database.dispose()
    Console(stderr=True).print(f"[green]database is up to date[/green] ({', '.join(heads)})")
