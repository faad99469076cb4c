"""The read-only ledger API through the real app, signed in with bearer tokens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.intake.tables import PatientRow, PayerRow
from revcycle.kit.db import Database
from revcycle.kit.money import Money
from revcycle.ledger import domain as ledger
from revcycle.ledger import service
from tests.integration.ledger.conftest import make_practice
from tests.integration.security.factories import auth_headers
from tests.unit.ledger.factories import LINE, PATIENT, PAYER, meta

INSURANCE = ledger.Responsibility.insurance(PAYER)


def _client(database: Database, practice_id: int, role: str = "biller") -> TestClient:
    client = TestClient(create_app(database=database))
    client.headers.update(auth_headers(database, practice_id, role))
    return client


def _intake_rows(uow, practice_id: int) -> None:
    """The patient and payer the factories' ids name, so the routes find them in the practice."""
    uow.session.add(
        PayerRow(
            id=PAYER, practice_id=practice_id, name="Payer", payer_code="PAY03", claim_filing_indicator="CI"
        )
    )
    uow.session.add(
        PatientRow(
            id=PATIENT,
            practice_id=practice_id,
            account_number="A5",
            first_name="Pat",
            last_name="Ledger",
            date_of_birth=date(1970, 1, 1),
            sex="F",
        )
    )
    uow.flush()


@pytest.fixture
def client(database: Database, practice_id: int) -> Iterator[TestClient]:
    on = date(2026, 3, 2)
    with database.transaction() as uow:
        _intake_rows(uow, practice_id)
        for entry in (
            ledger.charge(
                meta(practice_id, effective_date=date(2026, 2, 20)),
                ref=LINE,
                owed_by=INSURANCE,
                amount=Money(200),
            ),
            ledger.insurance_payment(
                meta(practice_id, effective_date=on), ref=LINE, payer_id=PAYER, amount=Money(120)
            ),
            ledger.contractual_adjustment(
                meta(practice_id, effective_date=on), ref=LINE, payer_id=PAYER, amount=Money("49.99")
            ),
            ledger.transfer(
                meta(practice_id, effective_date=on),
                ref=LINE,
                from_=INSURANCE,
                to=ledger.Responsibility.patient(),
                amount=Money("30.01"),
            ),
        ):
            service.post(uow, entry)
    with _client(database, practice_id) as test_client:
        yield test_client


def test_claim_balance_splits_insurance_and_patient_as_decimal_strings(client: TestClient):
    body = client.get("/api/v1/ledger/claims/7/balance").json()
    assert (body["insurance"], body["patient"], body["total"]) == ("0.00", "30.01", "30.01")
    assert {a["account"]["code"]: a["balance"] for a in body["accounts"]} == {
        "insurance_ar/payer=3/patient=5/claim=7/line=70": "0.00",
        "patient_ar/patient=5/guarantor=6/claim=7/line=70": "30.01",
    }
    before = client.get("/api/v1/ledger/claims/7/balance", params={"as_of": "2026-02-28"}).json()
    assert before["insurance"] == "200.00"


def test_patient_payer_and_line_balances(client: TestClient):
    assert client.get(f"/api/v1/ledger/patients/{PATIENT}/balance").json()["total"] == "30.01"
    assert client.get(f"/api/v1/ledger/payers/{PAYER}/balance").json()["total"] == "0.00"
    assert client.get("/api/v1/ledger/claim-lines/70/balance").json()["patient"] == "30.01"
    assert client.get("/api/v1/ledger/claims/999/balance").json()["total"] == "0.00"


def test_balances_of_a_patient_or_payer_outside_the_practice_are_not_found(client: TestClient):
    assert client.get("/api/v1/ledger/patients/999/balance").status_code == 404
    assert client.get("/api/v1/ledger/payers/999/balance").status_code == 404
    assert client.get("/api/v1/ledger/patients/999/statement").status_code == 404


def test_trial_balance_balances(client: TestClient):
    body = client.get("/api/v1/ledger/trial-balance").json()
    assert body["balanced"] is True
    assert body["total_debits"] == body["total_credits"] == "200.00"


def test_rollforward_ties_with_amounts_as_strings(client: TestClient):
    body = client.get(
        "/api/v1/ledger/ar-rollforward", params={"from": "2026-03-01", "to": "2026-03-31"}
    ).json()
    assert body["ties"] is True
    total = body["total"]
    assert (total["opening"], total["payments"], total["adjustments"], total["closing"]) == (
        "200.00",
        "120.00",
        "49.99",
        "30.01",
    )


def test_patient_statement_runs_a_balance(client: TestClient):
    body = client.get(f"/api/v1/ledger/patients/{PATIENT}/statement").json()
    assert [(line["kind"], line["amount"], line["balance"]) for line in body["lines"]] == [
        ("transfer", "30.01", "30.01")
    ]


def test_entries_of_another_practice_are_not_found(database: Database, client: TestClient):
    assert client.get("/api/v1/ledger/entries/1").status_code == 200
    with _client(database, make_practice(database)) as other:
        assert other.get("/api/v1/ledger/entries/1").status_code == 404
        assert other.get("/api/v1/ledger/claims/7/balance").json()["accounts"] == []


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("coder", "/api/v1/ledger/claims/7/balance", 403),
        ("front_desk", "/api/v1/ledger/claims/7/balance", 200),
        ("front_desk", "/api/v1/ledger/trial-balance", 403),
        ("admin", "/api/v1/ledger/trial-balance", 200),
    ],
)
def test_routes_declare_the_permission_they_need(
    database: Database, practice_id: int, role: str, path: str, status: int
):
    with _client(database, practice_id, role) as client:
        assert client.get(path).status_code == status
    with TestClient(create_app(database=database)) as anonymous:
        assert anonymous.get(path).status_code == 401


def test_a_period_that_ends_before_it_starts_answers_422(client: TestClient):
    response = client.get("/api/v1/ledger/ar-rollforward", params={"from": "2026-03-31", "to": "2026-03-01"})
    assert response.status_code == 422


def test_cli_rollforward_prints_json_that_ties(
    database: Database, client: TestClient, monkeypatch, practice_id
):
    import json

    from typer.testing import CliRunner

    from revcycle import cli
    from revcycle.cli import runtime
    from revcycle.kit.settings import Settings

    monkeypatch.setattr(runtime, "get_settings", lambda: Settings(database_url=database.url))
    result = CliRunner().invoke(
        cli.app, ["reports", "ar-rollforward", "--from", "2026-03-01", "--to", "2026-03-31", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    (report,) = body["practices"]
    assert report["practice_id"] == practice_id and report["ties"] is True
    assert report["total"]["closing"] == "30.01" and report["insurance"]["transfers"] == "-30.01"
    table = CliRunner().invoke(
        cli.app, ["reports", "ar-rollforward", "--from", "2026-03-01", "--to", "2026-03-31"]
    )
    assert table.exit_code == 0 and "30.01" in table.output


def test_cli_rollforward_names_a_bad_date(database: Database, monkeypatch):
    from typer.testing import CliRunner

    from revcycle import cli

    result = CliRunner().invoke(
        cli.app, ["reports", "ar-rollforward", "--from", "March", "--to", "2026-03-31"]
    )
    assert result.exit_code == 2 and "--from" in result.output
