"""``revcycle estimate``: the patient's share of planned services."""

from __future__ import annotations

from pathlib import Path

import typer

from revcycle.cli.eligibility import actor_option, cli_actor, emit, parse_day, require_actor, transaction
from revcycle.kit.clock import clock
from revcycle.patient_billing.render import gfe_pdf
from revcycle.patient_billing.service.estimates import (
    estimate_for_patient,
    estimate_json,
    good_faith_estimate,
)
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

HELP = "Estimate what a patient will owe for planned services (deductible, copay, coinsurance)."
app = typer.Typer(invoke_without_command=True)


@app.callback(invoke_without_command=True)
def estimate(
    patient: int = typer.Option(..., "--patient", help="Patient id."),
    codes: str = typer.Option(..., "--codes", help="Procedure codes, comma-separated (99213,80053)."),
    on: str | None = typer.Option(None, "--on", help="Planned date of service (default today)."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
    gfe: str | None = typer.Option(
        None, "--gfe", help="Also write the Good Faith Estimate PDF here (self-pay)."
    ),
    diagnoses: str = typer.Option("", "--diagnoses", help="ICD-10-CM codes for the GFE, comma-separated."),
    as_user: str | None = actor_option(),
) -> None:
    """Allowed amounts from the payer contract (or the charge master), the share from the last 271.
    Writing the GFE is a PHI export: it needs --as USERNAME, recorded in the audit trail."""
    day = parse_day(on, "--on", clock.today())
    if gfe is not None:
        require_actor(as_user, "a Good Faith Estimate")
    with transaction(practice) as (uow, practice_id):
        actor = cli_actor(uow, practice_id, as_user, "payments:read")
        if gfe is not None:
            document = good_faith_estimate(
                uow,
                practice_id=practice_id,
                patient_id=patient,
                codes=codes.split(","),
                on=day,
                issued_on=clock.today(),
                diagnosis_codes=diagnoses.split(","),
            )
            Path(gfe).write_bytes(gfe_pdf(document))
            record_access(
                uow, actor, AuditAction.EXPORT, "estimate", None, patient, detail="good faith estimate (cli)"
            )
        found = estimate_for_patient(
            uow, practice_id=practice_id, patient_id=patient, codes=codes.split(","), on=day
        )
        data = estimate_json(found)

    def text() -> str:
        lines = [f"{x['code']}: allowed {x['allowed']}, patient {x['patient']}" for x in data["lines"]]  # type: ignore[attr-defined]
        lines.append(f"patient owes about {data['patient_total']} of {data['total_allowed']} allowed")
        lines += [f"note: {a}" for a in data["assumptions"]]  # type: ignore[attr-defined]
        return "\n".join(lines)

    emit(as_json, data, text)
