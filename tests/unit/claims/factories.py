"""``make_claim(**overrides)``: a clean professional claim, and builders of its parts."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from revcycle.claims.domain.model import (
    Claim,
    ClaimKind,
    ClaimLine,
    FacilityBill,
    FrequencyCode,
    OccurrenceCode,
    Party,
    PayerInfo,
    Person,
    PostalAddress,
    ValueCode,
)
from revcycle.kit.money import Money

BILLING_NPI = "1234567893"
RENDERING_NPI = "1245319599"
ADDRESS = PostalAddress("1200 River Road", "Denver", "CO", "802021234")


def make_line(**overrides: Any) -> ClaimLine:
    values: dict[str, Any] = {
        "line_number": 1,
        "code": "99213",
        "charge": Money("120.00"),
        "units": Decimal(1),
        "service_date": date(2024, 2, 20),
        "diagnosis_pointers": (1, 2),
    }
    return ClaimLine(**(values | overrides))


def make_payer(**overrides: Any) -> PayerInfo:
    values: dict[str, Any] = {
        "payer_id": 1,
        "name": "Summit Blue Cross",
        "payer_code": "SBC01",
        "claim_filing_indicator": "BL",
        "timely_filing_days": 180,
        "member_id_pattern": r"XYZ\d{9}",
    }
    return PayerInfo(**(values | overrides))


def make_person(**overrides: Any) -> Person:
    values: dict[str, Any] = {
        "last_name": "Fixturely",
        "first_name": "Testa",
        "date_of_birth": date(1980, 4, 5),
        "sex": "F",
        "address": PostalAddress("2 Oak St", "Denver", "CO", "80205"),
    }
    return Person(**(values | overrides))


def make_claim(**overrides: Any) -> Claim:
    patient = make_person()
    values: dict[str, Any] = {
        "patient_control_number": "RC1-1-1",
        "kind": ClaimKind.PROFESSIONAL,
        "frequency_code": FrequencyCode.ORIGINAL,
        "payer": make_payer(),
        "payer_responsibility": "P",
        "billing": Party(
            "Riverbend Family Medicine",
            is_person=False,
            npi=BILLING_NPI,
            taxonomy="207Q00000X",
            tax_id="841234567",
            address=ADDRESS,
        ),
        "subscriber": patient,
        "member_id": "XYZ123456789",
        "relationship": "18",
        "patient": patient,
        "place_of_service": "11",
        "diagnoses": ("E119", "I10"),
        "lines": (make_line(),),
        "date_of_service": date(2024, 2, 20),
        "group_number": "G1234",
        "rendering": Party("Okafor", "Maya", npi=RENDERING_NPI, taxonomy="207Q00000X"),
    }
    return Claim(**(values | overrides))


def make_outpatient_claim(**overrides: Any) -> Claim:
    """A hospital outpatient (131) emergency visit with two revenue-coded lines."""
    bill = FacilityBill(
        type_of_bill="131",
        patient_status="01",
        admission_date=date(2024, 2, 20),
        admission_hour="0930",
        admission_type="1",
        admission_source="7",
        occurrence_codes=(OccurrenceCode("11", date(2024, 2, 19)),),
        condition_codes=("39",),
    )
    values: dict[str, Any] = {
        "kind": ClaimKind.INSTITUTIONAL,
        "place_of_service": "22",
        "facility_bill": bill,
        "lines": (
            make_line(code="99283", revenue_code="0450"),
            make_line(line_number=2, code="36415", revenue_code="0300", charge=Money("15.00")),
        ),
    }
    return make_claim(**(values | overrides))


def make_inpatient_claim(**overrides: Any) -> Claim:
    """A three-day hospital inpatient stay (111) with an operating physician and UB-04 codes."""
    bill = FacilityBill(
        type_of_bill="111",
        patient_status="01",
        admission_date=date(2024, 2, 18),
        admission_hour="2210",
        admission_type="1",
        admission_source="7",
        admitting_diagnosis="R079",
        attending=Party("Okafor", "Maya", npi=RENDERING_NPI, taxonomy="207Q00000X"),
        operating=Party("Reyes", "Daniel", npi="1234567893"),
        value_codes=(ValueCode("80", Money("3.00")), ValueCode("A1", Money("250.00"))),
        occurrence_codes=(OccurrenceCode("11", date(2024, 2, 17)),),
        condition_codes=("01", "39"),
    )
    values: dict[str, Any] = {
        "kind": ClaimKind.INSTITUTIONAL,
        "place_of_service": "21",
        "facility_bill": bill,
        "date_of_service": date(2024, 2, 18),
        "date_of_service_end": date(2024, 2, 21),
        "diagnoses": ("I214", "E119", "I10"),
        "lines": (
            make_line(code="99223", revenue_code="0120", units=Decimal(3), charge=Money("2400.00")),
            make_line(line_number=2, code="93458", revenue_code="0481", charge=Money("5200.00")),
        ),
    }
    return make_claim(**(values | overrides))


def replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)
