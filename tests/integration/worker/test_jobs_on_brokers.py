"""Jobs on Dramatiq with Redis and with RabbitMQ: run once per key, retried with backoff, dead-lettered."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator

import pytest

from revcycle.kit.db import Database
from revcycle.worker import service
from revcycle.worker.broker import BrokerQueue
from revcycle.worker.domain import JobState, RetryPolicy
from revcycle.worker.service import Job
from tests.integration.worker.conftest import CALLS

FAST = RetryPolicy(base=dt.timedelta(milliseconds=100), cap=dt.timedelta(milliseconds=400))


@pytest.fixture
def queue(database: Database, broker_url: str) -> Iterator[BrokerQueue]:
    CALLS.clear()
    q = BrokerQueue(database, broker_url, queue_name=f"rc-test-{uuid.uuid4().hex[:8]}", policy=FAST)
    worker = q.worker(threads=2, poll_ms=100)
    worker.start()
    yield q
    worker.stop()
    q.broker.flush_all()
    q.close()


def _settled(database: Database, job_id: int, timeout: float = 20.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = service.get_job(database, job_id=job_id)
        if job.state in (JobState.SUCCEEDED, JobState.DEAD):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {service.get_job(database, job_id=job_id)}")


def test_a_job_sent_twice_under_one_key_runs_once(database: Database, queue: BrokerQueue) -> None:
    key = f"k-{uuid.uuid4().hex}"
    job = queue.submit("test_count", {"key": key}, key=key)
    queue.submit("test_count", {"key": key}, key=key)
    done = _settled(database, job.id)
    assert done.state is JobState.SUCCEEDED and done.attempts == 1
    queue.resend_due()  # a stray duplicate message finds nothing to do
    time.sleep(0.3)
    assert CALLS[key] == 1


def test_a_transient_failure_is_retried_on_the_broker(database: Database, queue: BrokerQueue) -> None:
    key = f"k-{uuid.uuid4().hex}"
    job = queue.submit("test_count", {"key": key, "fail_times": 2}, key=key)
    done = _settled(database, job.id)
    assert done.state is JobState.SUCCEEDED and done.attempts == 3 and done.result == {"calls": 3}


def test_the_broker_dead_letters_after_the_last_attempt(database: Database, queue: BrokerQueue) -> None:
    key = f"k-{uuid.uuid4().hex}"
    job = queue.submit("test_count", {"key": key, "fail_times": 9}, key=key, max_attempts=3)
    dead = _settled(database, job.id)
    assert dead.state is JobState.DEAD and dead.attempts == 3
    assert dead.last_error == "RuntimeError: transient failure 3"
