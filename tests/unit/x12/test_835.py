from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from revcycle.kit.money import Money
from revcycle.x12 import parse, write
from revcycle.x12.errors import SegmentError
from revcycle.x12.x835 import Remittance835
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12 import factories as f
from tests.unit.x12.roundtrip import segments
from tests.unit.x12.strategies import remittances

NON_CONFORMANT_835 = {
    "managed-care.835": "BPR16 is 20002316, not a date (pyx12 reports the same)",
    "cob-contractural-adjustment.835": "SVC01 is only HC: the procedure code is missing from the composite",
    "secondary-payment.835": "SVC01 is 'HC' alone: the procedure code is missing from the composite",
    "tertiary-payment.835": "SVC01 is 'HC' alone: the procedure code is missing from the composite",
}


def test_every_835_sample_parses_and_writes_back_the_same_segments(x12_samples: Path) -> None:
    paths = [*sorted((x12_samples / "835_005010X221A1").glob("*.835")), x12_samples / "demo" / "demo.835"]
    checked = 0
    for path in paths:
        if path.name in NON_CONFORMANT_835:
            with pytest.raises(SegmentError):
                parse(path)
            continue
        models = parse(path)
        assert all(isinstance(m, Remittance835) for m in models)
        assert segments(write(models)) == segments(path.read_bytes()), path.name
        checked += 1
    assert checked >= 2


def test_835_sample_reads_payment_claims_and_provider_adjustments(x12_samples: Path) -> None:
    [era] = parse(x12_samples / "demo" / "demo.835")
    assert era.payment.amount == Money("150000.00")
    assert era.trace.trace_number == "12345"
    claims = list(era.claims())
    assert [c.patient_control_number for c in claims] == ["666123", "777777"]
    assert claims[0].adjustments[0].reasons[0].amount == Money("73348.57")
    assert era.provider_adjustments[0].items[0].amount == Money("-1.27")


def test_written_835_passes_pyx12_with_no_errors() -> None:
    assert pyx12_errors(write(f.make_835())) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(remittances())
def test_835_parse_of_write_gives_back_the_model(model: object) -> None:
    assert parse(write(model)) == [model]
