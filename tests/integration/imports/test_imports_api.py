"""The imports API: POST a body, read and work the coding queue; permissions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from tests.integration.security.factories import auth_headers
from tests.unit.imports import samples


@pytest.fixture
def client(database) -> Iterator[TestClient]:
    with TestClient(create_app(database=database)) as test_client:
        yield test_client


def test_post_fhir_bundle_imports_and_snomed_encounter_is_coded_through_the_queue(
    client, database, practice_id
):
    headers = auth_headers(database, practice_id, "coder")
    snomed = {"code": {"coding": [{"system": samples.SNOMED, "code": "54150009"}]}}
    body = samples.text(samples.bundle(Condition=snomed))
    r = client.post("/api/v1/imports/fhir", content=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["needs_coding"] == 1 and r.json()["errors"] == []
    queue = client.get("/api/v1/imports/coding-queue", headers=headers).json()
    assert queue[0]["reasons"] == ["diagnosis 54150009 is SNOMED CT, not ICD-10-CM"]
    coded = client.post(
        f"/api/v1/imports/coding-queue/{queue[0]['id']}",
        json={"diagnoses": ["J06.9"], "lines": [{"code": "99213", "charge": "145.10"}]},
        headers=headers,
    )
    assert coded.status_code == 201, coded.text
    assert client.get("/api/v1/imports/coding-queue", headers=headers).json() == []


def test_an_auditor_may_not_import(client, database, practice_id):
    r = client.post(
        "/api/v1/imports/csv", content="x", headers=auth_headers(database, practice_id, "auditor")
    )
    assert r.status_code == 403
