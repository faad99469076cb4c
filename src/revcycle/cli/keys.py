"""``revcycle keys``: rotate the encryption key and re-encrypt every protected value."""

from __future__ import annotations

import json

import typer

from revcycle.kit.crypto import key_file_path, key_ring
from revcycle.kit.db import Database
from revcycle.kit.settings import get_settings
from revcycle.security.service.keys import rotate_keys

HELP = "Manage the encryption keys (kept outside the database)."
app = typer.Typer(no_args_is_help=True)


@app.command("rotate")
def rotate(as_json: bool = typer.Option(False, "--json")) -> None:
    """Add a new key version, make it active, and re-encrypt every encrypted value under it."""
    database = Database(get_settings().database_url)
    try:
        with database.transaction() as uow:
            report = rotate_keys(uow, key_ring())
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(report.__dict__))
        return
    typer.echo(
        f"key version {report.new_version} is active; {report.values} value(s) re-encrypted "
        f"({', '.join(report.columns)}); key file: {key_file_path().name} in the data directory"
    )
