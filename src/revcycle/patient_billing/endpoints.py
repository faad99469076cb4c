"""Patient billing over HTTP: accounts, payments and receipts, credit refunds, statements, hardship
write-offs, estimates and the Good Faith Estimate PDF. Every answer that shows a patient's money
is PHI and audited; an id of another practice is not found (404)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Response

from revcycle.api.deps import Scope, Uow, require
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.errors import NotFound
from revcycle.patient_billing import schemas
from revcycle.patient_billing.render import gfe_pdf, text_pdf
from revcycle.patient_billing.service import accounts, documents, estimates
from revcycle.patient_billing.tables import StatementRow, WriteOffRequestRow
from revcycle.security.domain import AuditAction
from revcycle.security.service import record_access

router = APIRouter(prefix="/billing", tags=["patient billing"])

Reader = Annotated[Scope, require("payments:read")]
Writer = Annotated[Scope, require("payments:write")]
Approver = Annotated[Scope, require("write_offs:approve")]
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}}}


def account_for(uow: Uow, scope: Scope, patient_id: int) -> str:
    """The billing account of a patient of the caller's practice (404 for anyone else's)."""
    intake.get(uow, intake.PATIENT, practice_id=scope.practice_id, ident=patient_id)
    return accounts.account_of(uow, scope.practice_id, patient_id)


def first_patient(uow: Uow, practice_id: int, account: str) -> int:
    return accounts.patients_of(uow, practice_id, account)[0]


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@router.get(
    "/patients/{patient_id}/account", response_model=schemas.AccountOut, summary="What an account owes"
)
def get_account(patient_id: int, uow: Uow, scope: Reader) -> Any:
    account = account_for(uow, scope, patient_id)
    view = accounts.get_account(uow, practice_id=scope.practice_id, account=account)
    record_access(uow, scope, AuditAction.READ, "patient_account", account, patient_id)
    return schemas.AccountOut.of(view, with_lines=False)


@router.get(
    "/patients/{patient_id}/account/lines",
    response_model=schemas.AccountOut,
    summary="What an account owes, line by line (insurance and patient sides)",
)
def get_account_lines(patient_id: int, uow: Uow, scope: Reader) -> Any:
    account = account_for(uow, scope, patient_id)
    view = accounts.get_account(uow, practice_id=scope.practice_id, account=account)
    record_access(uow, scope, AuditAction.READ, "patient_account", account, patient_id, detail="lines")
    return schemas.AccountOut.of(view, with_lines=True)


@router.post(
    "/payments", response_model=schemas.PaymentOut, status_code=201, summary="Record a patient payment"
)
def record_payment(body: schemas.PaymentIn, uow: Uow, scope: Writer) -> Any:
    row = accounts.record_payment(
        uow,
        practice_id=scope.practice_id,
        patient_id=body.patient_id,
        amount=body.amount,
        method=body.method,
        reference=body.reference,
        received_on=body.received_on,
        claim_id=body.claim_id,
        recorded_by=scope.username,
    )
    record_access(uow, scope, AuditAction.CREATE, "patient_payment", row.id, row.patient_id)
    return schemas.PaymentOut(
        payment_id=row.id,
        receipt_number=row.receipt_number,
        account=row.account,
        amount=row.amount,
        unapplied=row.unapplied,
        plan_id=row.plan_id,
        received_on=row.received_on,
    )


@router.get(
    "/payments/{payment_id}/receipt", response_model=schemas.ReceiptOut, summary="A payment's receipt"
)
def receipt(payment_id: int, uow: Uow, scope: Reader) -> Any:
    row = accounts.get_payment(uow, practice_id=scope.practice_id, payment_id=payment_id)
    text = documents.receipt_text(uow, practice_id=scope.practice_id, payment_id=payment_id)
    record_access(uow, scope, AuditAction.READ, "patient_payment", row.id, row.patient_id, detail="receipt")
    return schemas.ReceiptOut(payment_id=row.id, receipt_number=row.receipt_number, text=text)


@router.post(
    "/patients/{patient_id}/refunds",
    response_model=schemas.RefundOut,
    status_code=201,
    summary="Refund (part of) an account's credit",
)
def refund(patient_id: int, body: schemas.RefundIn, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    done = accounts.refund_credit(
        uow, practice_id=scope.practice_id, account=account, amount=body.amount, memo=body.memo
    )
    record_access(uow, scope, AuditAction.UPDATE, "patient_account", account, patient_id, detail="refund")
    left = accounts.unapplied(uow, scope.practice_id, account)
    return schemas.RefundOut(account=account, refunded=done, credit_left=left)


def _statement_out(row: StatementRow) -> schemas.StatementOut:
    return schemas.StatementOut(
        statement_id=row.id,
        account=row.account,
        cycle=row.cycle,
        statement_date=row.statement_date,
        due_date=row.due_date,
        amount_due=row.amount_due,
        stage=row.stage,
    )


@router.post(
    "/statements/run",
    response_model=schemas.StatementRunOut,
    summary="Cycle billing: this cycle's statements for every account with a balance due",
)
def run_statements(body: schemas.StatementRunIn, uow: Uow, scope: Writer) -> Any:
    result = documents.run_statements(
        uow, practice_id=scope.practice_id, on=body.on or clock.today(), now=clock.now()
    )
    for row in result.sent:
        patient = first_patient(uow, scope.practice_id, row.account)
        record_access(uow, scope, AuditAction.CREATE, "statement", row.id, patient)
    return schemas.StatementRunOut(sent=[_statement_out(r) for r in result.sent], skipped=len(result.skipped))


@router.get(
    "/patients/{patient_id}/statements",
    response_model=list[schemas.StatementOut],
    summary="The statements sent to a patient's account, newest first",
)
def statement_history(patient_id: int, uow: Uow, scope: Reader) -> Any:
    account = account_for(uow, scope, patient_id)
    rows = documents.statement_history(uow, practice_id=scope.practice_id, account=account)
    record_access(uow, scope, AuditAction.READ, "statement", account, patient_id, detail="history")
    return [_statement_out(r) for r in rows]


@router.get(
    "/statements/{statement_id}/pdf", response_class=Response, responses=PDF, summary="A statement as PDF"
)
def statement_pdf(statement_id: int, uow: Uow, scope: Reader) -> Response:
    row = uow.session.get(StatementRow, statement_id)
    if row is None or row.practice_id != scope.practice_id:
        raise NotFound("statement", statement_id)
    patient = first_patient(uow, scope.practice_id, row.account)
    record_access(uow, scope, AuditAction.EXPORT, "statement", row.id, patient, detail="pdf")
    text = json.loads(row.content)["text"]
    return _pdf(text_pdf(f"Statement {row.cycle}", text), f"statement-{row.id}.pdf")


def _hardship_out(row: WriteOffRequestRow) -> schemas.HardshipOut:
    return schemas.HardshipOut(
        request_id=row.id,
        account=row.account,
        amount=row.amount,
        status=row.status,
        requested_by=row.requested_by,
        decided_by=row.decided_by,
    )


@router.post(
    "/patients/{patient_id}/hardship",
    response_model=schemas.HardshipOut,
    status_code=201,
    summary="Ask for a hardship write-off (a supervisor decides)",
)
def request_hardship(patient_id: int, body: schemas.HardshipIn, uow: Uow, scope: Writer) -> Any:
    account = account_for(uow, scope, patient_id)
    row = accounts.request_hardship(
        uow,
        practice_id=scope.practice_id,
        account=account,
        amount=body.amount,
        reason=body.reason,
        requested_by=scope.username,
    )
    record_access(uow, scope, AuditAction.CREATE, "write_off_request", row.id, patient_id)
    return _hardship_out(row)


@router.post(
    "/hardship/{request_id}/decision",
    response_model=schemas.HardshipOut,
    summary="Approve (charity write-off) or deny a hardship request; supervisors only",
)
def decide_hardship(request_id: int, body: schemas.HardshipDecisionIn, uow: Uow, scope: Approver) -> Any:
    row = accounts.decide_hardship(
        uow,
        practice_id=scope.practice_id,
        request_id=request_id,
        approve=body.approve,
        decided_by=scope.username,
    )
    patient = first_patient(uow, scope.practice_id, row.account)
    record_access(uow, scope, AuditAction.UPDATE, "write_off_request", row.id, patient, detail=row.status)
    return _hardship_out(row)


@router.post("/estimates", summary="The patient's share of planned services")
def estimate(body: schemas.EstimateIn, uow: Uow, scope: Reader) -> Any:
    found = estimates.estimate_for_patient(
        uow,
        practice_id=scope.practice_id,
        patient_id=body.patient_id,
        codes=body.codes,
        on=body.on or clock.today(),
    )
    record_access(uow, scope, AuditAction.READ, "estimate", None, body.patient_id)
    return estimates.estimate_json(found)


@router.post(
    "/estimates/gfe.pdf",
    response_class=Response,
    responses=PDF,
    summary="A Good Faith Estimate (No Surprises Act) for a self-pay patient, as PDF",
)
def good_faith_estimate(body: schemas.EstimateIn, uow: Uow, scope: Reader) -> Response:
    gfe = estimates.good_faith_estimate(
        uow,
        practice_id=scope.practice_id,
        patient_id=body.patient_id,
        codes=body.codes,
        on=body.on or clock.today(),
        issued_on=clock.today(),
        diagnosis_codes=body.diagnosis_codes,
    )
    record_access(
        uow, scope, AuditAction.EXPORT, "estimate", None, body.patient_id, detail="good faith estimate"
    )
    return _pdf(gfe_pdf(gfe), "good-faith-estimate.pdf")
