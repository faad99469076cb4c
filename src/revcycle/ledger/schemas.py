"""Ledger API models. Amounts are decimal strings; dates ISO 8601."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from pydantic import BaseModel

from revcycle.kit.money import Money
from revcycle.kit.schema_types import MoneyStr
from revcycle.ledger.domain import (
    AccountKey,
    PostedEntry,
    ReceivableBalance,
    RollForward,
    RollForwardBucket,
    Statement,
    TrialBalance,
)


class AccountOut(BaseModel):
    code: str
    kind: str
    payer_id: int | None
    patient_id: int | None
    guarantor_id: int | None
    claim_id: int | None
    claim_line_id: int | None
    reason: str | None
    charge_line_id: int | None = None

    @classmethod
    def of(cls, key: AccountKey) -> AccountOut:
        return cls(
            code=key.code,
            kind=key.kind.value,
            payer_id=key.payer_id,
            patient_id=key.patient_id,
            guarantor_id=key.guarantor_id,
            claim_id=key.claim_id,
            claim_line_id=key.claim_line_id,
            reason=key.reason.value if key.reason else None,
            charge_line_id=key.charge_line_id,
        )


class AccountBalanceOut(BaseModel):
    account: AccountOut
    balance: MoneyStr


class ReceivableOut(BaseModel):
    """What is owed: by insurance, by the patient, in all, and per account."""

    as_of: date | None
    insurance: MoneyStr
    patient: MoneyStr
    total: MoneyStr
    accounts: list[AccountBalanceOut]

    @classmethod
    def of(cls, as_of: date | None, balances: Mapping[AccountKey, Money]) -> ReceivableOut:
        summary = ReceivableBalance.of(balances)
        return cls(
            as_of=as_of,
            insurance=summary.insurance,
            patient=summary.patient,
            total=summary.total,
            accounts=[AccountBalanceOut(account=AccountOut.of(k), balance=m) for k, m in balances.items()],
        )


class LineOut(BaseModel):
    account: AccountOut
    debit: MoneyStr
    credit: MoneyStr


class EntryOut(BaseModel):
    id: int
    kind: str
    effective_date: date
    posted_at: datetime
    memo: str
    source: str
    idempotency_key: str
    reverses_entry_id: int | None
    reversed_by_entry_id: int | None
    lines: list[LineOut]

    @classmethod
    def of(cls, posted: PostedEntry) -> EntryOut:
        e = posted.entry
        return cls(
            id=posted.id,
            kind=e.kind.value,
            effective_date=e.effective_date,
            posted_at=posted.posted_at,
            memo=e.memo,
            source=e.source,
            idempotency_key=e.idempotency_key,
            reverses_entry_id=e.reverses_entry_id,
            reversed_by_entry_id=posted.reversed_by_entry_id,
            lines=[
                LineOut(account=AccountOut.of(ln.account), debit=ln.debit, credit=ln.credit) for ln in e.lines
            ],
        )


class TrialBalanceRowOut(BaseModel):
    kind: str
    debit: MoneyStr
    credit: MoneyStr


class TrialBalanceOut(BaseModel):
    as_of: date | None
    rows: list[TrialBalanceRowOut]
    total_debits: MoneyStr
    total_credits: MoneyStr
    balanced: bool

    @classmethod
    def of(cls, trial: TrialBalance) -> TrialBalanceOut:
        return cls(
            as_of=trial.as_of,
            rows=[TrialBalanceRowOut(kind=r.kind.value, debit=r.debit, credit=r.credit) for r in trial.rows],
            total_debits=trial.total_debits,
            total_credits=trial.total_credits,
            balanced=trial.is_balanced,
        )


class StatementLineOut(BaseModel):
    entry_id: int
    effective_date: date
    kind: str
    memo: str
    source: str
    claim_id: int | None
    claim_line_id: int | None
    charge_line_id: int | None = None
    amount: MoneyStr
    balance: MoneyStr


class StatementOut(BaseModel):
    patient_id: int
    start: date | None
    end: date | None
    opening: MoneyStr
    closing: MoneyStr
    lines: list[StatementLineOut]

    @classmethod
    def of(cls, statement: Statement) -> StatementOut:
        lines = []
        for line in statement.lines:
            m = line.movement
            lines.append(
                StatementLineOut(
                    entry_id=m.entry_id,
                    effective_date=m.effective_date,
                    kind=m.kind.value,
                    memo=m.memo,
                    source=m.source,
                    claim_id=m.account.claim_id,
                    claim_line_id=m.account.claim_line_id,
                    charge_line_id=m.account.charge_line_id,
                    amount=m.amount,
                    balance=line.balance,
                )
            )
        return cls(
            patient_id=statement.patient_id,
            start=statement.start,
            end=statement.end,
            opening=statement.opening,
            closing=statement.closing,
            lines=lines,
        )


class RollForwardBucketOut(BaseModel):
    opening: MoneyStr
    charges: MoneyStr
    payments: MoneyStr
    adjustments: MoneyStr
    refunds: MoneyStr
    transfers: MoneyStr
    closing: MoneyStr
    ties: bool

    @classmethod
    def of(cls, b: RollForwardBucket) -> RollForwardBucketOut:
        return cls(
            opening=b.opening,
            charges=b.charges,
            payments=b.payments,
            adjustments=b.adjustments,
            refunds=b.refunds,
            transfers=b.transfers,
            closing=b.closing,
            ties=b.ties,
        )


class RollForwardOut(BaseModel):
    """opening + charges - payments - adjustments + refunds + transfers = closing, to the cent."""

    practice_id: int
    start: date
    end: date
    total: RollForwardBucketOut
    insurance: RollForwardBucketOut
    patient: RollForwardBucketOut
    ties: bool

    @classmethod
    def of(cls, report: RollForward) -> RollForwardOut:
        return cls(
            practice_id=report.practice_id,
            start=report.start,
            end=report.end,
            total=RollForwardBucketOut.of(report.total),
            insurance=RollForwardBucketOut.of(report.insurance),
            patient=RollForwardBucketOut.of(report.patient),
            ties=report.ties,
        )
