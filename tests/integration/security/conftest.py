"""Fixtures for security tests: an app on the test database, two practices, headers per role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from revcycle.security.views import reset_rate_limits
from tests.integration.security.factories import auth_headers, make_practice, session_cookie


@pytest.fixture
def app(database: Database) -> FastAPI:
    reset_rate_limits()
    return create_app(database=database)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def practice_a(database: Database) -> dict[str, Any]:
    return make_practice(database)


@pytest.fixture
def practice_b(database: Database) -> dict[str, Any]:
    return make_practice(database, name="Other Clinic", billing_npi="1245319599")


@pytest.fixture
def headers_for(database: Database, practice_a: dict[str, Any]) -> Callable[..., dict[str, str]]:
    """``headers_for("coder")``: bearer headers of a new user of that role in practice A."""

    def make(role: str, practice_id: int | None = None, **token_args: Any) -> dict[str, str]:
        return auth_headers(database, practice_id or practice_a["id"], role, **token_args)

    return make


PATIENT = {
    "first_name": "Zebulon",
    "last_name": "Quartermaine",
    "date_of_birth": "1961-02-03",
    "sex": "M",
    "address": {"line1": "77 Larkspur Trail", "city": "Golden", "state": "CO", "zip": "80401"},
}
PAYER = {"name": "Summit Blue Cross", "payer_code": "SBC01", "claim_filing_indicator": "BL"}
MEMBER_ID = "XQZ987654321"


def make_patient_with_coverage(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    patient = client.post("/api/v1/patients", json=PATIENT, headers=headers)
    assert patient.status_code == 201, patient.text
    payer = client.post("/api/v1/payers", json=PAYER, headers=headers)
    assert payer.status_code == 201, payer.text
    coverage = client.post(
        "/api/v1/coverages",
        json={
            "patient_id": patient.json()["id"],
            "payer_id": payer.json()["id"],
            "member_id": MEMBER_ID,
            "effective_date": "2025-01-01",
        },
        headers=headers,
    )
    assert coverage.status_code == 201, coverage.text
    return {"patient": patient.json(), "payer": payer.json(), "coverage": coverage.json()}


@pytest.fixture
def pages_for(
    app: FastAPI, database: Database, practice_a: dict[str, Any]
) -> Iterator[Callable[[str], TestClient]]:
    """``pages_for("supervisor")``: a browser-like client signed in to the web UI as a new user of
    that role in practice A (second factor passed)."""
    clients: list[TestClient] = []

    def make(role: str) -> TestClient:
        web = TestClient(app, base_url="http://testserver")
        web.cookies.set("rc_session", session_cookie(database, practice_a["id"], role))
        clients.append(web)
        return web

    yield make
    for web in clients:
        web.close()
