"""The demo practice: a realistic small family-medicine group with 60 patients.

Loaded once (idempotent: a second load finds the practice by its billing NPI and does nothing).
All names are invented; identifiers are valid in form (NPI check digits, EINs) but belong to no one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from revcycle.intake import service
from revcycle.intake.repository import practice_repo
from revcycle.intake.tables import PracticeRow
from revcycle.kit.clock import clock
from revcycle.kit.db import UnitOfWork
from revcycle.kit.ids import NPI, luhn_check_digit
from revcycle.kit.money import Money

DEMO_SEED = 20260301


def make_npi(stem: int) -> str:
    """A well-formed NPI from a 9-digit stem starting with 1 or 2."""
    base = f"{stem:09d}"
    return base + str(luhn_check_digit(NPI.PREFIX + base))


PRACTICE = {
    "name": "Riverbend Family Medicine",
    "tin": "84-1234567",
    "billing_npi": make_npi(123456789),
    "taxonomy_code": "207Q00000X",
    "phone": "(303) 555-0142",
    "address": {
        "line1": "1200 River Road",
        "line2": "Suite 300",
        "city": "Denver",
        "state": "CO",
        "zip": "80202-1234",
    },
}

PROVIDERS = (
    {
        "first_name": "Maya",
        "last_name": "Okafor",
        "credentials": "MD",
        "npi": make_npi(134567890),
        "taxonomy_code": "207Q00000X",
        "is_billing": False,
        "is_rendering": True,
        "is_referring": True,
    },
    {
        "first_name": "Daniel",
        "last_name": "Reyes",
        "credentials": "DO",
        "npi": make_npi(145678901),
        "taxonomy_code": "207R00000X",
        "is_billing": False,
        "is_rendering": True,
        "is_referring": True,
    },
    {
        "first_name": "Priya",
        "last_name": "Natarajan",
        "credentials": "NP",
        "npi": make_npi(156789012),
        "taxonomy_code": "363LF0000X",
        "is_billing": False,
        "is_rendering": True,
        "is_referring": False,
    },
)

PAYERS = (
    {
        "name": "Medicare Part B (Jurisdiction H)",
        "payer_code": "04412",
        "claim_filing_indicator": "MB",
        "timely_filing_days": 365,
        "member_id_pattern": r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d"
        r"[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}",
        "address": {"line1": "PO Box 3095", "city": "Mechanicsburg", "state": "PA", "zip": "17055"},
    },
    {
        "name": "Colorado Medicaid",
        "payer_code": "COMCD",
        "claim_filing_indicator": "MC",
        "timely_filing_days": 180,
        "member_id_pattern": r"[A-Z]\d{6}",
        "address": {"line1": "PO Box 30", "city": "Denver", "state": "CO", "zip": "80201"},
    },
    {
        "name": "Summit Blue Cross",
        "payer_code": "SBC01",
        "claim_filing_indicator": "BL",
        "timely_filing_days": 180,
        "member_id_pattern": r"XYZ\d{9}",
        "address": {"line1": "700 Broadway", "city": "Denver", "state": "CO", "zip": "80203"},
    },
    {
        "name": "Apex Health PPO",
        "payer_code": "APX22",
        "claim_filing_indicator": "12",
        "timely_filing_days": 90,
        "member_id_pattern": None,
        "address": {"line1": "PO Box 9100", "city": "Dallas", "state": "TX", "zip": "75201"},
    },
    {
        "name": "Frontier Workers Mutual",
        "payer_code": "FWM77",
        "claim_filing_indicator": "CI",
        "timely_filing_days": 365,
        "member_id_pattern": None,
        "address": {"line1": "55 Market Street", "city": "Boulder", "state": "CO", "zip": "80302"},
    },
)

FIRST_F = (
    "Ava",
    "Grace",
    "Lena",
    "Rosa",
    "Hannah",
    "Mei",
    "Elena",
    "Nora",
    "Jade",
    "Iris",
    "Clara",
    "Amara",
    "Zoe",
    "Lucia",
    "Tessa",
)
FIRST_M = (
    "Noah",
    "Liam",
    "Omar",
    "Felix",
    "Mateo",
    "Ravi",
    "Jonah",
    "Theo",
    "Ethan",
    "Kenji",
    "Silas",
    "Andre",
    "Hugo",
    "Caleb",
    "Marcus",
)
LAST = (
    "Alvarez",
    "Bennett",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ibarra",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Osei",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Thornton",
    "Underwood",
    "Varga",
    "Whitfield",
    "Yilmaz",
    "Zimmerman",
)
STREETS = (
    "Aspen Way",
    "Cedar Lane",
    "Elm Street",
    "Juniper Court",
    "Mesa Drive",
    "Pine Street",
    "Spruce Avenue",
    "Willow Road",
    "Columbine Circle",
    "Larkspur Trail",
)
CITIES = (
    ("Denver", "80205"),
    ("Aurora", "80010"),
    ("Lakewood", "80226"),
    ("Boulder", "80304"),
    ("Golden", "80401"),
    ("Littleton", "80120"),
)


@dataclass(frozen=True)
class DemoSummary:
    practice_id: int
    created: bool
    providers: int
    payers: int
    patients: int
    coverages: int


def _member_id(rng: random.Random, payer_code: str) -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    if payer_code == "04412":  # Medicare beneficiary identifier shape
        return (
            f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}{rng.randint(0, 9)}"
            f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(0, 9)}{rng.choice(letters)}"
            f"{rng.choice(letters)}{rng.randint(10, 99)}"
        )
    if payer_code == "COMCD":
        return f"{rng.choice('ABCDEFGHJK')}{rng.randint(100000, 999999)}"
    if payer_code == "SBC01":
        return f"XYZ{rng.randint(100000000, 999999999)}"
    return f"{payer_code[:3]}{rng.randint(10000000, 99999999)}"


def load_demo_practice(uow: UnitOfWork, *, seed: int = DEMO_SEED) -> DemoSummary:
    """Create the demo practice once; a second call returns the existing one unchanged."""
    existing = practice_repo(uow).by_billing_npi(str(PRACTICE["billing_npi"]))
    if existing is not None:
        return _summary(uow, existing, created=False)
    rng = random.Random(seed)  # noqa: S311 - invented demo data, not secrets
    practice = service.create_practice(uow, values=PRACTICE)
    pid = practice.id
    for values in PROVIDERS:
        service.create(uow, service.PROVIDER, practice_id=pid, values=values)
    service.create(
        uow,
        service.FACILITY,
        practice_id=pid,
        values={
            "name": "Riverbend Family Medicine - River Road",
            "npi": make_npi(167890123),
            "place_of_service": "11",
            "address": PRACTICE["address"],
        },
    )
    payers = [service.create(uow, service.PAYER, practice_id=pid, values=v) for v in PAYERS]
    medicare, medicaid, commercial = payers[0], payers[1], payers[2:]
    today = clock.today()
    for i in range(60):
        sex = "F" if i % 2 == 0 else "M"
        first = rng.choice(FIRST_F if sex == "F" else FIRST_M)
        last = rng.choice(LAST)
        age_group = i % 6
        if age_group == 0:  # Medicare age
            dob = today - timedelta(days=rng.randint(66 * 365, 90 * 365))
        elif age_group == 1:  # children
            dob = today - timedelta(days=rng.randint(2 * 365, 16 * 365))
        else:
            dob = today - timedelta(days=rng.randint(19 * 365, 64 * 365))
        city, zip_code = rng.choice(CITIES)
        patient = service.create(
            uow,
            service.PATIENT,
            practice_id=pid,
            values={
                "first_name": first,
                "last_name": last,
                "date_of_birth": dob,
                "sex": sex,
                "phone": f"(720) 555-{1000 + i:04d}",
                "email": f"{first.lower()}.{last.lower()}{i}@example.org",
                "address": {
                    "line1": f"{100 + 7 * i} {rng.choice(STREETS)}",
                    "city": city,
                    "state": "CO",
                    "zip": zip_code,
                },
            },
        )
        effective = date(today.year - 1, 1, 1)
        if age_group == 0:
            primary = medicare
        elif age_group == 1 or i % 7 == 3:
            primary = medicaid
        else:
            primary = commercial[i % len(commercial)]
        child = age_group == 1
        subscriber = None
        if child:
            subscriber = {
                "first_name": rng.choice(FIRST_F),
                "last_name": last,
                "sex": "F",
                "date_of_birth": dob - timedelta(days=rng.randint(22 * 365, 40 * 365)),
            }
        service.create(
            uow,
            service.COVERAGE,
            practice_id=pid,
            values={
                "patient_id": patient.id,
                "payer_id": primary.id,
                "member_id": _member_id(rng, primary.payer_code),
                "group_number": None if primary in (medicare, medicaid) else f"G{rng.randint(1000, 9999)}",
                "plan_name": primary.name,
                "order": "primary",
                "relationship": "19" if child else "18",
                "subscriber": subscriber,
                "effective_date": effective,
                "copay": None if primary in (medicare, medicaid) else Money(rng.choice((20, 25, 30, 40))),
            },
        )
        if (age_group == 0 and i % 12 == 0) or (primary in commercial and i % 5 == 0):
            secondary = commercial[(i + 1) % len(commercial)] if primary is medicare else medicaid
            if secondary is medicaid and age_group != 0:
                secondary = commercial[(i + 1) % len(commercial)]
            if secondary is primary:
                continue
            service.create(
                uow,
                service.COVERAGE,
                practice_id=pid,
                values={
                    "patient_id": patient.id,
                    "payer_id": secondary.id,
                    "member_id": _member_id(rng, secondary.payer_code),
                    "plan_name": secondary.name,
                    "group_number": f"G{rng.randint(1000, 9999)}",
                    "order": "secondary",
                    "relationship": "18",
                    "effective_date": effective,
                },
            )
    return _summary(uow, practice, created=True)


def _summary(uow: UnitOfWork, practice: PracticeRow, *, created: bool) -> DemoSummary:
    pid = practice.id
    counts = {
        r.entity: service.list_page(uow, r, practice_id=pid, filters={}, limit=1, offset=0)[1]
        for r in (service.PROVIDER, service.PAYER, service.PATIENT, service.COVERAGE)
    }
    return DemoSummary(
        practice_id=pid,
        created=created,
        providers=counts["provider"],
        payers=counts["payer"],
        patients=counts["patient"],
        coverages=counts["coverage"],
    )
