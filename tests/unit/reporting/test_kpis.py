"""HFMA MAP Key ratios on hand-computed fixtures (see docs/reporting.md for the definitions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.ledger.domain import EntryKind
from revcycle.reporting.domain import (
    AgingBasis,
    AgingBy,
    ClaimCohort,
    ClaimFacts,
    DaysInAR,
    Outcome,
    Party,
    PeriodMovements,
    Rate,
    build_aging,
    build_kpis,
    clean_claim_rate,
    first_pass_resolution_rate,
    initial_denial_rate,
    net_collection_rate,
)


def cohort(
    count: int,
    charges: str,
    *,
    sent: bool = True,
    outcome: Outcome | None = None,
    rejected: bool = False,
    failed: bool = False,
) -> ClaimCohort:
    return ClaimCohort(ClaimFacts(sent, outcome, rejected, failed), count, Money(charges))


# 10 claims sent in the period: 8 never failed an edit.
# 10 claims first adjudicated in the period: 5 paid, 3 partially paid (one of them after a
# rejection), 2 denied.
COHORTS = [
    cohort(4, "400.00", outcome=Outcome.PAID),
    cohort(2, "300.00", outcome=Outcome.PARTIALLY_PAID, failed=True),  # one rejection below
    cohort(1, "100.00", sent=False, outcome=Outcome.PAID),
    cohort(1, "250.00", sent=False, outcome=Outcome.PARTIALLY_PAID, rejected=True, failed=True),
    cohort(2, "500.00", sent=False, outcome=Outcome.DENIED),
    cohort(4, "900.00"),  # sent, not yet adjudicated
]


def test_clean_claim_rate_counts_claims_sent_in_the_period_that_never_failed_an_edit() -> None:
    rate = clean_claim_rate(COHORTS)
    assert (rate.numerator, rate.denominator) == (8, 10)
    assert rate.value == Decimal("0.8000")


def test_first_pass_resolution_excludes_denials_and_claims_rejected_first() -> None:
    rate = first_pass_resolution_rate(COHORTS)
    assert (rate.numerator, rate.denominator) == (7, 10)
    assert rate.value == Decimal("0.7000")


def test_initial_denial_rate_by_count_and_by_dollars() -> None:
    by_count, by_dollars = initial_denial_rate(COHORTS)
    assert (by_count.numerator, by_count.denominator) == (2, 10)
    assert by_dollars.numerator == Decimal("500.00")
    assert by_dollars.denominator == Decimal("1550.00")
    assert by_dollars.value == Decimal("0.3226")  # 500 / 1550 = 0.32258...


def test_a_rate_with_nothing_to_divide_by_has_no_value() -> None:
    assert Rate.of(0, 0).value is None
    assert clean_claim_rate([]).value is None


MOVES = PeriodMovements(
    {
        EntryKind.CHARGE: Money("10000.00"),
        EntryKind.INSURANCE_PAYMENT: Money("-5200.00"),
        EntryKind.PATIENT_PAYMENT: Money("-800.00"),
        EntryKind.RECOUPMENT: Money("100.00"),  # a take-back adds to AR
        EntryKind.CONTRACTUAL_ADJUSTMENT: Money("-3000.00"),
        EntryKind.WRITE_OFF: Money("-200.00"),
        EntryKind.REFUND: Money("50.00"),
        EntryKind.TRANSFER: Money("0.00"),
    }
)


def test_period_movements_split_the_ledger_by_meaning() -> None:
    assert MOVES.charges == Money("10000.00")
    assert MOVES.payments == Money("5900.00")
    assert MOVES.refunds == Money("50.00")
    assert MOVES.net_revenue == Money("6800.00")


def test_net_collection_rate_is_net_payments_over_charges_less_contractuals() -> None:
    rate = net_collection_rate(MOVES)
    assert rate.numerator == Decimal("5850.00")
    assert rate.denominator == Decimal("7000.00")
    assert rate.value == Decimal("0.8357")  # 0.835714...


def test_days_in_ar_divides_ar_by_average_daily_net_revenue() -> None:
    # 6800 over 90 days = 75.555.../day; 4000 / 75.555... = 52.94 -> 52.9
    assert DaysInAR(Money("4000.00"), Money("6800.00"), 90).value == Decimal("52.9")
    assert DaysInAR(Money("4000.00"), Money(0), 90).value is None
    with pytest.raises(FieldErrors):
        _ = DaysInAR(Money("1.00"), Money("1.00"), 0).value


def test_build_kpis_reads_aged_ar_from_the_billed_aging() -> None:
    payer = Party(AgingBy.PAYER, 1, "Summit")
    aging = build_aging(
        date(2026, 6, 30),
        AgingBasis.DATE_OF_SERVICE,
        AgingBy.PAYER,
        [
            (payer, date(2026, 6, 1), Money("600.00")),
            (payer, date(2026, 3, 15), Money("300.00")),
            (payer, date(2026, 1, 2), Money("100.00")),
        ],
        Money("1000.00"),
    )
    report = build_kpis(date(2026, 6, 1), date(2026, 6, 30), COHORTS, MOVES, MOVES, 90, aging)
    assert report.ar_over_90.value == Decimal("0.4000")
    assert report.ar_over_120.value == Decimal("0.1000")
    assert report.days_in_ar.value == Decimal("13.2")  # 1000 / 75.555...
    assert report.clean_claim_rate.value == Decimal("0.8000")
