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
    FrequencyCode,
    Party,
    PayerInfo,
    Person,
    PostalAddress,
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


def replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)
