"""``revcycle codes``: load, update, look up and search code sets; check an encounter's codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from revcycle.cli.runtime import open_database
from revcycle.codes import service
from revcycle.codes.domain import CodeSystem
from revcycle.codes.rules.model import ServiceLine
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import RevcycleError
from revcycle.kit.migrate import upgrade

HELP = (
    "Code sets (ICD-10-CM/PCS, HCPCS, CPT, modifiers, POS, CARC/RARC): load, update, look up, search, check."
)
app = typer.Typer(no_args_is_help=True)
T = TypeVar("T")
_err = Console(stderr=True)


@contextmanager
def _transaction(*, load: bool = True) -> Iterator[UnitOfWork]:
    with open_database(check_schema=False) as database:
        upgrade(database.engine)  # lookups work on a fresh install: the code tables are created first
        with database.transaction() as uow:
            if load:
                service.ensure_shipped_sets(uow)
            yield uow


def _run(work: Callable[[], T]) -> T:
    try:
        return work()
    except RevcycleError as exc:
        _err.print(f"[red]error:[/red] {exc.message}")
        raise typer.Exit(1) from exc


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


def _system(text: str | None) -> CodeSystem | None:
    return _run(lambda: CodeSystem.parse(text)) if text else None


def _echo(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, default=str))


@app.command("load")
def load(as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """Load the shipped code sets (ICD-10-CM from its package; POS, CAS groups, CARC, RARC, modifiers,
    demo CPT). Idempotent."""
    with _transaction(load=False) as uow:
        reports = _run(lambda: service.load_shipped_sets(uow))
    summary = [r.summary() for r in reports]
    if as_json:
        _echo(summary)
        return
    for r in summary:
        state = f"{r['added']} codes loaded" if r["loaded"] else "already loaded"
        Console().print(f"{r['system']} {r['release']}: {state}")


@app.command("update")
def update(
    system: str = typer.Argument(..., help=f"One of {service.UPDATABLE}, or NCCI_PTP, MUE, MCE."),
    file_name: str = typer.Argument(..., metavar="FILE", help="The release file."),
    effective: str | None = typer.Option(None, "--effective", help="First date of service (default today)."),
    label: str | None = typer.Option(None, "--label", help="Release name (default: file name and date)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import a new release; reports added, changed and terminated codes. Earlier versions stay for
    earlier dates of service. The whole file is one transaction."""
    start = _day(effective, "--effective")
    file = Path(file_name)
    if not file.is_file():
        raise typer.BadParameter(f"{file_name} is not a file", param_hint="FILE")
    kind = system.upper().replace("-", "_")
    with _transaction() as uow:
        if kind in ("NCCI_PTP", "PTP", "NCCI"):
            result: Any = {"ptp_edits": _run(lambda: service.import_ptp_edits(uow, file, label=label))}
        elif kind == "MUE":
            when = start or clock.today()
            result = {
                "mue_edits": _run(lambda: service.import_mue_edits(uow, file, effective=when, label=label))
            }
        elif kind == "MCE":
            result = {"dx_edits": _run(lambda: service.import_mce_edits(uow, file))}
        else:
            chosen = _system(system)
            assert chosen is not None
            reports = _run(
                lambda: service.update_code_system(uow, chosen, file, effective=start, label=label)
            )
            result = [
                r.summary()
                | {
                    "added_codes": list(r.added[:50]),
                    "changed_codes": list(r.changed[:50]),
                    "terminated_codes": list(r.terminated[:50]),
                }
                for r in reports
            ]
    if as_json:
        _echo(result)
        return
    if isinstance(result, dict):
        Console().print(", ".join(f"{k}: {v}" for k, v in result.items()))
        return
    for r in result:
        Console().print(
            f"{r['system']} {r['release']} from {r['effective']}: {r['added']} added, "
            f"{r['changed']} changed, {r['terminated']} terminated"
        )


@app.command("lookup")
def lookup(
    code: str = typer.Argument(..., help="The code, e.g. E11.9 or E119, 99214, J3490, 25."),
    system: str | None = typer.Option(
        None, "--system", "-s", help="Code system (default: first that has it)."
    ),
    on: str | None = typer.Option(None, "--on", help="Date of service (default today)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """A code as of a date of service: valid, billable, description, validity dates, notes."""
    chosen, day = _system(system), _day(on, "--on")
    with _transaction() as uow:
        data = _run(lambda: service.lookup_code(uow, code, system=chosen, on=day)).as_dict()
    if as_json:
        _echo(data)
        return
    state = "valid" if data["valid"] else "NOT valid"
    billable = "billable" if data["billable"] else "not billable"
    Console().print(
        f"{data['system']} {data['code']}: {data['description']}\n  {state} on {data['on']}, {billable} "
        f"(valid {data['valid_from']} to {data['valid_to'] or 'now'})"
    )


@app.command("search")
def search(
    text: str = typer.Argument(..., help="A code, a code prefix or words (abbreviations like HTN work)."),
    system: str | None = typer.Option(None, "--system", "-s"),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=100),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ranked matches: exact code and prefix first, then words."""
    chosen = _system(system)
    with _transaction() as uow:
        hits = _run(
            lambda: service.search_codes(uow, text, systems=[chosen] if chosen else None, limit=limit)
        )
    rows = [
        {
            "system": h.entry.system.value,
            "code": h.entry.display,
            "description": h.entry.description,
            "billable": h.entry.billable,
            "score": h.score,
            "match": h.match,
        }
        for h in hits
    ]
    if as_json:
        _echo(rows)
        return
    for row in rows:
        Console().print(f"{row['system']:9} {row['code']:9} {row['description']}")


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _lines(cpt: str | None, diagnoses: int) -> list[ServiceLine]:
    """``99214-25,93000`` or ``97110x2``: modifiers after dashes, units after x."""
    pointers = tuple(range(1, min(diagnoses, 4) + 1))
    out = []
    for part in _split(cpt):
        units = 1
        counted = re.fullmatch(r"(.+?)[xX](\d+)", part)
        if counted:
            part, units = counted.group(1), int(counted.group(2))
        code, *mods = part.upper().split("-")
        out.append(ServiceLine(code, tuple(mods), units, pointers))
    return out


@app.command("check")
def check(
    dx: str = typer.Option(..., "--dx", help="Diagnoses, first-listed first: E11.9,I10"),
    cpt: str | None = typer.Option(None, "--cpt", help="Procedures: 99214-25,20610,97110x2"),
    sex: str | None = typer.Option(None, "--sex", help="F, M or U"),
    dob: str | None = typer.Option(None, "--dob", help="Patient date of birth"),
    on: str | None = typer.Option(None, "--on", help="Date of service (default today)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run the coding edits on an encounter's codes; prints findings and how to fix them."""
    diagnoses = _split(dx)
    request = service.CheckRequest(
        diagnoses=diagnoses,
        procedures=_lines(cpt, len(diagnoses)),
        date_of_service=_day(on, "--on"),
        sex=sex,
        date_of_birth=_day(dob, "--dob"),
    )
    with _transaction() as uow:
        result = _run(lambda: service.check_codes(uow, request))
    findings = [
        {
            "rule_id": f.rule_id,
            "severity": f.severity.value,
            "message": f.message,
            "field": f.field,
            "suggestion": f.suggestion,
        }
        for f in result.findings
    ]
    if as_json:
        _echo(
            {
                "date_of_service": result.date_of_service.isoformat(),
                "clean": result.clean,
                "findings": findings,
            }
        )
    else:
        if not findings:
            Console().print("[green]no coding problems found[/green]")
        for f in findings:
            colour = "red" if f["severity"] == "error" else "yellow"
            Console().print(f"[{colour}]{f['rule_id']}[/] {f['field']}: {f['message']}")
    if not result.clean:
        raise typer.Exit(2)
