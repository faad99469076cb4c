from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from revcycle.kit.db import Database


def test_lookup_answers_billable_and_validity(client: TestClient, practice: dict[str, Any], coded: Database):
    h = practice["headers"]
    body = client.get("/api/v1/codes/E119?on=2026-03-01", headers=h).json()
    assert body["code"] == "E11.9" and body["valid"] and body["billable"]
    assert client.get("/api/v1/codes/E11.9", headers=h).json()["description"].startswith("Type 2 diabetes")
    assert client.get("/api/v1/codes/E11", headers=h).json()["billable"] is False
    assert client.get("/api/v1/codes/11?system=POS", headers=h).json()["short_description"] == "Office"


def test_lookup_of_unknown_code_is_404_and_unknown_system_is_422(
    client: TestClient, practice: dict[str, Any], coded: Database
):
    h = practice["headers"]
    assert client.get("/api/v1/codes/Q99.99X", headers=h).status_code == 404
    assert client.get("/api/v1/codes/E11.9?system=SNOMED", headers=h).status_code == 422


def test_codes_routes_need_a_caller(client: TestClient, coded: Database):
    assert client.get("/api/v1/codes/E11.9").status_code == 401


def test_search_ranks_the_example_in_the_top_three(
    client: TestClient, practice: dict[str, Any], coded: Database
):
    response = client.get(
        "/api/v1/codes/search",
        params={"q": "type 2 diabetes without complications", "limit": 3},
        headers=practice["headers"],
    )
    assert response.status_code == 200
    assert "E11.9" in [hit["code"] for hit in response.json()]


def test_check_takes_codes_in_the_body_and_returns_findings_with_fixes(
    client: TestClient, practice: dict[str, Any], coded: Database
):
    body = {
        "diagnoses": ["E11", "I10"],
        "procedures": [{"code": "99214", "modifiers": ["59"]}, {"code": "20610", "dx_pointers": [1, 3]}],
        "date_of_service": "2026-03-01",
        "sex": "F",
        "date_of_birth": "1950-02-03",
    }
    response = client.post("/api/v1/codes/check", json=body, headers=practice["headers"])
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["clean"] is False
    rules = {f["rule_id"]: f for f in result["findings"]}
    assert {"DX_HEADER", "EM_MODIFIER_25", "MODIFIER_INVALID", "DX_POINTER"} <= set(rules)
    assert rules["EM_MODIFIER_25"]["suggestion"] == "add modifier 25 to lines[0]"


def test_check_of_a_clean_encounter_is_clean(client: TestClient, practice: dict[str, Any], coded: Database):
    body = {
        "diagnoses": ["E11.9", "I10"],
        "procedures": [{"code": "99214"}, {"code": "93000"}],
        "date_of_service": "2026-03-01",
        "sex": "F",
        "date_of_birth": "1950-02-03",
    }
    result = client.post("/api/v1/codes/check", json=body, headers=practice["headers"]).json()
    assert result == {"date_of_service": "2026-03-01", "clean": True, "findings": []}


def test_check_with_a_malformed_code_names_the_field(
    client: TestClient, practice: dict[str, Any], coded: Database
):
    body = {"diagnoses": ["E11.9", "I-10"], "date_of_service": "2026-03-01"}
    response = client.post("/api/v1/codes/check", json=body, headers=practice["headers"])
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "diagnoses[1]"]
