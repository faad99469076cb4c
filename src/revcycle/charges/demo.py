"""Demo charges: the demo practice's charge master, a fixed contract with one payer, and a few
recent encounters to bill. Idempotent: nothing is added when the charge master already exists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from revcycle.charges import fees, service
from revcycle.charges import repository as repo
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.money import Money

CHARGE_MASTER = (
    ("99202", "110.00", "New patient office visit, straightforward"),
    ("99203", "165.00", "New patient office visit, low complexity"),
    ("99204", "250.00", "New patient office visit, moderate complexity"),
    ("99212", "85.00", "Established patient visit, straightforward"),
    ("99213", "130.00", "Established patient visit, low complexity"),
    ("99214", "190.00", "Established patient visit, moderate complexity"),
    ("99215", "260.00", "Established patient visit, high complexity"),
    ("99396", "240.00", "Preventive visit, 40-64 years"),
    ("G0439", "195.00", "Annual wellness visit, subsequent"),
    ("36415", "15.00", "Routine venipuncture"),
    ("85025", "28.00", "Complete blood count with differential"),
    ("80053", "45.00", "Comprehensive metabolic panel"),
    ("81002", "12.00", "Urinalysis, non-automated, without microscopy"),
    ("93000", "65.00", "Electrocardiogram with interpretation"),
    ("90471", "30.00", "Immunization administration"),
    ("90686", "38.00", "Influenza vaccine, quadrivalent, preservative free"),
)

VISITS: tuple[dict[str, Any], ...] = (
    {
        "diagnoses": ["I10", "E11.9"],
        "lines": [
            {"code": "99214", "diagnosis_pointers": [1, 2]},
            {"code": "80053", "diagnosis_pointers": [2]},
            {"code": "36415", "diagnosis_pointers": [2]},
        ],
    },
    {"diagnoses": ["J06.9"], "lines": [{"code": "99213", "diagnosis_pointers": [1]}]},
    {
        "diagnoses": ["Z00.00"],
        "lines": [
            {"code": "99396", "diagnosis_pointers": [1]},
            {"code": "85025", "diagnosis_pointers": [1]},
            {"code": "36415", "diagnosis_pointers": [1]},
        ],
    },
    {
        "diagnoses": ["R07.9", "I10"],
        "lines": [
            {"code": "99214", "modifiers": ["25"], "diagnosis_pointers": [1, 2]},
            {"code": "93000", "diagnosis_pointers": [1]},
        ],
    },
    {
        "diagnoses": ["Z23"],
        "lines": [{"code": "90686", "diagnosis_pointers": [1]}, {"code": "90471", "diagnosis_pointers": [1]}],
    },
    {
        "diagnoses": ["N39.0"],
        "lines": [{"code": "99213", "diagnosis_pointers": [1]}, {"code": "81002", "diagnosis_pointers": [1]}],
    },
)


def load_demo_charges(uow: UnitOfWork, *, practice_id: int, encounters: int = 6) -> int:
    """Add the charge master and ``encounters`` visits; returns how many encounters were added."""
    if repo.charge_master(uow, practice_id):
        return 0
    service.set_charge_master(
        uow,
        practice_id=practice_id,
        entries=[{"code": c, "amount": Money(a), "description": d} for c, a, d in CHARGE_MASTER],
    )
    payers = intake.list_page(uow, intake.PAYER, practice_id=practice_id, filters={}, limit=10, offset=0)[0]
    apex = next((p for p in payers if p.payer_code == "APX22"), None)
    if apex is not None:
        service.set_payer_contract(
            uow,
            practice_id=practice_id,
            payer_id=apex.id,
            basis=fees.ContractBasis.FIXED,
            rates={
                ("99213", ""): Money("98.00"),
                ("99214", ""): Money("142.00"),
                ("36415", ""): Money("9.00"),
            },
        )
    providers = intake.list_page(
        uow, intake.PROVIDER, practice_id=practice_id, filters={"is_rendering": True}, limit=10, offset=0
    )[0]
    facility = intake.list_page(uow, intake.FACILITY, practice_id=practice_id, filters={}, limit=1, offset=0)[
        0
    ]
    patients = intake.list_page(
        uow, intake.PATIENT, practice_id=practice_id, filters={}, limit=encounters, offset=0
    )[0]
    today = clock.today()
    for i, patient in enumerate(patients):
        visit = VISITS[i % len(VISITS)]
        service.capture_encounter(
            uow,
            practice_id=practice_id,
            values={
                "patient_id": patient.id,
                "rendering_provider_id": providers[i % len(providers)].id,
                "facility_id": facility[0].id if facility else None,
                "date_of_service": today - timedelta(days=1 + i),
                **visit,
            },
        )
    return len(patients)
