"""What the ledger reports, computed from postings: filters, trial balance, statement, roll-forward.

Pure: the service feeds these from SQL, the in-memory journal from its list of entries, and
both give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from revcycle.kit.money import Money
from revcycle.ledger.domain.accounts import AR_KINDS, AccountKey, AccountKind
from revcycle.ledger.domain.entries import EntryKind


@dataclass(frozen=True)
class AccountFilter:
    """Which accounts a balance sums: kinds (all when empty) and any dimensions given."""

    kinds: frozenset[AccountKind] = frozenset()
    payer_id: int | None = None
    patient_id: int | None = None
    guarantor_id: int | None = None
    claim_id: int | None = None
    claim_line_id: int | None = None
    charge_line_id: int | None = None

    @classmethod
    def receivables(cls, **dimensions: int | None) -> AccountFilter:
        """Insurance and patient AR, narrowed by ``payer_id=``, ``claim_id=``..."""
        return cls(kinds=AR_KINDS, **dimensions)

    def dimensions(self) -> dict[str, int]:
        names = ("payer_id", "patient_id", "guarantor_id", "claim_id", "claim_line_id", "charge_line_id")
        return {n: v for n in names if (v := getattr(self, n)) is not None}

    def matches(self, account: AccountKey) -> bool:
        if self.kinds and account.kind not in self.kinds:
            return False
        return all(getattr(account, name) == value for name, value in self.dimensions().items())


@dataclass(frozen=True)
class ReceivableBalance:
    """What is owed on a claim, a line, a patient or a payer: by insurance, by the patient, in all."""

    insurance: Money
    patient: Money

    @property
    def total(self) -> Money:
        return self.insurance + self.patient

    @classmethod
    def of(cls, balances: Mapping[AccountKey, Money]) -> ReceivableBalance:
        insurance = Money.total(m for a, m in balances.items() if a.kind is AccountKind.INSURANCE_AR)
        patient = Money.total(m for a, m in balances.items() if a.kind is AccountKind.PATIENT_AR)
        return cls(insurance, patient)


@dataclass(frozen=True)
class TrialBalanceRow:
    kind: AccountKind
    balance: Money

    @property
    def debit(self) -> Money:
        return self.balance.max(Money.zero())

    @property
    def credit(self) -> Money:
        return (-self.balance).max(Money.zero())


@dataclass(frozen=True)
class TrialBalance:
    """Every account kind's balance for a practice as of a date; the rows sum to zero."""

    practice_id: int
    as_of: date | None
    rows: tuple[TrialBalanceRow, ...]

    @classmethod
    def of(cls, practice_id: int, as_of: date | None, balances: Mapping[AccountKind, Money]) -> TrialBalance:
        rows = tuple(TrialBalanceRow(k, balances[k]) for k in AccountKind if k in balances)
        return cls(practice_id, as_of, rows)

    @property
    def total_debits(self) -> Money:
        return Money.total(r.debit for r in self.rows)

    @property
    def total_credits(self) -> Money:
        return Money.total(r.credit for r in self.rows)

    @property
    def is_balanced(self) -> bool:
        return self.total_debits == self.total_credits


@dataclass(frozen=True)
class Movement:
    """One receivable line as a statement shows it."""

    entry_id: int
    effective_date: date
    kind: EntryKind
    source: str
    memo: str
    account: AccountKey
    amount: Money


@dataclass(frozen=True)
class StatementLine:
    movement: Movement
    balance: Money
    """The running balance after this line."""


@dataclass(frozen=True)
class Statement:
    """A patient account over a period: opening balance, each line with its running balance, closing."""

    patient_id: int
    start: date | None
    end: date | None
    opening: Money
    lines: tuple[StatementLine, ...]

    @property
    def closing(self) -> Money:
        return self.lines[-1].balance if self.lines else self.opening

    @classmethod
    def of(
        cls,
        patient_id: int,
        start: date | None,
        end: date | None,
        opening: Money,
        movements: Iterable[Movement],
    ) -> Statement:
        running = opening
        lines = []
        for movement in sorted(movements, key=lambda m: (m.effective_date, m.entry_id)):
            running += movement.amount
            lines.append(StatementLine(movement, running))
        return cls(patient_id, start, end, opening, tuple(lines))


class RollForwardColumn(StrEnum):
    """A column of the AR roll-forward; every entry kind that can touch AR maps to one."""

    CHARGES = "charges"
    """New charges (AR up)."""
    PAYMENTS = "payments"
    """Payments applied, net of payments taken back (AR down)."""
    ADJUSTMENTS = "adjustments"
    """Contractual adjustments and write-offs (AR down)."""
    REFUNDS = "refunds"
    """Credit balances refunded (AR up)."""
    TRANSFERS = "transfers"
    """Balances moved between payer and patient (zero for AR as a whole)."""


COLUMN_OF: Mapping[EntryKind, RollForwardColumn] = {
    EntryKind.CHARGE: RollForwardColumn.CHARGES,
    EntryKind.INSURANCE_PAYMENT: RollForwardColumn.PAYMENTS,
    EntryKind.PATIENT_PAYMENT: RollForwardColumn.PAYMENTS,
    EntryKind.APPLY_UNAPPLIED: RollForwardColumn.PAYMENTS,
    EntryKind.RECOUPMENT: RollForwardColumn.PAYMENTS,
    EntryKind.APPLY_RECOUPMENT: RollForwardColumn.PAYMENTS,
    EntryKind.UNAPPLIED_CASH: RollForwardColumn.PAYMENTS,
    EntryKind.INTEREST: RollForwardColumn.PAYMENTS,
    EntryKind.REFUND_ISSUED: RollForwardColumn.REFUNDS,
    EntryKind.CONTRACTUAL_ADJUSTMENT: RollForwardColumn.ADJUSTMENTS,
    EntryKind.WRITE_OFF: RollForwardColumn.ADJUSTMENTS,
    EntryKind.REFUND: RollForwardColumn.REFUNDS,
    EntryKind.TRANSFER: RollForwardColumn.TRANSFERS,
}
"""Where an entry kind's receivable movement lands (kinds that never touch AR map too, to be safe)."""


@dataclass(frozen=True)
class RollForwardBucket:
    """opening + charges - payments - adjustments + refunds + transfers = closing."""

    opening: Money
    charges: Money
    payments: Money
    adjustments: Money
    refunds: Money
    transfers: Money
    closing: Money

    @classmethod
    def of(
        cls, opening: Money, closing: Money, movements: Mapping[RollForwardColumn, Money]
    ) -> RollForwardBucket:
        """``movements`` are signed AR changes per column; payments and adjustments show as positive."""
        zero = Money.zero()
        return cls(
            opening=opening,
            charges=movements.get(RollForwardColumn.CHARGES, zero),
            payments=-movements.get(RollForwardColumn.PAYMENTS, zero),
            adjustments=-movements.get(RollForwardColumn.ADJUSTMENTS, zero),
            refunds=movements.get(RollForwardColumn.REFUNDS, zero),
            transfers=movements.get(RollForwardColumn.TRANSFERS, zero),
            closing=closing,
        )

    @property
    def computed_closing(self) -> Money:
        return self.opening + self.charges - self.payments - self.adjustments + self.refunds + self.transfers

    @property
    def ties(self) -> bool:
        """Whether the movements explain the change from opening to closing to the cent."""
        return self.computed_closing == self.closing

    def __add__(self, other: RollForwardBucket) -> RollForwardBucket:
        return RollForwardBucket(
            self.opening + other.opening,
            self.charges + other.charges,
            self.payments + other.payments,
            self.adjustments + other.adjustments,
            self.refunds + other.refunds,
            self.transfers + other.transfers,
            self.closing + other.closing,
        )


@dataclass(frozen=True)
class RollForward:
    """The month-end AR roll-forward of one practice, for insurance AR, patient AR and both."""

    practice_id: int
    start: date
    end: date
    insurance: RollForwardBucket
    patient: RollForwardBucket

    @property
    def total(self) -> RollForwardBucket:
        return self.insurance + self.patient

    @property
    def ties(self) -> bool:
        return self.insurance.ties and self.patient.ties and self.total.ties
