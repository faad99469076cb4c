from __future__ import annotations

from tests.integration.security.conftest import make_patient_with_coverage


def test_front_desk_break_glass_needs_a_reason_opens_diagnoses_and_waits_for_review(client, headers_for):
    front = headers_for("front_desk")
    pid = make_patient_with_coverage(client, headers_for("biller"))["patient"]["id"]
    assert "diagnoses:read" not in client.get("/api/v1/me", headers=front).json()["permissions"]
    short = client.post("/api/v1/break-glass", json={"reason": "need it", "patient_id": pid}, headers=front)
    assert short.status_code == 422
    opened = client.post(
        "/api/v1/break-glass",
        json={"reason": "patient collapsed at the desk; paramedics ask for history", "patient_id": pid},
        headers=front,
    )
    assert opened.status_code == 201 and opened.json()["review_status"] == "pending"
    me = client.get("/api/v1/me", headers=front).json()
    assert "diagnoses:read" in me["permissions"] and me["break_glass_id"] == opened.json()["id"]
    client.get(f"/api/v1/patients/{pid}", headers=front)
    auditor = headers_for("auditor")
    flagged = client.get(
        "/api/v1/audit-events", params={"patient_id": pid, "action": "read"}, headers=auditor
    )
    assert flagged.json()["items"][-1]["break_glass_id"] == opened.json()["id"]
    supervisor = headers_for("supervisor")
    pending = client.get("/api/v1/break-glass", params={"status": "pending"}, headers=supervisor).json()
    assert [g["id"] for g in pending] == [opened.json()["id"]]
    reviewed = client.post(
        f"/api/v1/break-glass/{opened.json()['id']}/review",
        json={"decision": "unjustified", "note": "no emergency on record"},
        headers=supervisor,
    )
    assert reviewed.status_code == 200 and reviewed.json()["review_status"] == "unjustified"
    assert "diagnoses:read" not in client.get("/api/v1/me", headers=front).json()["permissions"]
