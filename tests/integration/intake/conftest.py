"""Fixtures for intake tests: an API client bound to the test database, and builders."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from tests.integration.security.factories import auth_headers, make_practice


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
def practice(client: TestClient, database: Database) -> dict[str, Any]:
    """A practice and the headers that act within it: a bearer token of an admin of that practice."""
    data = make_practice(database, **practice_body())
    data["headers"] = auth_headers(database, data["id"], "admin")
    return data
