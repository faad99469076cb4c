"""Break-glass: a grant names one patient and widens access to that patient's routes only, for an hour.

Every role reads patients, so "no access of one's own" is a token narrowed to ``break_glass:use``.
"""

from __future__ import annotations

from datetime import timedelta

from revcycle.kit.clock import clock
from revcycle.security.service import tokens
from tests.integration.security.conftest import PATIENT, make_patient_with_coverage
from tests.integration.security.factories import make_user

REASON = "patient collapsed at the desk; paramedics ask for history"


def _other_patient(client, headers) -> int:
    response = client.post("/api/v1/patients", json=PATIENT | {"first_name": "Ottoline"}, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _open(client, headers, patient_id: int) -> dict:
    opened = client.post(
        "/api/v1/break-glass", json={"reason": REASON, "patient_id": patient_id}, headers=headers
    )
    assert opened.status_code == 201, opened.text
    return opened.json()


def _without_phi_access(database, practice_id: int) -> dict[str, str]:
    """A front-desk user's token narrowed to opening grants: it reads no patient of its own."""
    user = make_user(database, practice_id, "front_desk").user
    with database.transaction() as uow:
        token = tokens.create_token(uow, user_id=user.id, scopes=["break_glass:use", "self:read"]).token
    return {"Authorization": f"Bearer {token}"}


def _reads_of(client, headers_for, patient_id: int) -> list[dict]:
    params = {"patient_id": patient_id, "action": "read"}
    return client.get("/api/v1/audit-events", params=params, headers=headers_for("auditor")).json()["items"]


def test_opening_break_glass_needs_a_reason_and_one_patient_of_the_practice(client, headers_for):
    front = headers_for("front_desk")
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    short = client.post("/api/v1/break-glass", json={"reason": "need it", "patient_id": pid}, headers=front)
    assert short.status_code == 422
    assert client.post("/api/v1/break-glass", json={"reason": REASON}, headers=front).status_code == 422
    nowhere = client.post("/api/v1/break-glass", json={"reason": REASON, "patient_id": 987654}, headers=front)
    assert nowhere.status_code == 404
    grant = _open(client, front, pid)
    assert grant["patient_id"] == pid and grant["review_status"] == "pending"
    me = client.get("/api/v1/me", headers=front).json()
    assert me["break_glass_id"] == grant["id"] and me["break_glass_patient_id"] == pid
    assert "diagnoses:read" not in me["permissions"]  # nothing is widened outside the patient's routes


def test_the_named_patient_is_readable_under_a_grant_and_each_access_is_flagged_for_review(
    client, headers_for, database, practice_a
):
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    narrow = _without_phi_access(database, practice_a["id"])
    assert client.get(f"/api/v1/patients/{pid}", headers=narrow).status_code == 403
    grant = _open(client, narrow, pid)
    assert client.get(f"/api/v1/patients/{pid}", headers=narrow).status_code == 200
    assert _reads_of(client, headers_for, pid)[-1]["break_glass_id"] == grant["id"]
    supervisor = headers_for("supervisor")
    listed = client.get(f"/api/v1/break-glass/{grant['id']}/accesses", headers=supervisor)
    assert listed.status_code == 200
    actions = [(e["action"], e["entity"], e["patient_id"]) for e in listed.json()]
    assert actions == [("read", "patient", pid)]  # opening the grant itself was no access under it
    assert client.get(f"/api/v1/break-glass/{grant['id']}/accesses", headers=narrow).status_code == 403


def test_another_patient_stays_closed_under_a_grant(client, headers_for, database, practice_a):
    biller = headers_for("biller")
    pid = make_patient_with_coverage(client, biller)["patient"]["id"]
    other = _other_patient(client, biller)
    narrow = _without_phi_access(database, practice_a["id"])
    _open(client, narrow, pid)
    assert client.get(f"/api/v1/patients/{other}", headers=narrow).status_code == 403
    assert client.get("/api/v1/patients", headers=narrow).status_code == 403  # no list, no search
    assert client.post("/api/v1/patients/search", json={"last_name": "Q"}, headers=narrow).status_code == 403
    patch = client.patch(f"/api/v1/patients/{pid}", json={"phone": "3035550100"}, headers=narrow)
    assert patch.status_code == 403  # a grant reads, it never writes


def test_an_expired_grant_opens_nothing(client, headers_for, database, practice_a, monkeypatch):
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    narrow = _without_phi_access(database, practice_a["id"])
    _open(client, narrow, pid)
    assert client.get(f"/api/v1/patients/{pid}", headers=narrow).status_code == 200
    later = clock.now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get(f"/api/v1/patients/{pid}", headers=narrow).status_code == 403
    assert client.get("/api/v1/me", headers=narrow).json()["break_glass_id"] is None


def test_a_grant_reviewed_as_unjustified_ends_at_once(client, headers_for, database, practice_a):
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    narrow = _without_phi_access(database, practice_a["id"])
    grant = _open(client, narrow, pid)
    supervisor = headers_for("supervisor")
    pending = client.get("/api/v1/break-glass", params={"status": "pending"}, headers=supervisor).json()
    assert [g["id"] for g in pending] == [grant["id"]]
    reviewed = client.post(
        f"/api/v1/break-glass/{grant['id']}/review",
        json={"decision": "unjustified", "note": "no emergency on record"},
        headers=supervisor,
    )
    assert reviewed.status_code == 200 and reviewed.json()["review_status"] == "unjustified"
    assert client.get(f"/api/v1/patients/{pid}", headers=narrow).status_code == 403


def test_ordinary_access_to_other_patients_is_not_flagged_while_a_grant_is_open(client, headers_for):
    biller = headers_for("biller")
    pid = make_patient_with_coverage(client, biller)["patient"]["id"]
    other = _other_patient(client, biller)
    coder = headers_for("coder")
    grant = _open(client, coder, pid)
    assert client.get(f"/api/v1/patients/{other}", headers=coder).status_code == 200
    assert _reads_of(client, headers_for, other)[-1]["break_glass_id"] is None
    assert client.get(f"/api/v1/patients/{pid}", headers=coder).status_code == 200
    assert _reads_of(client, headers_for, pid)[-1]["break_glass_id"] == grant["id"]
