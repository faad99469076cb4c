"""Every imports query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from revcycle.imports.tables import CodingQueueRow, ExternalIdRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.repository import ScopedRepository


def external_id(uow: UnitOfWork, practice_id: int, source: str, kind: str, key: str) -> ExternalIdRow | None:
    return uow.session.scalars(
        select(ExternalIdRow).where(
            ExternalIdRow.practice_id == practice_id,
            ExternalIdRow.source == source,
            ExternalIdRow.kind == kind,
            ExternalIdRow.external_id == key,
        )
    ).first()


def link(uow: UnitOfWork, practice_id: int, source: str, kind: str, key: str, local_id: int) -> None:
    row = external_id(uow, practice_id, source, kind, key)
    if row is None:
        uow.session.add(
            ExternalIdRow(
                practice_id=practice_id, source=source, kind=kind, external_id=key, local_id=local_id
            )
        )
    else:
        row.local_id = local_id
    uow.flush()


def coding_queue(uow: UnitOfWork, practice_id: int) -> ScopedRepository[CodingQueueRow]:
    return ScopedRepository(uow.session, CodingQueueRow, practice_id, "coding queue item")


def pending_coding(uow: UnitOfWork, practice_id: int) -> Sequence[CodingQueueRow]:
    return uow.session.scalars(
        select(CodingQueueRow)
        .where(CodingQueueRow.practice_id == practice_id, CodingQueueRow.status == "pending")
        .order_by(CodingQueueRow.date_of_service, CodingQueueRow.id)
    ).all()
