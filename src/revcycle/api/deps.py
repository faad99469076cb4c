"""What every route depends on: a unit of work per request, and the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request

from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.errors import AuthenticationRequired


def get_database(request: Request) -> Database:
    db: Database = request.app.state.database
    return db


def get_uow(request: Request) -> Iterator[UnitOfWork]:
    """The request's transaction: committed when the route returns, rolled back when it raises."""
    with get_database(request).uow() as uow:
        yield uow
        uow.commit()


@dataclass(frozen=True)
class Scope:
    """Who is asking, and for which practice."""

    practice_id: int
    user_id: int | None = None
    role: str | None = None


def current_scope(x_practice_id: Annotated[int | None, Header()] = None) -> Scope:
    """The caller's practice. Until sign-in exists, integrators name it in ``X-Practice-Id``."""
    if x_practice_id is None:
        raise AuthenticationRequired("name the practice in the X-Practice-Id header")
    return Scope(practice_id=x_practice_id)


Uow = Annotated[UnitOfWork, Depends(get_uow)]
CurrentScope = Annotated[Scope, Depends(current_scope)]
