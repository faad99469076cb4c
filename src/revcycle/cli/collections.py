"""``revcycle collections``: the agency's CSV file of placed accounts; accounts ready for an agency."""

from __future__ import annotations

from pathlib import Path

import typer

from revcycle.cli.eligibility import emit, parse_day, transaction
from revcycle.kit.clock import clock
from revcycle.patient_billing.service import collections
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

HELP = "Collections: accounts ready for an agency, and the CSV export of placed accounts."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def collections_group() -> None:
    """Collections."""


@app.command("export")
def export(
    out: str = typer.Option(..., "--out", help="CSV file to write."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Write every account placed with an agency to a CSV file (amounts as decimal strings)."""
    with transaction(practice) as (uow, practice_id):
        text, rows = collections.export_csv(uow, practice_id=practice_id)
        Path(out).write_text(text, encoding="utf-8")
        for row in rows:
            record_access(uow, None, AuditAction.EXPORT, "collection", row.account, None, detail="agency csv")
        data = {"accounts": len(rows), "file": Path(out).name}
    emit(as_json, data, lambda: f"{data['accounts']} placed account(s) written")


@app.command("ready")
def ready(
    on: str | None = typer.Option(None, "--date", help="As of this date (default today)."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Accounts whose final notice has had its 30 days (no dispute, plan or hardship hold)."""
    day = parse_day(on, "--date", clock.today())
    with transaction(practice) as (uow, practice_id):
        found = collections.ready_for_agency(uow, practice_id=practice_id, on=day)
    emit(as_json, found, lambda: "\n".join(found) or "no account is ready for an agency")
