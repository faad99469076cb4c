from __future__ import annotations

import datetime as dt
import random

from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import IntakeContext, acknowledge
from tests.unit.sandbox.factories import make_claim, make_config


def verdict_of(claim: object, **overrides: object) -> tuple[str, str, str]:
    values: dict[str, object] = {
        "config": make_config(),
        "received": dt.date(2024, 3, 1),
        "rng": random.Random(1),
    }
    values.update(overrides)
    v = acknowledge(claim, IntakeContext(**values))  # type: ignore[arg-type]
    return (v.category, v.status_code, v.entity)


def test_clean_claim_is_accepted_a2_20() -> None:
    assert verdict_of(make_claim()) == ("A2", "20", "")


def test_unknown_member_is_returned_a3_33_for_the_subscriber() -> None:
    assert verdict_of(make_claim(member_id="ABC")) == ("A3", "33", "IL")


def test_excluded_member_is_unknown_even_when_the_pattern_matches() -> None:
    assert verdict_of(make_claim(member_id="XYZ000000000")) == ("A3", "33", "IL")


def test_invalid_billing_npi_check_digit_is_rejected_a7_562_85() -> None:
    assert verdict_of(make_claim(billing_npi="1234567890")) == ("A7", "562", "85")


def test_invalid_rendering_npi_is_rejected_a7_562_82() -> None:
    assert verdict_of(make_claim(rendering_npi="1245319598")) == ("A7", "562", "82")


def test_missing_diagnosis_is_rejected_a6() -> None:
    assert verdict_of(make_claim(diagnoses=()))[0] == "A6"


def test_coverage_terminated_before_the_date_of_service_is_returned_a3_109() -> None:
    assert verdict_of(make_claim(member_id="XYZ999999999")) == ("A3", "109", "IL")


def test_claim_total_not_matching_its_lines_is_rejected_a7_400() -> None:
    assert verdict_of(make_claim(total_charge=Money("1.00"))) == ("A7", "400", "")


def test_unknown_payer_is_returned_a3_116() -> None:
    assert verdict_of(make_claim(payer_code="NOPE")) == ("A3", "116", "PR")


def test_replacement_needs_a_payer_claim_number_the_payer_issued() -> None:
    assert verdict_of(make_claim(frequency_code="7"))[:2] == ("A6", "464")
    assert verdict_of(make_claim(frequency_code="7", payer_claim_control_number="X1"))[:2] == ("A7", "464")
    known = frozenset({"X1"})
    claim = make_claim(frequency_code="7", payer_claim_control_number="X1")
    assert verdict_of(claim, known_claim_numbers=known) == ("A2", "20", "")


def test_random_rejections_follow_the_configured_mix() -> None:
    config = make_config(mix={"front_end_rejection": "1"})
    assert verdict_of(make_claim(), config=config) == ("A7", "21", "")
