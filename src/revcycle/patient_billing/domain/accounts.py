"""A guarantor's account: what the patient owes line by line, and how a payment is applied.

Only what insurance has finished with is billed: a line's patient balance is due once nothing is
owed on it by a payer any more. A negative patient balance is a credit (the patient overpaid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money


@dataclass(frozen=True)
class LineBalance:
    """One claim line (or self-pay visit line) of the account, as the ledger has it now."""

    patient_id: int
    claim_id: int | None
    claim_line_id: int | None
    service_date: date
    insurance: Money
    """Still owed by payers on this line."""
    patient: Money
    """Patient AR on this line (negative: a credit)."""
    guarantor_id: int | None = None
    """The guarantor dimension the line's patient AR account carries (as posted)."""
    charge_line_id: int | None = None
    """A self-pay visit's charge line (no claim): billed to the patient from the start."""

    @property
    def insurance_done(self) -> bool:
        return self.insurance.is_zero()

    @property
    def due(self) -> Money:
        """What may be billed to the patient now: the patient balance once insurance is done."""
        return self.patient if self.insurance_done and self.patient.is_positive() else Money.zero()

    @property
    def pending(self) -> Money:
        """Patient balance waiting for a payer to finish."""
        return Money.zero() if self.insurance_done else self.patient.max(Money.zero())


@dataclass(frozen=True)
class AccountSummary:
    due: Money
    """Owed by the patient now (insurance has finished with these lines)."""
    pending_insurance: Money
    """Owed by payers, and patient amounts waiting on them."""
    credit: Money
    """Patient overpayments on lines plus unapplied patient money (positive: owed back)."""

    @property
    def net(self) -> Money:
        return self.due - self.credit

    @classmethod
    def of(cls, lines: Sequence[LineBalance], unapplied: Money | None = None) -> AccountSummary:
        zero = Money.zero()
        credit = Money.total(-line.patient for line in lines if line.patient.is_negative()) + (
            unapplied or zero
        )
        pending = Money.total(line.insurance.max(zero) + line.pending for line in lines)
        return cls(Money.total(line.due for line in lines), pending, credit)


def oldest_first(lines: Sequence[LineBalance]) -> list[LineBalance]:
    return sorted(
        lines, key=lambda b: (b.service_date, b.claim_id or 0, b.claim_line_id or 0, b.charge_line_id or 0)
    )


@dataclass(frozen=True)
class Allocation:
    line: LineBalance
    amount: Money


def allocate_payment(
    amount: Money, lines: Sequence[LineBalance], *, claim_id: int | None = None
) -> tuple[list[Allocation], Money]:
    """Apply a payment to what is due, oldest service first (or only to ``claim_id``'s lines).

    Returns the allocations and what is left over (kept as unapplied patient money, a credit).
    """
    if not amount.is_positive():
        raise FieldErrors.single("amount", f"a payment must be more than 0.00, got {amount}")
    candidates = [b for b in oldest_first(lines) if b.due.is_positive()]
    if claim_id is not None:
        if not any(b.claim_id == claim_id for b in lines):
            raise FieldErrors.single("claim_id", f"claim {claim_id} has no balance on this account")
        candidates = [b for b in candidates if b.claim_id == claim_id]
    left = amount
    out: list[Allocation] = []
    for line in candidates:
        if left.is_zero():
            break
        part = line.due.min(left)
        out.append(Allocation(line, part))
        left -= part
    return out, left
