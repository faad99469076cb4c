"""The FastAPI application: routers come from the contexts' ``endpoints.py``."""

from __future__ import annotations

import importlib

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from revcycle import __version__
from revcycle.api.deps import authorize, declare_permissions, require
from revcycle.api.errors import install_error_handlers
from revcycle.api.middleware import install_middleware
from revcycle.kit.db import Database
from revcycle.kit.logs import configure_logging
from revcycle.kit.migrate import ensure_up_to_date
from revcycle.kit.settings import Settings, get_settings
from revcycle.security.config import security_settings
from revcycle.security.domain import PUBLIC

API_PREFIX = "/api/v1"

ROUTERS: tuple[str, ...] = (
    "revcycle.intake.endpoints",
    "revcycle.ledger.endpoints",
    "revcycle.codes.endpoints",
    "revcycle.charges.endpoints",
    "revcycle.claims.endpoints",
    "revcycle.remittance.endpoints",
    "revcycle.reporting.endpoints",
    "revcycle.imports.endpoints",
    "revcycle.eligibility.endpoints",
    "revcycle.patient_billing.endpoints",
    "revcycle.patient_billing.collection_endpoints",
)
"""Modules whose ``router`` is mounted under ``/api/v1``."""

SECURITY_ROUTERS: tuple[str, ...] = ("revcycle.security.endpoints",)
"""The security context's API (audit, break-glass, coding audits, users), mounted like ROUTERS."""

DEFAULT_PERMISSIONS: dict[str, str | dict[str, str]] = {
    "revcycle.codes.endpoints": {"GET": "codes:read", "POST": "codes:read", "*": "codes:write"},
    "revcycle.charges.endpoints": {"GET": "charges:read", "*": "charges:write"},
    "revcycle.claims.endpoints": {"GET": "claims:read", "*": "claims:write"},
    "revcycle.x12.endpoints": {"GET": "x12:read", "*": "x12:write"},
}
"""Permissions by HTTP method for modules that do not declare their own (a module's ``PERMISSIONS``
and a route's ``require(...)`` win). Routes with no permission at all refuse everyone."""


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
    configure_logging()
    install_error_handlers(app)
    install_middleware(app, docs_path=f"{API_PREFIX}/docs", tls=security_settings().tls)
    for module_name in (*ROUTERS, *SECURITY_ROUTERS):
        _mount(app, module_name, API_PREFIX)
    from revcycle.web.app import STATIC_DIR, VIEWS

    for module_name in VIEWS:
        _mount(app, module_name, "")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get(
        f"{API_PREFIX}/health", tags=["system"], summary="Liveness check", dependencies=[require(PUBLIC)]
    )
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    declare_permissions([r for r in app.router.routes if getattr(r, "path", "") == f"{API_PREFIX}/health"])
    return app


def _mount(app: FastAPI, module_name: str, prefix: str) -> None:
    """Include a module's ``router``; every route gets its permission checked (deny by default)."""
    module = importlib.import_module(module_name)
    defaults = getattr(module, "PERMISSIONS", None) or DEFAULT_PERMISSIONS.get(module_name)
    declare_permissions(module.router.routes, defaults)
    app.include_router(module.router, prefix=prefix, dependencies=[Depends(authorize)])
