"""Realistic FHIR R4 input with invented people: ``bundle(**changes)`` builds a transaction Bundle."""

from __future__ import annotations

import copy
import json
from typing import Any

PATIENT = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a01"
PAYER = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a02"
DOCTOR = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a03"
COVERAGE = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a04"
ENCOUNTER = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a05"
CONDITION = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a06"
CHARGE = "urn:uuid:6f1c8a52-2f0e-4d8e-9a55-0c6d3b1e7a07"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
SNOMED = "http://snomed.info/sct"


def resources() -> dict[str, dict[str, Any]]:
    return {
        PATIENT: {
            "resourceType": "Patient",
            "name": [{"use": "official", "family": "Quillfeather", "given": ["Ramona", "June"]}],
            "gender": "female",
            "birthDate": "1979-03-14",
            "address": [
                {"line": ["418 Larkspur Ln"], "city": "Boulder", "state": "CO", "postalCode": "80302"}
            ],
            "telecom": [{"system": "phone", "value": "(303) 555-0142"}],
        },
        PAYER: {
            "resourceType": "Organization",
            "identifier": [{"system": "urn:payer-id", "value": "RMH01"}],
            "name": "Rocky Mountain Health Plan",
        },
        DOCTOR: {
            "resourceType": "Practitioner",
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1245319599"}],
            "name": [{"family": "Ostrander", "given": ["Felix"]}],
        },
        COVERAGE: {
            "resourceType": "Coverage",
            "status": "active",
            "subscriberId": "RMH4471902",
            "beneficiary": {"reference": PATIENT},
            "relationship": {"coding": [{"code": "self"}]},
            "period": {"start": "2024-01-01"},
            "payor": [{"reference": PAYER}],
            "class": [{"type": {"coding": [{"code": "group"}]}, "value": "GRP-2231"}],
        },
        CONDITION: {
            "resourceType": "Condition",
            "code": {
                "coding": [
                    {"system": ICD10CM, "code": "J06.9", "display": "Acute upper respiratory infection"}
                ]
            },
        },
        ENCOUNTER: {
            "resourceType": "Encounter",
            "status": "finished",
            "class": {"code": "AMB"},
            "subject": {"reference": PATIENT},
            "participant": [{"individual": {"reference": DOCTOR}}],
            "period": {"start": "2024-05-02T09:30:00-06:00", "end": "2024-05-02T09:50:00-06:00"},
            "diagnosis": [{"condition": {"reference": CONDITION}, "rank": 1}],
        },
        CHARGE: {
            "resourceType": "ChargeItem",
            "status": "billable",
            "code": {"coding": [{"system": CPT, "code": "99213"}]},
            "subject": {"reference": PATIENT},
            "context": {"reference": ENCOUNTER},
            "occurrenceDateTime": "2024-05-02",
            "quantity": {"value": 1},
            "priceOverride": {"value": 145.10, "currency": "USD"},
        },
    }


def bundle(*, drop: tuple[str, ...] = (), **changes: dict[str, Any]) -> dict[str, Any]:
    """A transaction Bundle; ``changes`` (by resource type) are merged into that resource."""
    entries = []
    for url, res in resources().items():
        if url in drop:
            continue
        res = copy.deepcopy(res) | changes.get(res["resourceType"], {})
        entries.append(
            {"fullUrl": url, "resource": res, "request": {"method": "POST", "url": res["resourceType"]}}
        )
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def text(doc: dict[str, Any]) -> str:
    """JSON text; amounts written as JSON numbers, as an EHR sends them."""
    return json.dumps(doc)
