from __future__ import annotations

import json
import logging

from revcycle.kit.logs import JsonFormatter
from tests.integration.security.conftest import MEMBER_ID, PATIENT, make_patient_with_coverage


def test_a_cycle_of_api_calls_logs_no_phi(client, headers_for, caplog):
    caplog.set_level(logging.DEBUG)
    h = headers_for("biller")
    made = make_patient_with_coverage(client, h)
    pid = made["patient"]["id"]
    client.get(f"/api/v1/patients/{pid}", headers=h)
    client.post("/api/v1/patients/search", json={"last_name": PATIENT["last_name"]}, headers=h)
    client.patch(f"/api/v1/patients/{pid}", json={"first_name": "Zebediah"}, headers=h)
    client.post("/api/v1/patients", json=PATIENT | {"date_of_birth": "2999-01-01"}, headers=h)  # a 422
    client.get(f"/api/v1/coverages/{made['coverage']['id']}", headers=h)
    formatted = "\n".join(JsonFormatter().format(r) for r in caplog.records)
    assert caplog.records, "the requests were logged"
    for secret in (
        PATIENT["first_name"],
        PATIENT["last_name"],
        "Zebediah",
        "1961-02-03",
        MEMBER_ID,
        "Larkspur",
    ):
        assert secret not in formatted and secret not in caplog.text
    lines = [json.loads(line) for line in formatted.splitlines()]
    requests = [line for line in lines if line["event"] == "request"]
    assert requests and all(r["request_id"] and r["route"] for r in requests)
    assert all(r["user_id"] and r["practice_id"] for r in requests), "who asked, by id"
    assert sorted({r["status"] for r in requests}) == [200, 201, 422]
