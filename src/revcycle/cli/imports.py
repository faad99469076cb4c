"""``revcycle import``: bring patients, coverages and encounters in from an EHR (FHIR R4 JSON,
HL7 v2 DFT^P03, CSV). Each record is imported whole or reported; re-importing updates or skips."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console

from revcycle.cli.runtime import open_database, resolve_practice
from revcycle.imports import service
from revcycle.imports.model import Parsed
from revcycle.kit.errors import RevcycleError
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

HELP = "Import patients, coverages and encounters from FHIR R4, HL7 v2 or CSV files."
app = typer.Typer(no_args_is_help=True)
PracticeOption = typer.Option(None, "--practice", help="Practice id (default: the only practice).")
JsonOption = typer.Option(False, "--json", help="Print JSON for machines.")
SourceOption = typer.Option(None, "--source", help="Name of the sending system (default: the format).")
PathArgument = typer.Argument(..., exists=True, help="A file, or a folder of files.")


def run_import(parse: Callable[[], Parsed], source: str, practice: int | None, as_json: bool) -> None:
    """Parse, write (one savepoint a record), audit, commit, and print the summary."""
    try:
        with open_database() as database:
            parsed = parse()
            with database.transaction() as uow:
                pid = resolve_practice(uow, practice)
                result = service.import_records(uow, practice_id=pid, source=source, parsed=parsed)
                for w in result.written:
                    action = AuditAction.CREATE if w.created else AuditAction.UPDATE
                    record_access(
                        uow, None, action, w.entity, w.ident, w.patient_id, detail=f"import from {source}"
                    )
    except RevcycleError as exc:
        Console(stderr=True).print(f"[red]error: {exc.message}[/red]")
        raise typer.Exit(2) from None
    data = result.to_json()
    if as_json:
        typer.echo(json.dumps(data))
    else:
        console = Console()
        counts = ", ".join(f"{n} {kind}" for kind, n in data["imported"].items()) or "nothing"
        console.print(
            f"imported {counts}; {data['needs_coding']} to code; {data['skipped']} already imported"
        )
        for e in data["errors"]:
            console.print(f"  [red]{e['resource']} {e['id']}[/red]: {e['message']}")
    if result.errors:
        raise typer.Exit(1)


@app.command("fhir")
def import_fhir(
    path: Path = PathArgument,
    source: str | None = SourceOption,
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """FHIR R4 JSON: a Bundle, one resource, or a folder of them. Exit 1 when a record had errors."""
    from revcycle.imports.fhir.records import parse_path

    run_import(lambda: parse_path(path), source or "fhir", practice, as_json)


def _texts(path: Path, pattern: str) -> list[tuple[str, str]]:
    files = sorted(p for p in path.glob(pattern) if p.is_file()) if path.is_dir() else [path]
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in files]


def _merged(parts: list[Parsed]) -> Parsed:
    out = Parsed()
    for p in parts:
        out.records.extend(p.records)
        out.errors.extend(p.errors)
        out.ignored += p.ignored
    return out


@app.command("hl7")
def import_hl7(
    path: Path = PathArgument,
    source: str | None = SourceOption,
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """HL7 v2 DFT^P03 messages (a file of messages, or a folder of *.hl7). Exit 1 on errors."""
    from revcycle.imports.hl7v2 import parse_hl7

    def parse() -> Parsed:
        return _merged([parse_hl7(text, name=name) for name, text in _texts(path, "*.hl7")])

    run_import(parse, source or "hl7", practice, as_json)


@app.command("csv")
def import_csv(
    path: Path = PathArgument,
    source: str | None = SourceOption,
    practice: int | None = PracticeOption,
    as_json: bool = JsonOption,
) -> None:
    """CSV charge lines (columns in docs/imports.md), a file or a folder of *.csv. Exit 1 on errors."""
    from revcycle.imports.csvfile import parse_csv

    def parse() -> Parsed:
        return _merged([parse_csv(text, name=name) for name, text in _texts(path, "*.csv")])

    run_import(parse, source or "csv", practice, as_json)
