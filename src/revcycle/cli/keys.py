"""``revcycle keys``: rotate a key (field encryption, blind index, audit chain) and redo what needs it."""

from __future__ import annotations

import json

import typer

from revcycle.kit.crypto import key_file_path, key_ring
from revcycle.kit.db import Database
from revcycle.kit.settings import get_settings
from revcycle.security.service.keys import RotationReport, rotate_audit_key, rotate_blind_index, rotate_keys

HELP = "Manage the encryption keys (kept outside the database)."
app = typer.Typer(no_args_is_help=True)


@app.command("rotate")
def rotate(
    blind_index: bool = typer.Option(
        False, "--blind-index", help="Rotate the blind-index key and recompute every member-ID index."
    ),
    audit_key: bool = typer.Option(
        False, "--audit-key", help="Rotate the audit-chain HMAC key; new records are sealed with it."
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Add a new key version and make it active. By default the field-encryption key (every
    encrypted value is re-encrypted); --blind-index or --audit-key rotate those keys instead."""
    if blind_index and audit_key:
        typer.echo("error: rotate one key at a time (--blind-index or --audit-key)", err=True)
        raise typer.Exit(2)
    database = Database(get_settings().database_url)
    report: RotationReport
    try:
        if audit_key:
            report = rotate_audit_key(database, key_ring())
        else:
            with database.transaction() as uow:
                report = (rotate_blind_index if blind_index else rotate_keys)(uow, key_ring())
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(report.__dict__))
        return
    where = f"key file: {key_file_path().name} in the data directory"
    if audit_key:
        typer.echo(
            f"audit key version {report.new_version} seals new records; older ones keep theirs; {where}"
        )
    elif blind_index:
        typer.echo(
            f"blind-index key version {report.new_version} is active; {report.values} index(es) recomputed "
            f"({', '.join(report.columns)}); {where}"
        )
    else:
        typer.echo(
            f"key version {report.new_version} is active; {report.values} value(s) re-encrypted "
            f"({', '.join(report.columns)}); {where}"
        )
