"""``revcycle reports``: month-end reports computed from the ledger."""

from __future__ import annotations

import json
from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from revcycle.kit.db import Database
from revcycle.kit.errors import ConfigurationError, FieldErrors
from revcycle.kit.migrate import ensure_up_to_date
from revcycle.kit.settings import get_settings
from revcycle.ledger import service
from revcycle.ledger.domain import RollForward
from revcycle.ledger.schemas import RollForwardOut

HELP = "Month-end reports: the AR roll-forward, tied to the ledger to the cent."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def reports() -> None:
    """Month-end reports computed from the ledger."""


_COLUMNS = ("opening", "charges", "payments", "adjustments", "refunds", "transfers", "closing")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (use YYYY-MM-DD)", param_hint=option) from None


@app.command("ar-rollforward")
def ar_rollforward(
    start: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day of the period (YYYY-MM-DD), inclusive."),
    practice: int | None = typer.Option(
        None, "--practice", help="One practice id (default: every practice)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """opening AR + charges - payments - adjustments + refunds = closing AR, per practice.

    Exits with status 1 when a roll-forward does not tie to the ledger.
    """
    first, last = _day(start, "--from"), _day(end, "--to")
    database = Database(get_settings().database_url)
    try:
        ensure_up_to_date(database.engine)
        with database.uow() as uow:
            practices = [practice] if practice is not None else service.rollforward_practices(uow)
            reports = [service.ar_rollforward(uow, practice_id=p, start=first, end=last) for p in practices]
    except (ConfigurationError, FieldErrors) as exc:
        Console(stderr=True).print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    if as_json:
        payload = {
            "from": first.isoformat(),
            "to": last.isoformat(),
            "practices": [RollForwardOut.of(r).model_dump(mode="json") for r in reports],
        }
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print(reports, first, last)
    if not all(r.ties for r in reports):
        raise typer.Exit(1)


def _print(reports: list[RollForward], first: date, last: date) -> None:
    console = Console()
    if not reports:
        console.print(f"no ledger entries: nothing to roll forward for {first} to {last}")
    for report in reports:
        table = Table(title=f"AR roll-forward, practice {report.practice_id}, {first} to {last}")
        table.add_column("")
        for column in _COLUMNS:
            table.add_column(column, justify="right")
        table.add_column("ties")
        for name, bucket in (
            ("insurance", report.insurance),
            ("patient", report.patient),
            ("total", report.total),
        ):
            table.add_row(name, *(str(getattr(bucket, c)) for c in _COLUMNS), "yes" if bucket.ties else "NO")
        console.print(table)
