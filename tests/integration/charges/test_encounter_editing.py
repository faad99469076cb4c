"""Editing an encounter after capture over HTTP: open encounters freely, under the capture rules;
billed or voided ones are refused; every edit is kept in the encounter's history."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from revcycle.claims import service as claims
from revcycle.kit.db import Database
from revcycle.security.tables import AuditEventRow
from tests.integration.charges.test_charges_api import encounter_body


def _captured(client: TestClient, clinic: dict[str, Any]) -> dict[str, Any]:
    h = clinic["headers"]
    client.put("/api/v1/charge-master", json={"entries": [{"code": "99213", "amount": "130.00"}]}, headers=h)
    client.put("/api/v1/charge-master", json={"entries": [{"code": "99214", "amount": "190.00"}]}, headers=h)
    created = client.post("/api/v1/encounters", json=encounter_body(clinic), headers=h)
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    assert body["status"] == "open"
    return body


def test_editing_an_open_encounter_changes_its_lines(client: TestClient, clinic):
    enc = _captured(client, clinic)
    edit = {
        "diagnoses": ["E11.9", "I10", "Z79.4"],
        "lines": [
            {"code": "99214", "modifiers": ["25"], "diagnosis_pointers": [1, 3]},
            {"code": "36415", "units": "2", "diagnosis_pointers": [2]},
        ],
    }
    response = client.patch(f"/api/v1/encounters/{enc['id']}", json=edit, headers=clinic["headers"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["diagnoses"] == ["E119", "I10", "Z794"] and body["status"] == "open"
    assert [
        (ln["code"], ln["modifiers"], ln["charge"], ln["diagnosis_pointers"]) for ln in body["lines"]
    ] == [
        ("99214", ["25"], "190.00", [1, 3]),
        ("36415", [], "9.50", [2]),  # same code, modifiers and units: the given charge is kept
    ]
    assert body["total_charge"] == "199.50"
    again = client.get(f"/api/v1/encounters/{enc['id']}", headers=clinic["headers"]).json()
    assert again["lines"] == body["lines"]


def test_an_edit_leaves_fields_it_does_not_name_alone_and_can_drop_a_line(client: TestClient, clinic):
    enc = _captured(client, clinic)
    response = client.patch(
        f"/api/v1/encounters/{enc['id']}", json={"lines": [{"code": "99213"}]}, headers=clinic["headers"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["diagnoses"] == ["E119", "I10"] and body["place_of_service"] == "11"
    # the stored line's pointers are kept when its code is the same
    assert [(ln["code"], ln["diagnosis_pointers"]) for ln in body["lines"]] == [("99213", [1, 2])]
    assert body["total_charge"] == "130.00"


def test_an_invalid_code_in_an_edit_is_refused_naming_the_field_and_nothing_changes(
    client: TestClient, clinic
):
    enc = _captured(client, clinic)
    bad = {"diagnoses": ["E11.9", "BAD"], "lines": [{"code": "9921", "diagnosis_pointers": [4]}]}
    response = client.patch(f"/api/v1/encounters/{enc['id']}", json=bad, headers=clinic["headers"])
    assert response.status_code == 422
    fields = {".".join(d["loc"][1:]) for d in response.json()["detail"]}
    assert fields == {"diagnoses.1", "lines.0.code", "lines.0.diagnosis_pointers"}
    after = client.get(f"/api/v1/encounters/{enc['id']}", headers=clinic["headers"]).json()
    assert after["diagnoses"] == enc["diagnoses"] and after["lines"] == enc["lines"]
    history = client.get(f"/api/v1/encounters/{enc['id']}/history", headers=clinic["headers"])
    assert history.json() == []


def test_an_edit_cannot_move_a_visit_to_another_patient(client: TestClient, clinic):
    enc = _captured(client, clinic)
    response = client.patch(
        f"/api/v1/encounters/{enc['id']}",
        json={"patient_id": clinic["patient_id"]},
        headers=clinic["headers"],
    )
    assert response.status_code == 422  # not a field of an edit


def test_the_history_records_who_changed_what_with_old_and_new_values(
    client: TestClient, clinic, database: Database
):
    enc = _captured(client, clinic)
    edit = {
        "lines": [{"code": "99213", "modifiers": ["25"]}, {"code": "36415", "units": "2", "charge": "9.50"}]
    }
    assert (
        client.patch(f"/api/v1/encounters/{enc['id']}", json=edit, headers=clinic["headers"]).status_code
        == 200
    )
    history = client.get(f"/api/v1/encounters/{enc['id']}/history", headers=clinic["headers"])
    assert history.status_code == 200
    [event] = history.json()
    assert event["event"] == "edited" and event["actor"]
    assert event["changes"]["lines.0.modifiers"] == ["", "25"]
    assert "lines.1.code" not in event["changes"]
    with database.uow() as uow:
        audits = [
            (a.detail, a.entity_id, a.patient_id)
            for a in uow.session.scalars(
                select(AuditEventRow).where(
                    AuditEventRow.entity == "encounter", AuditEventRow.action == "update"
                )
            )
        ]
    # field names only: the codes (PHI) are in the encounter's history, not in the audit trail
    assert audits == [("edit: lines", str(enc["id"]), clinic["patient_id"])]


def test_editing_with_the_same_values_records_nothing(client: TestClient, clinic):
    enc = _captured(client, clinic)
    same = {
        "diagnoses": ["E11.9", "I10"],
        "lines": [
            {"code": "99213", "diagnosis_pointers": [1, 2]},
            {"code": "36415", "units": "2", "diagnosis_pointers": [1]},
        ],
    }
    response = client.patch(f"/api/v1/encounters/{enc['id']}", json=same, headers=clinic["headers"])
    assert response.status_code == 200, response.text
    assert response.json()["lines"] == enc["lines"]
    assert client.get(f"/api/v1/encounters/{enc['id']}/history", headers=clinic["headers"]).json() == []


def test_editing_a_billed_encounter_is_a_409_naming_the_claim(client: TestClient, clinic, database: Database):
    enc = _captured(client, clinic)
    with database.transaction() as uow:
        claim = claims.build_claim(uow, practice_id=clinic["practice_id"], encounter_id=enc["id"])
        pcn = claim.patient_control_number
    response = client.patch(
        f"/api/v1/encounters/{enc['id']}", json={"diagnoses": ["I10"]}, headers=clinic["headers"]
    )
    assert response.status_code == 409
    message = response.text
    assert pcn in message and "correct the claim" in message.lower()


def test_editing_a_voided_encounter_is_a_409_that_says_it_is_final(client: TestClient, clinic):
    enc = _captured(client, clinic)
    assert client.post(f"/api/v1/encounters/{enc['id']}/void", headers=clinic["headers"]).status_code == 200
    response = client.patch(
        f"/api/v1/encounters/{enc['id']}", json={"diagnoses": ["I10"]}, headers=clinic["headers"]
    )
    assert response.status_code == 409 and "final" in response.text


def test_editing_needs_charges_write(client: TestClient, clinic, database: Database):
    from tests.integration.security.factories import auth_headers

    enc = _captured(client, clinic)
    reader = auth_headers(database, clinic["practice_id"], "auditor")
    response = client.patch(f"/api/v1/encounters/{enc['id']}", json={"diagnoses": ["I10"]}, headers=reader)
    assert response.status_code == 403


def test_a_line_a_prior_authorization_is_used_for_cannot_be_taken_off(
    client: TestClient, clinic, database: Database
):
    import datetime as dt

    from revcycle.eligibility import prior_auth
    from revcycle.intake import service as intake

    enc = _captured(client, clinic)
    with database.transaction() as uow:
        [coverage], _ = intake.list_page(
            uow, intake.COVERAGE, practice_id=clinic["practice_id"], filters={}, limit=1, offset=0
        )
        auth = prior_auth.record_authorization(
            uow,
            practice_id=clinic["practice_id"],
            coverage_id=coverage.id,
            number="PA-1",
            codes=["36415"],
            valid_from=dt.date(2024, 1, 1),
            valid_to=dt.date(2024, 12, 31),
        )
        line_id = charges_view_line_id(uow, clinic["practice_id"], enc["id"], 1)
        prior_auth.link_charge_line(
            uow, practice_id=clinic["practice_id"], authorization_id=auth.id, charge_line_id=line_id
        )
    response = client.patch(
        f"/api/v1/encounters/{enc['id']}", json={"lines": [{"code": "99213"}]}, headers=clinic["headers"]
    )
    assert response.status_code == 422
    assert [".".join(d["loc"][1:]) for d in response.json()["detail"]] == ["lines.1"]


def charges_view_line_id(uow: Any, practice_id: int, encounter_id: int, index: int) -> int:
    from revcycle.charges import service as charges

    return int(charges.get_encounter(uow, practice_id=practice_id, encounter_id=encounter_id).lines[index].id)
