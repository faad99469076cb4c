from __future__ import annotations

from decimal import Decimal

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import YearToDate, allowed_amount, cost_share
from revcycle.sandbox.adjudication.benefits import service_category
from revcycle.sandbox.config import Plan
from tests.unit.sandbox.factories import make_config, make_line


def ytd(deductible: str = "0", oop: str = "0") -> YearToDate:
    return YearToDate(Money(deductible), Money(oop))


def test_deductible_then_coinsurance_splits_the_allowed_amount() -> None:
    plan = Plan("p", deductible=Money("500.00"), coinsurance=Decimal("0.20"))
    share, after = cost_share(Money("150.00"), plan, ytd("400.00"), copay=None)
    assert (share.deductible, share.coinsurance, share.copay) == (Money("100.00"), Money("10.00"), Money(0))
    assert after.deductible_met == Money("500.00")
    assert after.out_of_pocket_met == Money("110.00")


def test_copay_line_skips_deductible_and_coinsurance() -> None:
    plan = Plan("p", deductible=Money("500.00"), coinsurance=Decimal("0.20"))
    share, after = cost_share(Money("92.00"), plan, ytd(), copay=Money("25.00"))
    assert (share.deductible, share.coinsurance, share.copay) == (Money(0), Money(0), Money("25.00"))
    assert after.deductible_met == Money(0)


def test_copay_never_exceeds_the_allowed_amount() -> None:
    plan = Plan("p")
    share, _ = cost_share(Money("10.00"), plan, ytd(), copay=Money("25.00"))
    assert share.copay == Money("10.00")


def test_out_of_pocket_maximum_caps_the_patient_share() -> None:
    plan = Plan(
        "p", deductible=Money("500.00"), coinsurance=Decimal("0.20"), out_of_pocket_max=Money("1000.00")
    )
    share, after = cost_share(Money("800.00"), plan, ytd("0", "950.00"), copay=None)
    assert share.total == Money("50.00")
    assert share.deductible == Money("50.00")
    assert after.out_of_pocket_met == Money("1000.00")


def test_nothing_is_owed_once_the_out_of_pocket_maximum_is_met() -> None:
    plan = Plan(
        "p", deductible=Money("500.00"), coinsurance=Decimal("0.20"), out_of_pocket_max=Money("100.00")
    )
    share, _ = cost_share(Money("300.00"), plan, ytd("0", "100.00"), copay=Money("25.00"))
    assert share.total == Money(0)


def test_allowed_amount_is_a_percentage_of_the_medicare_schedule_capped_at_the_charge() -> None:
    config = make_config()
    payer = config.payers["SBC01"]
    assert allowed_amount(make_line(charge=Money("200.00")), payer, dict(config.medicare_fees)) == Money(
        "150.00"
    )
    assert allowed_amount(make_line(charge=Money("100.00")), payer, dict(config.medicare_fees)) == Money(
        "100.00"
    )


def test_units_multiply_the_fee_and_unknown_codes_are_a_share_of_the_charge() -> None:
    config = make_config()
    payer = config.payers["SBC01"]
    line = make_line(procedure_code="85025", units=Decimal(3), charge=Money("90.00"))
    assert allowed_amount(line, payer, dict(config.medicare_fees)) == Money("30.00")
    unknown = make_line(procedure_code="J3490", charge=Money("100.00"))
    assert allowed_amount(unknown, payer, dict(config.medicare_fees)) == Money("60.00")


def test_service_categories_key_the_copays() -> None:
    assert service_category("99213") == "office_visit"
    assert service_category("99396") == "preventive"
    assert service_category("85025") == "lab"
    assert service_category("71046") == "imaging"
    assert service_category("J3490") == "other"
