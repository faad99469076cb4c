"""Fixtures for intake tests: an API client bound to the test database, and builders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.kit.db import Database


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    app = create_app(database=database)
    with TestClient(app) as test_client:
        yield test_client


def practice_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Test Clinic",
        "tin": "84-1234567",
        "billing_npi": "1234567893",
        "address": {"line1": "1 Main St", "city": "Denver", "state": "CO", "zip": "80202"},
    }
    return body | overrides


def patient_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "first_name": "Testa",
        "last_name": "Fixturely",
        "date_of_birth": "1980-04-05",
        "sex": "F",
        "address": {"line1": "2 Oak St", "city": "Denver", "state": "CO", "zip": "80205"},
    }
    return body | overrides


@pytest.fixture
def practice(client: TestClient) -> dict[str, Any]:
    """A practice and the headers that act within it."""
    response = client.post("/api/v1/practices", json=practice_body())
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    data["headers"] = {"X-Practice-Id": str(data["id"])}
    return data
