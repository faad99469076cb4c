from __future__ import annotations

import dataclasses
import datetime as dt
import random

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import Cas, PriorLine, YearToDate, adjudicate, line_key, reversal_of
from revcycle.sandbox.config import SandboxConfig
from tests.unit.sandbox.factories import make_claim, make_config, make_context, make_line


def cas(result_line: object) -> set[tuple[str, str, Money]]:
    return {(a.group, a.reason, a.amount) for a in result_line.adjustments}  # type: ignore[attr-defined]


def hdhp_config() -> SandboxConfig:
    """The PPO plan without copays: a 99213 line meets the deductible, then coinsurance."""
    return make_config(
        plans={"ppo": {"deductible": "500.00", "coinsurance": "0.20"}, "medicare": {"deductible": "240.00"}}
    )


def test_200_claim_with_150_allowed_100_deductible_left_and_20_percent_pays_40() -> None:
    ctx = make_context(hdhp_config(), year_to_date=YearToDate(Money("400.00"), Money("400.00")))
    result = adjudicate(make_claim(), ctx)
    (line,) = result.lines
    assert line.paid == Money("40.00")
    assert cas(line) == {
        ("PR", "1", Money("100.00")),
        ("PR", "2", Money("10.00")),
        ("CO", "45", Money("50.00")),
    }
    assert result.status_code == "1"
    assert result.patient_responsibility == Money("110.00")
    assert result.accumulation.deductible == Money("100.00")
    assert result.is_balanced()


def test_copay_applies_once_per_claim_and_other_lines_meet_the_deductible() -> None:
    lines = (make_line(), make_line(number=2, procedure_code="85025", charge=Money("30.00")))
    result = adjudicate(make_claim(lines=lines), make_context())
    visit, lab = result.lines
    assert ("PR", "3", Money("25.00")) in cas(visit)
    assert visit.paid == Money("125.00")
    assert cas(lab) == {("CO", "45", Money("20.00")), ("PR", "1", Money("10.00"))}
    assert lab.paid == Money(0)
    assert result.status_code == "1"


def test_claim_past_timely_filing_is_denied_co_29_with_status_4() -> None:
    ctx = make_context(received=dt.date(2024, 12, 1))
    result = adjudicate(make_claim(), ctx)
    assert cas(result.lines[0]) == {("CO", "29", Money("200.00"))}
    assert result.status_code == "4"
    assert result.paid == Money(0)
    assert result.patient_responsibility == Money(0)


def test_missing_rendering_provider_is_denied_co_16_with_remark_n290() -> None:
    claim = make_claim(payer_code="04412", member_id="1EG4TE5MK72", rendering_npi="")
    result = adjudicate(claim, make_context())
    assert cas(result.lines[0]) == {("CO", "16", Money("200.00"))}
    assert result.lines[0].remarks == ("N290",)


def test_code_needing_prior_authorization_without_one_is_denied_co_197() -> None:
    lines = (make_line(procedure_code="72148", charge=Money("900.00")),)
    denied = adjudicate(make_claim(lines=lines), make_context())
    assert cas(denied.lines[0]) == {("CO", "197", Money("900.00"))}
    paid = adjudicate(make_claim(lines=lines, prior_authorization="AUTH123"), make_context())
    assert paid.lines[0].paid.is_positive() or paid.lines[0].patient_responsibility().is_positive()


def test_non_covered_code_is_denied_co_96_with_the_configured_remark() -> None:
    result = adjudicate(
        make_claim(lines=(make_line(procedure_code="97810", charge=Money("60.00")),)), make_context()
    )
    assert cas(result.lines[0]) == {("CO", "96", Money("60.00"))}
    assert result.lines[0].remarks == ("N130",)


def test_column_two_code_billed_with_its_column_one_code_is_bundled_co_97() -> None:
    lines = (
        make_line(procedure_code="80053", charge=Money("40.00")),
        make_line(number=2, procedure_code="80048", charge=Money("30.00")),
    )
    result = adjudicate(make_claim(lines=lines), make_context())
    assert cas(result.lines[1]) == {("CO", "97", Money("30.00"))}
    assert result.lines[1].remarks == ("M15",)
    assert ("CO", "97", Money("40.00")) not in cas(result.lines[0])


def test_distinct_procedure_modifier_unbundles_a_pair_with_indicator_1() -> None:
    lines = (
        make_line(procedure_code="20610", charge=Money("100.00")),
        make_line(number=2, procedure_code="97110", charge=Money("50.00"), modifiers=("59",)),
    )
    result = adjudicate(make_claim(lines=lines), make_context())
    assert not any(a.reason == "97" for a in result.lines[1].adjustments)


def test_line_already_paid_on_another_claim_is_denied_co_18() -> None:
    claim = make_claim()
    ctx = make_context(paid_lines=frozenset({line_key(claim, claim.lines[0])}))
    result = adjudicate(dataclasses.replace(claim, patient_control_number="PCN0002"), ctx)
    assert cas(result.lines[0]) == {("CO", "18", Money("200.00"))}
    assert result.status_code == "4"


def test_medicare_claim_naming_another_payer_is_crossed_over_with_status_19() -> None:
    claim = make_claim(payer_code="04412", member_id="1EG4TE5MK72", other_payers=1)
    assert adjudicate(claim, make_context()).status_code == "19"
    assert adjudicate(dataclasses.replace(claim, other_payers=0), make_context()).status_code == "1"


def test_secondary_claim_pays_the_primary_patient_share_and_balances() -> None:
    line = make_line(prior=PriorLine(paid=Money("120.00"), patient_responsibility=Money("30.00")))
    claim = make_claim(lines=(line,), payer_responsibility="S")
    result = adjudicate(claim, make_context())
    assert result.status_code == "2"
    assert result.lines[0].paid == Money("30.00")
    assert ("OA", "23", Money("170.00")) in cas(result.lines[0])
    assert result.is_balanced()


def test_random_denials_follow_the_configured_mix_and_the_seed() -> None:
    config = make_config(mix={"denial": "1"})
    result = adjudicate(make_claim(), make_context(config))
    assert cas(result.lines[0]) == {("CO", "16", Money("200.00"))}
    assert result.lines[0].remarks == ("MA130",)


def test_same_claim_and_seed_give_the_same_decision() -> None:
    config = make_config(mix={"denial": "0.5"})
    outcomes = {
        adjudicate(make_claim(), make_context(config, rng=random.Random("7:PCN0001"))).status_code
        for _ in range(5)
    }
    assert len(outcomes) == 1


def test_reversal_negates_every_amount_and_keeps_the_claim_number() -> None:
    result = adjudicate(make_claim(), make_context())
    reversal = reversal_of(result)
    assert reversal.status_code == "22"
    assert reversal.payer_claim_control_number == result.payer_claim_control_number
    assert reversal.paid == -result.paid
    assert reversal.charge == -result.charge
    assert reversal.lines[0].adjustments[0] == Cas(
        result.lines[0].adjustments[0].group,
        result.lines[0].adjustments[0].reason,
        -result.lines[0].adjustments[0].amount,
    )
    assert reversal.accumulation.deductible == -result.accumulation.deductible
    assert reversal.is_balanced()
