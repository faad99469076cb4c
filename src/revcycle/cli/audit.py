"""``revcycle audit``: verify the audit chain, search the trail, list disclosures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer

from revcycle.kit.db import Database
from revcycle.kit.settings import get_settings
from revcycle.security.domain import Principal
from revcycle.security.service import accounting_of_disclosures, search_audit, verify_audit_chain

HELP = "Verify and search the PHI audit trail."
app = typer.Typer(no_args_is_help=True)

COLUMNS = ("id", "occurred_at", "user_id", "role", "action", "entity", "entity_id", "patient_id", "outcome")


@app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json", help="Print the verdict as JSON.")) -> None:
    """Exit 0 when the chain is intact; 1 naming the first edited, deleted or reordered record."""
    database = Database(get_settings().database_url)
    try:
        with database.uow() as uow:
            verdict = verify_audit_chain(uow)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(verdict.__dict__))
    elif verdict.intact:
        typer.echo(f"audit chain intact ({verdict.records} records)")
    else:
        typer.echo(f"audit chain BROKEN: {verdict.problem}", err=True)
    if not verdict.intact:
        raise typer.Exit(1)


def _row(r: object) -> dict[str, object]:
    out = {c: getattr(r, c) for c in (*COLUMNS, "purpose", "recipient", "detail")}
    out["occurred_at"] = str(out["occurred_at"])
    return out


@app.command("search")
def search(
    practice: int = typer.Option(..., "--practice"),
    user_id: int | None = typer.Option(None, "--user-id"),
    patient_id: int | None = typer.Option(None, "--patient-id"),
    action: str | None = typer.Option(None, "--action"),
    outcome: str | None = typer.Option(None, "--outcome"),
    since: str | None = typer.Option(None, "--since", help="ISO date or date-time (UTC)"),
    limit: int = typer.Option(100, "--limit"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Audit records of one practice, oldest first."""
    criteria: dict[str, object] = {
        "user_id": user_id,
        "patient_id": patient_id,
        "action": action,
        "outcome": outcome,
    }
    if since is not None:
        start = datetime.fromisoformat(since)
        criteria["since"] = start if start.tzinfo else start.replace(tzinfo=UTC)
    database = Database(get_settings().database_url)
    try:
        with database.uow() as uow:
            rows, total = search_audit(uow, Principal(practice_id=practice), criteria, limit=limit)
            found = [_row(r) for r in rows]
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps({"total": total, "items": found}))
        return
    typer.echo("\t".join(COLUMNS))
    for item in found:
        typer.echo("\t".join("" if item[c] is None else str(item[c]) for c in COLUMNS))
    typer.echo(f"{len(found)} of {total} records", err=True)


@app.command("disclosures")
def disclosures(
    practice: int = typer.Option(..., "--practice"),
    patient_id: int = typer.Option(..., "--patient-id"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The accounting of disclosures for one patient (outside treatment, payment and operations)."""
    database = Database(get_settings().database_url)
    try:
        with database.uow() as uow:
            rows = [
                _row(r)
                for r in accounting_of_disclosures(
                    uow, Principal(practice_id=practice), patient_id=patient_id
                )
            ]
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for r in rows:
        typer.echo(f"{r['occurred_at']}\t{r['purpose']}\t{r['recipient']}\t{r['detail'] or ''}")
    typer.echo(f"{len(rows)} disclosure(s)", err=True)
