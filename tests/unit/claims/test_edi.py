"""Claims written as 837: our validator and pyx12 accept them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from revcycle import x12
from revcycle.claims.domain.model import FrequencyCode, Party
from revcycle.claims.edi import Submitter, transaction_837
from revcycle.kit.money import Money
from revcycle.x12.core.envelope import Envelope
from revcycle.x12.validate import validate
from tests.pyx12_oracle import pyx12_errors
from tests.unit.claims.factories import (
    make_claim,
    make_inpatient_claim,
    make_line,
    make_outpatient_claim,
    make_person,
)

SUBMITTER = Submitter(
    "RC841234567", "Riverbend Family Medicine", "CLEARHOUSE", "Clearinghouse", "Billing", "3035550142"
)
ENVELOPE = Envelope(
    "RC841234567", "CLEARHOUSE", "000000042", "42", "0001", dt.date(2024, 3, 1), "1200", usage_indicator="T"
)


def write(*claims) -> str:
    model = transaction_837(
        claims,
        envelope=ENVELOPE,
        submitter=SUBMITTER,
        reference_id="B42",
        created=dt.datetime(2024, 3, 1, 12, 0),
    )
    return x12.write(model)


def test_a_self_and_a_dependent_claim_write_a_valid_837p():
    dependent = make_claim(
        patient_control_number="RC1-2-1",
        relationship="19",
        subscriber=make_person(first_name="Parent", date_of_birth=dt.date(1960, 1, 1)),
        patient=make_person(first_name="Kid", date_of_birth=dt.date(2015, 6, 1)),
        referring=Party("Reyes", "Daniel", npi="1234567893"),
        supervising=Party("Okafor", "Maya", npi="1245319599"),
        referral_number="REF123",
        prior_authorization="AUTH9",
        related_causes=("AA",),
        accident_state="CO",
        accident_date=dt.date(2024, 2, 18),
        onset_date=dt.date(2024, 2, 18),
        lines=(
            make_line(),
            make_line(
                line_number=2,
                code="J1885",
                ndc="00409378901",
                ndc_quantity=Decimal(2),
                charge=Money("15.00"),
            ),
        ),
    )
    text = write(make_claim(), dependent)
    assert "CLM*RC1-1-1*120***11:B:1" in text and "REF*9F*REF123" in text and "NM1*DQ*1*OKAFOR" in text
    assert "DTP*431*D8*20240218~DTP*439*D8*20240218~" in text.replace("\n", "")
    report = validate(text)
    assert report.valid, [str(f) for f in report.errors]
    assert pyx12_errors(text) == []


def test_a_replacement_carries_frequency_7_and_the_payer_claim_number():
    text = write(make_claim(frequency_code=FrequencyCode.REPLACEMENT, payer_claim_control_number="PAYER77"))
    assert "11:B:7" in text and "REF*F8*PAYER77" in text
    assert pyx12_errors(text) == []


def test_an_outpatient_131_claim_writes_its_type_of_bill_admission_and_codes_and_passes_pyx12():
    text = write(make_outpatient_claim())
    flat = text.replace("\n", "")
    assert "CLM*RC1-1-1*135***13:A:1" in text and "SV2*0450*HC:99283*120*UN*1" in text
    assert "DTP*435*DT*202402200930~DTP*434*RD8*20240220-20240220~CL1*1*7*01~" in flat
    assert "HI*BH:11:D8:20240219~HI*BG:39~NM1*71*1*OKAFOR" in flat
    report = validate(text)
    assert report.valid, [str(f) for f in report.errors]
    assert pyx12_errors(text) == []


def test_an_inpatient_111_claim_carries_admitting_diagnosis_ub04_codes_and_operating_physician():
    text = write(make_inpatient_claim(), make_outpatient_claim(patient_control_number="RC1-1-2"))
    flat = text.replace("\n", "")
    assert "CLM*RC1-1-1*7600***11:A:1" in text and "DTP*434*RD8*20240218-20240221" in text
    assert "HI*ABK:I214~HI*ABJ:R079~HI*ABF:E119*ABF:I10~" in flat
    assert "HI*BH:11:D8:20240217~HI*BE:80:::3*BE:A1:::250~HI*BG:01*BG:39~" in flat
    assert "PRV*AT*PXC*207Q00000X~NM1*72*1*REYES*DANIEL****XX*1234567893~" in flat
    report = validate(text)
    assert report.valid, [str(f) for f in report.errors]
    assert pyx12_errors(text) == []


def test_an_outpatient_drug_line_carries_its_ndc_in_the_837i_and_passes_pyx12():
    drug_line = make_line(
        line_number=2,
        code="J1885",
        revenue_code="0636",
        ndc="00409378901",
        ndc_quantity=Decimal(2),
        ndc_unit="ML",
        charge=Money("15.00"),
    )
    text = write(make_outpatient_claim(lines=(make_line(code="99283", revenue_code="0450"), drug_line)))
    flat = text.replace("\n", "")
    assert "SV2*0636*HC:J1885*15*UN*1~DTP*472*D8*" in flat
    assert "LIN**N4*00409378901~CTP****2*ML~" in flat
    assert flat.count("LIN*") == 1
    assert pyx12_errors(text) == []


def test_a_replacement_837i_bill_carries_frequency_7_in_clm05():
    claim = make_inpatient_claim(frequency_code=FrequencyCode.REPLACEMENT, payer_claim_control_number="P9")
    text = write(claim)
    assert "11:A:7" in text and "REF*F8*P9" in text
    assert pyx12_errors(text) == []


def test_an_institutional_claim_without_its_facility_bill_names_the_field():
    import pytest

    from revcycle.kit.errors import FieldErrors

    with pytest.raises(FieldErrors) as exc:
        write(make_outpatient_claim(facility_bill=None))
    assert exc.value.errors[0].field == "facility_bill"


def test_the_outbound_check_still_catches_errors_with_its_cached_pyx12_maps():
    from revcycle.clearinghouse.x12_checks import outbound_problems

    good = write(make_claim())
    bad = good.replace("CLM*RC1-1-1*120", "CLM*RC1-1-1*ABC")
    assert outbound_problems(good) == []
    first = outbound_problems(bad)
    assert any(p.startswith("pyx12:") for p in first) and any(p.startswith("validator:") for p in first)
    assert outbound_problems(good) == [] and outbound_problems(bad) == first
