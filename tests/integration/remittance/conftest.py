"""Fixtures for remittance tests: a practice with payers, a patient with coverages, and claims
built from encounters (moved to ``accepted`` as if the payer took them), plus 835 builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from revcycle.charges import service as charges
from revcycle.claims import repository as claims_repo
from revcycle.claims import service as claims
from revcycle.intake import service as intake
from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.x12 import api as x12
from tests.integration.security.factories import make_practice
from tests.unit.x12.factories import make_835, make_835_claim, make_835_service, make_adjustment

DOS = clock.today() - dt.timedelta(days=40)
PRIMARY_CODE, SECONDARY_CODE = "APX22", "SBC01"


@dataclass(frozen=True)
class World:
    database: Database
    practice_id: int
    primary_payer_id: int
    secondary_payer_id: int
    patient_id: int
    provider_id: int


@dataclass(frozen=True)
class BuiltClaim:
    id: int
    pcn: str
    line_ids: tuple[int, ...]
    payer_id: int
    patient_id: int


def _payer(uow: Any, pid: int, name: str, code: str) -> int:
    values = {
        "name": name,
        "payer_code": code,
        "claim_filing_indicator": "CI",
        "address": {"line1": "PO Box 1", "city": "Dallas", "state": "TX", "zip": "75201"},
    }
    return int(intake.create(uow, intake.PAYER, practice_id=pid, values=values).id)


def make_world(database: Database, *, secondary: bool = False) -> World:
    pid = int(make_practice(database, taxonomy_code="207Q00000X")["id"])
    with database.transaction() as uow:
        primary = _payer(uow, pid, "Apex Health PPO", PRIMARY_CODE)
        second = _payer(uow, pid, "Summit Blue Cross", SECONDARY_CODE)
        provider = intake.create(
            uow,
            intake.PROVIDER,
            practice_id=pid,
            values={
                "first_name": "Maya",
                "last_name": "Okafor",
                "npi": "1245319599",
                "taxonomy_code": "207Q00000X",
                "is_rendering": True,
            },
        ).id
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=pid,
            values={
                "first_name": "Testa",
                "last_name": "Fixturely",
                "date_of_birth": dt.date(1970, 4, 5),
                "sex": "F",
                "address": {"line1": "2 Oak St", "city": "Denver", "state": "CO", "zip": "80205"},
            },
        ).id
        orders = [("primary", primary, "APX123")] + (
            [("secondary", second, "XYZ123456789")] if secondary else []
        )
        for order, payer, member in orders:
            intake.create(
                uow,
                intake.COVERAGE,
                practice_id=pid,
                values={
                    "patient_id": patient,
                    "payer_id": payer,
                    "member_id": member,
                    "group_number": "G1234",
                    "order": order,
                    "relationship": "18",
                    "effective_date": dt.date(DOS.year - 1, 1, 1),
                },
            )
    return World(database, pid, primary, second, int(patient), int(provider))


@pytest.fixture
def world(database: Database) -> World:
    return make_world(database)


def make_claim(
    world: World, lines: Sequence[tuple[str, str]] = (("99213", "200.00"),), *, state: str = "accepted"
) -> BuiltClaim:
    """An encounter with ``lines`` (code, charge), its claim to the primary payer, in ``state``."""
    with world.database.transaction() as uow:
        encounter = charges.capture_encounter(
            uow,
            practice_id=world.practice_id,
            values={
                "patient_id": world.patient_id,
                "rendering_provider_id": world.provider_id,
                "date_of_service": DOS,
                "diagnoses": ["E119"],
                "lines": [{"code": c, "charge": Money(a), "units": 1} for c, a in lines],
            },
        )
        row = claims.build_claim(uow, practice_id=world.practice_id, encounter_id=encounter.id)
        row.state = state
        line_ids = tuple(ln.id for ln in claims_repo.lines_of(uow, row.id))
        return BuiltClaim(row.id, row.patient_control_number, line_ids, row.payer_id, row.patient_id)


def svc(code: str, charge: str, paid: str, *cas: tuple[str, str, str], control: str = "") -> Any:
    return make_835_service(
        procedure_code=code,
        charge_amount=Money(charge),
        paid_amount=Money(paid),
        service_date=DOS,
        adjustments=tuple(make_adjustment(g, r, a) for g, r, a in cas),
        line_item_control_number=control,
        remarks=(),
    )


def clp(pcn: str, *services: Any, status: str = "1", **overrides: Any) -> Any:
    pr = Money.total(a.total() for s in services for a in s.adjustments if a.group == "PR")
    values: dict[str, Any] = {
        "patient_control_number": pcn,
        "status_code": status,
        "services": services,
        "patient_responsibility_amount": pr,
        "payer_claim_control_number": f"PAYER{pcn}",
    }
    return make_835_claim(**(values | overrides))


def era_text(
    *claims_: Any,
    trace: str = "EFT0001",
    payer: tuple[str, str] = ("APEX HEALTH", PRIMARY_CODE),
    **overrides: Any,
) -> str:
    """A balanced 835 from ``payer`` (name, N1*PR identifier; default ``APX22``) with these claim
    payments."""
    from revcycle.x12.x835.models import Party

    remit = make_835(claims=tuple(claims_), **overrides)
    remit = type(remit)(
        **{
            **{f: getattr(remit, f) for f in remit.__dataclass_fields__},
            "payer": Party(payer[0], id_qualifier="XV", identifier=payer[1]),
            "trace": type(remit.trace)(trace_number=trace, originating_company_id="1512345678"),
        }
    )
    return x12.write(remit)
