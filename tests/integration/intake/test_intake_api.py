from fastapi.testclient import TestClient

from tests.integration.intake.conftest import patient_body, practice_body
from tests.integration.security.factories import auth_headers, make_practice

PROVIDER = {"first_name": "Maya", "last_name": "Okafor", "npi": "1234567893"}
PAYER = {
    "name": "Summit Blue Cross",
    "payer_code": "SBC01",
    "claim_filing_indicator": "BL",
    "member_id_pattern": r"XYZ\d{9}",
}


def loc_fields(response) -> set[str]:
    return {".".join(str(p) for p in d["loc"][1:]) for d in response.json()["detail"]}


def test_create_and_read_a_practice_normalises_identifiers(client: TestClient, practice):
    assert practice["tin"] == "841234567"
    response = client.get(f"/api/v1/practices/{practice['id']}", headers=practice["headers"])
    assert response.status_code == 200
    assert response.json()["address"]["zip"] == "80202"


def test_practice_with_bad_npi_answers_422_naming_billing_npi(client: TestClient, practice):
    response = client.post(
        "/api/v1/practices", json=practice_body(billing_npi="1234567890"), headers=practice["headers"]
    )
    assert response.status_code == 422
    assert loc_fields(response) == {"billing_npi"}


def test_provider_with_wrong_npi_check_digit_answers_422_naming_npi(client: TestClient, practice):
    response = client.post(
        "/api/v1/providers", json=PROVIDER | {"npi": "1234567890"}, headers=practice["headers"]
    )
    assert response.status_code == 422
    assert loc_fields(response) == {"npi"}


def test_provider_crud_and_list_filters(client: TestClient, practice):
    h = practice["headers"]
    created = client.post("/api/v1/providers", json=PROVIDER, headers=h)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert client.get(f"/api/v1/providers/{pid}", headers=h).json()["last_name"] == "Okafor"
    patched = client.patch(f"/api/v1/providers/{pid}", json={"is_referring": True}, headers=h)
    assert patched.json()["is_referring"] is True
    page = client.get("/api/v1/providers?is_referring=true&limit=10", headers=h).json()
    assert page["total"] == 1 and page["items"][0]["id"] == pid
    assert client.get("/api/v1/providers?is_referring=false", headers=h).json()["total"] == 0


def test_duplicate_provider_npi_in_one_practice_answers_422(client: TestClient, practice):
    h = practice["headers"]
    assert client.post("/api/v1/providers", json=PROVIDER, headers=h).status_code == 201
    again = client.post("/api/v1/providers", json=PROVIDER, headers=h)
    assert again.status_code == 422 and loc_fields(again) == {"npi"}


def test_patch_that_breaks_a_rule_changes_nothing(client: TestClient, practice):
    h = practice["headers"]
    pid = client.post("/api/v1/providers", json=PROVIDER, headers=h).json()["id"]
    bad = client.patch(
        f"/api/v1/providers/{pid}", json={"npi": "1234567890", "last_name": "Changed"}, headers=h
    )
    assert bad.status_code == 422
    assert client.get(f"/api/v1/providers/{pid}", headers=h).json()["last_name"] == "Okafor"


def test_patient_with_future_birth_date_answers_422_naming_date_of_birth(client: TestClient, practice):
    response = client.post(
        "/api/v1/patients", json=patient_body(date_of_birth="2999-01-01"), headers=practice["headers"]
    )
    assert response.status_code == 422
    assert loc_fields(response) == {"date_of_birth"}


def test_patient_gets_an_account_number_and_search_is_a_post(client: TestClient, practice):
    h = practice["headers"]
    created = client.post("/api/v1/patients", json=patient_body(), headers=h).json()
    assert created["account_number"] == "A0000001"
    found = client.post("/api/v1/patients/search", json={"last_name": "fix"}, headers=h).json()
    assert [p["id"] for p in found["items"]] == [created["id"]]
    assert client.post("/api/v1/patients/search", json={"last_name": "zz"}, headers=h).json()["total"] == 0


def test_guarantor_and_patient_link(client: TestClient, practice):
    h = practice["headers"]
    g = client.post(
        "/api/v1/guarantors",
        json={
            "first_name": "Pat",
            "last_name": "Parent",
            "address": {"line1": "2 Oak", "city": "Denver", "state": "CO", "zip": "80205"},
        },
        headers=h,
    )
    assert g.status_code == 201, g.text
    missing_rel = client.post("/api/v1/patients", json=patient_body(guarantor_id=g.json()["id"]), headers=h)
    assert loc_fields(missing_rel) == {"guarantor_relationship"}
    ok = client.post(
        "/api/v1/patients",
        json=patient_body(guarantor_id=g.json()["id"], guarantor_relationship="19"),
        headers=h,
    )
    assert ok.status_code == 201
    unknown = client.post(
        "/api/v1/patients", json=patient_body(guarantor_id=999, guarantor_relationship="19"), headers=h
    )
    assert loc_fields(unknown) == {"guarantor_id"}


def _patient_and_payer(client: TestClient, h):
    patient = client.post("/api/v1/patients", json=patient_body(), headers=h).json()
    payer = client.post("/api/v1/payers", json=PAYER, headers=h).json()
    return patient, payer


def test_coverage_amounts_are_strings_and_floats_are_refused(client: TestClient, practice):
    h = practice["headers"]
    patient, payer = _patient_and_payer(client, h)
    body = {
        "patient_id": patient["id"],
        "payer_id": payer["id"],
        "member_id": "XYZ123456789",
        "effective_date": "2026-01-01",
        "copay": "25.00",
    }
    created = client.post("/api/v1/coverages", json=body, headers=h)
    assert created.status_code == 201, created.text
    assert created.json()["copay"] == "25.00"
    floaty = client.post("/api/v1/coverages", json=body | {"copay": 25.5, "order": "secondary"}, headers=h)
    assert floaty.status_code == 422 and loc_fields(floaty) == {"copay"}


def test_coverage_rules_answer_422_with_the_field(client: TestClient, practice):
    h = practice["headers"]
    patient, payer = _patient_and_payer(client, h)
    base = {
        "patient_id": patient["id"],
        "payer_id": payer["id"],
        "member_id": "XYZ123456789",
        "effective_date": "2026-01-01",
    }
    assert client.post("/api/v1/coverages", json=base, headers=h).status_code == 201
    overlap = client.post("/api/v1/coverages", json=base, headers=h)
    assert loc_fields(overlap) == {"order"}
    pattern = client.post(
        "/api/v1/coverages", json=base | {"member_id": "123", "order": "secondary"}, headers=h
    )
    assert loc_fields(pattern) == {"member_id"}
    child = client.post(
        "/api/v1/coverages", json=base | {"order": "tertiary", "relationship": "19"}, headers=h
    )
    assert "subscriber.last_name" in loc_fields(child)
    unknown = client.post("/api/v1/coverages", json=base | {"payer_id": 9999}, headers=h)
    assert loc_fields(unknown) == {"payer_id"}


def test_objects_of_another_practice_are_not_found(client: TestClient, practice, database):
    h = practice["headers"]
    other = make_practice(database, **practice_body(name="Other", billing_npi="1245319599"))
    oh = auth_headers(database, other["id"], "admin")
    pid = client.post("/api/v1/providers", json=PROVIDER, headers=h).json()["id"]
    assert client.get(f"/api/v1/providers/{pid}", headers=oh).status_code == 404
    assert client.patch(f"/api/v1/providers/{pid}", json={"active": False}, headers=oh).status_code == 404
    assert client.get("/api/v1/providers", headers=oh).json()["total"] == 0
    assert client.get(f"/api/v1/practices/{practice['id']}", headers=oh).status_code == 404


def test_list_is_paginated(client: TestClient, practice):
    h = practice["headers"]
    for i in range(5):
        client.post("/api/v1/payers", json=PAYER | {"payer_code": f"P{i:03d}"}, headers=h)
    page = client.get("/api/v1/payers?limit=2&offset=2", headers=h).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["offset"] == 2
    assert client.get("/api/v1/payers?limit=0", headers=h).status_code == 422


def test_openapi_document_is_served(client: TestClient):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/patients" in doc["paths"] and "/api/v1/coverages/{item_id}" in doc["paths"]
