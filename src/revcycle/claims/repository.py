"""Every claims query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select

from revcycle.claims.domain.lifecycle import ClaimState
from revcycle.claims.tables import (
    ClaimEventRow,
    ClaimLineRow,
    ClaimRow,
    ControlNumberRow,
    InboundFileRow,
    PayerRulesRow,
    SubmissionBatchRow,
)
from revcycle.kit.db import UnitOfWork
from revcycle.kit.repository import ScopedRepository


def claims(uow: UnitOfWork, practice_id: int) -> ScopedRepository[ClaimRow]:
    return ScopedRepository(uow.session, ClaimRow, practice_id, "claim")


def batches(uow: UnitOfWork, practice_id: int) -> ScopedRepository[SubmissionBatchRow]:
    return ScopedRepository(uow.session, SubmissionBatchRow, practice_id, "submission batch")


def lines_of(uow: UnitOfWork, claim_id: int) -> Sequence[ClaimLineRow]:
    return uow.session.scalars(
        select(ClaimLineRow).where(ClaimLineRow.claim_id == claim_id).order_by(ClaimLineRow.line_number)
    ).all()


def history_of(uow: UnitOfWork, claim_id: int) -> Sequence[ClaimEventRow]:
    return uow.session.scalars(
        select(ClaimEventRow).where(ClaimEventRow.claim_id == claim_id).order_by(ClaimEventRow.id)
    ).all()


def count_for_encounter(uow: UnitOfWork, encounter_id: int) -> int:
    return int(uow.session.scalar(select(func.count()).where(ClaimRow.encounter_id == encounter_id)) or 0)


def in_states(
    uow: UnitOfWork, practice_id: int, states: Sequence[ClaimState], *, payer_id: int | None = None
) -> Sequence[ClaimRow]:
    query = select(ClaimRow).where(
        ClaimRow.practice_id == practice_id, ClaimRow.state.in_([s.value for s in states])
    )
    if payer_id is not None:
        query = query.where(ClaimRow.payer_id == payer_id)
    return uow.session.scalars(query.order_by(ClaimRow.id)).all()


def of_patient(uow: UnitOfWork, practice_id: int, patient_id: int) -> Sequence[ClaimRow]:
    return uow.session.scalars(
        select(ClaimRow).where(ClaimRow.practice_id == practice_id, ClaimRow.patient_id == patient_id)
    ).all()


def by_pcn(uow: UnitOfWork, patient_control_number: str) -> ClaimRow | None:
    return uow.session.scalars(
        select(ClaimRow).where(ClaimRow.patient_control_number == patient_control_number)
    ).first()


def in_batch(uow: UnitOfWork, batch_id: int) -> Sequence[ClaimRow]:
    return uow.session.scalars(
        select(ClaimRow).where(ClaimRow.batch_id == batch_id).order_by(ClaimRow.id)
    ).all()


def batch_by_interchange(uow: UnitOfWork, control_number: str) -> SubmissionBatchRow | None:
    return uow.session.scalars(
        select(SubmissionBatchRow).where(
            SubmissionBatchRow.interchange_control_number == control_number.zfill(9)
        )
    ).first()


def batch_by_group(uow: UnitOfWork, group_control_number: str) -> SubmissionBatchRow | None:
    return uow.session.scalars(
        select(SubmissionBatchRow)
        .where(SubmissionBatchRow.group_control_number == group_control_number.lstrip("0"))
        .order_by(SubmissionBatchRow.id.desc())
    ).first()


def payer_rules(uow: UnitOfWork, practice_id: int, payer_id: int) -> PayerRulesRow | None:
    return uow.session.scalars(
        select(PayerRulesRow).where(
            PayerRulesRow.practice_id == practice_id, PayerRulesRow.payer_id == payer_id
        )
    ).first()


def max_control_number(uow: UnitOfWork, kind: str) -> int:
    return int(
        uow.session.scalar(select(func.max(ControlNumberRow.number)).where(ControlNumberRow.kind == kind))
        or 0
    )


def inbound_file(uow: UnitOfWork, digest: str) -> InboundFileRow | None:
    return uow.session.scalars(select(InboundFileRow).where(InboundFileRow.digest == digest)).first()


def open_since(uow: UnitOfWork, practice_id: int, before: datetime) -> Sequence[ClaimRow]:
    return uow.session.scalars(
        select(ClaimRow).where(
            ClaimRow.practice_id == practice_id,
            ClaimRow.state.in_(
                [ClaimState.SUBMITTED.value, ClaimState.ACKNOWLEDGED.value, ClaimState.ACCEPTED.value]
            ),
            ClaimRow.submitted_at <= before,
        )
    ).all()
