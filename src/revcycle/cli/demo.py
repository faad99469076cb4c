"""``revcycle demo``: a demo practice to try revcycle with."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from revcycle.charges.demo import load_demo_charges
from revcycle.codes.service import load_shipped_sets
from revcycle.demo.practice import load_demo_practice
from revcycle.demo.users import load_demo_users
from revcycle.kit.db import Database
from revcycle.kit.migrate import upgrade
from revcycle.kit.settings import get_settings

HELP = "Load demo data (idempotent)."
app = typer.Typer(no_args_is_help=True)


@app.command("load")
def load(as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """Load the demo practice once: 3 providers, 5 payers, 60 patients with their coverages."""
    database = Database(get_settings().database_url)
    try:
        upgrade(database.engine)
        with database.transaction() as uow:
            summary = load_demo_practice(uow)
            load_demo_charges(uow, practice_id=summary.practice_id)
            demo_users = load_demo_users(
                uow, practice_id=summary.practice_id, data_dir=get_settings().data_dir
            )
            load_shipped_sets(uow)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(summary.__dict__ | {"credentials": str(demo_users.credentials)}))
        return
    verb = "loaded" if summary.created else "already present"
    Console().print(
        f"demo practice {verb}: practice {summary.practice_id}, {summary.providers} providers, "
        f"{summary.payers} payers, {summary.patients} patients, {summary.coverages} coverages"
    )
    Console().print(
        f"sign in as [bold]admin[/bold] (or front.desk, coder, biller, supervisor, auditor): one-time "
        f"passwords are in {demo_users.credentials}"
    )
