"""``revcycle x12 parse|validate``: read X12 files from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from revcycle.x12 import parse as parse_x12
from revcycle.x12.errors import NotX12Error, X12Error
from revcycle.x12.jsonview import to_json
from revcycle.x12.validate import build_999
from revcycle.x12.validate import validate as validate_x12

HELP = "Parse and validate X12 5010 files (837P, 837I, 835, 270/271, 276/277, 277CA, 999, TA1)."

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)


@app.command("validate")
def validate(
    file: Path = typer.Argument(..., help="X12 file to check"),  # noqa: B008
    as_json: bool = typer.Option(False, "--json", help="print findings as JSON"),
    ack: Path | None = typer.Option(None, "--ack", help="write a 999 answering the file here"),  # noqa: B008
) -> None:
    """Exit 0 when valid, 1 when there are errors (printed), 2 when the file is not X12 at all."""
    if not file.is_file():
        typer.echo(f"error: {file} is not a file", err=True)
        raise typer.Exit(2)
    report = validate_x12(file)
    if as_json:
        findings = [
            {
                "severity": f.severity,
                "position": f.position,
                "line": f.line,
                "segment_id": f.segment_id or None,
                "loop": f.loop or None,
                "element": f.element or None,
                "message": f.message,
            }
            for f in report.findings
        ]
        typer.echo(
            json.dumps({"valid": report.valid, "is_x12": report.is_x12, "findings": findings}, indent=2)
        )
    else:
        for f in report.findings:
            typer.echo(f.describe())
        typer.echo("valid" if report.valid else f"invalid: {len(report.errors)} error(s)")
    if ack is not None and report.transactions:
        from revcycle.x12 import write

        inbound = report.transactions[0].envelope
        answer = build_999(
            report,
            interchange_control_number=inbound.interchange_control_number,
            group_control_number=inbound.group_control_number,
        )
        ack.write_text(write(answer), encoding="ascii")
    if not report.is_x12:
        raise typer.Exit(2)
    raise typer.Exit(0 if report.valid else 1)


@app.command("parse")
def parse(
    file: Path = typer.Argument(..., help="X12 file to read"),  # noqa: B008
    as_json: bool = typer.Option(True, "--json/--no-json", help="print the transactions as JSON"),
) -> None:
    """Print the file's transaction sets as one JSON document."""
    try:
        models = parse_x12(file)
    except NotX12Error as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except X12Error as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(to_json(models), indent=2))
    else:
        for m in models:
            typer.echo(
                f"{m.transaction_set} {m.envelope.transaction_control_number} {m.implementation_guide}"
            )
