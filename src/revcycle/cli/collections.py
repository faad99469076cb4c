"""``revcycle collections``: the agency's CSV file of placed accounts; accounts ready for an agency."""

from __future__ import annotations

from pathlib import Path

import typer

from revcycle.cli.eligibility import actor_option, cli_actor, emit, parse_day, require_actor, transaction
from revcycle.kit.clock import clock
from revcycle.patient_billing.service import accounts, collections
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
    as_user: str | None = actor_option(),
) -> None:
    """Write every account placed with an agency to a CSV file (amounts as decimal strings). A PHI
    export: it needs --as USERNAME (a user who may record payments), recorded in the audit trail."""
    require_actor(as_user, "the agency's CSV file")
    with transaction(practice) as (uow, practice_id):
        actor = cli_actor(uow, practice_id, as_user, "payments:write")
        text, rows = collections.export_csv(uow, practice_id=practice_id)
        Path(out).write_text(text, encoding="utf-8")
        for row in rows:
            patient = accounts.patients_of(uow, practice_id, row.account)[0]
            record_access(
                uow, actor, AuditAction.EXPORT, "collection", row.account, patient, detail="agency csv (cli)"
            )
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
