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
from tests.unit.claims.factories import make_claim, make_line, make_person

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
    report = validate(text)
    assert report.valid, [str(f) for f in report.errors]
    assert pyx12_errors(text) == []


def test_a_replacement_carries_frequency_7_and_the_payer_claim_number():
    text = write(make_claim(frequency_code=FrequencyCode.REPLACEMENT, payer_claim_control_number="PAYER77"))
    assert "11:B:7" in text and "REF*F8*PAYER77" in text
    assert pyx12_errors(text) == []


def test_an_institutional_claim_writes_a_valid_837i():
    from revcycle.claims.domain.model import ClaimKind

    claim = make_claim(
        kind=ClaimKind.INSTITUTIONAL,
        place_of_service="22",
        lines=(
            make_line(code="99283", revenue_code="0450"),
            make_line(line_number=2, code="36415", revenue_code="0300", charge=Money("15.00")),
        ),
    )
    text = write(claim)
    assert "CLM*RC1-1-1*135***13:A:1" in text and "SV2*0450*HC:99283*120*UN*1" in text
    report = validate(text)
    assert report.valid, [str(f) for f in report.errors]
    assert pyx12_errors(text) == []


def test_the_outbound_check_still_catches_errors_with_its_cached_pyx12_maps():
    from revcycle.clearinghouse.x12_checks import outbound_problems

    good = write(make_claim())
    bad = good.replace("CLM*RC1-1-1*120", "CLM*RC1-1-1*ABC")
    assert outbound_problems(good) == []
    first = outbound_problems(bad)
    assert any(p.startswith("pyx12:") for p in first) and any(p.startswith("validator:") for p in first)
    assert outbound_problems(good) == [] and outbound_problems(bad) == first
