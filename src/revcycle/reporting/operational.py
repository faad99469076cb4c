"""Operational reports as value objects (pure): denial trends, payer performance, staff
productivity, charges and payments by provider or code. The web UI charts these."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from revcycle.kit.money import Money
from revcycle.ledger.domain import EntryKind
from revcycle.reporting.domain import PAYMENT_KINDS, Rate


@dataclass(frozen=True)
class TrendPoint:
    """Denials raised in one month for one key (a cause, a payer id, a provider id)."""

    month: str
    key: str
    count: int
    amount: Money


@dataclass(frozen=True)
class DenialTrends:
    start: date
    end: date
    by_cause: tuple[TrendPoint, ...]
    by_payer: tuple[TrendPoint, ...]
    by_provider: tuple[TrendPoint, ...]

    @property
    def total(self) -> int:
        return sum(p.count for p in self.by_cause)


def build_denial_trends(
    start: date,
    end: date,
    facts: Iterable[tuple[date, str, str, str, int, Money]],
) -> DenialTrends:
    """From ``(day, cause, payer label, provider label, count, amount)`` facts, monthly points."""
    sums: list[dict[tuple[str, str], tuple[int, int]]] = [defaultdict(lambda: (0, 0)) for _ in range(3)]
    for day, cause, payer, provider, count, amount in facts:
        month = f"{day.year:04d}-{day.month:02d}"
        for table, key in zip(sums, (cause, payer, provider), strict=True):
            n, cents = table[(month, key)]
            table[(month, key)] = (n + count, cents + amount.cents)
    points = [
        tuple(TrendPoint(m, k, n, Money.from_cents(c)) for (m, k), (n, c) in sorted(table.items()))
        for table in sums
    ]
    return DenialTrends(start, end, points[0], points[1], points[2])


@dataclass(frozen=True)
class PayerPerformance:
    payer_id: int
    payer: str
    claims_paid: int
    days_to_pay: Decimal | None
    """Average days from a claim's first submission to its first payment."""
    claims_denied: int
    underpaid: int
    underpaid_amount: Money

    @property
    def underpayment_rate(self) -> Rate:
        """Claims flagged underpaid / claims paid, in the period."""
        return Rate.of(self.underpaid, self.claims_paid)


def payer_performance(
    names: Mapping[int, str],
    times: Mapping[int, tuple[int, float, int]],
    underpaid: Mapping[int, tuple[int, Money]],
) -> tuple[PayerPerformance, ...]:
    rows = []
    for payer_id in sorted(set(times) | set(underpaid)):
        paid, days, denied = times.get(payer_id, (0, 0.0, 0))
        count, amount = underpaid.get(payer_id, (0, Money.zero()))
        average = None
        if paid:
            average = (Decimal(repr(days)) / paid).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        rows.append(
            PayerPerformance(
                payer_id, names.get(payer_id, f"payer {payer_id}"), paid, average, denied, count, amount
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class Productivity:
    """One person's work on one day, from the claims' history (actor ``user <id>``)."""

    user_id: int
    day: date
    claims_worked: int
    actions: int
    denials_resolved: int


def productivity(facts: Iterable[tuple[str, date, int, int, int]]) -> tuple[Productivity, ...]:
    rows = []
    for actor, day, worked, actions, resolved in facts:
        ident = actor.removeprefix("user ").strip()
        if ident.isdigit():
            rows.append(Productivity(int(ident), day, worked, actions, resolved))
    return tuple(sorted(rows, key=lambda r: (r.day, r.user_id)))


@dataclass(frozen=True)
class RevenueRow:
    """Charges, payments and adjustments posted in the period for one provider or one code."""

    key: str
    charges: Money
    payments: Money
    adjustments: Money


def revenue_rows(facts: Iterable[tuple[str, EntryKind, Money]]) -> tuple[RevenueRow, ...]:
    """From ``(key, entry kind, receivable movement)``: charges (debits of charge entries),
    payments (net credits of payment entries), adjustments (contractual and write-offs)."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for key, kind, amount in facts:
        row = table[key]
        if kind is EntryKind.CHARGE:
            row[0] += amount.cents
        elif kind in PAYMENT_KINDS:
            row[1] -= amount.cents
        elif kind in (EntryKind.CONTRACTUAL_ADJUSTMENT, EntryKind.WRITE_OFF):
            row[2] -= amount.cents
    return tuple(
        RevenueRow(key, *(Money.from_cents(c) for c in row)) for key, row in sorted(table.items()) if any(row)
    )
