"""``revcycle sandbox``: run the simulated clearinghouse and payer over directories (and HTTP)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from revcycle.sandbox.config import load_config
from revcycle.sandbox.service import Sandbox, default_state_path
from revcycle.sandbox.service import advance as advance_state

HELP = "A simulated clearinghouse and payer: answers 837s with 999, 277CA and 835 files."
app = typer.Typer(no_args_is_help=True)

InboxOption = Annotated[Path, typer.Option("--inbox", help="Where 837s arrive (the practice's outbox).")]


def _poll(sandbox: Sandbox, interval: float, stop: threading.Event) -> None:
    while not stop.is_set():
        sandbox.process_once()
        stop.wait(interval)


@app.command("serve")
def serve(
    inbox: InboxOption,
    outbox: Annotated[Path, typer.Option("--outbox", help="Where replies go (the practice's inbox).")],
    port: Annotated[int | None, typer.Option("--port", help="Also answer 270/276 over HTTP.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Process what is there, then exit.")] = False,
    config: Annotated[Path | None, typer.Option("--config", help="Sandbox YAML configuration.")] = None,
    state: Annotated[Path | None, typer.Option("--state", help="The sandbox's own state file.")] = None,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between inbox scans.")] = 2.0,
) -> None:
    """Watch the inbox and answer every 837 with TA1/999, 277CA and (after the lag) 835."""
    settings = load_config(config)
    console = Console(stderr=True)
    state_path = state or default_state_path(inbox)
    if once:
        with Sandbox(inbox, outbox, settings, state_path=state_path) as sandbox:
            report = sandbox.process_once()
        console.print(
            f"{report.files_read} files read, {len(report.files_written)} written, "
            f"{report.claims_accepted} claims accepted, {report.claims_rejected} rejected, "
            f"{report.remittances} 835s"
        )
        return
    stop = threading.Event()
    if port is None:
        console.print(f"sandbox watching {inbox} (Ctrl-C to stop)")
        with Sandbox(inbox, outbox, settings, state_path=state_path) as sandbox:
            try:
                _poll(sandbox, interval, stop)
            except KeyboardInterrupt:
                return
        return
    import uvicorn

    from revcycle.sandbox.http import create_app

    def loop() -> None:
        with Sandbox(inbox, outbox, settings, state_path=state_path) as worker:
            _poll(worker, interval, stop)

    thread = threading.Thread(target=loop, name="sandbox-inbox", daemon=True)
    thread.start()
    try:
        uvicorn.run(create_app(settings, state_path), host="127.0.0.1", port=port, log_level="warning")
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


@app.command("advance")
def advance(
    inbox: InboxOption,
    days: Annotated[int, typer.Option("--days", help="Sandbox days to move ahead.")] = 1,
    state: Annotated[Path | None, typer.Option("--state", help="The sandbox's own state file.")] = None,
) -> None:
    """Move the sandbox clock ahead so delayed 835s come due on the next run."""
    advance_state(inbox, days, state_path=state)
    Console(stderr=True).print(f"sandbox clock moved {days} day(s) ahead")
