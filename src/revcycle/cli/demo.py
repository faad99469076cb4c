"""``revcycle demo``: a demo practice to try revcycle with."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from revcycle.charges.demo import load_demo_charges
from revcycle.codes.service import load_shipped_sets
from revcycle.demo.cycle import STEPS
from revcycle.demo.cycle import Progress as StepCallback
from revcycle.demo.practice import load_demo_practice
from revcycle.demo.run import load_history, run_demo
from revcycle.demo.users import load_demo_users
from revcycle.kit.db import Database
from revcycle.kit.errors import RevcycleError
from revcycle.kit.migrate import upgrade
from revcycle.kit.settings import get_settings

HELP = "Load demo data (idempotent)."
app = typer.Typer(no_args_is_help=True)
WorkdirOption = typer.Option(
    None, "--workdir", help="Folder for the database and X12 files (default: demo-run in the data directory)."
)


@contextmanager
def _progress(show: bool) -> Iterator[StepCallback]:
    """A progress bar over the cycle's steps (only on a terminal), as the cycle's callback."""
    if not show:
        yield lambda _: None
        return
    with Progress(transient=True) as bar:
        task = bar.add_task("billing cycle", total=STEPS)
        yield lambda step: bar.update(task, advance=1, description=step)


@app.command("run")
def run(
    workdir: Path | None = WorkdirOption,
    seed: int = typer.Option(1, "--seed", help="Same seed, same visits, outcomes and files."),
    force: bool = typer.Option(False, "--force", help="Replace a previous run in the folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Play the whole billing cycle offline on a new database: 200 visits over two months, checked,
    billed and paid through the sandbox clearinghouse, then statements; print the summary."""
    folder = workdir or get_settings().data_dir / "demo-run"
    try:
        with _progress(not as_json and sys.stdout.isatty()) as step:
            summary = run_demo(folder, seed=seed, force=force, progress=step)
    except RevcycleError as exc:
        Console(stderr=True).print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from None
    data = summary.to_json()
    if as_json:
        typer.echo(json.dumps(data))
        return
    claims, amounts, kpis = data["claims"], data["amounts"], data["kpis"]
    console = Console()
    console.print("claims: " + ", ".join(f"{v} {k}" for k, v in claims.items()))
    console.print("amounts: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in amounts.items()))
    console.print(f"clean claim rate {kpis['clean_claim_rate']}, denial rate {kpis['denial_rate']}")
    console.print(f"ledger balanced: {'yes' if data['ledger_balanced'] else 'NO'}")
    console.print(f"database {data['database']}; X12 files in {data['outbox']} and {data['inbox']}")


@app.command("load")
def load(
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    history: bool = typer.Option(
        False, "--history", help="The first time, also play two months of billing through the sandbox."
    ),
) -> None:
    """Load the demo practice once: 3 providers, 5 payers, 60 patients with their coverages; with
    --history, its claims in every state, posted ERAs and statements (the sandbox's files are in
    demo-history/ under the data directory)."""
    settings = get_settings()
    database = Database(settings.database_url)
    try:
        upgrade(database.engine)
        played = False
        if history:
            with _progress(not as_json and sys.stdout.isatty()) as step:
                played = load_history(database, data_dir=settings.data_dir, progress=step)
        with database.transaction() as uow:
            summary = load_demo_practice(uow)
            load_demo_charges(uow, practice_id=summary.practice_id)
            demo_users = load_demo_users(uow, practice_id=summary.practice_id, data_dir=settings.data_dir)
            load_shipped_sets(uow)
    finally:
        database.dispose()
    if as_json:
        typer.echo(json.dumps(summary.__dict__ | {"credentials": str(demo_users.credentials)}))
        return
    verb = "loaded with two months of billing history" if played else "loaded"
    verb = verb if summary.created or played else "already present"
    Console().print(
        f"demo practice {verb}: practice {summary.practice_id}, {summary.providers} providers, "
        f"{summary.payers} payers, {summary.patients} patients, {summary.coverages} coverages"
    )
    Console().print(
        f"sign in as [bold]admin[/bold] (or front.desk, coder, biller, supervisor, auditor): one-time "
        f"passwords are in {demo_users.credentials}"
    )
