"""Build the standard routes of a practice-scoped resource: create, read, update, list.

A context's ``endpoints.py`` calls :func:`add_crud_routes` with its schemas and service calls, so
every resource answers the same way: 201 on create, 404 across practices, 422 naming the field.
``permission="patients"`` makes reads need ``patients:read`` and writes ``patients:write``; when
``phi_patient`` is given the resource is PHI and every read, create and update is audited (one
record per object, naming the patient that ``phi_patient(row)`` returns).
"""

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Query, Request, status
from pydantic import BaseModel

from revcycle.api.deps import CurrentScope, Scope, Uow, get_database, require
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import NotFound
from revcycle.kit.schema_types import Page
from revcycle.security.domain import AuditAction, Outcome
from revcycle.security.service import record_access, record_now

Creator = Callable[..., Any]


def add_crud_routes(
    router: APIRouter,
    *,
    path: str,
    name: str,
    schema_in: type[BaseModel],
    schema_patch: type[BaseModel],
    schema_out: type[BaseModel],
    create: Callable[[UnitOfWork, int, Mapping[str, Any]], Any],
    update: Callable[[UnitOfWork, int, int, Mapping[str, Any]], Any],
    get: Callable[[UnitOfWork, int, int], Any],
    page: Callable[[UnitOfWork, int, Mapping[str, Any], int, int], tuple[Sequence[Any], int]],
    permission: str,
    filters: Mapping[str, Any] | None = None,
    phi_patient: Callable[[Any], int | None] | None = None,
) -> None:
    """Add POST/GET/PATCH on ``path`` and ``path/{id}``; ``filters`` are extra query parameters."""
    page_model: type[BaseModel] = _page_model(schema_out)
    filter_names = dict(filters or {})
    read, write = [require(f"{permission}:read")], [require(f"{permission}:write")]

    def audit(uow: UnitOfWork, scope: Scope, action: AuditAction, row: Any) -> None:
        if phi_patient is not None:
            record_access(uow, scope, action, name, row.id, phi_patient(row))

    def missing(request: Request, scope: Scope, action: AuditAction, item_id: int) -> None:
        if phi_patient is not None:
            record_now(
                get_database(request), scope, action, name, entity_id=item_id, outcome=Outcome.NOT_FOUND
            )

    def create_route(body: schema_in, uow: Uow, scope: CurrentScope) -> Any:  # type: ignore[valid-type]
        row = create(uow, scope.practice_id, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
        audit(uow, scope, AuditAction.CREATE, row)
        return schema_out.model_validate(row)

    def get_route(item_id: int, request: Request, uow: Uow, scope: CurrentScope) -> Any:
        try:
            row = get(uow, scope.practice_id, item_id)
        except NotFound:
            missing(request, scope, AuditAction.READ, item_id)
            raise
        audit(uow, scope, AuditAction.READ, row)
        return schema_out.model_validate(row)

    def update_route(
        item_id: int,
        body: schema_patch,  # type: ignore[valid-type]
        request: Request,
        uow: Uow,
        scope: CurrentScope,
    ) -> Any:
        changes = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        try:
            row = update(uow, scope.practice_id, item_id, changes)
        except NotFound:
            missing(request, scope, AuditAction.UPDATE, item_id)
            raise
        audit(uow, scope, AuditAction.UPDATE, row)
        return schema_out.model_validate(row)

    def list_route(
        uow: Uow,
        scope: CurrentScope,
        limit: int = Query(50, ge=1, le=500),
        offset: int = Query(0, ge=0),
        **kwargs: Any,
    ) -> Any:
        rows, total = page(uow, scope.practice_id, kwargs, limit, offset)
        for row in rows:
            audit(uow, scope, AuditAction.READ, row)
        return page_model(
            items=[schema_out.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
        )

    _with_filters(list_route, filter_names)
    router.add_api_route(
        path,
        create_route,
        methods=["POST"],
        response_model=schema_out,
        status_code=status.HTTP_201_CREATED,
        name=f"create_{name}",
        dependencies=write,
        summary=f"Create a {name}",
    )
    router.add_api_route(
        path,
        list_route,
        methods=["GET"],
        response_model=page_model,
        name=f"list_{name}s",
        dependencies=read,
        summary=f"List {name}s (paginated)",
    )
    router.add_api_route(
        f"{path}/{{item_id}}",
        get_route,
        methods=["GET"],
        response_model=schema_out,
        name=f"get_{name}",
        dependencies=read,
        summary=f"Read one {name}",
    )
    router.add_api_route(
        f"{path}/{{item_id}}",
        update_route,
        methods=["PATCH"],
        response_model=schema_out,
        name=f"update_{name}",
        dependencies=write,
        summary=f"Change a {name} (partial)",
    )


def _page_model(schema_out: type[BaseModel]) -> type[BaseModel]:
    return Page[schema_out]  # type: ignore[valid-type]


def _with_filters(func: Callable[..., Any], filters: Mapping[str, Any]) -> None:
    """Give the list route one optional query parameter per filter, with its type."""
    sig = inspect.signature(func)
    params = [p for p in sig.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    for fname, ftype in filters.items():
        params.append(
            inspect.Parameter(
                fname, inspect.Parameter.KEYWORD_ONLY, default=Query(None), annotation=ftype | None
            )
        )
    func.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
