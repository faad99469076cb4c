"""``revcycle reports``: month-end reports computed from the ledger."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.runtime import open_database
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import ConfigurationError, FieldErrors
from revcycle.ledger import service
from revcycle.ledger.domain import RollForward
from revcycle.ledger.schemas import RollForwardOut
from revcycle.reporting import schemas as report_schemas
from revcycle.reporting import service as reporting
from revcycle.reporting.domain import AgingBasis, AgingBy

HELP = "Reports: AR roll-forward and aging (tied to the ledger to the cent), KPIs, denials, payers, staff."
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
    try:
        with open_database() as database, database.uow() as uow:
            practices = [practice] if practice is not None else service.rollforward_practices(uow)
            reports = [service.ar_rollforward(uow, practice_id=p, start=first, end=last) for p in practices]
    except (ConfigurationError, FieldErrors) as exc:
        Console(stderr=True).print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
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


# -- reporting: AR aging, KPIs, denial trends, payer performance, productivity, revenue ------------
def _today() -> date:
    from revcycle.kit.clock import clock

    return clock.today()


def _run_report(practice: int | None, compute: Callable[[UnitOfWork, int], Any]) -> Any:
    """Open the database, pick the practice (the only one with ledger entries when not named)."""
    try:
        with open_database() as database, database.uow() as uow:
            if practice is None:
                found = service.rollforward_practices(uow)
                if len(found) != 1:
                    raise FieldErrors.single(
                        "--practice", f"{len(found)} practices have ledger entries: name one with --practice"
                    )
                practice = found[0]
            return compute(uow, practice)
    except (ConfigurationError, FieldErrors) as exc:
        Console(stderr=True).print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None


def _emit(
    value: Any,
    as_json: bool,
    csv_path: Path | None,
    to_json: Callable[[Any], Any],
    to_csv: Callable[[Any], tuple[Sequence[str], Sequence[Sequence[str]]]],
    title: str,
) -> None:
    header, rows = to_csv(value)
    if csv_path is not None:
        csv_path.write_text(report_schemas.to_csv(header, rows), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(to_json(value), indent=2))
        return
    table = Table(title=title)
    for name in header:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    Console().print(table)


_PRACTICE = typer.Option(None, "--practice", help="Practice id (default: the only practice).")
_JSON = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings.")
_CSV = typer.Option(None, "--csv", help="Also write the report to this CSV file.")
_FROM = typer.Option(None, "--from", help="First day (YYYY-MM-DD; default 30 days before --to).")
_TO = typer.Option(None, "--to", help="Last day, inclusive (YYYY-MM-DD; default today).")


def _span(start: str | None, end: str | None) -> tuple[date, date]:
    last = _day(end, "--to") if end else _today()
    first = _day(start, "--from") if start else last - timedelta(days=29)
    return first, last


@app.command("ar-aging")
def ar_aging(
    as_of: str | None = typer.Option(None, "--as-of", help="Balances as of this day (default today)."),
    basis: str = typer.Option("date_of_service", "--basis", help="date_of_service or submission."),
    by: str = typer.Option("payer", "--by", help="payer or patient rows."),
    billed_only: bool = typer.Option(False, "--billed-only", help="Only claims already submitted."),
    practice: int | None = _PRACTICE,
    as_json: bool = _JSON,
    csv_path: Path | None = _CSV,
) -> None:
    """AR in 0-30, 31-60, 61-90, 91-120 and 120+ day buckets; exits 1 if it does not tie to the ledger."""
    day = _day(as_of, "--as-of") if as_of else None
    try:
        basis_, by_ = AgingBasis(basis), AgingBy(by)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    report = _run_report(
        practice,
        lambda uow, p: reporting.ar_aging(
            uow, practice_id=p, as_of=day, basis=basis_, by=by_, billed_only=billed_only
        ),
    )
    title = f"AR aging by {by_.value} as of {report.as_of} ({basis_.value})"
    _emit(report, as_json, csv_path, report_schemas.aging_json, report_schemas.aging_csv, title)
    if not billed_only and not report.ties:
        raise typer.Exit(1)


def _period_report(
    name: str,
    doc: str,
    title: str,
    compute: Callable[..., Any],
    to_json: Callable[[Any], Any],
    to_csv: Callable[[Any], Any],
) -> None:
    """Register ``revcycle reports NAME``: a report over a period, as a table, JSON or CSV."""

    def command(
        start: str | None = _FROM,
        end: str | None = _TO,
        practice: int | None = _PRACTICE,
        as_json: bool = _JSON,
        csv_path: Path | None = _CSV,
    ) -> None:
        first, last = _span(start, end)
        result = _run_report(practice, lambda uow, p: compute(uow, practice_id=p, start=first, end=last))
        _emit(result, as_json, csv_path, to_json, to_csv, f"{title} {first} to {last}")

    command.__doc__ = doc
    app.command(name)(command)


_period_report(
    "kpis",
    "Clean claim rate, first-pass resolution, denial rate, days in AR, net collection, aged AR.",
    "KPIs",
    reporting.kpis,
    report_schemas.kpis_json,
    report_schemas.kpis_csv,
)
_period_report(
    "denial-trends",
    "Denials per month by cause, payer and rendering provider.",
    "Denial trends",
    reporting.denial_trends,
    report_schemas.trends_json,
    report_schemas.trends_csv,
)
_period_report(
    "payer-performance",
    "Days to pay, denials and underpayments per payer.",
    "Payer performance",
    reporting.payer_report,
    report_schemas.payers_json,
    report_schemas.payers_csv,
)
_period_report(
    "staff-productivity",
    "Claims worked and denials resolved per user and day.",
    "Staff productivity",
    reporting.staff_productivity,
    report_schemas.productivity_json,
    report_schemas.productivity_csv,
)


@app.command("charges-payments")
def charges_payments(
    by: str = typer.Option("provider", "--by", help="provider or code"),
    start: str | None = _FROM,
    end: str | None = _TO,
    practice: int | None = _PRACTICE,
    as_json: bool = _JSON,
    csv_path: Path | None = _CSV,
) -> None:
    """Charges, payments and adjustments posted in the period, by rendering provider or code."""
    first, last = _span(start, end)
    rows = _run_report(
        practice,
        lambda uow, p: reporting.charges_and_payments(uow, practice_id=p, start=first, end=last, by=by),
    )
    title = f"Charges and payments by {by} {first} to {last}"
    _emit(rows, as_json, csv_path, report_schemas.revenue_json, report_schemas.revenue_csv, title)
