"""AR aging buckets on hand-computed fixtures."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.kit.money import Money
from revcycle.reporting.domain import (
    BUCKETS,
    AgingBasis,
    AgingBy,
    Party,
    age_in_days,
    bucket_index,
    build_aging,
)

AS_OF = date(2026, 6, 30)
SUMMIT = Party(AgingBy.PAYER, 1, "Summit")
ACME = Party(AgingBy.PAYER, 2, "Acme")
SELF = Party(AgingBy.PATIENT, None, "patient responsibility")


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "91-120"),
        (120, "91-120"),
        (121, "120+"),
        (4000, "120+"),
    ],
)
def test_bucket_edges_are_inclusive_at_the_top(age: int, label: str) -> None:
    assert BUCKETS[bucket_index(age)].label == label


def test_a_basis_date_in_the_future_is_age_zero() -> None:
    assert age_in_days(AS_OF, date(2026, 7, 5)) == 0
    assert age_in_days(AS_OF, date(2026, 5, 31)) == 30


def test_aging_by_payer_sums_rows_and_buckets_to_the_cent() -> None:
    facts = [
        (SUMMIT, date(2026, 6, 20), Money("100.00")),  # 10 days
        (SUMMIT, date(2026, 4, 1), Money("50.25")),  # 90 days
        (SUMMIT, date(2026, 4, 1), Money("-0.25")),  # same bucket, partly paid
        (ACME, date(2026, 2, 1), Money("75.10")),  # 149 days
        (SELF, date(2026, 3, 15), Money("20.00")),  # 107 days
        (ACME, date(2026, 5, 1), Money("0.00")),
    ]
    report = build_aging(AS_OF, AgingBasis.DATE_OF_SERVICE, AgingBy.PAYER, facts, Money("245.10"))
    assert [r.party for r in report.rows] == [SUMMIT, ACME, SELF]
    assert report.rows[0].amounts == (Money("100.00"), Money(0), Money("50.00"), Money(0), Money(0))
    assert report.rows[1].total == Money("75.10")
    assert report.totals == (Money("100.00"), Money(0), Money("50.00"), Money("20.00"), Money("75.10"))
    assert report.total == Money("245.10")
    assert report.ties
    assert report.older_than(90) == Money("95.10")
    assert report.older_than(120) == Money("75.10")


def test_a_party_whose_balance_nets_to_zero_has_no_row() -> None:
    facts = [(ACME, date(2026, 6, 1), Money("10.00")), (ACME, date(2026, 6, 1), Money("-10.00"))]
    report = build_aging(AS_OF, AgingBasis.SUBMISSION, AgingBy.PAYER, facts, Money(0))
    assert report.rows == ()
    assert report.total == Money(0)


def test_aging_that_misses_ledger_money_does_not_tie() -> None:
    report = build_aging(
        AS_OF, AgingBasis.DATE_OF_SERVICE, AgingBy.PAYER, [(ACME, AS_OF, Money("1.00"))], Money("1.01")
    )
    assert not report.ties
