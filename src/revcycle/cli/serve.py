"""``revcycle serve``: the web app and the API."""

from __future__ import annotations

import typer

from revcycle.kit.errors import ConfigurationError

HELP = "Serve the web app and the REST API (refuses an out-of-date database schema)."


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Serve revcycle on HOST:PORT."""
    import uvicorn

    from revcycle.api.app import create_app

    try:
        app = create_app()
    except ConfigurationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
