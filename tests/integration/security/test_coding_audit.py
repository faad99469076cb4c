from __future__ import annotations

from datetime import UTC, datetime

from revcycle.security.service import register_coded_work
from tests.integration.security.factories import make_user


def test_supervisor_samples_a_coders_work_records_findings_and_sees_accuracy(
    client, headers_for, database, practice_a
):
    coders = [make_user(database, practice_a["id"], "coder").user for _ in range(2)]
    with database.transaction() as uow:
        for coder in coders:
            for day in range(1, 21):
                register_coded_work(
                    uow,
                    practice_id=practice_a["id"],
                    entity_type="encounter",
                    entity_id=f"{coder.id}-{day}",
                    coder_user_id=coder.id,
                    coded_at=datetime(2026, 3, day, 10, tzinfo=UTC),
                )
    supervisor = headers_for("supervisor")
    body = {
        "coder_user_id": coders[0].id,
        "period_start": "2026-03-01",
        "period_end": "2026-03-10",
        "size": 5,
    }
    sample = client.post("/api/v1/coding-audits/samples", json=body | {"seed": 7}, headers=supervisor)
    assert sample.status_code == 201, sample.text
    findings = sample.json()["findings"]
    assert len(findings) == 5
    again = client.post("/api/v1/coding-audits/samples", json=body | {"seed": 7}, headers=supervisor).json()
    assert [f["coded_item_id"] for f in again["findings"]] == [f["coded_item_id"] for f in findings]
    for i, finding in enumerate(findings):
        verdict = {"correct": True} if i < 4 else {"correct": False, "category": "dx_specificity"}
        r = client.post(f"/api/v1/coding-audits/findings/{finding['id']}", json=verdict, headers=supervisor)
        assert r.status_code == 200, r.text
    no_category = client.post(
        f"/api/v1/coding-audits/findings/{findings[0]['id']}", json={"correct": False}, headers=supervisor
    )
    assert no_category.status_code == 422
    accuracy = client.get("/api/v1/coding-audits/accuracy", headers=headers_for("auditor")).json()
    first = next(a for a in accuracy if a["coder_user_id"] == coders[0].id)
    assert first["reviewed"] == 5 and first["correct"] == 4 and first["accuracy"] == "0.8000"
    assert first["errors_by_category"] == {"dx_specificity": 1} and first["pending"] == 5
    assert (
        client.post("/api/v1/coding-audits/samples", json=body, headers=headers_for("coder")).status_code
        == 403
    )
