"""Jobs in-process (the embedded default): idempotent keys, retries with backoff, dead letters."""

from __future__ import annotations

import datetime as dt

import pytest

from revcycle.kit.clock import clock
from revcycle.kit.db import Database
from revcycle.worker import service
from revcycle.worker.domain import JobState, PermanentJobError, RetryPolicy
from tests.integration.remittance.conftest import clp, era_text, make_claim, make_world, svc
from tests.integration.worker.conftest import CALLS, job_count

POLICY = RetryPolicy(base=dt.timedelta(seconds=10), cap=dt.timedelta(minutes=5))
START = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen() -> object:
    CALLS.clear()
    with clock.frozen(START):
        yield


def test_the_same_key_queues_one_job(database: Database) -> None:
    first = service.enqueue(database, "test_count", {"key": "a"}, key="count:a")
    again = service.enqueue(database, "test_count", {"key": "a"}, key="count:a")
    assert first.id == again.id and job_count(database) == 1


def test_a_job_runs_once_and_records_its_result(database: Database) -> None:
    job = service.enqueue(database, "test_count", {"key": "b"}, key="count:b")
    (done,) = service.run_pending(database, policy=POLICY)
    assert done.state is JobState.SUCCEEDED and done.result == {"calls": 1}
    assert service.run_job(database, job.id) is None  # finished: nothing to claim
    assert service.run_pending(database) == []


def test_a_failing_job_is_retried_after_its_backoff(database: Database) -> None:
    job = service.enqueue(database, "test_count", {"key": "c", "fail_times": 2}, key="count:c")
    (first,) = service.run_pending(database, policy=POLICY)
    assert first.state is JobState.RETRYING and "transient failure 1" in first.last_error
    assert first.run_after == START + dt.timedelta(seconds=10)
    assert service.run_pending(database, policy=POLICY) == []  # not due yet
    clock.advance(dt.timedelta(seconds=10))
    (second,) = service.run_pending(database, policy=POLICY)
    assert second.run_after == START + dt.timedelta(seconds=30)  # 10 s later + 20 s backoff
    clock.advance(dt.timedelta(seconds=20))
    (third,) = service.run_pending(database, policy=POLICY)
    assert third.state is JobState.SUCCEEDED and third.attempts == 3 and third.id == job.id


def test_the_last_failure_dead_letters_the_job_with_its_reason(database: Database) -> None:
    service.enqueue(database, "test_count", {"key": "d", "fail_times": 9}, key="count:d", max_attempts=2)
    service.run_pending(database, policy=POLICY)
    clock.advance(dt.timedelta(minutes=1))
    (dead,) = service.run_pending(database, policy=POLICY)
    assert dead.state is JobState.DEAD and dead.attempts == 2
    assert dead.last_error == "RuntimeError: transient failure 2"
    assert [j.key for j in service.list_jobs(database, state=JobState.DEAD)] == ["count:d"]


def test_a_permanent_error_dead_letters_at_once(database: Database) -> None:
    service.enqueue(database, "test_bad_payload", {}, key="bad:1")
    (dead,) = service.run_pending(database, policy=POLICY)
    assert dead.state is JobState.DEAD and dead.attempts == 1
    assert "names no claim" in dead.last_error


def test_an_unknown_job_type_is_refused_at_enqueue(database: Database) -> None:
    with pytest.raises(PermanentJobError):
        service.enqueue(database, "no_such_job", {}, key="s:1")


def test_a_job_held_by_a_dead_worker_is_taken_over_after_its_lease(database: Database) -> None:
    job = service.enqueue(database, "test_count", {"key": "e"}, key="count:e")
    assert service._claim(database, job.id) is not None  # a worker took it and died
    assert service.run_job(database, job.id) is None
    clock.advance(service.LEASE + dt.timedelta(seconds=1))
    done = service.run_job(database, job.id)
    assert done is not None and done.state is JobState.SUCCEEDED and done.attempts == 2


def test_era_ingestion_job_posts_an_era_once(database: Database, tmp_path: object) -> None:
    clock.set(None)  # claims need a real "today"
    world = make_world(database)
    claim = make_claim(world)
    path = tmp_path / "era.835"  # type: ignore[operator]
    path.write_text(era_text(clp(claim.pcn, svc("99213", "200.00", "150.00", ("CO", "45", "50.00")))))
    payload = {"practice_id": world.practice_id, "path": str(path)}
    service.enqueue(database, "era_ingestion", payload, key="era:1")
    service.enqueue(database, "era_ingestion", payload, key="era:2")  # the same file under a new key
    first, second = service.run_pending(database)
    assert first.state is JobState.SUCCEEDED and first.result is not None
    assert first.result["status"] == "posted"
    assert second.result is not None and second.result["status"] == "duplicate"
