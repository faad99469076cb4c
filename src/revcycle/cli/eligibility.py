"""``revcycle eligibility``: ask payers about coverage (270 -> 271) and show the benefit snapshot."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any, TypeVar

import typer
from rich.console import Console
from sqlalchemy import select

from revcycle.clearinghouse.realtime_http import HttpRealtimeClearinghouse
from revcycle.cli.runtime import open_database, resolve_practice
from revcycle.eligibility import service
from revcycle.eligibility.service import CheckResult
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import ConfigurationError, Conflict, InvalidInput, NotFound
from revcycle.security.domain import Principal, permissions_for
from revcycle.security.tables import UserRow

HELP = "Eligibility: 270 -> 271 checks through the real-time clearinghouse, benefit snapshots."
app = typer.Typer(no_args_is_help=True)
T = TypeVar("T")


@app.callback()
def eligibility() -> None:
    """Eligibility checks and benefit snapshots."""


# -- shared by the patient-billing commands ---------------------------------------------------------
def parse_day(text: str | None, option: str, default: date | None = None) -> date:
    if text is None:
        if default is None:
            raise typer.BadParameter("a date is required (YYYY-MM-DD)", param_hint=option)
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (use YYYY-MM-DD)", param_hint=option) from None


@contextmanager
def transaction(practice: int | None) -> Iterator[tuple[UnitOfWork, int]]:
    """A committed unit of work and the practice to act for (the only one when not given).

    Expected errors print their message (which names the field) and exit with status 1; nothing
    is written then.
    """
    try:
        with open_database() as database, database.uow() as uow:
            yield uow, resolve_practice(uow, practice)
            uow.commit()
    except (ConfigurationError, InvalidInput, NotFound, Conflict) as exc:
        Console(stderr=True).print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None


ACTOR_HELP = "Your user name, recorded as who did it in the audit trail (or REVCYCLE_CLI_USER)."


def actor_option() -> Any:
    """``--as USERNAME``: the person running the command, for the audit trail."""
    return typer.Option(None, "--as", envvar="REVCYCLE_CLI_USER", help=ACTOR_HELP)


def require_actor(username: str | None, what: str) -> str:
    """Refuse a PHI export from the command line when nobody says who they are."""
    if not username or not username.strip():
        raise typer.BadParameter(
            f"{what} is PHI: say who you are with --as USERNAME (or REVCYCLE_CLI_USER) "
            "so the audit trail records who exported it",
            param_hint="--as",
        )
    return username.strip()


def cli_actor(uow: UnitOfWork, practice_id: int, username: str | None, permission: str) -> Principal | None:
    """The signed-in-like principal of ``--as USERNAME``: an active user of the practice whose role
    holds ``permission``. ``None`` when no user name is given."""
    if username is None or not username.strip():
        return None
    user = uow.session.scalars(select(UserRow).where(UserRow.username == username.strip())).first()
    if user is None or not user.active or user.practice_id != practice_id:
        raise typer.BadParameter(
            f"no active user {username.strip()!r} in practice {practice_id}", param_hint="--as"
        )
    actor = Principal(
        practice_id=practice_id,
        user_id=user.id,
        role=user.role,
        permissions=permissions_for(user.role),
        username=user.username,
        via="cli",
    )
    if not actor.can(permission):
        raise typer.BadParameter(
            f"user {user.username} ({user.role}) does not hold the permission {permission}", param_hint="--as"
        )
    return actor


def emit(as_json: bool, data: Any, text: Callable[[], str]) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
    else:
        typer.echo(text())


# -- eligibility --------------------------------------------------------------------------------------
def result_json(result: CheckResult) -> dict[str, Any]:
    row = result.check
    return {
        "check_id": row.id,
        "coverage_id": row.coverage_id,
        "patient_id": row.patient_id,
        "service_date": row.service_date.isoformat(),
        "status": row.status,
        "error": row.error,
        "changed": result.changed,
        "changes": [str(c) for c in result.changes],
        "snapshot": result.snapshot.to_json() if result.snapshot else None,
    }


def _describe(result: CheckResult) -> str:
    row, snap = result.check, result.snapshot
    if snap is None:
        return f"coverage {row.coverage_id}: check {row.status}: {row.error or 'waiting for the 271'}"
    lines = [f"coverage {row.coverage_id} on {row.service_date}: {snap.status.value} {snap.plan}".rstrip()]
    for label, value in (
        ("deductible left", snap.deductible_remaining()),
        ("out-of-pocket left", snap.out_of_pocket_remaining()),
        ("office visit copay", snap.copay_for("98")),
        ("coinsurance", snap.coinsurance_for("30")),
    ):
        if value is not None:
            lines.append(f"  {label}: {value}")
    lines += [f"  rejected: {r.reason} ({r.action})" for r in snap.rejections]
    lines += [f"  changed: {c}" for c in result.changes]
    lines += [f"  message: {m}" for m in snap.messages]
    return "\n".join(lines)


URL_HELP = "Real-time endpoint (the sandbox answers on http://HOST:PORT/x12)."


@app.command("check")
def check(
    coverage: int | None = typer.Option(None, "--coverage", help="Check one coverage."),
    on: str | None = typer.Option(None, "--on", help="Date of service (default today)."),
    day: str | None = typer.Option(None, "--date", help="Check every patient seen on this date."),
    url: str = typer.Option(..., "--url", envvar="REVCYCLE_REALTIME_URL", help=URL_HELP),
    practice: int | None = typer.Option(None, "--practice", help="Practice id (default: the only one)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON; amounts are decimal strings."),
) -> None:
    """Ask the payer about one coverage (--coverage ID --on D) or a day's visits (--date D)."""
    if (coverage is None) == (day is None):
        raise typer.BadParameter("give --coverage ID or --date D", param_hint="--coverage")
    clearinghouse = HttpRealtimeClearinghouse(url)
    with transaction(practice) as (uow, practice_id):
        if coverage is not None:
            result = service.check_coverage(
                uow,
                practice_id=practice_id,
                coverage_id=coverage,
                on=parse_day(on, "--on", clock.today()),
                clearinghouse=clearinghouse,
            )
            emit(as_json, result_json(result), lambda: _describe(result))
            return
        target = parse_day(day, "--date", clock.today() + timedelta(days=1))
        checks = service.check_day(uow, practice_id=practice_id, on=target, clearinghouse=clearinghouse)
        data = [
            {"patient_id": c.patient_id, "check": result_json(c.result) if c.result else None} for c in checks
        ]
        emit(
            as_json,
            data,
            lambda: (
                "\n".join(
                    _describe(c.result)
                    if c.result
                    else f"patient {c.patient_id}: no primary coverage (self-pay)"
                    for c in checks
                )
                or f"no visits on {target}"
            ),
        )
