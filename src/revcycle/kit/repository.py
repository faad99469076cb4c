"""A repository base for rows that belong to one practice (the tenant).

Every query goes through ``practice_id``: an object of another practice is simply not found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from revcycle.kit.db import Base
from revcycle.kit.errors import NotFound

RowT = TypeVar("RowT", bound=Base)


class ScopedRepository(Generic[RowT]):
    """Queries on one table, always within one practice."""

    def __init__(self, session: Session, row_type: type[RowT], practice_id: int, entity: str) -> None:
        self.session = session
        self.row_type = row_type
        self.practice_id = practice_id
        self.entity = entity

    def _scoped(self) -> Any:
        return select(self.row_type).where(self.row_type.practice_id == self.practice_id)  # type: ignore[attr-defined]

    def get(self, ident: int) -> RowT:
        row: RowT | None = self.session.scalars(
            self._scoped().where(self.row_type.id == ident)  # type: ignore[attr-defined]
        ).first()
        if row is None:
            raise NotFound(self.entity, ident)
        return row

    def find(self, **equals: Any) -> Sequence[RowT]:
        query = self._scoped()
        for name, value in equals.items():
            query = query.where(getattr(self.row_type, name) == value)
        return self.session.scalars(query).all()

    def page(self, *, filters: Mapping[str, Any], limit: int, offset: int) -> tuple[Sequence[RowT], int]:
        query = self._scoped()
        for name, value in filters.items():
            if value is not None:
                query = query.where(getattr(self.row_type, name) == value)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(self.row_type.id).limit(limit).offset(offset)  # type: ignore[attr-defined]
        ).all()
        return rows, int(total)

    def add(self, row: RowT) -> RowT:
        self.session.add(row)
        self.session.flush()
        return row
