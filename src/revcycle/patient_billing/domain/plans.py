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
    return [Installment(i + 1, due_date(first_due, i, frequency), a) for i, a in enumerate(amounts)]


def due_date(first_due: date, index: int, frequency: Frequency) -> date:
    """When installment ``index`` (0 for the first) falls due."""
    if frequency is Frequency.MONTHLY:
        return _add_months(first_due, index)
    return first_due + timedelta(days=index * (7 if frequency is Frequency.WEEKLY else 14))


def installments_for_amount(total: Money, amount: Money) -> int:
    """How many installments of ``amount`` pay ``total`` (the last one smaller when it does not divide)."""
    c = FieldCollector()
    if not amount.is_positive():
        c.add("installment_amount", "an installment must be more than 0.00")
    if not total.is_positive():
        c.add("total", "a plan total must be more than 0.00")
    c.raise_if_any()
    count = -(-total.cents // amount.cents)
    if count > MAX_INSTALLMENTS:
        c.add(
            "installment_amount", f"{amount} a time takes {count} installments (at most {MAX_INSTALLMENTS})"
        )
    c.raise_if_any()
    return count


def schedule_by_amount(
    total: Money, amount: Money, first_due: date, frequency: Frequency
) -> list[Installment]:
    """Installments of ``amount`` until ``total`` is reached; the last one is the remainder."""
    count = installments_for_amount(total, amount)
    amounts = [amount] * (count - 1) + [total - amount.times(count - 1)]
    return [Installment(n + 1, due_date(first_due, n, frequency), a) for n, a in enumerate(amounts)]


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


def status(
    installments: Sequence[Installment],
    today: date,
    *,
    cancelled: bool = False,
    grace_days: int = GRACE_DAYS,
) -> PlanStatus:
    """Completed when all is paid; defaulted once ``MISSES_TO_DEFAULT`` installments are unpaid
    ``grace_days`` after their due dates; else active."""
    if cancelled:
        return PlanStatus.CANCELLED
    if all(i.is_paid for i in installments):
        return PlanStatus.COMPLETED
    if len(missed(installments, today, grace_days)) >= MISSES_TO_DEFAULT:
        return PlanStatus.DEFAULTED
    return PlanStatus.ACTIVE


def next_due(installments: Sequence[Installment]) -> Installment | None:
    return next((i for i in installments if not i.is_paid), None)
