"""The posting plan for one claim payment, hand-computed, without a database."""

from __future__ import annotations

from revcycle.kit.money import Money
from revcycle.remittance.domain.posting import (
    Move,
    Outcome,
    PlannedPosting,
    PostingRules,
    Treatment,
    line_allowed,
    plan_claim,
)
from tests.unit.x12.factories import make_835_claim, make_835_service, make_adjustment


def _claim_200() -> object:
    service = make_835_service(
        charge_amount=Money("200.00"),
        paid_amount=Money("96.00"),
        adjustments=(
            make_adjustment("CO", "45", "50.00"),
            make_adjustment("PR", "1", "30.00"),
            make_adjustment("PR", "2", "24.00"),
        ),
    )
    return make_835_claim(services=(service,), patient_responsibility_amount=Money("54.00"))


def test_paid_claim_plans_payment_contractual_and_patient_share_kept_apart() -> None:
    plan = plan_claim(_claim_200(), [11])  # type: ignore[arg-type]
    assert plan.outcome is Outcome.PAID
    assert plan.postings == (
        PlannedPosting(Move.PAYMENT, Money("96.00"), 11),
        PlannedPosting(Move.CONTRACTUAL, Money("50.00"), 11, "CO", "45"),
        PlannedPosting(Move.TO_PATIENT, Money("30.00"), 11, "PR", "1"),
        PlannedPosting(Move.TO_PATIENT, Money("24.00"), 11, "PR", "2"),
    )
    assert plan.patient_share == {"deductible": Money("30.00"), "coinsurance": Money("24.00")}
    assert Money.total(p.amount for p in plan.postings) == Money("200.00")


def test_patient_share_goes_to_next_payer_when_another_coverage_exists() -> None:
    plan = plan_claim(_claim_200(), [11], has_next_payer=True)  # type: ignore[arg-type]
    assert plan.total(Move.TO_NEXT_PAYER) == Money("54.00")
    assert plan.total(Move.TO_PATIENT) == Money.zero()


def test_copay_is_its_own_category() -> None:
    service = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("60.00"),
        adjustments=(make_adjustment("CO", "45", "20.00"), make_adjustment("PR", "3", "20.00")),
    )
    plan = plan_claim(make_835_claim(services=(service,)), [1])
    assert plan.patient_share == {"copay": Money("20.00")}
    assert plan.postings[2].label == "PR-3 copay"


def test_denied_status_holds_everything_for_the_denial_queue() -> None:
    service = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("0.00"),
        adjustments=(make_adjustment("CO", "50", "100.00"),),
    )
    plan = plan_claim(make_835_claim(services=(service,), status_code="4"), [1])
    assert plan.outcome is Outcome.DENIED
    assert plan.postings == ()
    assert plan.denial_reasons == ("CO-50",)
    assert plan.held == Money("100.00")


def test_zero_paid_with_a_carc_is_a_denial_even_when_status_is_processed() -> None:
    service = make_835_service(
        charge_amount=Money("80.00"),
        paid_amount=Money("0.00"),
        adjustments=(make_adjustment("CO", "197", "80.00"),),
    )
    plan = plan_claim(make_835_claim(services=(service,)), [1])
    assert plan.outcome is Outcome.DENIED
    assert plan.denial_reasons == ("CO-197",)


def test_zero_paid_all_to_deductible_is_not_a_denial() -> None:
    service = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("0.00"),
        adjustments=(make_adjustment("CO", "45", "40.00"), make_adjustment("PR", "1", "60.00")),
    )
    plan = plan_claim(make_835_claim(services=(service,)), [1])
    assert plan.outcome is Outcome.PAID
    assert plan.patient_share == {"deductible": Money("60.00")}


def test_one_denied_line_makes_the_claim_partially_paid() -> None:
    paid = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("80.00"),
        adjustments=(make_adjustment("CO", "45", "20.00"),),
    )
    denied = make_835_service(
        procedure_code="97110",
        charge_amount=Money("50.00"),
        paid_amount=Money("0.00"),
        adjustments=(make_adjustment("CO", "97", "50.00"),),
    )
    plan = plan_claim(make_835_claim(services=(paid, denied)), [1, 2])
    assert plan.outcome is Outcome.PARTIALLY_PAID
    assert plan.denial_reasons == ("CO-97",)
    assert plan.held == Money("50.00")
    assert plan.total(Move.PAYMENT) == Money("80.00")


def test_oa_and_pi_follow_the_configured_treatment() -> None:
    service = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("70.00"),
        adjustments=(make_adjustment("OA", "23", "20.00"), make_adjustment("PI", "94", "10.00")),
    )
    claim = make_835_claim(services=(service,))
    default = plan_claim(claim, [1])
    assert [p.move for p in default.postings] == [Move.PAYMENT, Move.WRITE_OFF, Move.CONTRACTUAL]
    held = plan_claim(claim, [1], rules=PostingRules(oa=Treatment.HOLD, pi=Treatment.PATIENT))
    assert [p.move for p in held.postings] == [Move.PAYMENT, Move.TO_PATIENT]
    assert held.held == Money("20.00")
    assert held.outcome is Outcome.PARTIALLY_PAID


def test_negative_co_adjustment_is_planned_as_is() -> None:
    service = make_835_service(
        charge_amount=Money("100.00"),
        paid_amount=Money("110.00"),
        adjustments=(make_adjustment("CO", "45", "-10.00"),),
    )
    plan = plan_claim(make_835_claim(services=(service,)), [1])
    assert plan.postings[1] == PlannedPosting(Move.CONTRACTUAL, Money("-10.00"), 1, "CO", "45")


def test_reversal_and_crossover_are_recognised() -> None:
    assert plan_claim(make_835_claim(status_code="22"), [1]).outcome is Outcome.REVERSED
    assert plan_claim(make_835_claim(status_code="19"), [1]).forwarded


def test_claim_without_service_lines_posts_at_claim_level() -> None:
    claim = make_835_claim(
        services=(make_835_service(),),
    )
    claim = type(claim)(  # a claim-level-only remittance
        patient_control_number="PCN9",
        status_code="1",
        charge_amount=Money("100.00"),
        paid_amount=Money("75.00"),
        patient=claim.patient,
        adjustments=(make_adjustment("CO", "45", "25.00"),),
    )
    plan = plan_claim(claim, [])
    assert plan.postings == (
        PlannedPosting(Move.PAYMENT, Money("75.00"), None),
        PlannedPosting(Move.CONTRACTUAL, Money("25.00"), None, "CO", "45"),
    )


def test_allowed_is_paid_plus_patient_share() -> None:
    adjustments = (make_adjustment("CO", "45", "50.00"), make_adjustment("PR", "2", "24.00"))
    assert line_allowed(Money("96.00"), adjustments) == Money("120.00")


def test_secondary_prior_payer_impact_carc_23_posts_nothing_and_is_no_denial() -> None:
    secondary = make_835_service(
        charge_amount=Money("200.00"),
        paid_amount=Money("40.00"),
        adjustments=(make_adjustment("OA", "23", "150.00"), make_adjustment("PR", "2", "10.00")),
    )
    plan = plan_claim(make_835_claim(services=(secondary,)), [11], after_prior_payer=True)
    assert plan.outcome is Outcome.PAID
    assert plan.postings == (
        PlannedPosting(Move.PAYMENT, Money("40.00"), 11),
        PlannedPosting(Move.TO_PATIENT, Money("10.00"), 11, "PR", "2"),
    )
    assert plan.denial_reasons == ()
