"""HTTP plumbing for every response: a request id, one structured log line, security headers.

A plain ASGI middleware (not ``@app.middleware("http")``): it adds its headers as the response
starts and does not wrap the body in another task and stream, which costs every request.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from revcycle.kit.logs import new_request_id, request_id_var

log = logging.getLogger("revcycle.http")

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; frame-ancestors 'none'"
)
FIXED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"


class Plumbing:
    """Request id (an incoming alphanumeric ``X-Request-Id`` of at most 32 characters is kept),
    the security headers, and one log line per request with no PHI: route template, status, time,
    user and practice ids."""

    def __init__(self, app: ASGIApp, *, docs_path: str, tls: bool) -> None:
        self.app = app
        self.docs_path = docs_path
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 32 else new_request_id()
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-Id"] = request_id
                headers["Content-Security-Policy"] = DOCS_CSP if scope["path"] == self.docs_path else CSP
                for name, value in FIXED_HEADERS.items():
                    headers[name] = value
                headers.setdefault("Cache-Control", "no-store")
                if self.tls or scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            request_id_var.reset(token)
            _log(scope, request_id, status, started)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _log(scope: Scope, request_id: str, status: int, started: float) -> None:
    principal: Any = (scope.get("state") or {}).get("principal")
    log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": scope["method"],
            "route": getattr(scope.get("route"), "path", "unmatched"),
            "status": status,
            "ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": getattr(principal, "user_id", None),
            "practice_id": getattr(principal, "practice_id", None),
        },
    )


def install_middleware(app: Any, *, docs_path: str, tls: bool) -> None:
    app.add_middleware(Plumbing, docs_path=docs_path, tls=tls)
