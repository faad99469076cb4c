"""Denial trends, payer performance, productivity and revenue rows on hand-computed fixtures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.ledger.domain import EntryKind
from revcycle.reporting.operational import (
    build_denial_trends,
    payer_performance,
    productivity,
    revenue_rows,
)


def test_denial_trends_add_up_per_month_and_key() -> None:
    facts = [
        (date(2026, 5, 3), "eligibility", "Summit", "1234567893 Lee", 2, Money("200.00")),
        (date(2026, 5, 20), "eligibility", "Acme", "1234567893 Lee", 1, Money("50.00")),
        (date(2026, 6, 1), "coding", "Summit", "unknown", 1, Money("75.00")),
    ]
    trends = build_denial_trends(date(2026, 5, 1), date(2026, 6, 30), facts)
    assert [(p.month, p.key, p.count, p.amount) for p in trends.by_cause] == [
        ("2026-05", "eligibility", 3, Money("250.00")),
        ("2026-06", "coding", 1, Money("75.00")),
    ]
    assert [(p.month, p.key, p.count) for p in trends.by_payer] == [
        ("2026-05", "Acme", 1),
        ("2026-05", "Summit", 2),
        ("2026-06", "Summit", 1),
    ]
    assert trends.total == 4


def test_payer_performance_averages_days_to_pay_and_rates_underpayments() -> None:
    rows = payer_performance(
        {1: "Summit", 2: "Acme"},
        {1: (4, 61.0, 1)},
        {1: (1, Money("12.50")), 2: (1, Money("3.00"))},
    )
    summit, acme = rows
    assert summit.days_to_pay == Decimal("15.3")  # 61 / 4 = 15.25 -> 15.3
    assert summit.underpayment_rate.value == Decimal("0.2500")
    assert acme.claims_paid == 0 and acme.days_to_pay is None
    assert acme.underpayment_rate.value is None


def test_productivity_keeps_people_and_drops_system_actors() -> None:
    rows = productivity(
        [
            ("user 7", date(2026, 6, 2), 5, 9, 1),
            ("system", date(2026, 6, 2), 50, 50, 0),
            ("user 3", date(2026, 6, 1), 2, 2, 0),
        ]
    )
    assert [(r.user_id, r.day.day, r.claims_worked, r.denials_resolved) for r in rows] == [
        (3, 1, 2, 0),
        (7, 2, 5, 1),
    ]


def test_revenue_rows_split_charges_payments_and_adjustments() -> None:
    rows = revenue_rows(
        [
            ("99213", EntryKind.CHARGE, Money("200.00")),
            ("99213", EntryKind.INSURANCE_PAYMENT, Money("-120.00")),
            ("99213", EntryKind.CONTRACTUAL_ADJUSTMENT, Money("-50.00")),
            ("99213", EntryKind.TRANSFER, Money("0.00")),
            ("J1100", EntryKind.PATIENT_PAYMENT, Money("-10.00")),
        ]
    )
    assert [(r.key, r.charges, r.payments, r.adjustments) for r in rows] == [
        ("99213", Money("200.00"), Money("120.00"), Money("50.00")),
        ("J1100", Money(0), Money("10.00"), Money(0)),
    ]
