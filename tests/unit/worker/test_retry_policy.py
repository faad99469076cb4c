"""The retry policy: exponential backoff with a cap; dead after the last attempt or a permanent error."""

from __future__ import annotations

from datetime import timedelta

from revcycle.worker.domain import JobState, RetryPolicy, after_failure


def test_backoff_doubles_from_the_base_and_stops_at_the_cap() -> None:
    policy = RetryPolicy(base=timedelta(seconds=5), cap=timedelta(seconds=30))
    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [5, 10, 20, 30, 30]


def test_a_failed_attempt_retries_until_the_last_then_dead_letters() -> None:
    assert after_failure(1, 3, permanent=False) is JobState.RETRYING
    assert after_failure(3, 3, permanent=False) is JobState.DEAD


def test_a_permanent_failure_dead_letters_at_once() -> None:
    assert after_failure(1, 5, permanent=True) is JobState.DEAD
