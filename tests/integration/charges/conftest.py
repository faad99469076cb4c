"""Fixtures for charges tests: a practice with a provider, a payer, a patient and a coverage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.intake import service as intake
from revcycle.kit.db import Database
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
