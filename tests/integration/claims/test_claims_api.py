"""Claims over HTTP: build, scrub, show, submit, inbox, queues, payer rules."""

from __future__ import annotations

from tests.integration.claims.acks import ack_277ca, ack_999
from tests.integration.claims.conftest import Demo
from tests.integration.security.factories import auth_headers


def test_build_scrub_submit_and_acknowledge_through_the_api(api, demo: Demo, clearinghouse):
    client, h = api
    built = client.post("/api/v1/claims/build-open", headers=h)
    assert built.status_code == 200, built.text
    ids = [c["id"] for c in built.json()]
    assert len(ids) == demo.encounters and all(c["state"] == "draft" for c in built.json())
    for cid in ids:
        scrubbed = client.post(f"/api/v1/claims/{cid}/scrub", headers=h).json()
        assert scrubbed["state"] == "ready"
        assert {f["severity"] for f in scrubbed["findings"]} <= {"warning"}
    batches = client.post("/api/v1/claims/submit", headers=h)
    assert batches.status_code == 200 and {b["status"] for b in batches.json()} == {"sent"}
    clearinghouse.inbox.mkdir()
    for i, path in enumerate(sorted(clearinghouse.outbox.iterdir())):
        (clearinghouse.inbox / f"a{i}.x12").write_text(ack_999(path.read_text(), control=100 + i))
        (clearinghouse.inbox / f"b{i}.x12").write_text(ack_277ca(path.read_text(), control=200 + i))
    report = client.post("/api/v1/inbox/process", headers=h).json()
    assert report["claims_updated"] == 2 * len(ids)
    shown = client.get(f"/api/v1/claims/{ids[0]}", headers=h).json()
    assert shown["state"] == "accepted" and shown["total_charge"].count(".") == 1
    assert [e["to_state"] for e in shown["history"]] == [
        "draft",
        "ready",
        "submitted",
        "acknowledged",
        "accepted",
    ]
    assert client.get("/api/v1/queues/follow-up", headers=h).json()[0]["claim"]["state"] == "accepted"


def test_an_illegal_transition_answers_409_and_changes_nothing(api):
    client, h = api
    cid = client.post("/api/v1/claims/build-open", headers=h).json()[0]["id"]
    response = client.post(f"/api/v1/claims/{cid}/events", json={"event": "submit"}, headers=h)
    assert (
        response.status_code == 409
        and "a draft claim cannot take the event 'submit'" in response.json()["detail"]
    )
    assert client.get(f"/api/v1/claims/{cid}", headers=h).json()["state"] == "draft"


def test_scrub_errors_keep_the_claim_a_draft_and_name_the_field(api, demo: Demo):
    client, h = api
    cid = client.post("/api/v1/claims/build-open", headers=h).json()[0]["id"]
    payer_id = client.get(f"/api/v1/claims/{cid}", headers=h).json()["payer_id"]
    rules = client.put(
        f"/api/v1/payers/{payer_id}/claim-rules", json={"required_fields": ["prior_authorization"]}, headers=h
    )
    assert rules.status_code == 200, rules.text
    scrubbed = client.post(f"/api/v1/claims/{cid}/scrub", headers=h).json()
    assert scrubbed["state"] == "draft"
    assert [(f["rule_id"], f["field"]) for f in scrubbed["findings"] if f["severity"] == "error"] == [
        ("PAYER-REQUIRED", "prior_authorization")
    ]
    assert client.post("/api/v1/claims/submit", headers=h).json() == []


def test_unknown_payer_rule_is_refused_naming_it(api):
    client, h = api
    cid = client.post("/api/v1/claims/build-open", headers=h).json()[0]["id"]
    payer_id = client.get(f"/api/v1/claims/{cid}", headers=h).json()["payer_id"]
    response = client.put(
        f"/api/v1/payers/{payer_id}/claim-rules", json={"timely_filling_days": 30}, headers=h
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "timely_filling_days"]


def test_front_desk_cannot_read_claims_and_other_practices_do_not_see_them(api, demo: Demo):
    client, h = api
    cid = client.post("/api/v1/claims/build-open", headers=h).json()[0]["id"]
    front = auth_headers(demo.database, demo.practice_id, "front_desk")
    assert client.get(f"/api/v1/claims/{cid}", headers=front).status_code == 403
    from tests.integration.security.factories import make_practice

    other = make_practice(demo.database, billing_npi="1245319599", name="Other Clinic")
    assert (
        client.get(
            f"/api/v1/claims/{cid}", headers=auth_headers(demo.database, other["id"], "biller")
        ).status_code
        == 404
    )
