"""Property-based calls over the whole OpenAPI schema, signed in as a supervisor: never a 500."""

from __future__ import annotations

import time

import schemathesis
from hypothesis import HealthCheck, given, settings

from revcycle.api.app import create_app
from revcycle.kit.db import Database
from tests.integration.security.factories import auth_headers, make_practice

EXAMPLES_PER_ROUTE = 8


def test_no_route_answers_500(database: Database):
    app = create_app(database=database)
    practice = make_practice(database)
    headers = auth_headers(database, practice["id"], "supervisor")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    started = time.monotonic()
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        call()
    assert not failures, failures
    assert time.monotonic() - started < 120
