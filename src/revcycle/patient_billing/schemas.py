"""Pydantic models of the patient billing API. Amounts are decimal strings; an account is named by
one of its patients' ids in paths (never by a name or anything else that is PHI)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from revcycle.kit.schema_types import MoneyStr
from revcycle.patient_billing.service.accounts import AccountView


class LineOut(BaseModel):
    patient_id: int
    claim_id: int | None
    claim_line_id: int | None
    charge_line_id: int | None = Field(default=None, description="a self-pay visit line (no claim)")
    service_date: date | None
    insurance: MoneyStr
    patient: MoneyStr
    due: MoneyStr


class AccountOut(BaseModel):
    account: str
    due: MoneyStr
    pending_insurance: MoneyStr
    credit: MoneyStr
    lines: list[LineOut] = Field(default_factory=list)

    @classmethod
    def of(cls, view: AccountView, *, with_lines: bool) -> AccountOut:
        lines = [
            LineOut(
                patient_id=b.patient_id,
                claim_id=b.claim_id,
                claim_line_id=b.claim_line_id,
                charge_line_id=b.charge_line_id,
                service_date=None if b.service_date == date.min else b.service_date,
                insurance=b.insurance,
                patient=b.patient,
                due=b.due,
            )
            for b in view.lines
        ]
        s = view.summary
        return cls(
            account=view.account,
            due=s.due,
            pending_insurance=s.pending_insurance,
            credit=s.credit,
            lines=lines if with_lines else [],
        )


class PaymentIn(BaseModel):
    patient_id: int
    amount: MoneyStr
    method: str = Field(description="cash, check or card (charged on the practice's own terminal)")
    reference: str = ""
    received_on: date | None = None
    claim_id: int | None = None


class PaymentOut(BaseModel):
    payment_id: int
    receipt_number: str
    account: str
    amount: MoneyStr
    unapplied: MoneyStr
    plan_id: int | None
    received_on: date


class ReceiptOut(BaseModel):
    payment_id: int
    receipt_number: str
    text: str


class RefundIn(BaseModel):
    amount: MoneyStr
    memo: str = ""


class RefundOut(BaseModel):
    account: str
    refunded: MoneyStr
    credit_left: MoneyStr


class StatementRunIn(BaseModel):
    on: date | None = None


class StatementOut(BaseModel):
    statement_id: int
    account: str
    cycle: str
    statement_date: date
    due_date: date
    amount_due: MoneyStr
    stage: str


class StatementRunOut(BaseModel):
    sent: list[StatementOut]
    skipped: int


class HardshipIn(BaseModel):
    amount: MoneyStr
    reason: str


class HardshipDecisionIn(BaseModel):
    approve: bool


class HardshipOut(BaseModel):
    request_id: int
    account: str
    amount: MoneyStr
    status: str
    requested_by: str
    decided_by: str | None


class EstimateIn(BaseModel):
    patient_id: int
    codes: list[str]
    on: date | None = None
    diagnosis_codes: list[str] = Field(default_factory=list, description="ICD-10-CM, for the GFE")
