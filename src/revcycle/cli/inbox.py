"""``revcycle inbox``: read acknowledgments from the clearinghouse."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from revcycle.claims import acknowledgments
from revcycle.clearinghouse.config import clearinghouse_from_env
from revcycle.cli.claims import PracticeOption, database, practice_id
from revcycle.kit.settings import get_settings

HELP = "Process acknowledgments (TA1, 999, 277CA, 277) and 835s waiting in the clearinghouse inbox."
app = typer.Typer(no_args_is_help=True)


@app.command("process")
def process(
    practice: int | None = PracticeOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON for machines."),
) -> None:
    """Match each file to batches and claims and update them; each file is processed once. 835s
    are posted to the practice (``--practice``, needed when there are several)."""
    with database() as db, db.transaction() as uow:
        report = acknowledgments.process_inbox(
            uow,
            clearinghouse=clearinghouse_from_env(get_settings()),
            actor="clearinghouse",
            practice_id=practice_id(uow, practice),
        )
    if as_json:
        typer.echo(json.dumps(report.__dict__))
        return
    Console().print(
        f"{report.files} file(s), {report.claims_updated} claim update(s), {report.duplicates} duplicate(s), "
        f"{len(report.unreadable)} unreadable, {len(report.unmatched)} unmatched, "
        f"{len(report.remittances)} 835(s) to remittance"
    )
