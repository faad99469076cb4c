"""``revcycle auth``: prior authorizations (record, list a patient's, use for a charge line) and the
codes each payer authorizes in advance."""

from __future__ import annotations

from typing import Any

import typer

from revcycle.cli.eligibility import actor_option, cli_actor, emit, parse_day, transaction
from revcycle.eligibility import prior_auth
from revcycle.intake import service as intake
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

HELP = "Prior authorizations: record the payer's approvals, list them with the units used."
app = typer.Typer(no_args_is_help=True)


@app.callback()
def auth_group() -> None:
    """Prior authorizations."""


def _codes(text: str) -> list[str]:
    return [c for c in text.split(",") if c.strip()]


def _describe(data: dict[str, Any]) -> str:
    units = (
        "no unit limit"
        if data["authorized_units"] is None
        else f"{data['units_used']} of {data['authorized_units']} unit(s) used"
    )
    return (
        f"authorization {data['id']} ({data['number']}, payer {data['payer_id']}): "
        f"{','.join(data['codes'])} from {data['valid_from']} to {data['valid_to']}, {units}"
    )


@app.command("add")
def add(
    coverage: int = typer.Option(..., "--coverage", help="The patient's coverage with the payer."),
    number: str = typer.Option(..., "--number", help="The payer's authorization number."),
    codes: str = typer.Option(..., "--codes", help="Procedure codes it covers, comma-separated."),
    valid_from: str = typer.Option(..., "--from", help="First valid date (YYYY-MM-DD)."),
    valid_to: str = typer.Option(..., "--to", help="Last valid date (YYYY-MM-DD)."),
    units: int | None = typer.Option(None, "--units", help="Units authorized (default: no limit)."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_user: str | None = actor_option(),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Record a prior authorization the payer approved."""
    start, end = parse_day(valid_from, "--from"), parse_day(valid_to, "--to")
    with transaction(practice) as (uow, practice_id):
        actor = cli_actor(uow, practice_id, as_user, "coverages:write")
        row = prior_auth.record_authorization(
            uow,
            practice_id=practice_id,
            coverage_id=coverage,
            number=number,
            codes=_codes(codes),
            valid_from=start,
            valid_to=end,
            authorized_units=units,
        )
        record_access(
            uow, actor, AuditAction.CREATE, "prior_authorization", row.id, row.patient_id, detail="cli"
        )
        data = prior_auth.authorization_json(
            prior_auth.show_authorization(uow, practice_id=practice_id, authorization_id=row.id)
        )
    emit(as_json, data, lambda: _describe(data))


@app.command("list")
def list_(
    patient: int = typer.Option(..., "--patient", help="Patient id."),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_user: str | None = actor_option(),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """A patient's prior authorizations with the units used."""
    with transaction(practice) as (uow, practice_id):
        actor = cli_actor(uow, practice_id, as_user, "coverages:read")
        data = [
            prior_auth.authorization_json(v)
            for v in prior_auth.authorizations_of_patient(uow, practice_id=practice_id, patient_id=patient)
        ]
        record_access(uow, actor, AuditAction.READ, "prior_authorization", None, patient, detail="cli list")
    emit(as_json, data, lambda: "\n".join(_describe(d) for d in data) or "no prior authorization on file")


@app.command("link")
def link(
    authorization: int = typer.Option(..., "--authorization", help="Authorization id."),
    charge_line: int = typer.Option(
        ..., "--charge-line", help="Charge line id (same patient, covered code)."
    ),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_user: str | None = actor_option(),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Use an authorization for a charge line (its units count as used)."""
    with transaction(practice) as (uow, practice_id):
        actor = cli_actor(uow, practice_id, as_user, "coverages:write")
        prior_auth.link_charge_line(
            uow, practice_id=practice_id, authorization_id=authorization, charge_line_id=charge_line
        )
        view = prior_auth.show_authorization(uow, practice_id=practice_id, authorization_id=authorization)
        record_access(
            uow,
            actor,
            AuditAction.UPDATE,
            "prior_authorization",
            view.row.id,
            view.row.patient_id,
            detail="cli charge line linked",
        )
        data = prior_auth.authorization_json(view)
    emit(as_json, data, lambda: _describe(data))


@app.command("codes")
def codes_(
    payer: int = typer.Option(..., "--payer", help="Payer id."),
    set_: str | None = typer.Option(
        None, "--set", help="Replace the list with these codes, comma-separated ('' clears it)."
    ),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The procedure codes a payer authorizes in advance (show, or replace with --set)."""
    with transaction(practice) as (uow, practice_id):
        intake.get(uow, intake.PAYER, practice_id=practice_id, ident=payer)
        if set_ is not None:
            prior_auth.set_required_codes(uow, practice_id=practice_id, payer_id=payer, codes=_codes(set_))
        found = sorted(prior_auth.required_codes(uow, practice_id, payer))
    data = {"payer_id": payer, "codes": found}
    emit(as_json, data, lambda: ",".join(found) or "no code needs a prior authorization")
