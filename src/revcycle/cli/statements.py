"""``revcycle statements``: cycle billing (one statement per account and cycle, PDF and text)."""

from __future__ import annotations

from pathlib import Path

import typer

from revcycle.cli.eligibility import emit, parse_day, transaction
from revcycle.kit.clock import clock
from revcycle.patient_billing.service.documents import run_statements

HELP = "Patient statements: cycle billing with itemized PDFs and e-mail text."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def statements() -> None:
    """Patient statements."""


@app.command("run")
def run(
    on: str | None = typer.Option(None, "--date", help="Statement date (default today)."),
    out: str | None = typer.Option(None, "--out", help="Folder for the PDF and text files."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """Send this cycle's statements to every account with a balance due."""
    day = parse_day(on, "--date", clock.today())
    with transaction(practice) as (uow, practice_id):
        result = run_statements(uow, practice_id=practice_id, on=day, out_dir=Path(out) if out else None)
        data: dict[str, list[dict[str, object]]] = {
            "sent": [
                {
                    "statement_id": r.id,
                    "account": r.account,
                    "amount_due": str(r.amount_due),
                    "stage": r.stage,
                }
                for r in result.sent
            ],
            "skipped": [{"account": a, "why": why} for a, why in result.skipped],
        }
    emit(as_json, data, lambda: f"{len(data['sent'])} statement(s) sent, {len(data['skipped'])} skipped")
