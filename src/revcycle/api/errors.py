"""Map the error tree onto HTTP answers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

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

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": exc.message})

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": exc.message})

    @app.exception_handler(AuthenticationRequired)
    async def unauthenticated(_: Request, exc: AuthenticationRequired) -> JSONResponse:
        return JSONResponse(
            status_code=401, content={"detail": exc.message}, headers={"WWW-Authenticate": "Bearer"}
        )

    @app.exception_handler(AccessDenied)
    async def denied(_: Request, exc: AccessDenied) -> JSONResponse:
        return JSONResponse(status_code=403, content={"detail": exc.message})
