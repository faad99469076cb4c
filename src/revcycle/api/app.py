"""The FastAPI application: routers come from the contexts' ``endpoints.py``."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from revcycle import __version__
from revcycle.api.errors import install_error_handlers
from revcycle.kit.db import Database
from revcycle.kit.migrate import ensure_up_to_date
from revcycle.kit.settings import Settings, get_settings

API_PREFIX = "/api/v1"

ROUTERS: tuple[str, ...] = ("revcycle.intake.endpoints", "revcycle.codes.endpoints")
"""Modules whose ``router`` is mounted under ``/api/v1``."""


def create_app(
    settings: Settings | None = None, database: Database | None = None, *, check_schema: bool = True
) -> FastAPI:
    """Build the app. Refuses to start on an out-of-date schema (run ``revcycle db upgrade``)."""
    settings = settings or get_settings()
    database = database or Database(settings.database_url)
    if check_schema:
        ensure_up_to_date(database.engine)
    app = FastAPI(
        title="revcycle",
        version=__version__,
        description="Medical billing and revenue-cycle management. Amounts are decimal strings.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.database = database
    app.state.settings = settings
    install_error_handlers(app)
    for module_name in ROUTERS:
        app.include_router(importlib.import_module(module_name).router, prefix=API_PREFIX)

    @app.get(f"{API_PREFIX}/health", tags=["system"], summary="Liveness check")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    return app
