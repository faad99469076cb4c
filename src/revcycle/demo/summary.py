"""What a demo run left in the database, read back through the contexts: claim counts from the
claims' history, amounts from the ledger and the posted ERAs, KPIs from reporting, and whether the
trial balance sums to zero. Counts and amounts only: no names, no member ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce

from revcycle.claims.domain.lifecycle import ClaimEvent
from revcycle.claims.tables import ClaimEventRow, ClaimRow
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import service as ledger_service
from revcycle.ledger.domain import AccountKind, EntryKind
from revcycle.ledger.tables import LedgerAccountRow, LedgerEntryRow, LedgerLineRow
from revcycle.remittance.tables import EraClaimRow, EraRow
from revcycle.reporting import service as reporting

CLAIM_EVENTS = {
    "submitted": (ClaimEvent.SUBMIT,),
    "accepted": (ClaimEvent.PAYER_ACCEPTED,),
    "rejected": (ClaimEvent.ACK_REJECTED, ClaimEvent.PAYER_REJECTED),
    "paid": (ClaimEvent.PAID, ClaimEvent.PARTIALLY_PAID),
    "denied": (ClaimEvent.DENIED,),
}
"""A claim counts once under each name when its history holds one of these events."""


@dataclass(frozen=True)
class RunSummary:
    """The figures ``revcycle demo run`` prints."""

    claims: dict[str, int]
    charged: Money
    paid: Money
    adjusted: Money
    patient_responsibility: Money
    self_pay_charged: Money
    """Charges of self-pay visits (on the patients' balances, on no claim); part of ``charged``."""
    clean_claim_rate: Decimal | None
    denial_rate: Decimal | None
    ledger_balanced: bool
    database: str
    outbox: str
    inbox: str

    def to_json(self) -> dict[str, Any]:
        def rate(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "claims": dict(self.claims),
            "amounts": {
                "charged": str(self.charged.amount),
                "paid": str(self.paid.amount),
                "adjusted": str(self.adjusted.amount),
                "patient_responsibility": str(self.patient_responsibility.amount),
                "self_pay_charged": str(self.self_pay_charged.amount),
            },
            "kpis": {
                "clean_claim_rate": rate(self.clean_claim_rate),
                "denial_rate": rate(self.denial_rate),
            },
            "ledger_balanced": self.ledger_balanced,
            "database": self.database,
            "outbox": self.outbox,
            "inbox": self.inbox,
        }


def claim_counts(uow: UnitOfWork, practice_id: int) -> dict[str, int]:
    """How many claims have each kind of event in their history."""
    counts = {}
    for name, events in CLAIM_EVENTS.items():
        query = (
            select(func.count(func.distinct(ClaimEventRow.claim_id)))
            .join(ClaimRow, ClaimRow.id == ClaimEventRow.claim_id)
            .where(ClaimRow.practice_id == practice_id, ClaimEventRow.event.in_([e.value for e in events]))
        )
        counts[name] = int(uow.session.scalar(query) or 0)
    return counts


def paid_by_payers(uow: UnitOfWork, practice_id: int) -> Money:
    """The sum of the claim payments (CLP04) of every posted ERA."""
    paid = uow.session.scalars(
        select(EraClaimRow.paid)
        .join(EraRow, EraRow.id == EraClaimRow.era_id)
        .where(EraRow.practice_id == practice_id, EraRow.status == "posted")
    ).all()
    return Money.total(paid)


def self_pay_charged(uow: UnitOfWork, practice_id: int) -> Money:
    """Charges (less their reversals: same kind) on self-pay visit lines' receivables."""
    cents = uow.session.scalar(
        select(type_coerce(func.coalesce(func.sum(LedgerLineRow.amount), 0), BigInteger))
        .join(LedgerAccountRow, LedgerAccountRow.id == LedgerLineRow.account_id)
        .join(LedgerEntryRow, LedgerEntryRow.id == LedgerLineRow.entry_id)
        .where(
            LedgerAccountRow.practice_id == practice_id,
            LedgerAccountRow.charge_line_id.is_not(None),
            LedgerEntryRow.kind == EntryKind.CHARGE.value,
        )
    )
    return Money.from_cents(int(cents or 0))


def summarize(
    uow: UnitOfWork,
    *,
    practice_id: int,
    start: dt.date,
    end: dt.date,
    database: str,
    outbox: str,
    inbox: str,
) -> RunSummary:
    """The run's figures for the period ``start``..``end``."""
    trial = ledger_service.trial_balance(uow, practice_id=practice_id)
    balances = {row.kind: row.balance for row in trial.rows}
    zero = Money.zero()
    kpis = reporting.kpis(uow, practice_id=practice_id, start=start, end=end)
    return RunSummary(
        claims=claim_counts(uow, practice_id),
        charged=-balances.get(AccountKind.GROSS_CHARGES, zero),
        paid=paid_by_payers(uow, practice_id),
        adjusted=balances.get(AccountKind.CONTRACTUAL_ADJUSTMENT, zero)
        + balances.get(AccountKind.WRITE_OFF, zero),
        patient_responsibility=balances.get(AccountKind.PATIENT_AR, zero),
        self_pay_charged=self_pay_charged(uow, practice_id),
        clean_claim_rate=kpis.clean_claim_rate.value,
        denial_rate=kpis.initial_denial_rate_count.value,
        ledger_balanced=trial.is_balanced and Money.total(balances.values()) == zero,
        database=database,
        outbox=outbox,
        inbox=inbox,
    )
