"""Estimates computed by hand: deductible first, then copay or coinsurance, capped by out-of-pocket."""

from __future__ import annotations

from decimal import Decimal

import pytest

from revcycle.kit.errors import FieldErrors
from revcycle.kit.money import Money
from revcycle.patient_billing.domain.estimates import Benefits, PlannedService, estimate, service_type_for

VISIT = PlannedService("99213", charge=Money("150.00"), allowed=Money("100.00"))
PANEL = PlannedService("80053", charge=Money("80.00"), allowed=Money("50.00"))


def test_deductible_is_taken_first_then_coinsurance_on_the_rest():
    # 99213: deductible 100.00 (20.00 left); 80053: deductible 20.00, 20 % of 30.00 = 6.00
    result = estimate([VISIT, PANEL], Benefits(Money("120.00"), Money("1000.00"), Decimal("0.20")))
    assert [line.patient for line in result.lines] == [Money("100.00"), Money("26.00")]
    assert result.patient_total == Money("126.00")
    assert result.insurance_total == Money("24.00")
    assert result.total_allowed == Money("150.00")


def test_out_of_pocket_left_caps_the_patient_share():
    result = estimate([VISIT, PANEL], Benefits(Money("120.00"), Money("110.00"), Decimal("0.20")))
    assert [line.patient for line in result.lines] == [Money("100.00"), Money("10.00")]
    assert result.lines[1].capped == Money("16.00")


def test_copay_replaces_coinsurance_for_its_service_type_once_per_visit():
    benefits = Benefits(Money("0.00"), None, Decimal("0.20"), {"98": Money("25.00")})
    twice = PlannedService("99214", charge=Money("200.00"), allowed=Money("130.00"))
    result = estimate([VISIT, twice, PANEL], benefits)
    # 99213 copay 25.00; 99214 same type, copay already taken: 0.00; 80053 20 % of 50.00 = 10.00
    assert [line.patient for line in result.lines] == [Money("25.00"), Money("0.00"), Money("10.00")]
    assert any("out-of-pocket" in a for a in result.assumptions)


def test_copay_never_exceeds_what_is_left_after_the_deductible():
    benefits = Benefits(Money("90.00"), None, None, {"98": Money("25.00")})
    line = estimate([VISIT], benefits).lines[0]
    assert (line.deductible, line.copay, line.patient) == (Money("90.00"), Money("10.00"), Money("100.00"))


def test_coinsurance_rounds_half_up_to_the_cent():
    odd = PlannedService("80061", charge=Money("40.00"), allowed=Money("33.33"))
    assert estimate([odd], Benefits(Money(0), None, Decimal("0.15"))).patient_total == Money("5.00")


def test_self_pay_owes_the_whole_price():
    result = estimate([VISIT, PANEL], None)
    assert result.self_pay and result.patient_total == Money("150.00") and result.insurance_total == Money(0)


def test_unknown_deductible_is_assumed_met_and_said_so():
    result = estimate([PANEL], Benefits(None, None, Decimal("0.10")))
    assert result.patient_total == Money("5.00")
    assert any("deductible" in a for a in result.assumptions)


def test_no_services_is_an_error_naming_codes():
    with pytest.raises(FieldErrors, match="codes"):
        estimate([], None)


def test_service_types_follow_the_code_ranges():
    assert [service_type_for(c) for c in ("99213", "80053", "71046", "J1100")] == ["98", "5", "4", "30"]
