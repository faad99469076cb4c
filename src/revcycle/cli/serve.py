"""``revcycle serve``: the web app and the API."""

from __future__ import annotations

import typer

from revcycle.kit.errors import ConfigurationError

HELP = "Serve the web app and the REST API (refuses an out-of-date database schema)."


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(
        1, min=1, help="API processes sharing the port (each with its own connection pool)."
    ),
) -> None:
    """Serve revcycle on HOST:PORT."""
    import uvicorn

    from revcycle.api.app import create_app

    try:
        app = create_app()  # checks the schema once, before any process starts
    except ConfigurationError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from None
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
        return
    app.state.database.dispose()
    uvicorn.run(
        "revcycle.api.app:create_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
    )
