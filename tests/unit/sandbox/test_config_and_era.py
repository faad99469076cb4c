from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from revcycle.kit.errors import ConfigurationError
from revcycle.kit.money import Money
from revcycle.sandbox.adjudication import ClaimResult, adjudicate, reversal_of
from revcycle.sandbox.config import load_config
from revcycle.sandbox.replies.envelopes import Correspondent, reply_envelope
from revcycle.sandbox.replies.era import Remit, build_835
from revcycle.x12 import write
from tests.pyx12_oracle import pyx12_errors
from tests.unit.sandbox.factories import config_data, make_claim, make_config, make_context


def test_shipped_configuration_plays_the_demo_practice_payers() -> None:
    config = load_config()
    assert set(config.payers) == {"04412", "COMCD", "SBC01", "APX22", "FWM77"}
    assert config.payers["04412"].enrolled("1EG4TE5MK72") is not None
    assert config.payers["COMCD"].enrolled("A123456") is not None
    assert config.payers["APX22"].enrolled("APX12345678") is not None
    assert config.payers["SBC01"].enrolled("APX12345678") is None


def test_amounts_written_as_yaml_floats_are_refused() -> None:
    data = config_data()
    data["plans"]["ppo"]["deductible"] = 500.5
    with pytest.raises(ConfigurationError, match="quoted"):
        make_config(plans=data["plans"])


def test_a_payer_naming_an_undefined_plan_is_a_configuration_error() -> None:
    data = config_data()
    data["payers"]["SBC01"]["plan"] = "gold"
    with pytest.raises(ConfigurationError, match="gold"):
        make_config(payers=data["payers"])


def era(results: list[ClaimResult], *, interest: str = "0", carry: str = "0") -> Remit:
    config = make_config()
    envelope = reply_envelope(
        "RCSANDBOX", Correspondent("ZZ", "SUBMITTER01"), 7, dt.datetime(2024, 3, 5, 10, 0)
    )
    return build_835(
        envelope=envelope,
        config=config,
        payer=config.payers["SBC01"],
        payee_name="SPRINGFIELD CLINIC",
        payee_npi="1234567893",
        results=results,
        trace_number="240305000001",
        paid_on=dt.date(2024, 3, 5),
        interest=Money(interest),
        carry=Money(carry),
    )


def test_interest_is_paid_as_a_negative_l6_provider_adjustment_and_balances() -> None:
    result = adjudicate(make_claim(), make_context())
    remit = era([result], interest="1.25")
    model = remit.model
    assert model.payment.amount == result.paid + Money("1.25")
    (plb,) = model.provider_adjustments
    assert [(i.reason, i.amount) for i in plb.items] == [("L6", Money("-1.25"))]
    assert pyx12_errors(write(model)) == []


def test_a_forward_balance_is_recovered_as_wo_from_the_next_payment() -> None:
    result = adjudicate(make_claim(), make_context())
    remit = era([result], carry="50.00")
    model = remit.model
    assert model.payment.amount == result.paid - Money("50.00")
    assert remit.carry == Money(0)
    assert pyx12_errors(write(model)) == []


def test_reversal_and_replacement_in_one_835_pass_pyx12() -> None:
    first = adjudicate(make_claim(), make_context())
    second = adjudicate(
        dataclasses.replace(make_claim(), frequency_code="7", payer_claim_control_number="24061000001"),
        make_context(payer_claim_control_number="24061000002"),
    )
    model = era([reversal_of(first), second]).model
    assert model.payment.amount == second.paid - first.paid
    assert pyx12_errors(write(model)) == []
