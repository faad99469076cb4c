"""``revcycle payments``: record a patient payment (cash, check, card from an outside terminal)."""

from __future__ import annotations

import typer

from revcycle.cli.eligibility import emit, parse_day, transaction
from revcycle.kit.clock import clock
from revcycle.kit.money import Money
from revcycle.patient_billing.service import accounts
from revcycle.patient_billing.service.documents import receipt_text

HELP = "Patient payments: record, apply to the oldest balance or a claim, print a receipt."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def payments() -> None:
    """Patient payments."""


@app.command("record")
def record(
    patient: int = typer.Option(..., "--patient", help="Patient id."),
    amount: str = typer.Option(..., "--amount", help="Amount, like 25.00."),
    method: str = typer.Option(..., "--method", help="cash, check or card (charged on your terminal)."),
    reference: str = typer.Option("", "--reference", help="Check number or terminal approval code."),
    claim: int | None = typer.Option(None, "--claim", help="Apply to this claim (default: oldest balance)."),
    on: str | None = typer.Option(None, "--on", help="Date received (default today)."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """Post the payment to the ledger and print the receipt."""
    with transaction(practice) as (uow, practice_id):
        row = accounts.record_payment(
            uow,
            practice_id=practice_id,
            patient_id=patient,
            amount=Money.parse(amount, field="amount"),
            method=method,
            reference=reference,
            received_on=parse_day(on, "--on", clock.today()),
            claim_id=claim,
            recorded_by="cli",
        )
        text = receipt_text(uow, practice_id=practice_id, payment_id=row.id)
        data = {
            "payment_id": row.id,
            "receipt_number": row.receipt_number,
            "amount": str(row.amount),
            "unapplied": str(row.unapplied),
        }
    emit(as_json, data, lambda: text)
