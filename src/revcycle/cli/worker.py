"""``revcycle worker``: run background jobs (in-process, or on the broker in REVCYCLE_BROKER_URL)."""

from __future__ import annotations

import json
import signal
import time
from types import FrameType

import typer
from rich.console import Console

from revcycle.kit.db import Database
from revcycle.kit.logs import configure_logging
from revcycle.kit.migrate import ensure_up_to_date
from revcycle.kit.settings import get_settings
from revcycle.worker import service
from revcycle.worker.domain import JobState, PermanentJobError

HELP = "Background jobs: ERA ingestion, claim submission, eligibility, statements (run, enqueue, list)."
app = typer.Typer(no_args_is_help=True)


def _database() -> Database:
    database = Database(get_settings().database_url)
    ensure_up_to_date(database.engine)
    return database


@app.command("run")
def run(
    once: bool = typer.Option(False, "--once", help="Run the jobs due now and exit (in-process only)."),
    threads: int = typer.Option(4, "--threads", help="Worker threads (broker mode)."),
    poll: float = typer.Option(2.0, "--poll", help="Seconds between looks at the jobs table."),
) -> None:
    """Start a worker: on the broker when REVCYCLE_BROKER_URL is set, else polling the jobs table."""
    from revcycle.worker.broker import BrokerQueue, broker_url

    configure_logging()
    database = _database()
    stopping = False

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    url = broker_url()
    try:
        if url is None or once:
            while True:
                ran = service.run_pending(database)
                if once:
                    typer.echo(json.dumps({"ran": len(ran)}))
                    return
                if stopping:
                    return
                if not ran:
                    time.sleep(poll)
        queue = BrokerQueue(database, url)
        worker = queue.worker(threads)
        worker.start()
        try:
            while not stopping:
                queue.resend_due()
                time.sleep(max(poll, 30.0))
        finally:
            worker.stop()
            queue.close()
    finally:
        database.dispose()


@app.command("enqueue")
def enqueue(
    kind: str = typer.Argument(..., help="era_ingestion, claim_submission, batch_eligibility, statement_run"),
    key: str = typer.Option(..., "--key", help="Idempotency key: the same key is queued once."),
    payload: str = typer.Option("{}", "--payload", help='JSON, e.g. {"practice_id": 1}'),
) -> None:
    """Queue a job (sent to the broker when one is configured)."""
    from revcycle.worker.broker import BrokerQueue, broker_url

    try:
        body = json.loads(payload)
    except json.JSONDecodeError as exc:
        raise typer.BadParameter(f"not JSON: {exc}", param_hint="--payload") from None
    database = _database()
    try:
        url = broker_url()
        if url:
            queue = BrokerQueue(database, url)
            job = queue.submit(kind, body, key=key)
            queue.close()
        else:
            job = service.enqueue(database, kind, body, key=key)
    except PermanentJobError as exc:
        Console(stderr=True).print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    typer.echo(json.dumps({"id": job.id, "key": job.key, "state": job.state.value}))


@app.command("jobs")
def jobs(
    state: str | None = typer.Option(None, "--state", help="queued, running, retrying, succeeded, dead"),
    limit: int = typer.Option(50, "--limit"),
) -> None:
    """List recent jobs as JSON lines (dead letters with their reason: --state dead)."""
    database = _database()
    try:
        found = service.list_jobs(database, state=JobState(state) if state else None, limit=limit)
    finally:
        database.dispose()
    for job in found:
        typer.echo(
            json.dumps(
                {
                    "id": job.id,
                    "key": job.key,
                    "kind": job.kind,
                    "state": job.state.value,
                    "attempts": job.attempts,
                    "last_error": job.last_error,
                }
            )
        )
