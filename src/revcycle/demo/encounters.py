"""Demo visits: about 200 encounters over two months for the demo practice's patients, drawn from a
seed. Each visit is a realistic family-medicine mix (an E/M code with labs, a procedure or a
vaccine) coded with common billable ICD-10-CM codes; a visit fits the patient's age. One visit in
``SELF_PAY_EVERY`` is self-pay: it goes on the patient's balance when captured, not on a claim."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from revcycle.charges import service as charges
from revcycle.codes.domain import CodeEntry, CodeSystem
from revcycle.codes.importers.base import Release
from revcycle.intake import service as intake
from revcycle.kit.db import UnitOfWork

DIAGNOSES = {
    "I10": "Essential (primary) hypertension",
    "E11.9": "Type 2 diabetes mellitus without complications",
    "E78.5": "Hyperlipidemia, unspecified",
    "J06.9": "Acute upper respiratory infection, unspecified",
    "J02.9": "Acute pharyngitis, unspecified",
    "J01.90": "Acute sinusitis, unspecified",
    "N39.0": "Urinary tract infection, site not specified",
    "R07.9": "Chest pain, unspecified",
    "M54.50": "Low back pain, unspecified",
    "F41.1": "Generalized anxiety disorder",
    "D64.9": "Anemia, unspecified",
    "R05.9": "Cough, unspecified",
    "Z00.00": "Encounter for general adult medical examination without abnormal findings",
    "Z23": "Encounter for immunization",
}
"""The curated list: common, billable (full-length) ICD-10-CM codes valid in FY2026."""

FY2026 = date(2025, 10, 1)


def curated_icd10() -> Release:
    """The curated diagnoses as a small ICD-10-CM release (the whole tabular takes seconds to load);
    it speaks only for its own codes, so a full release loaded later is unaffected."""
    codes = [code.replace(".", "") for code in DIAGNOSES]
    return Release(
        CodeSystem.ICD10CM,
        "demo-curated",
        FY2026,
        "revcycle demo",
        [CodeEntry(CodeSystem.ICD10CM, c, d) for c, d in zip(codes, DIAGNOSES.values(), strict=True)],
        scope="^(" + "|".join(codes) + ")$",
    )


@dataclass(frozen=True)
class Visit:
    """A kind of visit: its diagnoses, its lines (code, modifiers, pointers) and who it fits."""

    name: str
    diagnoses: tuple[str, ...]
    lines: tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...]
    min_age: int = 0
    max_age: int = 120
    weight: int = 1

    def fits(self, age: int) -> bool:
        return self.min_age <= age <= self.max_age

    def values(self) -> dict[str, Any]:
        return {
            "diagnoses": list(self.diagnoses),
            "lines": [
                {"code": code, "modifiers": list(mods), "diagnosis_pointers": list(pointers)}
                for code, mods, pointers in self.lines
            ],
        }


VISITS: tuple[Visit, ...] = (
    Visit("uri", ("J06.9",), (("99213", (), (1,)),), weight=4),
    Visit("pharyngitis", ("J02.9",), (("99213", (), (1,)),), max_age=64, weight=2),
    Visit("sinusitis", ("J01.90",), (("99212", (), (1,)),), min_age=12, weight=2),
    Visit("cough", ("R05.9",), (("99212", (), (1,)),), weight=2),
    Visit("hypertension", ("I10",), (("99213", (), (1,)),), min_age=30, weight=4),
    Visit(
        "diabetes",
        ("E11.9", "I10"),
        (("99214", (), (1, 2)), ("80053", (), (1,)), ("36415", (), (1,))),
        min_age=30,
        weight=3,
    ),
    Visit(
        "lipids",
        ("E78.5",),
        (("99214", (), (1,)), ("80053", (), (1,)), ("36415", (), (1,))),
        min_age=30,
        weight=2,
    ),
    Visit("uti", ("N39.0",), (("99213", (), (1,)), ("81002", (), (1,))), min_age=5, weight=2),
    Visit(
        "chest pain",
        ("R07.9", "I10"),
        (("99214", ("25",), (1, 2)), ("93000", (), (1,))),
        min_age=35,
        weight=1,
    ),
    Visit("back pain", ("M54.50",), (("99213", (), (1,)),), min_age=18, weight=2),
    Visit("anxiety", ("F41.1",), (("99214", (), (1,)),), min_age=18, weight=1),
    Visit(
        "anemia",
        ("D64.9",),
        (("99213", (), (1,)), ("85025", (), (1,)), ("36415", (), (1,))),
        min_age=18,
        weight=1,
    ),
    Visit("flu shot", ("Z23",), (("90686", (), (1,)), ("90471", (), (1,))), min_age=3, weight=2),
    Visit(
        "preventive",
        ("Z00.00",),
        (("99396", (), (1,)), ("85025", (), (1,)), ("36415", (), (1,))),
        min_age=40,
        max_age=64,
        weight=2,
    ),
    Visit("wellness", ("Z00.00",), (("G0439", (), (1,)),), min_age=66, weight=2),
    Visit("complex", ("E11.9", "I10", "E78.5"), (("99215", (), (1, 2, 3)),), min_age=50, weight=1),
)


@dataclass(frozen=True)
class PlannedVisit:
    """One encounter to capture: who, when, with whom, what."""

    patient_id: int
    provider_id: int
    date_of_service: date
    visit: Visit
    self_pay: bool = False
    """The patient pays at the desk instead of billing the insurance (posted at capture)."""


SELF_PAY_EVERY = 25
"""One planned visit in this many (in date order) is self-pay by the patient's choice."""


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def plan_visits(
    uow: UnitOfWork, *, practice_id: int, seed: int, first_day: date, last_day: date, count: int = 200
) -> list[PlannedVisit]:
    """``count`` visits on weekdays from ``first_day`` to ``last_day``, at most one per patient per
    day, in date order; the same seed and practice give the same plan."""
    rng = random.Random(f"demo-visits:{seed}")  # noqa: S311 - invented demo data
    patients = intake.list_page(
        uow, intake.PATIENT, practice_id=practice_id, filters={}, limit=500, offset=0
    )[0]
    providers = intake.list_page(
        uow, intake.PROVIDER, practice_id=practice_id, filters={"is_rendering": True}, limit=50, offset=0
    )[0]
    days = [
        first_day + timedelta(days=n)
        for n in range((last_day - first_day).days + 1)
        if (first_day + timedelta(days=n)).weekday() < 5
    ]
    taken: set[tuple[int, date]] = set()
    planned: list[PlannedVisit] = []
    while len(planned) < count:
        patient = rng.choice(patients)
        day = rng.choice(days)
        if (patient.id, day) in taken:
            continue
        age = _age(patient.date_of_birth, day)
        fitting = [v for v in VISITS if v.fits(age)]
        visit = rng.choices(fitting, weights=[v.weight for v in fitting])[0]
        taken.add((patient.id, day))
        planned.append(PlannedVisit(patient.id, providers[patient.id % len(providers)].id, day, visit))
    ordered = sorted(planned, key=lambda p: (p.date_of_service, p.patient_id))
    return [
        replace(p, self_pay=True) if n % SELF_PAY_EVERY == SELF_PAY_EVERY - 1 else p
        for n, p in enumerate(ordered)
    ]


def capture(
    uow: UnitOfWork, *, practice_id: int, facility_id: int | None, visits: Sequence[PlannedVisit]
) -> list[int]:
    """Capture the planned visits (priced from the charge master); returns the encounter ids."""
    ids = []
    for planned in visits:
        row = charges.capture_encounter(
            uow,
            practice_id=practice_id,
            values={
                "patient_id": planned.patient_id,
                "rendering_provider_id": planned.provider_id,
                "facility_id": facility_id,
                "date_of_service": planned.date_of_service,
                "self_pay": planned.self_pay,
                **planned.visit.values(),
            },
        )
        ids.append(row.id)
    return ids
