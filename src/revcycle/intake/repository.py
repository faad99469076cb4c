"""Every intake query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select

from revcycle.intake.domain import CoverageOrder, CoverageSpan
from revcycle.intake.tables import CoverageRow, PatientRow, PracticeRow
from revcycle.kit.db import Base, UnitOfWork
from revcycle.kit.errors import NotFound
from revcycle.kit.repository import ScopedRepository

RowT = TypeVar("RowT", bound=Base)

_ENTITY = {
    "ProviderRow": "provider",
    "FacilityRow": "facility",
    "PayerRow": "payer",
    "GuarantorRow": "guarantor",
    "PatientRow": "patient",
    "CoverageRow": "coverage",
}


def repo(uow: UnitOfWork, row_type: type[RowT], practice_id: int) -> ScopedRepository[RowT]:
    return ScopedRepository(uow.session, row_type, practice_id, _ENTITY.get(row_type.__name__, "object"))


class PracticeRepository:
    def __init__(self, uow: UnitOfWork) -> None:
        self.session = uow.session

    def get(self, practice_id: int) -> PracticeRow:
        row = self.session.get(PracticeRow, practice_id)
        if row is None:
            raise NotFound("practice", practice_id)
        return row

    def all(self) -> Sequence[PracticeRow]:
        return self.session.scalars(select(PracticeRow).order_by(PracticeRow.id)).all()

    def by_billing_npi(self, npi: str) -> PracticeRow | None:
        return self.session.scalars(select(PracticeRow).where(PracticeRow.billing_npi == npi)).first()


def practice_repo(uow: UnitOfWork) -> PracticeRepository:
    return PracticeRepository(uow)


def coverage_spans(uow: UnitOfWork, practice_id: int, patient_id: int) -> list[CoverageSpan]:
    rows = repo(uow, CoverageRow, practice_id).find(patient_id=patient_id)
    return [CoverageSpan(r.id, CoverageOrder(r.order), r.effective_date, r.termination_date) for r in rows]


def search_patients(
    uow: UnitOfWork, practice_id: int, criteria: Mapping[str, Any], limit: int, offset: int
) -> tuple[Sequence[PatientRow], int]:
    query = select(PatientRow).where(PatientRow.practice_id == practice_id)
    if criteria.get("last_name"):
        query = query.where(func.lower(PatientRow.last_name).startswith(criteria["last_name"].lower()))
    if criteria.get("first_name"):
        query = query.where(func.lower(PatientRow.first_name).startswith(criteria["first_name"].lower()))
    if criteria.get("date_of_birth"):
        query = query.where(PatientRow.date_of_birth == criteria["date_of_birth"])
    if criteria.get("account_number"):
        query = query.where(PatientRow.account_number == criteria["account_number"])
    total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = uow.session.scalars(
        query.order_by(PatientRow.last_name, PatientRow.first_name, PatientRow.id).limit(limit).offset(offset)
    ).all()
    return rows, int(total)
