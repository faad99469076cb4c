"""Every remittance query. Claims for an ERA are loaded in bulk (one query per chunk of CLPs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import cast

from sqlalchemy import Table, select

from revcycle.claims.tables import ClaimLineRow, ClaimRow
from revcycle.intake.tables import CoverageRow, PayerRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.errors import NotFound
from revcycle.ledger.repository import insert_rows
from revcycle.remittance.tables import AppealRow, DepositRow, EraClaimRow, EraRow, WorkItemRow

CHUNK = 2000
"""How many values go in one ``IN (...)`` (well under SQLite's and PostgreSQL's limits)."""


def _chunks(values: Sequence[object]) -> Iterable[Sequence[object]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def era_by_key(uow: UnitOfWork, practice_id: int, key: str) -> EraRow | None:
    return uow.session.scalars(
        select(EraRow).where(EraRow.practice_id == practice_id, EraRow.idempotency_key == key)
    ).first()


def era(uow: UnitOfWork, practice_id: int, era_id: int) -> EraRow:
    row = uow.session.get(EraRow, era_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("ERA", era_id)
    return row


def eras(uow: UnitOfWork, practice_id: int, *, status: str | None = None) -> Sequence[EraRow]:
    query = select(EraRow).where(EraRow.practice_id == practice_id)
    if status:
        query = query.where(EraRow.status == status)
    return uow.session.scalars(query.order_by(EraRow.id)).all()


def posted_eras_by_trace(uow: UnitOfWork, practice_id: int, traces: Sequence[str]) -> dict[str, EraRow]:
    out: dict[str, EraRow] = {}
    for chunk in _chunks(list(traces)):
        for row in uow.session.scalars(
            select(EraRow).where(
                EraRow.practice_id == practice_id, EraRow.status == "posted", EraRow.trace_number.in_(chunk)
            )
        ):
            out[row.trace_number] = row
    return out


def payer_by_codes(uow: UnitOfWork, practice_id: int, codes: Sequence[str]) -> PayerRow | None:
    wanted = [c for c in codes if c]
    if not wanted:
        return None
    return uow.session.scalars(
        select(PayerRow).where(PayerRow.practice_id == practice_id, PayerRow.payer_code.in_(wanted))
    ).first()


def claims_by_pcn(uow: UnitOfWork, practice_id: int, pcns: Sequence[str]) -> dict[str, ClaimRow]:
    out: dict[str, ClaimRow] = {}
    for chunk in _chunks(sorted(set(pcns))):
        for row in uow.session.scalars(
            select(ClaimRow).where(
                ClaimRow.practice_id == practice_id, ClaimRow.patient_control_number.in_(chunk)
            )
        ):
            out[row.patient_control_number] = row
    return out


def lines_by_claim(uow: UnitOfWork, claim_ids: Sequence[int]) -> dict[int, list[ClaimLineRow]]:
    out: dict[int, list[ClaimLineRow]] = defaultdict(list)
    for chunk in _chunks(sorted(set(claim_ids))):
        for row in uow.session.scalars(
            select(ClaimLineRow).where(ClaimLineRow.claim_id.in_(chunk)).order_by(ClaimLineRow.line_number)
        ):
            out[row.claim_id].append(row)
    return out


def claims_of_encounters(uow: UnitOfWork, practice_id: int, encounter_ids: Sequence[int]) -> list[ClaimRow]:
    """Every claim of these encounters, oldest first."""
    out: list[ClaimRow] = []
    for chunk in _chunks(sorted(set(encounter_ids))):
        out += uow.session.scalars(
            select(ClaimRow)
            .where(ClaimRow.practice_id == practice_id, ClaimRow.encounter_id.in_(chunk))
            .order_by(ClaimRow.id)
        ).all()
    return sorted(out, key=lambda c: c.id)


def adjudicated_claim_ids(uow: UnitOfWork, claim_ids: Sequence[int]) -> set[int]:
    """The claims among these with a claim payment (paid or partially paid) not reversed."""
    out: set[int] = set()
    for chunk in _chunks(sorted(set(claim_ids))):
        out.update(
            int(i)
            for i in uow.session.scalars(
                select(EraClaimRow.claim_id).where(
                    EraClaimRow.claim_id.in_(chunk),
                    EraClaimRow.reversed_by_id.is_(None),
                    EraClaimRow.status_code != "22",
                    EraClaimRow.outcome.in_(("paid", "partially_paid")),
                )
            )
            if i is not None
        )
    return out


def coverages_of_patient(uow: UnitOfWork, practice_id: int, patient_id: int) -> list[CoverageRow]:
    return coverages_by_patient(uow, practice_id, [patient_id]).get(patient_id, [])


def coverages_by_patient(
    uow: UnitOfWork, practice_id: int, patient_ids: Sequence[int]
) -> dict[int, list[CoverageRow]]:
    out: dict[int, list[CoverageRow]] = defaultdict(list)
    for chunk in _chunks(sorted(set(patient_ids))):
        for row in uow.session.scalars(
            select(CoverageRow).where(
                CoverageRow.practice_id == practice_id, CoverageRow.patient_id.in_(chunk)
            )
        ):
            out[row.patient_id].append(row)
    return out


def last_payments(uow: UnitOfWork, claim_ids: Sequence[int]) -> dict[int, EraClaimRow]:
    """The newest claim payment of each claim not yet reversed (what a CLP02 = 22 reverses)."""
    out: dict[int, EraClaimRow] = {}
    for chunk in _chunks(sorted(set(claim_ids))):
        for row in uow.session.scalars(
            select(EraClaimRow)
            .where(
                EraClaimRow.claim_id.in_(chunk),
                EraClaimRow.reversed_by_id.is_(None),
                EraClaimRow.status_code != "22",
            )
            .order_by(EraClaimRow.id)
        ):
            if row.claim_id is not None:
                out[row.claim_id] = row
    return out


def era_claims_of(uow: UnitOfWork, claim_id: int) -> Sequence[EraClaimRow]:
    return uow.session.scalars(
        select(EraClaimRow).where(EraClaimRow.claim_id == claim_id).order_by(EraClaimRow.id)
    ).all()


_ERA_CLAIMS = cast(Table, EraClaimRow.__table__)
_WORK_ITEMS = cast(Table, WorkItemRow.__table__)


def insert_era_claims(uow: UnitOfWork, rows: list[dict[str, object]]) -> list[int]:
    """Insert an ERA's claim payments in bulk, returning their ids in order (ids are allocated in
    the order of the rows of one transaction's insert)."""
    if not rows:
        return []
    return sorted(int(i) for (i,) in insert_rows(uow.session, _ERA_CLAIMS, rows, ("id",)))


def add_work_items(uow: UnitOfWork, rows: list[dict[str, object]]) -> None:
    if rows:
        insert_rows(uow.session, _WORK_ITEMS, rows)


def work_items(
    uow: UnitOfWork, practice_id: int, *, queue: str | None = None, status: str | None = "open"
) -> Sequence[WorkItemRow]:
    query = select(WorkItemRow).where(WorkItemRow.practice_id == practice_id)
    if queue:
        query = query.where(WorkItemRow.queue == queue)
    if status:
        query = query.where(WorkItemRow.status == status)
    return uow.session.scalars(query.order_by(WorkItemRow.id)).all()


def work_item(uow: UnitOfWork, practice_id: int, item_id: int) -> WorkItemRow:
    row = uow.session.get(WorkItemRow, item_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("work item", item_id)
    return row


def appeal(uow: UnitOfWork, practice_id: int, appeal_id: int) -> AppealRow:
    row = uow.session.get(AppealRow, appeal_id)
    if row is None or row.practice_id != practice_id:
        raise NotFound("appeal", appeal_id)
    return row


def deposits(uow: UnitOfWork, practice_id: int) -> Sequence[DepositRow]:
    return uow.session.scalars(
        select(DepositRow).where(DepositRow.practice_id == practice_id).order_by(DepositRow.id)
    ).all()
