"""No IDOR: a user of practice A gets 404 for every object id of practice B, on every route with an id.

The routes come from the OpenAPI schema, so a new route with a path parameter is covered as soon as
it exists: routes listed in ``OWNERS`` get B's object of the named kind and must answer 404; any
other route is tried with every id B owns and must answer exactly as for an id that exists nowhere
(A cannot tell B's objects from nothing). Add a
line to ``OWNERS`` (and make the object in ``_objects_of_b``) for the strict check.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from revcycle.kit.db import Database
from revcycle.security.service import register_coded_work
from tests.integration.security.conftest import make_patient_with_coverage
from tests.integration.security.factories import auth_headers, make_user

OWNERS = {
    "/api/v1/practices/{item_id}": "practice",
    "/api/v1/providers/{item_id}": "provider",
    "/api/v1/facilities/{item_id}": "facility",
    "/api/v1/payers/{item_id}": "payer",
    "/api/v1/guarantors/{item_id}": "guarantor",
    "/api/v1/patients/{item_id}": "patient",
    "/api/v1/patients/{item_id}/disclosures": "patient",
    "/api/v1/coverages/{item_id}": "coverage",
    "/api/v1/break-glass/{item_id}/review": "break_glass",
    "/api/v1/break-glass/{item_id}/accesses": "break_glass",
    "/api/v1/coding-audits/samples/{item_id}": "coding_sample",
    "/api/v1/coding-audits/findings/{item_id}": "coding_finding",
    "/api/v1/ledger/patients/{patient_id}/balance": "patient",
    "/api/v1/ledger/patients/{patient_id}/statement": "patient",
    "/api/v1/ledger/guarantors/{guarantor_id}/balance": "guarantor",
    "/api/v1/ledger/payers/{payer_id}/balance": "payer",
    "/api/v1/billing/patients/{patient_id}/account": "patient",
    "/api/v1/billing/patients/{patient_id}/account/lines": "patient",
    "/api/v1/billing/patients/{patient_id}/statements": "patient",
    "/api/v1/billing/patients/{patient_id}/collection": "patient",
    "/api/v1/eligibility/coverages/{coverage_id}/latest": "coverage",
    "/api/v1/eligibility/patients/{patient_id}/authorizations": "patient",
    "/api/v1/eligibility/authorizations/{authorization_id}": "prior_authorization",
    "/api/v1/eligibility/authorizations/{authorization_id}/charge-lines": "prior_authorization",
    "/api/v1/eligibility/payers/{payer_id}/authorization-codes": "payer",
}
GLOBAL = {"/api/v1/codes/{code}"}
"""Paths whose parameter names shared reference data (code sets), not a practice's object."""
"""Which of practice B's objects a path's id refers to."""

BODIES = {
    ("POST", "/api/v1/break-glass/{item_id}/review"): {"decision": "justified"},
    ("POST", "/api/v1/coding-audits/findings/{item_id}"): {"correct": True},
    ("POST", "/api/v1/eligibility/authorizations/{authorization_id}/charge-lines"): {"charge_line_id": 1},
    ("PUT", "/api/v1/eligibility/payers/{payer_id}/authorization-codes"): {"codes": ["72148"]},
}
"""A valid body where the route needs one (so the answer is about the id, not the body)."""


def _objects_of_b(client, database: Database, practice_b: dict[str, Any]) -> dict[str, int]:
    h = auth_headers(database, practice_b["id"], "supervisor")
    made = make_patient_with_coverage(client, h)
    guarantor = client.post(
        "/api/v1/guarantors",
        json={"first_name": "Gia", "last_name": "Bee", "address": made["patient"]["address"]},
        headers=h,
    ).json()
    provider = client.post(
        "/api/v1/providers", json={"first_name": "Ann", "last_name": "Bee", "npi": "1234567893"}, headers=h
    ).json()
    facility = client.post(
        "/api/v1/facilities", json={"name": "B Clinic", "address": made["patient"]["address"]}, headers=h
    ).json()
    grant = client.post(
        "/api/v1/break-glass",
        json={
            "reason": "patient unconscious in the ER, need the history",
            "patient_id": made["patient"]["id"],
        },
        headers=h,
    ).json()
    coder = make_user(database, practice_b["id"], "coder").user
    with database.transaction() as uow:
        register_coded_work(
            uow,
            practice_id=practice_b["id"],
            entity_type="encounter",
            entity_id=1,
            coder_user_id=coder.id,
            coded_at=datetime(2026, 1, 5, tzinfo=UTC),
        )
    sample = client.post(
        "/api/v1/coding-audits/samples",
        json={"coder_user_id": coder.id, "period_start": "2026-01-01", "period_end": "2026-01-31", "size": 1},
        headers=h,
    ).json()
    authorization = client.post(
        "/api/v1/eligibility/authorizations",
        json={
            "coverage_id": made["coverage"]["id"],
            "number": "PA-B1",
            "codes": ["72148"],
            "valid_from": "2026-01-01",
            "valid_to": "2026-12-31",
            "authorized_units": 1,
        },
        headers=h,
    )
    assert authorization.status_code == 201, authorization.text
    return {
        "prior_authorization": authorization.json()["id"],
        "practice": practice_b["id"],
        "provider": provider["id"],
        "facility": facility["id"],
        "payer": made["payer"]["id"],
        "guarantor": guarantor["id"],
        "patient": made["patient"]["id"],
        "coverage": made["coverage"]["id"],
        "break_glass": grant["id"],
        "coding_sample": sample["id"],
        "coding_finding": sample["findings"][0]["id"],
    }


def test_a_user_of_practice_a_gets_404_for_every_object_of_practice_b(
    client, database, practice_a, practice_b
):
    ids = _objects_of_b(client, database, practice_b)
    # A's supervisor holds the most permissions among roles that see PHI; A's admin covers the rest.
    a_headers = [
        auth_headers(database, practice_a["id"], role) for role in ("supervisor", "admin", "auditor")
    ]
    doc = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in doc["paths"].items():
        if "{" not in path:
            continue
        if path in GLOBAL:
            continue
        if path not in OWNERS:
            _never_shows_b(client, path, operations, ids, a_headers)
            continue
        concrete = re.sub(r"\{[^}]+\}", str(ids[OWNERS[path]]), path)
        for method in operations:
            method = method.upper()
            body = BODIES.get((method, path), {})
            answers = set()
            for h in a_headers:
                response = client.request(method, concrete, json=body, headers=h)
                answers.add(response.status_code)
                assert response.status_code in (403, 404), (
                    f"{method} {path}: {response.status_code} {response.text}"
                )
            assert 404 in answers, f"{method} {path} was never reached by a permitted role of practice A"
            checked += 1
    assert checked >= 15


def _never_shows_b(client, path: str, operations: dict[str, Any], ids: dict[str, int], a_headers) -> None:
    nowhere = 987654321
    for method in operations:
        for h in a_headers:
            baseline = client.request(
                method.upper(), re.sub(r"\{[^}]+\}", str(nowhere), path), json={}, headers=h
            )
            for ident in sorted(set(ids.values())):
                concrete = re.sub(r"\{[^}]+\}", str(ident), path)
                response = client.request(method.upper(), concrete, json={}, headers=h)
                assert response.status_code == baseline.status_code, (
                    f"{method} {concrete}: {response.status_code}"
                )
                if response.status_code < 400:
                    same = response.text.replace(str(ident), "ID") == baseline.text.replace(
                        str(nowhere), "ID"
                    )
                    assert same, f"{method} {concrete} shows something for B's id {ident}"
