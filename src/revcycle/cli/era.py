"""``revcycle era``: import 835 remittances and bank deposits, list the work queues."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from revcycle.cli.runtime import open_database, resolve_practice
from revcycle.kit.errors import ConfigurationError, RevcycleError
from revcycle.remittance import repository as repo
from revcycle.remittance.service import eft
from revcycle.remittance.service.ingest import ingest_era
from revcycle.remittance.service.queues import QUEUES

HELP = "Remittances: import 835 files and bank deposits, list the work queues."
app = typer.Typer(no_args_is_help=True)
PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice).")
JsonOption = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings.")
EraFile = typer.Argument(..., exists=True, dir_okay=False, help="An 835 file.")
DepositsFile = typer.Argument(..., exists=True, dir_okay=False, help="CSV (date,amount,trace_number) or BAI2")
FormatOption = typer.Option(None, "--format", help="csv or bai2 (default: detected from the file).")


@app.callback()
def era() -> None:
    """835 remittances: auto-posting, queues, EFT reassociation."""


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[red]{message}[/red]")
    raise typer.Exit(2)


@app.command("import")
def import_era(
    file: Path = EraFile,
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """Validate and post an 835. Exit 0 when posted or a duplicate, 1 when quarantined."""
    try:
        with open_database() as database, database.transaction() as uow:
            result = ingest_era(
                uow,
                practice_id=resolve_practice(uow, practice),
                text=file.read_text(encoding="utf-8", errors="replace"),
                source_name=file.name,
            )
    except (ConfigurationError, RevcycleError) as exc:
        _fail(exc.message)
        return
    data = result.to_json()
    if as_json:
        typer.echo(
            json.dumps(
                {k: data[k] for k in ("status", "claims_posted", "claims_unmatched", "paid", "reason")}
            )
        )
    else:
        console = Console()
        console.print(
            f"{result.status}: {result.claims_posted} claim(s) posted, {result.claims_unmatched} unmatched, "
            f"paid {data['paid']}"
        )
        if result.reason:
            console.print(result.reason)
    raise typer.Exit(0 if result.ok else 1)


@app.command("deposits")
def import_deposits(
    file: Path = DepositsFile,
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
    file_format: str | None = FormatOption,
) -> None:
    """Import bank deposits (CSV or BAI2) and reassociate them with ERAs; mismatches go to the EFT
    queue."""
    if file_format not in (None, "csv", "bai2"):
        _fail(f"--format {file_format}: expected csv or bai2")
    try:
        with open_database() as database, database.transaction() as uow:
            result = eft.import_deposits(
                uow,
                practice_id=resolve_practice(uow, practice),
                csv_text=file.read_text(),
                file_format=file_format,
            )
    except (ConfigurationError, RevcycleError) as exc:
        _fail(exc.message)
        return
    typer.echo(json.dumps(result.to_json()) if as_json else f"{result.to_json()}")


@app.command("queue")
def queue(
    name: str = typer.Argument("denial", help=f"One of: {', '.join(QUEUES)}."),
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """Open items of a work queue (no patient names: claim numbers, codes and amounts)."""
    if name not in QUEUES:
        raise typer.BadParameter(f"one of {', '.join(QUEUES)}", param_hint="name")
    with open_database() as database, database.uow() as uow:
        items = [
            {
                "id": i.id,
                "claim": i.patient_control_number,
                "cause": i.cause,
                "codes": i.codes,
                "amount": str(i.amount.amount),
                "recommended_action": i.recommended_action,
                "status": i.status,
            }
            for i in repo.work_items(uow, resolve_practice(uow, practice), queue=name, status=None)
            if i.status != "resolved"
        ]
    if as_json:
        typer.echo(json.dumps(items))
        return
    for item in items:
        fields = ("claim", "cause", "codes", "amount", "recommended_action")
        typer.echo(f"#{item['id']} " + " ".join(str(item[f]) for f in fields))
