"""Payment plans: a total split into installments on a schedule, payments applied to the oldest
installment first, missed installments counted after a grace period."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

from revcycle.kit.errors import FieldCollector
from revcycle.kit.money import Money

MAX_INSTALLMENTS = 60
GRACE_DAYS = 10
"""An installment counts as missed this many days after its due date."""
MISSES_TO_DEFAULT = 2
"""Missed installments after which the plan defaults and the balance returns to dunning."""


class PlanStatus(StrEnum):
    """Where a payment plan stands."""

    ACTIVE = "active"
    """Installments are being paid (at most one missed)."""
    COMPLETED = "completed"
    """Every installment is paid."""
    DEFAULTED = "defaulted"
    """Too many installments were missed; collection resumes."""
    CANCELLED = "cancelled"
    """Stopped by the office (e.g. the balance was paid another way)."""


class Frequency(StrEnum):
    """How often an installment falls due."""

    MONTHLY = "monthly"
    """The same day each month (the last day when a month is shorter)."""
    BIWEEKLY = "biweekly"
    """Every 14 days."""
    WEEKLY = "weekly"
    """Every 7 days."""


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: date
    amount: Money
    paid: Money = field(default_factory=Money.zero)

    @property
    def open(self) -> Money:
        return self.amount - self.paid

    @property
    def is_paid(self) -> bool:
        return not self.open.is_positive()


def _add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def schedule(total: Money, installments: int, first_due: date, frequency: Frequency) -> list[Installment]:
    """Equal installments that add up to ``total`` to the cent (extra cents on the first ones)."""
    c = FieldCollector()
    if not total.is_positive():
        c.add("total", "a plan total must be more than 0.00")
    if not 1 <= installments <= MAX_INSTALLMENTS:
        c.add("installments", f"between 1 and {MAX_INSTALLMENTS} installments")
    c.raise_if_any()
    amounts = total.allocate([1] * installments)
    out = []
    for i, amount in enumerate(amounts):
        if frequency is Frequency.MONTHLY:
            due = _add_months(first_due, i)
        else:
            due = first_due + timedelta(days=i * (7 if frequency is Frequency.WEEKLY else 14))
        out.append(Installment(i + 1, due, amount))
    return out


def apply_payment(installments: Sequence[Installment], amount: Money) -> tuple[list[Installment], Money]:
    """Fill the oldest open installments first; returns the installments and what is left over."""
    left = amount
    out = []
    for inst in installments:
        part = inst.open.max(Money.zero()).min(left)
        if part.is_positive():
            inst = replace(inst, paid=inst.paid + part)
            left -= part
        out.append(inst)
    return out, left


def missed(
    installments: Sequence[Installment], today: date, grace_days: int = GRACE_DAYS
) -> list[Installment]:
    return [i for i in installments if not i.is_paid and i.due_date + timedelta(days=grace_days) < today]


def status(installments: Sequence[Installment], today: date, *, cancelled: bool = False) -> PlanStatus:
    if cancelled:
        return PlanStatus.CANCELLED
    if all(i.is_paid for i in installments):
        return PlanStatus.COMPLETED
    if len(missed(installments, today)) >= MISSES_TO_DEFAULT:
        return PlanStatus.DEFAULTED
    return PlanStatus.ACTIVE


def next_due(installments: Sequence[Installment]) -> Installment | None:
    return next((i for i in installments if not i.is_paid), None)
