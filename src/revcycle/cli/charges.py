"""``revcycle charges``: the Medicare physician fee schedule for percent-of-Medicare contracts."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from revcycle.charges import service
from revcycle.cli.claims import database

HELP = "Import the Medicare physician fee schedule (CMS PFS RVU and GPCI files)."
app = typer.Typer(no_args_is_help=True)
RvuArgument = typer.Argument(..., exists=True, dir_okay=False, help="PPRRVU CSV of the year.")
GpciArgument = typer.Argument(..., exists=True, dir_okay=False, help="GPCI CSV of the year.")
YearOption = typer.Option(..., "--year", help="Fee schedule year, e.g. 2022.")


@app.command("import-pfs")
def import_pfs(
    rvu_file: Path = RvuArgument,
    gpci_file: Path = GpciArgument,
    year: int = YearOption,
) -> None:
    """Load (or replace) one year's RVUs and GPCIs for percent-of-Medicare contracts."""
    with (
        database() as db,
        db.transaction() as uow,
        open(rvu_file, encoding="latin-1") as rvus,
        open(gpci_file, encoding="latin-1") as gpcis,
    ):
        codes, localities = service.import_pfs(uow, year=year, rvu_lines=rvus, gpci_lines=gpcis)
    Console().print(f"PFS {year}: {codes} code rows, {localities} localities")
