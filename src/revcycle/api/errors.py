"""Map the error tree onto HTTP answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError

from revcycle.kit.errors import (
    AccessDenied,
    AuthenticationRequired,
    Conflict,
    FieldErrors,
    InvalidInput,
    NotFound,
)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(FieldErrors)
    async def field_errors(_: Request, exc: FieldErrors) -> JSONResponse:
        detail = [
            {"loc": ["body", *e.field.split(".")], "msg": e.message, "type": "value_error"}
            for e in exc.errors
        ]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.exception_handler(InvalidInput)
    async def invalid_input(_: Request, exc: InvalidInput) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": [{"loc": ["body"], "msg": exc.message, "type": "value_error"}]},
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(_: Request, exc: Exception) -> JSONResponse:
        """A number too large for the database (an id like 2**63): nothing by that id exists."""
        return JSONResponse(
            status_code=422,
            content={"detail": [{"loc": ["body"], "msg": "a number is out of range", "type": "value_error"}]},
        )

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": exc.message})

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": exc.message})

    @app.exception_handler(AuthenticationRequired)
    async def unauthenticated(request: Request, exc: AuthenticationRequired) -> Response:
        if _is_page(request):
            return RedirectResponse("/sign-in", status_code=303)
        return JSONResponse(
            status_code=401, content={"detail": exc.message}, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(AccessDenied)
    async def denied(request: Request, exc: AccessDenied) -> Response:
        if _is_page(request):
            return HTMLResponse(_DENIED_PAGE, status_code=403)
        return JSONResponse(status_code=403, content={"detail": exc.message})


_DENIED_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed - revcycle</title>'
    '<link rel="stylesheet" href="/static/app.css"></head><body><main class="narrow">'
    "<h1>Not allowed</h1><p>Your role does not allow this page.</p>"
    '<p><a href="/">Back to the start page</a></p></main></body></html>'
)


def _is_page(request: Request) -> bool:
    """Web pages answer with HTML (a redirect to sign in); everything under /api answers JSON."""
    return not request.url.path.startswith("/api/")
