from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from revcycle.kit.money import Money
from revcycle.x12 import parse, write
from revcycle.x12.errors import SegmentError, X12WriteError
from revcycle.x12.x837p import Professional837
from tests.pyx12_oracle import pyx12_errors
from tests.unit.x12 import factories as f
from tests.unit.x12.roundtrip import segments
from tests.unit.x12.strategies import professional_claims

# Samples that break the guide themselves: parsing them raises, and the test says why.
NON_CONFORMANT_837P = {
    "demo.cob.2ndary.example4.837": "ISA16 declares ':' but composites use '>'",
    "demo.example6.837": "ISA16 declares ':' but composites use '>'",
    "demo.example9.837": "ISA16 declares ':' but composites use '>'",
    "demo.example11.837": "ISA16 declares ':' but composites use '>'",
    "demo.example12.837": "ISA16 declares ':' but composites use '>'",
    "demo.cob.example3.A.837": "loop 2320 has no 2330B other payer NM1*PR, which the guide requires",
}


def _samples(folder: Path) -> list[Path]:
    return sorted([*(folder / "837_005010X222A2").glob("*.837"), folder / "demo" / "demo.837"])


def test_every_837p_sample_parses_and_writes_back_the_same_segments(x12_samples: Path) -> None:
    checked = 0
    for path in _samples(x12_samples):
        if path.name in NON_CONFORMANT_837P:
            with pytest.raises(SegmentError):
                parse(path)
            continue
        models = parse(path)
        assert all(isinstance(m, Professional837) for m in models)
        assert segments(write(models)) == segments(path.read_bytes()), path.name
        checked += 1
    assert checked >= 12


def test_written_837p_passes_pyx12_with_no_errors() -> None:
    assert pyx12_errors(write(f.make_837p())) == []


def test_837p_with_secondary_payer_and_adjudication_passes_pyx12() -> None:
    import datetime as dt
    from decimal import Decimal

    from revcycle.x12.core.common import Name
    from revcycle.x12.x837.models import Drug, LineAdjudication, OtherSubscriber

    service = f.make_837p_service(
        line_item_control_number="LINE1",
        drug=Drug("00004196501", Decimal("7"), "UN"),
        adjudications=(
            LineAdjudication(
                payer_id="OTHER01",
                paid_amount=Money("80.00"),
                procedure_code="99213",
                units=Decimal("1"),
                adjudication_date=dt.date(2024, 3, 5),
                adjustments=(f.make_adjustment("CO", "45", "20.00"),),
            ),
        ),
    )
    other = OtherSubscriber(
        payer_responsibility="P",
        subscriber=Name("IL", "1", "DOE", "JOHN", id_qualifier="MI", identifier="OTHER123"),
        payer=Name("PR", "2", "OTHER PLAN", id_qualifier="PI", identifier="OTHER01"),
        adjustments=(f.make_adjustment("CO", "45", "20.00"),),
        payer_paid_amount=Money("80.00"),
    )
    claim = f.make_837p_claim(
        services=(service,),
        other_subscribers=(other,),
        frequency_code="7",
        payer_claim_control_number="ORIG123",
        prior_authorization="AUTH9",
        referring_provider=Name("DN", "1", "HOUSE", "GREG", id_qualifier="XX", identifier="1234567893"),
        service_facility=Name(
            "77", "2", "SPRINGFIELD SURGERY CENTER", id_qualifier="XX", identifier="1234567893"
        ),
        service_facility_address=f.make_address(),
    )
    model = f.make_837p(claims=(claim,))
    text = write(model)
    assert pyx12_errors(text) == []
    assert parse(text) == [model]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(professional_claims())
def test_837p_parse_of_write_gives_back_the_model(claim: object) -> None:
    model = f.make_837p(claims=(claim,))
    assert parse(write(model)) == [model]


def test_837p_with_a_delimiter_in_the_patient_control_number_is_refused_naming_the_field() -> None:
    model = f.make_837p(claims=(f.make_837p_claim(patient_control_number="AB*12"),))
    with pytest.raises(X12WriteError, match="patient_control_number"):
        write(model)


def test_837p_patient_loop_is_written_when_patient_is_not_the_subscriber() -> None:
    from revcycle.x12.core.common import Name
    from revcycle.x12.x837.models import Patient, PatientLoop, ProviderLoop, SubscriberLoop

    patient = Patient("19", Name("QC", "1", "DOE", "TIM"), f.make_address(), dt.date(2015, 6, 1), "M")
    loop = SubscriberLoop(
        f.make_subscriber(relationship=""), (), (PatientLoop(patient, (f.make_837p_claim(),)),)
    )
    model = f.make_837p(providers=(ProviderLoop(f.make_billing_provider(), (loop,)),))
    text = write(model)
    assert "HL*3*2*23*0~" in text and "PAT*19~" in text
    assert parse(text) == [model]
    assert pyx12_errors(text) == []
