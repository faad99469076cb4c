"""``revcycle claims``: build, scrub, submit and show claims."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from revcycle.claims import followup, service, submission
from revcycle.claims import repository as claims_repo
from revcycle.claims.paper import cms1500_pdf
from revcycle.claims.service import ClaimView
from revcycle.clearinghouse.config import clearinghouse_from_env, receiver_id
from revcycle.cli.runtime import open_database, resolve_practice
from revcycle.intake.repository import practice_repo
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.errors import RevcycleError
from revcycle.kit.findings import Finding
from revcycle.kit.settings import get_settings
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

HELP = "Build, scrub, submit and show claims."
app = typer.Typer(no_args_is_help=True)
ACTOR = "cli"
PracticeOption = typer.Option(None, "--practice", help="Practice id (needed when there are several).")
JsonOption = typer.Option(False, "--json", help="Print JSON for machines.")


@contextmanager
def database() -> Iterator[Database]:
    """The configured database; expected errors print and exit with status 2."""
    try:
        with open_database() as db:
            yield db
    except RevcycleError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None


def practice_id(uow: UnitOfWork, given: int | None) -> int:
    return resolve_practice(uow, given)


def finding_data(f: Finding) -> dict[str, Any]:
    return {"rule_id": f.rule_id, "severity": f.severity.value, "message": f.message, "field": f.field}


def claim_data(view: ClaimView) -> dict[str, Any]:
    c = view.claim
    return {
        "id": c.id,
        "patient_control_number": c.patient_control_number,
        "state": c.state,
        "state_reason": c.state_reason,
        "frequency_code": c.frequency_code,
        "payer_id": c.payer_id,
        "total_charge": str(c.total_charge),
        "date_of_service": c.date_of_service.isoformat(),
        "history": [
            {
                "at": h.at.isoformat(),
                "actor": h.actor,
                "event": h.event,
                "from_state": h.from_state,
                "to_state": h.to_state,
                "source_document": h.source_document,
                "note": h.note,
            }
            for h in view.history
        ],
        "findings": [finding_data(f) for f in view.findings],
    }


def remittance_priors(uow: UnitOfWork, practice_id: int, row: Any) -> Any:
    """Secondary claims report what the earlier payers paid, from the remittance context's 835s."""
    from revcycle.remittance.service.secondary import priors_for

    return priors_for(uow, practice_id=practice_id, claim=row)


@app.command("build")
def build(
    encounter: int | None = typer.Option(None, "--encounter", help="One encounter; default every open one."),
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """Build draft claims from encounters not billed yet."""
    with database() as db, db.transaction() as uow:
        pid = practice_id(uow, practice)
        if encounter is not None:
            rows = [service.build_claim(uow, practice_id=pid, encounter_id=encounter, actor=ACTOR)]
        else:
            rows = service.build_open_encounters(uow, practice_id=pid, actor=ACTOR)
        built = [
            {
                "id": r.id,
                "patient_control_number": r.patient_control_number,
                "total_charge": str(r.total_charge),
            }
            for r in rows
        ]
    if as_json:
        typer.echo(json.dumps(built))
    else:
        Console().print(f"built {len(built)} claim(s)")


@app.command("scrub")
def scrub(claim_id: int, practice: int | None = PracticeOption, as_json: bool = JsonOption) -> None:
    """Run the scrubber on a claim; a clean claim becomes ready. Exits 1 when errors remain."""
    with database() as db, db.transaction() as uow:
        pid = practice_id(uow, practice)
        findings = service.scrub_claim(uow, practice_id=pid, claim_id=claim_id, actor=ACTOR)
        state = service.get_claim(uow, practice_id=pid, claim_id=claim_id).claim.state
    if as_json:
        typer.echo(
            json.dumps(
                {"claim_id": claim_id, "state": state, "findings": [finding_data(f) for f in findings]}
            )
        )
    else:
        for f in findings:
            Console().print(f"{f.severity.value:7} {f.rule_id:16} {f.field or '':28} {f.message}")
        Console().print(f"claim {claim_id} is {state}")
    if any(f.is_error for f in findings):
        raise typer.Exit(1)


@app.command("submit")
def submit(practice: int | None = PracticeOption, as_json: bool = JsonOption) -> None:
    """Batch ready claims per payer and send them; control numbers are saved before sending."""
    with database() as db:
        with db.transaction() as uow:
            pid = practice_id(uow, practice)
            submitter = submission.default_submitter(practice_repo(uow).get(pid), receiver_id=receiver_id())
            submission.prepare_batches(
                uow, practice_id=pid, submitter=submitter, prior_payers=remittance_priors
            )
        with db.transaction() as uow:
            sent = submission.send_batches(
                uow, practice_id=pid, clearinghouse=clearinghouse_from_env(get_settings()), actor=ACTOR
            )
            out = [
                {
                    "file_name": b.file_name,
                    "interchange_control_number": b.interchange_control_number,
                    "claims": b.claim_count,
                    "status": b.status,
                }
                for b in sent
            ]
            failed = [
                {"file_name": b.file_name, "error": b.error}
                for b in claims_repo.batches(uow, pid).find(status="failed")
            ]
    if as_json:
        typer.echo(json.dumps({"sent": out, "failed": failed}))
    else:
        Console().print(
            f"sent {len(out)} file(s), {sum(b.claim_count for b in sent)} claim(s), {len(failed)} failed"
        )


@app.command("follow-up")
def follow_up(practice: int | None = PracticeOption, as_json: bool = JsonOption) -> None:
    """Send a 276 status request for every claim with no payer answer after the payer's days."""
    with database() as db:
        with db.transaction() as uow:
            pid = practice_id(uow, practice)
            submitter = submission.default_submitter(practice_repo(uow).get(pid), receiver_id=receiver_id())
            files = followup.prepare_status_requests(uow, practice_id=pid, submitter=submitter)
        with db.transaction() as uow:
            asked = followup.send_status_requests(
                uow,
                practice_id=pid,
                files=files,
                clearinghouse=clearinghouse_from_env(get_settings()),
                actor=ACTOR,
            )
            ids = [r.id for r in asked]
    if as_json:
        typer.echo(json.dumps({"files": [f.file_name for f in files], "claims": ids}))
    else:
        Console().print(f"sent {len(files)} status request file(s) about {len(ids)} claim(s)")


@app.command("show")
def show(claim_id: int, practice: int | None = PracticeOption, as_json: bool = JsonOption) -> None:
    """A claim's state, history and last findings."""
    with database() as db, db.uow() as uow:
        data = claim_data(service.get_claim(uow, practice_id=practice_id(uow, practice), claim_id=claim_id))
    if as_json:
        typer.echo(json.dumps(data))
        return
    console = Console()
    console.print(
        f"claim {data['id']} ({data['patient_control_number']}): {data['state']} {data['total_charge']}"
    )
    for h in data["history"]:
        console.print(
            f"  {h['at']} {h['actor']:12} {h['event']:15} -> {h['to_state']:12} "
            f"{h['source_document']} {h['note']}"
        )
    for f in data["findings"]:
        console.print(f"  {f['severity']} {f['rule_id']}: {f['message']} ({f['field']})")


OutOption = typer.Option(..., "--out", help="Where to write the PDF.")


@app.command("print")
def print_claim(
    claim_id: int,
    out: Path = OutOption,
    practice: int | None = PracticeOption,
) -> None:
    """Print a professional claim on the CMS-1500 (02/12) form, as a PDF (the export is audited)."""
    with database() as db, db.transaction() as uow:
        paper = cms1500_pdf(uow, practice_id=practice_id(uow, practice), claim_id=claim_id)
        out.write_bytes(paper.content)
        record_access(
            uow, None, AuditAction.EXPORT, "claim", paper.claim_id, paper.patient_id, detail="cli cms1500 pdf"
        )
    Console().print(f"claim {paper.claim_id}: {paper.pages} page(s) written")
