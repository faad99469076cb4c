"""What every route depends on: a unit of work per request, and the signed-in caller's scope.

Permissions, deny by default. Every route under ``/api/v1`` and every web page declares the
permission it needs, in one of two ways:

- on the route: ``scope: Annotated[Scope, require("patients:read")]`` as a parameter, or
  ``dependencies=[require("codes:read")]`` on the route or on the whole ``APIRouter``;
- for a whole module, by HTTP method: ``PERMISSIONS = {"GET": "codes:read", "*": "codes:write"}``
  next to ``router`` in the module's ``endpoints.py`` (``api.app`` reads it when mounting).

A route that declares nothing refuses everyone (403; 401 without credentials). The declared
permission shows in the OpenAPI document as ``x-permission``. ``require(PUBLIC)`` opens a route to
callers who are not signed in (sign-in page, health check).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.errors import AccessDenied, AuthenticationRequired
from revcycle.security.domain import (
    PHI_PERMISSIONS,
    PUBLIC,
    AuditAction,
    Outcome,
    Principal,
    is_known_permission,
    patient_in_path,
)
from revcycle.security.service.audit import record_now, record_unauthenticated
from revcycle.security.service.auth import SESSION_COOKIE, PasswordChangeRequired, authenticate

Scope = Principal
"""Who is asking: user id, role, practice id and permissions (see ``security.domain.Principal``)."""

PERMISSION_KEY = "x-permission"
UNDECLARED = "undeclared"


def get_database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    """The request's transaction: committed when the route returns, rolled back when it raises."""
    with get_database(request).uow() as uow:
        yield uow
        uow.commit()


def signed_in(request: Request) -> Principal:
    """The caller behind the bearer token or session cookie (cached for the request)."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    with get_database(request).transaction() as uow:
        principal = authenticate(
            uow,
            authorization=request.headers.get("authorization"),
            session_cookie=request.cookies.get(SESSION_COOKIE),
        )
    request.state.principal = principal
    return principal


def optional_principal(request: Request) -> Principal | None:
    try:
        return signed_in(request)
    except AuthenticationRequired:
        return None


def _route_permission(request: Request) -> str:
    route = request.scope.get("route")
    extra = getattr(route, "openapi_extra", None) or {}
    return str(extra.get(PERMISSION_KEY, UNDECLARED))


def _check(request: Request, permission: str) -> Principal | None:
    """The caller, if they may call this route; an emergency grant counts only on its patient's routes."""
    if permission == PUBLIC:
        return optional_principal(request)
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    patient_id = patient_in_path(path, request.path_params)
    try:
        principal = signed_in(request).for_patient(patient_id)
    except PasswordChangeRequired:
        raise
    except AuthenticationRequired:
        if permission in PHI_PERMISSIONS or patient_id is not None:
            record_unauthenticated(
                get_database(request),
                method=request.method,
                route=path,
                object_id=",".join(str(v) for v in request.path_params.values())[:40] or None,
                client=request.client.host if request.client else "unknown",
            )
        raise
    if permission != UNDECLARED and principal.can(permission):
        return principal
    record_now(
        get_database(request),
        principal,
        AuditAction.ACCESS,
        "route",
        entity_id=f"{request.method} {path}"[:40],
        outcome=Outcome.DENIED,
        detail=f"needs {permission}",
    )
    if permission == UNDECLARED:
        raise AccessDenied("this route declares no permission, so it is closed to everyone")
    principal.check(permission)
    return principal


def authorize(request: Request) -> None:
    """Mounted on every router: enforce the permission the matched route declares (deny by default)."""
    _check(request, _route_permission(request))


class Requirement:
    """A route dependency that declares (and checks) one permission; returns the caller's scope."""

    def __init__(self, permission: str) -> None:
        if not is_known_permission(permission):
            raise ValueError(f"unknown permission {permission!r}: add it to security.domain.MATRIX")
        self.permission = permission

    def __call__(self, request: Request) -> Principal | None:
        return _check(request, self.permission)

    def __repr__(self) -> str:
        return f"require({self.permission!r})"


def require(permission: str) -> Any:
    """``scope: Annotated[Scope, require("patients:read")]``, or in ``dependencies=[...]``."""
    return Depends(Requirement(permission))


def current_scope(request: Request) -> Principal:
    """The signed-in caller; the route's declared permission was already enforced by ``authorize``."""
    principal = _check(request, _route_permission(request))
    if principal is None:
        raise AuthenticationRequired("sign in, or send Authorization: Bearer <token>")
    return principal


Uow = Annotated[UnitOfWork, Depends(get_uow)]
CurrentScope = Annotated[Scope, Depends(current_scope)]


# -- declaring permissions when the app is assembled ----------------------------------------------
def _declared(dependant: Dependant) -> str | None:
    for sub in dependant.dependencies:
        if isinstance(sub.call, Requirement):
            return sub.call.permission
        found = _declared(sub)
        if found:
            return found
    return None


def by_method(defaults: str | Mapping[str, str] | None, methods: Iterable[str]) -> str | None:
    """A module's default permission for a route: one for all, or by method (``"*"`` for the rest)."""
    if defaults is None or isinstance(defaults, str):
        return defaults
    for method in sorted(methods):
        if method in defaults:
            return defaults[method]
    return defaults.get("*")


def declare_permissions(routes: Iterable[Any], defaults: str | Mapping[str, str] | None = None) -> None:
    """Record each route's permission in its OpenAPI extra (``x-permission``); unknown ones fail."""
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        permission = _declared(route.dependant) or by_method(defaults, route.methods or ()) or UNDECLARED
        if permission != UNDECLARED and not is_known_permission(permission):
            raise ValueError(f"route {route.path} declares unknown permission {permission!r}")
        route.openapi_extra = {**(route.openapi_extra or {}), PERMISSION_KEY: permission}


def route_permissions(app: FastAPI) -> dict[tuple[str, str], str]:
    """(method, path) -> declared permission, for every API route and page of ``app``."""
    found: dict[tuple[str, str], str] = {}

    def walk(routes: Iterable[Any]) -> None:
        for item in routes:
            if hasattr(item, "effective_candidates"):  # an included router (FastAPI >= 0.160)
                walk(item.effective_candidates())
                continue
            route = getattr(item, "original_route", item)
            if not isinstance(route, APIRoute):
                continue
            permission = str((route.openapi_extra or {}).get(PERMISSION_KEY, UNDECLARED))
            path = getattr(item, "path_format", "") or route.path_format
            for method in getattr(item, "methods", None) or route.methods or ():
                found[(method, path)] = permission

    walk(app.router.routes)
    return found
