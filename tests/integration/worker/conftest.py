"""Test job types (registered only by the tests) and broker fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from revcycle.kit.db import Database
from revcycle.worker.domain import PermanentJobError
from revcycle.worker.registry import register
from revcycle.worker.tables import JobRow

CALLS: dict[str, int] = {}


@register("test_count")
def count(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    """Succeeds after ``fail_times`` failures (counted per key in the payload)."""
    key = payload["key"]
    CALLS[key] = CALLS.get(key, 0) + 1
    if CALLS[key] <= int(payload.get("fail_times", 0)):
        raise RuntimeError(f"transient failure {CALLS[key]}")
    return {"calls": CALLS[key]}


@register("test_bad_payload")
def bad(database: Database, payload: dict[str, Any]) -> dict[str, Any]:
    raise PermanentJobError("the payload names no claim")


def job_count(database: Database) -> int:
    with database.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(JobRow)) or 0)


def _reachable(url: str) -> str | None:
    from revcycle.worker.broker import make_broker

    try:
        broker = make_broker(url)
        if url.startswith("redis"):
            broker.client.ping()  # type: ignore[attr-defined]
        else:
            broker.connection  # type: ignore[attr-defined]  # noqa: B018  (opens the connection)
        broker.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


BROKERS = {
    "redis": os.environ.get("REVCYCLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    "rabbitmq": os.environ.get("REVCYCLE_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"),
}


@pytest.fixture(params=sorted(BROKERS))
def broker_url(request: pytest.FixtureRequest) -> Iterator[str]:
    url = BROKERS[request.param]
    problem = _reachable(url)
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{request.param} is unreachable at {url}: {problem}")
        pytest.skip(f"{request.param} unreachable: {problem}")
    yield url
