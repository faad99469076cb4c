"""Every charges query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from revcycle.charges.fees import Gpci, Rvu
from revcycle.charges.tables import (
    ChargeLineRow,
    ChargeMasterRow,
    ContractRateRow,
    EncounterRow,
    PayerContractRow,
    PfsGpciRow,
    PfsRvuRow,
    ProviderQueryRow,
)
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.kit.repository import ScopedRepository


def encounters(uow: UnitOfWork, practice_id: int) -> ScopedRepository[EncounterRow]:
    return ScopedRepository(uow.session, EncounterRow, practice_id, "encounter")


def queries(uow: UnitOfWork, practice_id: int) -> ScopedRepository[ProviderQueryRow]:
    return ScopedRepository(uow.session, ProviderQueryRow, practice_id, "provider query")


def lines_of(uow: UnitOfWork, encounter_id: int) -> Sequence[ChargeLineRow]:
    return uow.session.scalars(
        select(ChargeLineRow)
        .where(ChargeLineRow.encounter_id == encounter_id)
        .order_by(ChargeLineRow.line_number)
    ).all()


def charge_master(uow: UnitOfWork, practice_id: int) -> dict[tuple[str, str], Money]:
    rows = uow.session.scalars(select(ChargeMasterRow).where(ChargeMasterRow.practice_id == practice_id))
    return {(r.code, r.modifier): r.amount for r in rows}


def charge_master_row(uow: UnitOfWork, practice_id: int, code: str, modifier: str) -> ChargeMasterRow | None:
    return uow.session.scalars(
        select(ChargeMasterRow).where(
            ChargeMasterRow.practice_id == practice_id,
            ChargeMasterRow.code == code,
            ChargeMasterRow.modifier == modifier,
        )
    ).first()


def contract_for(uow: UnitOfWork, practice_id: int, payer_id: int) -> PayerContractRow | None:
    return uow.session.scalars(
        select(PayerContractRow).where(
            PayerContractRow.practice_id == practice_id, PayerContractRow.payer_id == payer_id
        )
    ).first()


def contract_rates(uow: UnitOfWork, contract_id: int) -> dict[tuple[str, str], Money]:
    rows = uow.session.scalars(select(ContractRateRow).where(ContractRateRow.contract_id == contract_id))
    return {(r.code, r.modifier): r.allowed for r in rows}


def rvu(uow: UnitOfWork, year: int, code: str, modifier: str) -> Rvu | None:
    row = uow.session.scalars(
        select(PfsRvuRow).where(
            PfsRvuRow.year == year, PfsRvuRow.code == code, PfsRvuRow.modifier == modifier
        )
    ).first()
    if row is None:
        return None
    return Rvu(
        row.code,
        row.modifier,
        row.status,
        row.work,
        row.pe_non_facility,
        row.pe_facility,
        row.malpractice,
        row.conversion_factor,
    )


def gpci(uow: UnitOfWork, year: int, locality_key: str) -> Gpci | None:
    row = uow.session.scalars(
        select(PfsGpciRow).where(PfsGpciRow.year == year, PfsGpciRow.locality_key == locality_key)
    ).first()
    if row is None:
        return None
    mac, locality = locality_key.split("-")
    return Gpci(mac, row.state, locality, row.name, row.work, row.pe, row.malpractice)
