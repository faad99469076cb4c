"""Fixtures for charges tests: a practice with a provider, a payer, a patient and a coverage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.charges import self_pay
from revcycle.charges import service as charges
from revcycle.intake import service as intake
from revcycle.kit.db import Database, UnitOfWork
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service as ledger_service
from revcycle.reporting import summary
from tests.integration.remittance.conftest import World, make_world
from tests.integration.security.factories import auth_headers, make_practice


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database=database)) as test_client:
        yield test_client


@pytest.fixture
def clinic(database: Database) -> dict[str, Any]:
    """Ids of a small practice's objects, and a coder's headers."""
    practice = make_practice(database)
    pid = practice["id"]
    with database.transaction() as uow:
        provider = intake.create(
            uow,
            intake.PROVIDER,
            practice_id=pid,
            values={
                "first_name": "Maya",
                "last_name": "Okafor",
                "npi": "1245319599",
                "taxonomy_code": "207Q00000X",
            },
        )
        payer = intake.create(
            uow,
            intake.PAYER,
            practice_id=pid,
            values={"name": "Summit Blue Cross", "payer_code": "SBC01", "claim_filing_indicator": "BL"},
        )
        patient = intake.create(
            uow,
            intake.PATIENT,
            practice_id=pid,
            values={
                "first_name": "Testa",
                "last_name": "Fixturely",
                "date_of_birth": date(1980, 4, 5),
                "sex": "F",
                "address": {"line1": "2 Oak St", "city": "Denver", "state": "CO", "zip": "80205"},
            },
        )
        intake.create(
            uow,
            intake.COVERAGE,
            practice_id=pid,
            values={
                "patient_id": patient.id,
                "payer_id": payer.id,
                "member_id": "XYZ123456789",
                "effective_date": date(2020, 1, 1),
            },
        )
        ids = {"practice_id": pid, "provider_id": provider.id, "payer_id": payer.id, "patient_id": patient.id}
    return ids | {"headers": auth_headers(database, pid, "coder")}


# -- self-pay visits (test_self_pay_visits, test_self_pay_editing) ---------------------------------
@pytest.fixture
def world(database: Database) -> World:
    """A practice with a payer, a covered patient and a charge master for the self-pay tests."""
    w = make_world(database)
    with database.transaction() as uow:
        charges.set_charge_master(
            uow,
            practice_id=w.practice_id,
            entries=[
                {"code": "99213", "amount": Money("150.00"), "description": "Office visit, established"},
                {"code": "80053", "amount": Money("80.00"), "description": "Metabolic panel"},
                {"code": "85025", "amount": Money("40.00"), "description": "Blood count"},
            ],
        )
    return w


def uninsured_patient(world: World) -> int:
    """A second patient of the practice, with no coverage at all."""
    with world.database.transaction() as uow:
        return int(
            intake.create(
                uow,
                intake.PATIENT,
                practice_id=world.practice_id,
                values={
                    "first_name": "Cash",
                    "last_name": "Payer",
                    "date_of_birth": date(1985, 2, 3),
                    "sex": "M",
                    "address": {"line1": "9 Elm St", "city": "Denver", "state": "CO", "zip": "80206"},
                },
            ).id
        )


def self_pay_entries(uow: UnitOfWork, world: World, encounter_id: int) -> list[ledger.PostedEntry]:
    return ledger_service.entries_from_source(
        uow, practice_id=world.practice_id, source=self_pay.source_of(encounter_id)
    )


def assert_books_hold(uow: UnitOfWork, world: World) -> None:
    """The receivable summary agrees with the ledger, and the ledger balances."""
    assert summary.drift(uow.session, world.practice_id) == {}
    assert ledger_service.trial_balance(uow, practice_id=world.practice_id).is_balanced
