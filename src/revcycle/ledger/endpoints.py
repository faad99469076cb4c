"""Ledger over HTTP, read only: balances, entries, statements, trial balance, AR roll-forward.

Money enters the ledger only through other contexts' services calling ``ledger.service.post``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from revcycle.api.deps import Scope, Uow, require
from revcycle.intake import service as intake
from revcycle.ledger import schemas, service
from revcycle.ledger.domain import AccountFilter

router = APIRouter(prefix="/ledger", tags=["ledger"])

BalancesReader = Annotated[Scope, require("payments:read")]
"""Balances, statements and entries: whoever may see payments (front desk, billing, supervisors, auditors)."""
ReportsReader = Annotated[Scope, require("reports:read")]
"""Trial balance and roll-forward: whoever may read reports."""

AsOf = Annotated[date | None, Query(description="Balances as of this effective date (inclusive).")]


_OWNED = {"patient_id": intake.PATIENT, "guarantor_id": intake.GUARANTOR, "payer_id": intake.PAYER}
"""Dimensions that name an intake object: an id the practice does not own is not found (404)."""


def _receivable(uow: Uow, practice_id: int, as_of: date | None, **dims: int) -> schemas.ReceivableOut:
    for name, ident in dims.items():
        if name in _OWNED:
            intake.get(uow, _OWNED[name], practice_id=practice_id, ident=ident)
    where = AccountFilter.receivables(**dims)
    return schemas.ReceivableOut.of(
        as_of, service.balances(uow, practice_id=practice_id, where=where, as_of=as_of)
    )


@router.get("/claims/{claim_id}/balance", response_model=schemas.ReceivableOut, summary="What a claim owes")
def claim_balance(claim_id: int, uow: Uow, scope: BalancesReader, as_of: AsOf = None) -> Any:
    return _receivable(uow, scope.practice_id, as_of, claim_id=claim_id)


@router.get(
    "/claim-lines/{claim_line_id}/balance",
    response_model=schemas.ReceivableOut,
    summary="What a claim line owes",
)
def claim_line_balance(claim_line_id: int, uow: Uow, scope: BalancesReader, as_of: AsOf = None) -> Any:
    return _receivable(uow, scope.practice_id, as_of, claim_line_id=claim_line_id)


@router.get(
    "/patients/{patient_id}/balance",
    response_model=schemas.ReceivableOut,
    summary="What is owed for a patient",
)
def patient_balance(patient_id: int, uow: Uow, scope: BalancesReader, as_of: AsOf = None) -> Any:
    return _receivable(uow, scope.practice_id, as_of, patient_id=patient_id)


@router.get(
    "/guarantors/{guarantor_id}/balance",
    response_model=schemas.ReceivableOut,
    summary="What a guarantor owes",
)
def guarantor_balance(guarantor_id: int, uow: Uow, scope: BalancesReader, as_of: AsOf = None) -> Any:
    return _receivable(uow, scope.practice_id, as_of, guarantor_id=guarantor_id)


@router.get("/payers/{payer_id}/balance", response_model=schemas.ReceivableOut, summary="What a payer owes")
def payer_balance(payer_id: int, uow: Uow, scope: BalancesReader, as_of: AsOf = None) -> Any:
    return _receivable(uow, scope.practice_id, as_of, payer_id=payer_id)


@router.get(
    "/patients/{patient_id}/statement",
    response_model=schemas.StatementOut,
    summary="A patient's account with a running balance",
)
def patient_statement(
    patient_id: int,
    uow: Uow,
    scope: BalancesReader,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Any:
    intake.get(uow, intake.PATIENT, practice_id=scope.practice_id, ident=patient_id)
    statement = service.patient_statement(
        uow, practice_id=scope.practice_id, patient_id=patient_id, start=start, end=end
    )
    return schemas.StatementOut.of(statement)


@router.get("/entries/{entry_id}", response_model=schemas.EntryOut, summary="One journal entry and its lines")
def get_entry(entry_id: int, uow: Uow, scope: BalancesReader) -> Any:
    return schemas.EntryOut.of(service.get_entry(uow, practice_id=scope.practice_id, entry_id=entry_id))


@router.get("/trial-balance", response_model=schemas.TrialBalanceOut, summary="Trial balance of the practice")
def trial_balance(uow: Uow, scope: ReportsReader, as_of: AsOf = None) -> Any:
    return schemas.TrialBalanceOut.of(service.trial_balance(uow, practice_id=scope.practice_id, as_of=as_of))


@router.get("/ar-rollforward", response_model=schemas.RollForwardOut, summary="AR roll-forward for a period")
def ar_rollforward(
    uow: Uow,
    scope: ReportsReader,
    start: Annotated[date, Query(alias="from")],
    end: Annotated[date, Query(alias="to")],
) -> Any:
    report = service.ar_rollforward(uow, practice_id=scope.practice_id, start=start, end=end)
    return schemas.RollForwardOut.of(report)
