"""The patient billing API through the real app: accounts, payments, refunds, statements, hardship
write-offs, estimates and the Good Faith Estimate (permissions, 422s, 404 across practices, audit)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader

from revcycle.intake import service as intake
from revcycle.kit.db import Database
from tests.integration.patient_billing.api_support import Clients, audited, fields_of, other_practice_headers


@pytest.fixture
def api(database: Database, people: dict[str, Any]) -> Clients:
    return Clients(database, people["practice"])


def test_account_shows_what_is_due_as_strings_and_is_audited(api: Clients, people: dict[str, Any]):
    found = api.get(f"/billing/patients/{people['patient']}/account", role="front_desk")
    assert found.status_code == 200, found.text
    assert found.json()["due"] == "30.00"
    assert found.json()["pending_insurance"] == "100.00"
    lines = api.get(f"/billing/patients/{people['patient']}/account/lines").json()["lines"]
    assert {(ln["claim_id"], ln["due"]) for ln in lines} == {(7, "30.00"), (8, "0.00")}
    assert {a.patient_id for a in audited(api.database, "patient_account")} == {people["patient"]}


def test_account_is_refused_to_a_coder(api: Clients, people: dict[str, Any]):
    assert api.get(f"/billing/patients/{people['patient']}/account", role="coder").status_code == 403


def test_account_of_another_practice_is_not_found(api: Clients, people: dict[str, Any]):
    h = other_practice_headers(api.database)
    for path in ("account", "account/lines", "statements", "collection"):
        answer = api.client.get(f"/api/v1/billing/patients/{people['patient']}/{path}", headers=h)
        assert answer.status_code == 404, path


def test_payment_is_recorded_with_a_receipt(api: Clients, people: dict[str, Any]):
    paid = api.post(
        "/billing/payments", json={"patient_id": people["patient"], "amount": "50.00", "method": "cash"}
    )
    assert paid.status_code == 201, paid.text
    assert (paid.json()["amount"], paid.json()["unapplied"]) == ("50.00", "20.00")
    receipt = api.get(f"/billing/payments/{paid.json()['payment_id']}/receipt", role="auditor")
    assert receipt.status_code == 200
    assert paid.json()["receipt_number"] in receipt.json()["text"]
    assert len(audited(api.database, "patient_payment")) == 2


def test_payment_with_bad_fields_names_each_and_writes_nothing(api: Clients, people: dict[str, Any]):
    bad = api.post(
        "/billing/payments", json={"patient_id": people["patient"], "amount": "-1.00", "method": "check"}
    )
    assert bad.status_code == 422
    assert fields_of(bad) == {"amount", "reference"}
    assert api.get(f"/billing/patients/{people['patient']}/account").json()["due"] == "30.00"
    floats = api.post(
        "/billing/payments", json={"patient_id": people["patient"], "amount": 5.5, "method": "cash"}
    )
    assert floats.status_code == 422


def test_payment_is_refused_to_an_auditor(api: Clients, people: dict[str, Any]):
    body = {"patient_id": people["patient"], "amount": "5.00", "method": "cash"}
    assert api.post("/billing/payments", json=body, role="auditor").status_code == 403


def test_receipt_of_another_practice_is_not_found(api: Clients, people: dict[str, Any]):
    paid = api.post(
        "/billing/payments", json={"patient_id": people["patient"], "amount": "5.00", "method": "cash"}
    )
    h = other_practice_headers(api.database)
    assert (
        api.client.get(f"/api/v1/billing/payments/{paid.json()['payment_id']}/receipt", headers=h).status_code
        == 404
    )


def test_credit_is_refunded_up_to_what_is_held(api: Clients, people: dict[str, Any]):
    api.post("/billing/payments", json={"patient_id": people["patient"], "amount": "50.00", "method": "cash"})
    refunded = api.post(f"/billing/patients/{people['patient']}/refunds", json={"amount": "15.00"})
    assert refunded.status_code == 201, refunded.text
    assert refunded.json()["credit_left"] == "5.00"
    too_much = api.post(f"/billing/patients/{people['patient']}/refunds", json={"amount": "6.00"})
    assert too_much.status_code == 422 and fields_of(too_much) == {"amount"}


def test_statements_run_list_and_download_as_pdf(api: Clients, people: dict[str, Any]):
    run = api.post("/billing/statements/run", json={"on": "2026-03-01"})
    assert run.status_code == 200, run.text
    assert [s["amount_due"] for s in run.json()["sent"]] == ["30.00"]
    history = api.get(f"/billing/patients/{people['patient']}/statements").json()
    pdf = api.get(f"/billing/statements/{history[0]['statement_id']}/pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "30.00" in "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert api.post("/billing/statements/run", json={}, role="coder").status_code == 403
    assert api.post("/billing/statements/run", json={"on": "March"}).status_code == 422
    h = other_practice_headers(api.database)
    assert (
        api.client.get(f"/api/v1/billing/statements/{history[0]['statement_id']}/pdf", headers=h).status_code
        == 404
    )


def test_hardship_write_off_is_decided_by_a_supervisor_only(api: Clients, people: dict[str, Any]):
    asked = api.post(
        f"/billing/patients/{people['patient']}/hardship", json={"amount": "10.00", "reason": "lost job"}
    )
    assert asked.status_code == 201, asked.text
    request_id = asked.json()["request_id"]
    assert api.post(f"/billing/hardship/{request_id}/decision", json={"approve": True}).status_code == 403
    decided = api.post(f"/billing/hardship/{request_id}/decision", json={"approve": True}, role="supervisor")
    assert decided.json()["status"] == "approved"
    assert api.get(f"/billing/patients/{people['patient']}/account").json()["due"] == "20.00"
    again = api.post(f"/billing/hardship/{request_id}/decision", json={"approve": False}, role="supervisor")
    assert again.status_code == 409


def test_hardship_request_needs_a_reason_and_at_most_what_is_due(api: Clients, people: dict[str, Any]):
    empty = api.post(
        f"/billing/patients/{people['patient']}/hardship", json={"amount": "10.00", "reason": " "}
    )
    assert empty.status_code == 422 and fields_of(empty) == {"reason"}
    big = api.post(f"/billing/patients/{people['patient']}/hardship", json={"amount": "99.00", "reason": "x"})
    assert big.status_code == 422 and fields_of(big) == {"amount"}


def test_hardship_decision_of_another_practice_is_not_found(api: Clients, people: dict[str, Any]):
    asked = api.post(
        f"/billing/patients/{people['patient']}/hardship", json={"amount": "1.00", "reason": "x"}
    )
    h = other_practice_headers(api.database)
    answer = api.client.post(
        f"/api/v1/billing/hardship/{asked.json()['request_id']}/decision", json={"approve": True}, headers=h
    )
    assert answer.status_code == 404


def test_estimate_takes_codes_in_the_body(api: Clients, people: dict[str, Any]):
    found = api.post(
        "/billing/estimates", json={"patient_id": people["patient"], "codes": ["99213"], "on": "2026-03-02"}
    )
    assert found.status_code == 200, found.text
    assert found.json()["lines"][0]["allowed"] == "100.00"
    bad = api.post("/billing/estimates", json={"patient_id": people["patient"], "codes": ["99213", "XYZ"]})
    assert bad.status_code == 422 and fields_of(bad) == {"codes.1"}
    assert (
        api.post(
            "/billing/estimates", json={"patient_id": people["patient"], "codes": ["99213"]}, role="coder"
        ).status_code
        == 403
    )


def _self_pay_patient(database: Database, practice_id: int) -> int:
    with database.transaction() as uow:
        row = intake.create(
            uow,
            intake.PATIENT,
            practice_id=practice_id,
            values={"first_name": "Sam", "last_name": "Cash", "date_of_birth": date(1990, 7, 4), "sex": "M"},
        )
        return row.id


def test_good_faith_estimate_pdf_has_what_the_no_surprises_act_asks(api: Clients, people: dict[str, Any]):
    patient = _self_pay_patient(api.database, people["practice"])
    body = {
        "patient_id": patient,
        "codes": ["99213", "80053", "80053"],
        "on": "2026-03-10",
        "diagnosis_codes": ["E11.9"],
    }
    pdf = api.post("/billing/estimates/gfe.pdf", json=body)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    for expected in (
        "Good Faith Estimate",
        "Sam Cash",
        "1990-07-04",
        "Test Clinic",
        "1234567893",
        "841234567",
        "2026-03-10",
        "99213",
        "80053",
        "E119",
        "150.00",
        "160.00",
        "$310.00",
        "not a contract",
        "dispute resolution",
        "$400.00",
        "save a copy",
        "valid for 365 days",
        "Date issued: 2026-03-01",
    ):
        assert expected in text, expected
    assert [a.action for a in audited(api.database, "estimate")] == ["export"]


def test_good_faith_estimate_is_for_self_pay_patients(api: Clients, people: dict[str, Any]):
    insured = api.post(
        "/billing/estimates/gfe.pdf",
        json={"patient_id": people["patient"], "codes": ["99213"], "on": "2026-03-10"},
    )
    assert insured.status_code == 422 and fields_of(insured) == {"patient_id"}
    patient = _self_pay_patient(api.database, people["practice"])
    bad = api.post(
        "/billing/estimates/gfe.pdf",
        json={"patient_id": patient, "codes": ["99213"], "diagnosis_codes": ["nope"]},
    )
    assert bad.status_code == 422 and fields_of(bad) == {"diagnosis_codes.0"}
